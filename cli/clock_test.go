package cli

import (
	"strings"
	"testing"
	"time"

	"kpi/model"
)

// TestKPINowPinsEveryCommand: with KPI_NOW set, a command's "this week" is the
// pinned week, not the test clock's, and a value it cannot read is one line, exit 2.
func TestKPINowPinsEveryCommand(t *testing.T) {
	path := demoFile(t)
	r := run(t, map[string]string{"KPI_NOW": "2027-03-01"}, "due", "--db", path)
	if !strings.Contains(r.stdout+r.stderr, "2027-W09") {
		t.Errorf("due with KPI_NOW=2027-03-01 does not speak of 2027-W09:\n%s%s", r.stdout, r.stderr)
	}
	r = run(t, map[string]string{"KPI_NOW": "next tuesday"}, "list", "--db", path)
	if r.code != ExitUsage || strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 || !strings.Contains(r.stderr, "KPI_NOW") {
		t.Errorf("a bad KPI_NOW: exit %d, %q; want exit 2 and one line naming KPI_NOW", r.code, r.stderr)
	}
}

func TestPinnedClockReadsDatesAndTimes(t *testing.T) {
	base := func() time.Time { return fixedNow }
	cases := []struct {
		in   string
		week string
	}{
		{"2026-12-28", "2026-W53"},
		{"2027-01-04", "2027-W01"},
		{"2027-01-03T23:00:00Z", "2026-W53"},
		{" 2027-03-01 ", "2027-W09"},
	}
	for _, c := range cases {
		now, err := pinnedClock(func(string) string { return c.in }, base)
		if err != nil {
			t.Fatalf("%q: %v", c.in, err)
		}
		if got := model.WeekOf(now().In(time.UTC)).String(); c.in[len(c.in)-1] == 'Z' && got != c.week {
			t.Errorf("%q: week %s, want %s", c.in, got, c.week)
		}
		if got := model.CurrentWeek(now()).String(); c.in[len(c.in)-1] != 'Z' && got != c.week {
			t.Errorf("%q: week %s, want %s", c.in, got, c.week)
		}
	}
	now, err := pinnedClock(func(string) string { return "" }, base)
	if err != nil || !now().Equal(fixedNow) {
		t.Errorf("no KPI_NOW: %v %v; want the base clock", now(), err)
	}
	if _, err := pinnedClock(func(string) string { return "2027-13-01" }, base); err == nil {
		t.Error("2027-13-01 was taken as a date")
	}
}
