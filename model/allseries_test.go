package model

import "testing"

// TestAllSeriesDerivesOverARange: the series Trends draws for a derived KPI. Over
// a range of weeks, a week with every input has the formula's value (25 for
// won 5 and created 20), a week whose divisor is 0 has an n/a value without a
// number, a week missing an input has no value at all (never a zero), inputs may
// be archived or derived themselves, and weeks outside the range are not
// computed.
func TestAllSeriesDerivesOverARange(t *testing.T) {
	w := MustWeek
	kpis := []KPI{
		{ID: 1, Key: "won", Cadence: Weekly},
		{ID: 2, Key: "created", Cadence: Weekly, Archived: true},
		{ID: 3, Key: "win_rate", Formula: "won / created * 100", Decimals: 1, Cadence: Weekly},
		{ID: 4, Key: "loss_rate", Formula: "100 - win_rate", Decimals: 1, Cadence: Weekly},
	}
	v := func(id int64, week string, n float64) Value {
		return Value{KPIID: id, Week: w(week), Number: n, HasNumber: true}
	}
	vals := []Value{
		v(1, "2026-W44", 5), v(2, "2026-W44", 20),
		v(1, "2026-W45", 3), v(2, "2026-W45", 0),
		v(1, "2026-W46", 4), // created missing
		v(1, "2026-W47", 1), v(2, "2026-W47", 4),
		v(1, "2026-W49", 2), v(2, "2026-W49", 8), // after the range
	}
	got := AllSeries(kpis, vals, w("2026-W44"), w("2026-W48"))
	if len(got[1]) != 5 || len(got[2]) != 4 {
		t.Errorf("entered series: won %d, created %d values; want every value of each, the archived too", len(got[1]), len(got[2]))
	}
	rate := got[3]
	if x, ok := rate.At(w("2026-W44")); !ok || !x.HasNumber || x.Number != 25 || x.KPIID != 3 {
		t.Errorf("W44 win_rate = %+v, %v; want 25", x, ok)
	}
	if x, ok := rate.At(w("2026-W45")); !ok || x.HasNumber || x.Status != NotAvail || ValueText(kpis[2], x) != "n/a" {
		t.Errorf("W45 win_rate = %+v, %v; want n/a without a number", x, ok)
	}
	for _, week := range []string{"2026-W46", "2026-W48", "2026-W49"} {
		if x, ok := rate.At(w(week)); ok {
			t.Errorf("%s win_rate = %+v; want no value (an input is missing or the week is outside the range)", week, x)
		}
	}
	if x, ok := rate.At(w("2026-W47")); !ok || x.Number != 25 {
		t.Errorf("W47 win_rate = %+v, %v; want 25", x, ok)
	}
	// a derived KPI of a derived KPI: 100 - 25; n/a propagates as no number
	loss := got[4]
	if x, ok := loss.At(w("2026-W44")); !ok || x.Number != 75 {
		t.Errorf("W44 loss_rate = %+v, %v; want 75", x, ok)
	}
	if x, ok := loss.At(w("2026-W45")); ok && x.HasNumber {
		t.Errorf("W45 loss_rate = %+v; an n/a input must not give a number", x)
	}
}

// TestAllSeriesTakesAnyOrderAndLeavesTheInputAlone: values in the store's order
// (by KPI, then week) and the same values shuffled give the same series, each
// sorted by week, and the caller's list keeps its order.
func TestAllSeriesTakesAnyOrderAndLeavesTheInputAlone(t *testing.T) {
	kpis := []KPI{{ID: 1, Key: "a", Cadence: Weekly}, {ID: 2, Key: "b", Cadence: Weekly}}
	v := func(id int64, week string) Value {
		return Value{KPIID: id, Week: MustWeek(week), Number: float64(id), HasNumber: true}
	}
	ordered := []Value{v(1, "2026-W44"), v(1, "2026-W45"), v(1, "2026-W46"), v(2, "2026-W45"), v(2, "2026-W46")}
	shuffled := []Value{ordered[4], ordered[1], ordered[3], ordered[0], ordered[2]}
	before := append([]Value(nil), shuffled...)
	from, to := MustWeek("2026-W44"), MustWeek("2026-W46")
	a, b := AllSeries(kpis, ordered, from, to), AllSeries(kpis, shuffled, from, to)
	for _, id := range []int64{1, 2} {
		if len(a[id]) != len(b[id]) || len(a[id]) == 0 {
			t.Fatalf("KPI %d: %d values in order, %d shuffled", id, len(a[id]), len(b[id]))
		}
		for i := range a[id] {
			if a[id][i] != b[id][i] || (i > 0 && !a[id][i-1].Week.Before(a[id][i].Week)) {
				t.Errorf("KPI %d value %d: in order %v, shuffled %v", id, i, a[id][i], b[id][i])
			}
		}
	}
	for i := range shuffled {
		if shuffled[i] != before[i] {
			t.Fatalf("AllSeries reordered the caller's values: %v", shuffled)
		}
	}
}
