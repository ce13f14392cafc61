package ui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"kpi/model"
	"kpi/ui/fakestore"
	"kpi/ui/frame"
)

// Tests of the KPI and objective editors through the root: opened with n and E,
// every field checked with its reason, saves version-checked against the fake
// store (which checks versions like the db), conflicts shown and resolved.

// send sends key messages (ctrl+s and friends, which press would type) and runs
// what they start.
func send(t *testing.T, m Model, keys ...tea.KeyType) Model {
	t.Helper()
	for _, k := range keys {
		var cmd tea.Cmd
		m, cmd = m.Update(tea.KeyMsg{Type: k})
		m = drain(t, m, cmd)
	}
	return m
}

// focusedLine is the editor's line with the focus marker.
func focusedLine(t *testing.T, m Model) string {
	t.Helper()
	for _, l := range strings.Split(m.View(), "\n") {
		if strings.HasPrefix(l, "▸ ") {
			return l
		}
	}
	t.Fatalf("no focused field:\n%s", m.View())
	return ""
}

// focusField moves the editor's focus down (then up) to the field labelled label.
func focusField(t *testing.T, m Model, label string) Model {
	t.Helper()
	for _, dir := range []string{"down", "up"} {
		for range 40 {
			if strings.HasPrefix(strings.TrimPrefix(focusedLine(t, m), "▸ "), label) {
				return m
			}
			m = press(t, m, dir)
		}
	}
	t.Fatalf("no field %q in the form:\n%s", label, m.View())
	return m
}

// editKPI opens the editor on KPI key.
func editKPI(t *testing.T, m Model, st *fakestore.Store, key string) Model {
	t.Helper()
	m, cmd := m.Update(frame.EditKPIMsg{KPIID: st.KPIByKey(t, key).ID})
	m = drain(t, m, cmd)
	if m.editorOpen() == nil || !strings.Contains(m.View(), "Edit KPI "+key) {
		t.Fatalf("the editor did not open on %s:\n%s", key, m.View())
	}
	return m
}

// typeInto clears the focused field's input and types text.
func typeInto(t *testing.T, m Model, text string) Model {
	t.Helper()
	return press(t, send(t, m, tea.KeyCtrlU), text)
}

func TestKPIEditorCreatesAKPIWithEveryFieldFromTheDashboard(t *testing.T) {
	st := newFakeStore()
	m := started(t, st, 120, 40)
	m = press(t, m, "n")
	if m.editorOpen() == nil || !strings.Contains(m.View(), "New KPI") {
		t.Fatalf("n did not open the KPI editor:\n%s", m.View())
	}
	m = press(t, m, "Activation rate")
	if !strings.Contains(m.View(), "[activation_rate") {
		t.Errorf("the key is not suggested from the name:\n%s", m.View())
	}
	// typing q and digits into a field types them: the form has every key
	m = typeInto(t, focusField(t, m, "Description"), "Share of sign-ups that reach a first dashboard; q from events")
	m = typeInto(t, focusField(t, m, "Owner"), "dana")
	m = press(t, focusField(t, m, "Objective"), "right")
	m = typeInto(t, focusField(t, m, "Unit"), "%")
	m = press(t, focusField(t, m, "Decimals"), "right")
	m = press(t, focusField(t, m, "Target"), "tab", "40")
	m = send(t, m, tea.KeyCtrlN) // an interim target 13 weeks later
	m = press(t, m, "55")
	m = press(t, focusField(t, m, "Tier"), "left")
	m = press(t, focusField(t, m, "Indicator"), "l") // the first letter chooses
	m = press(t, focusField(t, m, "Aggregate"), "a")
	if m.quitting {
		t.Fatal("typing into the form quit the app")
	}
	m = send(t, m, tea.KeyCtrlS)
	if m.editorOpen() != nil {
		t.Fatalf("ctrl+s did not save and close:\n%s", m.View())
	}
	k := st.KPIByKey(t, "activation_rate")
	first := st.Dataset().Objectives[0]
	w47 := model.MustWeek("2026-W47")
	want := model.TargetPath{{Week: w47, Value: 40}, {Week: w47.Add(13), Value: 55}}
	if k.Name != "Activation rate" || k.Owner != "dana" || k.ObjectiveID != first.ID || k.Unit != "%" || k.Decimals != 1 ||
		k.Tier != model.TierKey || k.Indicator != model.Leading || k.Aggregate != model.AggAvg || k.Direction != model.Up ||
		k.Kind != model.Quantitative || k.Cadence != model.Weekly || k.Tolerance != model.DefaultTolerance ||
		!strings.HasSuffix(k.Description, "q from events") || len(k.Targets) != 2 || k.Targets[0] != want[0] || k.Targets[1] != want[1] {
		t.Errorf("saved %+v", k)
	}
	if !strings.Contains(m.View(), "Created KPI activation_rate") {
		t.Errorf("no notice of the save:\n%s", m.View())
	}
	found := false
	for _, x := range m.data.KPIs {
		found = found || x.Key == "activation_rate"
	}
	if !found {
		t.Error("the app did not reload after the save: the new KPI is not in its data")
	}
}

