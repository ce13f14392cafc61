package db

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"kpi/model"
)

// badSchema1Rows plant, in a schema-1 file, the rows of issue 15 that schema 2
// refuses, beside good ones: a KPI with negative decimals and two good values
// (kept, decimals reset), a value of Inf and one of 'abc' (left out), a target
// week 'zzz' (left out), a review with a bad week and its checklist item (both
// out), a template that is an object (reset), and an action item pointing at a
// KPI that does not exist (an orphan from before, left for doctor).
var badSchema1Rows = []string{
	`INSERT INTO kpis (id, key, name, decimals, direction, tier, kind, cadence, aggregate) VALUES
		(1, 'mrr', 'MRR', -3, 'up', 'key', 'quantitative', 'weekly', 'last'),
		(2, 'nps', 'NPS', 0, 'up', 'key', 'quantitative', 'weekly', 'last')`,
	`INSERT INTO kpi_targets (kpi_id, week, value) VALUES (1, '2026-W01', 100), (1, 'zzz', 5), (2, '2026-W01', 40)`,
	`INSERT INTO kpi_values (id, kpi_id, week, number) VALUES (1, 1, '2026-W45', 10), (2, 1, '2026-W46', 11),
		(3, 2, '2026-W45', 9e999), (4, 2, '2026-W46', 'abc'), (5, 2, '2026-W47', 30)`,
	`INSERT INTO reviews (id, week) VALUES (1, '2026-W45'), (2, '2026-w46')`,
	`INSERT INTO checklist_items (id, review_id, text) VALUES (1, 1, 'Check-in'), (2, 2, 'Check-in')`,
	`UPDATE settings SET checklist_template = '{"text": "not a list"}'`,
	`INSERT INTO action_items (id, text, kpi_id) VALUES (1, 'orphan', 999), (2, 'fine', 2)`,
}

