package model

import (
	"sort"
	"strings"
	"testing"
	"time"
)

// hygieneNow is Thursday of 2026-W47.
func hygieneNow() time.Time { return time.Date(2026, 11, 19, 12, 0, 0, 0, time.UTC) }

// healthyKPI is a KPI no hygiene rule should flag.
func healthyKPI(id int64, key string) KPI {
	return KPI{
		ID: id, Key: key, Name: key, Owner: "ana", ObjectiveID: 1,
		Direction: Up, Tier: TierHealth, Kind: Quantitative, Cadence: Weekly, Aggregate: AggSum,
		Tolerance: DefaultTolerance, Targets: TargetPath{{Week: MustWeek("2026-W01"), Value: 10}},
		DefinitionReviewed: hygieneNow().AddDate(0, 0, -14),
		Stamp:              Stamp{CreatedAt: hygieneNow().AddDate(-1, 0, 0), UpdatedAt: hygieneNow().AddDate(0, -6, 0)},
	}
}

// recentSeries has values for W40..W47 that rise and fall.
func recentSeries() Series {
	return nums("2026-W40", 5, "2026-W41", 7, "2026-W42", 6, "2026-W43", 8, "2026-W44", 9, "2026-W45", 11, "2026-W46", 10, "2026-W47", 12)
}

// rulesFor lists the rules found for key ("" for team-wide findings), sorted.
func rulesFor(fs []Finding, key string) []string {
	var out []string
	for _, f := range fs {
		if f.KPIKey == key {
			out = append(out, string(f.Rule))
		}
	}
	sort.Strings(out)
	return out
}

func TestHygieneRules(t *testing.T) {
	tests := []struct {
		name   string
		edit   func(*KPI)
		series Series
		want   []Rule // for this KPI
	}{
		{"healthy", func(k *KPI) {}, recentSeries(), nil},
		{"no owner", func(k *KPI) { k.Owner = "" }, recentSeries(), []Rule{RuleNoOwner}},
		{"no target", func(k *KPI) { k.Targets = nil }, recentSeries(), []Rule{RuleNoTarget}},
		{"qualitative without target is fine", func(k *KPI) { k.Kind, k.Targets = Qualitative, nil }, recentSeries(), nil},
		{"no objective", func(k *KPI) { k.ObjectiveID = 0 }, recentSeries(), []Rule{RuleNoObjective}},
		{"orphan on all counts", func(k *KPI) { k.Owner, k.Targets, k.ObjectiveID = "", nil, 0 }, recentSeries(),
			[]Rule{RuleNoObjective, RuleNoOwner, RuleNoTarget}},
		{"last value 5 weeks ago", func(k *KPI) {}, nums("2026-W41", 1, "2026-W42", 2), []Rule{RuleNoRecentValue}},
		{"last value 4 weeks ago", func(k *KPI) {}, nums("2026-W42", 1, "2026-W43", 2), []Rule{RuleNoRecentValue}},
		{"last value 3 weeks ago", func(k *KPI) {}, nums("2026-W43", 1, "2026-W44", 2), nil},
		{"last value 2 weeks ago", func(k *KPI) {}, nums("2026-W44", 1, "2026-W45", 2), nil},
		{"values in the future do not count", func(k *KPI) {}, nums("2026-W41", 1, "2026-W50", 2), []Rule{RuleNoRecentValue}},
		{"never a value, created a year ago", func(k *KPI) {}, nil, []Rule{RuleNoRecentValue}},
		{"never a value, created last week", func(k *KPI) { k.CreatedAt = hygieneNow().AddDate(0, 0, -7) }, nil, nil},
		{"monthly KPI 5 weeks without a value", func(k *KPI) { k.Cadence = Monthly }, nums("2026-W41", 1), nil},
		{"derived KPI has no entered values", func(k *KPI) { k.Formula = "a / b" }, nil, nil},
		{"definition reviewed 14 weeks ago", func(k *KPI) { k.DefinitionReviewed = hygieneNow().AddDate(0, 0, -14*7) }, recentSeries(),
			[]Rule{RuleDefinitionStale}},
		{"definition reviewed 12 weeks ago", func(k *KPI) { k.DefinitionReviewed = hygieneNow().AddDate(0, 0, -12*7) }, recentSeries(), nil},
		{"never reviewed, edited 20 weeks ago", func(k *KPI) {
			k.DefinitionReviewed = time.Time{}
			k.UpdatedAt = hygieneNow().AddDate(0, 0, -20*7)
		}, recentSeries(), []Rule{RuleDefinitionStale}},
		{"never reviewed, edited last month", func(k *KPI) {
			k.DefinitionReviewed = time.Time{}
			k.UpdatedAt = hygieneNow().AddDate(0, -1, 0)
		}, recentSeries(), nil},
		{"vanity: last, up, never decreased", func(k *KPI) { k.Aggregate = AggLast }, rising(8), []Rule{RuleVanity}},
		{"not vanity: it dipped", func(k *KPI) { k.Aggregate = AggLast }, recentSeries(), nil},
		{"not vanity: summed", func(k *KPI) {}, rising(8), nil},
		{"not vanity: a down KPI", func(k *KPI) { k.Aggregate, k.Direction = AggLast, Down }, rising(8), nil},
		{"not vanity: too short a history", func(k *KPI) { k.Aggregate = AggLast }, rising(7), nil},
		{"archived KPIs are not checked", func(k *KPI) { k.Archived, k.Owner, k.ObjectiveID = true, "", 0 }, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k := healthyKPI(7, "signups")
			tt.edit(&k)
			fs := Hygiene(HygieneInput{KPIs: []KPI{k}, Series: map[int64]Series{7: SortSeries(tt.series)}, Now: hygieneNow()})
			var want []string
			for _, r := range tt.want {
				want = append(want, string(r))
			}
			sort.Strings(want)
			got := rulesFor(fs, "signups")
			if strings.Join(got, ",") != strings.Join(want, ",") {
				t.Errorf("findings = %v, want %v", got, want)
			}
			if len(got) != len(fs) {
				t.Errorf("unexpected team-wide findings: %+v", fs)
			}
			for _, f := range fs {
				if !strings.HasPrefix(f.Message, "signups: ") {
					t.Errorf("message %q does not start with the KPI key", f.Message)
				}
			}
		})
	}
}

