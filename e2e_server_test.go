package main

// The two-app end-to-end test of e2e_shared_test.go, on a team on a PostgreSQL
// server (kpi/internal/pgtest: skipped without one unless
// KPI_REQUIRE_POSTGRES=1), and a viewer's app. Who is who is the server login.

import (
	"fmt"
	"strings"
	"testing"

	"kpi/db"
	"kpi/internal/pgtest"
)

// serverTeamFor writes the demo into a new team on the test server as the
// login owner and makes each of logins an editor of it; it returns the team's
// URL for a login.
func serverTeamFor(t *testing.T, logins map[string]string) func(login string) string {
	t.Helper()
	url := pgtest.Team(t, "owner")
	if code, _, e := kpi(t, nil, "demo", "--db", url, "--no-open"); code != 0 {
		t.Fatalf("demo on the server: %d %s", code, e)
	}
	for login, role := range logins {
		pgtest.PlainLogin(t, login)
		if code, _, e := kpi(t, nil, "grant", "--db", url, login, role); code != 0 {
			t.Fatalf("grant %s %s: %d %s", login, role, code, e)
		}
	}
	return func(login string) string { return pgtest.WithTeam(url, login, db.TeamKey(url)) }
}

// TestE2ETwoAppsOnOneServerTeam: ana and ben have the team open; each header
// names the other; what cy sets with `kpi set` shows in both with a toast
// naming cy; what psql writes shows too (by the triggers' NOTIFY).
func TestE2ETwoAppsOnOneServerTeam(t *testing.T) {
	needTmux(t)
	as := serverTeamFor(t, map[string]string{"ana": "editor", "ben": "editor", "cy": "editor"})
	week := isoWeek(testToday())
	ana := startAppAs(t, 120, 40, as("ana"), "not-ana")
	ana.waitFor(tabBar)
	ben := startAppAs(t, 120, 40, as("ben"), "not-ben")
	ben.waitFor("also here: ana")
	ana.waitFor("also here: ben")

	if code, _, stderr := kpi(t, []string{"KPI_USER=not-cy"}, "set", "nps", "77", "--week", week, "--db", as("cy")); code != 0 {
		t.Fatalf("kpi set: exit %d: %s", code, stderr)
	}
	ana.waitFor("cy set nps for " + week)
	ben.waitFor("cy set nps for " + week)

	pgtest.Exec(t, fmt.Sprintf("UPDATE %s.kpi_values SET number = 78 WHERE week = '%s' AND kpi_id = (SELECT id FROM %s.kpis WHERE key = 'nps')",
		db.TeamKey(as("")), week, db.TeamKey(as(""))))
	ben.waitFor("The team was changed outside kpi; reloaded.")

	ben.send("q")
	if code := ben.waitExit(); code != 0 {
		t.Fatalf("ben's app exited %d", code)
	}
	ana.waitGone("also here: ben")
}

// TestE2EViewerAppIsReadOnlyAndSaysWhy: a viewer's app says so in its header.
func TestE2EViewerAppIsReadOnlyAndSaysWhy(t *testing.T) {
	needTmux(t)
	as := serverTeamFor(t, map[string]string{"vi": "viewer"})
	app := startAppAs(t, 120, 40, as("vi"), "vi")
	lines := app.waitFor("READ-ONLY", "your login vi is a viewer")
	if !strings.Contains(strings.Join(lines[:3], "\n"), "vi is a viewer") {
		t.Errorf("the reason is not in the header:\n%s", strings.Join(lines, "\n"))
	}
}

// TestFiftyConcurrentSetsOnTheServer: 50 `kpi set` processes at once against
// one server team all exit 0, and every value is there.
func TestFiftyConcurrentSetsOnTheServer(t *testing.T) {
	as := serverTeamFor(t, nil)
	url := as("owner")
	const n = 50
	codes, errs := make([]int, n), make([]string, n)
	done := make(chan int)
	for i := range n {
		go func() {
			codes[i], _, errs[i] = kpi(t, nil, "set", "nps", fmt.Sprint(i), "--force", "--week", fmt.Sprintf("2015-W%02d", i+1), "--db", url)
			done <- i
		}()
	}
	for range n {
		<-done
	}
	for i, c := range codes {
		if c != 0 {
			t.Errorf("set %d exited %d: %s", i, c, errs[i])
		}
	}
	code, out, _ := kpi(t, nil, "export", "--format", "csv", "--db", url)
	if code != 0 {
		t.Fatal("export failed")
	}
	for i := range n {
		if !strings.Contains(out, fmt.Sprintf("nps,2015-W%02d,%d", i+1, i)) {
			t.Errorf("week %d's value is missing", i+1)
		}
	}
}
