package review

import (
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"kpi/demo"
	"kpi/model"
	"kpi/themes"
	"kpi/ui/frame"
)

// testNow is the fixed start of the tests' clock: Wednesday of 2026-W47.
var testNow = time.Date(2026, 11, 18, 10, 0, 0, 0, time.UTC)

var w47 = model.MustWeek("2026-W47")

// fakeStore is an in-memory Store over the demo team. Its writes are
// version-checked and stamped with its clock and user the way the db's are, so
// conflicts and refusals can be driven without a file.
type fakeStore struct {
	mu       sync.Mutex
	ds       model.Dataset
	now      func() time.Time
	user     string
	readOnly string
	writes   int
}

func newFakeStore(now func() time.Time) *fakeStore {
	return &fakeStore{ds: demo.Generate(demo.Options{Seed: 1, Now: testNow}), now: now, user: "tester"}
}

func (f *fakeStore) writable() error {
	if f.readOnly != "" {
		return fmt.Errorf("%w: %s", model.ErrReadOnly, f.readOnly)
	}
	return nil
}

func (f *fakeStore) stamp(s model.Stamp) model.Stamp {
	if s.CreatedAt.IsZero() {
		s.CreatedAt = f.now()
	}
	s.Version++
	s.UpdatedAt, s.UpdatedBy = f.now(), f.user
	return s
}

func (f *fakeStore) Settings() (model.Settings, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	st := f.ds.Settings
	st.Checklist = slices.Clone(st.Checklist)
	return st, nil
}

func (f *fakeStore) Objectives() ([]model.Objective, error) {
	return slices.Clone(f.ds.Objectives), nil
}

func (f *fakeStore) KPIs() ([]model.KPI, error) { return slices.Clone(f.ds.KPIs), nil }

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

func cloneReview(r model.Review) model.Review {
	r.Checklist = slices.Clone(r.Checklist)
	r.ReviewedKPIs = slices.Clone(r.ReviewedKPIs)
	r.Attendees = slices.Clone(r.Attendees)
	return r
}

func (f *fakeStore) Reviews() ([]model.Review, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make([]model.Review, len(f.ds.Reviews))
	for i, r := range f.ds.Reviews {
		out[i] = cloneReview(r)
	}
	return out, nil
}

func (f *fakeStore) Review(w model.Week) (model.Review, bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, r := range f.ds.Reviews {
		if r.Week == w {
			return cloneReview(r), true, nil
		}
	}
	return model.Review{}, false, nil
}

func (f *fakeStore) StartReview(w model.Week) (model.Review, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.writable(); err != nil {
		return model.Review{}, err
	}
	for _, r := range f.ds.Reviews {
		if r.Week == w {
			return r, fmt.Errorf("review of %s: %w", w, model.ErrConflict)
		}
	}
	id := int64(len(f.ds.Reviews) + 1000)
	r := model.Review{ID: id, Week: w, State: model.ReviewInProgress, Facilitator: f.user, StartedAt: f.now(), Stamp: f.stamp(model.Stamp{})}
	for i, t := range f.ds.Settings.Checklist {
		r.Checklist = append(r.Checklist, model.ChecklistItem{ID: id*100 + int64(i), ReviewID: id, Position: i + 1,
			Text: t.Text, TimeboxMinutes: t.TimeboxMinutes, Stamp: f.stamp(model.Stamp{})})
	}
	f.ds.Reviews = append(f.ds.Reviews, r)
	f.writes++
	return cloneReview(r), nil
}

func (f *fakeStore) UpdateReview(r model.Review) (model.Review, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.writable(); err != nil {
		return r, err
	}
	if r.Rating < 0 || r.Rating > 10 {
		return r, fmt.Errorf("the meeting rating must be 1 to 10")
	}
	for i, old := range f.ds.Reviews {
		if old.ID != r.ID {
			continue
		}
		if old.Version != r.Version {
			return r, fmt.Errorf("review changed by %s: %w", old.UpdatedBy, model.ErrConflict)
		}
		if r.State == model.ReviewConcluded && r.ConcludedAt.IsZero() {
			r.ConcludedAt = f.now()
		}
		r.Checklist = old.Checklist
		r.Stamp = f.stamp(old.Stamp)
		f.ds.Reviews[i] = cloneReview(r)
		f.writes++
		return cloneReview(r), nil
	}
	return r, fmt.Errorf("review %d: %w", r.ID, model.ErrNotFound)
}

