package model

import (
	"math"
	"testing"
)

// weekly is a series of one value a week from start.
func weekly(start string, ys ...float64) Series {
	s := make(Series, len(ys))
	for i, y := range ys {
		s[i] = Value{KPIID: 1, Week: MustWeek(start).Add(i), Number: y, HasNumber: true}
	}
	return s
}

func TestProject(t *testing.T) {
	w := MustWeek
	up := func(final float64) KPI {
		return KPI{Direction: Up, Kind: Quantitative, Cadence: Weekly, Targets: TargetPath{{Week: w("2026-W01"), Value: 0}, {Week: w("2026-W30"), Value: final}}}
	}
	down := KPI{Direction: Down, Kind: Quantitative, Cadence: Weekly, Targets: TargetPath{{Week: w("2026-W30"), Value: 2}}}
	rng := KPI{Direction: Range, Kind: Quantitative, Cadence: Weekly, Targets: TargetPath{{Week: w("2026-W30"), Value: 40, High: 60}}}
	flat := make([]float64, 25)
	for i := range flat {
		flat[i] = 100
	}
	tests := []struct {
		name        string
		k           KPI
		s           Series
		from, to    string
		kind        ForecastKind
		early, late string
	}{
		{"already reached", up(15), weekly("2026-W01", 10, 12, 14, 16), "2026-W01", "2026-W04", ForecastReached, "", ""},
		// 10…24 by 2, R² 1: the line is at 24 in W08; (31 − 24) / 2 = 3.5 → 4 weeks → W12
		{"a firm rise", up(31), weekly("2026-W01", 10, 12, 14, 16, 18, 20, 22, 24), "2026-W01", "2026-W08", ForecastWeek, "2026-W12", "2026-W12"},
		// slope 1.107, R² 0.64 (firm), line at 18.5 in W08: (40 − 18.5) / 1.107 = 19.4 → 20 weeks → W28
		{"a noisy but firm rise", up(40), weekly("2026-W01", 10, 14, 11, 16, 13, 18, 15, 20), "2026-W01", "2026-W08", ForecastWeek, "2026-W28", "2026-W28"},
		// slope 1.381, R² 0.13 (weak), line 26.33 in W08, σ 9.36:
		// early (40 − 9.36 − 26.33) / 1.381 = 3.1 → 4 weeks (W12), late (40 + 9.36 − 26.33) / 1.381 = 16.7 → 17 (W25)
		{"a weak fit gives a range", up(40), weekly("2026-W01", 10, 30, 12, 28, 14, 32, 16, 30), "2026-W01", "2026-W08", ForecastBetween, "2026-W12", "2026-W25"},
		// four points on a line: σ 0, so the range is one week though the fit is not firm
		{"few points on a line", up(31), weekly("2026-W01", 10, 12, 14, 16), "2026-W01", "2026-W04", ForecastWeek, "2026-W12", "2026-W12"},
		{"three values are not enough", up(31), weekly("2026-W02", 12, 14, 16), "2025-W40", "2026-W04", ForecastNoData, "", ""},
		{"no value in the range", up(31), weekly("2025-W01", 10, 12, 14, 16, 18), "2026-W01", "2026-W04", ForecastNoData, "", ""},
		// only the range counts: the old flat start is outside it
		{"only the range", up(31), append(weekly("2025-W30", 50, 50, 50, 50), weekly("2026-W01", 10, 12, 14, 16)...), "2026-W01", "2026-W04", ForecastWeek, "2026-W12", "2026-W12"},
		// values after the range's end are ignored
		{"later values ignored", up(31), weekly("2026-W01", 10, 12, 14, 16, 100), "2026-W01", "2026-W04", ForecastWeek, "2026-W12", "2026-W12"},
		// across a 53-week year end: 16 in 2026-W53, 2 weeks on is 2027-W02
		{"across W53", up(20), weekly("2026-W50", 10, 12, 14, 16), "2026-W50", "2026-W53", ForecastWeek, "2027-W02", "2027-W02"},
		{"wrong direction", up(31), weekly("2026-W01", 16, 14, 12, 10), "2026-W01", "2026-W04", ForecastNotOnPace, "", ""},
		{"flat", up(31), weekly("2026-W01", 10, 10, 10, 10), "2026-W01", "2026-W04", ForecastNotOnPace, "", ""},
		{"more than ten years", up(1000), weekly("2026-W01", 10, 10.1, 10.2, 10.3), "2026-W01", "2026-W04", ForecastNotOnPace, "", ""},
		// churn 5 → 3.5 by 0.5 a week; (2 − 3.5) / −0.5 = 3 weeks → W07
		{"down KPI falling", down, weekly("2026-W01", 5, 4.5, 4, 3.5), "2026-W01", "2026-W04", ForecastWeek, "2026-W07", "2026-W07"},
		{"down KPI rising", down, weekly("2026-W01", 3.5, 4, 4.5, 5), "2026-W01", "2026-W04", ForecastNotOnPace, "", ""},
		// range 40–60 from above, falling by 5: 70 → 60 in 2 weeks
		{"range from above", rng, weekly("2026-W01", 85, 80, 75, 70), "2026-W01", "2026-W04", ForecastWeek, "2026-W06", "2026-W06"},
		// from below, rising by 5: 25 → 40 in 3 weeks
		{"range from below", rng, weekly("2026-W01", 10, 15, 20, 25), "2026-W01", "2026-W04", ForecastWeek, "2026-W07", "2026-W07"},
		{"range inside", rng, weekly("2026-W01", 20, 30, 40, 50), "2026-W01", "2026-W04", ForecastReached, "", ""},
		{"no target", KPI{Direction: Up, Kind: Quantitative}, weekly("2026-W01", 10, 12, 14, 16), "2026-W01", "2026-W04", ForecastNoTarget, "", ""},
		{"context metric", KPI{Direction: None, Kind: Quantitative, Targets: up(31).Targets}, weekly("2026-W01", 10, 12, 14, 16), "2026-W01", "2026-W04", ForecastNoTarget, "", ""},
		{"qualitative", KPI{Direction: Up, Kind: Qualitative, Targets: up(31).Targets}, weekly("2026-W01", 10, 12, 14, 16), "2026-W01", "2026-W04", ForecastNoTarget, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := Project(tt.k, SortSeries(tt.s), w(tt.from), w(tt.to))
			if p.Kind != tt.kind || p.Early.String() != tt.early || p.Late.String() != tt.late {
				t.Errorf("Project = kind %d %s–%s (%+v); want kind %d %s–%s", p.Kind, p.Early, p.Late, p, tt.kind, tt.early, tt.late)
			}
		})
	}

	// One spike at the end of 25 flat weeks (a Thanksgiving week): the last
	// four weeks would put 200 two weeks away; the fit over the range has
	// slope 0.684, R² 0.11 and σ 15.1, its line at 111.6 in W26, so 200 is
	// (200 − 15.1 − 111.6) / 0.684 = 107.2 → 108 weeks away at the soonest and
	// (200 + 15.1 − 111.6) / 0.684 = 151.3 → 152 at the latest.
	spike := weekly("2026-W01", append(flat, 180)...)
	p := Project(up(200), spike, w("2026-W01"), w("2026-W26"))
	if p.Kind != ForecastBetween || p.Early != w("2026-W26").Add(108) || p.Late != w("2026-W26").Add(152) {
		t.Errorf("after one spike: %+v; want between 108 and 152 weeks after W26", p)
	}
}

