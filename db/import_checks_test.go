package db

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"kpi/model"
)

// The bulk import inserts new values with SQLite's CHECK constraints off
// (skipChecks). These tests hold it to the argument that this is safe: every
// row it writes passes every CHECK anyway, what Go does not check is refused
// before the INSERTs, updates still run under the CHECKs, and the connection
// never keeps them off.

// oddText is a note or reason with what text columns must survive: quotes,
// SQL, JSON and HTML specials, newlines, tabs, accents, an emoji, a right-to-
// left script and terminal controls (which the store cleans).
const oddText = "She said \"hi\" \\ <b>&amp;</b> 'x'); DROP TABLE kpi_values; --\nline two\ttab café 📈 مرحبا " + hostileText

// checksKPIs creates a quantitative and a qualitative KPI and returns their keys.
func checksKPIs(t *testing.T, s *Store) {
	t.Helper()
	mustKPI(t, s, sampleKPI("big"))
	mood := sampleKPI("mood")
	mood.Kind, mood.Unit, mood.Targets = model.Qualitative, "", nil
	mustKPI(t, s, mood)
}

// hostileButValid is an import of values at every edge the CHECKs draw: the
// number limits ±1e15, the smallest float, minus zero, the first and last
// weeks a file holds, week 53 of long years, every status, odd text.
func hostileButValid() Import {
	entered := time.Date(2026, 3, 1, 23, 30, 0, 123456789, time.FixedZone("X", -(9*3600+1800)))
	num := func(week string, n float64, st model.Status) ImportRow {
		return ImportRow{Key: "big", Value: model.Value{Week: model.MustWeek(week), Number: n, HasNumber: true, Status: st,
			OverrideReason: oddText, Note: oddText, EnteredBy: oddText, EnteredAt: entered}}
	}
	qual := func(week string, st model.Status) ImportRow {
		return ImportRow{Key: "MOOD", Value: model.Value{Week: model.MustWeek(week), Status: st, Note: oddText}}
	}
	return Import{Rows: []ImportRow{
		num("1900-W01", 1e15, ""), num("9999-W52", -1e15, model.OnTrack), num("2026-W53", 5e-324, model.AtRisk),
		num("2020-W53", math.Copysign(0, -1), model.OffTrack), num("2026-W01", 123.456, ""), num("2015-W53", 999_999_999_999_999.9, ""),
		qual("2026-W01", model.OnTrack), qual("2026-W02", model.AtRisk), qual("2026-W53", model.OffTrack),
	}}
}

// copyIntoFresh copies every kpi_values row of the file at path into a new
// team file (the same schema, its CHECKs on) and returns the copy's error.
func copyIntoFresh(t *testing.T, path string) error {
	t.Helper()
	fresh := filepath.Join(t.TempDir(), "fresh.kpi")
	f, err := Create(fresh, testOptions("ana"), model.DefaultSettings("Fresh"))
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	raw.SetMaxOpenConns(1)
	var ignoring int
	if err := raw.QueryRow("PRAGMA ignore_check_constraints").Scan(&ignoring); err != nil || ignoring != 0 {
		t.Fatalf("the copy's connection ignores CHECKs (%d, %v)", ignoring, err)
	}
	if _, err := raw.Exec("ATTACH DATABASE ? AS fresh", fresh); err != nil {
		t.Fatal(err)
	}
	// The WHERE keeps SQLite from its transfer optimisation, which copies rows
	// between tables with the same CHECKs as they are, without running them.
	_, err = raw.Exec("INSERT INTO fresh.kpi_values SELECT * FROM main.kpi_values WHERE 1")
	return err
}

