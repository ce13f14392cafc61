package storecontract

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"kpi/db"
	"kpi/demo"
	"kpi/model"
	"kpi/ui"
	"kpi/ui/fakestore"
	"kpi/ui/review"
)

// Both stores are what the app and the Review view are given.
var (
	_ ui.Store     = (*fakestore.Store)(nil)
	_ ui.Store     = (*db.Store)(nil)
	_ review.Store = (*fakestore.Store)(nil)
)

// testNow is the clock of both stores: Wednesday of 2026-W47. The demo team is
// generated at it, so its weeks never depend on the date the test runs.
var testNow = time.Date(2026, 11, 18, 10, 0, 0, 0, time.UTC)

var (
	w47 = model.MustWeek("2026-W47")
	w48 = model.MustWeek("2026-W48") // no values, no review in the demo yet
)

// Store is the surface under contract: ui.Store (every read and write the
// app's views make) and the undo half of ui.History (Undo, OwnChanges,
// DataVersion). History(of, limit) is not covered: the fake has no history
// overlay query, and the overlay's tests use their own change log.
type Store interface {
	ui.Store
	Undo(changeID int64) (model.Change, error)
	OwnChanges(afterID int64, limit int) ([]model.Change, error)
	DataVersion() (int64, error)
}

// subject is one store under test with a way to act as another user of the
// same team file.
type subject struct {
	Store
	// other runs fn with a store writing as user on the same data.
	other func(t *testing.T, user string, fn func(s Store))
}

// newFake is the fake over the demo team, written by "tester" at testNow.
func newFake(t *testing.T) subject {
	f := fakestore.New(fakestore.Options{Now: func() time.Time { return testNow }, User: "tester"})
	return subject{Store: f, other: func(t *testing.T, user string, fn func(Store)) { f.As(user, func() { fn(f) }) }}
}

// demoFile writes the demo team into a new team file, as `kpi demo` does.
func demoFile(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "team.kpi")
	ds := demo.Generate(demo.Options{Seed: 1, Now: testNow})
	s, err := db.Create(path, dbOptions("tester"), ds.Settings)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.ImportDataset(ds); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

func dbOptions(user string) db.Options {
	return db.Options{User: user, Host: "testhost", Now: func() time.Time { return testNow }}
}

