package db

import (
	"fmt"
	"strings"
	"testing"

	"kpi/model"
)

// plantEveryCase writes each case of a hostile tool into one file: a bad
// number, a template that is a JSON object, a target week 'zzz', an action item
// pointing at a KPI that does not exist (with no created week), a formula
// cycle, look-alike weeks, a future heartbeat, negative decimals and a review
// whose week is no week (with its checklist).
func plantEveryCase(t *testing.T, s *Store, mrr model.KPI) {
	t.Helper()
	plantSQL(t, s.Path(),
		fmt.Sprintf("UPDATE kpi_values SET number = 'abc' WHERE kpi_id = %d AND week = '2026-W46'", mrr.ID),
		`UPDATE settings SET checklist_template = '{"text": "not a list"}'`,
		fmt.Sprintf("INSERT INTO kpi_targets (kpi_id, week, value) VALUES (%d, 'zzz', 150)", mrr.ID),
		"PRAGMA foreign_keys = OFF",
		"INSERT INTO action_items (text, kpi_id) VALUES ('orphan', 999)",
		"INSERT INTO kpis (key, name, direction, tier, kind, cadence, aggregate, formula) VALUES ('cyc_a', 'A', 'up', 'health', 'quantitative', 'weekly', 'last', 'cyc_b + 1')",
		"INSERT INTO kpis (key, name, direction, tier, kind, cadence, aggregate, formula) VALUES ('cyc_b', 'B', 'up', 'health', 'quantitative', 'weekly', 'last', 'cyc_a * 2')",
		fmt.Sprintf("INSERT INTO kpi_values (kpi_id, week, number) VALUES (%d, '2026-w47', 999)", mrr.ID),
		fmt.Sprintf("INSERT INTO kpi_values (kpi_id, week, number) VALUES (%d, '2026-W44 ', 44)", mrr.ID),
		"INSERT INTO sessions (user, host, pid, started_at, heartbeat) VALUES ('eve', 'far', 1, '2030-01-01T00:00:00Z', '2030-01-01T00:00:00Z')",
		fmt.Sprintf("UPDATE kpis SET decimals = -2 WHERE id = %d", mrr.ID),
		"INSERT INTO reviews (week) VALUES ('soon')",
		"INSERT INTO checklist_items (review_id, text) VALUES ((SELECT id FROM reviews WHERE week = 'soon'), 'agenda')",
	)
}

func TestProblemsNameEveryPlantedCaseWithItsTableAndRow(t *testing.T) {
	fileOnly(t)
	s, mrr := populated(t)
	if ps, err := s.Problems(); err != nil || len(ps) != 0 {
		t.Fatalf("a clean file has problems: %v %v", ps, err)
	}
	plantEveryCase(t, s, mrr)
	ps, err := s.Problems()
	if err != nil {
		t.Fatal(err)
	}
	var all []string
	for _, p := range ps {
		all = append(all, p.String())
	}
	text := strings.Join(all, "\n")
	for _, want := range []string{
		"kpi_values row 2, number: 'abc' is text",
		"settings row 1, checklist_template: '{\"text\": \"not a list\"}' is not a JSON list",
		"kpi_targets row 5, week: 'zzz' is not a week",
		"action_items row 2, kpi_id: points at kpis 999 that does not exist",
		"action_items row 2, created_week: is empty",
		"kpis row 3, formula: cyc_a = cyc_b + 1 depends on itself",
		"kpis row 4, formula: cyc_b = cyc_a * 2 depends on itself",
		"kpi_values row 4, week: '2026-w47' is written another way than kpi writes weeks and duplicates 2026-W47",
		"kpi_values row 5, week: '2026-W44 ' is written another way than kpi writes weeks (2026-W44)",
		"sessions row 1, heartbeat: '2030-01-01T00:00:00Z' is in the future", // the only row: presence lives in files now
		"kpis row 1, decimals: '-2' is outside 0 to 6",
		"reviews row 2, week: 'soon' is not a week",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("no problem %q among:\n%s", want, text)
		}
	}
}