func TestImportedRowsPassEveryCheck(t *testing.T) {
	fileOnly(t)
	s := newStore(t)
	checksKPIs(t, s)
	in := hostileButValid()
	if res, err := s.ImportBatch(in); err != nil || res.New != len(in.Rows) {
		t.Fatalf("import: %+v %v", res, err)
	}
	// A second import changes every value (the UPDATE path) and adds more.
	for i := range in.Rows {
		in.Rows[i].Value.Note = "changed " + oddText
	}
	in.Rows = append(in.Rows, ImportRow{Key: "big", Value: numValue(0, "2027-W01", -999_999_999_999_999)})
	if res, err := s.ImportBatch(in); err != nil || res.Changed != len(in.Rows)-1 || res.New != 1 {
		t.Fatalf("second import: %+v %v", res, err)
	}
	var n int
	s.db.QueryRow("SELECT count(*) FROM kpi_values").Scan(&n)
	if n != len(in.Rows) {
		t.Fatalf("%d rows stored, want %d", n, len(in.Rows))
	}
	var entered, created string
	s.db.QueryRow("SELECT entered_at, created_at FROM kpi_values WHERE week = '1900-W01'").Scan(&entered, &created)
	if entered != "2026-03-02T09:00:00.123456789Z" || created != timeText(testNow) {
		t.Errorf("stored entered_at %q, created_at %q: want the file's time in UTC and now", entered, created)
	}
	path := s.Path()
	s.Close()
	if err := copyIntoFresh(t, path); err != nil {
		t.Fatalf("an imported row breaks a CHECK of kpi_values: %v", err)
	}
	// The copy does catch a row that breaks one (so its passing above means something).
	plantSQL(t, path, "UPDATE kpi_values SET week = '2025-W53' WHERE id = (SELECT max(id) FROM kpi_values)")
	if err := copyIntoFresh(t, path); err == nil || !strings.Contains(err.Error(), "CHECK") {
		t.Fatalf("a planted bad week was copied: %v", err)
	}
}

func TestImportRefusesWeeksTheFileCannotHold(t *testing.T) {
	s := newStore(t)
	checksKPIs(t, s)
	for _, w := range []model.Week{{Year: 1899, Num: 52}, {Year: 2025, Num: 53}, {Year: 2026, Num: 0}, {Year: 2026, Num: 54}, {Year: 10000, Num: 1}, {Year: 0, Num: 5}} {
		in := Import{Rows: []ImportRow{{Key: "big", Value: numValue(0, "2026-W01", 1)}, {Key: "big", Value: model.Value{Week: w, Number: 2, HasNumber: true}}}}
		_, err := s.ImportBatch(in)
		if err == nil || !strings.Contains(err.Error(), "does not exist") || !strings.Contains(err.Error(), "nothing was imported") {
			t.Errorf("week %+v: %v; want it refused before anything is written", w, err)
		}
	}
	if _, err := s.ImportValues([]model.Value{{KPIID: 1, Week: model.Week{Year: 1899, Num: 52}, Number: 1, HasNumber: true}}); err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Errorf("ImportValues of 1899-W52: %v", err)
	}
	if vals, _ := s.Values(model.MustWeek("1900-W01"), model.MustWeek("9999-W52")); len(vals) != 0 {
		t.Errorf("refused imports stored %d values", len(vals))
	}
}

// checksOn fails unless the store's one connection has its CHECKs on.
func checksOn(t *testing.T, s *Store, after string) {
	t.Helper()
	var ignoring int
	if err := s.db.QueryRow("PRAGMA ignore_check_constraints").Scan(&ignoring); err != nil || ignoring != 0 {
		t.Errorf("after %s the connection ignores CHECK constraints (%d, %v)", after, ignoring, err)
	}
	if _, err := s.db.Exec("UPDATE kpi_values SET status = 'meh' WHERE id = (SELECT min(id) FROM kpi_values)"); err == nil || !strings.Contains(err.Error(), "CHECK") {
		t.Errorf("after %s a status the CHECK refuses was written: %v", after, err)
	}
	if _, err := s.db.Exec("UPDATE kpi_values SET kpi_id = 987654 WHERE id = (SELECT min(id) FROM kpi_values)"); err == nil || !strings.Contains(err.Error(), "FOREIGN KEY") {
		t.Errorf("after %s a value of no KPI was written: %v", after, err)
	}
}

