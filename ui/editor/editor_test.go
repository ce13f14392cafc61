package editor

import (
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"kpi/demo"
	"kpi/model"
	"kpi/themes"
	"kpi/ui/fakestore"
)

var testNow = time.Date(2026, 11, 18, 10, 0, 0, 0, time.UTC)

func options(ds model.Dataset) Options {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.Ascii)
	th, _ := themes.Lookup("mono")
	return Options{Store: readOnlyStore(ds), Styles: themes.NewStyles(th, r), Week: model.MustWeek("2026-W47"), User: "tester",
		Now: func() time.Time { return testNow }}
}

// readOnlyStore is the shared fake store over ds, refusing writes: those are the
// root's tests' business (ui/editors_test.go); here only what the form builds
// matters.
func readOnlyStore(ds model.Dataset) *fakestore.Store {
	st := fakestore.NewFrom(ds, fakestore.Options{Now: func() time.Time { return testNow }})
	st.SetReadOnly("the editor's tests do not save")
	return st
}

// opened is an editor after its read, sized.
func opened(t *testing.T, m Model) Model {
	t.Helper()
	msg := m.Init()()
	m, _ = m.Update(msg)
	m = m.SetSize(100, 30)
	if !m.loaded {
		t.Fatalf("the editor did not load: %s", m.loadErr)
	}
	return m
}

// TestAnUntouchedFormSavesTheSameKPI: for every KPI of the demo — every
// direction, kind, cadence, unit, glide paths and range bands, formulas — the
// form builds exactly the KPI it opened with, so opening and saving changes
// nothing behind the user's back.
func TestAnUntouchedFormSavesTheSameKPI(t *testing.T) {
	ds := demo.Generate(demo.Options{Seed: 1, Now: testNow})
	for _, k := range ds.KPIs {
		m := opened(t, ForKPI(options(ds), k.ID, 0))
		got, ok := m.kpiFromForm()
		if !ok {
			for _, f := range m.fields {
				if f.problem != "" {
					t.Errorf("%s: %s refused: %s", k.Key, f.label, f.problem)
				}
			}
			continue
		}
		want := k
		want.Targets = want.Targets.Sorted()
		got.FirstValue = model.Week{} // read from the values, never saved
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: the untouched form builds\n%+v\nwant\n%+v", k.Key, got, want)
		}
	}
	for _, o := range ds.Objectives {
		m := opened(t, ForObjective(options(ds), o.ID))
		if got, ok := m.objectiveFromForm(); !ok || !reflect.DeepEqual(got, o) {
			t.Errorf("objective %d: the untouched form builds %+v (ok %v), want %+v", o.ID, got, ok, o)
		}
	}
}

func TestRangeTargetsAndTolerance(t *testing.T) {
	ds := demo.Generate(demo.Options{Seed: 1, Now: testNow})
	m := opened(t, ForKPI(options(ds), 0, 0))
	set := func(id fieldID, text string) {
		m.fields[m.index(id)].setText(text)
	}
	set(fName, "Queue depth")
	set(fKey, "queue_depth")
	set(fTolerance, "7.5%")
	d := &m.fields[m.index(fDirection)]
	d.cycle(2) // range
	p := &m.fields[m.index(fTarget)]
	p.point().setInput(ptLow, "100")
	p.point().setInput(ptHigh, "80")
	if _, ok := m.kpiFromForm(); ok || m.fields[m.index(fTarget)].problem != "the high bound 80 is below the low bound 100" {
		t.Errorf("a band upside down: problem %q", m.fields[m.index(fTarget)].problem)
	}
	m.fields[m.index(fTarget)].point().setInput(ptHigh, "1.2k")
	k, ok := m.kpiFromForm()
	want := model.TargetPath{{Week: model.MustWeek("2026-W47"), Value: 100, High: 1200}}
	if !ok || k.Direction != model.Range || !reflect.DeepEqual(k.Targets, want) || k.Tolerance != (model.Tolerance{Amount: 7.5}) {
		t.Errorf("built %+v %v", k, ok)
	}
	// an empty point is no point: a KPI without a target is allowed
	m.fields[m.index(fTarget)].point().setInput(ptLow, "")
	m.fields[m.index(fTarget)].point().setInput(ptHigh, "")
	if k, ok := m.kpiFromForm(); !ok || len(k.Targets) != 0 {
		t.Errorf("an empty target point built %+v %v", k.Targets, ok)
	}
	set(fTolerance, "120")
	if _, ok := m.kpiFromForm(); ok || m.fields[m.index(fTolerance)].problem == "" {
		t.Error("a tolerance of 120 % was accepted")
	}
}

