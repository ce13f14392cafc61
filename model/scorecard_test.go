package model

import "testing"

func TestRollUp(t *testing.T) {
	rs := func(ss ...Status) []Reading {
		var out []Reading
		for _, s := range ss {
			out = append(out, Reading{Status: s})
		}
		return out
	}
	tests := []struct {
		name   string
		in     []Reading
		status Status
		text   string
	}{
		{"no KPIs", nil, NoneGiven, "no KPIs"},
		{"all on track", rs(OnTrack, OnTrack, OnTrack), OnTrack, "3 of 3 on track"},
		{"one at risk", rs(OnTrack, AtRisk, OnTrack, OnTrack), AtRisk, "3 of 4 on track"},
		{"off track beats at risk", rs(AtRisk, OffTrack, OnTrack), OffTrack, "1 of 3 on track"},
		{"missing is not on track", rs(OnTrack, OnTrack, Missing), Missing, "2 of 3 on track"},
		{"off track beats missing", rs(Missing, OffTrack), OffTrack, "0 of 2 on track"},
		{"no target counts only alone", rs(NoTarget, OnTrack), OnTrack, "1 of 2 on track"},
		{"nothing judged", rs(NoTarget, NotAvail), NoTarget, "0 of 2 on track"},
	}
	for _, tt := range tests {
		r := RollUp(tt.in)
		if r.Status() != tt.status || r.Text() != tt.text || r.Total != len(tt.in) {
			t.Errorf("%s: status %q text %q total %d; want %q %q %d", tt.name, r.Status(), r.Text(), r.Total, tt.status, tt.text, len(tt.in))
		}
	}
}

func TestScoreCellsJudgeEachWeekAgainstItsOwnTarget(t *testing.T) {
	w := MustWeek
	// a glide path from 100 in W40 to 200 in W50: W44's target is 140, W46's 160
	k := KPI{Key: "signups", Direction: Up, Kind: Quantitative, Cadence: Weekly, Tolerance: DefaultTolerance,
		Targets: TargetPath{{Week: w("2026-W40"), Value: 100}, {Week: w("2026-W50"), Value: 200}}}
	s := SortSeries(nums("2026-W44", 150, "2026-W46", 150, "2026-W47", 155))
	weeks := []Week{w("2026-W44"), w("2026-W45"), w("2026-W46"), w("2026-W47")}
	cells := ScoreCells(k, s, weeks)
	want := []struct {
		target float64
		has    bool
		status Status
	}{
		{140, true, OnTrack},  // 150 ≥ 140
		{150, false, Missing}, // due, no value
		{160, true, OffTrack}, // 150 < 160 − 5 % (152)
		{170, true, OffTrack}, // 155 < 161.5
	}
	for i, c := range cells {
		if c.Week != weeks[i] || !c.Due || !near(c.Target.Low, want[i].target) || c.HasValue != want[i].has || c.Status != want[i].status {
			t.Errorf("%s: due %v target %v value %v status %q; want due, target %v, value %v, %q",
				weeks[i], c.Due, c.Target.Low, c.HasValue, c.Status, want[i].target, want[i].has, want[i].status)
		}
	}
	// the same 150 is on track in W44 and off track in W46: the target moved
	if cells[0].Value.Number != cells[2].Value.Number || cells[0].Status == cells[2].Status {
		t.Errorf("one value, two weeks: %v %q and %v %q", cells[0].Value.Number, cells[0].Status, cells[2].Value.Number, cells[2].Status)
	}
}

