package db

import (
	"errors"
	"strings"
	"testing"
	"time"

	"kpi/model"
)

// conflictOf checks that err is a *ConflictError (and ErrConflict) and returns it.
func conflictOf(t *testing.T, err error) *ConflictError {
	t.Helper()
	var ce *ConflictError
	if !errors.As(err, &ce) || !errors.Is(err, ErrConflict) {
		t.Fatalf("want a conflict, got %v", err)
	}
	return ce
}

func TestValueConflictBetweenTwoApps(t *testing.T) {
	ana := newStore(t)
	k := mustKPI(t, ana, sampleKPI("mrr"))
	if _, err := ana.PutValue(numValue(k.ID, "2026-W47", 100)); err != nil {
		t.Fatal(err)
	}
	bo := reopen(t, ana, "bo")
	w := model.MustWeek("2026-W47")
	mine, _, _ := ana.Value(k.ID, w)
	theirs, _, _ := bo.Value(k.ID, w)

	mine.Number = 110
	won, err := ana.SaveValue(mine)
	if err != nil {
		t.Fatal(err)
	}
	if won.Version != 2 || won.UpdatedBy != "ana" {
		t.Errorf("winner = %+v", won)
	}
	theirs.Number = 120
	_, err = bo.SaveValue(theirs)
	ce := conflictOf(t, err)
	same(t, "Theirs", ce.Theirs, won)
	if ce.By != "ana" || !ce.At.Equal(testNow) || ce.Entity != "value" || ce.ID != won.ID {
		t.Errorf("conflict = %+v", ce)
	}
	if !strings.Contains(err.Error(), "changed by ana") || !strings.Contains(err.Error(), "nothing was saved") {
		t.Errorf("message: %v", err)
	}
	if got, _, _ := bo.Value(k.ID, w); got.Number != 110 {
		t.Errorf("stored value = %v, want the winner's 110", got.Number)
	}
	cs, _ := bo.Changes(ChangeFilter{Entity: "value"})
	if len(cs) != 2 || cs[0].User != "ana" || cs[0].Summary != "ana set mrr for 2026-W47: $100 → $110" {
		t.Errorf("value changes: %+v", cs)
	}
	for _, c := range cs {
		if c.User == "bo" {
			t.Errorf("the loser's save was logged: %+v", c)
		}
	}

	// A new entry for a week someone filled meanwhile is a conflict too.
	_, err = bo.SaveValue(numValue(k.ID, "2026-W47", 130))
	same(t, "Theirs of a new entry", conflictOf(t, err).Theirs, won)

	// Deleting a stale version conflicts; deleting the current one works and
	// a later save of the deleted row says it was deleted.
	ce = conflictOf(t, bo.DeleteValue(won.ID, 1))
	same(t, "Theirs of a delete", ce.Theirs, won)
	if err := bo.DeleteValue(won.ID, won.Version); err != nil {
		t.Fatal(err)
	}
	_, err = ana.SaveValue(won)
	if ce := conflictOf(t, err); ce.Theirs != nil || !strings.Contains(err.Error(), "deleted") {
		t.Errorf("save of a deleted value: %v", err)
	}
	if err := ana.DeleteValue(won.ID, won.Version); !errors.Is(err, ErrNotFound) {
		t.Errorf("second delete: %v", err)
	}
	del, _ := ana.Changes(ChangeFilter{Entity: "value", Limit: 1})
	if del[0].Action != "delete" || del[0].Old == "" || del[0].Summary != "bo deleted mrr for 2026-W47 (was $110)" {
		t.Errorf("delete logged as %+v", del[0])
	}
}

func TestKPIConflictBetweenTwoApps(t *testing.T) {
	ana := newStore(t)
	k := mustKPI(t, ana, sampleKPI("mrr"))
	bo := reopen(t, ana, "bo")
	mine, _ := ana.KPI(k.ID)
	theirs, _ := bo.KPI(k.ID)

	mine.Name = "Monthly recurring revenue"
	mine.Targets = model.TargetPath{{Week: model.MustWeek("2026-W10"), Value: 5}}
	won, err := ana.UpdateKPI(mine)
	if err != nil {
		t.Fatal(err)
	}
	theirs.Owner = "bo"
	_, err = bo.UpdateKPI(theirs)
	ce := conflictOf(t, err)
	same(t, "Theirs", ce.Theirs, won)
	cs, _ := bo.Changes(ChangeFilter{KPIID: k.ID})
	if len(cs) != 2 || cs[0].Summary != "ana changed KPI mrr (name, targets)" {
		t.Errorf("kpi changes: %+v", cs)
	}
	if got, _ := bo.KPI(k.ID); got.Owner != "ana" || len(got.Targets) != 1 {
		t.Errorf("stored kpi = %+v", got)
	}
}

