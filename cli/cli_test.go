package cli

import (
	"bytes"
	"crypto/sha256"
	"database/sql"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "modernc.org/sqlite"

	"kpi/internal/pgtest"
	"kpi/model"
)

// onServer: the tests' demo team is on the PostgreSQL test server
// (KPI_TEST_ENGINE=postgres).
var onServer = os.Getenv("KPI_TEST_ENGINE") == "postgres"

// fileOnly skips a test of the team file's own rules on the server pass.
func fileOnly(t testing.TB) {
	t.Helper()
	if onServer {
		t.Skip("a test of the team file's own rules (KPI_TEST_ENGINE=postgres runs the server)")
	}
}

// fixedNow is the clock of these tests: Thursday of 2026-W47.
var fixedNow = time.Date(2026, 11, 19, 10, 0, 0, 0, time.UTC)

type result struct {
	code           int
	stdout, stderr string
}

// run calls the command line in-process with a clean environment: only the
// variables given (plus a private config dir) are visible, and the clock is fixed.
func run(t *testing.T, env map[string]string, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	cfg := t.TempDir()
	code := Main(args, Env{
		Stdin:  strings.NewReader(""),
		Stdout: &out,
		Stderr: &errb,
		Getenv: func(k string) string {
			if k == "XDG_CONFIG_HOME" {
				if v, ok := env[k]; ok {
					return v
				}
				return cfg
			}
			if k == "KPI_USER" && env[k] == "" {
				return "tester"
			}
			return env[k]
		},
		Now: func() time.Time { return fixedNow },
	})
	return result{code, out.String(), errb.String()}
}

// sha is the hash of the team file's bytes, or on the server of the team's
// JSON export: what "nothing was written" compares.
func sha(t *testing.T, path string) [32]byte {
	t.Helper()
	if onServer && strings.HasPrefix(path, "postgres") {
		r := run(t, nil, "export", "--format", "json", "--db", path)
		if r.code != 0 {
			t.Fatalf("export %s: %s", path, r.stderr)
		}
		return sha256.Sum256([]byte(r.stdout))
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read %s: %v", path, err)
	}
	return sha256.Sum256(b)
}

// demoFile writes the normal demo into a temp dir once per test, or, with
// KPI_TEST_ENGINE=postgres (a second CI pass), into a new team on the
// PostgreSQL test server, whose URL it returns. Tests of what only a file has
// call fileOnly.
func demoFile(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "demo.db")
	if onServer {
		path = pgtest.Team(t, "tester")
	}
	if r := run(t, nil, "demo", "--db", path, "--no-open"); r.code != 0 {
		t.Fatalf("demo: exit %d: %s", r.code, r.stderr)
	}
	return path
}

func listJSON(t *testing.T, path string, week string) []listRow {
	t.Helper()
	args := []string{"list", "--db", path, "--json"}
	if week != "" {
		args = append(args, "--week", week)
	}
	r := run(t, nil, args...)
	if r.code != 0 {
		t.Fatalf("list: exit %d: %s", r.code, r.stderr)
	}
	var rows []listRow
	if err := json.Unmarshal([]byte(r.stdout), &rows); err != nil {
		t.Fatalf("list --json is not JSON: %v\n%s", err, r.stdout)
	}
	return rows
}

func rowOf(t *testing.T, rows []listRow, key string) listRow {
	t.Helper()
	for _, r := range rows {
		if r.Key == key {
			return r
		}
	}
	t.Fatalf("no row for %s", key)
	return listRow{}
}

func TestInitCreatesAndRefusesAnExistingFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "team.db")
	r := run(t, nil, "init", path, "--team", "Ops")
	if r.code != 0 {
		t.Fatalf("init: exit %d: %s", r.code, r.stderr)
	}
	before := sha(t, path)
	r = run(t, nil, "init", path)
	if r.code != ExitError {
		t.Fatalf("second init: exit %d, want %d", r.code, ExitError)
	}
	if !strings.HasPrefix(r.stderr, "kpi: ") || strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 {
		t.Errorf("second init error is not one line: %q", r.stderr)
	}
	if sha(t, path) != before {
		t.Error("second init changed the file")
	}
	if r := run(t, nil, "list", "--db", path, "--json"); r.code != 0 || strings.TrimSpace(r.stdout) != "[]" {
		t.Errorf("list of a fresh file: exit %d, %q %q", r.code, r.stdout, r.stderr)
	}
}

