package ui

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"kpi/model"
)

// Presence is who else has the file open (shared-drive.md): this app registers a
// session row, keeps its heartbeat fresh, and reads everyone's. It is never a lock:
// it only tells the team who is in the file, so nobody is surprised by a change.
type Presence interface {
	// Register records this app as open and returns its session id.
	Register() (int64, error)
	// Heartbeat keeps the session fresh; model.ErrNotFound means it was cleared
	// as stale (the machine slept), so the app registers again.
	Heartbeat(id int64) error
	// End removes the session when the app quits.
	End(id int64) error
	Sessions() ([]model.Session, error)
}

// HeartbeatEvery is how often an open app says it is still there. A session whose
// heartbeat is older than three beats is not shown: its app crashed or its
// machine sleeps.
const HeartbeatEvery = 30 * time.Second

// presenceMsg is what registering, a heartbeat or a look found: the session rows
// (nil with err when they could not be read).
type (
	presenceMsg struct {
		first    bool  // the app's first look at presence (register): start the heartbeats
		session  int64 // this app's session id, 0 when unchanged or not registered
		sessions []model.Session
		err      error
	}
	heartbeatMsg struct{}
)

// register records this app as open, unless the file is read-only (a session row
// is a write); either way it reads who else is in.
func (m Model) register() tea.Cmd {
	p := m.opt.Presence
	if p == nil {
		return nil
	}
	write := m.opt.Store.ReadOnlyReason() == ""
	return func() tea.Msg {
		msg := presenceMsg{first: true}
		if write {
			msg.session, msg.err = p.Register()
		}
		if msg.err == nil {
			msg.sessions, msg.err = p.Sessions()
		}
		return msg
	}
}

// beat refreshes this app's heartbeat (registering again if its row was cleared)
// and reads the sessions.
func (m Model) beat() tea.Cmd {
	p, id := m.opt.Presence, m.sessionID
	return func() tea.Msg {
		var msg presenceMsg
		if id != 0 {
			if err := p.Heartbeat(id); errors.Is(err, model.ErrNotFound) {
				msg.session, err = p.Register()
				if err != nil {
					return presenceMsg{err: err}
				}
			} else if err != nil {
				return presenceMsg{err: err}
			}
		}
		msg.sessions, msg.err = p.Sessions()
		return msg
	}
}

func (m Model) beatLater() tea.Cmd {
	return tea.Tick(HeartbeatEvery, func(time.Time) tea.Msg { return heartbeatMsg{} })
}

// present takes what registering or a heartbeat found. A failed heartbeat is not
// worth a message (presence is a courtesy); it is tried again on the next beat.
func (m Model) present(msg presenceMsg) Model {
	if msg.session != 0 {
		m.sessionID = msg.session
	}
	if msg.err == nil {
		others := othersIn(msg.sessions, m.sessionID, m.now())
		if !slices.Equal(others, m.others) {
			// only a change of names changes the header; laying the view
			// out again costs as much as drawing it (the first presence
			// arrives just as the first frame is being written)
			m.others = others
			m.layout()
		}
	}
	return m
}

// othersIn are the names of the people with fresh sessions other than this app's,
// each once, in the order they opened the file. The same user in a second window
// counts: "ana" with two windows open sees herself named.
func othersIn(sessions []model.Session, self int64, now time.Time) []string {
	var names []string
	for _, s := range sessions {
		if s.ID == self || now.Sub(s.Heartbeat) > 3*HeartbeatEvery {
			continue
		}
		name := model.Sanitize(s.User, false)
		if name == "" {
			name = "someone"
		}
		if !slices.Contains(names, name) {
			names = append(names, name)
		}
	}
	return names
}

// sessionsKey is a fingerprint of the session rows, so a look can tell a commit
// that only moved heartbeats from one that changed data.
func sessionsKey(sessions []model.Session) string {
	var b strings.Builder
	for _, s := range sessions {
		fmt.Fprintf(&b, "%d@%d;", s.ID, s.Heartbeat.UnixNano())
	}
	return b.String()
}

// presenceText is who else has the file open, as short as width needs: every
// name, then every name in fewer words, then the first name and a count, then just
// the count. Names come first: they are the news.
func presenceText(names []string, width int) string {
	if len(names) == 0 {
		return ""
	}
	all := strings.Join(names, ", ")
	for _, t := range []string{"also here: " + all, "with " + all, fmt.Sprintf("with %s +%d", names[0], len(names)-1)} {
		if len(names) == 1 && strings.HasSuffix(t, " +0") {
			continue
		}
		if len([]rune(t)) <= width {
			return t
		}
	}
	return fmt.Sprintf("%d here", len(names))
}
