package ui

import (
	tea "github.com/charmbracelet/bubbletea"

	"kpi/ui/editor"
	"kpi/ui/frame"
)

// The root's side of the KPI and objective editors (ui/editor). A view asks for
// one with frame.EditKPIMsg or frame.EditObjectiveMsg; the root opens it over the
// body as an overlay (overlay.go), which takes every key and its own results
// while it is open and is dropped on editor.ClosedMsg. A save reloads the week
// (frame.ReloadMsg) and says what was saved (frame.NoticeMsg).

// editorMsg opens the editor a view asked for; its own results come back to
// it routed by its place on the overlay stack.
func (m Model) editorMsg(msg tea.Msg) (Model, tea.Cmd) {
	opt := editor.Options{Store: m.opt.Store, Styles: m.styles, Week: m.week, User: m.opt.User, Now: m.now}
	switch msg := msg.(type) {
	case frame.EditKPIMsg:
		return m.openEditor(editor.ForKPI(opt, msg.KPIID, msg.ObjectiveID).WithKeys(m.opt.Keys.Editor, m.opt.Keys.EditorConflict))
	case frame.EditObjectiveMsg:
		return m.openEditor(editor.ForObjective(opt, msg.ID).WithKeys(m.opt.Keys.Editor, m.opt.Keys.EditorConflict))
	}
	return m, nil
}

// openEditor shows e over the body and starts its read, or says why it cannot:
// nothing loaded yet, a read-only file, or another form open.
func (m Model) openEditor(e editor.Model) (Model, tea.Cmd) {
	switch {
	case m.data == nil:
		m.notice, m.noticeErr = "Still loading the file; try again in a moment.", false
	case m.data.ReadOnly != "":
		m.notice, m.noticeErr = "Nothing can be saved: "+m.data.ReadOnly, true
	case len(m.overlays) > 0:
		return m, nil
	default:
		id := m.push(editorLayer(e))
		return m, routeLayer(id, e.Init())
	}
	m.layout()
	return m, nil
}
