package ui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"kpi/model"
)

// fakeWatcher stands for the file's data_version and change log.
type fakeWatcher struct {
	generation int64
	changes    []model.Change
}

func (w *fakeWatcher) Generation() (int64, error) { return w.generation, nil }
func (w *fakeWatcher) DataVersion() (int64, error) {
	if len(w.changes) == 0 {
		return 0, nil
	}
	return w.changes[len(w.changes)-1].ID, nil
}
func (w *fakeWatcher) ChangesAfter(id int64) ([]model.Change, error) {
	var out []model.Change
	for _, c := range w.changes {
		if c.ID > id {
			out = append(out, c)
		}
	}
	return out, nil
}

// commit is another user's write: the value lands in the store, the generation
// moves and the change log gets a row.
func (w *fakeWatcher) commit(user, summary string) {
	w.generation++
	w.changes = append(w.changes, model.Change{ID: int64(len(w.changes) + 1), User: user, Summary: summary})
}

func TestLiveRefreshReloadsAndSaysWho(t *testing.T) {
	st := newFakeStore()
	w := &fakeWatcher{generation: 7}
	opt := plainOptions(st, "mono")
	opt.Watch = w // PollEvery stays 0: the test sends the polls itself
	m := New(opt)
	m = drain(t, m, m.Init())
	m = drain(t, m, func() tea.Msg { return tea.WindowSizeMsg{Width: 120, Height: 40} })
	if !m.watching {
		t.Fatal("the first look did not set the baseline")
	}
	m = press(t, m, "j") // a selection that must survive the reload
	before := m.View()

	// nothing changed: no reload, no toast
	m = drain(t, m, func() tea.Msg { return pollMsg{} })
	if m.notice != "" || m.View() != before {
		t.Fatalf("a look at an unchanged file changed the screen: %q", m.notice)
	}

	// ana sets NPS to 61 in another process
	nps := st.KPIByKey(t, "nps")
	old, _ := st.ValueOf(t, "nps", w47)
	old.Number = 61
	if _, err := st.SaveValue(old); err != nil {
		t.Fatal(err)
	}
	w.commit("ana", "ana set nps for 2026-W47: 44 → 61")
	m = drain(t, m, func() tea.Msg { return pollMsg{} })
	if !strings.Contains(m.View(), "ana set nps for 2026-W47: 44 → 61") {
		t.Errorf("no toast naming who changed what:\n%s", m.View())
	}
	found := false
	for _, r := range m.data.Readings {
		if r.KPI.ID == nps.ID && r.Value.Number == 61 {
			found = true
		}
	}
	if !found {
		t.Error("the other user's value is not in the reloaded data")
	}
	if strings.Count(m.View(), "┏") != 1 || strings.Contains(strings.Split(m.View(), "┏")[1][:200], "Monthly recurring revenue") {
		t.Errorf("the selection moved back to the OMTM card after the reload:\n%s", m.View())
	}

	// my own writes reload without a toast; a write by another tool says so
	w.commit(opt.User, "tester set mrr")
	m = drain(t, m, func() tea.Msg { return pollMsg{} })
	if strings.Contains(m.notice, "tester set mrr") {
		t.Errorf("my own change made a toast: %q", m.notice)
	}
	w.generation++
	m = drain(t, m, func() tea.Msg { return pollMsg{} })
	if !strings.Contains(m.notice, "changed outside kpi") {
		t.Errorf("a change without a change-log row: toast %q", m.notice)
	}
}

// TestToastOfAServerTeamNamesTheTeam: a change with no change-log row (psql,
// a script) on a server team is not "the file" changing: there is no file.
func TestToastOfAServerTeamNamesTheTeam(t *testing.T) {
	onFile, onServer := Model{opt: Options{}}, Model{opt: Options{OnServer: true}}
	if got := onFile.toast(nil); !strings.Contains(got, "The file was changed outside kpi") {
		t.Errorf("on a file: %q", got)
	}
	if got := onServer.toast(nil); strings.Contains(got, "file") || !strings.Contains(got, "The team was changed outside kpi") {
		t.Errorf("on a server: %q", got)
	}
}
