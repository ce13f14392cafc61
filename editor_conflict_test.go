package main

// The KPI and objective editors against the real file (issue 4): two people's
// apps, each with its own db store on one file. Ben saves the KPI (or objective)
// ana has open in the editor; ana's save is refused and shows ben's values
// beside hers, field by field; nothing of ben's is overwritten unless ana says
// so, and the change log holds both changes.

import (
	"database/sql"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"kpi/db"
	"kpi/model"
	"kpi/ui/frame"
)

// twoStores opens the demo file twice, as ana and as ben.
func twoStores(t *testing.T) (path string, ana, ben *db.Store) {
	t.Helper()
	path = newDemo(t)
	var err error
	if ana, err = db.Open(path, db.Options{User: "ana", Now: testClock}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ana.Close() })
	if ben, err = db.Open(path, db.Options{User: "ben", Now: testClock}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ben.Close() })
	return path, ana, ben
}

func kpiByKey(t *testing.T, st *db.Store, key string) model.KPI {
	t.Helper()
	ks, err := st.KPIs()
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range ks {
		if k.Key == key {
			return k
		}
	}
	t.Fatalf("no KPI %s in the file", key)
	return model.KPI{}
}

// kpiChanges are the change-log entries of KPI id's definition, oldest first.
func kpiChanges(t *testing.T, st *db.Store, id int64) []model.Change {
	t.Helper()
	cs, err := st.Changes(db.ChangeFilter{Entity: "kpi", EntityID: id, Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	for i, j := 0, len(cs)-1; i < j; i, j = i+1, j-1 {
		cs[i], cs[j] = cs[j], cs[i]
	}
	return cs
}

func TestEditorConflictBetweenTwoStoresOnOneFile(t *testing.T) {
	path, anaSt, benSt := twoStores(t)
	ana := openApp(t, anaSt, path, "ana", testWeek(), testClock)
	nps := kpiByKey(t, anaSt, "nps")
	before := len(kpiChanges(t, anaSt, nps.ID))

	// ana opens the editor on nps and renames it
	ana.msg(frame.EditKPIMsg{KPIID: nps.ID})
	if !strings.Contains(ana.screen(), "Edit KPI nps") {
		t.Fatalf("the editor did not open:\n%s", ana.screen())
	}
	ana.keys("ctrl+u", "NPS (all customers)")

	// meanwhile ben, in his own app's store, gives nps another owner
	theirs := kpiByKey(t, benSt, "nps")
	theirs.Owner = "farid"
	if _, err := benSt.UpdateKPI(theirs); err != nil {
		t.Fatal(err)
	}

	// ana saves: refused, ben's values beside hers, nothing of ben's overwritten
	ana.msg(tea.KeyMsg{Type: tea.KeyCtrlS})
	screen := ana.screen()
	for _, want := range []string{"Not saved: ben saved this KPI", "Theirs (ben)", "Owner", "farid", "emma", "NPS (all customers)", "Net Promoter Score"} {
		if !strings.Contains(screen, want) {
			t.Errorf("the conflict screen lacks %q:\n%s", want, screen)
		}
	}
	if got := kpiByKey(t, anaSt, "nps"); got.Name != "Net Promoter Score" || got.Owner != "farid" {
		t.Fatalf("ana's save overwrote ben's change: %q owned by %q", got.Name, got.Owner)
	}

	// b: back to the form with ben's owner shown; ana takes it, and saves over
	// ben's version knowingly
	ana.keys("b")
	if !strings.Contains(ana.screen(), "theirs: farid") {
		t.Fatalf("back in the form, ben's owner is not shown beside the field:\n%s", ana.screen())
	}
	ana.msg(tea.KeyMsg{Type: tea.KeyCtrlS})
	got := kpiByKey(t, anaSt, "nps")
	if got.Name != "NPS (all customers)" || got.Owner != "emma" || got.Version != nps.Version+2 {
		t.Errorf("after saving over ben's version: %q owned by %q at version %d, want ana's name and owner at version %d",
			got.Name, got.Owner, got.Version, nps.Version+2)
	}

	// the change log holds ben's change and ana's, in that order
	cs := kpiChanges(t, anaSt, nps.ID)
	if len(cs) != before+2 {
		t.Fatalf("%d new change-log entries for nps, want 2: %+v", len(cs)-before, cs)
	}
	benCh, anaCh := cs[len(cs)-2], cs[len(cs)-1]
	if benCh.User != "ben" || !strings.Contains(benCh.Summary, "owner") || anaCh.User != "ana" || !strings.Contains(anaCh.Summary, "name") {
		t.Errorf("the change log holds %q by %s and %q by %s", benCh.Summary, benCh.User, anaCh.Summary, anaCh.User)
	}
}

func TestEditorKeepTheirsAndOverwriteOnOneFile(t *testing.T) {
	path, anaSt, benSt := twoStores(t)
	ana := openApp(t, anaSt, path, "ana", testWeek(), testClock)
	churn := kpiByKey(t, anaSt, "churn")

	// keep theirs: ana's edit is dropped, ben's stays
	ana.msg(frame.EditKPIMsg{KPIID: churn.ID})
	ana.keys("ctrl+u", "Churn A")
	theirs := kpiByKey(t, benSt, "churn")
	theirs.Name = "Churn B"
	if _, err := benSt.UpdateKPI(theirs); err != nil {
		t.Fatal(err)
	}
	ana.msg(tea.KeyMsg{Type: tea.KeyCtrlS})
	ana.keys("t")
	if got := kpiByKey(t, anaSt, "churn"); got.Name != "Churn B" || strings.Contains(ana.screen(), "Edit KPI") {
		t.Fatalf("t did not keep ben's version: %q\n%s", got.Name, ana.screen())
	}

	// overwrite: ana's edit replaces ben's newer one, and both are logged
	ana.msg(frame.EditKPIMsg{KPIID: churn.ID})
	ana.keys("ctrl+u", "Churn A")
	theirs = kpiByKey(t, benSt, "churn")
	theirs.Name = "Churn C"
	if _, err := benSt.UpdateKPI(theirs); err != nil {
		t.Fatal(err)
	}
	ana.msg(tea.KeyMsg{Type: tea.KeyCtrlS})
	ana.keys("o")
	if got := kpiByKey(t, anaSt, "churn"); got.Name != "Churn A" {
		t.Fatalf("o did not save ana's name over ben's: %q", got.Name)
	}
	cs := kpiChanges(t, anaSt, churn.ID)
	var who []string
	for _, c := range cs[len(cs)-3:] {
		who = append(who, c.User)
	}
	if strings.Join(who, ",") != "ben,ben,ana" {
		t.Errorf("the last three changes of churn were made by %v, want ben, ben, ana", who)
	}
}

func TestObjectiveEditorConflictOnOneFile(t *testing.T) {
	path, anaSt, benSt := twoStores(t)
	ana := openApp(t, anaSt, path, "ana", testWeek(), testClock)
	objs, err := anaSt.Objectives()
	if err != nil {
		t.Fatal(err)
	}
	o := objs[0]
	ana.msg(frame.EditObjectiveMsg{ID: o.ID})
	ana.keys("ctrl+u", "Grow revenue, faster")
	theirs := o
	theirs.Owner = "ben"
	if _, err := benSt.UpdateObjective(theirs); err != nil {
		t.Fatal(err)
	}
	ana.msg(tea.KeyMsg{Type: tea.KeyCtrlS})
	if !strings.Contains(ana.screen(), "Not saved: ben saved this objective") {
		t.Fatalf("no conflict shown:\n%s", ana.screen())
	}
	objs, _ = anaSt.Objectives()
	if objs[0].Title != o.Title || objs[0].Owner != "ben" {
		t.Fatalf("ana's save overwrote ben's: %+v", objs[0])
	}
	ana.keys("o")
	objs, _ = anaSt.Objectives()
	if objs[0].Title != "Grow revenue, faster" || objs[0].Owner != o.Owner {
		t.Errorf("o saved %+v, want ana's title and owner", objs[0])
	}
}

// TestEditorConflictWithAForeignSQLEdit is case 4 of issue 15 in the app: ana
// has a KPI open in the editor; a script changes it straight through SQL and
// leaves version alone; ana's save is refused and shows the script's value,
// because the schema's trigger moved the version for it.
func TestEditorConflictWithAForeignSQLEdit(t *testing.T) {
	path, anaSt, _ := twoStores(t)
	ana := openApp(t, anaSt, path, "ana", testWeek(), testClock)
	nps := kpiByKey(t, anaSt, "nps")
	ana.msg(frame.EditKPIMsg{KPIID: nps.ID})
	if !strings.Contains(ana.screen(), "Edit KPI nps") {
		t.Fatalf("the editor did not open:\n%s", ana.screen())
	}
	ana.keys("ctrl+u", "NPS (all customers)")

	raw, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.Exec("UPDATE kpis SET owner = 'script' WHERE key = 'nps'"); err != nil {
		t.Fatal(err)
	}

	ana.msg(tea.KeyMsg{Type: tea.KeyCtrlS})
	if screen := ana.screen(); !strings.Contains(screen, "Not saved") || !strings.Contains(screen, "script") {
		t.Errorf("no conflict shown for the foreign edit:\n%s", screen)
	}
	if got := kpiByKey(t, anaSt, "nps"); got.Owner != "script" || got.Name != nps.Name {
		t.Errorf("ana's save overwrote the script's edit: %q owned by %q", got.Name, got.Owner)
	}
}
