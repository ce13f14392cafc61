package model

import (
	"errors"
	"fmt"
	"slices"
	"testing"
)

func TestParseTagsNormalises(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
		bad  bool
	}{
		{"store", []string{"store"}, false},
		{"Store, region:north store", []string{"region:north", "store"}, false},
		{"", nil, false},
		{"a b;c", []string{"a", "b", "c"}, false},
		{"región", nil, true},
		{"a:b:c", nil, true},
		{":x", nil, true},
	} {
		got, err := ParseTags(tc.in)
		if (err != nil) != tc.bad || !slices.Equal(got, tc.want) {
			t.Errorf("ParseTags(%q) = %v, %v; want %v (bad %v)", tc.in, got, err, tc.want, tc.bad)
		}
	}
}

func TestHasTagAndGroup(t *testing.T) {
	k := KPI{Key: "s1", Tags: []string{"region:north", "store"}}
	for tag, want := range map[string]bool{"store": true, "region": true, "region:north": true, "region:south": false, "stor": false, "north": false} {
		if k.HasTag(tag) != want {
			t.Errorf("HasTag(%q) = %v", tag, !want)
		}
	}
	if g := k.TagGroup("region"); g != "north" {
		t.Errorf("TagGroup(region) = %q", g)
	}
	if g := k.TagGroup("store"); g != "store" {
		t.Errorf("TagGroup(store) = %q", g)
	}
	if g := k.TagGroup("team"); g != "" {
		t.Errorf("TagGroup(team) = %q", g)
	}
}

func TestTagAggregates(t *testing.T) {
	var kpis []KPI
	vals := map[string]float64{}
	for i := 1; i <= 5; i++ {
		key := fmt.Sprintf("store_%d", i)
		kpis = append(kpis, KPI{Key: key, Tags: []string{"store"}})
		vals[key] = float64(i) * 1.1
	}
	kpis = append(kpis, KPI{Key: "old", Tags: []string{"store"}, Archived: true}, KPI{Key: "other"})
	vals["old"], vals["other"] = 1000, 1000
	delete(vals, "store_5") // no value this week: left out
	lookup := func(k string) (float64, bool) { v, ok := vals[k]; return v, ok }
	for src, want := range map[string]float64{
		"sum(tag:store)":         1.1 + 2.2 + 3.3 + 4.4,
		"avg(tag:store)":         (1.1 + 2.2 + 3.3 + 4.4) / 4,
		"min(tag:store)":         1.1,
		"max(tag:store)":         4.4,
		"count(tag:store)":       4,
		"sum(tag:store) / other": (1.1 + 2.2 + 3.3 + 4.4) / 1000,
		"max(other, 1) + sum":    1000 + 7, // "sum" is a key here, not a function
	} {
		f, err := ParseFormula(src)
		if err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		vals["sum"] = 7
		got, err := f.EvalWith(lookup, f.tagMembersFunc("total", kpis))
		if err != nil || got-want > 1e-9 || want-got > 1e-9 {
			t.Errorf("%s = %v, %v; want %v", src, got, err, want)
		}
	}
	f, _ := ParseFormula("sum(tag:store) + other")
	if got := f.Inputs("total", kpis); !slices.Equal(got, []string{"other", "store_1", "store_2", "store_3", "store_4", "store_5"}) {
		t.Errorf("Inputs = %v", got)
	}
	f, _ = ParseFormula("sum(tag:nothing)")
	if _, err := f.EvalWith(lookup, f.tagMembersFunc("total", kpis)); !errors.Is(err, ErrMissingInput) {
		t.Errorf("a tag nobody carries: %v, want missing", err)
	}
	for _, bad := range []string{"tag:store", "sum(tag:store, 1)", "sum(tag:)", "abs(tag:store)", "sum(tag:Bad!)"} {
		if _, err := ParseFormula(bad); !errors.Is(err, ErrBadFormula) {
			t.Errorf("ParseFormula(%q) = %v, want a bad formula", bad, err)
		}
	}
}

func TestTagFormulaInSeriesAndCycle(t *testing.T) {
	w := MustWeek("2026-W10")
	kpis := []KPI{
		{ID: 1, Key: "a", Tags: []string{"store"}, Cadence: Weekly},
		{ID: 2, Key: "b", Tags: []string{"store"}, Cadence: Weekly},
		{ID: 3, Key: "total", Formula: "sum(tag:store)", Cadence: Weekly, Decimals: 2},
	}
	vals := []Value{{KPIID: 1, Week: w, Number: 1643690.9, HasNumber: true}, {KPIID: 2, Week: w, Number: 1641957.44, HasNumber: true}}
	s := AllSeries(kpis, vals, w, w)[3]
	if len(s) != 1 || s[0].Number != 1643690.9+1641957.44 {
		t.Fatalf("total = %+v", s)
	}
	kpis[1].Formula = "total * 2"
	if err := FormulaCycle(kpis); !errors.Is(err, ErrBadFormula) {
		t.Errorf("a tag member reading the total is a cycle: %v", err)
	}
}

func TestContextMetricIsNeverJudged(t *testing.T) {
	w := MustWeek("2026-W10")
	k := KPI{Key: "cpi", Direction: None, Kind: Quantitative, Cadence: Weekly, Targets: TargetPath{{Week: w, Value: 1}}}
	if s := StatusOf(k, w, Value{Number: 5, HasNumber: true}, true); s != Context {
		t.Errorf("status = %q, want context", s)
	}
	if v := ChangeVerdict(None, Band{}, 1, 2); v != Flat {
		t.Errorf("verdict = %v, want flat", v)
	}
	rs := []Reading{{KPI: k, Status: Context}, {KPI: KPI{Direction: Up}, Status: OnTrack}}
	if r := RollUp(rs); r.Total != 1 || r.OnTrack != 1 {
		t.Errorf("roll-up counts the context metric: %+v", r)
	}
	k.Owner, k.ObjectiveID = "", 0
	k.Targets = nil
	if f := Hygiene(HygieneInput{KPIs: []KPI{k}}); len(f) != 0 {
		t.Errorf("hygiene findings for a context metric: %v", f)
	}
	k.Kind = Qualitative
	if err := ValidateKPI(KPI{Key: "cpi", Name: "CPI", Direction: None, Kind: Qualitative, Tier: TierHealth, Indicator: Lagging, Cadence: Weekly, Aggregate: AggLast}); err == nil {
		t.Error("a qualitative context metric was accepted")
	}
}

func TestEventWeeksAreTheWeeksInRangeOnceInOrder(t *testing.T) {
	w := MustWeek
	events := []Event{{Week: w("2026-W50"), Text: "b"}, {Week: w("2026-W40"), Text: "early"}, {Week: w("2026-W45"), Text: "a"},
		{Week: w("2026-W45"), Text: "again"}, {Week: w("2027-W02"), Text: "late"}}
	got := EventWeeks(events, w("2026-W41"), w("2026-W53"))
	want := []Week{w("2026-W45"), w("2026-W50")}
	if !slices.Equal(got, want) {
		t.Errorf("EventWeeks = %v, want %v", got, want)
	}
	if got := EventWeeks(nil, w("2026-W41"), w("2026-W53")); len(got) != 0 {
		t.Errorf("no events: %v", got)
	}
}
