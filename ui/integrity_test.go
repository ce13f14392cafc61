package ui

import (
	"context"
	"errors"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

// countingWatcher counts the looks at the file.
type countingWatcher struct {
	fakeWatcher
	looks int
}

func (w *countingWatcher) Generation() (int64, error) { w.looks++; return w.fakeWatcher.Generation() }

// Before the first frame the app reads the week and, just before it, live
// refresh's baseline, and nothing else: presence, the integrity check and the
// daily backup start after it.
func TestNothingButTheWeekBeforeTheFirstFrame(t *testing.T) {
	st := newFakeStore()
	p := &fakePresence{}
	w := &countingWatcher{}
	checks, backups := 0, 0
	opt := plainOptions(st, "mono")
	opt.Presence, opt.Watch = p, w
	opt.IntegrityCheck = func(context.Context) error { checks++; return nil }
	opt.DailyBackup = func() error { backups++; return nil }
	m := New(opt)
	first, ok := m.Init()().(tea.BatchMsg)
	if !ok || len(first) != 2 {
		t.Fatalf("Init started %T, want the baseline's result and the week's load", first)
	}
	if w.looks != 1 {
		t.Errorf("the baseline was not read before the week: %d looks", w.looks)
	}
	if _, ok := first[0]().(refreshMsg); !ok {
		t.Errorf("the first result is not the baseline look")
	}
	msg := first[1]()
	if _, ok := msg.(loadedMsg); !ok {
		t.Fatalf("the second is %T, want the week's load", msg)
	}
	if len(p.sessions) != 0 || checks != 0 || backups != 0 {
		t.Fatalf("before the first frame: %d sessions, %d checks, %d backups", len(p.sessions), checks, backups)
	}
	m, later := m.Update(msg)
	if m.data == nil {
		t.Fatal("the week was not taken")
	}
	// run what the first frame started, without feeding the results back in
	// (the register's result would start the 30 s heartbeat timer)
	runAll(later)
	if len(p.sessions) != 1 || checks != 1 || backups != 1 {
		t.Errorf("after the first frame: %d sessions, %d checks, %d backups; want one each", len(p.sessions), checks, backups)
	}
}

// runAll runs cmd and every command of the batches it returns, ignoring what
// they return otherwise.
func runAll(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	if batch, ok := cmd().(tea.BatchMsg); ok {
		for _, c := range batch {
			runAll(c)
		}
	}
}

// A check that finds damage after the first frame turns the app read-only with
// the reason, keeps what is on screen, and refuses the entry form.
func TestFailedCheckTurnsTheAppReadOnly(t *testing.T) {
	st := newFakeStore()
	opt := plainOptions(st, "mono")
	opt.IntegrityCheck = func(context.Context) error {
		st.SetReadOnly("damaged (Tree 7 page 7: btreeInitPage() returns error code 11); restore it from a backup")
		return errors.New("the file is damaged")
	}
	m := New(opt)
	m, _ = m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	m = drain(t, m, m.Init())
	view := m.View()
	if !strings.Contains(view, "READ-ONLY — damaged (Tree 7 page 7") {
		t.Errorf("no read-only banner with the reason:\n%s", view)
	}
	if !strings.Contains(view, "Read-only from now on") {
		t.Errorf("the footer does not say what happened:\n%s", view)
	}
	if len(m.data.KPIs) == 0 {
		t.Error("the week on screen was dropped")
	}
	m = press(t, m, "e")
	if m.entryOpen() != nil || !strings.Contains(m.notice, "Nothing can be saved: damaged") {
		t.Errorf("the entry form opened on a damaged file (notice %q)", m.notice)
	}
}

// A check cancelled because the app quit says nothing.
func TestCancelledCheckIsQuiet(t *testing.T) {
	opt := plainOptions(newFakeStore(), "mono")
	opt.IntegrityCheck = func(ctx context.Context) error { return context.Canceled }
	m := New(opt)
	m = drain(t, m, m.Init())
	if m.notice != "" || m.data.ReadOnly != "" {
		t.Errorf("a cancelled check left notice %q, read-only %q", m.notice, m.data.ReadOnly)
	}
}
