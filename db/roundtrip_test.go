package db

import (
	"encoding/json"
	"errors"
	"math"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"kpi/model"
)

// same fails the test unless got and want are deeply equal, showing both as JSON.
func same(t *testing.T, what string, got, want any) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		g, _ := json.MarshalIndent(got, "", " ")
		w, _ := json.MarshalIndent(want, "", " ")
		t.Errorf("%s:\n got %s\nwant %s", what, g, w)
	}
}

// fullTeam writes one of everything through the Store API and returns what the
// writes returned.
func fullTeam(t *testing.T, s *Store) model.Dataset {
	t.Helper()
	var ds model.Dataset
	obj, err := s.CreateObjective(model.Objective{Title: "Grow revenue", Description: "line 1\nline 2", Owner: "ana",
		Start: model.MustWeek("2026-W01"), End: model.MustWeek("2026-W52")})
	if err != nil {
		t.Fatal(err)
	}
	obj.State = model.ObjectiveDone
	if obj, err = s.UpdateObjective(obj); err != nil {
		t.Fatal(err)
	}
	ds.Objectives = []model.Objective{obj}

	mrr := sampleKPI("mrr")
	mrr.ObjectiveID = obj.ID
	mrr.OMTM = true
	mrr.DefinitionReviewed = time.Date(2026, 10, 1, 9, 30, 0, 123456789, time.UTC)
	mrr.Description = "Monthly recurring revenue\nat month end"
	churn := sampleKPI("churn")
	churn.Direction, churn.Tier, churn.Unit, churn.Decimals = model.Down, model.TierHealth, "%", 1
	churn.Tolerance = model.Tolerance{Amount: 0.5, Absolute: true}
	churn.Cadence, churn.Aggregate, churn.Indicator = model.Monthly, model.AggAvg, model.Leading
	nps := sampleKPI("nps")
	nps.Direction = model.Range
	nps.Targets = model.TargetPath{{Week: model.MustWeek("2026-W10"), Value: 30, High: 50}}
	mood := sampleKPI("mood")
	mood.Kind, mood.Targets = model.Qualitative, nil
	arpu := sampleKPI("arpu")
	arpu.Formula = "mrr / max(churn, 1)"
	arpu.Targets = nil
	for _, k := range []model.KPI{mrr, churn, nps, mood, arpu} {
		ds.KPIs = append(ds.KPIs, mustKPI(t, s, k))
	}
	// An update (archive churn) bumps the version.
	c := ds.KPIs[1]
	c.Archived = false
	c.Name = "Logo churn"
	if ds.KPIs[1], err = s.UpdateKPI(c); err != nil {
		t.Fatal(err)
	}

	put := func(v model.Value) model.Value {
		got, err := s.PutValue(v)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	v1 := numValue(ds.KPIs[0].ID, "2026-W46", 12000)
	v1.Note = "first"
	put(v1)
	v1.Number = 12500
	ds.Values = append(ds.Values, put(v1)) // replaced: version 2
	over := numValue(ds.KPIs[0].ID, "2026-W47", 11000)
	over.Status, over.OverrideReason = model.OnTrack, "one-off refund"
	ds.Values = append(ds.Values, put(over))
	ds.Values = append(ds.Values, put(numValue(ds.KPIs[1].ID, "2026-W47", 2.5)))
	ds.Values = append(ds.Values, put(model.Value{KPIID: ds.KPIs[3].ID, Week: model.MustWeek("2026-W47"), Status: model.AtRisk, Note: "tired"}))

	r, err := s.StartReview(model.MustWeek("2026-W47"))
	if err != nil {
		t.Fatal(err)
	}
	r.Attendees = []string{"ana", "bo"}
	r.Notes = "good meeting"
	r.Rating = 8
	r.State = model.ReviewConcluded
	r.ReviewedKPIs = []int64{ds.KPIs[2].ID, ds.KPIs[0].ID}
	if r, err = s.UpdateReview(r); err != nil {
		t.Fatal(err)
	}
	it := r.Checklist[0]
	it.Done, it.Note = true, "all here"
	if r.Checklist[0], err = s.UpdateChecklistItem(it); err != nil {
		t.Fatal(err)
	}
	ds.Reviews = []model.Review{r}

	a, err := s.CreateActionItem(model.ActionItem{Text: "Call churned customers", Owner: "bo", Due: model.MustWeek("2026-W48"), KPIID: ds.KPIs[1].ID})
	if err != nil {
		t.Fatal(err)
	}
	a.Done = true
	if a, err = s.UpdateActionItem(a); err != nil {
		t.Fatal(err)
	}
	b, err := s.CreateActionItem(model.ActionItem{Text: "Draft pricing page", Due: model.MustWeek("2026-W49")})
	if err != nil {
		t.Fatal(err)
	}
	ds.ActionItems = []model.ActionItem{b, a} // open first

	st, err := s.Settings()
	if err != nil {
		t.Fatal(err)
	}
	st.TeamName = "Growth team"
	st.ReviewWeekday = time.Thursday
	if ds.Settings, err = s.UpdateSettings(st); err != nil {
		t.Fatal(err)
	}
	ds.Format = model.DatasetFormat
	return ds
}

func TestRoundTripEveryEntity(t *testing.T) {
	s := newStore(t)
	want := fullTeam(t, s)
	o := reopen(t, s, "bo") // a second app reads what the first wrote

	objs, err := o.Objectives()
	if err != nil {
		t.Fatal(err)
	}
	same(t, "objectives", objs, want.Objectives)
	ks, err := o.KPIs()
	if err != nil {
		t.Fatal(err)
	}
	// Scorecard order: OMTM, key KPIs by key, health KPIs by key.
	var keys []string
	for _, k := range ks {
		keys = append(keys, k.Key)
	}
	if got := strings.Join(keys, " "); got != "mrr arpu mood nps churn" {
		t.Errorf("KPI order = %s", got)
	}
	byKey := map[string]model.KPI{}
	for _, k := range ks {
		byKey[k.Key] = k
	}
	// every read fills in the week of each KPI's first value; a read of all
	// KPIs a derived one's from its inputs too
	wantKPIs := append([]model.KPI(nil), want.KPIs...)
	for i, k := range wantKPIs {
		for _, v := range want.Values {
			if v.KPIID == k.ID && (wantKPIs[i].FirstValue.IsZero() || v.Week.Before(wantKPIs[i].FirstValue)) {
				wantKPIs[i].FirstValue = v.Week
			}
		}
	}
	model.FillDerivedFirstValues(wantKPIs)
	for _, k := range wantKPIs {
		same(t, "kpi "+k.Key, byKey[k.Key], k)
		one, err := o.KPI(k.ID)
		if err != nil {
			t.Fatal(err)
		}
		if k.Derived() {
			k.FirstValue = model.Week{} // read alone, its inputs are not there
		}
		same(t, "KPI("+k.Key+")", one, k)
	}
	if _, err := o.KPI(999); !errors.Is(err, ErrNotFound) {
		t.Errorf("KPI(999): %v", err)
	}

	vals, err := o.Values(model.Week{}, model.Week{})
	if err != nil {
		t.Fatal(err)
	}
	// Values reads windows without times and override reasons; ValuesOf reads
	// whole rows
	var windowed, whole []model.Value
	for _, v := range want.Values {
		full, err := o.ValuesOf(v.KPIID, v.Week, v.Week)
		if err != nil || len(full) != 1 {
			t.Fatalf("ValuesOf(%d, %s): %v %v", v.KPIID, v.Week, full, err)
		}
		whole = append(whole, full[0])
		v.EnteredAt, v.CreatedAt, v.UpdatedAt, v.OverrideReason = time.Time{}, time.Time{}, time.Time{}, ""
		windowed = append(windowed, v)
	}
	same(t, "values", vals, windowed)
	same(t, "ValuesOf", whole, want.Values)
	w47 := model.MustWeek("2026-W47")
	if vs, _ := o.Values(w47, w47); len(vs) != 3 {
		t.Errorf("Values(W47, W47) = %d values, want 3", len(vs))
	}
	if vs, _ := o.ValuesOf(want.KPIs[0].ID, model.Week{}, model.MustWeek("2026-W46")); len(vs) != 1 || vs[0].Number != 12500 {
		t.Errorf("ValuesOf(mrr, ..W46) = %+v", vs)
	}
	v, ok, err := o.Value(want.KPIs[3].ID, w47)
	if err != nil || !ok || v.HasNumber || v.Status != model.AtRisk {
		t.Errorf("qualitative value = %+v %v %v", v, ok, err)
	}
	if _, ok, _ := o.Value(want.KPIs[3].ID, model.MustWeek("2026-W01")); ok {
		t.Error("Value of an empty week reported ok")
	}

	rs, err := o.Reviews()
	if err != nil {
		t.Fatal(err)
	}
	same(t, "reviews", rs, want.Reviews)
	r, ok, err := o.Review(w47)
	if err != nil || !ok {
		t.Fatal(ok, err)
	}
	same(t, "review", r, want.Reviews[0])
	if len(r.Checklist) != len(model.DefaultChecklist()) || !r.Checklist[0].Done || r.Checklist[0].DoneBy != "ana" || r.ConcludedAt.IsZero() {
		t.Errorf("review = %+v", r)
	}

	as, err := o.ActionItems()
	if err != nil {
		t.Fatal(err)
	}
	same(t, "action items", as, want.ActionItems)

	st, err := o.Settings()
	if err != nil {
		t.Fatal(err)
	}
	same(t, "settings", st, want.Settings)

	ds, err := o.Export()
	if err != nil {
		t.Fatal(err)
	}
	want.KPIs = ks // in scorecard order
	same(t, "export", ds, want)
}

func TestImportDatasetRoundTrip(t *testing.T) {
	s := newStore(t)
	fullTeam(t, s)
	ds, err := s.Export()
	if err != nil {
		t.Fatal(err)
	}
	// Through JSON, as `kpi export` and `kpi import` do.
	b, err := json.Marshal(ds)
	if err != nil {
		t.Fatal(err)
	}
	var back model.Dataset
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}

	fresh, err := Create(filepath.Join(t.TempDir(), "copy.kpi"), testOptions("cy"), model.DefaultSettings(""))
	if err != nil {
		t.Fatal(err)
	}
	defer fresh.Close()
	if err := fresh.ImportDataset(back); err != nil {
		t.Fatal(err)
	}
	got, err := fresh.Export()
	if err != nil {
		t.Fatal(err)
	}
	got.Settings.Version, ds.Settings.Version = 0, 0 // the settings row is replaced, so its own version moves
	same(t, "dataset after import", got, ds)

	cs, _ := fresh.Changes(ChangeFilter{Entity: "file"})
	if len(cs) != 1 || cs[0].Summary != "cy imported 5 KPIs, 4 values, 1 objectives, 1 reviews, 2 action items" {
		t.Errorf("import change log: %+v", cs)
	}
	if err := fresh.ImportDataset(back); err == nil || !strings.Contains(err.Error(), "fresh file") {
		t.Errorf("second import: %v", err)
	}
}

