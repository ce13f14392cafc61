package ui

import (
	"fmt"
	"io"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"kpi/demo"
	"kpi/model"
	"kpi/themes"
)

// testNow is the fixed clock of the ui tests: Wednesday of 2026-W47.
var testNow = time.Date(2026, 11, 18, 10, 0, 0, 0, time.UTC)

// fakeStore is an in-memory Store over the demo dataset. It version-checks saves
// the way the db does, so conflicts can be tested without a file; the db's own
// tests prove the file behaves the same.
type fakeStore struct {
	mu       sync.Mutex
	ds       model.Dataset
	readOnly string
	saves    int
}

func newFakeStore() *fakeStore {
	return &fakeStore{ds: demo.Generate(demo.Options{Seed: 1, Now: testNow})}
}

func (f *fakeStore) Settings() (model.Settings, error) { return f.ds.Settings, nil }
func (f *fakeStore) Objectives() ([]model.Objective, error) {
	return append([]model.Objective(nil), f.ds.Objectives...), nil
}
func (f *fakeStore) KPIs() ([]model.KPI, error) { return append([]model.KPI(nil), f.ds.KPIs...), nil }
func (f *fakeStore) ReadOnlyReason() string     { return f.readOnly }

func (f *fakeStore) Values(from, to model.Week) ([]model.Value, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []model.Value
	for _, v := range f.ds.Values {
		if !v.Week.Before(from) && !v.Week.After(to) {
			out = append(out, v)
		}
	}
	return out, nil
}

// ValuesOf is one KPI's values in [from, to]; a zero week leaves that end open,
// as in the db.
func (f *fakeStore) ValuesOf(kpiID int64, from, to model.Week) ([]model.Value, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []model.Value
	for _, v := range f.ds.Values {
		if v.KPIID == kpiID && (from.IsZero() || !v.Week.Before(from)) && (to.IsZero() || !v.Week.After(to)) {
			out = append(out, v)
		}
	}
	return out, nil
}

func (f *fakeStore) SaveValue(v model.Value) (model.Value, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.readOnly != "" {
		return v, fmt.Errorf("%w: %s", model.ErrReadOnly, f.readOnly)
	}
	for i, old := range f.ds.Values {
		if old.KPIID == v.KPIID && old.Week == v.Week {
			if v.Version != old.Version {
				return v, fmt.Errorf("value changed by %s: %w", old.UpdatedBy, model.ErrConflict)
			}
			v.ID, v.Version, v.UpdatedBy = old.ID, old.Version+1, "tester"
			f.ds.Values[i] = v
			f.saves++
			return v, nil
		}
	}
	if v.Version != 0 {
		return v, fmt.Errorf("value was deleted: %w", model.ErrConflict)
	}
	v.ID, v.Version, v.UpdatedBy = int64(len(f.ds.Values)+1), 1, "tester"
	f.ds.Values = append(f.ds.Values, v)
	f.saves++
	return v, nil
}

// value is the stored value of KPI key in week w.
func (f *fakeStore) value(t *testing.T, key string, w model.Week) (model.Value, bool) {
	t.Helper()
	id := f.kpi(t, key).ID
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, v := range f.ds.Values {
		if v.KPIID == id && v.Week == w {
			return v, true
		}
	}
	return model.Value{}, false
}

func (f *fakeStore) kpi(t *testing.T, key string) model.KPI {
	t.Helper()
	for _, k := range f.ds.KPIs {
		if k.Key == key {
			return k
		}
	}
	t.Fatalf("no KPI %q in the demo", key)
	return model.KPI{}
}

// plainOptions are app options drawing plain text (ASCII profile) in theme.
func plainOptions(st Store, theme string) Options {
	th, err := themes.Lookup(theme)
	if err != nil {
		panic(err)
	}
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.Ascii)
	return Options{Store: st, Path: "/teams/northwind.db", User: "tester", Theme: th, Renderer: r, Now: func() time.Time { return testNow }}
}

// started is a loaded app at w×h, as after its first frame.
func started(t *testing.T, st Store, w, h int) Model {
	t.Helper()
	m := New(plainOptions(st, "mono"))
	m = drain(t, m, m.Init())
	m, _ = m.Update(tea.WindowSizeMsg{Width: w, Height: h})
	return m
}

// drain runs cmd and feeds its messages back into m until nothing is left, the
// way the Bubble Tea runtime would (without the terminal).
func drain(t *testing.T, m Model, cmd tea.Cmd) Model {
	t.Helper()
	queue := []tea.Cmd{cmd}
	for steps := 0; len(queue) > 0; steps++ {
		if steps > 100 {
			t.Fatal("commands keep producing commands")
		}
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		switch msg := c().(type) {
		case tea.BatchMsg:
			queue = append(queue, msg...)
		case tea.QuitMsg:
		case nil:
		default:
			var next tea.Cmd
			m, next = m.Update(msg)
			queue = append(queue, next)
		}
	}
	return m
}

// namedKeys are the key names press understands; anything else is typed.
var namedKeys = map[string]tea.KeyType{
	"enter": tea.KeyEnter, "esc": tea.KeyEsc, "tab": tea.KeyTab, "up": tea.KeyUp, "down": tea.KeyDown,
	"left": tea.KeyLeft, "right": tea.KeyRight, "ctrl+c": tea.KeyCtrlC, "ctrl+u": tea.KeyCtrlU,
}

// press sends keys (names of namedKeys, or text typed rune by rune) and runs what
// they start.
func press(t *testing.T, m Model, keys ...string) Model {
	t.Helper()
	for _, k := range keys {
		msgs := []tea.KeyMsg{}
		if kt, ok := namedKeys[k]; ok {
			msgs = append(msgs, tea.KeyMsg{Type: kt})
		} else {
			for _, r := range k {
				msgs = append(msgs, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
			}
		}
		for _, msg := range msgs {
			var cmd tea.Cmd
			m, cmd = m.Update(msg)
			m = drain(t, m, cmd)
		}
	}
	return m
}
