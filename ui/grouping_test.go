package ui

import (
	"strings"
	"testing"

	"kpi/model"
	"kpi/ui/fakestore"
)

// Grouping by a tag on the dashboard and the Scorecard: b cycles by objective,
// by each tag word, not grouped; a group's heading rolls its KPIs up, and on
// the Scorecard a group of KPIs in one unit shows their weekly sum.

// taggedStore is the demo team with the deal KPIs tagged team:sales, sign-ups
// and MRR team:growth, and the rest untagged.
func taggedStore(t *testing.T) *fakestore.Store {
	st := newFakeStore()
	st.Edit(func(ds *model.Dataset) {
		for i := range ds.KPIs {
			switch ds.KPIs[i].Key {
			case "created", "won":
				ds.KPIs[i].Tags = []string{"team:sales"}
			case "signups", "mrr":
				ds.KPIs[i].Tags = []string{"team:growth"}
			}
		}
	})
	return st
}

func TestScorecardGroupsByATagWithWeeklySums(t *testing.T) {
	st := taggedStore(t)
	m := press(t, started(t, st, 160, 50), "3")
	if !strings.Contains(m.View(), "by objective (b)") {
		t.Fatalf("the title does not say the grouping:\n%s", m.View())
	}
	m = press(t, m, "b")
	for _, want := range []string{"by tag team (b)", "team:growth", "team:sales", "no team tag"} {
		if !strings.Contains(m.View(), want) {
			t.Errorf("grouped by team, the scorecard lacks %q:\n%s", want, m.View())
		}
	}
	created, won := readingOf(t, m, "created"), readingOf(t, m, "won")
	sales := screenLine(t, m, "team:sales")
	sum := created.Value.Number + won.Value.Number
	if sums := screenLine(t, m, "Σ sum "); !strings.Contains(sums, "Σ "+model.FormatCompact(sum, "", 0)+" ") {
		t.Errorf("team:sales' sums row does not show W47's sum %v: %q", sum, sums)
	}
	if roll := model.RollUp([]model.Reading{created, won}); !strings.Contains(sales, roll.Text()) {
		t.Errorf("team:sales does not roll up as %q: %q", roll.Text(), sales)
	}
	// MRR ($) and sign-ups (no unit) share no unit: a roll-up but no sum
	if growth := screenLine(t, m, "team:growth"); !strings.Contains(growth, "of 2 on track") || strings.Count(m.View(), "Σ sum ") != 1 {
		t.Errorf("team:growth lacks its roll-up, or its KPIs in two units are summed: %q\n%s", growth, m.View())
	}
	m = press(t, m, "b")
	if v := m.View(); !strings.Contains(v, "not grouped (b)") || strings.Contains(v, "No objective") || strings.Contains(v, "team:sales") {
		t.Errorf("b did not ungroup the scorecard:\n%s", v)
	}
	m = selectRow(t, m, "Deals won") // the cursor moves over rows without headings
	m = press(t, m, "b")
	if v := m.View(); !strings.Contains(v, "by objective (b)") || !strings.Contains(v, "No objective") {
		t.Errorf("b did not come back to the objectives:\n%s", v)
	}
}

func TestDashboardGroupsByATagUnderHeadingsWithRollUps(t *testing.T) {
	st := taggedStore(t)
	m := started(t, st, 120, 40)
	if strings.Contains(m.View(), "team:sales") {
		t.Fatalf("the dashboard is grouped before b:\n%s", m.View())
	}
	m = press(t, m, "b")
	if !strings.Contains(m.View(), "by objective (b)") {
		t.Errorf("the first b does not group by objective:\n%s", m.View())
	}
	m = press(t, m, "b")
	screen := m.View()
	created, won := readingOf(t, m, "created"), readingOf(t, m, "won")
	roll := model.RollUp([]model.Reading{created, won})
	line := screenLine(t, m, "team:sales")
	if !strings.Contains(line, roll.Status().Glyph()+" "+roll.Text()) {
		t.Errorf("the team:sales heading lacks its roll-up %q: %q", roll.Text(), line)
	}
	growth, sales := strings.Index(screen, "team:growth"), strings.Index(screen, "team:sales")
	if growth < 0 || sales < growth {
		t.Errorf("the groups are not in order growth, sales:\n%s", screen)
	}
	// the KPIs of team:sales are drawn after its heading and before the next
	after := screen[sales:]
	if next := strings.Index(after, "no team tag"); next < 0 || !strings.Contains(after[:next], created.KPI.Name) || !strings.Contains(after[:next], won.KPI.Name) {
		t.Errorf("the deal KPIs are not under team:sales:\n%s", screen)
	}
	m = press(t, m, "b")
	if strings.Contains(m.View(), "team:sales") || strings.Contains(m.View(), "(b)") {
		t.Errorf("the third b did not ungroup the dashboard:\n%s", m.View())
	}
}