func TestImportDatasetIsAllOrNothing(t *testing.T) {
	s := newStore(t)
	fullTeam(t, s)
	ds, _ := s.Export()
	bad := ds
	bad.Values = append([]model.Value(nil), ds.Values...)
	bad.Values[len(bad.Values)-1].KPIID = 999
	fresh, err := Create(filepath.Join(t.TempDir(), "copy.kpi"), testOptions("cy"), model.DefaultSettings(""))
	if err != nil {
		t.Fatal(err)
	}
	defer fresh.Close()
	if err := fresh.ImportDataset(bad); err == nil || !strings.Contains(err.Error(), "nothing was imported") {
		t.Fatalf("import with a dangling value: %v", err)
	}
	if got, _ := fresh.Export(); len(got.KPIs)+len(got.Values)+len(got.Objectives) != 0 {
		t.Errorf("failed import left %d KPIs, %d values", len(got.KPIs), len(got.Values))
	}
	if err := fresh.ImportDataset(ds); err != nil {
		t.Errorf("a good import after a failed one: %v", err)
	}
}

func TestChangeLogRecordsEveryWrite(t *testing.T) {
	s := newStore(t)
	ds := fullTeam(t, s)
	cs, err := s.Changes(ChangeFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if cs[0].Entity != "settings" || cs[len(cs)-1].Summary != `ana created the team file for "Growth"` {
		t.Errorf("not newest first: first %q, last %q", cs[0].Summary, cs[len(cs)-1].Summary)
	}
	entities := map[string]int{}
	for _, c := range cs {
		entities[c.Entity]++
		if c.User != "ana" || c.Host != "testhost" || !c.At.Equal(testNow) || c.Summary == "" {
			t.Errorf("change %+v", c)
		}
	}
	for _, e := range []string{"value", "kpi", "objective", "review", "checklist", "action", "settings"} {
		if entities[e] == 0 {
			t.Errorf("no %s changes logged", e)
		}
	}
	mrr := ds.KPIs[0]
	hist, err := s.Changes(ChangeFilter{KPIID: mrr.ID})
	if err != nil {
		t.Fatal(err)
	}
	var sums []string
	for _, c := range hist {
		sums = append(sums, c.Summary)
	}
	want := []string{
		"ana set mrr for 2026-W47: $11,000 (on track)",
		"ana set mrr for 2026-W46: $12,000 → $12,500",
		"ana set mrr for 2026-W46: $12,000",
		"ana created KPI mrr (KPI mrr)",
	}
	same(t, "mrr history", sums, want)
	var old, nw model.Value
	if err := json.Unmarshal([]byte(hist[1].Old), &old); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(hist[1].New), &nw); err != nil {
		t.Fatal(err)
	}
	if old.Number != 12000 || nw.Number != 12500 || nw.Version != 2 {
		t.Errorf("old/new of a replaced value: %+v → %+v", old, nw)
	}
	if lim, _ := s.Changes(ChangeFilter{Entity: "value", Limit: 2}); len(lim) != 2 {
		t.Errorf("Limit 2 returned %d", len(lim))
	}
	if one, _ := s.Changes(ChangeFilter{Entity: "kpi", EntityID: ds.KPIs[1].ID}); len(one) != 2 {
		t.Errorf("churn changes: %+v", one)
	}
}

