package entry

import "testing"

// TestHintNamesTheKPIsPeriod: the hint beside a monthly KPI's input gives
// last month's value, shortened like last week's when room is short.
func TestHintNamesTheKPIsPeriod(t *testing.T) {
	for _, c := range []struct {
		period string
		width  int
		want   string
	}{
		{"week", 30, "last week $424,085"},
		{"month", 30, "last month $91,000"},
		{"month", 15, "last mo $91,000"},
		{"month", 8, "$91,000"},
	} {
		prev := "$424,085"
		if c.period == "month" {
			prev = "$91,000"
		}
		if got := hintText(prev, c.period, c.width, false); got != c.want {
			t.Errorf("hintText(%s, %d) = %q, want %q", c.period, c.width, got, c.want)
		}
	}
}