func TestOtherEntitiesAreVersionChecked(t *testing.T) {
	ana := newStore(t)
	bo := reopen(t, ana, "bo")

	o, _ := ana.CreateObjective(model.Objective{Title: "Grow"})
	o2 := o
	o.Title = "Grow more"
	if _, err := ana.UpdateObjective(o); err != nil {
		t.Fatal(err)
	}
	o2.Owner = "bo"
	_, err := bo.UpdateObjective(o2)
	conflictOf(t, err)

	st, _ := ana.Settings()
	st2 := st
	st.TeamName = "A"
	if _, err := ana.UpdateSettings(st); err != nil {
		t.Fatal(err)
	}
	st2.TeamName = "B"
	_, err = bo.UpdateSettings(st2)
	if got := conflictOf(t, err).Theirs.(model.Settings); got.TeamName != "A" {
		t.Errorf("theirs settings = %+v", got)
	}

	a, _ := ana.CreateActionItem(model.ActionItem{Text: "x", Due: model.MustWeek("2026-W48")})
	a2 := a
	a.Done = true
	if _, err := ana.UpdateActionItem(a); err != nil {
		t.Fatal(err)
	}
	a2.Text = "y"
	_, err = bo.UpdateActionItem(a2)
	conflictOf(t, err)

	r, err := ana.StartReview(model.MustWeek("2026-W47"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = bo.StartReview(model.MustWeek("2026-W47"))
	same(t, "Theirs of a second start", conflictOf(t, err).Theirs, r)
	r2 := r
	r.Notes = "a"
	if _, err := ana.UpdateReview(r); err != nil {
		t.Fatal(err)
	}
	r2.Notes = "b"
	_, err = bo.UpdateReview(r2)
	conflictOf(t, err)

	it := r.Checklist[2]
	it2 := it
	it.Done = true
	if _, err := ana.UpdateChecklistItem(it); err != nil {
		t.Fatal(err)
	}
	it2.Note = "mine"
	_, err = bo.UpdateChecklistItem(it2)
	conflictOf(t, err)

	// Ticking two different items at once does not collide.
	other := r.Checklist[3]
	other.Done = true
	if _, err := bo.UpdateChecklistItem(other); err != nil {
		t.Errorf("ticking another item: %v", err)
	}
	bad := r
	bad.Rating = 11
	if _, err := ana.UpdateReview(bad); err == nil {
		t.Error("a rating of 11 was stored")
	}
}

func TestOMTMMovesInOneTransaction(t *testing.T) {
	s := newStore(t)
	a := sampleKPI("a")
	a.OMTM = true
	a = mustKPI(t, s, a)
	b := mustKPI(t, s, sampleKPI("b"))

	b.OMTM = true
	b, err := s.UpdateKPI(b)
	if err != nil {
		t.Fatal(err)
	}
	ks, _ := s.KPIs()
	if ks[0].Key != "b" || !ks[0].OMTM || ks[1].OMTM {
		t.Errorf("after moving the OMTM: %+v", ks)
	}
	if got, _ := s.KPI(a.ID); got.OMTM || got.Version != 2 {
		t.Errorf("previous OMTM = %+v", got)
	}
	cs, _ := s.Changes(ChangeFilter{KPIID: a.ID, Limit: 1})
	if len(cs) != 1 || cs[0].Summary != "ana made b the OMTM instead of a" {
		t.Errorf("OMTM move logged as %+v", cs)
	}
	// A new KPI can take it too, and the index refuses two by any other route.
	c := sampleKPI("c")
	c.OMTM = true
	mustKPI(t, s, c)
	if _, err := s.db.Exec("UPDATE kpis SET omtm = 1"); err == nil {
		t.Error("two OMTMs were allowed by the schema")
	}
	n := 0
	ks, _ = s.KPIs()
	for _, k := range ks {
		if k.OMTM {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d OMTMs", n)
	}
}

func TestConflictErrorMessage(t *testing.T) {
	at := time.Date(2026, 11, 19, 10, 2, 0, 0, time.UTC)
	e := &ConflictError{Entity: "kpi", ID: 3, Theirs: model.KPI{}, By: "ana", At: at}
	if !strings.HasPrefix(e.Error(), "kpi 3 was changed by ana at ") || strings.Contains(e.Error(), "\n") {
		t.Errorf("message = %q", e.Error())
	}
}