func open(t *testing.T, path, user string) *db.Store {
	t.Helper()
	s, err := db.Open(path, dbOptions(user))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// newDB is a real db.Store on a demo file in a temporary folder.
func newDB(t *testing.T) subject {
	path := demoFile(t)
	return subject{Store: open(t, path, "tester"), other: func(t *testing.T, user string, fn func(Store)) {
		o := open(t, path, user)
		fn(o)
		o.Close()
	}}
}

// kinds are the two stores every case runs against.
var kinds = []struct {
	name string
	make func(t *testing.T) subject
}{{"fake", newFake}, {"db", newDB}, {"server", newServer}}

// contract is the table of cases; each gets a fresh store of each kind.
var contract = []struct {
	name string
	run  func(t *testing.T, s subject)
}{
	{"reads the demo team", readsTheDemo},
	{"a value is created, updated and stamped", valueWrites},
	{"a stale value is a conflict", valueConflicts},
	{"a value of a missing KPI is not found", valueNotFound},
	{"a KPI is updated, archived and kept", kpiWritesAndArchive},
	{"a stale or missing KPI", kpiConflictAndNotFound},
	{"an objective is updated and archived", objectiveWrites},
	{"a review starts once with the template", reviewStarts},
	{"a stale review or checklist item is a conflict", reviewConflicts},
	{"a deleted review is not found", deletedReviewNotFound},
	{"action items are created, ticked and ordered", actionItems},
	{"a stale or missing action item", actionConflictAndNotFound},
	{"settings are version-checked", settingsWrites},
	{"slices out cannot change what is stored", slicesOut},
	{"slices in cannot change what is stored", slicesIn},
	{"undo reverses my own changes", undoReverses},
	{"undo refuses what someone changed since", undoConflicts},
	{"tags are normalised and kept", tagsNormalised},
	{"the latest week with a value", latestValueWeek},
	{"a week's values are read whole", weekValues},
	{"a KPI's first value week is read with it", firstValueWeeks},
}

// TestContract runs every case against the fake and a real file.
func TestContract(t *testing.T) {
	for _, c := range contract {
		for _, k := range kinds {
			t.Run(c.name+"/"+k.name, func(t *testing.T) { c.run(t, k.make(t)) })
		}
	}
}

// must is v of a call that must not fail. An error here is a broken setup, not
// a finding of the contract (those are checked with wantErr), so it stops the
// run with the error and the line that made it.
func must[T any](v T, err error) T {
	if err != nil {
		panic(fmt.Sprintf("an unexpected error: %v", err))
	}
	return v
}

// wantErr fails unless err wraps want, and none of the other sentinels: a
// conflict is not a not-found, and neither is a read-only refusal.
func wantErr(t *testing.T, what string, err, want error) {
	t.Helper()
	if !errors.Is(err, want) {
		t.Errorf("%s: error %v, want one wrapping %q", what, err, want)
		return
	}
	for _, other := range []error{model.ErrConflict, model.ErrNotFound, model.ErrReadOnly} {
		if other != want && errors.Is(err, other) {
			t.Errorf("%s: error %v wraps %q as well as %q", what, err, other, want)
		}
	}
}

func kpiByKey(t *testing.T, s Store, key string) model.KPI {
	t.Helper()
	for _, k := range must(s.KPIs()) {
		if k.Key == key {
			return k
		}
	}
	t.Fatalf("no KPI %q", key)
	return model.KPI{}
}

func numberIn(kpiID int64, w model.Week, n float64) model.Value {
	return model.Value{KPIID: kpiID, Week: w, Number: n, HasNumber: true}
}

// stamped fails unless st is version want, saved by user at testNow.
func stamped(t *testing.T, what string, st model.Stamp, want int64, user string) {
	t.Helper()
	if st.Version != want || st.UpdatedBy != user || !st.UpdatedAt.Equal(testNow) {
		t.Errorf("%s stamp = v%d by %q at %v, want v%d by %q at %v", what, st.Version, st.UpdatedBy, st.UpdatedAt, want, user, testNow)
	}
}

// TestReadsAgree compares what the fake and a real file return for the same
// demo team: the same rows in the same order, field by field where the db
// keeps them.
func TestReadsAgree(t *testing.T) {
	t.Run("db", func(t *testing.T) { readsAgree(t, newDB(t)) })
	t.Run("server", func(t *testing.T) { readsAgree(t, newServer(t)) })
}

func readsAgree(t *testing.T, file subject) {
	fake := newFake(t)
	for _, read := range []struct {
		name string
		of   func(s Store) (string, error)
	}{
		{"settings", func(s Store) (string, error) {
			st, err := s.Settings()
			return fmt.Sprintf("%q %v %+v %q", st.TeamName, st.ReviewWeekday, st.Checklist, st.DefaultTheme), err
		}},
		{"objectives", func(s Store) (string, error) { return rows(s.Objectives()) }},
		{"kpis", func(s Store) (string, error) {
			ks, err := s.KPIs()
			out := ""
			for _, k := range ks {
				out += fmt.Sprintf("%d %s %s %v %v %v %v %s\n", k.ID, k.Key, k.Name, k.OMTM, k.Tier, k.Archived, k.Targets, k.Formula)
			}
			return out, err
		}},
		{"a window of values", func(s Store) (string, error) {
			vs, err := s.Values(w47.Add(-12), w47)
			out := ""
			for _, v := range vs {
				out += fmt.Sprintf("%d %d %s %v %v %s %q %q v%d %s\n", v.ID, v.KPIID, v.Week, v.Number, v.HasNumber, v.Status, v.Note, v.EnteredBy, v.Version, v.UpdatedBy)
			}
			return out, err
		}},
		{"one KPI's whole history", func(s Store) (string, error) {
			vs, err := s.ValuesOf(kpiByKey(t, s, "churn").ID, model.Week{}, model.Week{})
			out := ""
			for _, v := range vs {
				out += fmt.Sprintf("%d %s %v %v v%d %s %s\n", v.ID, v.Week, v.Number, v.EnteredAt.UTC(), v.Version, v.UpdatedBy, v.UpdatedAt.UTC())
			}
			return out, err
		}},
		{"reviews", func(s Store) (string, error) {
			rs, err := s.Reviews()
			out := ""
			for _, r := range rs {
				out += fmt.Sprintf("%d %s %s %s %d %v %d items:", r.ID, r.Week, r.State, r.Facilitator, r.Rating, r.ReviewedKPIs, len(r.Checklist))
				for _, it := range r.Checklist {
					out += fmt.Sprintf(" %d/%d/%v/%s", it.ID, it.Position, it.Done, it.DoneBy)
				}
				out += "\n"
			}
			return out, err
		}},
		{"action items", func(s Store) (string, error) {
			as, err := s.ActionItems()
			out := ""
			for _, a := range as {
				out += fmt.Sprintf("%d %q %s %s %d %v %s\n", a.ID, a.Text, a.Owner, a.Due, a.KPIID, a.Done, a.DoneBy)
			}
			return out, err
		}},
	} {
		f, ferr := read.of(fake)
		d, derr := read.of(file)
		if ferr != nil || derr != nil {
			t.Fatalf("%s: fake %v, db %v", read.name, ferr, derr)
		}
		if f != d {
			t.Errorf("%s differ:\nfake:\n%s\ndb:\n%s", read.name, f, d)
		}
	}
}

// rows prints objectives one a line, for comparing.
func rows(os []model.Objective, err error) (string, error) {
	out := ""
	for _, o := range os {
		out += fmt.Sprintf("%d %q %s %s %s %s %v\n", o.ID, o.Title, o.Owner, o.Start, o.End, o.State, o.Archived)
	}
	return out, err
}

func readsTheDemo(t *testing.T, s subject) {
	st := must(s.Settings())
	if st.TeamName == "" || len(st.Checklist) == 0 {
		t.Errorf("settings %+v: no team name or checklist template", st)
	}
	if s.ReadOnlyReason() != "" {
		t.Errorf("a fresh store is read-only: %s", s.ReadOnlyReason())
	}
	ks := must(s.KPIs())
	if len(ks) < 12 || !ks[0].OMTM {
		t.Errorf("%d KPIs, the first (%s) OMTM %v; want the demo's, the OMTM first", len(ks), ks[0].Key, ks[0].OMTM)
	}
	mrr := kpiByKey(t, s, "mrr")
	if k := must(s.KPI(mrr.ID)); k.Key != "mrr" || len(k.Targets) == 0 {
		t.Errorf("KPI(%d) = %s with %d targets", mrr.ID, k.Key, len(k.Targets))
	}
	vs := must(s.Values(w47, w47))
	if len(vs) == 0 || !slices.IsSortedFunc(vs, model.CompareByKPIAndWeek) {
		t.Errorf("W47 has %d values, sorted by KPI and week: %v", len(vs), slices.IsSortedFunc(vs, model.CompareByKPIAndWeek))
	}
	for _, v := range vs {
		if v.Week != w47 {
			t.Errorf("a value of %s in the window of %s", v.Week, w47)
		}
	}
	all := must(s.ValuesOf(mrr.ID, model.Week{}, model.Week{}))
	if len(all) < 52 || all[len(all)-1].Week != w47 {
		t.Errorf("mrr's whole history: %d values ending %s", len(all), all[len(all)-1].Week)
	}
	if _, ok, err := s.Review(w48); ok || err != nil {
		t.Errorf("Review(%s) of a week not started: ok %v, %v", w48, ok, err)
	}
	rs := must(s.Reviews())
	if len(rs) == 0 || !slices.IsSortedFunc(rs, func(a, b model.Review) int { return a.Week.Compare(b.Week) }) {
		t.Errorf("%d reviews, not by week", len(rs))
	}
}

func valueWrites(t *testing.T, s subject) {
	mrr := kpiByKey(t, s, "mrr")
	v := must(s.SaveValue(numberIn(mrr.ID, w48, 1234)))
	stamped(t, "a new value", v.Stamp, 1, "tester")
	if v.ID == 0 || v.EnteredBy != "tester" || !v.EnteredAt.Equal(testNow) {
		t.Errorf("a new value: id %d entered by %q at %v", v.ID, v.EnteredBy, v.EnteredAt)
	}
	v.Number = 1500
	v2 := must(s.SaveValue(v))
	stamped(t, "an updated value", v2.Stamp, 2, "tester")
	if v2.ID != v.ID || v2.Number != 1500 {
		t.Errorf("the update is %+v", v2)
	}
	got := must(s.ValuesOf(mrr.ID, w48, w48))
	if len(got) != 1 || got[0].Number != 1500 || got[0].Version != 2 {
		t.Errorf("stored %+v", got)
	}
	if _, err := s.SaveValue(model.Value{KPIID: mrr.ID, Week: w48}); err == nil {
		t.Error("a quantitative value without a number was saved")
	}
}

func valueConflicts(t *testing.T, s subject) {
	mrr := kpiByKey(t, s, "mrr")
	v := must(s.ValuesOf(mrr.ID, w47, w47))[0]
	v.Number++
	must(s.SaveValue(v))
	v.Number++
	_, err := s.SaveValue(v) // still at the version read
	wantErr(t, "a stale value", err, model.ErrConflict)
	_, err = s.SaveValue(numberIn(mrr.ID, w47, 1)) // a new entry for a week that has one
	wantErr(t, "a second new entry", err, model.ErrConflict)
	gone := numberIn(mrr.ID, w48, 1)
	gone.ID, gone.Version = 99999, 3 // an edit of a value no longer there
	_, err = s.SaveValue(gone)
	wantErr(t, "an edit of a deleted value", err, model.ErrConflict)
}

func valueNotFound(t *testing.T, s subject) {
	_, err := s.SaveValue(numberIn(99999, w48, 1))
	wantErr(t, "a value of a missing KPI", err, model.ErrNotFound)
}

func kpiWritesAndArchive(t *testing.T, s subject) {
	k := kpiByKey(t, s, "signups")
	k.Name = "Sign-ups"
	k = must(s.UpdateKPI(k))
	stamped(t, "an updated KPI", k.Stamp, 2, "tester")
	k.Archived = true
	k = must(s.UpdateKPI(k))
	if got := must(s.KPI(k.ID)); !got.Archived || got.Name != "Sign-ups" || got.Version != 3 {
		t.Errorf("archived KPI reads back as %+v", got)
	}
	if got := kpiByKey(t, s, "signups"); !got.Archived {
		t.Error("KPIs() lost the archived KPI or its mark")
	}
	dup := kpiByKey(t, s, "churn")
	dup.ID, dup.Key = 0, "MRR"
	if _, err := s.CreateKPI(dup); err == nil || errors.Is(err, model.ErrConflict) {
		t.Errorf("a second KPI keyed MRR: %v, want a validation error", err)
	}
	dup.Key, dup.OMTM = "mrr2", true
	made := must(s.CreateKPI(dup))
	stamped(t, "a new KPI", made.Stamp, 1, "tester")
	if made.ID == 0 || kpiByKey(t, s, "mrr").OMTM || !must(s.KPI(made.ID)).OMTM {
		t.Error("a new OMTM did not take the mark off mrr")
	}
}

// firstValueWeeks: KPIs and KPI carry the week of each KPI's earliest value
// (model.KPI.FirstValue, which decides its first due week), zero for a KPI
// without values, and a value saved for an earlier week moves it.
func firstValueWeeks(t *testing.T, s subject) {
	mrr := kpiByKey(t, s, "mrr")
	all := must(s.ValuesOf(mrr.ID, model.Week{}, model.Week{}))
	if len(all) == 0 || mrr.FirstValue != all[0].Week || must(s.KPI(mrr.ID)).FirstValue != all[0].Week {
		t.Fatalf("mrr's FirstValue %s; want its earliest value's week", mrr.FirstValue)
	}
	fresh := kpiByKey(t, s, "churn")
	fresh.ID, fresh.Key, fresh.OMTM = 0, "fresh", false
	made := must(s.CreateKPI(fresh))
	if !made.FirstValue.IsZero() || !kpiByKey(t, s, "fresh").FirstValue.IsZero() {
		t.Errorf("a KPI without values has FirstValue %s", kpiByKey(t, s, "fresh").FirstValue)
	}
	early := all[0].Week.Add(-10)
	must(s.SaveValue(numberIn(made.ID, early, 3)))
	must(s.SaveValue(numberIn(mrr.ID, early, 3)))
	if got := kpiByKey(t, s, "fresh").FirstValue; got != early {
		t.Errorf("fresh's FirstValue after a value in %s: %s", early, got)
	}
	if got := must(s.KPI(mrr.ID)).FirstValue; got != early {
		t.Errorf("mrr's FirstValue after a value in %s: %s", early, got)
	}
}

func kpiConflictAndNotFound(t *testing.T, s subject) {
	k := kpiByKey(t, s, "nps")
	s.other(t, "ben", func(o Store) {
		theirs := kpiByKey(t, o, "nps")
		theirs.Name = "NPS (ben)"
		must(o.UpdateKPI(theirs))
	})
	k.Name = "NPS (tester)"
	_, err := s.UpdateKPI(k)
	wantErr(t, "a stale KPI", err, model.ErrConflict)
	if got := must(s.KPI(k.ID)); got.Name != "NPS (ben)" || got.UpdatedBy != "ben" {
		t.Errorf("after the conflict the KPI is %q by %q, want ben's", got.Name, got.UpdatedBy)
	}
	_, err = s.KPI(99999)
	wantErr(t, "KPI of a missing id", err, model.ErrNotFound)
	k.ID = 99999
	_, err = s.UpdateKPI(k)
	wantErr(t, "an update of a missing KPI", err, model.ErrNotFound)
}

func objectiveWrites(t *testing.T, s subject) {
	o := must(s.Objectives())[0]
	o.Archived = true
	saved := must(s.UpdateObjective(o))
	stamped(t, "an archived objective", saved.Stamp, o.Version+1, "tester")
	if got := must(s.Objectives())[0]; !got.Archived {
		t.Error("Objectives() lost the archived objective's mark")
	}
	_, err := s.UpdateObjective(o)
	wantErr(t, "a stale objective", err, model.ErrConflict)
	o.ID = 99999
	_, err = s.UpdateObjective(o)
	wantErr(t, "a missing objective", err, model.ErrNotFound)
	made := must(s.CreateObjective(model.Objective{Title: "Grow in Spain", Start: w47, End: w47.Add(12)}))
	if made.ID == 0 || made.State != model.ObjectiveActive || made.Version != 1 {
		t.Errorf("a new objective %+v", made)
	}
}

func reviewStarts(t *testing.T, s subject) {
	st := must(s.Settings())
	r := must(s.StartReview(w48))
	stamped(t, "a started review", r.Stamp, 1, "tester")
	if r.ID == 0 || r.State != model.ReviewInProgress || r.Facilitator != "tester" || !r.StartedAt.Equal(testNow) {
		t.Errorf("started %+v", r)
	}
	if len(r.Checklist) != len(st.Checklist) {
		t.Fatalf("%d checklist items, want the template's %d", len(r.Checklist), len(st.Checklist))
	}
	for i, it := range r.Checklist {
		if it.Position != i+1 || it.Text != st.Checklist[i].Text || it.ReviewID != r.ID || it.ID == 0 || it.Done {
			t.Errorf("item %d = %+v, want position %d of the template", i, it, i+1)
		}
	}
	got, ok, err := s.Review(w48)
	if !ok || err != nil || got.ID != r.ID || len(got.Checklist) != len(r.Checklist) {
		t.Errorf("Review(%s) after the start: %v %v %+v", w48, ok, err, got)
	}
	_, err = s.StartReview(w48)
	wantErr(t, "a second start", err, model.ErrConflict)
}

func reviewConflicts(t *testing.T, s subject) {
	r := must(s.StartReview(w48))
	it := r.Checklist[0]
	it.Done = true
	ticked := must(s.UpdateChecklistItem(it))
	if ticked.DoneBy != "tester" || !ticked.DoneAt.Equal(testNow) || ticked.Version != 2 {
		t.Errorf("ticked %+v", ticked)
	}
	_, err := s.UpdateChecklistItem(it)
	wantErr(t, "a stale checklist item", err, model.ErrConflict)
	r.Notes = "first"
	must(s.UpdateReview(r))
	r.Notes = "second"
	_, err = s.UpdateReview(r)
	wantErr(t, "a stale review", err, model.ErrConflict)
	if got, _, _ := s.Review(w48); got.Notes != "first" || !got.Checklist[0].Done {
		t.Errorf("after the conflicts the review is %q, first item done %v", got.Notes, got.Checklist[0].Done)
	}
}

// deletedReviewNotFound deletes a review the only way the app can (undoing its
// start) and then saves to it: not found, not a conflict.
func deletedReviewNotFound(t *testing.T, s subject) {
	r := must(s.StartReview(w48))
	start := must(s.OwnChanges(0, 1))
	if len(start) != 1 || start[0].Entity != "review" || start[0].EntityID != r.ID {
		t.Fatalf("my newest change is %+v, want the start of review %d", start, r.ID)
	}
	must(s.Undo(start[0].ID))
	if _, ok, _ := s.Review(w48); ok {
		t.Fatal("the review is still there after undoing its start")
	}
	r.Notes = "too late"
	_, err := s.UpdateReview(r)
	wantErr(t, "an update of a deleted review", err, model.ErrNotFound)
	it := r.Checklist[0]
	it.Done = true
	_, err = s.UpdateChecklistItem(it)
	wantErr(t, "a tick in a deleted review", err, model.ErrNotFound)
}

func actionItems(t *testing.T, s subject) {
	mrr := kpiByKey(t, s, "mrr")
	a := must(s.CreateActionItem(model.ActionItem{Text: "  Call the bank  ", Owner: "ana", Due: w48, KPIID: mrr.ID}))
	stamped(t, "a new action item", a.Stamp, 1, "tester")
	if a.ID == 0 || a.Text != "Call the bank" || a.CreatedWeek != w47 || a.Done {
		t.Errorf("created %+v", a)
	}
	a.Done = true
	done := must(s.UpdateActionItem(a))
	if done.DoneBy != "tester" || !done.DoneAt.Equal(testNow) || done.Version != 2 {
		t.Errorf("done %+v", done)
	}
	all := must(s.ActionItems())
	if !slices.IsSortedFunc(all, func(a, b model.ActionItem) int {
		if a.Done != b.Done {
			return map[bool]int{false: -1, true: 1}[a.Done]
		}
		return 0
	}) {
		t.Error("action items: an open one after a done one")
	}
	if _, err := s.CreateActionItem(model.ActionItem{Text: "  "}); err == nil {
		t.Error("an action item without text was saved")
	}
	_, err := s.CreateActionItem(model.ActionItem{Text: "x", KPIID: 99999})
	wantErr(t, "an action item of a missing KPI", err, model.ErrNotFound)
}

func actionConflictAndNotFound(t *testing.T, s subject) {
	a := must(s.CreateActionItem(model.ActionItem{Text: "Call the bank", Due: w48}))
	a.Owner = "ben"
	must(s.UpdateActionItem(a))
	_, err := s.UpdateActionItem(a)
	wantErr(t, "a stale action item", err, model.ErrConflict)
	a.ID = 99999
	_, err = s.UpdateActionItem(a)
	wantErr(t, "a missing action item", err, model.ErrNotFound)
}

func settingsWrites(t *testing.T, s subject) {
	st := must(s.Settings())
	st.TeamName = "Northwind Labs"
	saved := must(s.UpdateSettings(st))
	if saved.Version != st.Version+1 || must(s.Settings()).TeamName != "Northwind Labs" {
		t.Errorf("saved settings at v%d (read v%d)", saved.Version, st.Version)
	}
	_, err := s.UpdateSettings(st)
	wantErr(t, "stale settings", err, model.ErrConflict)
}

// slicesOut changes every slice a read returned and reads again.
func slicesOut(t *testing.T, s subject) {
	r := must(s.StartReview(w48))
	r.Checklist[0].Text = "changed by the caller"
	got, _, _ := s.Review(w48)
	got.Checklist[0].Text = "changed by the caller"
	rs := must(s.Reviews())
	rs[len(rs)-1].Checklist[0].Text = "changed by the caller"
	st := must(s.Settings())
	st.Checklist[0].Text = "changed by the caller"
	ks := must(s.KPIs())
	ks[0].Targets[0].Value = -1
	if again, _, _ := s.Review(w48); again.Checklist[0].Text == "changed by the caller" {
		t.Error("a review's checklist read out is the store's own")
	}
	if must(s.Settings()).Checklist[0].Text == "changed by the caller" {
		t.Error("the settings' checklist read out is the store's own")
	}
	if must(s.KPIs())[0].Targets[0].Value == -1 {
		t.Error("a KPI's targets read out are the store's own")
	}
}

// slicesIn changes the slices of rows after they were saved.
func slicesIn(t *testing.T, s subject) {
	k := kpiByKey(t, s, "nps")
	saved := must(s.UpdateKPI(k))
	k.Targets[0].Value = -1
	saved.Targets[0].Value = -1
	r := must(s.StartReview(w48))
	r.Attendees = []string{"ana", "ben"}
	must(s.UpdateReview(r))
	r.Attendees[0] = "mallory"
	st := must(s.Settings())
	st.Checklist = slices.Clone(st.Checklist)
	must(s.UpdateSettings(st))
	st.Checklist[0].Text = "changed by the caller"
	if kpiByKey(t, s, "nps").Targets[0].Value == -1 {
		t.Error("a KPI's targets saved in are still the caller's")
	}
	if got, _, _ := s.Review(w48); len(got.Attendees) != 2 || got.Attendees[0] != "ana" {
		t.Errorf("a review's attendees saved in are still the caller's: %v", got.Attendees)
	}
	if must(s.Settings()).Checklist[0].Text == "changed by the caller" {
		t.Error("the settings' checklist saved in is still the caller's")
	}
}

func undoReverses(t *testing.T, s subject) {
	base := must(s.DataVersion())
	mrr := kpiByKey(t, s, "mrr")
	v := must(s.ValuesOf(mrr.ID, w47, w47))[0]
	was := v.Number
	v.Number = was + 1
	must(s.SaveValue(v))
	must(s.SaveValue(numberIn(mrr.ID, w48, 7)))
	if after := must(s.DataVersion()); after <= base {
		t.Errorf("DataVersion did not move with the writes: %d → %d", base, after)
	}
	mine := must(s.OwnChanges(base, 0))
	if len(mine) != 2 || mine[0].ID < mine[1].ID {
		t.Fatalf("my changes since %d: %+v, want the two, newest first", base, mine)
	}
	must(s.Undo(mine[0].ID)) // the new W48 value goes
	if got := must(s.ValuesOf(mrr.ID, w48, w48)); len(got) != 0 {
		t.Errorf("undoing a new value left %+v", got)
	}
	must(s.Undo(mine[1].ID)) // W47 goes back
	if got := must(s.ValuesOf(mrr.ID, w47, w47)); got[0].Number != was {
		t.Errorf("undoing an edit left %v, want %v", got[0].Number, was)
	}
	undo := must(s.OwnChanges(0, 1))[0]
	if undo.Action != "undo" {
		t.Errorf("an undo is logged as %q", undo.Action)
	}
	if _, err := s.Undo(undo.ID); err == nil {
		t.Error("an undo was undone")
	}
	k := must(s.CreateKPI(model.KPI{Key: "nps2", Name: "NPS again", Direction: model.Up, Tier: model.TierHealth,
		Indicator: model.Lagging, Kind: model.Quantitative, Cadence: model.Weekly, Aggregate: model.AggLast, Tolerance: model.DefaultTolerance}))
	must(s.Undo(must(s.OwnChanges(0, 1))[0].ID))
	if got := must(s.KPI(k.ID)); !got.Archived {
		t.Error("undoing a new KPI did not archive it")
	}
}

func undoConflicts(t *testing.T, s subject) {
	mrr := kpiByKey(t, s, "mrr")
	must(s.SaveValue(numberIn(mrr.ID, w48, 7)))
	mine := must(s.OwnChanges(0, 1))[0]
	s.other(t, "ben", func(o Store) {
		v := must(o.ValuesOf(mrr.ID, w48, w48))[0]
		v.Number = 8
		must(o.SaveValue(v))
	})
	_, err := s.Undo(mine.ID)
	wantErr(t, "undo of a value ben changed since", err, model.ErrConflict)
	if got := must(s.ValuesOf(mrr.ID, w48, w48)); len(got) != 1 || got[0].Number != 8 {
		t.Errorf("the refused undo changed ben's value: %+v", got)
	}
	var bens int64
	s.other(t, "ben", func(o Store) { bens = must(o.OwnChanges(0, 1))[0].ID })
	if _, err := s.Undo(bens); err == nil {
		t.Error("undid ben's change")
	}
	_, err = s.Undo(99999)
	wantErr(t, "undo of a missing change", err, model.ErrNotFound)
}

// TestReadOnlyRefusesEveryWrite opens both stores read-only — the fake by its
// switch, the file because a newer kpi made it — and tries every write.
func TestReadOnlyRefusesEveryWrite(t *testing.T) {
	fake := fakestore.New(fakestore.Options{Now: func() time.Time { return testNow }})
	fake.SetReadOnly("the test made it read-only")
	path := demoFile(t)
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(fmt.Sprintf("PRAGMA user_version = %d", db.SchemaVersion+1)); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	for name, s := range map[string]Store{"fake": fake, "db": open(t, path, "tester")} {
		t.Run(name, func(t *testing.T) { refusesEveryWrite(t, s) })
	}
}

// refusesEveryWrite tries every write on a read-only store: each is refused
// as read-only, and nothing changes.
func refusesEveryWrite(t *testing.T, s Store) {
	if s.ReadOnlyReason() == "" {
		t.Fatal("no read-only reason")
	}
	k := kpiByKey(t, s, "mrr")
	v := must(s.ValuesOf(k.ID, w47, w47))[0]
	r := must(s.Reviews())[0]
	a := must(s.ActionItems())[0]
	st := must(s.Settings())
	o := must(s.Objectives())[0]
	for what, write := range map[string]func() error{
		"SaveValue":           func() error { _, err := s.SaveValue(v); return err },
		"CreateKPI":           func() error { k := k; k.ID, k.Key, k.OMTM = 0, "mrr2", false; _, err := s.CreateKPI(k); return err },
		"UpdateKPI":           func() error { _, err := s.UpdateKPI(k); return err },
		"CreateObjective":     func() error { o := o; o.ID = 0; _, err := s.CreateObjective(o); return err },
		"UpdateObjective":     func() error { _, err := s.UpdateObjective(o); return err },
		"StartReview":         func() error { _, err := s.StartReview(w48); return err },
		"UpdateReview":        func() error { _, err := s.UpdateReview(r); return err },
		"UpdateChecklistItem": func() error { _, err := s.UpdateChecklistItem(r.Checklist[0]); return err },
		"CreateActionItem":    func() error { _, err := s.CreateActionItem(model.ActionItem{Text: "x"}); return err },
		"UpdateActionItem":    func() error { _, err := s.UpdateActionItem(a); return err },
		"UpdateSettings":      func() error { _, err := s.UpdateSettings(st); return err },
	} {
		wantErr(t, what, write(), model.ErrReadOnly)
	}
	if got := must(s.ValuesOf(k.ID, w47, w47))[0]; got.Version != v.Version {
		t.Error("a refused write changed a value")
	}
}

// latestValueWeek: the newest week holding any value, up to a bound; none
// before the first value. The demo's newest values are in 2026-W47.
func latestValueWeek(t *testing.T, s subject) {
	ctx := context.Background()
	if w, ok, err := s.LatestValueWeek(ctx, w48.Add(30)); err != nil || !ok || w != w47 {
		t.Errorf("LatestValueWeek(far ahead) = %s %v %v, want 2026-W47", w, ok, err)
	}
	if w, ok, err := s.LatestValueWeek(ctx, w47.Add(-3)); err != nil || !ok || w != w47.Add(-3) {
		t.Errorf("LatestValueWeek(2026-W44) = %s %v %v, want 2026-W44 itself", w, ok, err)
	}
	if w, ok, err := s.LatestValueWeek(ctx, model.MustWeek("2001-W01")); err != nil || ok {
		t.Errorf("LatestValueWeek(2001-W01) = %s %v %v, want none", w, ok, err)
	}
	must(s.SaveValue(model.Value{KPIID: kpiByKey(t, s, "mrr").ID, Week: w48.Add(2), Number: 1, HasNumber: true}))
	if w, _, _ := s.LatestValueWeek(ctx, w48.Add(30)); w != w48.Add(2) {
		t.Errorf("after a value for 2026-W50 the latest week is %s", w)
	}
}

// weekValues: WeekValues are the week's values of every KPI, whole (the times
// Values leaves out), and a save shows in them with who and when.
func weekValues(t *testing.T, s subject) {
	vals := must(s.WeekValues(w47))
	window := must(s.Values(w47, w47))
	if len(vals) == 0 || len(vals) != len(window) {
		t.Fatalf("WeekValues(2026-W47): %d values, Values: %d", len(vals), len(window))
	}
	for _, v := range vals {
		if v.Week != w47 || v.UpdatedAt.IsZero() || v.UpdatedBy == "" {
			t.Errorf("a value is not whole or not of 2026-W47: %+v", v)
		}
	}
	mrr := kpiByKey(t, s, "mrr")
	saved := must(s.SaveValue(model.Value{KPIID: mrr.ID, Week: w48, Number: 1, HasNumber: true}))
	got := must(s.WeekValues(w48))
	if len(got) != 1 || got[0].ID != saved.ID || got[0].UpdatedBy != "tester" || !got[0].UpdatedAt.Equal(testNow) {
		t.Errorf("after a save WeekValues(2026-W48) = %+v", got)
	}
}