func TestKPIEditorRefusesABadKeyAndAnUnknownFormulaKeyWithTheReason(t *testing.T) {
	st := newFakeStore()
	m := started(t, st, 120, 40)
	m = press(t, m, "n", "Lead velocity")
	m = typeInto(t, focusField(t, m, "Key"), "Lead Velocity")
	m = press(t, m, "down") // leaving the key checks it
	screen := m.View()
	if !strings.Contains(screen, `✗ key "Lead Velocity" must start with a letter and use only a-z, 0-9 and _`) {
		t.Errorf("a bad key is not refused beside its field:\n%s", screen)
	}
	saves := st.Writes()
	m = send(t, m, tea.KeyCtrlS)
	if st.Writes() != saves || m.editorOpen() == nil || !strings.Contains(m.View(), "Fix the fields marked ✗ first; nothing was saved.") {
		t.Fatalf("a form with a bad key was saved or closed:\n%s", m.View())
	}
	if !strings.HasPrefix(strings.TrimPrefix(focusedLine(t, m), "▸ "), "Key") {
		t.Errorf("the focus is not on the refused field: %q", focusedLine(t, m))
	}
	// a key that another KPI has is refused too, without case
	m = typeInto(t, m, "MRR")
	m = press(t, m, "down")
	if !strings.Contains(m.View(), "✗ key \"MRR\" must start") {
		t.Errorf("an upper-case key is not refused:\n%s", m.View())
	}
	m = typeInto(t, press(t, m, "up"), "mrr")
	m = press(t, m, "down")
	if !strings.Contains(m.View(), `"mrr" is the key of Monthly recurring revenue already`) {
		t.Errorf("a taken key is not refused:\n%s", m.View())
	}
	m = typeInto(t, press(t, m, "up"), "lead_velocity")

	m = typeInto(t, focusField(t, m, "Formula"), "won / nosuch * 100")
	m = send(t, m, tea.KeyCtrlS)
	if st.Writes() != saves || !strings.Contains(m.View(), `✗ no KPI has the key "nosuch"`) {
		t.Fatalf("a formula with an unknown key was not refused with the reason:\n%s", m.View())
	}
	m = typeInto(t, m, "won / (created")
	m = send(t, m, tea.KeyCtrlS)
	if st.Writes() != saves || !strings.Contains(m.View(), "✗ bad formula") {
		t.Fatalf("a formula that does not parse was not refused:\n%s", m.View())
	}
	m = typeInto(t, m, "won / created * 100")
	m = send(t, m, tea.KeyCtrlS)
	if k := st.KPIByKey(t, "lead_velocity"); k.Formula != "won / created * 100" || m.editorOpen() != nil {
		t.Errorf("the fixed form was not saved: %+v", k)
	}
}

func TestKPIEditorRefusesAFormulaCycle(t *testing.T) {
	st := newFakeStore()
	m := editKPI(t, started(t, st, 120, 40), st, "won")
	m = typeInto(t, focusField(t, m, "Formula"), "win_rate * created / 100")
	saves := st.Writes()
	m = send(t, m, tea.KeyCtrlS)
	if st.Writes() != saves || !strings.Contains(m.View(), "a cycle") {
		t.Errorf("won = f(win_rate) with win_rate = f(won) was not refused as a cycle:\n%s", m.View())
	}
}

