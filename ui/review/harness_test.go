package review

import (
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"kpi/model"
	"kpi/report"
	"kpi/themes"
	"kpi/ui/fakestore"
	"kpi/ui/frame"
)

// testNow is the fixed start of the tests' clock: Wednesday of 2026-W47.
var testNow = time.Date(2026, 11, 18, 10, 0, 0, 0, time.UTC)

var w47 = model.MustWeek("2026-W47")

// harness drives the view the way the root does: it passes the week's data as
// the context, the body size, keys, and runs the commands the view returns,
// feeding their messages back; it keeps the clock, the notices and the
// requests to open a KPI.
type harness struct {
	t       *testing.T
	st      *fakestore.Store
	m       Model
	clock   time.Time
	styles  *themes.Styles
	dir     string
	notices []frame.NoticeMsg
	opened  []int64
}

func newHarness(t *testing.T, w, h int) *harness {
	t.Helper()
	hs := &harness{t: t, clock: testNow, dir: t.TempDir()}
	hs.st = fakestore.New(fakestore.Options{Now: func() time.Time { return hs.clock }})
	th, _ := themes.Lookup("mono")
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.Ascii)
	hs.styles = themes.NewStyles(th, r)
	hs.m = New(hs.st, Options{Reports: report.Files{Source: hs.st, TeamPath: filepath.Join(hs.dir, "team.db")}, Now: func() time.Time { return hs.clock }})
	hs.m = hs.m.SetSize(w, h)
	hs.show(w47)
	return hs
}

// dataFor is what the root's Load gives the views for week w.
func dataFor(st *fakestore.Store, w model.Week, readOnly string) *frame.Data {
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
	h.m = h.m.SetContext(frame.Context{Data: dataFor(h.st, w, h.st.ReadOnlyReason()), Styles: h.styles, Now: h.clock})
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
	"ctrl+u": tea.KeyCtrlU, "backspace": tea.KeyBackspace, "home": tea.KeyHome, "end": tea.KeyEnd,
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
	h.press("home")
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