// hostileImported is a file with checksKPIs' KPIs and hostileButValid imported.
func hostileImported(t *testing.T) *Store {
	t.Helper()
	s := newStore(t)
	checksKPIs(t, s)
	if _, err := s.ImportBatch(hostileButValid()); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestImportLeavesChecksOn(t *testing.T) {
	fileOnly(t)
	s := hostileImported(t)
	checksOn(t, s, "an import")
	if _, err := s.ImportBatch(Import{Rows: []ImportRow{{Key: "big", Value: numValue(0, "2030-W01", 1)}}, DryRun: true}); err != nil {
		t.Fatal(err)
	}
	checksOn(t, s, "a dry run")

	// An UPDATE runs with the CHECKs on: a stored version at the largest
	// integer would become a real number by version + 1, which the CHECK refuses.
	plantSQL(t, s.Path(), "UPDATE kpi_values SET version = 9223372036854775807 WHERE week = '2026-W01' AND kpi_id = (SELECT id FROM kpis WHERE key = 'big')")
	in := Import{Rows: []ImportRow{{Key: "big", Value: numValue(0, "2031-W01", 1)}, {Key: "big", Value: numValue(0, "2026-W01", 7)}}}
	if _, err := s.ImportBatch(in); err == nil || !strings.Contains(err.Error(), "version") {
		t.Fatalf("an update past the largest version: %v; want the CHECK's refusal", err)
	}
	checksOn(t, s, "an import whose UPDATE failed")
	if v, _, _ := s.Value(1, model.MustWeek("2031-W01")); v.HasNumber {
		t.Errorf("the refused import kept its insert: %+v", v)
	}
}

func TestImportIntoFullFileLeavesChecksOn(t *testing.T) {
	s := nearlyFullFile(t)
	ks, _ := s.KPIs()
	vals := manyValues(ks, 5000)
	for i := range vals {
		vals[i].Week = vals[i].Week.Add(2000)
		vals[i].Note = strings.Repeat("x", 200)
	}
	if _, err := s.ImportValues(vals); !errors.Is(err, ErrFull) {
		t.Fatalf("import into a full file: %v", err)
	}
	checksOn(t, s, "an import that failed in its INSERTs")
}

// A bulk transaction that left the CHECKs off — whatever skipped turning them
// back on — gives its connection back with them on, and one that wrote with
// the foreign keys off (an import) gives it back with those on.
func TestBulkConnectionComesBackWithChecks(t *testing.T) {
	fileOnly(t)
	s := hostileImported(t)
	for _, kind := range []writeKind{bulkRows, bulkOwnRefs} {
		tx, done, err := s.beginFileWrite(context.Background(), kind)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tx.Exec("PRAGMA ignore_check_constraints = ON"); err != nil {
			t.Fatal(err)
		}
		tx.Rollback()
		done()
		checksOn(t, s, fmt.Sprintf("a bulk transaction (%d) that never turned them on again", kind))
	}
}

// An import writes with SQLite's foreign-key checks off and its INSERTs OR
// FAIL, which keep the rows a failing statement wrote before its failure: the
// import must still be all or nothing. A trigger planted by another tool
// fails the 100th row of a 64-row batch's second statement; nothing of the
// import is in the file after, and the file's foreign keys hold.
func TestImportFailingMidStatementLeavesNothing(t *testing.T) {
	fileOnly(t)
	s := newStore(t)
	k := mustKPI(t, s, sampleKPI("big"))
	if _, err := s.PutValue(numValue(k.ID, "2029-W01", 7)); err != nil { // one before, kept
		t.Fatal(err)
	}
	if _, err := s.db.Exec(`CREATE TRIGGER planted BEFORE INSERT ON kpi_values WHEN NEW.number = 100
		BEGIN SELECT RAISE(FAIL, 'planted'); END`); err != nil {
		t.Fatal(err)
	}
	var rows []ImportRow
	for i := range 150 {
		rows = append(rows, ImportRow{Key: "big", Value: numValue(k.ID, model.Week{Year: 2030, Num: 1}.Add(i).String(), float64(i+1))})
	}
	if _, err := s.ImportBatch(Import{Rows: rows}); err == nil || !strings.Contains(err.Error(), "planted") {
		t.Fatalf("an import whose 100th row fails: %v", err)
	}
	var n, orphans int
	if err := s.db.QueryRow("SELECT count(*) FROM kpi_values").Scan(&n); err != nil || n != 1 {
		t.Errorf("after the failed import the file holds %d values (%v), want the one from before", n, err)
	}
	if err := s.db.QueryRow("SELECT count(*) FROM pragma_foreign_key_check").Scan(&orphans); err != nil || orphans != 0 {
		t.Errorf("foreign_key_check: %d rows, %v", orphans, err)
	}
	checksOn(t, s, "a failed import")
}

// On a file SQLite numbers imported values (the INSERTs name no id) and the
// change log names the ids the import expected: after deleted rows left gaps,
// every id in the import's change-log row is the stored row of that week.
// Numbered otherwise — another tool's trigger adding rows, or a largest id
// that is the largest SQLite allows — the import is refused, nothing written.
func TestImportedIdsAreTheChangeLogs(t *testing.T) {
	fileOnly(t)
	s := newStore(t)
	k := mustKPI(t, s, sampleKPI("big"))
	for i := range 5 {
		if _, err := s.PutValue(numValue(k.ID, model.Week{Year: 2029, Num: 1}.Add(i).String(), 1)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.db.Exec("DELETE FROM kpi_values WHERE week IN ('2029-W02', '2029-W04')"); err != nil {
		t.Fatal(err)
	}
	var rows []ImportRow
	for i := range 150 { // two full batches and a short one
		rows = append(rows, ImportRow{Key: "big", Value: numValue(k.ID, model.Week{Year: 2030, Num: 1}.Add(i).String(), float64(i))})
	}
	if _, err := s.ImportBatch(Import{Rows: rows}); err != nil {
		t.Fatal(err)
	}
	var logged string
	if err := s.db.QueryRow("SELECT new FROM change_log WHERE action = 'import'").Scan(&logged); err != nil {
		t.Fatal(err)
	}
	var named []model.Value
	if err := json.Unmarshal([]byte(logged), &named); err != nil || len(named) != len(rows) {
		t.Fatalf("the import's change log names %d values (%v)", len(named), err)
	}
	for _, v := range named {
		var week string
		if err := s.db.QueryRow("SELECT week FROM kpi_values WHERE id = ?", v.ID).Scan(&week); err != nil || week != v.Week.String() {
			t.Fatalf("the change log names value %d for %s; the file has %q there (%v)", v.ID, v.Week, week, err)
		}
	}

	// another tool's trigger that adds a row of its own shifts the numbering
	if _, err := s.db.Exec(`CREATE TRIGGER shift AFTER INSERT ON kpi_values WHEN NEW.week = '2035-W02' BEGIN
		INSERT INTO kpi_values (kpi_id, week, number, status, entered_by, entered_at, created_at, updated_at)
		VALUES (NEW.kpi_id, '1999-W01', 1, '', '', '', '', ''); END`); err != nil {
		t.Fatal(err)
	}
	before := countValues(t, s)
	shifted := []ImportRow{{Key: "big", Value: numValue(k.ID, "2035-W01", 1)}, {Key: "big", Value: numValue(k.ID, "2035-W02", 1)}, {Key: "big", Value: numValue(k.ID, "2035-W03", 1)}}
	if _, err := s.ImportBatch(Import{Rows: shifted}); err == nil || !strings.Contains(err.Error(), "nothing was imported") || countValues(t, s) != before {
		t.Errorf("an import whose ids another tool's trigger shifted: %v; %d values, were %d", err, countValues(t, s), before)
	}
	if _, err := s.db.Exec("DROP TRIGGER shift"); err != nil {
		t.Fatal(err)
	}

	if _, err := s.db.Exec("INSERT INTO kpi_values (id, kpi_id, week, number, status, entered_by, entered_at, created_at, updated_at) VALUES (9223372036854775807, ?, '2028-W01', 1, '', '', '', '', '')", k.ID); err != nil {
		t.Fatal(err)
	}
	before = countValues(t, s)
	_, err := s.ImportBatch(Import{Rows: []ImportRow{{Key: "big", Value: numValue(k.ID, "2036-W01", 1)}}})
	if err == nil || !strings.Contains(err.Error(), "nothing was imported") || countValues(t, s) != before {
		t.Errorf("an import into a file out of ids: %v; %d values, were %d", err, countValues(t, s), before)
	}
}

func countValues(t *testing.T, s *Store) int {
	t.Helper()
	var n int
	if err := s.db.QueryRow("SELECT count(*) FROM kpi_values").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