func TestKPIEditorMarkingTheOMTMTakesItFromThePreviousOne(t *testing.T) {
	st := newFakeStore()
	m := editKPI(t, started(t, st, 120, 40), st, "churn")
	m = focusField(t, m, "OMTM")
	if !strings.Contains(m.View(), "saving takes it from mrr") {
		t.Errorf("the OMTM field does not say which KPI loses the mark:\n%s", m.View())
	}
	m = press(t, m, " ")
	m = send(t, m, tea.KeyCtrlS)
	if !st.KPIByKey(t, "churn").OMTM || st.KPIByKey(t, "mrr").OMTM {
		t.Errorf("after saving churn as the OMTM: churn %v, mrr %v", st.KPIByKey(t, "churn").OMTM, st.KPIByKey(t, "mrr").OMTM)
	}
	if !strings.Contains(m.View(), "it is the OMTM now instead of mrr") {
		t.Errorf("the notice does not say mrr lost the mark:\n%s", m.View())
	}
}

// theyChange saves a change to KPI key as another user would, between the form
// opening and its save.
func theyChange(t *testing.T, st *fakestore.Store, key string, change func(*model.KPI)) model.KPI {
	t.Helper()
	k := st.KPIByKey(t, key)
	change(&k)
	var saved model.KPI
	var err error
	st.As("ben", func() { saved, err = st.UpdateKPI(k) })
	if err != nil {
		t.Fatal(err)
	}
	return saved
}

func TestKPIEditorShowsAConflictInsteadOfOverwriting(t *testing.T) {
	st := newFakeStore()
	m := editKPI(t, started(t, st, 120, 40), st, "nps")
	m = typeInto(t, focusField(t, m, "Name"), "NPS (all customers)")
	theirs := theyChange(t, st, "nps", func(k *model.KPI) { k.Owner = "farid" })

	m = send(t, m, tea.KeyCtrlS)
	if got := st.KPIByKey(t, "nps"); got.Name != theirs.Name || got.Owner != "farid" {
		t.Fatalf("the save overwrote theirs: %+v", got)
	}
	screen := m.View()
	for _, want := range []string{"Not saved: ben saved this KPI", "Theirs (ben)", "Yours", "Owner", "farid", "emma",
		"NPS (all customers)", "Net Promoter Score", "t keep theirs", "o overwrite with yours", "b back to edit"} {
		if !strings.Contains(screen, want) {
			t.Errorf("the conflict screen lacks %q:\n%s", want, screen)
		}
	}
	if strings.Contains(screen, "Direction  ") {
		t.Errorf("the conflict lists a field that did not change:\n%s", screen)
	}

	// b goes back to the form with theirs shown beside the differing fields
	m = press(t, m, "b")
	if m.editorOpen() == nil || !strings.Contains(m.View(), "theirs: farid") {
		t.Fatalf("b did not go back to the form with theirs beside:\n%s", m.View())
	}
	m = typeInto(t, focusField(t, m, "Owner"), "farid") // merge: keep their owner
	m = send(t, m, tea.KeyCtrlS)
	if got := st.KPIByKey(t, "nps"); got.Name != "NPS (all customers)" || got.Owner != "farid" || m.editorOpen() != nil {
		t.Errorf("the merged save gave %q owned by %q (editor open %v)", got.Name, got.Owner, m.editorOpen() != nil)
	}
}

