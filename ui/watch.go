package ui

import (
	"fmt"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"kpi/model"
)

// Watcher is what live refresh needs from the file: a number that moves on every
// commit by anyone, the newest change-log id, and the changes after an id, to say
// who changed what.
type Watcher interface {
	Generation() (int64, error)
	DataVersion() (int64, error)
	ChangesAfter(id int64) ([]model.Change, error)
}

// DefaultPollEvery is how often the app looks for other people's commits: well
// inside the two seconds of spec §5, and cheap (one pragma on an open connection).
const DefaultPollEvery = time.Second

// pollMsg asks for a look at the file; refreshMsg is what the look found.
type (
	pollMsg    struct{}
	refreshMsg struct {
		generation, changeID int64
		changes              []model.Change
		// sessions are the session rows when the generation moved and the app
		// shows presence; nil otherwise.
		sessions []model.Session
		err      error
	}
)

// pollLater schedules the next look, or nothing when polling is off.
func (m Model) pollLater() tea.Cmd {
	if m.opt.Watch == nil || m.opt.PollEvery <= 0 {
		return nil
	}
	return tea.Tick(m.opt.PollEvery, func(time.Time) tea.Msg { return pollMsg{} })
}

// look reads the generation and, when it moved, the changes since the last look.
func (m Model) look() tea.Cmd {
	w, seen, since, known, p := m.opt.Watch, m.generation, m.changeID, m.watching, m.opt.Presence
	return func() tea.Msg {
		g, err := w.Generation()
		if err != nil || (known && g == seen) {
			msg := refreshMsg{generation: seen, changeID: since, err: err}
			if p != nil && err == nil {
				// presence lives beside the file: a new face moves no generation
				msg.sessions, _ = p.Sessions()
			}
			return msg
		}
		id, err := w.DataVersion()
		if err != nil {
			return refreshMsg{generation: seen, changeID: since, err: err}
		}
		msg := refreshMsg{generation: g, changeID: id}
		if known && id > since {
			msg.changes, msg.err = w.ChangesAfter(since)
		}
		if p != nil && msg.err == nil {
			msg.sessions, msg.err = p.Sessions()
		}
		return msg
	}
}

// refreshed takes what a look found: the first look sets the baseline; a moved
// generation reloads the week and says who changed what. Selection, scroll and an
// open form stay as they are.
func (m Model) refreshed(msg refreshMsg) (Model, tea.Cmd) {
	next := m.pollLater()
	if msg.err != nil {
		return m, next // a failed look is retried on the next tick
	}
	first := !m.watching
	moved := msg.generation != m.generation
	m.watching, m.generation, m.changeID = true, msg.generation, msg.changeID
	presenceMoved := false
	if msg.sessions != nil {
		key := sessionsKey(msg.sessions)
		presenceMoved = key != m.sessionsKey
		m.sessionsKey = key
		m = m.present(presenceMsg{sessions: msg.sessions})
	}
	if first || !moved {
		return m, next
	}
	// A commit with no change-log rows that moved a heartbeat is someone's app
	// saying it is still open: reload quietly (a script may have written in the
	// same second), but do not claim the file changed outside kpi.
	m.opt.Log.Info("refresh", "generation", msg.generation, "changes", len(msg.changes), "presence_only", len(msg.changes) == 0 && presenceMoved)
	if len(msg.changes) > 0 || !presenceMoved {
		if t := m.toast(msg.changes); t != "" {
			m.notice, m.noticeErr = t, false
		}
	}
	return m, tea.Batch(m.reload(), next)
}

// toast says in one line what others changed: the newest change-log summary by
// someone else ("ana set mrr for 2026-W47: $430,000"), how many more, or that the
// file changed outside kpi.
func (m Model) toast(changes []model.Change) string {
	var theirs []model.Change
	for _, c := range changes {
		if c.User != m.opt.User {
			theirs = append(theirs, c)
		}
	}
	switch {
	case len(changes) == 0 && m.opt.OnServer:
		return "The team was changed outside kpi; reloaded."
	case len(changes) == 0:
		return "The file was changed outside kpi; reloaded."
	case len(theirs) == 0:
		return ""
	}
	newest := theirs[0]
	for _, c := range theirs {
		if c.ID > newest.ID {
			newest = c
		}
	}
	t := model.Sanitize(newest.Summary, false)
	if len(theirs) > 1 {
		t += fmt.Sprintf(" (and %d more changes)", len(theirs)-1)
	}
	return t
}
