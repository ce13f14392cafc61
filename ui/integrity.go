package ui

import (
	"context"
	"errors"

	tea "github.com/charmbracelet/bubbletea"
)

// checkedMsg is what the background integrity check found.
type checkedMsg struct{ err error }

// checkIntegrity runs the integrity check the open left for later, cancelled
// when the app quits.
func (m Model) checkIntegrity() tea.Cmd {
	check := m.opt.IntegrityCheck
	if check == nil {
		return nil
	}
	ctx := m.opt.quit
	if ctx == nil {
		ctx = context.Background()
	}
	return func() tea.Msg { return checkedMsg{check(ctx)} }
}

// checked takes the check's result. A damaged file turns the app read-only at
// once, with the reason in the header and the footer; the data already on screen
// stays (it is what could be read). A check that could not run (the app quit,
// the file stayed busy) says so and leaves the file as it was: writes run the
// check again before they save.
func (m Model) checked(msg checkedMsg) Model {
	switch {
	case msg.err == nil || errors.Is(msg.err, context.Canceled):
		return m
	case m.opt.Store.ReadOnlyReason() == "":
		m.notice, m.noticeErr = "The file's integrity check did not run: "+msg.err.Error(), true
	default:
		why := m.opt.Store.ReadOnlyReason()
		m.notice, m.noticeErr = "Read-only from now on: the file is "+why+"; `kpi doctor` tells more.", true
		if m.data != nil {
			d := *m.data
			d.ReadOnly = why
			m.data = &d
			m.syncViews()
		}
	}
	m.layout()
	return m
}
