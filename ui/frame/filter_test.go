package frame

import (
	"testing"

	"kpi/model"
)

func TestFilterByTag(t *testing.T) {
	store := model.KPI{Key: "store_1", Name: "Store 1", Tags: []string{"region:north", "store"}}
	other := model.KPI{Key: "cpi", Name: "CPI", Tags: []string{"macro"}}
	for text, want := range map[string][2]bool{
		"tag:store":              {true, false},
		"tag:region":             {true, false},
		"tag:region:north":       {true, false},
		"tag:region:south":       {false, false},
		"tag:macro":              {false, true},
		"macro":                  {false, true}, // a plain word also finds tags
		"tag:store tag:macro":    {false, false},
		"tag:store owner:nobody": {false, false},
		"":                       {true, true},
		"tag:store store_1":      {true, false},
		"tag:STORE":              {true, false},
	} {
		f := ParseFilter(text)
		if got := [2]bool{f.Matches(store, ""), f.Matches(other, "")}; got != want {
			t.Errorf("%q: matches %v, want %v", text, got, want)
		}
	}
	if ParseFilter("tag:store").Empty() {
		t.Error("a tag filter is empty")
	}
}
