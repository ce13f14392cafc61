package ui

import (
	"context"
	"errors"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"kpi/model"
	"kpi/ui/fakestore"
)

// countingStore counts the week loads and the value windows read from the store.
type countingStore struct {
	*fakestore.Store
	loads, windows int
}

func (c *countingStore) Values(from, to model.Week) ([]model.Value, error) {
	c.windows++
	return c.Store.Values(from, to)
}

func (c *countingStore) Settings() (model.Settings, error) {
	c.loads++
	return c.Store.Settings()
}

// The root's load reads through the context-taking reads.

func (c *countingStore) ValuesContext(ctx context.Context, from, to model.Week) ([]model.Value, error) {
	c.windows++
	return c.Store.ValuesContext(ctx, from, to)
}

func (c *countingStore) SettingsContext(ctx context.Context) (model.Settings, error) {
	c.loads++
	return c.Store.SettingsContext(ctx)
}

// Holding ] queues a load per week; the ones a later week change made stale by
// the time they run do not read the file, and the last week is what shows.
func TestHeldWeekKeySkipsStaleLoads(t *testing.T) {
	st := &countingStore{Store: newFakeStore()}
	m := New(plainOptions(st, "mono"))
	m = drain(t, m, m.Init())
	m, _ = m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	st.loads = 0
	var queued []tea.Cmd
	for range 30 {
		var cmd tea.Cmd
		m, cmd = m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{']'}})
		queued = append(queued, cmd)
	}
	want := m.week
	if !strings.Contains(strings.Split(m.View(), "\n")[0], want.String()) {
		t.Fatalf("the header does not show the final week %s at once:\n%s", want, m.View())
	}
	// the runtime runs them later, in the order asked
	for _, c := range queued {
		m = drain(t, m, c)
	}
	if st.loads != 1 {
		t.Errorf("%d of 30 queued week loads read the store; only the last should", st.loads)
	}
	if m.data == nil || m.data.Week != want {
		t.Errorf("the loaded week is %v, want %s", m.data.Week, want)
	}
}

// A reload gives the new data to the active view only; another view takes it
// (and the body size) when it is shown.
func TestHiddenViewsTakeTheContextWhenShown(t *testing.T) {
	m := started(t, newFakeStore(), 120, 40)
	gen := m.ctxGen
	m = drain(t, m, m.reload())
	if m.ctxGen == gen || m.viewCtx[viewDashboard] != m.ctxGen {
		t.Fatalf("the active view did not take the reload (gen %d → %d, dashboard at %d)", gen, m.ctxGen, m.viewCtx[viewDashboard])
	}
	if m.viewCtx[viewScorecard] == m.ctxGen {
		t.Error("a hidden view was rebuilt by the reload")
	}
	m = press(t, m, "3")
	if m.viewCtx[viewScorecard] != m.ctxGen || m.viewSize[viewScorecard] != m.bodySize {
		t.Errorf("the Scorecard was shown without the current context or size (%d/%d, %v/%v)",
			m.viewCtx[viewScorecard], m.ctxGen, m.viewSize[viewScorecard], m.bodySize)
	}
	if !strings.Contains(m.View(), "[3 Scorecard]") {
		t.Errorf("the Scorecard tab is not active:\n%s", m.View())
	}
}

// The daily backup runs once, after the first load, and a failure is a notice.
func TestDailyBackupRunsOnceAfterTheFirstFrame(t *testing.T) {
	runs := 0
	opt := plainOptions(newFakeStore(), "mono")
	opt.DailyBackup = func() error { runs++; return errors.New("the backups folder is read-only") }
	m := New(opt)
	if runs != 0 {
		t.Fatal("the backup ran before the app started")
	}
	m = drain(t, m, m.Init())
	m, _ = m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	m = drain(t, m, m.reload())
	if runs != 1 {
		t.Errorf("the daily backup ran %d times over two loads, want once", runs)
	}
	if !strings.Contains(m.View(), "No daily backup was made: the backups folder is read-only") {
		t.Errorf("a failed backup is not shown:\n%s", m.View())
	}
}

// The Scorecard's 13 weeks are inside the weeks the root loaded: showing it
// reads no values again. The Review (its charts and hygiene look at 26 weeks)
// and the Scorecard's 52 weeks read their own windows, through the weeks the
// store keeps.
func TestViewsReuseTheRootsSeries(t *testing.T) {
	st := &countingStore{Store: newFakeStore()}
	m := New(plainOptions(st, "mono"))
	m = drain(t, m, m.Init())
	m, _ = m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	if st.windows != 1 {
		t.Fatalf("the first load read %d windows of values, want 1", st.windows)
	}
	m = press(t, m, "3")
	if st.windows != 1 {
		t.Errorf("showing the Scorecard read %d more windows of values, want none", st.windows-1)
	}
	m = press(t, m, "5")
	if !strings.Contains(m.View(), "[5 Review]") {
		t.Fatalf("not on the Review:\n%s", m.View())
	}
	if st.windows != 2 {
		t.Errorf("showing the Review read %d windows in all, want 2 (its 26 weeks are not all in the root's data)", st.windows)
	}
	m = press(t, m, "3", "w", "w")
	if st.windows != 4 {
		t.Errorf("26 and 52 weeks of the Scorecard read %d windows in all, want 4 (they are not in the root's data)", st.windows)
	}
}
