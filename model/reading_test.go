package model

import "testing"

func TestEvaluateWeekly(t *testing.T) {
	w := MustWeek
	k := KPI{Key: "signups", Direction: Up, Kind: Quantitative, Cadence: Weekly, Tolerance: DefaultTolerance,
		Targets: TargetPath{{Week: w("2026-W01"), Value: 100}}}
	s := SortSeries(nums("2026-W44", 80, "2026-W45", 90, "2026-W46", 96, "2026-W47", 110, "2026-W49", 99))

	t.Run("change since last week, better", func(t *testing.T) {
		r := Evaluate(k, s, w("2026-W47"))
		if !r.Due || !r.HasValue || r.Value.Number != 110 || r.Status != OnTrack {
			t.Errorf("reading = due %v value %v %v status %q; want due, 110, on track", r.Due, r.HasValue, r.Value.Number, r.Status)
		}
		if r.Target != (Band{100, 100, true}) {
			t.Errorf("Target = %+v, want 100", r.Target)
		}
		if !r.HasPrev || r.Prev.Week != w("2026-W46") || !r.HasChange || r.Change != 14 || r.Verdict != Better {
			t.Errorf("change = prev %v %s, %v %v %v; want W46, +14, better", r.HasPrev, r.Prev.Week, r.HasChange, r.Change, r.Verdict)
		}
		// W44..W47: 80, 90, 96, 110 → x̄ 1.5, ȳ 94, Σdxdy 48, Σdx² 5 → slope 9.6
		if !r.HasTrend || !near(r.Trend, 9.6) {
			t.Errorf("Trend = %v, %v; want 9.6", r.Trend, r.HasTrend)
		}
		if r.Forecast.Kind != ForecastReached {
			t.Errorf("Forecast = %+v; want reached (110 against 100)", r.Forecast)
		}
	})
	t.Run("at risk and better", func(t *testing.T) {
		r := Evaluate(k, s, w("2026-W46"))
		if r.Status != AtRisk || r.Change != 6 || r.Verdict != Better {
			t.Errorf("W46 = %q change %v verdict %v; want at risk, +6, better", r.Status, r.Change, r.Verdict)
		}
	})
	t.Run("missing week", func(t *testing.T) {
		r := Evaluate(k, s, w("2026-W48"))
		if !r.Due || r.HasValue || r.Status != Missing || r.HasChange {
			t.Errorf("W48 = due %v has %v status %q change %v; want due, missing, no change", r.Due, r.HasValue, r.Status, r.HasChange)
		}
	})
	t.Run("a gap week means no change", func(t *testing.T) {
		r := Evaluate(k, s, w("2026-W49"))
		if !r.HasValue || r.Status != AtRisk {
			t.Errorf("W49 = %v %q; want a value at risk", r.HasValue, r.Status)
		}
		if r.HasPrev || r.HasChange || r.Change != 0 || r.Verdict != Flat {
			t.Errorf("W49 after a gap: prev %v change %v %v verdict %v; want none", r.HasPrev, r.HasChange, r.Change, r.Verdict)
		}
	})
	t.Run("worse for a down KPI", func(t *testing.T) {
		d := k
		d.Direction = Down
		d.Targets = TargetPath{{Week: w("2026-W01"), Value: 100}}
		r := Evaluate(d, s, w("2026-W47"))
		if r.Verdict != Worse || r.Status != OffTrack {
			t.Errorf("down KPI rising 96 → 110: verdict %v status %q; want worse, off track", r.Verdict, r.Status)
		}
	})
	t.Run("no target", func(t *testing.T) {
		nt := k
		nt.Targets = nil
		r := Evaluate(nt, s, w("2026-W47"))
		if r.Status != NoTarget || r.Target.OK || r.Forecast.Kind != ForecastNoTarget {
			t.Errorf("no target: status %q target %+v forecast %+v", r.Status, r.Target, r.Forecast)
		}
	})
}

