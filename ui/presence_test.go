package ui

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"kpi/model"
)

// fakePresence is the sessions table: Register adds a row, Heartbeat moves one.
type fakePresence struct {
	mu       sync.Mutex
	sessions []model.Session
	ended    []int64
}

func (p *fakePresence) add(user string, beat time.Time) int64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	id := int64(len(p.sessions) + 1)
	p.sessions = append(p.sessions, model.Session{ID: id, User: user, Heartbeat: beat})
	return id
}
func (p *fakePresence) Register() (int64, error) { return p.add("tester", testNow), nil }
func (p *fakePresence) Heartbeat(id int64) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	for i := range p.sessions {
		if p.sessions[i].ID == id {
			p.sessions[i].Heartbeat = p.sessions[i].Heartbeat.Add(time.Second)
			return nil
		}
	}
	return model.ErrNotFound
}
func (p *fakePresence) End(id int64) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.ended = append(p.ended, id)
	return nil
}
func (p *fakePresence) Sessions() ([]model.Session, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]model.Session(nil), p.sessions...), nil
}

func TestOthersInSkipsSelfStaleAndRepeats(t *testing.T) {
	sessions := []model.Session{
		{ID: 1, User: "tester", Heartbeat: testNow},
		{ID: 2, User: "ana", Heartbeat: testNow.Add(-time.Minute)},
		{ID: 3, User: "ben", Heartbeat: testNow.Add(-10 * time.Minute)}, // crashed long ago
		{ID: 4, User: "ana", Heartbeat: testNow},                        // her second window
		{ID: 5, User: "\x1b[2Jcy", Heartbeat: testNow},
	}
	got := strings.Join(othersIn(sessions, 1, testNow), ",")
	if got != "ana,cy" {
		t.Errorf("others = %q, want ana,cy (self, stale and repeated names left out, text sanitised)", got)
	}
}

func TestPresenceTextShortens(t *testing.T) {
	names := []string{"ana", "ben", "cy"}
	for _, tc := range []struct {
		width int
		want  string
	}{{80, "also here: ana, ben, cy"}, {18, "with ana, ben, cy"}, {12, "with ana +2"}, {8, "3 here"}} {
		if got := presenceText(names, tc.width); got != tc.want {
			t.Errorf("presenceText(width %d) = %q, want %q", tc.width, got, tc.want)
		}
	}
	if got := presenceText([]string{"ben"}, 8); got != "with ben" {
		t.Errorf("one other at 8 cells = %q, want with ben", got)
	}
	if presenceText(nil, 80) != "" {
		t.Error("nobody else in the file still drew presence")
	}
}

// started with presence: the app registers, the header names the others, a
// heartbeat-only commit reloads without claiming an outside change, and a lost
// session registers again.
func TestPresenceInHeaderAndQuietHeartbeats(t *testing.T) {
	st := newFakeStore()
	p := &fakePresence{}
	p.add("ana", testNow)
	w := &fakeWatcher{generation: 1}
	opt := plainOptions(st, "mono")
	opt.Watch, opt.Presence = w, p
	m := New(opt)
	m.afterFirst = true // this test starts presence and the look itself, without the 30 s tick
	m = drain(t, m, tea.Batch(registerOnly(m), loadCmd(context.Background(), st, m.week, "tester", m.load.seq), m.look()))
	m = drain(t, m, func() tea.Msg { return tea.WindowSizeMsg{Width: 120, Height: 40} })
	if m.sessionID == 0 {
		t.Fatal("the app did not register a session")
	}
	header := strings.Split(m.View(), "\n")[0]
	if !strings.Contains(header, "also here: ana") || !strings.Contains(header, "northwind.db") {
		t.Errorf("header does not name the other user and the file:\n%s", header)
	}

	// ana's app beats: the generation moves, no change-log row
	if err := p.Heartbeat(1); err != nil {
		t.Fatal(err)
	}
	w.generation++
	m = drain(t, m, func() tea.Msg { return pollMsg{} })
	if strings.Contains(m.notice, "outside kpi") {
		t.Errorf("a heartbeat was taken for an outside change: %q", m.notice)
	}
	// a script writes with nothing else moving: that is an outside change
	w.generation++
	m = drain(t, m, func() tea.Msg { return pollMsg{} })
	if !strings.Contains(m.notice, "outside kpi") {
		t.Errorf("an SQL write by another tool was not reported: %q", m.notice)
	}

	// ben opens the file; the next heartbeat shows him
	p.add("ben", testNow)
	m = drain(t, m, m.beat()) // what heartbeatMsg starts, without the next 30 s tick
	if header := strings.Split(m.View(), "\n")[0]; !strings.Contains(header, "ana, ben") {
		t.Errorf("a new session did not show after a heartbeat:\n%s", header)
	}

	// the machine slept and the session was cleared: the next beat registers again
	p.mu.Lock()
	p.sessions = p.sessions[:0]
	p.mu.Unlock()
	old := m.sessionID
	m = drain(t, m, m.beat())
	if m.sessionID == 0 || m.sessionID == old && len(p.sessions) == 0 {
		t.Errorf("a cleared session was not registered again (id %d → %d, rows %d)", old, m.sessionID, len(p.sessions))
	}
}

func TestReadOnlyAppDoesNotRegister(t *testing.T) {
	st := newFakeStore()
	st.SetReadOnly("the file is read-only for you")
	p := &fakePresence{}
	p.add("ana", testNow)
	opt := plainOptions(st, "mono")
	opt.Presence = p
	m := New(opt)
	m = drain(t, m, registerOnly(m))
	if m.sessionID != 0 || len(p.sessions) != 1 {
		t.Errorf("a read-only app wrote a session row (id %d, rows %d)", m.sessionID, len(p.sessions))
	}
	if len(m.others) != 1 || m.others[0] != "ana" {
		t.Errorf("a read-only app does not show who else is in: %v", m.others)
	}
}

// registerOnly is the app's register command without the heartbeat timer its
// result starts (30 s, which drain would wait for).
func registerOnly(m Model) tea.Cmd {
	cmd := m.register()
	return func() tea.Msg {
		msg := cmd().(presenceMsg)
		msg.first = false
		return msg
	}
}
