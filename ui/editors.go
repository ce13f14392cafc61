package ui

import (
	tea "github.com/charmbracelet/bubbletea"

	"kpi/ui/editor"
	"kpi/ui/frame"
)

// The root's side of the KPI and objective editors (ui/editor). A view asks for
// one with frame.EditKPIMsg or frame.EditObjectiveMsg; the root opens it over the
// body like the entry form, hands it every key and its own results (editor.Msg)
// while it is open, and drops it on editor.ClosedMsg. A save reloads the week
// (frame.ReloadMsg) and says what was saved (frame.NoticeMsg).

// editorMsg handles the messages that open, feed and close the editor.
func (m Model) editorMsg(msg tea.Msg) (Model, tea.Cmd) {
	opt := editor.Options{Store: m.opt.Store, Styles: m.styles, Week: m.week, User: m.opt.User, Now: m.now}
	switch msg := msg.(type) {
	case frame.EditKPIMsg:
		return m.openEditor(editor.ForKPI(opt, msg.KPIID, msg.ObjectiveID).WithKeys(m.opt.Keys.Editor, m.opt.Keys.EditorConflict))
	case frame.EditObjectiveMsg:
		return m.openEditor(editor.ForObjective(opt, msg.ID).WithKeys(m.opt.Keys.Editor, m.opt.Keys.EditorConflict))
	case editor.ClosedMsg:
		m.editor = nil
		m.layout()
		return m, nil
	}
	if m.editor == nil {
		return m, nil // the result of a form closed meanwhile
	}
	e, cmd := m.editor.Update(msg)
	m.editor = &e
	return m, cmd
}

// openEditor shows e over the body and starts its read, or says why it cannot:
// nothing loaded yet, a read-only file, or another form open.
func (m Model) openEditor(e editor.Model) (Model, tea.Cmd) {
	switch {
	case m.data == nil:
		m.notice, m.noticeErr = "Still loading the file; try again in a moment.", false
	case m.data.ReadOnly != "":
		m.notice, m.noticeErr = "Nothing can be saved: "+m.data.ReadOnly, true
	case m.entry != nil || m.editor != nil:
		return m, nil
	default:
		m.editor = &e
		m.layout()
		return m, e.Init()
	}
	m.layout()
	return m, nil
}

// sizeEditor gives an open editor the body's size.
func (m *Model) sizeEditor(width, height int) {
	if m.editor != nil {
		e := m.editor.SetSize(width, height)
		m.editor = &e
	}
}

// restyleEditor redraws an open editor in new styles.
func (m *Model) restyleEditor() {
	if m.editor != nil {
		e := m.editor.SetStyles(m.styles)
		m.editor = &e
	}
}