// TestMigrationQuarantinesRefusedRows: opening a schema-1 file with bad rows
// migrates it once, loses nothing (every refused row is in quarantine with its
// reason), and leaves the good rows and the KPIs in place.
func TestMigrationQuarantinesRefusedRows(t *testing.T) {
	path := schema1File(t, 1, badSchema1Rows...)
	st, err := Open(path, testOptions("ana"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if v, _ := st.SchemaVersion(); v != SchemaVersion {
		t.Errorf("schema %d after open, want %d", v, SchemaVersion)
	}
	raw := rawSQL(t, path)
	count := func(q string) int {
		var n int
		if err := raw.QueryRow(q).Scan(&n); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return n
	}
	for q, want := range map[string]int{
		"SELECT count(*) FROM kpis":                                    2,
		"SELECT decimals FROM kpis WHERE id = 1":                       0,
		"SELECT count(*) FROM kpi_values WHERE id IN (1, 2, 5)":        3,
		"SELECT count(*) FROM kpi_values":                              3,
		"SELECT count(*) FROM kpi_targets":                             2,
		"SELECT count(*) FROM reviews":                                 1,
		"SELECT count(*) FROM checklist_items":                         1,
		"SELECT count(*) FROM action_items":                            2,
		"SELECT json_type(checklist_template) = 'array' FROM settings": 1,
		"SELECT count(*) FROM pragma_foreign_key_check":                1, // the orphan from before, still there for doctor
	} {
		if got := count(q); got != want {
			t.Errorf("%s = %d, want %d", q, got, want)
		}
	}
	want := map[string]string{ // table/rowid → words its reason must hold
		"kpis/1":            "decimals: an integer 0 to 6",
		"kpi_values/3":      "number: a finite number",
		"kpi_values/4":      "number: a finite number",
		"kpi_targets/2":     "week: a week like 2026-W47",
		"reviews/2":         "week: a week like 2026-W47",
		"checklist_items/2": "its reviews row was taken out",
		"settings/1":        "checklist_template: a JSON array",
	}
	got := quarantineRows(t, path)
	for _, q := range got {
		key := fmt.Sprintf("%s/%d", q.table, q.rowid)
		words, ok := want[key]
		if !ok {
			t.Errorf("unexpected quarantine row %s: %s", key, q.reason)
			continue
		}
		delete(want, key)
		if !strings.Contains(q.reason, words) {
			t.Errorf("%s: reason %q does not say %q", key, q.reason, words)
		}
		if !strings.HasPrefix(q.row, "{") || !strings.Contains(q.row, `"id"`) && q.table != "kpi_targets" {
			t.Errorf("%s: row_json %q is not the row", key, q.row)
		}
	}
	for key := range want {
		t.Errorf("no quarantine row for %s", key)
	}
	for _, q := range got {
		if wantAction := map[string]string{"kpis": "repaired", "settings": "repaired"}[q.table]; wantAction != "" && q.action != wantAction {
			t.Errorf("%s/%d: action %q, want %q", q.table, q.rowid, q.action, wantAction)
		}
	}
	if err := st.IntegrityCheck(); err != nil {
		t.Error(err)
	}
	cs, _ := st.Changes(ChangeFilter{Entity: "file"})
	if len(cs) != 1 || !strings.Contains(cs[0].Summary, "refused 7 rows: 5 left out and 2 kept") {
		t.Errorf("migration change-log entry: %+v", cs)
	}
	// the kept KPI is readable by kpi and its values are there
	if vs, err := st.Values(model.Week{}, model.Week{}); err != nil || len(vs) != 3 {
		t.Errorf("values after the migration: %d, %v", len(vs), err)
	}
	if len(backupsOf(t, path)) != 1 {
		t.Errorf("backups: %v, want one", backupsOf(t, path))
	}
}

// TestMigrationKeepsForeignObjects: an index, a trigger and a column another
// tool added to a rebuilt table survive the rebuild.
func TestMigrationKeepsForeignObjects(t *testing.T) {
	path := schema1File(t, 1,
		`ALTER TABLE kpis ADD COLUMN their_notes TEXT`,
		`INSERT INTO kpis (id, key, name, direction, tier, kind, cadence, aggregate, their_notes) VALUES (1, 'mrr', 'MRR', 'up', 'key', 'quantitative', 'weekly', 'last', 'keep me')`,
		`CREATE INDEX their_index ON kpis (name)`,
		`CREATE TABLE their_log (what TEXT)`,
		`CREATE TRIGGER their_trigger AFTER INSERT ON kpis BEGIN INSERT INTO their_log VALUES (NEW.key); END`,
		`CREATE VIEW their_view AS SELECT key FROM kpis`)
	st, err := Open(path, testOptions("ana"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	raw := rawSQL(t, path)
	var notes string
	if err := raw.QueryRow("SELECT their_notes FROM kpis WHERE id = 1").Scan(&notes); err != nil || notes != "keep me" {
		t.Errorf("their column: %q, %v", notes, err)
	}
	var n int
	raw.QueryRow("SELECT count(*) FROM sqlite_schema WHERE name IN ('their_index', 'their_trigger', 'their_view')").Scan(&n)
	if n != 3 {
		t.Errorf("%d of their index, trigger and view survived, want 3", n)
	}
	if _, err := raw.Exec("SELECT * FROM their_view"); err != nil {
		t.Errorf("their view: %v", err)
	}
}

// TestUnknownUserVersionMigratesOnce is case 5 of the issue: a file whose
// user_version is 0 or -1 is migrated on its first open and opens afterwards
// with no further backup; a current file that only lost its number is stamped
// without any backup; a file with some tables missing is refused unchanged.
func TestUnknownUserVersionMigratesOnce(t *testing.T) {
	fileOnly(t)
	for _, uv := range []int{0, -1} {
		t.Run(fmt.Sprint(uv), func(t *testing.T) {
			path := schema1File(t, uv, `INSERT INTO kpis (id, key, name, direction, tier, kind, cadence, aggregate) VALUES (1, 'mrr', 'MRR', 'up', 'key', 'quantitative', 'weekly', 'last')`)
			for i := 0; i < 3; i++ {
				st, err := Open(path, testOptions("ana"))
				if err != nil {
					t.Fatalf("open %d: %v", i+1, err)
				}
				v, _ := st.SchemaVersion()
				ks, err := st.KPIs()
				st.Close()
				if v != SchemaVersion || err != nil || len(ks) != 1 {
					t.Errorf("open %d: schema %d, %d KPIs, %v", i+1, v, len(ks), err)
				}
			}
			if b := backupsOf(t, path); len(b) != 1 {
				t.Errorf("backups after three opens: %v, want one", b)
			}
		})
	}
	t.Run("current tables, lost number", func(t *testing.T) {
		st := newStore(t)
		path := st.Path()
		st.Close()
		execAll(t, rawSQL(t, path), "PRAGMA user_version = 0")
		st, err := Open(path, testOptions("ana"))
		if err != nil {
			t.Fatal(err)
		}
		v, _ := st.SchemaVersion()
		st.Close()
		if v != SchemaVersion || len(backupsOf(t, path)) != 0 {
			t.Errorf("schema %d, backups %v; want %d and none", v, backupsOf(t, path), SchemaVersion)
		}
	})
	t.Run("incomplete tables", func(t *testing.T) {
		path := schema1File(t, 0, "DROP TABLE action_items")
		before := fileHash(t, path)
		for i := 0; i < 2; i++ {
			_, err := Open(path, testOptions("ana"))
			var oe *OpenError
			if !errors.As(err, &oe) || !strings.Contains(err.Error(), "tables are incomplete (missing: action_items)") {
				t.Fatalf("open: %v, want a refusal naming the missing table", err)
			}
		}
		if fileHash(t, path) != before || len(backupsOf(t, path)) != 0 {
			t.Errorf("a refused file changed or gained backups: %v", backupsOf(t, path))
		}
	})
}

// TestFailedMigrationLeavesNoBackup: when a step fails (here the disk is full
// halfway through the rebuild) the file is unchanged, and the backup made for
// it is removed again, so failing again on every open does not fill the folder
// with full-size copies.
func TestFailedMigrationLeavesNoBackup(t *testing.T) {
	rows := []string{`INSERT INTO kpis (id, key, name, direction, tier, kind, cadence, aggregate) VALUES (1, 'mrr', 'MRR', 'up', 'key', 'quantitative', 'weekly', 'last')`}
	for i := 0; i < 40; i++ {
		rows = append(rows, fmt.Sprintf(`INSERT INTO kpi_values (kpi_id, week, number, note) VALUES (1, '20%02d-W01', %d, printf('%%.2000c', 'n'))`, 10+i, i))
	}
	path := schema1File(t, 1, rows...)
	var pages int
	rawSQL(t, path).QueryRow("PRAGMA page_count").Scan(&pages)
	before := fileHash(t, path)
	opt := testOptions("ana")
	opt.MaxPageCount = pages + 2 // room for the quarantine table, not for a copy of kpi_values
	for i := 0; i < 2; i++ {
		st, err := Open(path, opt)
		if err == nil {
			st.Close()
			t.Fatal("the migration succeeded on a full disk")
		}
		if !strings.Contains(err.Error(), "upgrading its schema failed") || !strings.Contains(err.Error(), "nothing was changed") {
			t.Errorf("open %d: %v", i+1, err)
		}
	}
	if fileHash(t, path) != before {
		t.Error("a failed migration changed the file")
	}
	if b := backupsOf(t, path); len(b) != 0 {
		t.Errorf("failed migrations left backups: %v", b)
	}
}
