package ui

import (
	"fmt"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"kpi/model"
	"kpi/ui/frame"
	"kpi/ui/review"
)

// Headless is the app without a terminal: the root the running app uses, with
// every command it asks for run to completion before the next key, in the order
// the Bubble Tea runtime would run them. Snapshot draws its first frame; the
// benchmarks of spec §7 press keys on it to measure a key with everything it
// loads, on the real file.
type Headless struct{ m Model }

// NewHeadless opens the app on shot's view and size with the week loaded, as
// Snapshot draws it.
func NewHeadless(opt Options, shot Shot) (*Headless, error) {
	m := New(opt)
	idx := viewDashboard
	if shot.KPI != "" {
		idx = viewTrends
	}
	walk := strings.EqualFold(shot.View, WalkthroughView)
	if walk {
		idx = viewReview
	}
	if shot.View != "" && !walk {
		idx = -1
		for i, n := range ViewNames() {
			if strings.EqualFold(shot.View, n) || shot.View == fmt.Sprint(i+1) {
				idx = i
			}
		}
		if idx < 0 {
			return nil, fmt.Errorf("no view %q; choose one of %s", shot.View, strings.Join(append(ViewNames(), WalkthroughView), ", "))
		}
	}
	// the first load as the app's: without a week asked for, this week, or the
	// latest week with values when this week and the four before have none
	// (goto.go), saying so in the notice line as the app does
	first := m.loadLatest()
	if opt.Week.IsZero() {
		first = m.openingLoad()
	}
	msg := first()
	switch x := msg.(type) {
	case loadedMsg:
		if x.err != nil {
			return nil, x.err
		}
	case openedAtMsg:
		if x.loaded.err != nil {
			return nil, x.loaded.err
		}
	}
	m, _ = m.Update(msg)
	m, _ = m.Update(tea.WindowSizeMsg{Width: shot.Width, Height: shot.Height})
	d := m.data
	var walkID int64
	if shot.KPI != "" {
		found := false
		key := model.Sanitize(shot.KPI, false) // Load cleans keys like every other text
		for _, k := range d.KPIs {
			if k.Key == key {
				m, _ = m.Update(frame.OpenKPIMsg{KPIID: k.ID})
				found, walkID = true, k.ID
			}
		}
		if !found {
			return nil, fmt.Errorf("no active KPI %q", shot.KPI)
		}
	}
	m.active = idx
	m.layout()
	// what the running app does when a view is shown: a view that reads more than
	// the week's data (Trends) loads it, here synchronously
	m = settle(m, m.initView(m.active))
	if walk {
		m = settle(m, func() tea.Msg { return review.WalkMsg{KPIID: walkID} })
	}
	return &Headless{m}, nil
}

// Press handles one key and runs what it asks for (reloads included) until
// nothing is left, as the app would before the user sees the next frame.
func (h *Headless) Press(k tea.KeyMsg) {
	m, cmd := h.m.Update(k)
	h.m = settle(m, cmd)
}

// View draws the current frame.
func (h *Headless) View() string { return h.m.View() }