func TestAddingAndRemovingTargetPoints(t *testing.T) {
	ds := demo.Generate(demo.Options{Seed: 1, Now: testNow})
	m := opened(t, ForKPI(options(ds), 0, 0))
	m.fields[m.index(fName)].setText("X")
	m.fields[m.index(fKey)].setText("x")
	press := func(k tea.KeyType) {
		m, _ = m.Update(tea.KeyMsg{Type: k})
	}
	typeText := func(s string) {
		for _, r := range s {
			m, _ = m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
		}
	}
	m.focus = m.index(fTarget)
	m.fields[m.focus].point().setSub(ptLow)
	m.refocus()
	typeText("10")
	press(tea.KeyCtrlN)
	typeText("20")
	press(tea.KeyCtrlN)
	typeText("30")
	k, ok := m.kpiFromForm()
	w47 := model.MustWeek("2026-W47")
	want := model.TargetPath{{Week: w47, Value: 10}, {Week: w47.Add(13), Value: 20}, {Week: w47.Add(26), Value: 30}}
	if !ok || !reflect.DeepEqual(k.Targets, want) {
		t.Fatalf("three points built %+v (ok %v), want %+v", k.Targets, ok, want)
	}
	if l := m.pointLabel(m.focus); l != "Target 3" {
		t.Errorf("the third point is labelled %q", l)
	}
	press(tea.KeyCtrlX) // the focus is on the third point
	press(tea.KeyCtrlX) // then on the add button: nothing
	k, _ = m.kpiFromForm()
	if fmt.Sprint(k.Targets) != fmt.Sprint(want[:2]) {
		t.Errorf("after removing the last point: %+v", k.Targets)
	}
}

func TestStoreErrorsLandOnTheirField(t *testing.T) {
	ds := demo.Generate(demo.Options{Seed: 1, Now: testNow})
	m := opened(t, ForKPI(options(ds), 0, 0))
	for text, want := range map[string]fieldID{
		`a KPI with the key "mrr" exists already (Monthly recurring revenue)`:   fKey,
		"kpi x: formula: bad formula: unexpected \")\"":                         fFormula,
		"kpi x: objective 9: not found":                                         fObjective,
		"the file is busy (ana has it open), nothing was saved":                 fSave,
		"kpi x: bad formula in x: a cycle x → y → x":                            fFormula,
		"kpi x: tolerance of 120% is more than 100%":                            fTolerance,
		"kpi x: target for 2026-W47: the high bound 1 is below the low bound 2": fTarget,
	} {
		if got := m.fields[m.fieldOf(errors.New(text))].id; got != want {
			t.Errorf("%q lands on field %d, want %d", text, got, want)
		}
	}
}

// TestAnUntouchedFormKeepsTagsAndDirectionNone: a tagged context metric opens
// and builds unchanged, so its tags and its "none" direction survive a save.
func TestAnUntouchedFormKeepsTagsAndDirectionNone(t *testing.T) {
	ds := demo.Generate(demo.Options{Seed: 1, Now: testNow})
	k := &ds.KPIs[len(ds.KPIs)-1]
	k.Tags, k.Direction, k.Formula, k.Kind = []string{"macro", "region:north"}, model.None, "", model.Quantitative
	m := opened(t, ForKPI(options(ds), k.ID, 0))
	got, ok := m.kpiFromForm()
	for _, f := range m.fields {
		if f.problem != "" {
			t.Errorf("%s refused: %s", f.label, f.problem)
		}
	}
	if !ok || !reflect.DeepEqual(got.Tags, k.Tags) || got.Direction != model.None {
		t.Errorf("the untouched form builds tags %q direction %q (ok %v), want %q none", got.Tags, got.Direction, ok, k.Tags)
	}
}

// TestTheObjectiveFormIsHuhFields: the objective editor's texts and its state
// are huh fields; keys typed and choices made reach them, and a theme switch
// (which makes them again) keeps what they hold and the focus.
func TestTheObjectiveFormIsHuhFields(t *testing.T) {
	ds := demo.Generate(demo.Options{Seed: 1, Now: testNow})
	m := opened(t, ForObjective(options(ds), ds.Objectives[0].ID))
	if _, ok := m.fields[m.index(fTitle)].ctl.(*huh.Input); !ok {
		t.Fatalf("the title is a %T, not a huh input", m.fields[m.index(fTitle)].ctl)
	}
	if _, ok := m.fields[m.index(fState)].ctl.(*huh.Select[string]); !ok {
		t.Fatalf("the state is a %T, not a huh select", m.fields[m.index(fState)].ctl)
	}
	m.focus = m.index(fOwner)
	m.refocus()
	for _, r := range "zed" {
		m, _ = m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
	m.focus = m.index(fState)
	m.refocus()
	m, _ = m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{'d'}}) // done
	m, _ = m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{' '}}) // dropped
	th, _ := themes.Lookup("dark")
	m = m.SetStyles(themes.NewStyles(th, m.opt.Styles.Renderer))
	o, ok := m.objectiveFromForm()
	// a field opens with its cursor at the start of its text, so typing goes before it
	if !ok || o.Owner != "zed"+ds.Objectives[0].Owner || o.State != model.ObjectiveDropped || m.focus != m.index(fState) {
		t.Errorf("after typing, choosing and a theme switch: owner %q state %q focus %d (ok %v)", o.Owner, o.State, m.focus, ok)
	}
	if !strings.Contains(m.View(), "◂ dropped ▸") {
		t.Errorf("the focused state does not show its choice:\n%s", m.View())
	}
}