func TestChangeLogIsAppendOnly(t *testing.T) {
	s := newStore(t)
	mustKPI(t, s, sampleKPI("mrr"))
	for _, q := range []string{"UPDATE change_log SET summary = 'forged'", "DELETE FROM change_log"} {
		_, err := s.db.Exec(q)
		if err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: %v", q, err)
		}
	}
	cs, _ := s.Changes(ChangeFilter{})
	if len(cs) != 2 {
		t.Errorf("change log has %d rows, want 2", len(cs))
	}
}

func TestDataVersionMovesWithOtherWriters(t *testing.T) {
	s := newStore(t)
	o := reopen(t, s, "bo")
	v0, err := s.DataVersion()
	if err != nil {
		t.Fatal(err)
	}
	mustKPI(t, o, sampleKPI("mrr"))
	s.db.SetMaxIdleConns(0) // even across a reconnect
	v1, err := s.DataVersion()
	if err != nil || v1 == v0 {
		t.Errorf("DataVersion %d → %d (%v)", v0, v1, err)
	}
	if _, err := o.RegisterSession(42); err != nil {
		t.Fatal(err)
	}
	if v2, _ := s.DataVersion(); v2 != v1 {
		t.Errorf("a session moved DataVersion %d → %d", v1, v2)
	}
}

