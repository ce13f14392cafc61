package model

import (
	"strings"
	"testing"
)

// g's week: a full week, a week number (the latest on or before the week
// under review, across a year end), a date, or a number of weeks back or ahead
// (issue 17, item 14).
func TestParseGoTo(t *testing.T) {
	w := MustWeek("2026-W05")
	for _, c := range []struct{ in, want string }{
		{"2025-W10", "2025-W10"}, {" 2025w10 ", "2025-W10"}, {"W03", "2026-W03"}, {"w5", "2026-W05"},
		{"W40", "2025-W40"}, {"W53", "2020-W53"}, {"2026-01-01", "2026-W01"}, {"2021-01-01", "2020-W53"},
		{"-12", "2025-W45"}, {"+3", "2026-W08"}, {"-0", "2026-W05"},
	} {
		got, err := ParseGoTo(c.in, w)
		if c.in == "W53" { // neither 2026 nor 2025 has a week 53
			if err == nil || !strings.Contains(err.Error(), "W53 is not a week of 2026 or 2025") {
				t.Errorf("ParseGoTo(W53) = %s, %v; want a refusal naming the years", got, err)
			}
			continue
		}
		if err != nil || got.String() != c.want {
			t.Errorf("ParseGoTo(%q) = %s, %v; want %s", c.in, got, err, c.want)
		}
	}
	for _, bad := range []string{"", "soon", "2026-W60", "12", "-99999", "W0"} {
		_, err := ParseGoTo(bad, w)
		if err == nil || strings.Contains(err.Error(), "\n") {
			t.Errorf("ParseGoTo(%q): %v; want a one-line refusal", bad, err)
		}
	}
}
