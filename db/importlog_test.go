package db

import (
	"errors"
	"strings"
	"testing"

	"kpi/model"
)

// An import logs one change per KPI, which history by KPI shows as one line and
// undo reverses whole: the values it created are gone, the one it changed has
// its old number back, and the value entered before it is untouched.
func TestImportLogsOneChangePerKPIAndUndoesWhole(t *testing.T) {
	s := newStore(t)
	ks := manyKPIs(t, s, 2)
	if _, err := s.PutValue(numValue(ks[0].ID, "2000-W01", -1)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.PutValue(numValue(ks[0].ID, "1999-W52", 7)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ImportValues(manyValues(ks, 8)); err != nil { // 4 weeks of each KPI
		t.Fatal(err)
	}
	cs, err := s.Changes(ChangeFilter{KPIID: ks[0].ID, Entity: "value"})
	if err != nil || len(cs) != 3 {
		t.Fatalf("history of k0: %d changes, %v; want the import and the two entries", len(cs), err)
	}
	imp := cs[0]
	if imp.Action != "import" || imp.Summary != "ana imported 4 values of k0 for 2000-W01 … 2000-W04 (3 new, 1 changed)" {
		t.Errorf("the import's change: %q %q", imp.Action, imp.Summary)
	}
	if _, err := s.Undo(imp.ID); err != nil {
		t.Fatalf("undo of the import: %v", err)
	}
	vs, _ := s.ValuesOf(ks[0].ID, model.MustWeek("1999-W01"), model.MustWeek("2000-W52"))
	if len(vs) != 2 || vs[0].Number != 7 || vs[1].Week.String() != "2000-W01" || vs[1].Number != -1 || vs[1].Note != "" {
		t.Errorf("after the undo k0 has %+v, want 1999-W52 = 7 and 2000-W01 = -1 back", vs)
	}
	if other, _ := s.ValuesOf(ks[1].ID, model.MustWeek("1999-W01"), model.MustWeek("2000-W52")); len(other) != 4 {
		t.Errorf("undoing k0's import changed k1: %d values, want 4", len(other))
	}
	u := newest(t, s)
	if u.Action != "undo" || u.Summary != "ana undid: "+imp.Summary {
		t.Errorf("the undo's change: %q %q", u.Action, u.Summary)
	}
	if _, err := s.Undo(u.ID); !errors.Is(err, ErrCannotUndo) {
		t.Errorf("undoing the undo: %v, want ErrCannotUndo", err)
	}
}

// An import of one KPI's value reads in history as an entry does.
func TestImportOfOneValueSaysWhatItSet(t *testing.T) {
	s := newStore(t)
	ks := manyKPIs(t, s, 1)
	if _, err := s.ImportValues([]model.Value{numValue(ks[0].ID, "2000-W01", 5)}); err != nil {
		t.Fatal(err)
	}
	if c := newest(t, s); c.Action != "import" || c.Summary != "ana set k0 for 2000-W01: $5" {
		t.Errorf("the import's change: %q %q", c.Action, c.Summary)
	}
}

// When someone changed one of the imported values since, undo of the import
// is refused, names them, and changes nothing.
func TestUndoImportRefusedWhenAValueChangedSince(t *testing.T) {
	ana := newStore(t)
	ks := manyKPIs(t, ana, 1)
	if _, err := ana.ImportValues(manyValues(ks, 3)); err != nil {
		t.Fatal(err)
	}
	imp := newest(t, ana)
	bo := reopen(t, ana, "bo")
	v, _, _ := bo.Value(ks[0].ID, model.MustWeek("2000-W03"))
	v.Number = 120
	if _, err := bo.SaveValue(v); err != nil {
		t.Fatal(err)
	}
	_, err := ana.Undo(imp.ID)
	if ce := conflictOf(t, err); ce.By != "bo" {
		t.Errorf("the refusal names %q, want bo", ce.By)
	}
	vs, _ := ana.ValuesOf(ks[0].ID, model.MustWeek("2000-W01"), model.MustWeek("2000-W52"))
	if len(vs) != 3 || vs[2].Number != 120 {
		t.Errorf("a refused undo changed the values: %+v", vs)
	}
}

// A change-log row whose arrays do not pair up (any tool can write the file)
// is refused with what to do, never a panic.
func TestUndoImportOfAMalformedRow(t *testing.T) {
	s := newStore(t)
	ks := manyKPIs(t, s, 1)
	for _, row := range [][2]string{{"[null]", "[]"}, {"[null,null]", `[{"kpi_id":1,"week":"2000-W01"}]`}, {"[", "[1]"}} {
		if _, err := s.db.Exec(insertChangeSQL, "2026-11-19T10:00:00Z", "ana", "testhost", "value", 0, ks[0].ID, "import", "x", row[0], row[1]); err != nil {
			t.Fatal(err)
		}
		_, err := s.Undo(newest(t, s).ID)
		if err == nil || !strings.Contains(err.Error(), "cannot be read") && !strings.Contains(err.Error(), "restore a backup") {
			t.Errorf("undo of %v: %v", row, err)
		}
	}
}

// A KPI's history does not call values an import brought in unlogged: they
// are in the import's row. Values nothing names still are.
func TestKPIHistoryCountsImportedValuesAsLogged(t *testing.T) {
	s := newStore(t)
	ks := manyKPIs(t, s, 1)
	if _, err := s.ImportValues(manyValues(ks, 5)); err != nil {
		t.Fatal(err)
	}
	cs, err := s.KPIHistory(ks[0].ID, 50)
	if err != nil || len(cs) != 1 || cs[0].Action != "import" || cs[0].ID == 0 {
		t.Fatalf("history after an import: %+v, %v; want the import's row alone", cs, err)
	}
	if _, err := s.db.Exec("INSERT INTO kpi_values (kpi_id, week, number, version) VALUES (?, '2001-W01', 1, 1)", ks[0].ID); err != nil {
		t.Fatal(err)
	}
	cs, _ = s.KPIHistory(ks[0].ID, 50)
	if len(cs) != 2 || !strings.HasPrefix(cs[1].Summary, "1 value for 2001-W01 ") {
		t.Errorf("history with a value another tool wrote: %+v", cs)
	}
}
