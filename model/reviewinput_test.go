package model

import (
	"strings"
	"testing"
)

func TestParseHelpers(t *testing.T) {
	for _, c := range []struct {
		in   string
		want string
		ok   bool
	}{
		{"2026-W49", "2026-W49", true}, {"w49", "2026-W49", true}, {"W2", "2027-W02", true}, {"+3", "2026-W50", true},
		{"2026-12-01", "2026-W49", true}, {"W60", "", false}, {"soon", "", false},
	} {
		got, err := ParseDue(c.in, MustWeek("2026-W47"))
		if (err == nil) != c.ok || (c.ok && got.String() != c.want) {
			t.Errorf("ParseDue(%q) = %s, %v; want %s", c.in, got, err, c.want)
		}
	}
	for in, want := range map[string]int{"1": 1, " 10 ": 10, "0": 0, "11": 0, "7.5": 0, "": 0} {
		got, err := ParseRating(in)
		if got != want || (want == 0) != (err != nil) {
			t.Errorf("ParseRating(%q) = %d, %v", in, got, err)
		}
	}
	if _, err := ParseTemplate("\n \n"); err == nil {
		t.Error("an empty template was accepted")
	}
	if _, err := ParseTemplate("(5)"); err == nil {
		t.Error("an item with only a timebox was accepted")
	}
	names, err := ParseAttendees("ana,\x1b[31mben\n, ANA")
	if err != nil || strings.Join(names, "|") != "ana|ben" {
		t.Errorf("ParseAttendees = %q, %v", names, err)
	}
}