func TestRepairFixesEveryPlantedCaseAndKeepsWhatItRemoved(t *testing.T) {
	fileOnly(t)
	s, mrr := populated(t)
	plantEveryCase(t, s, mrr)
	count := func(table string) int {
		var n int
		fmt.Sscan(plainString(t, s.Path(), "SELECT count(*) FROM "+table), &n)
		return n
	}
	before := map[string]int{}
	for _, table := range []string{"kpi_values", "kpi_targets", "sessions", "reviews", "checklist_items", "action_items", "kpis"} {
		before[table] = count(table)
	}
	done, left, err := s.Repair()
	if err != nil {
		t.Fatal(err)
	}
	if len(left) != 0 {
		t.Errorf("left unrepaired: %v", left)
	}
	if ps, err := s.Problems(); err != nil || len(ps) != 0 {
		t.Errorf("problems after repair: %v %v", ps, err)
	}
	// Nothing dropped silently: every row gone from a table is in quarantine.
	q, err := s.Quarantine()
	if err != nil || len(q) != len(done) {
		t.Fatalf("quarantine has %d records for %d repairs: %v", len(q), len(done), err)
	}
	moved := map[string]int{}
	for _, r := range q {
		if r.Action == "removed" {
			moved[r.Table]++
			if r.RowJSON == "" || !strings.HasPrefix(r.RowJSON, "{") {
				t.Errorf("moved row without its content: %+v", r)
			}
		}
	}
	for table, n := range before {
		if got := count(table); got+moved[table] != n {
			t.Errorf("%s: %d rows before, %d after, %d in quarantine", table, n, got, moved[table])
		}
	}
	if moved["checklist_items"] != 1 || moved["reviews"] != 1 {
		t.Errorf("the bad review should move with its checklist: %v", moved)
	}
	// Every repair is in the change log, and none can be undone by mistake.
	cs, err := s.Changes(ChangeFilter{Entity: "repair"})
	if err != nil || len(cs) != len(done) {
		t.Fatalf("%d repairs logged, want %d: %v", len(cs), len(done), err)
	}
	if _, err := s.Undo(cs[0].ID); err == nil {
		t.Errorf("a repair was undone; it should point at the backup instead")
	}
	// The repaired values read as kpi wrote them.
	vals, _ := s.ValuesOf(mrr.ID, model.Week{}, model.Week{})
	if v, n := valueAt(vals, mrr.ID, "2026-W44"); n != 1 || v.Number != 44 {
		t.Errorf("the lone look-alike week should be rewritten canonically: %d %+v", n, v)
	}
	if raw := plainString(t, s.Path(), fmt.Sprintf("SELECT count(*) FROM kpi_values WHERE kpi_id = %d AND week = '2026-W44'", mrr.ID)); raw != "1" {
		t.Errorf("2026-W44 is not canonical in the file")
	}
	k, _ := s.KPI(mrr.ID)
	if k.Bad != "" || k.Decimals != fallbackDecimals {
		t.Errorf("repaired KPI = %+v", k)
	}
	// A second repair has nothing to do.
	if again, _, err := s.Repair(); err != nil || len(again) != 0 {
		t.Errorf("second repair: %v %v", again, err)
	}
}

func TestAMissingColumnIsFoundAndAddedBack(t *testing.T) {
	fileOnly(t)
	s, mrr := populated(t)
	// What a tool that drops a column does where SQLite's DROP COLUMN refuses
	// (a constraint names the column): the table made again without it.
	plantSQL(t, s.Path(), "PRAGMA foreign_keys = OFF",
		`CREATE TABLE kv2 (id INTEGER PRIMARY KEY, kpi_id INTEGER NOT NULL, week TEXT NOT NULL, number REAL,
			status TEXT NOT NULL DEFAULT '', note TEXT NOT NULL DEFAULT '', entered_by TEXT NOT NULL DEFAULT '',
			entered_at TEXT NOT NULL DEFAULT '', version INTEGER NOT NULL DEFAULT 1, created_at TEXT NOT NULL DEFAULT '',
			updated_at TEXT NOT NULL DEFAULT '', updated_by TEXT NOT NULL DEFAULT '', UNIQUE (kpi_id, week))`,
		"INSERT INTO kv2 SELECT id, kpi_id, week, number, status, note, entered_by, entered_at, version, created_at, updated_at, updated_by FROM kpi_values",
		"DROP TABLE kpi_values",
		"ALTER TABLE kv2 RENAME TO kpi_values")
	_, err := s.PutValue(numValue(mrr.ID, "2026-W48", 1))
	if err == nil || !strings.Contains(err.Error(), "kpi doctor") {
		t.Errorf("a write to a table without a column: %v, want a pointer to kpi doctor", err)
	}
	ps, err := s.Problems()
	if err != nil || len(ps) != 1 || ps[0].String() != "kpi_values, override_reason: the column is missing (another tool dropped it)" {
		t.Fatalf("problems = %v, %v", ps, err)
	}
	done, left, err := s.Repair()
	if err != nil || len(done) != 1 || len(left) != 0 {
		t.Fatalf("repair = %v, %v, %v", done, left, err)
	}
	if _, err := s.PutValue(numValue(mrr.ID, "2026-W48", 1)); err != nil {
		t.Errorf("after repair: %v", err)
	}
}