func TestEvaluateMonthly(t *testing.T) {
	w := MustWeek
	// A monthly KPI is due in the week of the month's first Thursday: October 2026 in
	// W40 (Mon 28 Sep, Thu 1 Oct), November in W45 (Thu 5 Nov), December in W49
	// (Mon 30 Nov, Thu 3 Dec). The target rises from 50 in W45 to 53 in W48.
	k := KPI{Key: "nps", Direction: Up, Kind: Quantitative, Cadence: Monthly, Tolerance: DefaultTolerance,
		Targets: TargetPath{{Week: w("2026-W45"), Value: 50}, {Week: w("2026-W48"), Value: 53}}}
	s := SortSeries(nums("2026-W40", 40, "2026-W45", 50))
	tests := []struct {
		week      string
		due       bool
		hasValue  bool
		valueWeek string
		status    Status
		change    float64
		hasChange bool
	}{
		{"2026-W45", true, true, "2026-W45", OnTrack, 10, true},
		// a non-due week shows the month's value, judged on that week's target
		// (52 in W47: 50 is within 5 %, so at risk)
		{"2026-W47", false, true, "2026-W45", AtRisk, 10, true},
		// W48: target 53, 50 is more than 5 % below
		{"2026-W48", false, true, "2026-W45", OffTrack, 10, true},
		// W49 (30 Nov–6 Dec) is December's first week, not November's last
		{"2026-W49", true, false, "", Missing, 0, false},
		{"2026-W50", false, false, "", Missing, 0, false},
		{"2026-W41", false, true, "2026-W40", OffTrack, 0, false}, // no September value to compare with
	}
	for _, tt := range tests {
		r := Evaluate(k, s, w(tt.week))
		got := ""
		if r.HasValue {
			got = r.Value.Week.String()
		}
		if r.Due != tt.due || r.HasValue != tt.hasValue || got != tt.valueWeek || r.Status != tt.status ||
			r.HasChange != tt.hasChange || r.Change != tt.change {
			t.Errorf("%s: due %v value %v (%s) status %q change %v %v; want due %v value %v (%s) status %q change %v %v",
				tt.week, r.Due, r.HasValue, got, r.Status, r.HasChange, r.Change,
				tt.due, tt.hasValue, tt.valueWeek, tt.status, tt.hasChange, tt.change)
		}
	}
}

func TestEvaluateDerivedAndQualitative(t *testing.T) {
	w := MustWeek
	rate := KPI{ID: 3, Key: "win_rate", Formula: "won / created * 100", Direction: Up, Kind: Quantitative,
		Cadence: Weekly, Tolerance: DefaultTolerance, Targets: TargetPath{{Week: w("2026-W01"), Value: 20}}}
	derived, err := DeriveSeries(rate,
		map[string]KPI{"won": {Key: "won", Cadence: Weekly}, "created": {Key: "created", Cadence: Weekly}},
		map[string]Series{
			"won":     nums("2026-W45", 5, "2026-W46", 3, "2026-W47", 4),
			"created": nums("2026-W45", 20, "2026-W46", 0, "2026-W47", 16),
		},
		[]Week{w("2026-W45"), w("2026-W46"), w("2026-W47"), w("2026-W48")})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		week      string
		status    Status
		hasChange bool
	}{
		{"2026-W45", OnTrack, false}, // 25
		{"2026-W46", NotAvail, false},
		{"2026-W47", OnTrack, false}, // 25, but last week had no number
		{"2026-W48", Missing, false}, // inputs missing
	}
	for _, tt := range tests {
		r := Evaluate(rate, derived, w(tt.week))
		if r.Due {
			t.Errorf("%s: a derived KPI is Due", tt.week)
		}
		if r.Status != tt.status || r.HasChange != tt.hasChange {
			t.Errorf("%s: status %q change %v; want %q %v", tt.week, r.Status, r.HasChange, tt.status, tt.hasChange)
		}
	}

	mood := KPI{Key: "morale", Direction: Up, Kind: Qualitative, Cadence: Weekly}
	qs := Series{{Week: w("2026-W46"), Status: OnTrack}, {Week: w("2026-W47"), Status: OffTrack, Note: "two resignations"}}
	r := Evaluate(mood, qs, w("2026-W47"))
	if !r.Due || r.Status != OffTrack || r.HasChange || r.HasTrend || r.Forecast.OK() {
		t.Errorf("qualitative: due %v status %q change %v trend %v forecast %v; want due, off track, no numbers",
			r.Due, r.Status, r.HasChange, r.HasTrend, r.Forecast.OK())
	}
}