func (f *fakeStore) UpdateChecklistItem(it model.ChecklistItem) (model.ChecklistItem, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.writable(); err != nil {
		return it, err
	}
	for i, r := range f.ds.Reviews {
		for j, old := range r.Checklist {
			if old.ID != it.ID {
				continue
			}
			if old.Version != it.Version {
				return it, fmt.Errorf("checklist item changed by %s: %w", old.UpdatedBy, model.ErrConflict)
			}
			if it.Done {
				if it.DoneBy == "" {
					it.DoneBy = f.user
				}
				if it.DoneAt.IsZero() {
					it.DoneAt = f.now()
				}
			} else {
				it.DoneBy, it.DoneAt = "", time.Time{}
			}
			it.Stamp = f.stamp(old.Stamp)
			f.ds.Reviews[i].Checklist[j] = it
			f.writes++
			return it, nil
		}
	}
	return it, fmt.Errorf("checklist item %d: %w", it.ID, model.ErrNotFound)
}

func (f *fakeStore) ActionItems() ([]model.ActionItem, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.ds.ActionItems), nil
}

func (f *fakeStore) CreateActionItem(a model.ActionItem) (model.ActionItem, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.writable(); err != nil {
		return a, err
	}
	if strings.TrimSpace(a.Text) == "" {
		return a, fmt.Errorf("action item text is empty")
	}
	if a.CreatedWeek.IsZero() {
		a.CreatedWeek = model.CurrentWeek(f.now())
	}
	a.ID = int64(len(f.ds.ActionItems) + 500)
	a.Stamp = f.stamp(model.Stamp{})
	f.ds.ActionItems = append(f.ds.ActionItems, a)
	f.writes++
	return a, nil
}

func (f *fakeStore) UpdateActionItem(a model.ActionItem) (model.ActionItem, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.writable(); err != nil {
		return a, err
	}
	for i, old := range f.ds.ActionItems {
		if old.ID != a.ID {
			continue
		}
		if old.Version != a.Version {
			return a, fmt.Errorf("action item changed by %s: %w", old.UpdatedBy, model.ErrConflict)
		}
		if a.Done {
			if a.DoneBy == "" {
				a.DoneBy = f.user
			}
			if a.DoneAt.IsZero() {
				a.DoneAt = f.now()
			}
		} else {
			a.DoneBy, a.DoneAt = "", time.Time{}
		}
		a.Stamp = f.stamp(old.Stamp)
		f.ds.ActionItems[i] = a
		f.writes++
		return a, nil
	}
	return a, fmt.Errorf("action item %d: %w", a.ID, model.ErrNotFound)
}

func (f *fakeStore) UpdateSettings(st model.Settings) (model.Settings, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.writable(); err != nil {
		return st, err
	}
	if st.Version != f.ds.Settings.Version {
		return st, fmt.Errorf("settings changed: %w", model.ErrConflict)
	}
	st.Version++
	f.ds.Settings = st
	f.writes++
	return st, nil
}

// review is the stored review of w.
func (f *fakeStore) review(t *testing.T, w model.Week) model.Review {
	t.Helper()
	r, ok, _ := f.Review(w)
	if !ok {
		t.Fatalf("no review of %s in the store", w)
	}
	return r
}

func (f *fakeStore) kpi(t *testing.T, key string) model.KPI {
	t.Helper()
	for _, k := range f.ds.KPIs {
		if k.Key == key {
			return k
		}
	}
	t.Fatalf("no KPI %q", key)
	return model.KPI{}
}

// as runs fn as another user of the file.
func (f *fakeStore) as(user string, fn func()) {
	old := f.user
	f.user = user
	defer func() { f.user = old }()
	fn()
}

// harness drives the view the way the root does: it passes the week's data as
// the context, the body size, keys, and runs the commands the view returns,
// feeding their messages back; it keeps the clock, the notices and the
// requests to open a KPI.
type harness struct {
	t       *testing.T
	st      *fakeStore
	m       Model
	clock   time.Time
	styles  themes.Styles
	dir     string
	notices []frame.NoticeMsg
	opened  []int64
}

func newHarness(t *testing.T, w, h int) *harness {
	t.Helper()
	hs := &harness{t: t, clock: testNow, dir: t.TempDir()}
	hs.st = newFakeStore(func() time.Time { return hs.clock })
	th, _ := themes.Lookup("mono")
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.Ascii)
	hs.styles = themes.NewStyles(th, r)
	hs.m = New(hs.st, Options{Path: filepath.Join(hs.dir, "team.db"), Now: func() time.Time { return hs.clock }})
	hs.m = hs.m.SetSize(w, h)
	hs.show(w47)
	return hs
}

