package model

import "testing"

// TestFirstWeekIsCreationOrFirstValue checks the one rule of spec §2: a KPI is
// due from its creation week or its first value's week, whichever is earlier.
func TestFirstWeekIsCreationOrFirstValue(t *testing.T) {
	w := MustWeek
	created := Stamp{CreatedAt: w("2026-W49").Day(3)}
	for _, c := range []struct {
		name  string
		k     KPI
		first Week
	}{
		{"created only", KPI{Stamp: created}, w("2026-W49")},
		{"an earlier first value wins", KPI{Stamp: created, FirstValue: w("2026-W30")}, w("2026-W30")},
		{"a later first value does not", KPI{Stamp: created, FirstValue: w("2026-W51")}, w("2026-W49")},
		{"first value only", KPI{FirstValue: w("2025-W52")}, w("2025-W52")},
		{"neither: every week is due", KPI{}, Week{}},
	} {
		if got := c.k.FirstWeek(); got != c.first {
			t.Errorf("%s: FirstWeek = %s, want %s", c.name, got, c.first)
		}
	}
	k := KPI{Cadence: Weekly, Stamp: created}
	if k.Tracked(w("2026-W48")) || k.DueIn(w("2026-W48")) {
		t.Error("W48, before the creation week, is tracked or due")
	}
	if !k.Tracked(w("2026-W49")) || !k.DueIn(w("2026-W49")) || !k.DueIn(w("2027-W02")) {
		t.Error("the creation week or a later one is not due")
	}
	if (KPI{}).Tracked(w("1999-W01")) != true {
		t.Error("a KPI with no creation time and no value is not tracked in an old week")
	}
	if d := (KPI{Formula: "a + b", Stamp: created}); d.DueIn(w("2026-W50")) {
		t.Error("a derived KPI is due")
	}
}

// TestEvaluateBeforeTheFirstWeekIsBlank: the dashboard, `kpi list`, `kpi due`
// and the report read a KPI created in W49 as blank in W40, not missing; a
// monthly KPI's month before its first week too; and from the first week on a
// week without a value is missing again.
func TestEvaluateBeforeTheFirstWeekIsBlank(t *testing.T) {
	w := MustWeek
	k := KPI{Key: "new", Direction: Up, Kind: Quantitative, Cadence: Weekly, Tolerance: DefaultTolerance,
		Targets: TargetPath{{Week: w("2026-W01"), Value: 10}}, Stamp: Stamp{CreatedAt: w("2026-W49").Day(2)}}
	r := Evaluate(k, nil, w("2026-W40"))
	if r.Due || !r.Before || r.Status != NoneGiven {
		t.Errorf("W40 = due %v before %v status %q; want not due, before, no status", r.Due, r.Before, r.Status)
	}
	if got := Summarize([]Reading{r}); got.Missing != 0 {
		t.Errorf("Summarize counts %d missing before the first week", got.Missing)
	}
	r = Evaluate(k, nil, w("2026-W49"))
	if !r.Due || r.Before || r.Status != Missing {
		t.Errorf("W49 = due %v before %v status %q; want due and missing", r.Due, r.Before, r.Status)
	}
	// a value imported for W38 makes W38 the first week: W40 is then missing
	k.FirstValue = w("2026-W38")
	s := SortSeries(nums("2026-W38", 12))
	if r := Evaluate(k, s, w("2026-W40")); !r.Due || r.Before || r.Status != Missing {
		t.Errorf("W40 after a W38 value = due %v before %v status %q; want due and missing", r.Due, r.Before, r.Status)
	}
	if r := Evaluate(k, s, w("2026-W37")); r.Due || !r.Before {
		t.Errorf("W37 before the W38 value = due %v before %v; want not due, before", r.Due, r.Before)
	}
	m := k
	m.Cadence, m.FirstValue = Monthly, Week{}
	// 2026-W49 is December's due week; W47 stands for November's (W45)
	if r := Evaluate(m, nil, w("2026-W47")); r.Due || !r.Before || r.Status != NoneGiven {
		t.Errorf("monthly W47 = due %v before %v status %q; want blank", r.Due, r.Before, r.Status)
	}
}

// TestScoreCellsFollowTheFirstValue: the Scorecard uses the same rule, so a
// week after an imported first value and before creation is missing.
func TestScoreCellsFollowTheFirstValue(t *testing.T) {
	w := MustWeek
	k := KPI{Key: "new", Direction: Up, Kind: Quantitative, Cadence: Weekly, Tolerance: DefaultTolerance,
		Targets: TargetPath{{Week: w("2026-W01"), Value: 10}}, Stamp: Stamp{CreatedAt: w("2026-W46").Day(3)},
		FirstValue: w("2026-W44")}
	cells := ScoreCells(k, SortSeries(nums("2026-W44", 12)), []Week{w("2026-W43"), w("2026-W45")})
	if !cells[0].Before || cells[0].Status != NoneGiven {
		t.Errorf("W43 = before %v status %q; want blank", cells[0].Before, cells[0].Status)
	}
	if cells[1].Before || cells[1].Status != Missing {
		t.Errorf("W45 = before %v status %q; want missing", cells[1].Before, cells[1].Status)
	}
}

// TestDerivedFirstValueFollowsItsInputs: a derived KPI's first value is the
// first week its formula can compute: the latest first value of its KPI
// inputs, the earliest of a tag's members.
func TestDerivedFirstValueFollowsItsInputs(t *testing.T) {
	w := MustWeek
	ks := []KPI{
		{Key: "won", FirstValue: w("2025-W10")},
		{Key: "created", FirstValue: w("2025-W20")},
		{Key: "rate", Formula: "won / created * 100"},
		{Key: "a", Tags: []string{"store"}, FirstValue: w("2024-W05")},
		{Key: "b", Tags: []string{"store"}, FirstValue: w("2024-W30")},
		{Key: "stores", Formula: "sum(tag:store)"},
		{Key: "per_store", Formula: "stores / rate"},
		{Key: "never", Formula: "won + empty"},
		{Key: "empty"},
	}
	FillDerivedFirstValues(ks)
	want := map[string]Week{"rate": w("2025-W20"), "stores": w("2024-W05"), "per_store": w("2025-W20"), "never": {}}
	for _, k := range ks {
		if got, ok := want[k.Key]; ok && k.FirstValue != got {
			t.Errorf("%s: FirstValue %s, want %s", k.Key, k.FirstValue, got)
		}
	}
}