func TestSummarize(t *testing.T) {
	rs := []Reading{
		{Status: OnTrack}, {Status: OnTrack}, {Status: OnTrack}, {Status: AtRisk},
		{Status: OffTrack}, {Status: Missing}, {Status: Missing}, {Status: NoTarget}, {Status: NotAvail},
	}
	want := Summary{OnTrack: 3, AtRisk: 1, OffTrack: 1, Missing: 2, NoTarget: 1, Other: 1}
	if got := Summarize(rs); got != want {
		t.Errorf("Summarize = %+v, want %+v", got, want)
	}
	if got := Summarize(nil); got != (Summary{}) {
		t.Errorf("Summarize(nil) = %+v", got)
	}
}

func TestReadAll(t *testing.T) {
	w := MustWeek
	tgt := TargetPath{{Week: w("2026-W01"), Value: 20}}
	kpis := []KPI{
		{ID: 1, Key: "won", Direction: Up, Kind: Quantitative, Cadence: Weekly, Targets: tgt},
		{ID: 4, Key: "double_rate", Formula: "win_rate * 2", Direction: Up, Kind: Quantitative, Cadence: Weekly, Targets: TargetPath{{Week: w("2026-W01"), Value: 40}}},
		{ID: 2, Key: "created", Direction: Up, Kind: Quantitative, Cadence: Weekly},
		{ID: 3, Key: "win_rate", Formula: "won / created * 100", Direction: Up, Kind: Quantitative, Cadence: Weekly, Targets: tgt},
		{ID: 5, Key: "broken", Formula: "won /", Direction: Up, Kind: Quantitative, Cadence: Weekly, Targets: tgt},
	}
	vals := []Value{ // any order; one value outside the lookback
		{KPIID: 2, Week: w("2026-W47"), Number: 20, HasNumber: true},
		{KPIID: 1, Week: w("2026-W46"), Number: 3, HasNumber: true},
		{KPIID: 1, Week: w("2026-W47"), Number: 5, HasNumber: true},
		{KPIID: 2, Week: w("2026-W46"), Number: 30, HasNumber: true},
		{KPIID: 1, Week: w("2026-W20"), Number: 99, HasNumber: true},
	}
	rs := ReadAll(kpis, vals, w("2026-W47"))
	if len(rs) != len(kpis) {
		t.Fatalf("ReadAll gave %d readings for %d KPIs", len(rs), len(kpis))
	}
	for i, r := range rs {
		if r.KPI.Key != kpis[i].Key || r.Week != w("2026-W47") {
			t.Errorf("reading %d is %s %s, want %s 2026-W47 (the order of kpis)", i, r.KPI.Key, r.Week, kpis[i].Key)
		}
	}
	// won: 5 against 20 → off track, +2 since W46
	if r := rs[0]; !r.HasValue || r.Value.Number != 5 || r.Status != OffTrack || !r.HasChange || r.Change != 2 {
		t.Errorf("won = %+v", r)
	}
	// win_rate: 5/20*100 = 25 on track; W46: 3/30*100 = 10 → +15, better
	if r := rs[3]; !r.HasValue || !near(r.Value.Number, 25) || r.Status != OnTrack || !r.HasChange || !near(r.Change, 15) || r.Verdict != Better || r.Due {
		t.Errorf("win_rate = value %v %v status %q change %v %v verdict %v due %v", r.HasValue, r.Value.Number, r.Status, r.HasChange, r.Change, r.Verdict, r.Due)
	}
	// double_rate reads a derived KPI: 50 on track
	if r := rs[1]; !r.HasValue || !near(r.Value.Number, 50) || r.Status != OnTrack {
		t.Errorf("double_rate = value %v %v status %q", r.HasValue, r.Value.Number, r.Status)
	}
	// a broken formula leaves that KPI without values, and the rest still read
	if r := rs[4]; r.HasValue || r.Status != Missing {
		t.Errorf("broken = value %v status %q; want none, missing", r.HasValue, r.Status)
	}
	if r := rs[2]; r.Status != NoTarget || r.Value.Number != 20 {
		t.Errorf("created = %q %v; want no target, 20", r.Status, r.Value.Number)
	}
}