// seasonalSeries is three years of weekly values from 2024-W01 that peak each
// year around its 14th week (a sine of amplitude 30) and grow 0.1 a week,
// with a small deterministic wobble.
func seasonalSeries(amplitude float64) Series {
	ys := make([]float64, 156)
	for t := range ys {
		ys[t] = 100 + amplitude*math.Sin(2*math.Pi*float64(t)/52) + 0.1*float64(t) + float64((t*7)%5-2)*0.5
	}
	return weekly("2024-W01", ys...)
}

func TestProjectSeasonal(t *testing.T) {
	w := MustWeek
	k := KPI{Direction: Up, Kind: Quantitative, Cadence: Weekly, Targets: TargetPath{{Week: w("2024-W01"), Value: 150}}}
	s := seasonalSeries(30)
	last := s[len(s)-1].Week // t = 155
	p := Project(k, s, last.Add(-25), last)
	// Same week last year plus the yearly growth (≈ 5.2): next year's peak
	// (t ≈ 169) is about 100 + 30 + 11.7 + 5.2 ≈ 147, short of 150; the one after
	// (t ≈ 221) about 152: it is reached there, about 66 weeks on, near the peak.
	if !p.Seasonal || p.Kind != ForecastWeek {
		t.Fatalf("a seasonal series: %+v; want one week from last year's weeks", p)
	}
	if h := WeeksBetween(last, p.Early); h < 61 || h > 71 {
		t.Errorf("reached %d weeks on (%s), want near the peak 66 weeks on", h, p.Early)
	}
	// a line with the same wobble and no season is projected as a line
	if p := Project(k, seasonalSeries(0), last.Add(-25), last); p.Seasonal {
		t.Errorf("a trend without a season counted as seasonal: %+v", p)
	}
	// under two years of history there is no last year to lean on
	if p := Project(k, s[60:], last.Add(-25), last); p.Seasonal {
		t.Errorf("a seasonal forecast from %d weeks: %+v", len(s)-60, p)
	}
	monthly := k
	monthly.Cadence = Monthly
	if p := Project(monthly, s, last.Add(-25), last); p.Seasonal {
		t.Errorf("a monthly KPI's forecast by weekly seasons: %+v", p)
	}
}

