package db

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"kpi/internal/pgtest"
	"kpi/model"
)

// Tests of the server's bulk writes by COPY (pg_copy.go), against a real
// PostgreSQL; they skip without one, like the other server tests.

// copyRows is an import big enough for three COPYs of values, the last one
// partial.
const copyRows = 2*serverCopyRows + 5_000

// importPair is the same team twice, as ana with the same clock: a file and a
// team on the server (whose login is ana), each with five KPIs and two stored
// values, one that the import repeats and one that it changes.
func importPair(t *testing.T) (file, srv *Store, url string) {
	t.Helper()
	url = pgtest.Team(t, "ana")
	var err error
	if srv, err = Create(url, testOptions("ana"), model.DefaultSettings("Growth")); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	if file, err = Create(filepath.Join(t.TempDir(), "team.kpi"), testOptions("ana"), model.DefaultSettings("Growth")); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { file.Close() })
	for _, s := range []*Store{file, srv} {
		ks := manyKPIs(t, s, 5)
		mood := sampleKPI("mood")
		mood.Kind, mood.Unit, mood.Targets = model.Qualitative, "", nil
		mustKPI(t, s, mood)
		kept := numValue(ks[0].ID, "2000-W02", 1) // the import's row for it says the same
		kept.Note = "imported 1"
		for _, v := range []model.Value{kept, numValue(ks[1].ID, "2000-W01", -1)} {
			if _, err := s.PutValue(v); err != nil {
				t.Fatal(err)
			}
		}
	}
	return file, srv, url
}

// importRows is copyRows values for the five KPIs k0…k4, keyed as a file
// import keys them, entered by someone other than the importer, with notes a
// COPY must carry byte for byte; every 97th has a status override, and a
// status without a number (NULL) for the qualitative KPI mood that week.
func importRows() []ImportRow {
	ks := make([]model.KPI, 5)
	for i := range ks {
		ks[i] = model.KPI{ID: int64(i + 1)}
	}
	rows := make([]ImportRow, 0, copyRows)
	for i, v := range manyValues(ks, copyRows) {
		v.Note = fmt.Sprintf("imported %d", int(v.Number))
		if i%13 == 0 {
			v.Note = "tab\there, quote ' \" and back\\slash, café ✓"
		}
		v.EnteredBy, v.EnteredAt = "bo", testNow.Add(-time.Hour)
		if i%97 == 0 {
			v.Status, v.OverrideReason = model.AtRisk, "waiting for finance"
			q := model.Value{Week: v.Week, Status: model.OffTrack, Note: "late", EnteredBy: "bo", EnteredAt: v.EnteredAt}
			rows = append(rows, ImportRow{Key: "mood", Value: q})
		}
		rows = append(rows, ImportRow{Key: fmt.Sprintf("k%d", v.KPIID-1), Value: v})
	}
	return rows
}

// TestServerImportCopiesAllAndEqualsAFile: the same import into a file and
// into a team on the server reports the same counts and leaves the same team
// (export) and the same change log; on the server the values went in by
// COPY, one statement per serverCopyRows rows, not by INSERTs.
func TestServerImportCopiesAllAndEqualsAFile(t *testing.T) {
	file, srv, url := importPair(t)
	team := TeamKey(url)
	// A statement trigger of the test's own records each statement that
	// inserts values: the triggers of a COPY fire as an INSERT's do.
	pgtest.Exec(t, fmt.Sprintf(`CREATE TABLE %[1]s.seen (what text);
		CREATE FUNCTION %[1]s.note_insert() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $$
		BEGIN INSERT INTO %[1]s.seen VALUES (current_query()); RETURN NULL; END $$;
		CREATE TRIGGER note_insert AFTER INSERT ON %[1]s.kpi_values FOR EACH STATEMENT EXECUTE FUNCTION %[1]s.note_insert()`, team))
	rows := importRows()
	var res [2]ImportResult
	for i, s := range []*Store{file, srv} {
		var err error
		if res[i], err = s.ImportBatch(Import{Rows: rows}); err != nil {
			t.Fatalf("import into the %s: %v", []string{"file", "server"}[i], err)
		}
	}
	want := ImportResult{New: len(rows) - 2, Changed: 1, Unchanged: 1}
	same(t, "the server's import result", res[1], want)
	same(t, "the file's import result", res[0], want)
	fe, err := file.Export()
	if err != nil {
		t.Fatal(err)
	}
	se, err := srv.Export()
	if err != nil {
		t.Fatal(err)
	}
	if len(se.Values) != len(rows) { // the two stored before are among the rows
		t.Errorf("the server holds %d values, want %d", len(se.Values), len(rows))
	}
	same(t, "the server's team after the import (the file's is wanted)", se, fe)
	fc, err := file.Changes(ChangeFilter{})
	if err != nil {
		t.Fatal(err)
	}
	sc, err := srv.Changes(ChangeFilter{})
	if err != nil {
		t.Fatal(err)
	}
	same(t, "the server's change log (the file's is wanted)", sc, fc)
	if !logsImport(sc) {
		t.Errorf("the server's change log has no import by ana: %+v", sc)
	}
	copies := seenStatements(t, team)
	if len(copies) != 3 {
		t.Errorf("%d statements inserted the values, want 3 COPYs of up to %d rows: %.200q", len(copies), serverCopyRows, copies)
	}
	for _, q := range copies {
		if !strings.HasPrefix(strings.ToLower(strings.TrimSpace(q)), "copy") {
			t.Errorf("the values were inserted by %.60q, not by COPY", q)
		}
	}
}

