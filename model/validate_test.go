package model

import (
	"errors"
	"math"
	"strings"
	"testing"
)

func TestValidKey(t *testing.T) {
	good := []string{"mrr", "win_rate", "a", "a1", "nps_2026", "x_", strings.Repeat("k", MaxKeyLen), "minimum", "maxed", "absent"}
	for _, k := range good {
		if err := ValidKey(k); err != nil {
			t.Errorf("ValidKey(%q) = %v, want nil", k, err)
		}
	}
	bad := []string{"", "MRR", "Mrr", "1abc", "9", "_x", "win-rate", "win rate", "win.rate", "é", "mrr ", strings.Repeat("k", MaxKeyLen+1), "min", "max", "abs"}
	for _, k := range bad {
		if err := ValidKey(k); err == nil {
			t.Errorf("ValidKey(%q) = nil, want an error", k)
		}
	}
}

func TestSlugify(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Win rate %", "win_rate"},
		{"MRR", "mrr"},
		{"  Net Revenue Retention (NRR)  ", "net_revenue_retention_nrr"},
		{"LTV:CAC", "ltv_cac"},
		{"30-day active users", "k30_day_active_users"},
		{"Time to resolve — p90", "time_to_resolve_p90"},
		{"%%%", "kpi"},
		{"", "kpi"},
		{strings.Repeat("abc ", 10), "abc_abc_abc_abc_abc_abc_abc_abc"}, // cut at 32, trailing _ dropped
	}
	for _, tt := range tests {
		if got := Slugify(tt.in); got != tt.want {
			t.Errorf("Slugify(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	// a suggestion is always a key that ValidKey accepts
	for _, name := range []string{
		"Win rate %", "Min", "MAX", "abs", "Abs.", "9", "_", "日本", strings.Repeat("x", 100),
		strings.Repeat("9 ", 40), "Churn (monthly, %)", "a" + strings.Repeat("_", 40) + "b",
	} {
		s := Slugify(name)
		if err := ValidKey(s); err != nil {
			t.Errorf("Slugify(%q) = %q, which ValidKey refuses: %v", name, s, err)
		}
	}
}

// goodKPI is a KPI that passes ValidateKPI; tests break one field at a time.
func goodKPI() KPI {
	return KPI{
		Key: "mrr", Name: "Monthly recurring revenue", Owner: "ana", Unit: "$", Decimals: 0,
		Direction: Up, Tolerance: DefaultTolerance, Tier: TierKey, Indicator: Lagging,
		Kind: Quantitative, Cadence: Weekly, Aggregate: AggLast,
		Targets: TargetPath{{Week: MustWeek("2026-W01"), Value: 100000}, {Week: MustWeek("2026-W52"), Value: 150000}},
	}
}

func TestValidateKPI(t *testing.T) {
	tests := []struct {
		name    string
		edit    func(*KPI)
		mention string // "" means valid
	}{
		{"good", func(k *KPI) {}, ""},
		{"range with a band", func(k *KPI) {
			k.Direction = Range
			k.Targets = TargetPath{{Week: MustWeek("2026-W01"), Value: 40, High: 60}}
		}, ""},
		{"derived", func(k *KPI) { k.Key, k.Formula = "win_rate", "won / created * 100" }, ""},
		{"qualitative without targets", func(k *KPI) { k.Kind, k.Targets = Qualitative, nil }, ""},
		{"absolute tolerance above 100", func(k *KPI) { k.Tolerance = Tolerance{Amount: 500, Absolute: true} }, ""},
		{"6 decimals", func(k *KPI) { k.Decimals = 6 }, ""},
		{"name at the limit", func(k *KPI) { k.Name = strings.Repeat("é", MaxNameLen) }, ""},

		{"bad key", func(k *KPI) { k.Key = "Win Rate" }, "key"},
		{"empty key", func(k *KPI) { k.Key = "" }, "key"},
		{"empty name", func(k *KPI) { k.Name = "" }, "name"},
		{"blank name", func(k *KPI) { k.Name = "   " }, "name"},
		{"long name", func(k *KPI) { k.Name = strings.Repeat("x", MaxNameLen+1) }, "name"},
		{"long owner", func(k *KPI) { k.Owner = strings.Repeat("x", MaxShortLen+1) }, "owner"},
		{"long unit", func(k *KPI) { k.Unit = strings.Repeat("x", 17) }, "unit"},
		{"long description", func(k *KPI) { k.Description = strings.Repeat("x", MaxTextLen+1) }, "description"},
		{"negative decimals", func(k *KPI) { k.Decimals = -1 }, "decimals"},
		{"too many decimals", func(k *KPI) { k.Decimals = 7 }, "decimals"},
		{"direction", func(k *KPI) { k.Direction = "sideways" }, "direction"},
		{"empty direction", func(k *KPI) { k.Direction = "" }, "direction"},
		{"tier", func(k *KPI) { k.Tier = "vip" }, "tier"},
		{"indicator", func(k *KPI) { k.Indicator = "" }, "indicator"},
		{"kind", func(k *KPI) { k.Kind = "numeric" }, "kind"},
		{"cadence", func(k *KPI) { k.Cadence = "daily" }, "cadence"},
		{"aggregate", func(k *KPI) { k.Aggregate = "median" }, "aggregate"},
		{"negative tolerance", func(k *KPI) { k.Tolerance = Tolerance{Amount: -1} }, "tolerance"},
		{"NaN tolerance", func(k *KPI) { k.Tolerance = Tolerance{Amount: math.NaN()} }, "tolerance"},
		{"infinite tolerance", func(k *KPI) { k.Tolerance = Tolerance{Amount: math.Inf(1), Absolute: true} }, "tolerance"},
		{"percent tolerance over 100", func(k *KPI) { k.Tolerance = Tolerance{Amount: 101} }, "tolerance"},
		{"target without week", func(k *KPI) { k.Targets = TargetPath{{Value: 1}} }, "week"},
		{"two targets for one week", func(k *KPI) {
			k.Targets = TargetPath{{Week: MustWeek("2026-W05"), Value: 1}, {Week: MustWeek("2026-W05"), Value: 2}}
		}, "2026-W05"},
		{"NaN target", func(k *KPI) { k.Targets = TargetPath{{Week: MustWeek("2026-W05"), Value: math.NaN()}} }, "finite"},
		{"infinite high", func(k *KPI) {
			k.Direction = Range
			k.Targets = TargetPath{{Week: MustWeek("2026-W05"), Value: 1, High: math.Inf(1)}}
		}, "finite"},
		{"range high below low", func(k *KPI) {
			k.Direction = Range
			k.Targets = TargetPath{{Week: MustWeek("2026-W05"), Value: 60, High: 40}}
		}, "high"},
		{"qualitative with a formula", func(k *KPI) { k.Kind, k.Formula = Qualitative, "a + b" }, "qualitative"},
		{"bad formula", func(k *KPI) { k.Formula = "won /" }, "formula"},
		{"formula reads itself", func(k *KPI) { k.Formula = "mrr * 2" }, "itself"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k := goodKPI()
			tt.edit(&k)
			err := ValidateKPI(k)
			if tt.mention == "" {
				if err != nil {
					t.Errorf("ValidateKPI = %v, want nil", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("ValidateKPI = nil, want an error mentioning %q", tt.mention)
			}
			if !strings.Contains(err.Error(), tt.mention) {
				t.Errorf("ValidateKPI error %q does not mention %q", err, tt.mention)
			}
		})
	}
}

func TestValidateObjective(t *testing.T) {
	good := func() Objective {
		return Objective{Title: "Grow revenue", Owner: "ana", Start: MustWeek("2026-W01"), End: MustWeek("2026-W53"), State: ObjectiveActive}
	}
	tests := []struct {
		name    string
		edit    func(*Objective)
		mention string
	}{
		{"good", func(o *Objective) {}, ""},
		{"no period", func(o *Objective) { o.Start, o.End = Week{}, Week{} }, ""},
		{"one-week period", func(o *Objective) { o.End = o.Start }, ""},
		{"done", func(o *Objective) { o.State = ObjectiveDone }, ""},
		{"dropped", func(o *Objective) { o.State = ObjectiveDropped }, ""},
		{"empty title", func(o *Objective) { o.Title = "" }, "title"},
		{"blank title", func(o *Objective) { o.Title = " \t" }, "title"},
		{"long title", func(o *Objective) { o.Title = strings.Repeat("x", MaxShortLen+1) }, "title"},
		{"long description", func(o *Objective) { o.Description = strings.Repeat("x", MaxTextLen+1) }, "description"},
		{"ends before it starts", func(o *Objective) { o.Start, o.End = MustWeek("2027-W01"), MustWeek("2026-W53") }, "before"},
		{"bad state", func(o *Objective) { o.State = "paused" }, "state"},
		{"empty state", func(o *Objective) { o.State = "" }, "state"},
	}
	for _, tt := range tests {
		o := good()
		tt.edit(&o)
		err := ValidateObjective(o)
		switch {
		case tt.mention == "" && err != nil:
			t.Errorf("%s: ValidateObjective = %v, want nil", tt.name, err)
		case tt.mention != "" && err == nil:
			t.Errorf("%s: ValidateObjective = nil, want an error", tt.name)
		case tt.mention != "" && !strings.Contains(err.Error(), tt.mention):
			t.Errorf("%s: error %q does not mention %q", tt.name, err, tt.mention)
		}
	}
}

func TestValidateValue(t *testing.T) {
	w := MustWeek("2026-W47")
	quant := goodKPI()
	qual := goodKPI()
	qual.Key, qual.Kind, qual.Targets = "morale", Qualitative, nil
	derived := goodKPI()
	derived.Key, derived.Formula = "win_rate", "won / created * 100"
	archived := goodKPI()
	archived.Archived = true
	tests := []struct {
		name    string
		k       KPI
		v       Value
		mention string
	}{
		{"number", quant, Value{Week: w, Number: 120000, HasNumber: true}, ""},
		{"negative number", quant, Value{Week: w, Number: -5, HasNumber: true}, ""},
		{"number with override", quant, Value{Week: w, Number: 1, HasNumber: true, Status: OnTrack, OverrideReason: "annual deal lands next week"}, ""},
		{"qualitative with status", qual, Value{Week: w, Status: AtRisk, Note: "two people out"}, ""},
		{"derived refused", derived, Value{Week: w, Number: 25, HasNumber: true}, "derived"},
		{"archived refused", archived, Value{Week: w, Number: 1, HasNumber: true}, "archived"},
		{"no week", quant, Value{Number: 1, HasNumber: true}, "week"},
		{"qualitative needs a status", qual, Value{Week: w, Note: "fine"}, "status"},
		{"quantitative needs a number", quant, Value{Week: w, Note: "forgot"}, "number"},
		{"NaN refused", quant, Value{Week: w, Number: math.NaN(), HasNumber: true}, "finite"},
		{"Inf refused", quant, Value{Week: w, Number: math.Inf(-1), HasNumber: true}, "finite"},
		{"override must be a judgement", quant, Value{Week: w, Number: 1, HasNumber: true, Status: Missing}, "status"},
		{"n/a is not an owner's status", qual, Value{Week: w, Status: NotAvail}, "status"},
		{"note too long", quant, Value{Week: w, Number: 1, HasNumber: true, Note: strings.Repeat("x", MaxTextLen+1)}, "note"},
	}
	for _, tt := range tests {
		err := ValidateValue(tt.k, tt.v)
		switch {
		case tt.mention == "" && err != nil:
			t.Errorf("%s: ValidateValue = %v, want nil", tt.name, err)
		case tt.mention != "" && err == nil:
			t.Errorf("%s: ValidateValue = nil, want an error", tt.name)
		case tt.mention != "" && !strings.Contains(err.Error(), tt.mention):
			t.Errorf("%s: error %q does not mention %q", tt.name, err, tt.mention)
		}
	}
}

func TestValidateKPIFormulaErrorWraps(t *testing.T) {
	k := goodKPI()
	k.Formula = "mrr + 1"
	if err := ValidateKPI(k); !errors.Is(err, ErrBadFormula) {
		t.Errorf("self-reference error %v does not wrap ErrBadFormula", err)
	}
	k.Formula = "a $ b"
	if err := ValidateKPI(k); !errors.Is(err, ErrBadFormula) {
		t.Errorf("syntax error %v does not wrap ErrBadFormula", err)
	}
}
