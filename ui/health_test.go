package ui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"kpi/model"
	"kpi/ui/fakestore"
)

// Tests of the Dashboard's health list: columns sized to their texts, the
// line that says what is out of sight, and the sort by status.

// setValue stores n as KPI key's value for week w.
func setValue(t *testing.T, st *fakestore.Store, key string, w model.Week, n float64) {
	t.Helper()
	k := st.KPIByKey(t, key)
	v, _ := st.ValueOf(t, key, w)
	v.KPIID, v.Week, v.Number, v.HasNumber = k.ID, w, n, true
	if _, err := st.SaveValue(v); err != nil {
		t.Fatal(err)
	}
}

// TestHealthChangeNeverRunsIntoTheSparkline: a seven-digit change is shown
// whole in a column sized to it, with a space before the sparkline, at every
// width a health line is drawn ("▼ -$1,020,6▂▂▁" before).
func TestHealthChangeNeverRunsIntoTheSparkline(t *testing.T) {
	st := newFakeStore()
	setValue(t, st, "cac", w47.Prev(), 2020600)
	setValue(t, st, "cac", w47, 1000000)
	for _, size := range [][2]int{{80, 60}, {100, 60}, {120, 60}, {143, 60}} {
		m := started(t, st, size[0], size[1])
		line := ansi.Strip(screenLine(t, m, "Customer a"))
		if !strings.Contains(line, "▼ -$1,020,600 ") {
			t.Errorf("%v: the change is not whole, with a space after it: %q", size, line)
		}
	}
}

// TestHealthChangeShortensToItsCompactForm: a change wider than the column can
// ever be is written compact, never cut mid-number.
func TestHealthChangeShortensToItsCompactForm(t *testing.T) {
	st := newFakeStore()
	setValue(t, st, "cac", w47.Prev(), 123456789012)
	setValue(t, st, "cac", w47, 1)
	line := ansi.Strip(screenLine(t, started(t, st, 120, 60), "Customer a"))
	if !strings.Contains(line, "▼ -$123.5B ") {
		t.Errorf("the change is not in its compact form: %q", line)
	}
}

// TestDashboardSaysWhatIsOutOfSight: when the KPIs do not all fit, the last
// line counts those below ("+16 more ↓"), and at the end those above.
func TestDashboardSaysWhatIsOutOfSight(t *testing.T) {
	st := newFakeStore()
	m := started(t, st, 80, 24)
	hidden := 0
	for _, r := range m.data.Readings {
		if !strings.Contains(m.View(), r.KPI.Name) {
			hidden++
		}
	}
	if want := fmt.Sprintf("+%d more ↓", hidden); hidden == 0 || !strings.Contains(m.View(), want) {
		t.Errorf("want %q:\n%s", want, m.View())
	}
	m = press(t, m, "end")
	if !strings.Contains(m.View(), "above ↑") || strings.Contains(m.View(), "more ↓") {
		t.Errorf("at the last KPI the line should count those above only:\n%s", m.View())
	}
	if big := started(t, st, 250, 70); strings.Contains(big.View(), "more ↓") {
		t.Errorf("everything fits at 250×70, yet:\n%s", big.View())
	}
}

// healthOrder is the health metrics' names in the order the screen lists them.
func healthOrder(m Model) []model.Reading {
	var out []model.Reading
	lines := strings.Split(ansi.Strip(m.View()), "\n")
	for _, l := range lines {
		for _, r := range m.data.Readings {
			if r.KPI.Tier == model.TierHealth && strings.Contains(l, "  "+r.Status.Glyph()+" "+r.KPI.Name) {
				out = append(out, r)
			}
		}
	}
	return out
}

// TestHealthSortsByStatusWorstFirst: s lists the health metrics off track
// first, then at risk, missing, and on track last; s again goes back to the
// store's order. The footer says what s does now.
func TestHealthSortsByStatusWorstFirst(t *testing.T) {
	m := started(t, newFakeStore(), 120, 60)
	before := healthOrder(m)
	if !strings.Contains(m.View(), "s health by status") {
		t.Errorf("the footer does not offer s:\n%s", m.View())
	}
	m = press(t, m, "s")
	sorted := healthOrder(m)
	if len(sorted) != len(before) || len(sorted) < 5 {
		t.Fatalf("%d health lines sorted, %d before", len(sorted), len(before))
	}
	rank := map[model.Status]int{model.OffTrack: 0, model.AtRisk: 1, model.Missing: 2, model.OnTrack: 4}
	last := -1
	for _, r := range sorted {
		rk, ok := rank[r.Status]
		if !ok {
			rk = 3
		}
		if rk < last {
			t.Errorf("%s (%s) comes after a better status: %v", r.KPI.Name, r.Status, names(sorted))
		}
		last = rk
	}
	if names(sorted) == names(before) {
		t.Errorf("s changed nothing: %v", names(sorted))
	}
	if !strings.Contains(m.View(), "s health in order") {
		t.Errorf("the footer does not say s goes back:\n%s", m.View())
	}
	if back := healthOrder(press(t, m, "s")); names(back) != names(before) {
		t.Errorf("s again: %v, want %v", names(back), names(before))
	}
}

func names(rs []model.Reading) string {
	var out []string
	for _, r := range rs {
		out = append(out, r.KPI.Name)
	}
	return strings.Join(out, ", ")
}