// rising is n weekly values up to 2026-W47 that only ever rise.
func rising(n int) Series {
	var s Series
	start := MustWeek("2026-W47").Add(-(n - 1))
	for i := 0; i < n; i++ {
		s = append(s, Value{Week: start.Add(i), Number: float64(100 + i), HasNumber: true})
	}
	return s
}

func TestHygieneTooManyKeyKPIs(t *testing.T) {
	build := func(key, archivedKey int) []KPI {
		var ks []KPI
		for i := 0; i < key+archivedKey; i++ {
			k := healthyKPI(int64(i+1), "k"+string(rune('a'+i)))
			k.Tier = TierKey
			k.Archived = i >= key
			ks = append(ks, k)
		}
		for i := 0; i < 4; i++ { // health metrics never count
			ks = append(ks, healthyKPI(int64(100+i), "h"+string(rune('a'+i))))
		}
		return ks
	}
	tests := []struct {
		key, archived int
		flagged       bool
	}{
		{3, 0, false},
		{5, 0, false},
		{6, 0, true},
		{9, 0, true},
		{5, 2, false}, // archived key KPIs do not count
	}
	for _, tt := range tests {
		kpis := build(tt.key, tt.archived)
		series := map[int64]Series{}
		for _, k := range kpis {
			series[k.ID] = recentSeries()
		}
		fs := Hygiene(HygieneInput{KPIs: kpis, Series: series, Now: hygieneNow()})
		team := rulesFor(fs, "")
		if got := len(team) == 1 && team[0] == string(RuleTooManyKey); got != tt.flagged {
			t.Errorf("%d key KPIs (+%d archived): team findings %v, want flagged %v", tt.key, tt.archived, team, tt.flagged)
		}
		if tt.flagged {
			for _, f := range fs {
				if f.Rule == RuleTooManyKey && !strings.Contains(f.Message, string(rune('0'+tt.key))) {
					t.Errorf("message %q does not give the count %d", f.Message, tt.key)
				}
			}
		}
		if len(fs) != len(team) {
			t.Errorf("%d key KPIs: healthy KPIs were flagged: %+v", tt.key, fs)
		}
	}
}
