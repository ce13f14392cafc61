package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"kpi/db"
	"kpi/internal/pgtest"
)

// The command line against a team on a PostgreSQL server (kpi/internal/pgtest:
// skipped without one unless KPI_REQUIRE_POSTGRES=1): the same commands give
// the same output as on a file, and the server's errors are one line with the
// file's exit codes.

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// serverDemo writes `kpi demo --seed 7` into a new team on the test server as
// the login owner and returns its URL.
func serverDemo(t *testing.T, owner string) string {
	t.Helper()
	url := pgtest.Team(t, owner)
	if r := run(t, nil, "demo", "--seed", "7", "--no-open", "--db", url); r.code != 0 {
		t.Fatalf("demo on the server: exit %d: %s", r.code, r.stderr)
	}
	return url
}

func TestServerGivesTheFilesOutput(t *testing.T) {
	url := serverDemo(t, "owner")
	file := filepath.Join(t.TempDir(), "team.db")
	if r := run(t, nil, "demo", "--seed", "7", "--no-open", "--db", file); r.code != 0 {
		t.Fatal(r.stderr)
	}
	for _, args := range [][]string{
		{"list", "--json", "--week", "2026-W40"}, {"list", "--json", "--week", "2026-W46"}, {"list", "--json", "--week", "2026-W47"},
		{"due", "--week", "2026-W47"}, {"export", "--format", "json"},
	} {
		onFile := run(t, nil, append(args, "--db", file)...)
		onServer := run(t, map[string]string{"KPI_DB": url}, args...) // KPI_DB names a server too
		if onFile.code != onServer.code || onFile.stdout != onServer.stdout {
			t.Errorf("kpi %s: the file gives exit %d\n%.400s\nthe server exit %d\n%.400s %s", strings.Join(args, " "),
				onFile.code, onFile.stdout, onServer.code, onServer.stdout, onServer.stderr)
		}
	}
	if r := run(t, nil, "init", url, "--team", "Again"); r.code != 1 || !strings.Contains(r.stderr, "exists already") {
		t.Errorf("init over an existing team: exit %d: %s", r.code, r.stderr)
	}
	if r := run(t, map[string]string{"KPI_USER": "someone"}, "config", "--db", url); !strings.Contains(r.stdout, "owner") || !strings.Contains(r.stdout, "the server login") {
		t.Errorf("kpi config on the server does not name the login:\n%s", r.stdout)
	}
	r := run(t, nil, "teams", "--db", url)
	if r.code != 0 || !strings.Contains(r.stdout, db.TeamKey(url)+"  Northwind Analytics") {
		t.Errorf("kpi teams: exit %d:\n%s%s", r.code, r.stdout, r.stderr)
	}
}

func TestServerErrorsAreOneLineExitOne(t *testing.T) {
	srv := pgtest.Server(t)
	for name, dsn := range map[string]string{
		"no server":      "postgres:///kpitest?host=" + t.TempDir() + "&team=main",
		"refused login":  pgtest.WithTeam(srv, "nosuchlogin", "main"),
		"no such team":   pgtest.WithTeam(srv, "", "nosuchteam"),
		"a bad team key": pgtest.WithTeam(srv, "", "Bad-Key"),
		"a keyword DSN":  "host=" + t.TempDir() + " dbname=kpitest team=main",
	} {
		r := run(t, nil, "list", "--db", dsn)
		if r.code != 1 || strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 || !strings.HasPrefix(r.stderr, "kpi: cannot open") {
			t.Errorf("%s: exit %d, stderr %q", name, r.code, r.stderr)
		}
	}
}

func TestServerViewerIsReadOnlyAndWhoIsTheLogin(t *testing.T) {
	url := serverDemo(t, "owner")
	team := db.TeamKey(url)
	pgtest.PlainLogin(t, "viv")
	pgtest.PlainLogin(t, "eli")
	for login, role := range map[string]string{"viv": "viewer", "eli": "editor"} {
		if r := run(t, nil, "grant", "--db", url, login, role); r.code != 0 {
			t.Fatalf("grant %s %s: exit %d: %s", login, role, r.code, r.stderr)
		}
	}
	asViewer, asEditor := pgtest.WithTeam(url, "viv", team), pgtest.WithTeam(url, "eli", team)
	before := run(t, nil, "export", "--format", "json", "--db", url).stdout
	r := run(t, nil, "set", "mrr", "411123", "--week", "2026-W47", "--db", asViewer)
	if r.code != 1 || strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 || !strings.Contains(r.stderr, "viv is a viewer") {
		t.Errorf("a viewer's set: exit %d: %q", r.code, r.stderr)
	}
	if after := run(t, nil, "export", "--format", "json", "--db", url).stdout; after != before {
		t.Error("the viewer's refused set changed the team")
	}
	if r := run(t, map[string]string{"KPI_USER": "someone-else"}, "set", "mrr", "411124", "--week", "2026-W47", "--db", asEditor); r.code != 0 {
		t.Fatalf("an editor's set: exit %d: %s", r.code, r.stderr)
	}
	h := run(t, nil, "history", "--kpi", "mrr", "--limit", "1", "--db", asViewer)
	if !strings.Contains(h.stdout, "eli@") || strings.Contains(h.stdout, "someone-else") {
		t.Errorf("the change log names %q, want the login eli", h.stdout)
	}
	if r := run(t, nil, "grant", "--db", asEditor, "viv", "admin"); r.code != 1 || !strings.Contains(r.stderr, "may not grant") {
		t.Errorf("an editor's grant: exit %d: %s", r.code, r.stderr)
	}
}

