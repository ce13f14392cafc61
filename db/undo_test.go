package db

import (
	"errors"
	"strings"
	"testing"

	"kpi/model"
)

// newest is the newest change-log row.
func newest(t *testing.T, s *Store) model.Change {
	t.Helper()
	cs, err := s.Changes(ChangeFilter{Limit: 1})
	if err != nil || len(cs) == 0 {
		t.Fatalf("change log: %v (%d rows)", err, len(cs))
	}
	return cs[0]
}

func TestUndoValueEditAndEntry(t *testing.T) {
	ana := newStore(t)
	k := mustKPI(t, ana, sampleKPI("mrr"))
	w := model.MustWeek("2026-W47")
	if _, err := ana.PutValue(numValue(k.ID, "2026-W47", 100)); err != nil {
		t.Fatal(err)
	}
	entered := newest(t, ana)
	v, _, _ := ana.Value(k.ID, w)
	v.Number = 140
	if _, err := ana.SaveValue(v); err != nil {
		t.Fatal(err)
	}
	edited := newest(t, ana)

	if _, err := ana.Undo(edited.ID); err != nil {
		t.Fatalf("undo of an edit: %v", err)
	}
	if now, _, _ := ana.Value(k.ID, w); now.Number != 100 {
		t.Errorf("after undo the value is %v, want 100 back", now.Number)
	}
	u := newest(t, ana)
	if u.Action != "undo" || !strings.Contains(u.Summary, "ana undid: ") || !strings.Contains(u.Summary, edited.Summary) {
		t.Errorf("the undo's change-log row = %q %q", u.Action, u.Summary)
	}
	// the first entry, undone, leaves the week empty again
	if _, err := ana.Undo(entered.ID); err != nil {
		t.Fatalf("undo of an entry: %v", err)
	}
	if _, found, _ := ana.Value(k.ID, w); found {
		t.Error("undoing a new value left it in the file")
	}
	if _, err := ana.Undo(newest(t, ana).ID); !errors.Is(err, ErrCannotUndo) {
		t.Errorf("undoing an undo: %v, want ErrCannotUndo", err)
	}
}

func TestUndoRefusesWhenSomeoneChangedItSince(t *testing.T) {
	ana := newStore(t)
	k := mustKPI(t, ana, sampleKPI("mrr"))
	w := model.MustWeek("2026-W47")
	if _, err := ana.PutValue(numValue(k.ID, "2026-W47", 100)); err != nil {
		t.Fatal(err)
	}
	mine := newest(t, ana)
	bo := reopen(t, ana, "bo")
	v, _, _ := bo.Value(k.ID, w)
	v.Number = 120
	if _, err := bo.SaveValue(v); err != nil {
		t.Fatal(err)
	}
	_, err := ana.Undo(mine.ID)
	if ce := conflictOf(t, err); ce.By != "bo" {
		t.Errorf("the refusal names %q, want bo", ce.By)
	}
	if now, _, _ := ana.Value(k.ID, w); now.Number != 120 {
		t.Errorf("a refused undo changed the value to %v", now.Number)
	}
	// and nobody undoes someone else's change
	if _, err := ana.Undo(newest(t, ana).ID); err == nil || !strings.Contains(err.Error(), "made by bo") {
		t.Errorf("undoing bo's change as ana: %v", err)
	}
}

func TestUndoKPIObjectiveAndActionItem(t *testing.T) {
	s := newStore(t)
	k := mustKPI(t, s, sampleKPI("mrr"))
	created := newest(t, s)
	k.Name = "Renamed"
	if _, err := s.UpdateKPI(k); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Undo(newest(t, s).ID); err != nil {
		t.Fatalf("undo of a KPI edit: %v", err)
	}
	if now, _ := s.KPI(k.ID); now.Name != sampleKPI("mrr").Name {
		t.Errorf("KPI name after undo = %q", now.Name)
	}
	// the edit is undone, so the KPI is as its creation left it: undoing that
	// archives it (its values stay in the file)
	if _, err := s.Undo(created.ID); err != nil {
		t.Fatalf("undo of a new KPI after its edit was undone: %v", err)
	}
	if now, _ := s.KPI(k.ID); !now.Archived {
		t.Error("undoing a new KPI did not archive it")
	}

	o, err := s.CreateObjective(model.Objective{Title: "Grow", Start: model.MustWeek("2026-W40"), End: model.MustWeek("2026-W52"), State: model.ObjectiveActive})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Undo(newest(t, s).ID); err != nil {
		t.Fatalf("undo of a new objective: %v", err)
	}
	if now, _ := s.objective(o.ID); !now.Archived {
		t.Error("undoing a new objective did not archive it")
	}

	a, err := s.CreateActionItem(model.ActionItem{Text: "Call the bank", Due: model.MustWeek("2026-W48")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Undo(newest(t, s).ID); err != nil {
		t.Fatalf("undo of a new action item: %v", err)
	}
	if _, err := s.actionItem(a.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("undoing a new action item left it: %v", err)
	}
}
