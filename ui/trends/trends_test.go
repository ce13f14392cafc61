package trends

import (
	"io"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"

	"kpi/model"
	"kpi/themes"
	"kpi/ui/chart"
	"kpi/ui/fakestore"
	"kpi/ui/frame"
)

var w47 = model.MustWeek("2026-W47")

// store is the shared fake store over a small team, counting the history reads.
type store struct {
	*fakestore.Store
	kpis  []model.KPI // the team's KPIs, as the root would pass them in
	reads atomic.Int64
}

// newStore is a store over ds, written by "tester" at a fixed time.
func newStore(ds model.Dataset) *store {
	now := time.Date(2026, 11, 18, 10, 0, 0, 0, time.UTC)
	return &store{Store: fakestore.NewFrom(ds, fakestore.Options{Now: func() time.Time { return now }}), kpis: ds.KPIs}
}

func (s *store) ValuesOf(id int64, from, to model.Week) ([]model.Value, error) {
	s.reads.Add(1)
	return s.Store.ValuesOf(id, from, to)
}

// value is what the store holds for KPI id in week w.
func (s *store) value(id int64, w model.Week) (model.Value, bool) {
	vs, _ := s.Store.ValuesOf(id, w, w)
	if len(vs) == 0 {
		return model.Value{}, false
	}
	return vs[0], true
}

func kpi(id int64, key string, dir model.Direction, unit string, decimals int, targets ...model.TargetPoint) model.KPI {
	return model.KPI{ID: id, Key: key, Name: strings.ToUpper(key[:1]) + key[1:], Unit: unit, Decimals: decimals, Direction: dir,
		Targets: targets, Tolerance: model.DefaultTolerance, Tier: model.TierKey, Indicator: model.Lagging,
		Kind: model.Quantitative, Cadence: model.Weekly, Aggregate: model.AggSum, Owner: "ana"}
}

func num(id int64, w model.Week, n float64) model.Value {
	return model.Value{ID: id*1000 + int64(w.Num), KPIID: id, Week: w, Number: n, HasNumber: true, Stamp: model.Stamp{Version: 1, UpdatedBy: "ana"}}
}

// team is a small file: revenue (up, OMTM) with 30 weeks of values and a gap in
// W40, churn (down), latency (range), won and created, and win_rate derived from
// them: 5/20 = 25 % in W47, created 0 in W46 (n/a), created missing in W45.
func team() *store { return newStore(teamData()) }

// teamData is the dataset of team.
func teamData() model.Dataset {
	t := func(v float64) model.TargetPoint {
		return model.TargetPoint{Week: model.MustWeek("2026-W01"), Value: v}
	}
	revenue := kpi(1, "revenue", model.Up, "$", 0, t(1000))
	revenue.OMTM = true
	revenue.Aggregate = model.AggLast
	latency := kpi(3, "latency", model.Range, "ms", 0, model.TargetPoint{Week: model.MustWeek("2026-W01"), Value: 120, High: 250})
	rate := kpi(6, "win_rate", model.Up, "%", 1, t(25))
	rate.Formula = "won / created * 100"
	ds := model.Dataset{KPIs: []model.KPI{revenue, kpi(2, "churn", model.Down, "%", 2, t(0.45)), latency,
		kpi(4, "won", model.Up, "deals", 0), kpi(5, "created", model.Up, "deals", 0), rate}}
	for i := 0; i < 30; i++ {
		w := w47.Add(-i)
		if w != model.MustWeek("2026-W40") {
			ds.Values = append(ds.Values, num(1, w, 900+float64(30-i)*5))
		}
		ds.Values = append(ds.Values, num(2, w, 0.5-float64(i%5)*0.02), num(3, w, 150+float64(i%7)*20))
	}
	ds.Values = append(ds.Values, num(4, w47, 5), num(5, w47, 20), num(4, w47.Add(-1), 3), num(5, w47.Add(-1), 0), num(4, w47.Add(-2), 4))
	return ds
}

func styles() *themes.Styles {
	th, err := themes.Lookup("mono")
	if err != nil {
		panic(err)
	}
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.Ascii)
	return themes.NewStyles(th, r)
}

