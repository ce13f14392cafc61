package frame

import (
	"fmt"
	"testing"

	"kpi/model"
)

func TestGroupingCyclesThroughObjectiveTagWordsAndNone(t *testing.T) {
	kpis := []model.KPI{{Tags: []string{"store", "region:north"}}, {Tags: []string{"region:south"}}, {}}
	g, seen := ByObjective, ""
	for range 5 {
		seen += g.Label() + "; "
		g = NextGrouping(g, kpis)
	}
	if want := "by objective; by tag region; by tag store; not grouped; by objective; "; seen != want {
		t.Errorf("the cycle is %q, want %q", seen, want)
	}
	if got := NextGrouping(Grouping{Tag: "gone"}, kpis); got != ByObjective {
		t.Errorf("a tag no KPI carries moves on to %+v", got)
	}
}

func TestGroupByTagOneGroupPerValueThoseWithoutLast(t *testing.T) {
	rs := []model.Reading{
		{KPI: model.KPI{Key: "s1", Tags: []string{"region:south", "store"}}},
		{KPI: model.KPI{Key: "s2", Tags: []string{"region:north", "store"}}},
		{KPI: model.KPI{Key: "cpi"}},
		{KPI: model.KPI{Key: "s3", Tags: []string{"region:north"}}},
	}
	print := func(gs []TagGroup) string {
		out := ""
		for _, g := range gs {
			out += g.Title + ":"
			for _, r := range g.Readings {
				out += " " + r.KPI.Key
			}
			out += "; "
		}
		return out
	}
	for word, want := range map[string]string{
		"region": "region:north: s2 s3; region:south: s1; no region tag: cpi; ",
		"store":  "store: s1 s2; no store tag: cpi s3; ",
	} {
		if got := print(GroupByTag(rs, word)); got != want {
			t.Errorf("by %s: %s, want %s", word, got, want)
		}
	}
	if got := fmt.Sprint(TagWords([]model.KPI{rs[0].KPI, rs[1].KPI})); got != "[region store]" {
		t.Errorf("tag words %s", got)
	}
}
