package ui

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"kpi/model"
	"kpi/report"
	"kpi/ui/fakestore"
)

// Week events in the app: a ◆ on the Scorecard's week heading and on the
// Trends chart's time axis, the text in the Scorecard's detail line and in
// Trends' legend and weekly table, in the walkthrough, and in the report a
// concluded review writes.

// withEvents adds events to the demo team: two in W47 (the week under
// review), one in W45.
func withEvents(st *fakestore.Store) {
	st.Edit(func(ds *model.Dataset) {
		ds.Events = append(ds.Events,
			model.Event{ID: 1, Week: w47.Add(-2), Text: "Holiday"},
			model.Event{ID: 2, Week: w47, Text: "Launch"},
			model.Event{ID: 3, Week: w47, Text: "Outage"})
	})
}

func TestScorecardMarksEventWeeksAndSaysTheirText(t *testing.T) {
	st := newFakeStore()
	withEvents(st)
	m := press(t, started(t, st, 160, 50), "3")
	head := screenLine(t, m, "Owner")
	if !strings.Contains(head, "◆W45") || !strings.Contains(head, "◆W47") || strings.Contains(head, "◆W46") {
		t.Errorf("the week headings do not mark W45 and W47 alone: %q", head)
	}
	if !strings.Contains(screenLine(t, m, "Scorecard  "), "◆ event") {
		t.Errorf("the legend does not explain the mark:\n%s", m.View())
	}
	if !strings.Contains(m.View(), "· ◆ Launch; Outage") {
		t.Errorf("the detail line of W47 lacks its events:\n%s", m.View())
	}
	m = press(t, m, "left")
	if strings.Contains(m.View(), "◆ Launch") || strings.Contains(m.View(), "◆ Holiday") {
		t.Errorf("W46 has no event but the detail line says one:\n%s", m.View())
	}
	m = press(t, m, "left")
	if !strings.Contains(m.View(), "· ◆ Holiday") {
		t.Errorf("the detail line of W45 lacks its event:\n%s", m.View())
	}
}

func TestScorecardWithoutEventsHasNoMark(t *testing.T) {
	m := press(t, started(t, newFakeStore(), 160, 50), "3")
	if strings.Contains(m.View(), "◆") {
		t.Errorf("a team without events shows the event mark:\n%s", m.View())
	}
}

func TestTrendsMarksEventsOnTheAxisAndInTheTable(t *testing.T) {
	st := newFakeStore()
	withEvents(st)
	m := openTrends(t, st, "mrr", 120, 40)
	lines := strings.Split(m.View(), "\n")
	axis := -1
	for i, l := range lines {
		if strings.Contains(l, "└") {
			axis = i
		}
	}
	if axis < 0 || strings.Count(lines[axis], "◆") != 2 {
		t.Fatalf("the time axis does not carry two event marks:\n%s", m.View())
	}
	if row := screenLine(t, m, "2026-W47  $"); !strings.Contains(row, "◆ Launch; Outage") {
		t.Errorf("the table's W47 row lacks its events: %q", row)
	}
	if row := screenLine(t, m, "2026-W45  $"); !strings.Contains(row, "◆ Holiday") {
		t.Errorf("the table's W45 row lacks its event: %q", row)
	}
	if legend := screenLine(t, m, "── values"); !strings.Contains(legend, "◆ Launch; Outage") {
		t.Errorf("with the cursor on W47 the legend does not say its events: %q", legend)
	}
	m = press(t, m, "left")
	if legend := screenLine(t, m, "── values"); !strings.Contains(legend, "◆ event") {
		t.Errorf("on W46 the legend does not explain the mark: %q", legend)
	}
}

func TestWalkthroughAndReportTellTheWeeksEvents(t *testing.T) {
	st := newFakeStore()
	withEvents(st)
	m := inProgress(t, st, 120, 40)
	m = press(t, m, "w")
	if !strings.Contains(m.View(), "◆ This week: Launch; Outage") {
		t.Errorf("the walkthrough does not list the week's events:\n%s", m.View())
	}
	m = press(t, m, "esc", "c", "8", "enter")
	text, err := os.ReadFile(report.PathFor(m.opt.Path, w47))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(text), "**This week:** Launch; Outage") || strings.Contains(string(text), "Holiday") {
		t.Errorf("the report does not tell W47's events alone:\n%s", text)
	}
}

// TestGoldenGroupsAndEvents: the Scorecard grouped by a tag with event weeks,
// the dashboard grouped by a tag, Trends on an event's week and the
// walkthrough of a week with events, at 80×24 and 120×40.
func TestGoldenGroupsAndEvents(t *testing.T) {
	for _, c := range []struct {
		name string
		keys []string
	}{
		{"scorecard-by-tag", []string{"3", "b"}},
		{"dashboard-by-tag", []string{"b", "b"}},
		{"trends-event-week", []string{"4", "left", "left"}},
		{"walkthrough-events", []string{"5", "w"}},
	} {
		for _, size := range [][2]int{{80, 24}, {120, 40}} {
			t.Run(fmt.Sprintf("%s-%dx%d", c.name, size[0], size[1]), func(t *testing.T) {
				st := taggedStore(t)
				withEvents(st)
				golden.RequireEqual(t, press(t, started(t, st, size[0], size[1]), c.keys...).View()+"\n")
			})
		}
	}
}
