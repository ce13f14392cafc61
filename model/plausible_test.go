package model

import (
	"strings"
	"testing"
)

func TestParseForReadsValuesAsTheyAreShown(t *testing.T) {
	ms := KPI{Key: "p95_latency", Unit: "ms"}
	users := KPI{Key: "wau", Unit: "users"}
	usd := KPI{Key: "mrr", Unit: "$"}
	plain := KPI{Key: "deals"}
	for _, c := range []struct {
		k    KPI
		in   string
		want float64
		unit string
	}{
		{ms, "204 ms", 204, "ms"},
		{ms, "204ms", 204, "ms"},
		{ms, "204 MS", 204, "ms"},
		{ms, "1.2k ms", 1200, "ms"},
		{ms, "204", 204, ""},
		{ms, "204 days", 204, "days"},
		{users, "12.6k users", 12600, "users"},
		{users, "1 user", 1, "users"},
		{usd, "$1,200", 1200, "$"},
		{usd, "-$3", -3, "$"},
		{usd, "€1,200", 1200, "€"},
		{usd, "1,200 EUR", 1200, "€"},
		{usd, "1200€", 1200, "€"},
		{usd, "12k", 12000, ""},
		{usd, "3.4M", 3.4e6, ""},
		{usd, "3.4 M", 3.4e6, ""},
		{plain, "45%", 45, "%"},
		{plain, "45 %", 45, "%"},
		{plain, "1.2e3", 1200, ""},
		{KPI{Unit: "x"}, "3.2×", 3.2, "x"},
	} {
		got, err := ParseFor(c.k, c.in)
		if err != nil {
			t.Errorf("ParseFor(%s, %q): %v", c.k.Key, c.in, err)
			continue
		}
		if !near(got.Number, c.want) || got.Unit != c.unit {
			t.Errorf("ParseFor(%s, %q) = %v %q, want %v %q", c.k.Key, c.in, got.Number, got.Unit, c.want, c.unit)
		}
	}
	for _, bad := range []string{"", "abc", "ms", "1,2,3 users"} {
		if _, err := ParseFor(users, bad); err == nil {
			t.Errorf("ParseFor(%q) accepted", bad)
		}
	}
}

// weeklyRun is n weekly values of number n0 ending the week before w.
func weeklyRun(id int64, w Week, nums ...float64) Series {
	var s Series
	for i, n := range nums {
		s = append(s, Value{KPIID: id, Week: w.Add(i - len(nums)), Number: n, HasNumber: true})
	}
	return s
}

