package trends

import (
	"errors"
	"fmt"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"kpi/model"
	"kpi/ui/cell"
	"kpi/ui/frame"
)

// startEdit opens the cursor's week for editing, or says why it cannot be.
func (m Model) startEdit() (Model, tea.Cmd) {
	k, ok := m.kpi()
	switch {
	case !ok || m.hist == nil || m.hist.kpiID != k.ID:
		m.message, m.msgErr = "Still loading; try again in a moment.", false
	case k.Derived():
		m.message, m.msgErr = fmt.Sprintf("%s is derived (ƒ = %s): its values are computed from its inputs each week, so there is nothing to enter; edit the inputs instead.",
			k.Name, model.Sanitize(k.Formula, false)), true
	case m.ctx.Data.ReadOnly != "":
		m.message, m.msgErr = "Nothing can be saved: "+m.ctx.Data.ReadOnly, true
	case m.cursor.IsZero():
		return m, nil
	default:
		v, has := m.hist.series.At(m.cursor)
		m.edit = cell.New(m.ctx.Styles, k, m.cursor, v, has, 14)
		m.edit.Recent = m.hist.series
		m.edit.Focus()
		m.editing, m.message = true, ""
	}
	return m.compose(), nil
}

// editKey handles a key while editing: save, switch field, cancel, or type.
func (m Model) editKey(msg tea.KeyMsg) (Model, tea.Cmd) {
	k := m.editKeys
	if save, asked := m.edit.ConfirmKey(msg, k.Keep, k.Cancel); asked {
		if save {
			return m.save()
		}
		return m.compose(), nil
	}
	switch {
	case key.Matches(msg, k.Cancel):
		m.editing = false
		m.message = ""
		return m.compose(), nil
	case key.Matches(msg, k.Save):
		return m.save()
	case key.Matches(msg, k.SwitchField):
		m.edit.Switch()
		return m.compose(), nil
	}
	cmd := m.edit.Type(msg)
	return m.compose(), cmd
}

// save checks the inputs and saves them in a command, version-checked against
// the value the edit started from (Version 0: a new one). A value that does not
// parse is refused with the reason and nothing is saved.
func (m Model) save() (Model, tea.Cmd) {
	if _, ok := m.kpi(); !ok || m.edit.Saving {
		return m, nil
	}
	v, changed, err := m.edit.Parse()
	if err != nil {
		m.edit.Problem = err.Error()
		return m.compose(), nil
	}
	if !changed {
		m.editing = false
		m.message, m.msgErr = "Nothing changed for "+m.edit.Week.String()+".", false
		return m.compose(), nil
	}
	m.edit.Problem = ""
	if !m.edit.Vet(m.editKeys.Keep, m.editKeys.Cancel) { // implausible: the edit asks, enter again (or y) keeps it
		return m.compose(), nil
	}
	m.edit.Saving = true
	return m.compose(), cell.Save(m.store, v, 0)
}

// saved closes the edit after a save and reloads; after a conflict it keeps the
// edit open with theirs shown, so Enter again replaces theirs knowingly.
func (m Model) saved(msg cell.SavedMsg) (Model, tea.Cmd) {
	k, ok := m.kpi()
	if !ok || !m.editing || k.ID != msg.KPIID || !m.edit.For(msg) {
		return m, nil
	}
	reload := func() tea.Msg { return frame.ReloadMsg{} }
	switch {
	case m.edit.Apply(msg):
		m.editing = false
		m.message, m.msgErr = cell.SavedText(k, msg), false
	case !errors.Is(msg.Err, model.ErrConflict):
		return m.compose(), nil
	}
	load := m.load() // before compose: it numbers the read the view waits for
	return m.compose(), tea.Batch(load, reload)
}

// editRow is the cursor's row while editing: the week, the value input and the
// note input.
func (m *Model) editRow(weekText string, weekW, valW, width int) string {
	st := m.ctx.Styles
	valueW := max(valW+2, 12)
	m.edit.Value.Width = valueW - 1 // an input draws its cursor one cell past its width
	lead := st.Accent.Render("▸ ") + st.Bold.Render(frame.Pad(weekText, weekW)) + " "
	value := st.Muted.Render("[") + frame.Pad(m.edit.Value.View(), valueW) + st.Muted.Render("]")
	noteW := width - frame.Width(lead) - valueW - 2 - 9
	if noteW < 4 {
		return frame.Pad(lead+value, width)
	}
	m.edit.Note.Width = noteW - 1
	note := st.Muted.Render(" note [") + frame.Pad(m.edit.Note.View(), noteW) + st.Muted.Render("]")
	return frame.Pad(lead+value+note, width)
}
