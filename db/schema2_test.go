package db

import (
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"kpi/model"
)

// rawSQL opens the team file the way another tool would: plain SQLite, foreign
// keys off, knowing nothing about versions.
func rawSQL(t *testing.T, path string) *sql.DB {
	t.Helper()
	raw, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	raw.SetMaxOpenConns(1)
	t.Cleanup(func() { raw.Close() })
	return raw
}

func execAll(t *testing.T, raw *sql.DB, stmts ...string) {
	t.Helper()
	for _, q := range stmts {
		if _, err := raw.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

// TestSchemaRefusesBadRowsFromAnyWriter: a tool writing straight into the file
// cannot store what kpi would never write, and can still store what kpi would.
func TestSchemaRefusesBadRowsFromAnyWriter(t *testing.T) {
	fileOnly(t)
	st := newStore(t)
	k := mustKPI(t, st, sampleKPI("mrr"))
	if _, err := st.PutValue(numValue(k.ID, "2026-W47", 1)); err != nil {
		t.Fatal(err)
	}
	if _, err := st.StartReview(model.MustWeek("2026-W47")); err != nil {
		t.Fatal(err)
	}
	if _, err := st.CreateObjective(model.Objective{Title: "grow"}); err != nil {
		t.Fatal(err)
	}
	raw := rawSQL(t, st.Path())
	id := fmt.Sprint(k.ID)
	refused := []string{
		"UPDATE kpi_values SET number = 9e999",
		"UPDATE kpi_values SET number = -9e999",
		"UPDATE kpi_values SET number = 1e16",
		"UPDATE kpi_values SET number = 'abc'",
		"UPDATE kpi_values SET number = x'00'",
		"UPDATE kpi_values SET week = '2026-w47'",
		"UPDATE kpi_values SET week = '2026-W47 '",
		"UPDATE kpi_values SET week = 'zzz'",
		"UPDATE kpi_values SET note = x'1b5b33316d'",
		"INSERT INTO kpi_targets (kpi_id, week, value) VALUES (" + id + ", 'zzz', 1)",
		"INSERT INTO kpi_targets (kpi_id, week, value) VALUES (" + id + ", '2027-W53', 1)", // 2027 has 52 ISO weeks
		"INSERT INTO kpi_targets (kpi_id, week, value) VALUES (" + id + ", '2026-W00', 1)",
		"INSERT INTO kpi_targets (kpi_id, week, value) VALUES (" + id + ", '2026-W30', 9e999)",
		"UPDATE kpis SET decimals = -1",
		"UPDATE kpis SET decimals = 7",
		"UPDATE kpis SET decimals = 'two'",
		"UPDATE kpis SET tolerance_amount = 9e999",
		"UPDATE kpis SET tolerance_amount = -1",
		"UPDATE kpis SET tolerance_amount = 150, tolerance_absolute = 0",
		"UPDATE kpis SET objective_id = 'none'",
		"UPDATE settings SET checklist_template = '{\"a\": 1}'",
		"UPDATE settings SET checklist_template = 'not json'",
		"UPDATE settings SET review_weekday = '1x'",
		"UPDATE reviews SET attendees = '\"ana\"'",
		"UPDATE reviews SET week = '2026-W7'",
		"UPDATE objectives SET start_week = 'soon'",
		"UPDATE kpis SET version = 0",
		"UPDATE kpis SET version = 'x'",
	}
	for _, q := range refused {
		if _, err := raw.Exec(q); err == nil || !strings.Contains(err.Error(), "constraint failed") {
			t.Errorf("%s: stored (err %v), want a constraint failure", q, err)
		}
	}
	accepted := []string{
		"UPDATE kpi_values SET number = 1e15",
		"UPDATE kpi_values SET number = NULL", // NaN arrives as NULL
		"UPDATE kpi_values SET number = 42",
		"INSERT INTO kpi_targets (kpi_id, week, value) VALUES (" + id + ", '2026-W53', 1)", // 2026 has 53
		"UPDATE kpis SET decimals = 6, tolerance_amount = 1e6, tolerance_absolute = 1",
		"UPDATE settings SET checklist_template = '[]'",
		"UPDATE objectives SET start_week = ''",
	}
	execAll(t, raw, accepted...)
}

// TestAnyUpdateMovesVersion: an UPDATE that leaves version alone still moves it
// on every editable table and stamps the row 'another tool' (schema 4), and
// kpi's own saves move it by exactly one.
func TestAnyUpdateMovesVersion(t *testing.T) {
	fileOnly(t)
	st := newStore(t)
	k := mustKPI(t, st, sampleKPI("mrr"))
	if _, err := st.PutValue(numValue(k.ID, "2026-W47", 1)); err != nil {
		t.Fatal(err)
	}
	if _, err := st.CreateObjective(model.Objective{Title: "grow"}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.StartReview(model.MustWeek("2026-W47")); err != nil {
		t.Fatal(err)
	}
	if _, err := st.CreateActionItem(model.ActionItem{Text: "call", Owner: "ana"}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.AddEvent(model.Event{Week: model.MustWeek("2026-W47"), Text: "launch"}); err != nil {
		t.Fatal(err)
	}
	raw := rawSQL(t, st.Path())
	for _, c := range []struct{ table, set string }{
		{"settings", "team_name = 'by a script'"},
		{"objectives", "title = 'by a script'"},
		{"kpis", "name = 'by a script'"},
		{"kpi_values", "number = 99"},
		{"reviews", "notes = 'by a script'"},
		{"checklist_items", "note = 'by a script'"},
		{"action_items", "text = 'by a script'"},
		{"events", "text = 'by a script'"},
		{"kpis", "name = 'again', version = 1"}, // a tool setting version back
	} {
		var id, before, after int64
		var stampedAt, stampedBy string
		if err := raw.QueryRow("SELECT id, version, updated_at FROM "+c.table+" ORDER BY id LIMIT 1").Scan(&id, &before, &stampedAt); err != nil {
			t.Fatalf("%s: %v", c.table, err)
		}
		execAll(t, raw, fmt.Sprintf("UPDATE %s SET %s WHERE id = %d", c.table, c.set, id))
		var at string
		if err := raw.QueryRow("SELECT version, updated_by, updated_at FROM "+c.table+" WHERE id = ?", id).Scan(&after, &stampedBy, &at); err != nil {
			t.Fatal(err)
		}
		if after != before+1 {
			t.Errorf("%s SET %s: version %d → %d, want %d", c.table, c.set, before, after, before+1)
		}
		if _, err := time.Parse(time.RFC3339Nano, at); stampedBy != "another tool" || err != nil || at == stampedAt {
			t.Errorf("%s SET %s: stamped %q at %q (was %q); want 'another tool' at the write's time", c.table, c.set, stampedBy, at, stampedAt)
		}
	}
	execAll(t, raw, "UPDATE kpis SET name = 'named', updated_by = 'zoe' WHERE id = 1")
	var by string
	raw.QueryRow("SELECT updated_by FROM kpis WHERE id = 1").Scan(&by)
	if by != "zoe" {
		t.Errorf("a tool that stamps its own name: updated_by %q, want it kept (zoe)", by)
	}
	got, err := st.KPI(k.ID)
	if err != nil {
		t.Fatal(err)
	}
	got.Name = "by kpi"
	saved, err := st.UpdateKPI(got)
	if err != nil {
		t.Fatal(err)
	}
	var stored int64
	raw.QueryRow("SELECT version FROM kpis WHERE id = ?", k.ID).Scan(&stored)
	if saved.Version != got.Version+1 || stored != saved.Version {
		t.Errorf("kpi's own save: version %d → returned %d, stored %d; want one step", got.Version, saved.Version, stored)
	}
}

// TestForeignEditIsAConflict is case 4 of the issue at the store: the app holds
// a value at its version; an SQL tool changes the number without touching the
// version; the app's save must be told, not overwrite it.
func TestForeignEditIsAConflict(t *testing.T) {
	fileOnly(t)
	st := newStore(t)
	k := mustKPI(t, st, sampleKPI("mrr"))
	if _, err := st.PutValue(numValue(k.ID, "2026-W47", 100)); err != nil {
		t.Fatal(err)
	}
	w := model.MustWeek("2026-W47")
	open, _, err := st.Value(k.ID, w) // the cell the app has open for editing
	if err != nil {
		t.Fatal(err)
	}
	execAll(t, rawSQL(t, st.Path()), fmt.Sprintf("UPDATE kpi_values SET number = 555 WHERE id = %d", open.ID))

	open.Number = 120
	_, err = st.SaveValue(open)
	ce := conflictOf(t, err)
	if ce.Theirs == nil {
		t.Fatal("the conflict does not carry the foreign value")
	}
	if ce.By != "another tool" {
		t.Errorf("the conflict names %q as the writer; want 'another tool', not the row's last kpi writer", ce.By)
	}
	if got, _, _ := st.Value(k.ID, w); got.Number != 555 {
		t.Errorf("stored number = %v, want the script's 555 kept", got.Number)
	}

	// the same for a KPI definition and the settings
	kk, _ := st.KPI(k.ID)
	settings, _ := st.Settings()
	execAll(t, rawSQL(t, st.Path()), "UPDATE kpis SET unit = '€'", "UPDATE settings SET team_name = 'renamed'")
	kk.Name = "mine"
	if _, err := st.UpdateKPI(kk); !errors.Is(err, ErrConflict) {
		t.Errorf("KPI save after a foreign edit: %v, want a conflict", err)
	}
	settings.TeamName = "mine"
	if _, err := st.UpdateSettings(settings); !errors.Is(err, ErrConflict) {
		t.Errorf("settings save after a foreign edit: %v, want a conflict", err)
	}
}

// schema1File writes a team file as kpi schema 1 made it (user_version 1), with
// rows added by extra, and returns its path.
func schema1File(t *testing.T, userVersion int, extra ...string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "team.kpi")
	ddl, err := migrationFiles.ReadFile("migrations/001_init.sql")
	if err != nil {
		t.Fatal(err)
	}
	raw, err := sql.Open("sqlite", "file:"+path+"?mode=rwc")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	execAll(t, raw, string(ddl),
		fmt.Sprintf("PRAGMA application_id = %d", ApplicationID),
		fmt.Sprintf("PRAGMA user_version = %d", userVersion),
		`INSERT INTO settings (id, team_name, checklist_template) VALUES (1, 'Growth', '[{"text": "Check-in"}]')`)
	execAll(t, raw, extra...)
	return path
}

// backupsOf lists the pre-migration backups beside path.
func backupsOf(t *testing.T, path string) []string {
	t.Helper()
	m, err := filepath.Glob(path + ".before-migration-*")
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// quarantined is one quarantine row, as the test reads it.
type quarantined struct {
	table, reason, action, row string
	rowid                      int64
}

func quarantineRows(t *testing.T, path string) []quarantined {
	t.Helper()
	rows, err := rawSQL(t, path).Query("SELECT source_table, source_rowid, reason, action, row_json FROM quarantine ORDER BY id")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []quarantined
	for rows.Next() {
		var q quarantined
		if err := rows.Scan(&q.table, &q.rowid, &q.reason, &q.action, &q.row); err != nil {
			t.Fatal(err)
		}
		out = append(out, q)
	}
	return out
}
