package scorecard

import (
	"errors"
	"fmt"
	"math"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"kpi/model"
	"kpi/ui/cell"
	"kpi/ui/frame"
)

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
		c := r.cells[i]
		m.edit = cell.New(m.ctx.Styles, r.kpi, m.curWeek, c.Value, c.HasValue, editCellW-1)
		if m.grid != nil {
			m.edit.Recent = m.grid.series[r.kpi.ID]
		}
		m.edit.Focus()
		m.editing, m.message = true, ""
		m.ensureVisible() // the cell widens to type in
	}
	return m.compose(), nil
}

// editKey handles a key while a cell is edited: save, switch field, cancel, or
// type.
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

// save parses the cell (frame.ParseEntry, like the entry form and Trends) and
// saves it in a command, version-checked against the value the edit started
// from. A value that does not parse is refused with the reason; nothing is saved.
func (m Model) save() (Model, tea.Cmd) {
	if m.edit.Saving {
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

// saved closes the edit after a save and asks the root to reload (the grid is
// read again with it); after a conflict it keeps the edit open with theirs
// shown, so enter again replaces theirs knowingly.
func (m Model) saved(msg cell.SavedMsg) (Model, tea.Cmd) {
	if !m.editing || !m.edit.For(msg) {
		return m, nil
	}
	reload := func() tea.Msg { return frame.ReloadMsg{} }
	switch {
	case m.edit.Apply(msg):
		m.editing = false
		m.message, m.msgErr = cell.SavedText(m.edit.KPI, msg), false
		return m.compose(), reload
	case errors.Is(msg.Err, model.ErrConflict):
		return m.compose(), reload
	}
	return m.compose(), nil
}

// editLines are the bottom lines while a cell is edited: what is edited
// against which target on the first, whole, and the note input on the second
// — or why the last try was refused.
func (m *Model) editLines() []string {
	st := m.ctx.Styles
	e := &m.edit
	if e.Problem != "" {
		// the refusal (or the question about the value, which ends with how to
		// answer it) whole on two lines; longer, on one that keeps the answer
		full := e.ProblemLine(math.MaxInt32)
		lines := frame.Wrap(full, m.width, maxDetailLines+1)
		if len(lines) > maxDetailLines {
			lines = []string{e.ProblemLine(m.width)}
		}
		for i := range lines {
			lines[i] = st.Error.Render(lines[i])
		}
		return lines
	}
	k := e.KPI
	lead := fmt.Sprintf("%s %s", model.Sanitize(k.Name, false), e.Week)
	if k.Kind == model.Quantitative {
		lead += " · target " + model.TargetText(k, k.Targets.At(e.Week, k.Direction))
	}
	if e.Saving {
		return []string{st.Muted.Render(frame.ClipWords(lead+" · saving…", m.width))}
	}
	label := st.Muted.Render("note ")
	noteW := m.width - frame.Width(label) - 2
	if noteW < 6 {
		return []string{st.Bold.Render(frame.ClipWords(lead, m.width))}
	}
	e.Note.Width = noteW - 1
	return []string{st.Bold.Render(frame.ClipWords(lead, m.width)),
		frame.Pad(label+st.Muted.Render("[")+frame.Pad(e.Note.View(), noteW)+st.Muted.Render("]"), m.width)}
}
