package model

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

// lookupOf gives the values of a map; keys not in it have no value.
func lookupOf(m map[string]float64) func(string) (float64, bool) {
	return func(k string) (float64, bool) {
		v, ok := m[k]
		return v, ok
	}
}

func TestFormulaEval(t *testing.T) {
	vals := map[string]float64{"won": 5, "created": 20, "ltv": 3000, "cac": 1000, "mrr": 100, "churned_mrr": 130, "a": -4, "b": 2}
	tests := []struct {
		src  string
		want float64
	}{
		{"2 + 3 * 4", 14},
		{"(2 + 3) * 4", 20},
		{"2 * 3 + 4", 10},
		{"10 - 4 - 3", 3}, // left-associative
		{"100 / 10 / 2", 5},
		{"-2 * 3", -6},
		{"2 - -3", 5},
		{"-(2 + 3)", -5},
		{"--4", 4},
		{"+4", 4},
		{"1.5e2 + .5", 150.5},
		{"won / created * 100", 25},
		{"ltv / cac", 3},
		{"Won / CREATED * 100", 25}, // keys are case-insensitive
		{"max(0, mrr - churned_mrr)", 0},
		{"max(mrr, churned_mrr, 1)", 130},
		{"min(mrr, churned_mrr)", 100},
		{"MIN(a, b)", -4},
		{"min(7)", 7},
		{"abs(a)", 4},
		{"abs(a - b) * 2", 12},
		{"-abs(a)", -4},
		{"min(a, b) + max(a, b)", -2},
		{"a*b", -8},
	}
	for _, tt := range tests {
		f, err := ParseFormula(tt.src)
		if err != nil {
			t.Errorf("ParseFormula(%q): %v", tt.src, err)
			continue
		}
		if f.String() != tt.src {
			t.Errorf("ParseFormula(%q).String() = %q", tt.src, f.String())
		}
		got, err := f.Eval(lookupOf(vals))
		if err != nil {
			t.Errorf("%q: Eval error %v", tt.src, err)
			continue
		}
		if !near(got, tt.want) {
			t.Errorf("%q = %v, want %v", tt.src, got, tt.want)
		}
	}
}

func TestFormulaRefs(t *testing.T) {
	tests := []struct {
		src  string
		want []string
	}{
		{"won / created * 100", []string{"created", "won"}},
		{"b + a + b + A", []string{"a", "b"}},
		{"max(0, mrr - churned_mrr)", []string{"churned_mrr", "mrr"}},
		{"min(x, abs(y))", []string{"x", "y"}},
		{"2 + 3", nil},
	}
	for _, tt := range tests {
		f, err := ParseFormula(tt.src)
		if err != nil {
			t.Fatalf("ParseFormula(%q): %v", tt.src, err)
		}
		if got := f.Refs(); !reflect.DeepEqual(got, tt.want) && !(len(got) == 0 && len(tt.want) == 0) {
			t.Errorf("Refs(%q) = %q, want %q", tt.src, got, tt.want)
		}
	}
}

func TestParseFormulaErrors(t *testing.T) {
	for _, src := range []string{
		"", "   ", "won /", "(a", "a)", "a $ b", "min a", "min(a", "min()", "min(a,)",
		"abs(a, b)", "abs()", "2 3", "a b", "1.2.3", "2e", "* 2", "a +", "()", "a % b", "a ^ 2", "1e400",
	} {
		f, err := ParseFormula(src)
		if err == nil {
			t.Errorf("ParseFormula(%q) = %v, want an error", src, f)
			continue
		}
		if !errors.Is(err, ErrBadFormula) {
			t.Errorf("ParseFormula(%q) error %v does not wrap ErrBadFormula", src, err)
		}
	}
}

func TestFormulaEvalErrors(t *testing.T) {
	tests := []struct {
		src  string
		vals map[string]float64
		want error
	}{
		{"won / created", map[string]float64{"won": 5, "created": 0}, ErrDivByZero},
		{"0 / created", map[string]float64{"created": 0}, ErrDivByZero},
		{"won / (created - created)", map[string]float64{"won": 1, "created": 3}, ErrDivByZero},
		{"won / created", map[string]float64{"won": 5}, ErrMissingInput},
		{"won / created", map[string]float64{"created": 5}, ErrMissingInput},
		{"max(won, 1)", nil, ErrMissingInput},
		{"abs(x)", nil, ErrMissingInput},
		{"-x", nil, ErrMissingInput},
		// overflow is never reported as a number: the result is always finite
		{"big * big", map[string]float64{"big": 1e300}, ErrDivByZero},
	}
	for _, tt := range tests {
		f, err := ParseFormula(tt.src)
		if err != nil {
			t.Fatalf("ParseFormula(%q): %v", tt.src, err)
		}
		got, err := f.Eval(lookupOf(tt.vals))
		if !errors.Is(err, tt.want) {
			t.Errorf("%q with %v = %v, %v; want error %v", tt.src, tt.vals, got, err, tt.want)
		}
	}
	// the missing input is named
	f, _ := ParseFormula("won / created")
	_, err := f.Eval(lookupOf(map[string]float64{"won": 1}))
	if err == nil || !strings.Contains(err.Error(), "created") {
		t.Errorf("missing-input error %v does not name the key", err)
	}
}

