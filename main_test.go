package main

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	_ "modernc.org/sqlite"

	"kpi/db"
	"kpi/internal/pgtest"
)

// kpiBin is the real binary, built once for the process-level tests; testDir
// holds it and the benchmarks' demo files, and goes when the tests end.
var kpiBin, testDir string

func TestMain(m *testing.M) {
	mustLoadTestNow()
	dir, err := os.MkdirTemp("", "kpi-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	testDir, kpiBin = dir, filepath.Join(dir, "kpi")
	if out, err := exec.Command("go", "build", "-o", kpiBin, ".").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building kpi: %v\n%s", err, out)
		os.Exit(1)
	}
	code := pgtest.Main(m) // and stops a PostgreSQL cluster the server tests started
	os.RemoveAll(dir)
	os.Exit(code)
}

// kpi runs the binary with a clean, private environment whose clock is the
// tests' (KPI_NOW); an entry of env overrides the default of the same name.
func kpi(t *testing.T, env []string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	cmd := exec.Command(kpiBin, args...)
	cmd.Env = append([]string{"HOME=" + t.TempDir(), "PATH=" + os.Getenv("PATH"), "KPI_USER=tester", kpiNowEnv()}, env...)
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	err := cmd.Run()
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		code = ee.ExitCode()
	case err != nil:
		t.Fatalf("running kpi: %v", err)
	}
	return code, o.String(), e.String()
}

// newDemo writes `kpi demo` into a temp file; its current week is testWeek.
func newDemo(t *testing.T) string {
	t.Helper()
	return newDemoWith(t, nil)
}

// newDemoWith is newDemo with extra environment, e.g. kpiNowAt for a test that
// pins its own date.
func newDemoWith(t *testing.T, env []string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "team.db")
	if code, _, e := kpi(t, env, "demo", "--db", path, "--no-open"); code != 0 {
		t.Fatalf("demo: %d %s", code, e)
	}
	return path
}