func TestTextIsSanitisedAndNumbersFinite(t *testing.T) {
	s := newStore(t)
	k := sampleKPI("mrr")
	k.Name = "MRR\x1b[31m red\x1b]0;pwned\x07"
	k.Description = "line1\nline2\x1b[2J\r"
	got := mustKPI(t, s, k)
	if got.Name != "MRR red" || got.Description != "line1\nline2" {
		t.Errorf("sanitised name %q, description %q", got.Name, got.Description)
	}
	v := numValue(got.ID, "2026-W47", 1)
	v.Note = "ok\x1b[?1049h\nsecond line\u009b31m"
	saved, err := s.PutValue(v)
	if err != nil {
		t.Fatal(err)
	}
	if saved.Note != "ok\nsecond line" {
		t.Errorf("note = %q", saved.Note)
	}
	for _, n := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		if _, err := s.PutValue(numValue(got.ID, "2026-W48", n)); err == nil {
			t.Errorf("PutValue(%v) succeeded", n)
		}
		if _, err := s.SaveValue(numValue(got.ID, "2026-W48", n)); err == nil {
			t.Errorf("SaveValue(%v) succeeded", n)
		}
	}
	bad := sampleKPI("bad")
	bad.Targets[0].Value = math.Inf(1)
	if _, err := s.CreateKPI(bad); err == nil {
		t.Error("a KPI with an infinite target was stored")
	}
}

