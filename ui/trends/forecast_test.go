package trends

import (
	"strings"
	"testing"

	"kpi/model"
)

// forecastLine is the Forecast line of the stats panel.
func forecastLine(m Model) string {
	for _, l := range strings.Split(m.View(), "\n") {
		if i := strings.Index(l, "Forecast"); i >= 0 {
			return l[i:]
		}
	}
	return ""
}

// The forecast fits the range the user chose, not the last four weeks: 13
// weeks rising 100 → 160 by 5 after 15 falling ones reach 200 in (200 − 160)
// / 5 = 8 weeks (2026 has 53: 2027-W02); over 26 weeks the fall counts too.
// A KPI with no value in the range says there is not enough data, never "not
// on pace".
func TestForecastFollowsTheChosenRange(t *testing.T) {
	sales := kpi(1, "sales", model.Up, "", 0, model.TargetPoint{Week: model.MustWeek("2026-W01"), Value: 200})
	old := kpi(2, "old", model.Up, "", 0, model.TargetPoint{Week: model.MustWeek("2026-W01"), Value: 200})
	ds := model.Dataset{KPIs: []model.KPI{sales, old}}
	for i := 0; i < 15; i++ {
		ds.Values = append(ds.Values, num(1, w47.Add(-27+i), 170-5*float64(i)))
	}
	for i := 0; i < 13; i++ {
		ds.Values = append(ds.Values, num(1, w47.Add(-12+i), 100+5*float64(i)))
		ds.Values = append(ds.Values, num(2, w47.Add(-40+i), 100+5*float64(i)))
	}
	s := newStore(ds)
	m := opened(t, s, "sales", 120, 40)
	m, _ = press(t, m, "-")
	if m.RangeWeeks() != 13 {
		t.Fatalf("range %d weeks, want 13", m.RangeWeeks())
	}
	short := forecastLine(m)
	if !strings.Contains(short, "reaches 200 in 2027-W02") {
		t.Errorf("13 weeks: %q, want reaches 200 in 2027-W02", short)
	}
	m, _ = press(t, m, "+")
	if long := forecastLine(m); long == short || strings.Contains(long, "2027-W02") {
		t.Errorf("26 weeks gives the same forecast as 13 (%q): the range is not fitted", long)
	}

	m = opened(t, s, "old", 120, 40)
	got := forecastLine(m)
	if !strings.Contains(got, "not enough data (no values)") || strings.Contains(got, "not on pace") {
		t.Errorf("no value in the range: %q, want not enough data", got)
	}
}