func TestFormulaCycle(t *testing.T) {
	base := func(key, formula string) KPI { return KPI{Key: key, Formula: formula} }
	tests := []struct {
		name    string
		kpis    []KPI
		wantErr bool
		mention string // the error names this
	}{
		{"no derived KPIs", []KPI{base("a", ""), base("b", "")}, false, ""},
		{"valid DAG", []KPI{
			base("won", ""), base("created", ""), base("ltv", ""), base("cac", ""),
			base("win_rate", "won / created * 100"),
			base("ltv_cac", "ltv / cac"),
			base("score", "win_rate * ltv_cac"),
			base("double", "score + win_rate"), // a diamond: win_rate reached twice
		}, false, ""},
		{"unknown key", []KPI{base("won", ""), base("win_rate", "won / created")}, true, "created"},
		{"direct self-reference", []KPI{base("a", "a + 1")}, true, "a"},
		{"two-KPI cycle", []KPI{base("a", "b * 2"), base("b", "a / 2")}, true, "cycle"},
		{"three-KPI cycle", []KPI{base("x", ""), base("a", "b + x"), base("b", "c"), base("c", "a * 2")}, true, "cycle"},
		{"cycle behind a valid KPI", []KPI{base("top", "a"), base("a", "b"), base("b", "a")}, true, "cycle"},
		{"bad formula", []KPI{base("a", "b +"), base("b", "")}, true, "a"},
		{"reads an archived KPI", []KPI{{Key: "old", Archived: true}, base("a", "old * 2")}, true, "old"},
		{"an archived derived KPI may read an archived KPI", []KPI{{Key: "old", Archived: true}, {Key: "a", Formula: "old * 2", Archived: true}}, false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := FormulaCycle(tt.kpis)
			if (err != nil) != tt.wantErr {
				t.Fatalf("FormulaCycle = %v, want error: %v", err, tt.wantErr)
			}
			if err != nil {
				if !errors.Is(err, ErrBadFormula) {
					t.Errorf("error %v does not wrap ErrBadFormula", err)
				}
				if !strings.Contains(err.Error(), tt.mention) {
					t.Errorf("error %q does not mention %q", err, tt.mention)
				}
			}
		})
	}
}

func TestDeriveSeries(t *testing.T) {
	w := MustWeek
	won := KPI{ID: 1, Key: "won", Cadence: Weekly}
	created := KPI{ID: 2, Key: "created", Cadence: Weekly}
	rate := KPI{ID: 3, Key: "win_rate", Formula: "won / created * 100", Decimals: 1, Cadence: Weekly}
	byKey := map[string]KPI{"won": won, "created": created}
	num := func(week string, n float64) Value { return Value{Week: w(week), Number: n, HasNumber: true} }
	inputs := map[string]Series{
		"won":     {num("2026-W45", 5), num("2026-W46", 3), num("2026-W47", 1), num("2026-W48", 2)},
		"created": {num("2026-W45", 20), num("2026-W46", 0), num("2026-W48", 3)}, // W47 missing
	}
	weeks := []Week{w("2026-W45"), w("2026-W46"), w("2026-W47"), w("2026-W48")}
	got, err := DeriveSeries(rate, byKey, inputs, weeks)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 {
		t.Fatalf("DeriveSeries gave %d values, want 3 (W47 has a missing input): %+v", len(got), got)
	}
	// W45: 5 / 20 * 100 = 25
	if got[0].Week != w("2026-W45") || !got[0].HasNumber || got[0].Number != 25 || got[0].KPIID != 3 {
		t.Errorf("W45 = %+v, want 25", got[0])
	}
	// W46: created is 0 → n/a, no number
	if got[1].Week != w("2026-W46") || got[1].HasNumber || got[1].Status != NotAvail {
		t.Errorf("W46 = %+v, want Status n/a and no number", got[1])
	}
	// W47: no value at all
	if _, ok := Series(got).At(w("2026-W47")); ok {
		t.Error("W47 has a value though created is missing")
	}
	// W48: 2 / 3 * 100 = 66.666… kept to decimals+2 = 3 places
	if got[2].Week != w("2026-W48") || !got[2].HasNumber || got[2].Number != 66.667 {
		t.Errorf("W48 = %+v, want 66.667", got[2])
	}
	// the status shown for the n/a week
	if s := StatusOf(rate, w("2026-W46"), got[1], true); s != NotAvail {
		t.Errorf("StatusOf the n/a week = %q, want n/a", s)
	}

	// a monthly input stands for every week of its month
	monthly := KPI{ID: 4, Key: "quota", Cadence: Monthly}
	cover := KPI{ID: 5, Key: "coverage", Formula: "pipeline / quota"}
	pipeline := KPI{ID: 6, Key: "pipeline", Cadence: Weekly}
	got, err = DeriveSeries(cover,
		map[string]KPI{"quota": monthly, "pipeline": pipeline},
		map[string]Series{
			"quota":    {num("2026-W45", 100)},                                           // due week of November 2026
			"pipeline": {num("2026-W45", 300), num("2026-W48", 250), num("2026-W50", 9)}, // W50 is December's due week
		},
		[]Week{w("2026-W45"), w("2026-W48"), w("2026-W50")})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Number != 3 || got[1].Number != 2.5 || got[1].Week != w("2026-W48") {
		t.Errorf("coverage = %+v, want 3 in W45 and 2.5 in W48, nothing in W50", got)
	}

	if _, err := DeriveSeries(KPI{Key: "bad", Formula: "a +"}, nil, nil, weeks); !errors.Is(err, ErrBadFormula) {
		t.Errorf("DeriveSeries with a bad formula: error %v, want ErrBadFormula", err)
	}
}
