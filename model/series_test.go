package model

import (
	"testing"
)

// nums builds a series of numbers from week/number pairs, in the order given.
func nums(pairs ...any) Series {
	var s Series
	for i := 0; i+1 < len(pairs); i += 2 {
		n := pairs[i+1]
		var f float64
		switch x := n.(type) {
		case int:
			f = float64(x)
		case float64:
			f = x
		}
		s = append(s, Value{Week: MustWeek(pairs[i].(string)), Number: f, HasNumber: true})
	}
	return s
}

func weeksOf(s Series) []string {
	var out []string
	for _, v := range s {
		out = append(out, v.Week.String())
	}
	return out
}

func TestSeriesLookups(t *testing.T) {
	w := MustWeek
	raw := []Value(nums("2026-W50", 3, "2026-W45", 1, "2026-W47", 2, "2027-W01", 5, "2026-W53", 4))
	s := SortSeries(raw)
	if got := weeksOf(s); len(got) != 5 || got[0] != "2026-W45" || got[1] != "2026-W47" || got[2] != "2026-W50" || got[3] != "2026-W53" || got[4] != "2027-W01" {
		t.Fatalf("SortSeries order = %v", got)
	}
	if raw[0].Week != w("2026-W50") {
		t.Error("SortSeries reordered its input")
	}

	at := []struct {
		week string
		ok   bool
		num  float64
	}{
		{"2026-W45", true, 1}, {"2026-W47", true, 2}, {"2026-W53", true, 4}, {"2027-W01", true, 5},
		{"2026-W44", false, 0}, {"2026-W46", false, 0}, {"2027-W02", false, 0},
	}
	for _, tt := range at {
		v, ok := s.At(w(tt.week))
		if ok != tt.ok || (ok && (v.Number != tt.num || v.Week != w(tt.week))) {
			t.Errorf("At(%s) = %+v, %v; want %v, %v", tt.week, v, ok, tt.num, tt.ok)
		}
	}

	latest := []struct {
		week, want string // want "" for none
	}{
		{"2026-W44", ""},
		{"2026-W45", "2026-W45"},
		{"2026-W46", "2026-W45"},
		{"2026-W49", "2026-W47"},
		{"2026-W52", "2026-W50"},
		{"2026-W53", "2026-W53"},
		{"2027-W20", "2027-W01"},
	}
	for _, tt := range latest {
		v, ok := s.LatestAtOrBefore(w(tt.week))
		if ok != (tt.want != "") || (ok && v.Week.String() != tt.want) {
			t.Errorf("LatestAtOrBefore(%s) = %s, %v; want %q", tt.week, v.Week, ok, tt.want)
		}
	}
	if _, ok := Series(nil).LatestAtOrBefore(w("2026-W01")); ok {
		t.Error("LatestAtOrBefore on an empty series is ok")
	}

	windows := []struct {
		from, to string
		want     []string
	}{
		{"2026-W46", "2026-W50", []string{"2026-W47", "2026-W50"}},
		{"2026-W45", "2026-W45", []string{"2026-W45"}},
		{"2026-W40", "2027-W10", []string{"2026-W45", "2026-W47", "2026-W50", "2026-W53", "2027-W01"}},
		{"2026-W53", "2027-W01", []string{"2026-W53", "2027-W01"}},
		{"2026-W48", "2026-W49", nil},
		{"2026-W50", "2026-W45", nil}, // reversed
	}
	for _, tt := range windows {
		got := weeksOf(s.Window(w(tt.from), w(tt.to)))
		if len(got) != len(tt.want) {
			t.Errorf("Window(%s, %s) = %v, want %v", tt.from, tt.to, got, tt.want)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("Window(%s, %s) = %v, want %v", tt.from, tt.to, got, tt.want)
				break
			}
		}
	}
}

func TestValueFor(t *testing.T) {
	w := MustWeek
	s := nums("2026-W45", 50, "2026-W47", 7)
	monthly := KPI{Cadence: Monthly}
	weekly := KPI{Cadence: Weekly}
	tests := []struct {
		k    KPI
		week string
		ok   bool
		num  float64
	}{
		{monthly, "2026-W45", true, 50},
		{monthly, "2026-W47", true, 50}, // the month's value, not the stray weekly one
		{monthly, "2026-W48", true, 50},
		{monthly, "2026-W49", false, 0}, // 30 Nov–6 Dec is December's due week: no value
		{monthly, "2026-W50", false, 0},
		{weekly, "2026-W47", true, 7},
		{weekly, "2026-W46", false, 0},
	}
	for _, tt := range tests {
		v, ok := ValueFor(tt.k, s, w(tt.week))
		if ok != tt.ok || (ok && v.Number != tt.num) {
			t.Errorf("ValueFor(%s, %s) = %v, %v; want %v, %v", tt.k.Cadence, tt.week, v.Number, ok, tt.num, tt.ok)
		}
	}
}

