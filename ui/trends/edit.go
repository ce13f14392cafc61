package trends

import (
	"errors"
	"fmt"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"kpi/model"
	"kpi/ui/frame"
)

// savedMsg is the result of saving one week.
type savedMsg struct {
	kpiID  int64
	week   model.Week
	saved  model.Value
	err    error
	theirs model.Value // after a conflict: the week's value as it is now
	found  bool
}

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
		st := m.ctx.Styles
		e := editor{week: m.cursor}
		placeholder := "e.g. 12k, 45%"
		if k.Kind == model.Qualitative {
			placeholder = "on track/at risk"
		}
		e.value = frame.NewInput(st, placeholder, 14, 40)
		e.note = frame.NewInput(st, "note (optional)", 30, model.MaxTextLen)
		if v, ok := m.hist.series.At(m.cursor); ok {
			e.existing = v
			e.value.SetValue(frame.InputText(k, v))
			e.note.SetValue(v.Note)
		}
		e.value.CursorEnd()
		e.value.Focus()
		m.edit, m.editing, m.message = e, true, ""
	}
	return m.compose(), nil
}

// editKey handles a key while editing: save, switch field, cancel, or type.
func (m Model) editKey(msg tea.KeyMsg) (Model, tea.Cmd) {
	k := m.editKeys
	switch {
	case key.Matches(msg, k.Cancel):
		m.editing = false
		m.message = ""
		return m.compose(), nil
	case key.Matches(msg, k.Save):
		return m.save()
	case key.Matches(msg, k.SwitchField):
		frame.SwitchField(&m.edit.value, &m.edit.note, &m.edit.onNote)
		return m.compose(), nil
	}
	cmd := frame.UpdateField(&m.edit.value, &m.edit.note, m.edit.onNote, msg)
	m.edit.problem = ""
	return m.compose(), cmd
}

// save checks the inputs and saves them in a command, version-checked against
// the value the edit started from (Version 0: a new one). A value that does not
// parse is refused with the reason and nothing is saved.
func (m Model) save() (Model, tea.Cmd) {
	k, ok := m.kpi()
	if !ok || m.edit.saving {
		return m, nil
	}
	v, changed, err := m.edit.parse(k)
	if err != nil {
		m.edit.problem = err.Error()
		return m.compose(), nil
	}
	if !changed {
		m.editing = false
		m.message, m.msgErr = "Nothing changed for "+m.edit.week.String()+".", false
		return m.compose(), nil
	}
	m.edit.problem, m.edit.saving = "", true
	store, week := m.store, m.edit.week
	return m.compose(), func() tea.Msg {
		saved, err := store.SaveValue(v)
		msg := savedMsg{kpiID: k.ID, week: week, saved: saved, err: err}
		if errors.Is(err, model.ErrConflict) {
			if vals, rerr := store.ValuesOf(k.ID, week, week); rerr == nil && len(vals) > 0 {
				msg.theirs, msg.found = vals[0], true
			}
		}
		return msg
	}
}

// saved closes the edit after a save and reloads; after a conflict it keeps the
// edit open with theirs shown, so Enter again replaces theirs knowingly.
func (m Model) saved(msg savedMsg) (Model, tea.Cmd) {
	k, ok := m.kpi()
	if !ok || !m.editing || k.ID != msg.kpiID || m.edit.week != msg.week {
		return m, nil
	}
	m.edit.saving = false
	switch {
	case msg.err == nil:
		m.editing = false
		m.message, m.msgErr = fmt.Sprintf("Saved %s for %s: %s", k.Name, msg.week, model.ValueText(k, msg.saved)), false
		reload := m.load()
		return m.compose(), tea.Batch(reload, func() tea.Msg { return frame.ReloadMsg{} })
	case errors.Is(msg.err, model.ErrConflict):
		if msg.found {
			m.edit.existing = msg.theirs
			who := model.Sanitize(msg.theirs.UpdatedBy, false)
			if who == "" {
				who = "someone else"
			}
			m.edit.problem = fmt.Sprintf("%s saved %s for %s meanwhile; yours was not saved. Enter again to replace theirs, esc to keep it.",
				who, model.ValueText(k, msg.theirs), msg.week)
		} else {
			m.edit.existing = model.Value{}
			m.edit.problem = fmt.Sprintf("The value of %s was deleted meanwhile; yours was not saved. Enter again to save it as new, esc to leave it.", msg.week)
		}
		reload := m.load()
		return m.compose(), tea.Batch(reload, func() tea.Msg { return frame.ReloadMsg{} })
	default:
		m.edit.problem = frame.SaveProblem(msg.err)
		return m.compose(), nil
	}
}

// parse turns the inputs into the value to save (see frame.ParseEntry).
func (e editor) parse(k model.KPI) (model.Value, bool, error) {
	return frame.ParseEntry(k, e.existing, e.week, e.value.Value(), e.note.Value())
}

// editRow is the cursor's row while editing: the week, the value input and the
// note input.
func (m *Model) editRow(weekText string, weekW, valW, width int) string {
	st := m.ctx.Styles
	valueW := max(valW+2, 12)
	m.edit.value.Width = valueW - 1 // an input draws its cursor one cell past its width
	lead := st.Accent.Render("▸ ") + st.Bold.Render(frame.Pad(weekText, weekW)) + " "
	value := st.Muted.Render("[") + frame.Pad(m.edit.value.View(), valueW) + st.Muted.Render("]")
	noteW := width - lipgloss.Width(lead) - valueW - 2 - 9
	if noteW < 4 {
		return frame.Pad(lead+value, width)
	}
	m.edit.note.Width = noteW - 1
	note := st.Muted.Render(" note [") + frame.Pad(m.edit.note.View(), noteW) + st.Muted.Render("]")
	return frame.Pad(lead+value+note, width)
}