func data(s *store) *frame.Data {
	d := &frame.Data{Week: w47, User: "tester"}
	for _, k := range s.kpis {
		if !k.Archived {
			d.KPIs = append(d.KPIs, k)
		}
	}
	return d
}

// opened is the view at w×h over s, showing KPI key, loaded.
func opened(t *testing.T, s *store, key string, w, h int) Model {
	t.Helper()
	m := New(s).SetContext(frame.Context{Data: data(s), Styles: styles()}).SetSize(w, h)
	for _, k := range s.kpis {
		if k.Key == key {
			var cmd tea.Cmd
			m, cmd = m.Update(frame.OpenKPIMsg{KPIID: k.ID})
			m, _ = run(t, m, cmd)
			return m
		}
	}
	t.Fatalf("no KPI %q", key)
	return m
}

// run runs cmd and feeds its messages back into m, as the runtime would; it
// returns the messages meant for the root (reloads, notices).
func run(t *testing.T, m Model, cmd tea.Cmd) (Model, []tea.Msg) {
	t.Helper()
	var root []tea.Msg
	queue := []tea.Cmd{cmd}
	for steps := 0; len(queue) > 0; steps++ {
		if steps > 50 {
			t.Fatal("commands keep producing commands")
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
		case frame.ReloadMsg, frame.NoticeMsg:
			root = append(root, msg)
		default:
			var next tea.Cmd
			m, next = m.Update(msg)
			queue = append(queue, next)
		}
	}
	return m, root
}

var named = map[string]tea.KeyType{"enter": tea.KeyEnter, "esc": tea.KeyEsc, "tab": tea.KeyTab, "left": tea.KeyLeft,
	"right": tea.KeyRight, "up": tea.KeyUp, "down": tea.KeyDown, "ctrl+u": tea.KeyCtrlU, "home": tea.KeyHome}