func TestChangeVerdict(t *testing.T) {
	band := Band{Low: 40, High: 60, OK: true}
	tests := []struct {
		name      string
		dir       Direction
		band      Band
		prev, cur float64
		want      Verdict
	}{
		{"up rises", Up, Band{}, 10, 12, Better},
		{"up falls", Up, Band{}, 12, 10, Worse},
		{"up flat", Up, Band{}, 12, 12, Flat},
		{"up negative numbers rise", Up, Band{}, -100, -50, Better},
		{"down falls", Down, Band{}, 5, 4, Better},
		{"down rises", Down, Band{}, 4, 5, Worse},
		{"down flat", Down, Band{}, 4, 4, Flat},
		{"range approaches from below", Range, band, 30, 35, Better},
		{"range leaves downwards", Range, band, 35, 30, Worse},
		{"range approaches from above", Range, band, 70, 65, Better},
		{"range leaves upwards", Range, band, 65, 70, Worse},
		{"range enters", Range, band, 65, 50, Better},
		{"range exits", Range, band, 50, 61, Worse},
		{"range moves inside", Range, band, 45, 55, Flat},
		{"range jumps across, same distance", Range, band, 30, 70, Flat},
		{"range jumps across, further", Range, band, 30, 75, Worse},
		{"range jumps across, closer", Range, band, 30, 62, Better},
		{"range without a target", Range, Band{}, 30, 35, Flat},
	}
	for _, tt := range tests {
		if got := ChangeVerdict(tt.dir, tt.band, tt.prev, tt.cur); got != tt.want {
			t.Errorf("%s: ChangeVerdict(%s, %v → %v) = %v, want %v", tt.name, tt.dir, tt.prev, tt.cur, got, tt.want)
		}
	}
}

func TestSlope(t *testing.T) {
	withGap := nums("2026-W01", 0, "2026-W03", 4, "2026-W04", 6) // y = 2x exactly
	withText := append(nums("2026-W01", 1), Value{Week: MustWeek("2026-W02"), Status: OnTrack}, nums("2026-W03", 5)[0])
	tests := []struct {
		name string
		s    Series
		want float64
		ok   bool
	}{
		{"rising by 2", nums("2026-W01", 10, "2026-W02", 12, "2026-W03", 14, "2026-W04", 16), 2, true},
		{"falling", nums("2026-W01", 5, "2026-W02", 4.5, "2026-W03", 4, "2026-W04", 3.5), -0.5, true},
		{"flat", nums("2026-W01", 3, "2026-W02", 3, "2026-W03", 3), 0, true},
		{"noisy: least squares", nums("2026-W01", 10, "2026-W02", 13, "2026-W03", 13, "2026-W04", 16), 1.8, true},
		{"gap weeks count as weeks", withGap, 2, true},
		{"across 53-week year end", nums("2026-W52", 0, "2027-W01", 6), 3, true}, // two weeks apart via W53
		{"values without numbers are skipped", withText, 2, true},
		{"one number", nums("2026-W01", 1), 0, false},
		{"none", nil, 0, false},
	}
	for _, tt := range tests {
		got, ok := Slope(tt.s)
		if ok != tt.ok || (ok && !near(got, tt.want)) {
			t.Errorf("%s: Slope = %v, %v; want %v, %v", tt.name, got, ok, tt.want, tt.ok)
		}
	}
}