// dataFor is what the root's Load gives the views for week w.
func dataFor(st *fakeStore, w model.Week, readOnly string) *frame.Data {
	settings, _ := st.Settings()
	objs, _ := st.Objectives()
	all, _ := st.KPIs()
	from := w.Add(-12 - model.LookbackWeeks)
	vals, _ := st.Values(from, w)
	series := model.AllSeries(all, vals, from, w)
	d := &frame.Data{Week: w, Settings: settings, Objectives: objs, ReadOnly: readOnly, User: "tester", Trail: map[int64][]frame.TrailPoint{}}
	for _, k := range all {
		if k.Archived {
			continue
		}
		d.KPIs = append(d.KPIs, k)
		d.Readings = append(d.Readings, model.Evaluate(k, series[k.ID], w))
		d.Trail[k.ID] = model.Recent(k, series[k.ID], w, 13)
	}
	return d
}

// show makes w the week under review and shows the view, as the root does after
// a week change: new context, then Init.
func (h *harness) show(w model.Week) {
	h.t.Helper()
	h.m = h.m.SetContext(frame.Context{Data: dataFor(h.st, w, h.st.readOnly), Styles: h.styles, Now: h.clock})
	h.run(h.m.Init())
}

// run runs cmd and what it leads to.
func (h *harness) run(cmd tea.Cmd) {
	h.t.Helper()
	queue := []tea.Cmd{cmd}
	for steps := 0; len(queue) > 0; steps++ {
		if steps > 100 {
			h.t.Fatal("commands keep producing commands")
		}
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		switch msg := c().(type) {
		case nil:
		case tea.BatchMsg:
			queue = append(queue, msg...)
		case frame.NoticeMsg:
			h.notices = append(h.notices, msg)
		case frame.OpenKPIMsg:
			h.opened = append(h.opened, msg.KPIID)
		default:
			var next tea.Cmd
			h.m, next = h.m.Update(msg)
			queue = append(queue, next)
		}
	}
}

// keyNames are the key names press knows; anything else is typed rune by rune.
var keyNames = map[string]tea.KeyType{
	"enter": tea.KeyEnter, "esc": tea.KeyEsc, "tab": tea.KeyTab, "shift+tab": tea.KeyShiftTab, "up": tea.KeyUp,
	"down": tea.KeyDown, "left": tea.KeyLeft, "right": tea.KeyRight, "space": tea.KeySpace, "ctrl+s": tea.KeyCtrlS,
	"ctrl+u": tea.KeyCtrlU, "backspace": tea.KeyBackspace,
}

func (h *harness) press(keys ...string) {
	h.t.Helper()
	for _, k := range keys {
		var msgs []tea.KeyMsg
		if kt, ok := keyNames[k]; ok {
			msg := tea.KeyMsg{Type: kt}
			if kt == tea.KeySpace {
				msg = tea.KeyMsg{Type: tea.KeySpace, Runes: []rune{' '}}
			}
			msgs = append(msgs, msg)
		} else {
			for _, r := range k {
				msgs = append(msgs, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
			}
		}
		for _, msg := range msgs {
			var cmd tea.Cmd
			h.m, cmd = h.m.Update(msg)
			h.run(cmd)
		}
	}
}

// advance moves the clock and lets the timer tick.
func (h *harness) advance(d time.Duration) {
	h.t.Helper()
	h.clock = h.clock.Add(d)
	h.m, _ = h.m.Update(tickMsg{id: h.m.tickID})
}

func (h *harness) screen() string { return h.m.View() }

// wants fails unless the screen shows every one of want.
func (h *harness) wants(want ...string) {
	h.t.Helper()
	s := h.screen()
	for _, w := range want {
		if !strings.Contains(s, w) {
			h.t.Errorf("the screen lacks %q:\n%s", w, s)
			return
		}
	}
}

// cursorOn moves the cursor to the row showing text.
func (h *harness) cursorOn(text string) {
	h.t.Helper()
	h.press("g")
	for range 40 {
		for _, l := range strings.Split(h.screen(), "\n") {
			if strings.HasPrefix(strings.TrimSpace(l), "▸") && strings.Contains(l, text) {
				return
			}
		}
		h.press("j")
	}
	h.t.Fatalf("no row shows %q:\n%s", text, h.screen())
}
