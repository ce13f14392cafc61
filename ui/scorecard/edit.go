package scorecard

import (
	"errors"
	"fmt"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"kpi/model"
	"kpi/ui/frame"
)

// savedMsg is the result of saving one cell.
type savedMsg struct {
	kpiID  int64
	week   model.Week
	saved  model.Value
	err    error
	theirs model.Value // after a conflict: the week's value as it is now
	found  bool
}

// startEdit opens the cursor's cell for editing, or says why it cannot be:
// derived KPIs are computed, a monthly KPI's other weeks are not due, a
// read-only file takes nothing.
func (m Model) startEdit() (Model, tea.Cmd) {
	r, ok := m.current()
	ws := m.weeks()
	i := weekIndex(ws, m.curWeek)
	switch {
	case !ok || i < 0:
		return m, nil
	case r.cells == nil:
		m.message, m.msgErr = "Still reading the weeks; try again in a moment.", false
	case r.kpi.Derived():
		m.message, m.msgErr = fmt.Sprintf("%s is derived (ƒ = %s): it is computed from its inputs each week, so there is nothing to enter; edit the inputs instead.",
			model.Sanitize(r.kpi.Name, false), model.Sanitize(r.kpi.Formula, false)), true
	case !r.cells[i].Due:
		m.message, m.msgErr = fmt.Sprintf("%s is monthly: its value for this month is entered in %s.",
			model.Sanitize(r.kpi.Name, false), model.DueWeekOf(r.kpi.Cadence, m.curWeek)), true
	case m.ctx.Data.ReadOnly != "":
		m.message, m.msgErr = "Nothing can be saved: "+m.ctx.Data.ReadOnly, true
	default:
		st := m.ctx.Styles
		e := editor{kpi: r.kpi, week: m.curWeek}
		placeholder := "12k"
		if r.kpi.Kind == model.Qualitative {
			placeholder = "on track"
		}
		e.value = frame.NewInput(st, placeholder, m.geo.cellW-3, 40)
		e.note = frame.NewInput(st, "note (optional)", 30, model.MaxTextLen)
		if c := r.cells[i]; c.HasValue {
			e.existing = c.Value
			e.value.SetValue(frame.InputText(r.kpi, c.Value))
			e.note.SetValue(c.Value.Note)
		}
		e.value.CursorEnd()
		e.value.Focus()
		m.edit, m.editing, m.message = e, true, ""
	}
	return m.compose(), nil
}

// editKey handles a key while a cell is edited: save, switch field, cancel, or
// type.
func (m Model) editKey(msg tea.KeyMsg) (Model, tea.Cmd) {
	k := m.editKeys
	switch {
	case key.Matches(msg, k.Cancel):
		m.editing = false
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

// save parses the cell (frame.ParseEntry, like the entry form and Trends) and
// saves it in a command, version-checked against the value the edit started
// from. A value that does not parse is refused with the reason; nothing is saved.
func (m Model) save() (Model, tea.Cmd) {
	if m.edit.saving {
		return m, nil
	}
	e := m.edit
	v, changed, err := frame.ParseEntry(e.kpi, e.existing, e.week, e.value.Value(), e.note.Value())
	if err != nil {
		m.edit.problem = err.Error()
		return m.compose(), nil
	}
	if !changed {
		m.editing = false
		m.message, m.msgErr = "Nothing changed for "+e.week.String()+".", false
		return m.compose(), nil
	}
	m.edit.problem, m.edit.saving = "", true
	store, id, week := m.store, e.kpi.ID, e.week
	return m.compose(), func() tea.Msg {
		saved, err := store.SaveValue(v)
		msg := savedMsg{kpiID: id, week: week, saved: saved, err: err}
		if errors.Is(err, model.ErrConflict) {
			if vals, rerr := store.ValuesOf(id, week, week); rerr == nil && len(vals) > 0 {
				msg.theirs, msg.found = vals[0], true
			}
		}
		return msg
	}
}

// saved closes the edit after a save and asks the root to reload (the grid is
// read again with it); after a conflict it keeps the edit open with theirs
// shown, so enter again replaces theirs knowingly.
func (m Model) saved(msg savedMsg) (Model, tea.Cmd) {
	if !m.editing || m.edit.kpi.ID != msg.kpiID || m.edit.week != msg.week {
		return m, nil
	}
	m.edit.saving = false
	k := m.edit.kpi
	reload := func() tea.Msg { return frame.ReloadMsg{} }
	switch {
	case msg.err == nil:
		m.editing = false
		m.message, m.msgErr = fmt.Sprintf("Saved %s for %s: %s", model.Sanitize(k.Name, false), msg.week, model.ValueText(k, msg.saved)), false
		return m.compose(), reload
	case errors.Is(msg.err, model.ErrConflict):
		if msg.found {
			m.edit.existing = msg.theirs
			who := model.Sanitize(msg.theirs.UpdatedBy, false)
			if who == "" {
				who = "someone else"
			}
			m.edit.problem = fmt.Sprintf("%s saved %s for %s meanwhile; yours was not saved. Enter again replaces theirs, esc keeps it.",
				who, model.ValueText(k, msg.theirs), msg.week)
		} else {
			m.edit.existing = model.Value{}
			m.edit.problem = fmt.Sprintf("The value of %s was deleted meanwhile; yours was not saved. Enter again saves it as new, esc leaves it.", msg.week)
		}
		return m.compose(), reload
	}
	m.edit.problem = frame.SaveProblem(msg.err)
	return m.compose(), nil
}

// editLine is the bottom line while a cell is edited: what is edited against
// which target, the note input, or why the last try was refused.
func (m *Model) editLine() string {
	st := m.ctx.Styles
	e := &m.edit
	if e.problem != "" {
		return st.Error.Render(frame.Clip("✗ "+e.problem, m.width))
	}
	k := e.kpi
	lead := fmt.Sprintf("%s %s", model.Sanitize(k.Name, false), e.week)
	if k.Kind == model.Quantitative {
		lead += " · target " + model.TargetText(k, k.Targets.At(e.week, k.Direction))
	}
	if e.saving {
		return st.Muted.Render(frame.Clip(lead+" · saving…", m.width))
	}
	lead = st.Bold.Render(frame.Clip(lead, m.width/2)) + st.Muted.Render(" · note ")
	noteW := m.width - lipgloss.Width(lead) - 2
	if noteW < 6 {
		return frame.Pad(lead, m.width)
	}
	e.note.Width = noteW - 1
	return frame.Pad(lead+st.Muted.Render("[")+frame.Pad(e.note.View(), noteW)+st.Muted.Render("]"), m.width)
}
