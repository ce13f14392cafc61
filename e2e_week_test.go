package main

import (
	"strings"
	"testing"
)

// TestE2EAppOpensOnTheWeekGiven: `kpi --week 2025-W10` opens the app on that
// week (the header names it), and a week that does not exist is refused in one
// line before anything opens.
func TestE2EAppOpensOnTheWeekGiven(t *testing.T) {
	db := newDemo(t)
	a := startAppHome(t, 100, 30, "e2e", nil, "--week", "2025-W10", "--db", db)
	lines := a.waitFor(tabBar)
	if !strings.Contains(lines[0], "◀ 2025-W10 ▶") {
		t.Errorf("--week 2025-W10: the header is %q", lines[0])
	}
	a.send("q")
	if code := a.waitExit(); code != 0 {
		t.Errorf("q: exit %d", code)
	}
	code, out, errText := kpi(t, nil, "--week", "2021-W53", "--db", db)
	if code != 2 || out != "" || !strings.Contains(errText, "--week") || strings.Count(errText, "\n") != 1 {
		t.Errorf("--week 2021-W53: exit %d, stdout %q, stderr %q; want exit 2 and one line about --week", code, out, errText)
	}
}