func TestScoreCellsOfMonthlyAndQualitativeKPIs(t *testing.T) {
	w := MustWeek
	// November 2026 is due in W45 (Thu 5 Nov), December in W49 (Mon 30 Nov, Thu 3 Dec)
	k := KPI{Key: "nps", Direction: Up, Kind: Quantitative, Cadence: Monthly, Tolerance: DefaultTolerance,
		Targets: TargetPath{{Week: w("2026-W01"), Value: 40}}}
	cells := ScoreCells(k, SortSeries(nums("2026-W45", 44)), []Week{w("2026-W45"), w("2026-W46"), w("2026-W49")})
	if !cells[0].Due || cells[0].Status != OnTrack {
		t.Errorf("W45 = due %v %q; want due, on track", cells[0].Due, cells[0].Status)
	}
	if cells[1].Due || cells[1].HasValue || cells[1].Status != NoneGiven {
		t.Errorf("W46 = due %v value %v %q; want a blank week (not due)", cells[1].Due, cells[1].HasValue, cells[1].Status)
	}
	if !cells[2].Due || cells[2].Status != Missing {
		t.Errorf("W49 = due %v %q; want due and missing", cells[2].Due, cells[2].Status)
	}

	q := KPI{Key: "security", Kind: Qualitative, Cadence: Weekly, Direction: Up}
	qs := Series{{Week: w("2026-W46"), Status: OnTrack}, {Week: w("2026-W47"), Status: AtRisk}}
	qc := ScoreCells(q, qs, []Week{w("2026-W46"), w("2026-W47")})
	if qc[0].Status != OnTrack || qc[1].Status != AtRisk {
		t.Errorf("qualitative cells %q %q; want the owner's statuses", qc[0].Status, qc[1].Status)
	}
	if tot := TotalsOf(AggLast, qc); tot.Numbers != 0 || tot.OnTrack != 1 || tot.Judged != 2 {
		t.Errorf("qualitative totals %+v; want no numbers, 1 of 2 on track", tot)
	}
}

func TestTotalsOfByAggregate(t *testing.T) {
	w := MustWeek
	weeks := []Week{w("2026-W44"), w("2026-W45"), w("2026-W46"), w("2026-W47")}
	k := KPI{Key: "x", Direction: Up, Kind: Quantitative, Cadence: Weekly, Tolerance: DefaultTolerance,
		Targets: TargetPath{{Week: w("2026-W01"), Value: 15}}}
	// W46 missing: it counts for neither the average nor the total
	cells := ScoreCells(k, SortSeries(nums("2026-W44", 10, "2026-W45", 20, "2026-W47", 30)), weeks)
	tests := []struct {
		agg          Aggregate
		average, tot float64
	}{
		{AggSum, 20, 60},
		{AggAvg, 20, 20},
		{AggLast, 20, 30},
	}
	for _, tt := range tests {
		got := TotalsOf(tt.agg, cells)
		if got.Numbers != 3 || !near(got.Average, tt.average) || !near(got.Total, tt.tot) || got.OnTrack != 2 || got.Judged != 3 {
			t.Errorf("%s: %+v; want 3 numbers, average %v, total %v, 2 of 3 on track", tt.agg, got, tt.average, tt.tot)
		}
	}
	if got := TotalsOf(AggSum, ScoreCells(k, nil, weeks)); got.Numbers != 0 || got.Total != 0 || got.Judged != 0 {
		t.Errorf("no values: %+v; want nothing", got)
	}
	// a monthly KPI counts its month's value once, not in every week
	m := k
	m.Cadence = Monthly
	if got := TotalsOf(AggSum, ScoreCells(m, SortSeries(nums("2026-W45", 7)), weeks)); got.Numbers != 1 || got.Total != 7 {
		t.Errorf("monthly sum: %+v; want one number, 7", got)
	}
}

func TestScoreCellsBeforeTheKPIExistedAreBlank(t *testing.T) {
	w := MustWeek
	// created on Wednesday of W46: W45 is before it, W46 and W47 are not
	k := KPI{Key: "new", Direction: Up, Kind: Quantitative, Cadence: Weekly, Tolerance: DefaultTolerance,
		Targets: TargetPath{{Week: w("2026-W01"), Value: 10}}, Stamp: Stamp{CreatedAt: w("2026-W46").Day(3)}}
	cells := ScoreCells(k, SortSeries(nums("2026-W44", 12)), []Week{w("2026-W44"), w("2026-W45"), w("2026-W46"), w("2026-W47")})
	want := []struct {
		before bool
		status Status
	}{
		{false, OnTrack},  // a value entered for a week before it existed counts
		{true, NoneGiven}, // not tracked yet
		{false, Missing},  // the week it was created in is due
		{false, Missing},
	}
	for i, c := range cells {
		if c.Before != want[i].before || c.Status != want[i].status || !c.Due {
			t.Errorf("%s: before %v status %q due %v; want before %v status %q due", c.Week, c.Before, c.Status, c.Due, want[i].before, want[i].status)
		}
	}
}