func TestProjectionText(t *testing.T) {
	w := MustWeek
	k := KPI{Unit: "$"}
	for _, tt := range []struct {
		p    Projection
		want string
	}{
		{Projection{Kind: ForecastBetween, Goal: 2.3e6, Early: w("2027-W10"), Late: w("2027-W18")}, "reaches $2.3M between 2027-W10 and W18"},
		{Projection{Kind: ForecastBetween, Goal: 2.3e6, Early: w("2027-W50"), Late: w("2028-W03")}, "reaches $2.3M between 2027-W50 and 2028-W03"},
		{Projection{Kind: ForecastWeek, Goal: 2.3e6, Early: w("2027-W10"), Late: w("2027-W10")}, "reaches $2.3M in 2027-W10"},
		{Projection{Kind: ForecastFrom, Goal: 2.3e6, Early: w("2027-W10")}, "reaches $2.3M in 2027-W10 at the soonest"},
		{Projection{Kind: ForecastNoData, Points: 3}, "not enough data (3 values)"},
		{Projection{Kind: ForecastNoData}, "not enough data (no values)"},
		{Projection{Kind: ForecastNotOnPace}, "not on pace"},
		{Projection{Kind: ForecastReached}, "target reached"},
		{Projection{Kind: ForecastNoTarget}, "no target to reach"},
	} {
		if got := tt.p.Text(k); got != tt.want {
			t.Errorf("Text = %q, want %q", got, tt.want)
		}
	}
}

// weekOrdinal steps by one a week and agrees with WeeksBetween across year
// ends, 53-week years and centuries.
func TestWeekOrdinalAgreesWithWeeksBetween(t *testing.T) {
	base := MustWeek("1999-W50")
	for i := 0; i < 1700; i += 3 {
		w := base.Add(i)
		for _, o := range []Week{base, MustWeek("2026-W53"), MustWeek("2004-W53"), MustWeek("2100-W01")} {
			if got, want := weekOrdinal(w)-weekOrdinal(o), WeeksBetween(o, w); got != want {
				t.Fatalf("%s − %s: %d, want %d", w, o, got, want)
			}
		}
	}
}