func countValues(t *testing.T, path, key string) int {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM kpi_values v JOIN kpis k ON k.id = v.kpi_id WHERE k.key = ?`, key).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestConcurrentSetsFromManyProcesses is the shared-drive test of issue 2: 8
// processes each run 50 `kpi set` commands at once on one file, on distinct weeks.
func TestConcurrentSetsFromManyProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: skipping 400 process launches")
	}
	path := filepath.Join(t.TempDir(), "team.db")
	if code, _, e := kpi(t, nil, "init", path); code != 0 {
		t.Fatalf("init: %s", e)
	}
	// a file with one KPI defined: import a minimal JSON export
	export := filepath.Join(t.TempDir(), "defs.json")
	os.WriteFile(export, []byte(`{"format":"kpi-export/1","settings":{"team_name":"Load","review_weekday":1,"checklist":[]},
		"kpis":[{"id":1,"key":"load","name":"Load","owner":"ops","decimals":0,"direction":"up","tolerance":{"amount":5},
		"tier":"key","indicator":"leading","kind":"quantitative","cadence":"weekly","aggregate":"sum","targets":[{"week":"2020-W01","value":10}]}]}`), 0o644)
	if code, _, e := kpi(t, nil, "import", export, "--db", path); code != 0 {
		t.Fatalf("import definitions: %s", e)
	}
	const procs, each = 8, 50
	var wg sync.WaitGroup
	failures := make(chan string, procs*each)
	for p := 0; p < procs; p++ {
		wg.Add(1)
		go func(p int) {
			defer wg.Done()
			for i := 0; i < each; i++ {
				// distinct weeks: process p writes weeks p*50+i of a 400-week run from 2015-W01
				week := weekAfter(2015, p*each+i)
				cmd := exec.Command(kpiBin, "set", "load", fmt.Sprint(p*1000+i), "--force", "--week", week, "--db", path, "--wait", "30s")
				cmd.Env = []string{"HOME=" + os.TempDir(), "KPI_USER=" + fmt.Sprintf("proc%d", p), kpiNowEnv()}
				if out, err := cmd.CombinedOutput(); err != nil {
					failures <- fmt.Sprintf("proc %d set %d: %v: %s", p, i, err, out)
				}
			}
		}(p)
	}
	wg.Wait()
	close(failures)
	for f := range failures {
		t.Error(f)
	}
	if n := countValues(t, path, "load"); n != procs*each {
		t.Errorf("%d values present, want %d", n, procs*each)
	}
	db, _ := sql.Open("sqlite", "file:"+path+"?mode=ro")
	defer db.Close()
	var ok string
	if err := db.QueryRow("PRAGMA integrity_check").Scan(&ok); err != nil || ok != "ok" {
		t.Errorf("integrity_check: %q %v", ok, err)
	}
	var logged int
	db.QueryRow(`SELECT count(*) FROM change_log WHERE entity = 'value'`).Scan(&logged)
	if logged != procs*each {
		t.Errorf("%d change-log rows for values, want %d", logged, procs*each)
	}
}

// weekAfter is the ISO week n weeks after the week of 4 January of year (always
// week 1), computed with the standard library rather than the code under test.
func weekAfter(year, n int) string {
	y, w := time.Date(year, time.January, 4, 12, 0, 0, 0, time.UTC).AddDate(0, 0, 7*n).ISOWeek()
	return fmt.Sprintf("%04d-W%02d", y, w)
}

// TestBusyFileExitsFourAndSavesNothing holds the write lock from this process and
// checks that `kpi set` gives up with exit 4, writes nothing, and works once the
// lock is released.
func TestBusyFileExitsFourAndSavesNothing(t *testing.T) {
	path := newDemo(t)
	holder, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(100)")
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close()
	conn, err := holder.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.ExecContext(context.Background(), "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}
	before := countValues(t, path, "mrr")
	code, _, stderr := kpi(t, nil, "set", "mrr", "1", "--force", "--week", "2019-W10", "--db", path, "--wait", "400ms")
	if code != 4 || !strings.Contains(stderr, "nothing was saved") {
		t.Errorf("set on a locked file: exit %d, %q; want 4 and 'nothing was saved'", code, stderr)
	}
	if _, err := conn.ExecContext(context.Background(), "ROLLBACK"); err != nil {
		t.Fatal(err)
	}
	conn.Close()
	if n := countValues(t, path, "mrr"); n != before {
		t.Errorf("the refused set wrote something: %d values, had %d", n, before)
	}
	if code, _, stderr := kpi(t, nil, "set", "mrr", "1", "--force", "--week", "2019-W10", "--db", path); code != 0 {
		t.Errorf("after the lock was released: exit %d %s", code, stderr)
	}
}

func TestNoStackTracesAndCompletion(t *testing.T) {
	for _, args := range [][]string{{"list", "--db", "/nonexistent/dir/x.db"}, {"set", "a", "b", "--db", ""}, {"--db"}, {"import", "/nonexistent.csv"}} {
		code, _, stderr := kpi(t, nil, args...)
		if code == 0 || strings.Contains(stderr, "goroutine") || strings.Contains(stderr, "panic") {
			t.Errorf("%v: exit %d, %q", args, code, stderr)
		}
	}
	code, out, _ := kpi(t, nil, "completion", "bash")
	if code != 0 || !strings.Contains(out, "__start_kpi") {
		t.Errorf("completion bash: exit %d, no completion function", code)
	}
	code, out, _ = kpi(t, nil, "version")
	if code != 0 || !strings.Contains(out, fmt.Sprintf("schema version %d", db.SchemaVersion)) {
		t.Errorf("version: %d %q", code, out)
	}
}

// TestATypoOfACommandSuggestsIt: `kpi lsit` exits 2 with one line that
// suggests `kpi list` (issue 17, item 18), a subcommand's typo its own; a word
// near no command suggests nothing.
func TestATypoOfACommandSuggestsIt(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"lsit"}, "did you mean `kpi list`?"},
		{[]string{"reprot"}, "did you mean `kpi report`?"},
		{[]string{"event", "lsit"}, "did you mean `kpi event list`?"},
		{[]string{"zzz"}, "see `kpi --help`"},
	} {
		code, out, errText := kpi(t, nil, c.args...)
		if code != 2 || out != "" || !strings.Contains(errText, c.want) || strings.Count(errText, "\n") != 1 {
			t.Errorf("kpi %s: exit %d, stdout %q, stderr %q; want exit 2 and one line with %q", strings.Join(c.args, " "), code, out, errText, c.want)
		}
	}
	if _, _, errText := kpi(t, nil, "zzz"); strings.Contains(errText, "did you mean") {
		t.Errorf("kpi zzz suggested something: %q", errText)
	}
}

// TestReportInSlackAndAfterAConcludedReviewChanged: `kpi report --format slack`
// writes mrkdwn (no tables, no task lists), a bad format is refused in one
// line, and `kpi set` on the week of a concluded review says so, the report
// then marking the changed figure (issue 17, item 17).
func TestReportInSlackAndAfterAConcludedReviewChanged(t *testing.T) {
	db := newDemo(t)
	week := lastConcludedReview(t, db).String() // which weeks the demo concludes depends on the date
	code, out, errText := kpi(t, nil, "report", "--db", db, "--week", week, "--format", "slack")
	if code != 0 || strings.Contains(out, "| ") || strings.Contains(out, "- [") || !strings.Contains(out, "*Summary:*") {
		t.Fatalf("report --format slack: exit %d, stderr %q:\n%s", code, errText, out)
	}
	code, _, errText = kpi(t, nil, "report", "--db", db, "--format", "html")
	if code != 2 || !strings.Contains(errText, "--format") || strings.Count(errText, "\n") != 1 {
		t.Errorf("--format html: exit %d, stderr %q", code, errText)
	}
	code, out, errText = kpi(t, nil, "set", "nps", "44", "--week", week, "--db", db)
	if code != 0 || !strings.Contains(out, "the review of "+week+" was concluded") {
		t.Fatalf("kpi set on a concluded week: exit %d, stdout %q, stderr %q", code, out, errText)
	}
	_, out, _ = kpi(t, nil, "report", "--db", db, "--week", week)
	if !strings.Contains(out, "† Changed after the review concluded") || !strings.Contains(out, "Net Promoter Score (tester, ") {
		t.Errorf("the report does not mark the changed figure:\n%s", out)
	}
}