func TestKPIValidation(t *testing.T) {
	s := newStore(t)
	a := mustKPI(t, s, sampleKPI("a"))
	b := sampleKPI("b")
	b.Formula = "a * 2"
	b.Targets = nil
	b = mustKPI(t, s, b)

	dup := sampleKPI("a")
	if _, err := s.CreateKPI(dup); err == nil || !strings.Contains(err.Error(), "exists already") {
		t.Errorf("duplicate key: %v", err)
	}
	unknown := sampleKPI("c")
	unknown.Formula = "zzz + 1"
	if _, err := s.CreateKPI(unknown); err == nil {
		t.Error("a formula over an unknown key was stored")
	}
	a.Formula = "b + 1" // a → b → a
	if _, err := s.UpdateKPI(a); err == nil || !strings.Contains(err.Error(), "cycle") {
		t.Errorf("cycle: %v", err)
	}
	if _, err := s.PutValue(numValue(b.ID, "2026-W47", 1)); err == nil {
		t.Error("a value was stored for a derived KPI")
	}
	badKey := sampleKPI("Bad Key")
	if _, err := s.CreateKPI(badKey); err == nil {
		t.Error("a bad key was stored")
	}
	linked := sampleKPI("d")
	linked.ObjectiveID = 77
	if _, err := s.CreateKPI(linked); !errors.Is(err, ErrNotFound) {
		t.Errorf("link to a missing objective: %v", err)
	}
	if cs, _ := s.Changes(ChangeFilter{Entity: "kpi"}); len(cs) != 2 {
		t.Errorf("refused saves were logged: %d kpi changes", len(cs))
	}
}

func TestSessions(t *testing.T) {
	s := newStore(t)
	se, err := s.RegisterSession(1234)
	if err != nil {
		t.Fatal(err)
	}
	if se.ID == 0 || se.User != "ana" || se.Host != "testhost" || se.PID != 1234 || !se.Heartbeat.Equal(testNow) {
		t.Errorf("session = %+v", se)
	}
	if err := s.Heartbeat(se.ID); err != nil {
		t.Error(err)
	}
	all, _ := s.Sessions()
	if len(all) != 1 || all[0] != se {
		t.Errorf("sessions = %+v", all)
	}
	if err := s.EndSession(se.ID); err != nil {
		t.Error(err)
	}
	if err := s.Heartbeat(se.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("heartbeat of an ended session: %v", err)
	}
	if all, _ := s.Sessions(); len(all) != 0 {
		t.Errorf("sessions after end = %+v", all)
	}
}