// TestEveryLineIsAFormField: every line of the KPI form holds its control
// behind formField, and the form's own kinds answer through Update as huh's
// fields do: a switch flips on space, ← and →; a target point steps through its
// inputs and says when it has none further; a button answers enter with the
// press the form acts on.
func TestEveryLineIsAFormField(t *testing.T) {
	ds := demo.Generate(demo.Options{Seed: 1, Now: testNow})
	m := opened(t, ForKPI(options(ds), 0, 0))
	for _, f := range m.fields {
		if f.ctl == nil {
			t.Fatalf("field %d (%s) has no control", f.id, f.label)
		}
	}
	omtm := m.fields[m.index(fOMTM)].ctl
	for _, k := range []tea.KeyMsg{{Type: tea.KeySpace, Runes: []rune{' '}}, {Type: tea.KeyRight}, {Type: tea.KeyLeft}} {
		before := omtm.GetValue()
		omtm.Update(k)
		if omtm.GetValue() == before {
			t.Errorf("%q left the switch at %v", k, before)
		}
	}
	p := m.fields[m.index(fTarget)].ctl
	p.Update(stepMsg(1))
	for _, r := range "48k" {
		p.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
	if got := p.GetValue(); got != [3]string{"", "48k", ""} {
		t.Errorf("typing after a step filled %q, want the value", got)
	}
	if _, cmd := p.Update(stepMsg(1)); answer(cmd) != leaveMsg(1) {
		t.Error("a point of a KPI that is no range stepped past its value")
	}
	if _, cmd := p.Update(stepMsg(-1)); cmd != nil {
		t.Error("a point did not step back to its week")
	}
	save := m.fields[m.index(fSave)].ctl
	if _, cmd := save.Update(tea.KeyMsg{Type: tea.KeyEnter}); answer(cmd) != (pressedMsg{fSave}) {
		t.Error("enter on the save button does not press it")
	}
}

// A text field opened on a text longer than the field shows its start, the
// focused one too: its cursor starts on the first character, and ctrl+u still
// empties it (issue 17, item 13: "[ontracts for savings]").
func TestAFieldOpenedOnLongTextShowsItsStart(t *testing.T) {
	ds := demo.Generate(demo.Options{Seed: 1, Now: testNow})
	long := "Renegotiate the three largest supplier contracts for savings before the renewal date in the spring"
	ds.Objectives[0].Description = long
	m := opened(t, ForObjective(options(ds), ds.Objectives[0].ID))
	if !strings.Contains(m.View(), "Renegotiate the three") {
		t.Errorf("a field not being edited does not show its start:\n%s", m.View())
	}
	m.focus = m.index(fDescription)
	m.refocus()
	if !strings.Contains(m.View(), "Renegotiate the three") {
		t.Errorf("the field being edited does not show its start:\n%s", m.View())
	}
	m, _ = m.Update(tea.KeyMsg{Type: tea.KeyCtrlU})
	if v := m.fields[m.index(fDescription)].value(); v != "" {
		t.Errorf("ctrl+u left %q", v)
	}
}

// TestKeysTypedWhileTheFormReadsAreKept: the form's title shows while it reads
// the file, and what is typed then goes to its fields in order once it is
// built, instead of being lost (the first word of a title typed right after o,
// on a slow drive). A failed read drops them with the form.
func TestKeysTypedWhileTheFormReadsAreKept(t *testing.T) {
	ds := demo.Generate(demo.Options{Seed: 1, Now: testNow})
	m := ForObjective(options(ds), 0).SetSize(100, 30)
	read := m.Init()
	typed := []tea.KeyMsg{
		{Type: tea.KeyRunes, Runes: []rune("Expand")}, {Type: tea.KeySpace, Runes: []rune{' '}},
		{Type: tea.KeyRunes, Runes: []rune("east")}, {Type: tea.KeyDown}, {Type: tea.KeyRunes, Runes: []rune("why")},
	}
	for _, k := range typed {
		m, _ = m.Update(k)
	}
	if !strings.Contains(m.View(), "Loading…") {
		t.Fatalf("the form was built before its read:\n%s", m.View())
	}
	m, _ = m.Update(read())
	o, _ := m.objectiveFromForm()
	if o.Title != "Expand east" || o.Description != "why" || m.focus != m.index(fDescription) {
		t.Errorf("after the read: title %q, description %q, focus %d; want the keys typed while reading, in order", o.Title, o.Description, m.focus)
	}

	failed := ForObjective(options(ds), 0).SetSize(100, 30)
	failed, _ = failed.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("x")})
	failed, _ = failed.Update(Msg{loadedMsg{err: errors.New("disk gone")}})
	if failed.loaded || !strings.Contains(failed.View(), "disk gone") {
		t.Errorf("a failed read: loaded %v:\n%s", failed.loaded, failed.View())
	}
}