func TestVetQuestionsImplausibleValues(t *testing.T) {
	w := MustWeek("2026-W47")
	mrr := KPI{Key: "mrr", Unit: "$", Kind: Quantitative, Cadence: Weekly}
	conv := KPI{Key: "trial_conversion", Unit: "%", Decimals: 1, Kind: Quantitative, Cadence: Weekly}
	plain := KPI{Key: "deals", Kind: Quantitative, Cadence: Weekly}
	mrrRun := weeklyRun(1, w, 410000, 415000, 418000, 420000, 422000, 424000, 425000, 426232)
	convRun := weeklyRun(2, w, 15.1, 15.3, 15.7, 15.9)
	typed := func(k KPI, s string) Typed {
		t.Helper()
		ty, err := ParseFor(k, s)
		if err != nil {
			t.Fatal(err)
		}
		return ty
	}
	for _, c := range []struct {
		name     string
		k        KPI
		in       string
		s        Series
		doubt    bool
		contains []string
		suggest  string
	}{
		{"a slipped k", mrr, "12k", mrrRun, true, []string{"12k is 35× below the last 8 weeks' median $421k"}, ""},
		{"a million for thousands", mrr, "426", mrrRun, true, []string{"988× below"}, "$426k"},
		{"10× above", mrr, "4.3M", mrrRun, true, []string{"10.2× above"}, ""},
		{"a normal week", mrr, "$430,000", mrrRun, false, nil, ""},
		{"9× is let through", mrr, "47k", mrrRun, false, nil, ""},
		{"euros for dollars", mrr, "€1,200", mrrRun, true, []string{"typed in €", "mrr is in $", "$1,200"}, ""},
		{"a percentage for a plain KPI", plain, "45%", nil, true, []string{"typed in %", "plain number"}, ""},
		{"a fraction for a percentage", conv, "0.157", convRun, true, []string{"0.157 would be 0.157% (shown as 0.2%)", "stores the percentage"}, "15.7%"},
		{"a fraction without history", conv, "0.157", nil, true, []string{"shown as 0.2%"}, "15.7%"},
		{"a small percentage without history", conv, "0.5", nil, false, nil, ""},
		{"15.7 for a percentage", conv, "15.7", convRun, false, nil, ""},
		{"15.7% typed with its unit", conv, "15.7%", convRun, false, nil, ""},
		{"zero is not questioned", mrr, "0", mrrRun, false, nil, ""},
		{"no history, right unit", mrr, "$12", nil, false, nil, ""},
	} {
		d, ok := Vet(c.k, typed(c.k, c.in), c.s, w)
		if ok != c.doubt {
			t.Errorf("%s: Vet(%q) doubt %v (%q), want %v", c.name, c.in, ok, d.Reason, c.doubt)
			continue
		}
		for _, want := range c.contains {
			if !strings.Contains(d.Reason, want) {
				t.Errorf("%s: reason %q lacks %q", c.name, d.Reason, want)
			}
		}
		if d.Suggest != c.suggest {
			t.Errorf("%s: suggests %q, want %q", c.name, d.Suggest, c.suggest)
		}
	}
}

func TestVetNamesTheValuesItComparesWith(t *testing.T) {
	w := MustWeek("2026-W47")
	k := KPI{Key: "x", Kind: Quantitative, Cadence: Weekly}
	gappy := Series{{Week: w.Add(-9), Number: 100, HasNumber: true}, {Week: w.Add(-2), Number: 100, HasNumber: true}, {Week: w.Add(-1), Number: 100, HasNumber: true}}
	d, _ := Vet(k, Typed{Number: 5000, Text: "5000"}, gappy, w)
	if !strings.Contains(d.Reason, "the median of its last 3 values") {
		t.Errorf("a gap: %q", d.Reason)
	}
	one := Series{{Week: w.Add(-1), Number: 100, HasNumber: true}}
	if d, _ := Vet(k, Typed{Number: 5000, Text: "5000"}, one, w); !strings.Contains(d.Reason, "its last value, 100") {
		t.Errorf("one value: %q", d.Reason)
	}
	// the value being replaced is not part of the median; values after the
	// week stand in when there are none before it
	later := Series{{Week: w, Number: 5000, HasNumber: true}, {Week: w.Add(1), Number: 100, HasNumber: true}}
	if _, ok := Vet(k, Typed{Number: 5000, Text: "5000"}, later, w); !ok {
		t.Error("a first week's value 50× its later values is not questioned")
	}
	m := KPI{Key: "burn", Unit: "$", Kind: Quantitative, Cadence: Monthly}
	months := Series{{Week: MustWeek("2026-W36"), Number: 90000, HasNumber: true}, {Week: MustWeek("2026-W40"), Number: 91000, HasNumber: true}, {Week: MustWeek("2026-W45"), Number: 92000, HasNumber: true}}
	if d, _ := Vet(m, Typed{Number: 92, Text: "92"}, months, MustWeek("2026-W49")); !strings.Contains(d.Reason, "the last 3 months' median $91k") {
		t.Errorf("monthly: %q", d.Reason)
	}
	if d := (Doubt{Reason: "r", Suggest: "12M"}).Message("use --force to keep 12k"); d != "r; did you mean 12M? use --force to keep 12k" {
		t.Errorf("Message = %q", d)
	}
}