// press sends keys (named, or text typed rune by rune) and runs what they start.
func press(t *testing.T, m Model, keys ...string) (Model, []tea.Msg) {
	t.Helper()
	var root []tea.Msg
	for _, k := range keys {
		var msgs []tea.KeyMsg
		if kt, ok := named[k]; ok {
			msgs = append(msgs, tea.KeyMsg{Type: kt})
		} else {
			for _, r := range k {
				msgs = append(msgs, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
			}
		}
		for _, msg := range msgs {
			var cmd tea.Cmd
			var got []tea.Msg
			m, cmd = m.Update(msg)
			m, got = run(t, m, cmd)
			root = append(root, got...)
		}
	}
	return m, root
}

func id(s *store, key string) int64 {
	for _, k := range s.kpis {
		if k.Key == key {
			return k.ID
		}
	}
	return 0
}

// row is the table line of week w (as "W47"), or "".
func row(m Model, w model.Week) string {
	for _, l := range strings.Split(m.View(), "\n") {
		if strings.Contains(l, w.String()+"  ") {
			return l
		}
	}
	return ""
}

func TestFirstKPIBeforeAnyIsOpened(t *testing.T) {
	s := team()
	m := New(s).SetContext(frame.Context{Data: data(s), Styles: styles()}).SetSize(100, 30)
	if k, ok := m.Shown(); !ok || k.Key != "revenue" {
		t.Fatalf("shows %q before any KPI is opened; want the OMTM revenue", k.Key)
	}
	if !strings.Contains(m.View(), "Loading the history of Revenue") {
		t.Errorf("before its load the view does not say it is loading:\n%s", m.View())
	}
	m, _ = run(t, m, m.Init())
	if !strings.Contains(m.View(), "$1,050") || !strings.Contains(m.View(), "under review") {
		t.Errorf("after Init the view does not show the loaded KPI:\n%s", m.View())
	}
}

func TestOpenKPIShowsItsHistory(t *testing.T) {
	s := team()
	m := opened(t, s, "churn", 120, 40)
	screen := m.View()
	for _, want := range []string{"Churn", "0.50%", "✗ off track", "target ≤ 0.45%", "Latest", "Forecast", "Nov sum", "2026-W47 under review"} {
		if !strings.Contains(screen, want) {
			t.Errorf("churn's trends lack %q:\n%s", want, screen)
		}
	}
	if m.Cursor() != w47 {
		t.Errorf("the cursor is on %s, want the week under review %s", m.Cursor(), w47)
	}
	for _, l := range strings.Split(screen, "\n") {
		if w := ansi.StringWidth(l); w > 120 {
			t.Errorf("a line is %d wide", w)
		}
	}
}

func TestStaleLoadsAreDropped(t *testing.T) {
	s := team()
	m := New(s).SetContext(frame.Context{Data: data(s), Styles: styles()}).SetSize(100, 30)
	m, first := m.Update(frame.OpenKPIMsg{KPIID: id(s, "churn")})
	m, second := m.Update(frame.OpenKPIMsg{KPIID: id(s, "latency")})
	m, _ = m.Update(second())
	m, _ = m.Update(first())
	if k, _ := m.Shown(); k.Key != "latency" || m.hist.kpiID != id(s, "latency") {
		t.Errorf("a stale load replaced latency's history with KPI %d's", m.hist.kpiID)
	}
}

func TestNextAndPreviousKPI(t *testing.T) {
	s := team()
	m := opened(t, s, "revenue", 100, 30)
	var keys []string
	for range s.kpis {
		m, _ = press(t, m, "n")
		k, _ := m.Shown()
		keys = append(keys, k.Key)
	}
	if got := strings.Join(keys, " "); got != "churn latency won created win_rate revenue" {
		t.Errorf("n cycles %s", got)
	}
	if m.hist == nil || m.hist.kpiID != id(s, "revenue") {
		t.Error("cycling did not load the shown KPI's history")
	}
	m, _ = press(t, m, "N")
	if k, _ := m.Shown(); k.Key != "win_rate" {
		t.Errorf("N from revenue went to %s, want win_rate (wrapping around)", k.Key)
	}
}

// TestNextAndPreviousKPIFollowTheFilter: with a `/` filter, n and N go through
// the KPIs it shows (here those with an "r" in key, name or owner), the header
// counts them, and from a KPI the filter hides n opens the first and N the last.
func TestNextAndPreviousKPIFollowTheFilter(t *testing.T) {
	s := team()
	filtered := func(m Model) Model {
		return m.SetContext(frame.Context{Data: data(s), Styles: styles(), Filter: "r"})
	}
	m := filtered(opened(t, s, "revenue", 100, 30))
	var keys []string
	for range 4 {
		m, _ = press(t, m, "n")
		k, _ := m.Shown()
		keys = append(keys, k.Key)
	}
	if got := strings.Join(keys, " "); got != "churn created win_rate revenue" {
		t.Errorf("n with the filter r cycles %s", got)
	}
	if !strings.Contains(m.View(), "KPI 1 of 4 (n/N)") {
		t.Errorf("the header does not count the filtered KPIs:\n%s", m.View())
	}
	m, _ = press(t, m, "N")
	if k, _ := m.Shown(); k.Key != "win_rate" {
		t.Errorf("N from revenue went to %s, want win_rate", k.Key)
	}
	for key, want := range map[string]string{"n": "revenue", "N": "win_rate"} {
		m = filtered(opened(t, s, "latency", 100, 30)) // hidden by the filter
		m, _ = press(t, m, key)
		if k, _ := m.Shown(); k.Key != want {
			t.Errorf("%s from a hidden KPI went to %s, want %s", key, k.Key, want)
		}
	}
}

func TestRangeKeys(t *testing.T) {
	m := opened(t, team(), "revenue", 100, 30)
	if m.RangeWeeks() != 26 || len(m.window()) != 26 {
		t.Fatalf("the default range is %d weeks with %d in the window, want 26", m.RangeWeeks(), len(m.window()))
	}
	for _, want := range []int{52, 0, 0} {
		m, _ = press(t, m, "+")
		if m.RangeWeeks() != want {
			t.Errorf("+ gave %d weeks, want %d", m.RangeWeeks(), want)
		}
	}
	// all: from the first value (30 weeks back) to the week under review
	if n := len(m.window()); n != 30 || !strings.Contains(m.View(), "all 30 weeks") {
		t.Errorf("all shows %d weeks, want 30:\n%s", n, m.View())
	}
	for _, want := range []int{52, 26, 13, 13} {
		m, _ = press(t, m, "-")
		if m.RangeWeeks() != want {
			t.Errorf("- gave %d weeks, want %d", m.RangeWeeks(), want)
		}
	}
	if n := len(m.window()); n != 13 || !strings.Contains(m.View(), "W35") || strings.Contains(m.View(), "W34") {
		t.Errorf("13 weeks shows %d weeks:\n%s", n, m.View())
	}
}

func TestCursorMovesAndStaysInTheWindow(t *testing.T) {
	m := opened(t, team(), "revenue", 120, 40)
	m, _ = press(t, m, "left", "left", "j")
	if want := w47.Add(-3); m.Cursor() != want {
		t.Fatalf("← ← j put the cursor on %s, want %s", m.Cursor(), want)
	}
	if r := row(m, w47.Add(-3)); !strings.HasPrefix(r, "▸") && !strings.Contains(r, "▸ 2026-W44") {
		t.Errorf("the W44 row is not marked:\n%s", m.View())
	}
	if !strings.Contains(m.View(), "● 2026-W44 selected") || !strings.Contains(m.View(), chart.ValueMark) {
		t.Errorf("the chart does not mark the cursor:\n%s", m.View())
	}
	m, _ = press(t, m, "right", "k", "right", "right", "right")
	if m.Cursor() != w47 {
		t.Errorf("moving right past the week under review left the cursor on %s", m.Cursor())
	}
	m, _ = press(t, m, "home")
	if m.Cursor() != w47.Add(-25) {
		t.Errorf("home went to %s, want the oldest week of 26", m.Cursor())
	}
	// a shorter range pulls the cursor into the window
	m, _ = press(t, m, "-")
	if m.Cursor() != w47.Add(-12) {
		t.Errorf("after - the cursor is on %s, want %s", m.Cursor(), w47.Add(-12))
	}
}

func TestEditAPastWeek(t *testing.T) {
	s := team()
	m := opened(t, s, "revenue", 120, 40)
	reads := s.reads.Load()
	m, _ = press(t, m, "left", "left", "left", "enter")
	if !m.Capturing() || !strings.Contains(m.View(), "Editing 2026-W44") {
		t.Fatalf("enter did not open W44 for editing:\n%s", m.View())
	}
	m, root := press(t, m, "ctrl+u", "1,234", "tab", "big deal", "enter")
	v, ok := s.value(id(s, "revenue"), w47.Add(-3))
	if !ok || v.Number != 1234 || v.Note != "big deal" || v.Version != 2 {
		t.Fatalf("stored %+v, want 1234 with the note at version 2", v)
	}
	if m.Capturing() {
		t.Error("the editor is still open after the save")
	}
	reloads := 0
	for _, msg := range root {
		if _, ok := msg.(frame.ReloadMsg); ok {
			reloads++
		}
	}
	if reloads != 1 || s.reads.Load() == reads {
		t.Errorf("after the save: %d reload requests to the root, %d history reads; want one and a read", reloads, s.reads.Load()-reads)
	}
	if r := row(m, w47.Add(-3)); !strings.Contains(r, "$1,234") || !strings.Contains(r, "big deal") {
		t.Errorf("the table does not show the new value and note: %q", r)
	}
	if !strings.Contains(m.View(), "Saved Revenue for 2026-W44: $1,234") {
		t.Errorf("no saved message:\n%s", m.View())
	}
}

func TestEditAWeekWithoutValueAndCancel(t *testing.T) {
	s := team()
	m := opened(t, s, "revenue", 120, 40)
	gap := model.MustWeek("2026-W40")
	for m.Cursor() != gap {
		m, _ = press(t, m, "left")
	}
	if r := row(m, gap); !strings.Contains(r, "—") {
		t.Fatalf("the gap week's row shows a value: %q", r)
	}
	m, _ = press(t, m, "enter", "950", "esc")
	if _, ok := s.value(id(s, "revenue"), gap); ok || m.Capturing() {
		t.Fatalf("esc saved the value or left the editor open")
	}
	m, _ = press(t, m, "enter", "950", "enter")
	if v, ok := s.value(id(s, "revenue"), gap); !ok || v.Number != 950 || v.Version != 1 {
		t.Errorf("a new value for the gap week: %+v, %v", v, ok)
	}
}

func TestBadValueIsRefusedWithTheReason(t *testing.T) {
	s := team()
	m := opened(t, s, "revenue", 120, 40)
	m, _ = press(t, m, "left", "enter", "ctrl+u", "abc", "enter")
	if s.Writes() != 0 {
		t.Errorf("abc was saved")
	}
	if !m.Capturing() || !strings.Contains(m.View(), "✗ ") || !strings.Contains(m.View(), `"abc"`) {
		t.Errorf("abc was not refused with a reason:\n%s", m.View())
	}
	m, _ = press(t, m, "ctrl+u", "enter")
	if s.Writes() != 0 || !strings.Contains(m.View(), "type a value first") {
		t.Errorf("an empty value was not refused:\n%s", m.View())
	}
}

func TestConflictShowsTheirsAndEnterAgainOverwrites(t *testing.T) {
	s := team()
	m := opened(t, s, "revenue", 120, 40)
	w := w47.Add(-1)
	m, _ = press(t, m, "left", "enter", "ctrl+u", "777")
	// someone else saves the week after the edit started
	theirs, _ := s.value(id(s, "revenue"), w)
	theirs.Number = 555
	if _, err := s.SaveValue(theirs); err != nil {
		t.Fatal(err)
	}
	m, _ = press(t, m, "enter")
	if v, _ := s.value(id(s, "revenue"), w); v.Number != 555 {
		t.Fatalf("the edit overwrote theirs without asking: %v", v.Number)
	}
	if !m.Capturing() || !strings.Contains(m.View(), "saved $555 for 2026-W46 meanwhile") {
		t.Fatalf("the conflict does not show theirs:\n%s", m.View())
	}
	m, _ = press(t, m, "enter")
	if v, _ := s.value(id(s, "revenue"), w); v.Number != 777 {
		t.Errorf("enter again did not replace theirs: %v", v.Number)
	}
}

func TestDerivedKPIIsShownAndNotEditable(t *testing.T) {
	s := team()
	m := opened(t, s, "win_rate", 120, 40)
	screen := m.View()
	for _, want := range []string{"ƒ Win_rate", "ƒ = won / created * 100", "derived: computed each week from Created and Won"} {
		if !strings.Contains(screen, want) {
			t.Errorf("the derived KPI lacks %q:\n%s", want, screen)
		}
	}
	if r := row(m, w47); !strings.Contains(r, "25.0%") {
		t.Errorf("won 5 / created 20 * 100 does not show 25.0%%: %q", r)
	}
	if r := row(m, w47.Add(-1)); !strings.Contains(r, "n/a") || strings.Contains(r, "Inf") || strings.Contains(r, "NaN") {
		t.Errorf("created 0 does not show n/a: %q", r)
	}
	if r := row(m, w47.Add(-2)); !strings.Contains(r, "—") || !strings.Contains(r, "missing: no value for created") {
		t.Errorf("a week without created does not show missing: %q", r)
	}
	m, _ = press(t, m, "enter")
	if m.Capturing() || !strings.Contains(m.View(), "Win_rate is derived") || s.Writes() != 0 {
		t.Errorf("enter on a derived KPI did not refuse with the reason:\n%s", m.View())
	}
}

func TestReadOnlyFileRefusesTheEdit(t *testing.T) {
	s := team()
	d := data(s)
	d.ReadOnly = "the file is read-only for you"
	m := New(s).SetContext(frame.Context{Data: d, Styles: styles()}).SetSize(100, 30)
	m, _ = run(t, m, m.Init())
	m, _ = press(t, m, "enter")
	if m.Capturing() || !strings.Contains(m.View(), "Nothing can be saved: the file is read-only") {
		t.Errorf("enter on a read-only file did not explain:\n%s", m.View())
	}
}

// TestFitsEverySize: at every body size the app can give (60 cells and wider,
// 11 lines and taller: the smallest terminal less the header, tab bar and
// footer), browsing and editing, for every kind of KPI, the view draws nothing
// the root's Fit would cut (frame.Overflow), and with no height it draws nothing.
func TestFitsEverySize(t *testing.T) {
	s := team()
	for _, key := range []string{"revenue", "latency", "win_rate"} {
		for _, w := range []int{60, 61, 80, 99, 120, 200, 250} {
			for _, h := range []int{0, 11, 12, 13, 16, 21, 36, 66} {
				m := opened(t, s, key, w, h)
				frames := map[string]string{"browse": m.View()}
				e, _ := press(t, m, "left", "enter", "1")
				frames["edit"] = e.View()
				a, _ := press(t, m, "+", "+")
				frames["all"] = a.View()
				for name, f := range frames {
					if h == 0 {
						if f != "" {
							t.Errorf("%s %dx%d %s: %q for no height", key, w, h, name, f)
						}
						continue
					}
					if lines := strings.Split(f, "\n"); len(lines) < h {
						t.Errorf("%s %dx%d %s: %d lines", key, w, h, name, len(lines))
					}
					for _, o := range frame.Overflow(f, w, h) {
						t.Errorf("%s %dx%d %s: %s", key, w, h, name, o)
					}
				}
			}
		}
	}
}

// BenchmarkCursorKey is a keypress in Trends handled and drawn (spec §7: 16 ms):
// the cursor moves and the chart is redrawn, for ten years of weekly values shown
// whole at 250×66 and for 26 weeks at 120×36.
func BenchmarkCursorKey(b *testing.B) {
	ds := teamData()
	for i := 30; i < 520; i++ {
		ds.Values = append(ds.Values, num(1, w47.Add(-i), 500+float64(i%17)))
	}
	s := newStore(ds)
	for _, c := range []struct {
		name   string
		w, h   int
		ranges int
	}{{"26w-120x36", 120, 36, 0}, {"all-250x66", 250, 66, 2}} {
		b.Run(c.name, func(b *testing.B) {
			m := New(s).SetContext(frame.Context{Data: data(s), Styles: styles()}).SetSize(c.w, c.h)
			msg := m.Init()()
			m, cmd := m.Update(msg)
			m, _ = m.Update(cmd())
			for range c.ranges {
				m, _ = m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("+")})
			}
			left, right := tea.KeyMsg{Type: tea.KeyLeft}, tea.KeyMsg{Type: tea.KeyRight}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				key := left
				if i%2 == 1 {
					key = right
				}
				m, _ = m.Update(key)
				_ = m.View()
			}
		})
	}
}