func TestAggregateOf(t *testing.T) {
	tests := []struct {
		agg  Aggregate
		in   []float64
		want float64
		ok   bool
	}{
		{AggSum, []float64{1, 2, 3.5}, 6.5, true},
		{AggAvg, []float64{1, 2, 6}, 3, true},
		{AggLast, []float64{1, 9, 2}, 2, true},
		{AggSum, []float64{-4}, -4, true},
		{AggSum, nil, 0, false},
		{AggAvg, nil, 0, false},
		{AggLast, []float64{}, 0, false},
	}
	for _, tt := range tests {
		got, ok := AggregateOf(tt.agg, tt.in)
		if ok != tt.ok || !near(got, tt.want) {
			t.Errorf("AggregateOf(%s, %v) = %v, %v; want %v, %v", tt.agg, tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestPeriodToDate(t *testing.T) {
	// weekly values 2026-W01..W14 whose number is the week number
	var s Series
	for n := 1; n <= 14; n++ {
		s = append(s, Value{Week: Week{2026, n}, Number: float64(n), HasNumber: true})
	}
	// a qualitative-style entry without a number in W07 of a second series
	holey := append(Series(nil), s...)
	holey[6] = Value{Week: Week{2026, 7}, Status: OnTrack}
	tests := []struct {
		name string
		agg  Aggregate
		s    Series
		p    Period
		week string
		want float64
		ok   bool
	}{
		// a week belongs to the month of its Thursday. February 2026: W06 (Thu 5 Feb) … W09 (Thu 26 Feb)
		{"month sum", AggSum, s, PeriodMonth, "2026-W08", 6 + 7 + 8, true},
		{"month avg", AggAvg, s, PeriodMonth, "2026-W08", 7, true},
		{"month last", AggLast, s, PeriodMonth, "2026-W08", 8, true},
		{"month first week", AggSum, s, PeriodMonth, "2026-W06", 6, true},
		{"month skips non-numbers", AggSum, holey, PeriodMonth, "2026-W08", 6 + 8, true},
		// W01 runs Mon 29 Dec 2025 – Sun 4 Jan 2026; its Thursday is 1 January 2026
		{"W01 is January's", AggSum, s, PeriodMonth, "2026-W05", 1 + 2 + 3 + 4 + 5, true},
		{"W01 is Q1's", AggSum, s, PeriodQuarter, "2026-W02", 1 + 2, true},
		{"W01 is 2026's", AggSum, s, PeriodYear, "2026-W05", 1 + 2 + 3 + 4 + 5, true},
		// Q1 2026: W01 … W13 (Thu 26 Mar); W14 (Mon 30 Mar, Thu 2 Apr) is April's and Q2's
		{"quarter sum", AggSum, s, PeriodQuarter, "2026-W08", 1 + 2 + 3 + 4 + 5 + 6 + 7 + 8, true},
		{"quarter last", AggLast, s, PeriodQuarter, "2026-W13", 13, true},
		{"W14 starts Q2", AggSum, s, PeriodQuarter, "2026-W14", 14, true},
		{"year avg", AggAvg, s, PeriodYear, "2026-W05", 3, true},
		// after the series: March has W10..W13, April W14..W17, and W20 (May) has nothing
		{"later week in the month sees only earlier values", AggSum, s, PeriodMonth, "2026-W13", 10 + 11 + 12 + 13, true},
		{"W14 is April's", AggSum, s, PeriodMonth, "2026-W16", 14, true},
		{"empty period", AggSum, s, PeriodMonth, "2026-W20", 0, false},
		{"empty series", AggSum, nil, PeriodYear, "2026-W16", 0, false},
	}
	for _, tt := range tests {
		got, ok := PeriodToDate(tt.agg, tt.s, tt.p, MustWeek(tt.week))
		if ok != tt.ok || !near(got, tt.want) {
			t.Errorf("%s: PeriodToDate(%s, %v, %s) = %v, %v; want %v, %v", tt.name, tt.agg, tt.p, tt.week, got, ok, tt.want, tt.ok)
		}
	}
}

func TestSamePeriod(t *testing.T) {
	w := MustWeek
	tests := []struct {
		p    Period
		a, b string
		want bool
	}{
		// by Thursday: W45 (Thu 5 Nov), W48 (Thu 26 Nov), W49 (Mon 30 Nov, Thu 3 Dec)
		{PeriodMonth, "2026-W45", "2026-W48", true},
		{PeriodMonth, "2026-W48", "2026-W49", false},
		{PeriodMonth, "2026-W49", "2026-W50", true},    // 2026-W49 is December's
		{PeriodQuarter, "2026-W40", "2026-W53", true},  // Thu 1 Oct and Thu 31 Dec
		{PeriodQuarter, "2026-W39", "2026-W40", false}, // Thu 24 Sep and Thu 1 Oct
		{PeriodQuarter, "2026-W26", "2026-W27", false}, // Thu 25 Jun and Thu 2 Jul
		{PeriodYear, "2026-W53", "2026-W02", true},
		{PeriodYear, "2026-W01", "2026-W02", true},  // Thu 1 Jan 2026: the ISO year
		{PeriodYear, "2020-W53", "2021-W01", false}, // Thu 31 Dec 2020 and Thu 7 Jan 2021
		{PeriodMonth, "2025-W45", "2026-W45", false},
		{PeriodQuarter, "2025-W45", "2026-W45", false},
	}
	for _, tt := range tests {
		if got := SamePeriod(tt.p, w(tt.a), w(tt.b)); got != tt.want {
			t.Errorf("SamePeriod(%v, %s, %s) = %v, want %v", tt.p, tt.a, tt.b, got, tt.want)
		}
	}
}

func TestNeverDecreased(t *testing.T) {
	rise := func(n int) Series {
		var s Series
		for i := 0; i < n; i++ {
			s = append(s, Value{Week: Week{2026, i + 1}, Number: float64(i * 10), HasNumber: true})
		}
		return s
	}
	dip := rise(10)
	dip[5].Number = dip[4].Number - 1
	plateau := rise(9)
	plateau[3].Number = plateau[2].Number
	withText := rise(8)
	withText = append(withText[:4], append(Series{{Week: Week{2026, 40}, Status: OffTrack}}, withText[4:]...)...)
	tests := []struct {
		name string
		s    Series
		want bool
	}{
		{"8 rising", rise(8), true},
		{"20 rising", rise(20), true},
		{"7 rising is too few", rise(7), false},
		{"one dip", dip, false},
		{"plateaus are not decreases", plateau, true},
		{"values without numbers are skipped", withText, true},
		{"empty", nil, false},
	}
	for _, tt := range tests {
		if got := NeverDecreased(tt.s); got != tt.want {
			t.Errorf("%s: NeverDecreased = %v, want %v", tt.name, got, tt.want)
		}
	}
}