func TestServerLockWaitExitsFour(t *testing.T) {
	url := serverDemo(t, "owner")
	ctx := context.Background()
	holder := pgtest.Connect(t, pgtest.Server(t))
	defer holder.Close(ctx)
	tx, err := holder.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, fmt.Sprintf("LOCK TABLE %s.kpi_values IN EXCLUSIVE MODE", db.TeamKey(url))); err != nil {
		t.Fatal(err)
	}
	r := run(t, nil, "set", "mrr", "411777", "--week", "2026-W47", "--wait", "300ms", "--db", url)
	if r.code != ExitBusy || !strings.Contains(r.stderr, "nothing was saved") {
		t.Errorf("a set past --wait: exit %d: %s", r.code, r.stderr)
	}
}

func TestServerCopyRoundTripAndRefusesATeam(t *testing.T) {
	dir := t.TempDir()
	file, back := filepath.Join(dir, "team.db"), filepath.Join(dir, "back.db")
	if r := run(t, nil, "demo", "--seed", "7", "--no-open", "--db", file); r.code != 0 {
		t.Fatal(r.stderr)
	}
	url := pgtest.Team(t, "owner")
	for _, c := range [][2]string{{file, url}, {url, back}} {
		if r := run(t, nil, "copy", c[0], c[1]); r.code != 0 || !strings.Contains(r.stdout, "verified") {
			t.Fatalf("copy %s %s: exit %d: %s%s", c[0], c[1], r.code, r.stdout, r.stderr)
		}
	}
	a := run(t, nil, "export", "--format", "json", "--db", file).stdout
	b := run(t, nil, "export", "--format", "json", "--db", back).stdout
	if a != b || a == "" {
		t.Error("the JSON exports of the file and its copy back from the server differ")
	}
	if r := run(t, nil, "copy", file, url); r.code != 1 || !strings.Contains(r.stderr, "already holds a team") {
		t.Errorf("copy into a team that is not empty: exit %d: %s", r.code, r.stderr)
	}
}

func TestServerConcurrentSetsAllLand(t *testing.T) {
	url := serverDemo(t, "owner")
	const n = 20
	codes := make([]int, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			codes[i] = run(t, nil, "set", "mrr", fmt.Sprint(1000+i), "--force", "--week", fmt.Sprintf("2015-W%02d", i+1), "--db", url).code
		}()
	}
	wg.Wait()
	for i, c := range codes {
		if c != 0 {
			t.Errorf("set %d exited %d", i, c)
		}
	}
	for i := range n {
		rows := listJSON(t, url, fmt.Sprintf("2015-W%02d", i+1))
		if r := rowOf(t, rows, "mrr"); r.Value == nil || *r.Value != float64(1000+i) {
			t.Errorf("week %d: mrr is %v, want %d", i+1, r.Value, 1000+i)
		}
	}
}

// TestServerDoctorNamesAnotherToolsBadCells: SQL from any tool can write a
// cell kpi cannot use (a KPI key holding an OSC 52 clipboard write); doctor on
// a server names it by table, row and column with the escape shown, not sent,
// exits 1, and --repair says what to do on a server instead.
func TestServerDoctorNamesAnotherToolsBadCells(t *testing.T) {
	url := serverDemo(t, "owner")
	if r := run(t, nil, "doctor", "--db", url); r.code != 0 || !strings.Contains(r.stdout, "✓ data: every row is as kpi writes it") {
		t.Fatalf("doctor on a sound team: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	team := db.TeamKey(url)
	pgtest.Exec(t, fmt.Sprintf("UPDATE %s.kpis SET key = 'ch' || chr(27) || ']52;c;ZXZpbA==' || chr(7) WHERE key = 'churn'", team))
	r := run(t, nil, "doctor", "--db", url)
	if r.code != 1 || !strings.Contains(r.stdout, "✗ data: kpis row") || !strings.Contains(r.stdout, `key: 'ch\x1b]52`) ||
		!strings.Contains(r.stdout, "fix the row with SQL") || strings.Contains(r.stdout, "\x1b]52") {
		t.Errorf("doctor after another tool's bad name: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := run(t, nil, "doctor", "--repair", "--db", url); r.code != 2 || !strings.Contains(r.stderr, "--repair works on a team file") {
		t.Errorf("doctor --repair on a server: exit %d: %s", r.code, r.stderr)
	}
}