func TestKPIEditorConflictOverwriteAndKeepTheirs(t *testing.T) {
	st := newFakeStore()
	m := editKPI(t, started(t, st, 120, 40), st, "churn")
	m = typeInto(t, focusField(t, m, "Owner"), "ana")
	theyChange(t, st, "churn", func(k *model.KPI) { k.Owner = "ben" })
	m = send(t, m, tea.KeyCtrlS)
	m = press(t, m, "o")
	if got := st.KPIByKey(t, "churn"); got.Owner != "ana" || m.editorOpen() != nil {
		t.Errorf("o did not overwrite theirs with yours: owner %q, editor open %v", got.Owner, m.editorOpen() != nil)
	}

	m = editKPI(t, m, st, "churn")
	m = typeInto(t, focusField(t, m, "Owner"), "chloe")
	theyChange(t, st, "churn", func(k *model.KPI) { k.Owner = "dev" })
	m = send(t, m, tea.KeyCtrlS)
	m = press(t, m, "t")
	if got := st.KPIByKey(t, "churn"); got.Owner != "dev" || m.editorOpen() != nil || !strings.Contains(m.View(), "Kept ben's version") {
		t.Errorf("t did not keep theirs: owner %q, editor open %v\n%s", got.Owner, m.editorOpen() != nil, m.View())
	}
}

func TestKPIEditorEscAsksBeforeDroppingChanges(t *testing.T) {
	st := newFakeStore()
	m := press(t, started(t, st, 120, 40), "n")
	m = press(t, m, "esc")
	if m.editorOpen() != nil {
		t.Fatal("esc on an untouched form did not close it")
	}
	m = press(t, m, "n", "Something")
	m = press(t, m, "esc")
	if m.editorOpen() == nil || !strings.Contains(m.View(), "unsaved changes: esc again discards them") {
		t.Fatalf("esc dropped a changed form without asking:\n%s", m.View())
	}
	m = press(t, m, "esc")
	if m.editorOpen() != nil {
		t.Error("a second esc did not discard the changes")
	}
}

func TestEditorsRefuseAReadOnlyFileWithTheReason(t *testing.T) {
	st := newFakeStore()
	st.SetReadOnly("the file is read-only for you; ask its owner")
	m := started(t, st, 120, 40)
	for _, keys := range [][]string{{"n"}, {"E"}, {"2", "o"}, {"2", "E"}} {
		m = press(t, m, keys...)
		if m.editorOpen() != nil || !strings.Contains(m.View(), "Nothing can be saved: the file is read-only for you") {
			t.Errorf("%v on a read-only file did not refuse with the reason:\n%s", keys, m.View())
		}
		m = press(t, m, "1")
	}
}

func TestObjectiveEditorCreatesAndEditsAnObjective(t *testing.T) {
	st := newFakeStore()
	m := press(t, started(t, st, 120, 40), "2", "o")
	if m.editorOpen() == nil || !strings.Contains(m.View(), "New objective") {
		t.Fatalf("o did not open the objective editor:\n%s", m.View())
	}
	m = press(t, m, "Expand to Europe")
	m = typeInto(t, focusField(t, m, "Ends"), "2026-W40") // before it starts (W47)
	m = send(t, m, tea.KeyCtrlS)
	if !strings.Contains(m.View(), "✗ the period ends (2026-W40) before it starts (2026-W47)") {
		t.Fatalf("a period ending before it starts was not refused:\n%s", m.View())
	}
	m = typeInto(t, m, "2027-W26")
	m = send(t, m, tea.KeyCtrlS)
	var o model.Objective
	for _, x := range st.Dataset().Objectives {
		if x.Title == "Expand to Europe" {
			o = x
		}
	}
	if o.ID == 0 || o.Owner != "tester" || o.Start != model.MustWeek("2026-W47") || o.End != model.MustWeek("2027-W26") || o.State != model.ObjectiveActive {
		t.Fatalf("created %+v", o)
	}
	if !strings.Contains(m.View(), "Expand to Europe") {
		t.Errorf("the new objective is not listed:\n%s", m.View())
	}
	m, cmd := m.Update(frame.EditObjectiveMsg{ID: o.ID})
	m = drain(t, m, cmd)
	m = press(t, focusField(t, m, "State"), "right") // done
	m = send(t, m, tea.KeyCtrlS)
	for _, x := range st.Dataset().Objectives {
		if x.ID == o.ID && (x.State != model.ObjectiveDone || x.Version != o.Version+1) {
			t.Errorf("the edit saved %+v", x)
		}
	}
}
