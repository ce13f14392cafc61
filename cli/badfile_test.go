package cli

import (
	"database/sql"
	"strings"
	"testing"
)

// plantRaw writes into a team file as another tool would (CHECK constraints
// off, so a schema that refuses bad rows cannot hide a reader's weakness).
func plantRaw(t *testing.T, path string, stmts ...string) {
	t.Helper()
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	raw.SetMaxOpenConns(1)
	for _, q := range append([]string{"PRAGMA ignore_check_constraints = ON"}, stmts...) {
		if _, err := raw.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

// theIssuesThreeCells are the cells that each locked the whole team out: a
// text number, a template that is a JSON object, a target week 'zzz'.
var theIssuesThreeCells = []string{
	"UPDATE kpi_values SET number = 'abc' WHERE kpi_id = (SELECT id FROM kpis WHERE key = 'mrr') AND week = '2026-W47'",
	`UPDATE settings SET checklist_template = '{"text": "not a list"}'`,
	"INSERT INTO kpi_targets (kpi_id, week, value) VALUES ((SELECT id FROM kpis WHERE key = 'mrr'), 'zzz', 1)",
}

func TestOneBadCellDoesNotLockTheTeamOut(t *testing.T) {
	fileOnly(t)
	path := demoFile(t)
	plantRaw(t, path, theIssuesThreeCells...)
	for _, args := range [][]string{
		{"list"}, {"list", "--json"}, {"due"}, {"report"}, {"history", "--limit", "5"},
		{"export", "--format", "json"}, {"export", "--format", "csv"},
		{"set", "nps", "42"},
	} {
		r := run(t, nil, append(args, "--db", path)...)
		if r.code != ExitOK || strings.Contains(r.stderr, "converting") || strings.Contains(r.stderr, "Scan") {
			t.Errorf("kpi %s: exit %d, stderr %q", strings.Join(args, " "), r.code, r.stderr)
		}
	}
	var mrr listRow
	for _, row := range listJSON(t, path, "2026-W47") {
		if row.Key == "mrr" {
			mrr = row
		}
	}
	if mrr.ValueText != "⚠ bad value" || mrr.Status != "bad_value" || mrr.Value != nil {
		t.Errorf("mrr in 2026-W47 = %+v, want it shown as a bad value without a number", mrr)
	}
	if r := run(t, nil, "list", "--db", path, "--week", "2026-W47"); !strings.Contains(r.stdout, "⚠ bad value") {
		t.Errorf("kpi list does not show the bad value:\n%s", r.stdout)
	}
	// kpi set over the bad cell replaces it.
	if r := run(t, nil, "set", "mrr", "412k", "--week", "2026-W47", "--db", path); r.code != ExitOK {
		t.Errorf("kpi set over the bad value: exit %d %s", r.code, r.stderr)
	}
}

func TestDoctorNamesBadCellsAndRepairLeavesAFileDoctorPasses(t *testing.T) {
	fileOnly(t)
	path := demoFile(t)
	plantRaw(t, path, append(theIssuesThreeCells,
		"INSERT INTO action_items (text, kpi_id) VALUES ('orphan', 99999)",
		"UPDATE kpis SET decimals = -1 WHERE key = 'nps'",
		"INSERT INTO sessions (user, host, pid, started_at, heartbeat) VALUES ('eve', 'far', 1, '2031-01-01T00:00:00Z', '2031-01-01T00:00:00Z')",
	)...)
	before := sha(t, path)
	r := run(t, nil, "doctor", "--db", path)
	if r.code != ExitError {
		t.Fatalf("doctor on a file with bad cells: exit %d\n%s", r.code, r.stdout)
	}
	lines := checkReport(t, r, path)
	for _, want := range []string{
		"✗ data: kpi_values row ", ", number: 'abc' is text, not a number; `kpi doctor --repair` fixes it",
		"✗ data: settings row 1, checklist_template:",
		"✗ data: kpi_targets row ", "week: 'zzz' is not a week",
		"action_items row ", "kpi_id: points at kpis 99999 that does not exist",
		"decimals: '-1' is outside 0 to 6",
		"sessions row ", "heartbeat: '2031-01-01T00:00:00Z' is in the future",
	} {
		if !strings.Contains(strings.Join(lines, "\n"), want) {
			t.Errorf("doctor does not say %q:\n%s", want, r.stdout)
		}
	}
	if sha(t, path) != before {
		t.Errorf("doctor without --repair changed the file")
	}

	fix := run(t, nil, "doctor", "--repair", "--db", path)
	if fix.code != ExitOK {
		t.Fatalf("doctor --repair: exit %d, stderr %q\n%s", fix.code, fix.stderr, fix.stdout)
	}
	for _, want := range []string{"Backed up ", "Repaired ", "moved to quarantine (quarantine #", "set to 2 (quarantine #", "! quarantine: "} {
		if !strings.Contains(fix.stdout, want) {
			t.Errorf("doctor --repair does not say %q:\n%s", want, fix.stdout)
		}
	}
	again := run(t, nil, "doctor", "--db", path)
	if again.code != ExitOK || !strings.Contains(again.stdout, "✓ data: every row is as kpi writes it") {
		t.Errorf("doctor after --repair: exit %d\n%s", again.code, again.stdout)
	}
	if h := run(t, nil, "history", "--limit", "50", "--db", path); !strings.Contains(h.stdout, "repaired the file") {
		t.Errorf("the change log does not record the repair:\n%s", h.stdout)
	}
}
