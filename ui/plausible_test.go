package ui

import (
	"strings"
	"testing"

	"kpi/model"
	"kpi/ui/frame"
)

// TestEntryFormAsksBeforeSavingAnImplausibleValue: a value 1000× last week's
// is not saved at the first enter: the row says why and how to answer; esc
// goes back to editing it (the form stays open), enter again keeps it, and y
// keeps it too.
func TestEntryFormAsksBeforeSavingAnImplausibleValue(t *testing.T) {
	st := newFakeStore()
	m := press(t, started(t, st, 120, 40), "e")
	var target model.KPI
	row := firstEntryKPI(t, m)
	for _, k := range st.Dataset().KPIs {
		if strings.Contains(row, k.Name) {
			target = k
		}
	}
	prev, _ := st.ValueOf(t, target.Key, w47.Prev())
	if target.ID == 0 || prev.Number == 0 {
		t.Fatalf("the first row %q has no KPI with last week's value", row)
	}
	odd := frame.InputText(target, model.Value{Number: prev.Number * 1000, HasNumber: true})
	saves := st.Writes()
	m = press(t, m, odd, "enter")
	if st.Writes() != saves || !strings.Contains(m.View(), "above") || !strings.Contains(m.View(), "enter again or y keeps it") || !strings.Contains(m.View(), "esc edits it") {
		t.Fatalf("%s for %s was saved or not asked about:\n%s", odd, target.Key, m.View())
	}
	m = press(t, m, "esc")
	if m.entryOpen() == nil || strings.Contains(m.View(), "enter again or y keeps it") || st.Writes() != saves {
		t.Fatalf("esc did not go back to editing the value:\n%s", m.View())
	}
	if !strings.Contains(firstEntryKPI(t, m), target.Name) {
		t.Fatalf("after esc the focus left the row:\n%s", m.View())
	}
	m = press(t, m, "enter") // asked again: the question was taken back
	if st.Writes() != saves || !strings.Contains(m.View(), "enter again or y keeps it") {
		t.Fatalf("enter after esc saved without asking:\n%s", m.View())
	}
	m = press(t, m, "enter")
	if v, _ := st.ValueOf(t, target.Key, w47); v.Number != prev.Number*1000 {
		t.Fatalf("enter again did not keep %s: stored %v", odd, v.Number)
	}
	// y keeps it as well: mrr's row, a value in euros
	for i := 0; i < 20 && !strings.Contains(firstEntryKPI(t, m), "Monthly recurring revenue"); i++ {
		m = press(t, m, "down")
	}
	saves = st.Writes()
	m = press(t, m, "ctrl+u", "€5", "enter")
	if st.Writes() != saves || !strings.Contains(m.View(), "€5 is typed in € but mrr is in $") {
		t.Fatalf("€5 for mrr was saved or not asked about:\n%s", m.View())
	}
	m = press(t, m, "y")
	if v, _ := st.ValueOf(t, "mrr", w47); v.Number != 5 {
		t.Errorf("y did not keep €5: stored %v", v.Number)
	}
}

// TestScorecardAndTrendsAskBeforeSavingAnImplausibleValue: an in-place edit
// of mrr to 12k asks on its line (in the Scorecard at 80 columns too, with how
// to answer whole); enter again saves it in the Scorecard, esc in Trends goes
// back to the input with nothing saved.
func TestScorecardAndTrendsAskBeforeSavingAnImplausibleValue(t *testing.T) {
	st := newFakeStore()
	m := press(t, started(t, st, 80, 24), "3", "enter", "ctrl+u", "12k", "enter")
	if v, _ := st.ValueOf(t, "mrr", w47); v.Number == 12000 {
		t.Fatal("the Scorecard saved 12k for mrr without asking")
	}
	if !onScreen(m, "enter again or y keeps it, esc edits it") || !strings.Contains(m.View(), "below") { // whole, over two lines
		t.Fatalf("the Scorecard does not ask about 12k:\n%s", m.View())
	}
	m = press(t, m, "enter")
	if v, _ := st.ValueOf(t, "mrr", w47); v.Number != 12000 {
		t.Fatalf("enter again did not keep 12k: %v", v.Number)
	}

	m = press(t, m, "4")
	before := st.Writes()
	m = press(t, m, "enter", "ctrl+u", "1.2e3", "enter")
	if !strings.Contains(m.View(), "enter again or y keeps it") || st.Writes() != before {
		t.Fatalf("Trends saved 1.2e3 or did not ask:\n%s", m.View())
	}
	m = press(t, m, "esc")
	if !m.views[viewTrends].Capturing() || strings.Contains(m.View(), "enter again or y keeps it") || st.Writes() != before {
		t.Fatalf("esc did not go back to the input:\n%s", m.View())
	}
	m = press(t, m, "ctrl+u", "$400k", "enter")
	if st.Writes() == before {
		t.Errorf("a plausible value after esc was not saved:\n%s", m.View())
	}
}