// logsImport says whether cs has an import entry by ana (the login that
// brought the values in).
func logsImport(cs []model.Change) bool {
	for _, c := range cs {
		if c.Action == "import" && c.User == "ana" {
			return true
		}
	}
	return false
}

// seenStatements reads what the test's statement trigger recorded in team.
func seenStatements(t *testing.T, team string) []string {
	t.Helper()
	ctx := context.Background()
	conn := pgtest.Connect(t, pgtest.Server(t))
	defer conn.Close(ctx)
	rows, err := conn.Query(ctx, fmt.Sprintf("SELECT what FROM %s.seen", team))
	if err != nil {
		t.Fatal(err)
	}
	qs, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	return qs
}

// TestServerImportRefusedRowRollsBackAllAndWatchersSeeOnlyCommits: a row the
// server refuses in the import's last COPY (a constraint of the server's own,
// which kpi's checks know nothing of) refuses the whole import with the
// server's reason, after two COPYs went through: nothing is stored, nothing
// logged. The same import without that row commits, and an app that has the
// team open is notified.
func TestServerImportRefusedRowRollsBackAllAndWatchersSeeOnlyCommits(t *testing.T) {
	_, s, url := importPair(t)
	watcher := openAs(t, url, "ana")
	g0, err := watcher.Generation()
	if err != nil {
		t.Fatal(err)
	}
	before, err := s.Export()
	if err != nil {
		t.Fatal(err)
	}
	c0, _ := s.Changes(ChangeFilter{})
	pgtest.Exec(t, fmt.Sprintf(`ALTER TABLE %s.kpi_values ADD CONSTRAINT "note: not 'refuse me'" CHECK (note <> 'refuse me')`, TeamKey(url)))
	rows := importRows()
	rows[len(rows)-10].Value.Note = "refuse me"
	_, err = s.ImportBatch(Import{Rows: rows})
	if err == nil || !strings.Contains(err.Error(), "note: not 'refuse me'") {
		t.Fatalf("an import with a row the server refuses: %v, want the server's reason", err)
	}
	if strings.Contains(err.Error(), "aborted") {
		t.Errorf("the refusal says more than the server's reason: %q", err)
	}
	after, err := s.Export()
	if err != nil {
		t.Fatal(err)
	}
	same(t, "the team after the refused import", after, before)
	if c1, _ := s.Changes(ChangeFilter{}); len(c1) != len(c0) {
		t.Errorf("the refused import logged %d changes", len(c1)-len(c0))
	}
	rows[len(rows)-10].Value.Note = "accepted"
	if _, err := s.ImportBatch(Import{Rows: rows}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the open app to be notified of the import", func() bool {
		g, err := watcher.Generation()
		return err == nil && g != g0
	})
	if vs, err := watcher.Values(model.MustWeek("2000-W01"), model.MustWeek("2000-W01")); err != nil || len(vs) != 6 {
		t.Errorf("the open app reads %d values of 2000-W01 after the import, want 6 (%v)", len(vs), err)
	}
}

// TestServerImportTakesTheTeamsWriteLock: while another writer holds the
// team's advisory lock, an import waits for it and, past --wait, is busy with
// nothing saved, as every write is; the bulk transaction's connection of its
// own does not skip the queue.
func TestServerImportTakesTheTeamsWriteLock(t *testing.T) {
	_, s, url := importPair(t)
	ctx := context.Background()
	holder := pgtest.Connect(t, pgtest.Server(t))
	defer holder.Close(ctx)
	if _, err := holder.Exec(ctx, "SELECT pg_advisory_lock($1)", s.srv.lockKey); err != nil {
		t.Fatal(err)
	}
	opt := testOptions("ana")
	opt.Wait = 300 * time.Millisecond
	w, err := Open(url, opt)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	before, _ := w.Export()
	if _, err := w.ImportBatch(Import{Rows: importRows()}); !errors.Is(err, ErrBusy) {
		t.Fatalf("an import while another writer holds the team's lock: %v, want ErrBusy", err)
	}
	after, _ := w.Export()
	same(t, "the team after the busy import", after, before)
	if _, err := holder.Exec(ctx, "SELECT pg_advisory_unlock($1)", s.srv.lockKey); err != nil {
		t.Fatal(err)
	}
	if _, err := w.ImportBatch(Import{Rows: importRows()}); err != nil {
		t.Errorf("the import once the lock is free: %v", err)
	}
}
