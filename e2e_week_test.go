package main

import (
	"strings"
	"testing"

	"kpi/model"
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

// TestE2EGoToAWeekAndTheLatestWithData: in the app, g then 2025-W10 and enter
// shows 2025-W10 in the header; G comes back to the latest week with values.
// A file whose newest values are months old opens at them and says so
// (issue 17, item 14).
func TestE2EGoToAWeekAndTheLatestWithData(t *testing.T) {
	db := newDemo(t)
	a := startApp(t, 100, 30, db)
	a.waitFor(tabBar)
	a.send("g")
	a.waitFor("go to week")
	a.sendText("2025-W10")
	a.send("Enter")
	lines := a.waitFor("◀ 2025-W10 ▶")
	if strings.Contains(strings.Join(lines, "\n"), "go to week") {
		t.Errorf("the prompt stayed open:\n%s", strings.Join(lines, "\n"))
	}
	a.send("G")
	a.waitFor("is the latest week with values")
	a.send("q")
	a.waitExit()

	// the demo written 40 weeks before the tests' today: nothing in the last five weeks
	then := testToday().AddDate(0, 0, -7*40)
	old := newDemoWith(t, []string{kpiNowAt(then)})
	b := startApp(t, 100, 30, old)
	lines = b.waitFor(tabBar, "the latest week with values")
	if want := "◀ " + model.CurrentWeek(then).String() + " ▶"; !strings.Contains(lines[0], want) {
		t.Errorf("the old file opened on %q, want %s", lines[0], want)
	}
}