func TestDemoListsEveryKPIWithItsFields(t *testing.T) {
	path := demoFile(t)
	rows := listJSON(t, path, "")
	if len(rows) < 12 {
		t.Fatalf("demo lists %d KPIs, want at least 12", len(rows))
	}
	withValue := 0
	for _, r := range rows {
		if r.Key == "" || r.Name == "" || r.Owner == "" || r.Direction == "" || r.Status == "" || r.Week != "2026-W47" {
			t.Errorf("row lacks fields: %+v", r)
		}
		if r.Value != nil {
			withValue++
		}
		if r.Target == nil && r.Kind == "quantitative" {
			t.Errorf("%s has no target", r.Key)
		}
	}
	if withValue < len(rows)/2 {
		t.Errorf("only %d of %d KPIs have a value this week", withValue, len(rows))
	}
	if r := run(t, nil, "list", "--db", path); r.code != 0 || !strings.Contains(r.stdout, "KEY") || !strings.Contains(r.stdout, "2026-W47") {
		t.Errorf("list table: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// firstQuantitativeKey is a weekly number KPI of the demo that values can be set on.
func firstQuantitativeKey(t *testing.T, rows []listRow) listRow {
	for _, r := range rows {
		if r.Kind == "quantitative" && r.Formula == "" && r.Cadence == "weekly" {
			return r
		}
	}
	t.Fatal("the demo has no weekly quantitative KPI")
	return listRow{}
}

func TestSetParsesValuesAndRefusesBadOnes(t *testing.T) {
	path := demoFile(t)
	k := firstQuantitativeKey(t, listJSON(t, path, ""))
	r := run(t, nil, "set", k.Key, "12k", "--force", "--week", "2026-W47", "--db", path, "--note", "big \x1b[2Jweek")
	if r.code != 0 {
		t.Fatalf("set 12k: exit %d: %s", r.code, r.stderr)
	}
	got := rowOf(t, listJSON(t, path, "2026-W47"), k.Key)
	if got.Value == nil || *got.Value != 12000 {
		t.Fatalf("after set 12k the value is %v, want 12000", got.Value)
	}
	if got.Note != "big week" {
		t.Errorf("note stored as %q; escape sequences must be stripped", got.Note)
	}

	before := sha(t, path)
	r = run(t, nil, "set", k.Key, "abc", "--week", "2026-W47", "--db", path)
	if r.code != ExitError || !strings.Contains(r.stderr, `"abc"`) {
		t.Errorf("set abc: exit %d, stderr %q; want 1 naming the bad value", r.code, r.stderr)
	}
	if sha(t, path) != before {
		t.Error("a refused value changed the file")
	}

	r = run(t, nil, "set", "mrx", "5", "--db", path)
	if r.code != ExitError || !strings.Contains(r.stderr, "did you mean") || !strings.Contains(r.stderr, "mrr") {
		t.Errorf("unknown KPI: exit %d, stderr %q; want 1 suggesting mrr", r.code, r.stderr)
	}

	r = run(t, nil, "set", k.Key, "-3", "--force", "--week", "2026-W40", "--db", path)
	if r.code != 0 {
		t.Fatalf("set -3: exit %d: %s", r.code, r.stderr)
	}
	if v := rowOf(t, listJSON(t, path, "2026-W40"), k.Key).Value; v == nil || *v != -3 {
		t.Errorf("set -3 stored %v", v)
	}
}

func TestSetRefusesDerivedAndNeedsStatusForQualitative(t *testing.T) {
	path := demoFile(t)
	rows := listJSON(t, path, "")
	for _, row := range rows {
		switch {
		case row.Formula != "":
			if r := run(t, nil, "set", row.Key, "5", "--db", path); r.code != ExitError || !strings.Contains(r.stderr, "derived") {
				t.Errorf("set on derived %s: exit %d %q", row.Key, r.code, r.stderr)
			}
		case row.Kind == "qualitative":
			if r := run(t, nil, "set", row.Key, "5", "--db", path); r.code != ExitError {
				t.Errorf("set 5 on qualitative %s: exit %d", row.Key, r.code)
			}
			if r := run(t, nil, "set", row.Key, "at risk", "--note", "vendor late", "--week", "2026-W46", "--db", path); r.code != 0 {
				t.Errorf("set status on qualitative %s: exit %d %q", row.Key, r.code, r.stderr)
			}
			if got := rowOf(t, listJSON(t, path, "2026-W46"), row.Key); got.Status != string(model.AtRisk) {
				t.Errorf("qualitative status stored as %q", got.Status)
			}
		}
	}
}

func TestDueListsMissingAndExitCode(t *testing.T) {
	path := demoFile(t)
	r := run(t, nil, "due", "--db", path, "--exit-code")
	if r.code != ExitDue || !strings.Contains(r.stdout, "missing") {
		t.Fatalf("due on the demo: exit %d (want %d)\n%s%s", r.code, ExitDue, r.stdout, r.stderr)
	}
	// fill everything that is missing, then nothing is due
	for _, row := range listJSON(t, path, "") {
		if !row.Due || row.Value != nil || row.Status != string(model.Missing) {
			continue
		}
		v := "100"
		if row.Kind == "qualitative" {
			v = "on track"
		}
		if r := run(t, nil, "set", row.Key, v, "--force", "--db", path); r.code != 0 {
			t.Fatalf("set %s: %s", row.Key, r.stderr)
		}
	}
	if r := run(t, nil, "due", "--db", path, "--exit-code"); r.code != 0 || !strings.Contains(r.stdout, "Nothing is due") {
		t.Errorf("after filling: exit %d %q", r.code, r.stdout)
	}
}

func TestBadFilesAreRefusedAndLeftAlone(t *testing.T) {
	dir := t.TempDir()
	zero := filepath.Join(dir, "zero.db")
	text := filepath.Join(dir, "notes.txt")
	foreign := filepath.Join(dir, "other.sqlite")
	os.WriteFile(zero, nil, 0o644)
	os.WriteFile(text, []byte("this is not a database\n"), 0o644)
	fdb, err := sql.Open("sqlite", foreign)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fdb.Exec("CREATE TABLE t(x); INSERT INTO t VALUES (1)"); err != nil {
		t.Fatal(err)
	}
	fdb.Close()
	for _, path := range []string{filepath.Join(dir, "mistyped.db"), zero, text, foreign} {
		var before [32]byte
		_, statErr := os.Stat(path)
		if statErr == nil {
			before = sha(t, path)
		}
		for _, cmd := range [][]string{{"list", "--db", path}, {"set", "mrr", "5", "--db", path}} {
			r := run(t, nil, cmd...)
			if r.code != ExitError {
				t.Errorf("%v: exit %d, want 1", cmd, r.code)
			}
			if !strings.HasPrefix(r.stderr, "kpi: ") || strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 {
				t.Errorf("%v: error is not one line: %q", cmd, r.stderr)
			}
		}
		if statErr != nil {
			if _, err := os.Stat(path); err == nil {
				t.Errorf("%s was created", path)
			}
		} else if sha(t, path) != before {
			t.Errorf("%s was modified", path)
		}
	}
}

func TestImportIsAllOrNothing(t *testing.T) {
	path := demoFile(t)
	k := firstQuantitativeKey(t, listJSON(t, path, ""))
	dir := t.TempDir()
	good := "kpi,week,value,note\n" + k.Key + ",2024-W01,1,first\n" + k.Key + ",2024-01-10,\"2,000\",\n" + k.Key + ",2024-W03,3k,\n"
	bad := good + k.Key + ",2024-W04,lots,\n"
	badPath := filepath.Join(dir, "bad.csv")
	goodPath := filepath.Join(dir, "good.csv")
	os.WriteFile(badPath, []byte(bad), 0o644)
	os.WriteFile(goodPath, []byte(good), 0o644)

	before := sha(t, path)
	r := run(t, nil, "import", badPath, "--db", path)
	if r.code != ExitError || !strings.Contains(r.stderr, "line 5") || !strings.Contains(r.stderr, "nothing was imported") {
		t.Fatalf("bad import: exit %d\n%s", r.code, r.stderr)
	}
	if sha(t, path) != before {
		t.Fatal("a refused import changed the file")
	}
	if r := run(t, nil, "import", goodPath, "--db", path, "--dry-run"); r.code != 0 || sha(t, path) != before {
		t.Fatalf("dry run: exit %d, or it wrote: %s", r.code, r.stderr)
	}
	if r := run(t, nil, "import", goodPath, "--db", path); r.code != 0 || !strings.Contains(r.stdout, "Imported 3 values") {
		t.Fatalf("good import: exit %d %q %q", r.code, r.stdout, r.stderr)
	}
	for week, want := range map[string]float64{"2024-W01": 1, "2024-W02": 2000, "2024-W03": 3000} {
		if v := rowOf(t, listJSON(t, path, week), k.Key).Value; v == nil || *v != want {
			t.Errorf("%s after import: %v, want %v", week, v, want)
		}
	}
}

func TestJSONExportImportReproducesEveryWeek(t *testing.T) {
	path := demoFile(t)
	dir := t.TempDir()
	export := filepath.Join(dir, "export.json")
	if r := run(t, nil, "export", "--format", "json", "--out", export, "--db", path); r.code != 0 {
		t.Fatalf("export: %s", r.stderr)
	}
	fresh := filepath.Join(dir, "fresh.db")
	if r := run(t, nil, "init", fresh); r.code != 0 {
		t.Fatalf("init: %s", r.stderr)
	}
	if r := run(t, nil, "import", export, "--db", fresh); r.code != 0 {
		t.Fatalf("import json: %s", r.stderr)
	}
	weeks := 0
	for w := model.MustWeek("2024-W40"); !w.After(model.MustWeek("2026-W48")); w = w.Next() {
		a := run(t, nil, "list", "--json", "--week", w.String(), "--db", path)
		b := run(t, nil, "list", "--json", "--week", w.String(), "--db", fresh)
		if a.code != 0 || b.code != 0 || a.stdout != b.stdout {
			t.Fatalf("list --json differs for %s after the round trip", w)
		}
		weeks++
	}
	if weeks < 100 {
		t.Fatalf("compared only %d weeks", weeks)
	}
	// a JSON export refuses to land in a file that already has KPIs
	before := sha(t, path)
	if r := run(t, nil, "import", export, "--db", path); r.code != ExitError || sha(t, path) != before {
		t.Errorf("importing a JSON export into a non-empty file: exit %d, changed=%v", r.code, sha(t, path) != before)
	}
	// the CSV export reads back into the same file without complaint
	csvPath := filepath.Join(dir, "values.csv")
	if r := run(t, nil, "export", "--out", csvPath, "--db", path); r.code != 0 {
		t.Fatalf("export csv: %s", r.stderr)
	}
	if r := run(t, nil, "import", csvPath, "--dry-run", "--db", fresh); r.code != 0 {
		t.Errorf("the CSV export does not import: %s", r.stderr)
	}
}

func TestUsageErrorsExitTwo(t *testing.T) {
	for _, args := range [][]string{{"set"}, {"list", "--bogus"}, {"frobnicate"}, {"list", "--week", "2021-W53"}, {"export", "--format", "xml"}} {
		r := run(t, nil, args...)
		if r.code != ExitUsage {
			t.Errorf("%v: exit %d, want %d (%s)", args, r.code, ExitUsage, r.stderr)
		}
		if strings.Contains(r.stderr, "goroutine") || strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 {
			t.Errorf("%v: error is not one line: %q", args, r.stderr)
		}
	}
}

func TestHistoryShowsWhoChangedWhat(t *testing.T) {
	fileOnly(t)
	path := demoFile(t)
	k := firstQuantitativeKey(t, listJSON(t, path, ""))
	run(t, map[string]string{"KPI_USER": "ana"}, "set", k.Key, "41", "--force", "--week", "2026-W45", "--db", path)
	run(t, map[string]string{"KPI_USER": "ben"}, "set", k.Key, "42", "--force", "--week", "2026-W45", "--db", path)
	r := run(t, nil, "history", "--kpi", k.Key, "--limit", "2", "--db", path)
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if r.code != 0 || len(lines) != 2 {
		t.Fatalf("history: exit %d, %d lines:\n%s%s", r.code, len(lines), r.stdout, r.stderr)
	}
	if !strings.Contains(lines[0], "ben@") || !strings.Contains(lines[1], "ana@") {
		t.Errorf("history is not newest first with users:\n%s", r.stdout)
	}
}

func TestPathResolutionOrder(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "cfg")
	os.MkdirAll(filepath.Join(cfg, "kpi"), 0o755)
	fromConfig := filepath.Join(dir, "config.db")
	fromEnv := filepath.Join(dir, "env.db")
	os.WriteFile(filepath.Join(cfg, "kpi", "config.json"), []byte(`{"db": "`+fromConfig+`"}`), 0o644)
	g := &globals{}
	env := &Env{Getenv: func(k string) string {
		return map[string]string{"XDG_CONFIG_HOME": cfg}[k]
	}}
	if p, _ := resolvePath(env, g); p != fromConfig {
		t.Errorf("config default: %s", p)
	}
	env.Getenv = func(k string) string { return map[string]string{"XDG_CONFIG_HOME": cfg, "KPI_DB": fromEnv}[k] }
	if p, _ := resolvePath(env, g); p != fromEnv {
		t.Errorf("$KPI_DB: %s", p)
	}
	g.dbPath = filepath.Join(dir, "flag.db")
	if p, _ := resolvePath(env, g); p != g.dbPath {
		t.Errorf("--db: %s", p)
	}
}

func TestProtectNegativeValues(t *testing.T) {
	cases := map[string]string{
		"set churn -3 --week 2026-W47":      "set churn --week 2026-W47 -- -3",
		"set churn 3 --week 2026-W47":       "set churn 3 --week 2026-W47",
		"set burn -$1,200":                  "set burn -- -$1,200",
		"list --week 2026-W47":              "list --week 2026-W47",
		"set churn -- -3":                   "set churn -- -3",
		"set cash -1.5k --note x --db a.db": "set cash --note x --db a.db -- -1.5k",
	}
	for in, want := range cases {
		if got := strings.Join(protectNegativeValues(strings.Fields(in)), " "); got != want {
			t.Errorf("%q → %q, want %q", in, got, want)
		}
	}
}

func TestFindKPISuggestsClosest(t *testing.T) {
	kpis := []model.KPI{{ID: 1, Key: "mrr", Name: "Monthly recurring revenue"}, {ID: 2, Key: "nps", Name: "Net promoter score"}, {ID: 3, Key: "mqls", Name: "Marketing qualified leads"}}
	if k, err := findKPI(kpis, "MRR"); err != nil || k.ID != 1 {
		t.Errorf("key in capitals: %v %v", k.Key, err)
	}
	if k, err := findKPI(kpis, "net"); err != nil || k.ID != 2 {
		t.Errorf("name prefix: %v %v", k.Key, err)
	}
	if _, err := findKPI(kpis, "m"); err == nil || !strings.Contains(err.Error(), "mrr") || !strings.Contains(err.Error(), "mqls") {
		t.Errorf("ambiguous prefix: %v", err)
	}
	if _, err := findKPI(kpis, "nsp"); err == nil || !strings.Contains(err.Error(), "did you mean nps") {
		t.Errorf("typo: %v", err)
	}
}

func TestCompletionOffersKPIKeysForSet(t *testing.T) {
	path := demoFile(t)
	r := run(t, nil, "__complete", "--db", path, "set", "m")
	if r.code != 0 || !strings.Contains(r.stdout, "mrr\t") {
		t.Fatalf("completing `kpi set m`: exit %d %q", r.code, r.stdout)
	}
	if strings.Contains(r.stdout, "nps\t") {
		t.Errorf("completion offers keys that do not match the prefix: %q", r.stdout)
	}
	if r := run(t, nil, "__complete", "--db", path, "set", ""); strings.Contains(r.stdout, "win_rate\t") {
		t.Errorf("completion offers the derived win_rate, which cannot be set: %q", r.stdout)
	}
}
