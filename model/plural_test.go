package model

import "testing"

// Units that are counted words agree with the number, however the KPI stores
// them; symbols and abbreviations stay as written (issue 17, item 15).
func TestUnitsArePluralisedProperly(t *testing.T) {
	for _, c := range []struct {
		v        float64
		unit     string
		decimals int
		want     string
	}{
		{1, "customers", 0, "1 customer"},
		{2, "customers", 0, "2 customers"},
		{1, "customer", 0, "1 customer"},
		{2, "customer", 0, "2 customers"},
		{0, "customer", 0, "0 customers"},
		{1, "deals", 0, "1 deal"},
		{1, "entries", 0, "1 entry"},
		{3, "entry", 0, "3 entries"},
		{1, "boxes", 0, "1 box"},
		{1, "people", 0, "1 person"},
		{4, "person", 0, "4 people"},
		{1, "days", 0, "1 day"},
		{1.5, "days", 1, "1.5 days"},
		{1, "tickets/day", 0, "1 ticket/day"},
		{1, "ms", 0, "1 ms"},
		{1, "h", 1, "1.0 h"},
		{1, "min", 0, "1 min"},
		{1, "kWh", 0, "1 kWh"},
		{1, "status", 0, "1 status"},
		{-1, "deals", 0, "-1 deal"},
		{1200, "users", 0, "1,200 users"},
	} {
		if got := FormatValue(c.v, c.unit, c.decimals); got != c.want {
			t.Errorf("FormatValue(%v, %q, %d) = %q, want %q", c.v, c.unit, c.decimals, got, c.want)
		}
	}
	if got := FormatDelta(1, "deals", 0); got != "+1 deal" {
		t.Errorf("FormatDelta(1, deals) = %q", got)
	}
	if got := Count(1, "KPI") + ", " + Count(3, "KPI"); got != "1 KPI, 3 KPIs" {
		t.Errorf("Count: %q", got)
	}
}
