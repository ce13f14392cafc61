package frame

import (
	"testing"

	"kpi/model"
)

func TestParseEntryAndInputTextRoundTrip(t *testing.T) {
	w := model.MustWeek("2026-W47")
	pct := model.KPI{ID: 1, Key: "conv", Unit: "%", Decimals: 1, Kind: model.Quantitative, Direction: model.Up}
	qual := model.KPI{ID: 2, Key: "sec", Kind: model.Qualitative, Direction: model.Up}
	v, changed, err := ParseEntry(pct, model.Value{}, w, "14.6%", " note ")
	if err != nil || !changed || v.Number != 14.6 || !v.HasNumber || v.Week != w || v.Note != "note" {
		t.Fatalf("14.6%% = %+v, changed %v, %v", v, changed, err)
	}
	v.Version = 3
	if _, changed, _ := ParseEntry(pct, v, w, InputText(pct, v), v.Note); changed {
		t.Error("saving the stored value's own input text counts as a change")
	}
	for _, c := range []struct {
		k    model.KPI
		text string
	}{{pct, "abc"}, {pct, ""}, {qual, "maybe"}} {
		if _, _, err := ParseEntry(c.k, model.Value{}, w, c.text, ""); err == nil {
			t.Errorf("%s %q was accepted", c.k.Key, c.text)
		}
	}
	q, _, err := ParseEntry(qual, model.Value{}, w, "at risk", "")
	if err != nil || q.Status != model.AtRisk || q.HasNumber || InputText(qual, q) != "at risk" {
		t.Errorf("a status: %+v %v", q, err)
	}
}