// TestMonthlyKPIIsLabelledInMonths: a monthly KPI's stats speak in months —
// the change "since last month", the change three months back, and
// the average counting its values ("over 3 months"), not the range's weeks.
func TestMonthlyKPIIsLabelledInMonths(t *testing.T) {
	burn := kpi(1, "burn", model.Down, "$", 0, model.TargetPoint{Week: model.MustWeek("2026-W01"), Value: 90000})
	burn.Cadence = model.Monthly
	nov := model.DueWeekOf(model.Monthly, w47)
	oct := model.DueWeekOf(model.Monthly, nov.Prev())
	sep := model.DueWeekOf(model.Monthly, oct.Prev())
	aug := model.DueWeekOf(model.Monthly, sep.Prev())
	// September has no value: three values in the 26 weeks shown
	ds := model.Dataset{KPIs: []model.KPI{burn}, Values: []model.Value{num(1, aug, 80000), num(1, oct, 85000), num(1, nov, 91000)}}
	m := opened(t, newStore(ds), "burn", 120, 40)
	screen := m.View()
	for _, want := range []string{"+$6,000 since last month", "3 mo ago", "+$11,000 3 mo", "over 3 months"} {
		if !strings.Contains(screen, want) {
			t.Errorf("a monthly KPI's trends lack %q:\n%s", want, screen)
		}
	}
	for _, l := range strings.Split(screen, "\n") {
		if strings.Contains(l, "Last week") || strings.Contains(l, "wks ago") || strings.Contains(l, " 1 wk") || strings.Contains(l, "over 26 weeks") {
			t.Errorf("a monthly KPI is described in weeks: %q", l)
		}
	}
}
