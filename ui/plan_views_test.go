package ui

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"kpi/model"
	"kpi/ui/editor"
	"kpi/ui/fakestore"
	"kpi/ui/objectives"
	"kpi/ui/scorecard"
)

// Tests of the Objectives and Scorecard views through the root, against the fake
// store over the demo team.

// screenLine is the first line of the screen containing text.
func screenLine(t *testing.T, m Model, text string) string {
	t.Helper()
	for _, l := range strings.Split(m.View(), "\n") {
		if strings.Contains(l, text) {
			return l
		}
	}
	t.Fatalf("no line contains %q:\n%s", text, m.View())
	return ""
}

// selectRow presses down (then up) until the selected line contains text.
func selectRow(t *testing.T, m Model, text string) Model {
	t.Helper()
	for _, dir := range []string{"down", "up"} {
		for range 40 {
			for _, l := range strings.Split(m.View(), "\n") {
				if strings.HasPrefix(l, "▸ ") && strings.Contains(l, text) {
					return m
				}
			}
			m = press(t, m, dir)
		}
	}
	t.Fatalf("cannot select %q:\n%s", text, m.View())
	return m
}

func objectiveOf(t *testing.T, st *fakestore.Store, title string) model.Objective {
	t.Helper()
	for _, o := range st.Dataset().Objectives {
		if o.Title == title {
			return o
		}
	}
	t.Fatalf("no objective %q in the demo", title)
	return model.Objective{}
}

func TestObjectivesShowRollupsAndTheKPIsServingNone(t *testing.T) {
	st := newFakeStore()
	m := press(t, started(t, st, 120, 40), "2")
	screen := m.View()
	if !strings.Contains(screen, "[2 Objectives]") {
		t.Fatalf("2 did not show the objectives:\n%s", screen)
	}
	for _, o := range st.Dataset().Objectives {
		if !o.Archived && !strings.Contains(screen, o.Title) {
			t.Errorf("objective %q is not listed:\n%s", o.Title, screen)
		}
	}
	// every objective's roll-up is its active KPIs' readings for the week
	for _, o := range st.Dataset().Objectives {
		var rs []model.Reading
		for _, r := range m.data.Readings {
			if r.KPI.ObjectiveID == o.ID {
				rs = append(rs, r)
			}
		}
		if len(rs) == 0 {
			continue
		}
		ru := model.RollUp(rs)
		if l := screenLine(t, m, o.Title); !strings.Contains(l, ru.Status().Glyph()+" "+ru.Text()) {
			t.Errorf("%s shows %q, want the roll-up %q", o.Title, l, ru.Status().Glyph()+" "+ru.Text())
		}
	}
	// at 40 lines everything fits: every objective is unfolded, with its KPIs
	for _, k := range st.Dataset().KPIs {
		if !k.Archived && !strings.Contains(screen, k.Name) {
			t.Errorf("KPI %s is not listed", k.Name)
		}
	}
	heading := strings.Index(screen, "Serve no objective (1)")
	if heading < 0 || strings.Index(screen, "Hiring plan") < heading {
		t.Errorf("hiring (no objective) is not under its own heading:\n%s", screen)
	}
	if !strings.Contains(screen, "! hiring: serves no objective") {
		t.Errorf("the hygiene hint is not shown:\n%s", screen)
	}
}

func TestObjectivesFoldAndOpenAKPIInTrends(t *testing.T) {
	st := newFakeStore()
	m := press(t, started(t, st, 120, 40), "2")
	m = selectRow(t, m, "Grow recurring revenue")
	m = press(t, m, "enter")
	if strings.Contains(m.View(), "Monthly recurring revenue") || !strings.Contains(screenLine(t, m, "Grow recurring revenue"), "[+]") {
		t.Fatalf("enter did not fold the objective:\n%s", m.View())
	}
	m = press(t, m, "right")
	if !strings.Contains(m.View(), "Monthly recurring revenue") {
		t.Fatalf("→ did not unfold it:\n%s", m.View())
	}
	m = selectRow(t, m, "Monthly recurring revenue")
	m = press(t, m, "left")
	if strings.Contains(m.View(), "Monthly recurring revenue") || !strings.HasPrefix(screenLine(t, m, "Grow recurring revenue"), "▸ ") {
		t.Fatalf("← on a KPI did not fold its objective and select it:\n%s", m.View())
	}
	m = press(t, m, "right")
	m = selectRow(t, m, "Net Promoter Score")
	m = press(t, m, "enter")
	if m.active != viewTrends || !strings.Contains(m.View(), "Net Promoter Score") {
		t.Errorf("enter on a KPI did not open it in Trends (view %d):\n%s", m.active, m.View())
	}
}

func TestObjectivesAtEightyByTwentyFourUnfoldOnlyTheFirst(t *testing.T) {
	st := newFakeStore()
	m := press(t, started(t, st, 80, 24), "2")
	screen := m.View()
	for _, o := range st.Dataset().Objectives {
		if !o.Archived && !strings.Contains(screen, o.Title) {
			t.Errorf("objective %q is not listed at 80×24:\n%s", o.Title, screen)
		}
	}
	if !strings.Contains(screenLine(t, m, st.Dataset().Objectives[0].Title), "[-]") {
		t.Errorf("the first objective is not unfolded:\n%s", screen)
	}
}

func TestObjectivesArchiveAndRestore(t *testing.T) {
	st := newFakeStore()
	m := press(t, started(t, st, 120, 40), "2")
	title := "Efficient growth"
	m = press(t, selectRow(t, m, title), "x")
	if o := objectiveOf(t, st, title); !o.Archived {
		t.Fatal("x did not archive the objective")
	}
	if strings.Contains(m.View(), title+" ") || !strings.Contains(m.View(), "Archived objective") {
		t.Errorf("the archived objective is still listed, or no notice:\n%s", m.View())
	}
	m = press(t, m, "A")
	if l := screenLine(t, m, title); !strings.Contains(l, "archived") {
		t.Errorf("A does not show the archived objective as archived: %q", l)
	}
	m = press(t, selectRow(t, m, title), "x")
	if o := objectiveOf(t, st, title); o.Archived {
		t.Error("x on an archived objective did not restore it")
	}
	// a KPI too: archived KPIs leave the week's data and come back
	m = press(t, selectRow(t, m, "Net burn"), "x")
	if !st.KPIByKey(t, "burn").Archived {
		t.Fatal("x did not archive the KPI")
	}
	m = press(t, selectRow(t, m, "Net burn"), "x")
	if st.KPIByKey(t, "burn").Archived {
		t.Error("x did not restore the archived KPI")
	}
}

func TestObjectivesLinkAndUnlinkKPIs(t *testing.T) {
	st := newFakeStore()
	m := press(t, started(t, st, 120, 40), "2")
	delight := objectiveOf(t, st, "Delight customers")
	m = press(t, selectRow(t, m, delight.Title), "L")
	if !strings.Contains(m.View(), `Link a KPI to "Delight customers"`) || !m.views[viewObjectives].Capturing() {
		t.Fatalf("L did not open the list of KPIs to link:\n%s", m.View())
	}
	m = selectRow(t, m, "Hiring plan (hiring)")
	m = press(t, m, "enter")
	if got := st.KPIByKey(t, "hiring").ObjectiveID; got != delight.ID {
		t.Fatalf("hiring serves objective %d after linking, want %d", got, delight.ID)
	}
	if strings.Contains(m.View(), "Serve no objective") || !strings.Contains(m.View(), `Hiring plan serves "Delight customers" now`) {
		t.Errorf("the list does not show the link:\n%s", m.View())
	}
	m = press(t, selectRow(t, m, "Hiring plan"), "U")
	if got := st.KPIByKey(t, "hiring").ObjectiveID; got != 0 {
		t.Errorf("U left hiring serving objective %d", got)
	}
	if !strings.Contains(m.View(), "Serve no objective (1)") {
		t.Errorf("the unlinked KPI is not under its heading:\n%s", m.View())
	}
}

func TestObjectivesLinkNeverOverwritesAConcurrentChange(t *testing.T) {
	st := newFakeStore()
	m := press(t, started(t, st, 120, 40), "2")
	m = press(t, selectRow(t, m, "Delight customers"), "L")
	m = selectRow(t, m, "Hiring plan (hiring)")
	theyChange(t, st, "hiring", func(k *model.KPI) { k.Owner = "ben" })
	m = press(t, m, "enter")
	if k := st.KPIByKey(t, "hiring"); k.ObjectiveID != 0 || k.Owner != "ben" {
		t.Errorf("the link overwrote their change: %+v", k)
	}
	if !strings.Contains(m.View(), "Not saved: someone changed Hiring plan meanwhile") {
		t.Errorf("the conflict is not told:\n%s", m.View())
	}
}

func TestObjectivesNewKPIServesTheSelectedObjective(t *testing.T) {
	st := newFakeStore()
	m := press(t, started(t, st, 120, 40), "2")
	m = press(t, selectRow(t, m, "Ship a reliable product"), "n")
	if m.editorOpen() == nil || !strings.Contains(screenLine(t, m, "Objective     ["), "Ship a reliable product") {
		t.Errorf("n on an objective did not start a KPI serving it:\n%s", m.View())
	}
	m = press(t, m, "esc", "2", "E")
	if m.editorOpen() == nil || !strings.Contains(m.View(), "Edit objective Ship a reliable product") {
		t.Errorf("E on an objective did not open the objective editor:\n%s", m.View())
	}
}

func TestObjectivesFilter(t *testing.T) {
	st := newFakeStore()
	m := press(t, started(t, st, 120, 40), "2", "/", "owner:emma", "enter")
	screen := m.View()
	for _, k := range st.Dataset().KPIs {
		if k.Archived {
			continue
		}
		if shown := strings.Contains(screen, k.Name); shown != (k.Owner == "emma") {
			t.Errorf("%s (owner %s) shown %v under owner:emma", k.Name, k.Owner, shown)
		}
	}
}

// glideSignups gives the demo's signups a glide path from 100 in W40 to 200 in
// W50 (W44's target is 140, W46's 160) and the same 150 in both weeks.
func glideSignups(t *testing.T, st *fakestore.Store) {
	t.Helper()
	k := st.KPIByKey(t, "signups")
	st.Edit(func(ds *model.Dataset) {
		for i := range ds.KPIs {
			if ds.KPIs[i].ID == k.ID {
				ds.KPIs[i].Targets = model.TargetPath{{Week: model.MustWeek("2026-W40"), Value: 100}, {Week: model.MustWeek("2026-W50"), Value: 200}}
				ds.KPIs[i].Direction, ds.KPIs[i].Tolerance = model.Up, model.DefaultTolerance
			}
		}
	})
	for w, n := range map[string]float64{"2026-W43": 111, "2026-W44": 150, "2026-W45": 122, "2026-W46": 150, "2026-W47": 133} {
		v, _ := st.ValueOf(t, "signups", model.MustWeek(w))
		v.KPIID, v.Week, v.Number, v.HasNumber = k.ID, model.MustWeek(w), n, true
		if _, err := st.SaveValue(v); err != nil {
			t.Fatal(err)
		}
	}
}

func TestScorecardJudgesEachWeekAgainstItsOwnTarget(t *testing.T) {
	st := newFakeStore()
	glideSignups(t, st)
	m := press(t, started(t, st, 160, 50), "3")
	line := screenLine(t, m, "New signups")
	on, off := strings.Index(line, "✓ 150"), strings.Index(line, "✗ 150")
	if on < 0 || off < 0 || on > off {
		t.Errorf("150 should be ✓ in W44 (target 140) and ✗ in W46 (target 160): %q", line)
	}
	// the detail line says the week's own target
	m = press(t, selectRow(t, m, "New signups"), "left", "left", "left")
	if !strings.Contains(m.View(), "New signups 2026-W44: 150 · target ≥ 140 · ✓ on track") {
		t.Errorf("the detail of W44 is wrong:\n%s", m.View())
	}
	m = press(t, m, "right", "right")
	if !strings.Contains(m.View(), "New signups 2026-W46: 150 · target ≥ 160 · ✗ off track") {
		t.Errorf("the detail of W46 is wrong:\n%s", m.View())
	}
}

func TestScorecardShowsGroupsFrozenColumnsAndTotals(t *testing.T) {
	st := newFakeStore()
	m := press(t, started(t, st, 160, 50), "3")
	screen := m.View()
	for _, want := range []string{"[3 Scorecard]", "Scorecard  2026-W35 – 2026-W47 · 13 weeks", "Owner", "Target", "26-W35", "W47", "No objective"} {
		if !strings.Contains(screen, want) {
			t.Errorf("the scorecard lacks %q:\n%s", want, screen)
		}
	}
	totals := press(t, m, "right") // → on the week under review: on to the totals
	for _, want := range []string{"Owner", "Target", "W47", "Avg", "Total"} {
		if !strings.Contains(totals.View(), want) {
			t.Errorf("the scorecard's totals lack %q:\n%s", want, totals.View())
		}
	}
	mrr := readingOf(t, m, "mrr")
	line := screenLine(t, m, "▸ ★ Monthly")
	// $425,856 against ≥ $435,000: three digits decide, the unit is the target's
	if mrr.Value.Number != 425856 || !strings.Contains(line, "["+mrr.Status.Glyph()+" 426k") {
		t.Errorf("the cursor is not on mrr's W47 cell %s %v: %q", mrr.Status.Glyph(), mrr.Value.Number, line)
	}
	if !strings.Contains(line, "ana") || !strings.Contains(line, "≥ $435k") {
		t.Errorf("mrr's owner and target are not beside its name: %q", line)
	}
	// signups sum: the total is the sum of the 13 weeks shown
	var sum float64
	for w := w47.Add(-12); !w.After(w47); w = w.Next() {
		if v, ok := st.ValueOf(t, "signups", w); ok {
			sum += v.Number
		}
	}
	if l := screenLine(t, totals, "New signups"); !strings.Contains(l, model.FormatCompact(sum, "", 0)) {
		t.Errorf("signups' total is not %v: %q", sum, l)
	}
	for _, o := range st.Dataset().Objectives {
		if o.State == model.ObjectiveActive && !strings.Contains(screen, o.Title) {
			t.Errorf("objective %q has no heading", o.Title)
		}
	}
}

// TestScorecardFillsANewWeekAsItArrives: on a week change the grid's cells come
// from the week the root loaded, in the same frame: the first frame of the new
// week is already the settled one, not an empty grid waiting for a read.
func TestScorecardFillsANewWeekAsItArrives(t *testing.T) {
	m := press(t, started(t, newFakeStore(), 160, 50), "3")
	m, load := m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("[")})
	loaded := load()
	if _, ok := loaded.(loadedMsg); !ok {
		t.Fatalf("[ did not load the week: %T", loaded)
	}
	m, more := m.Update(loaded)
	first := m.View()
	if !strings.Contains(first, "2026-W34 – 2026-W46") {
		t.Fatalf("the grid does not show the weeks up to W46:\n%s", first)
	}
	if settled := drain(t, m, more).View(); settled != first {
		t.Errorf("the first frame of the new week differs from the settled one:\n%s\n--- settled:\n%s", first, settled)
	}
}

func TestScorecardScrollsAndSwitchesRanges(t *testing.T) {
	m := press(t, started(t, newFakeStore(), 80, 24), "3")
	if !strings.Contains(m.View(), "Owner") || !strings.Contains(m.View(), "Target") || !strings.Contains(m.View(), "│W47") || strings.Contains(m.View(), "Total") {
		t.Fatalf("at 80 wide the owner, the target and the newest weeks should show first:\n%s", m.View())
	}
	m = press(t, m, "right")
	if !strings.Contains(m.View(), "Owner") || !strings.Contains(m.View(), "Total") || !strings.Contains(m.View(), "│W47") {
		t.Errorf("→ on the week under review did not scroll on to the totals:\n%s", m.View())
	}
	m = send(t, m, tea.KeyHome)
	if !strings.Contains(m.View(), "Owner") || !strings.Contains(m.View(), "26-W35") || strings.Contains(m.View(), "Total") {
		t.Errorf("home did not scroll to the first week:\n%s", m.View())
	}
	if !strings.Contains(m.View(), "★ Monthly") || !strings.Contains(m.View(), "≥ $435k") {
		t.Errorf("the names and targets are not frozen:\n%s", m.View())
	}
	m = send(t, send(t, m, tea.KeyEnd), tea.KeyCtrlEnd)
	if !strings.Contains(m.View(), "Hiring plan") {
		t.Errorf("ctrl+end did not scroll down to the last KPI:\n%s", m.View())
	}
	for _, want := range []string{"26 weeks", "52 weeks", "13 weeks"} {
		m = press(t, m, "w")
		if !strings.Contains(m.View(), want) || strings.Contains(m.View(), "reading…") {
			t.Errorf("w did not switch to %s, read:\n%s", want, m.View())
		}
	}
}

func TestScorecardEditsACellInPlace(t *testing.T) {
	st := newFakeStore()
	m := press(t, started(t, st, 120, 40), "3")
	m = press(t, m, "left", "enter")
	if !m.views[viewScorecard].Capturing() {
		t.Fatalf("enter did not open the cell:\n%s", m.View())
	}
	m = press(t, m, "ctrl+u", "abc", "enter")
	if !strings.Contains(m.View(), `✗ bad value "abc": not a number`) {
		t.Errorf("abc is not refused with the reason:\n%s", m.View())
	}
	m = press(t, m, "ctrl+u", "500k", "tab", "q is typed, not quit", "enter")
	w46 := w47.Prev()
	if v, _ := st.ValueOf(t, "mrr", w46); v.Number != 500000 || v.Note != "q is typed, not quit" || m.quitting {
		t.Fatalf("stored %+v", v)
	}
	if !strings.Contains(m.View(), "Saved Monthly recurring revenue for 2026-W46: $500,000") || !strings.Contains(m.View(), "500k") {
		t.Errorf("the grid does not show the saved value:\n%s", m.View())
	}
}

func TestScorecardCellNeverOverwritesSilently(t *testing.T) {
	st := newFakeStore()
	m := press(t, started(t, st, 120, 40), "3", "enter")
	theirs, _ := st.ValueOf(t, "mrr", w47)
	theirs.Number = 431000
	if _, err := st.SaveValue(theirs); err != nil {
		t.Fatal(err)
	}
	m = press(t, m, "ctrl+u", "440k", "enter")
	if v, _ := st.ValueOf(t, "mrr", w47); v.Number != 431000 {
		t.Fatalf("the cell overwrote theirs: %v", v.Number)
	}
	if !strings.Contains(m.View(), "saved $431,000 for 2026-W47 meanwhile; yours was not saved") {
		t.Fatalf("the conflict is not shown:\n%s", m.View())
	}
	m = press(t, m, "enter")
	if v, _ := st.ValueOf(t, "mrr", w47); v.Number != 440000 {
		t.Errorf("enter again did not replace theirs knowingly: %v", v.Number)
	}
}

func TestScorecardRefusesDerivedAndNotDueCells(t *testing.T) {
	st := newFakeStore()
	m := press(t, started(t, st, 120, 40), "3")
	saves := st.Writes()
	m = press(t, selectRow(t, m, "Win rate"), "enter")
	if m.views[viewScorecard].Capturing() || !strings.Contains(m.View(), "Win rate is derived (ƒ = won / created * 100)") {
		t.Errorf("a derived cell was opened:\n%s", m.View())
	}
	// burn is monthly: W47 is not its due week
	m = press(t, selectRow(t, m, "Net burn"), "enter")
	if m.views[viewScorecard].Capturing() || !strings.Contains(m.View(), "Net burn is monthly: its value for this month is entered in 2026-W45") {
		t.Errorf("a week that is not due was opened:\n%s", m.View())
	}
	if st.Writes() != saves {
		t.Error("a refused cell saved something")
	}
}

func TestScorecardNewAndEditKeysOpenTheKPIEditor(t *testing.T) {
	st := newFakeStore()
	m := press(t, started(t, st, 120, 40), "3")
	m = press(t, selectRow(t, m, "Logo churn"), "E")
	if m.editorOpen() == nil || !strings.Contains(m.View(), "Edit KPI churn") {
		t.Fatalf("E did not edit the cursor's KPI:\n%s", m.View())
	}
	m = press(t, m, "esc", "n")
	if m.editorOpen() == nil || !strings.Contains(screenLine(t, m, "Objective     ["), "Delight customers") {
		t.Errorf("n did not start a KPI serving the cursor's objective:\n%s", m.View())
	}
}

// TestPlanViewsKeysDoNotCollide: no two enabled bindings of one scope share a
// key — each view's keys with the root's global keys, the forms' and lists' keys
// alone (they take every key while open).
func TestPlanViewsKeysDoNotCollide(t *testing.T) {
	global := DefaultKeyMap().Bindings()
	scopes := map[string][]key.Binding{
		"global+objectives": append(append([]key.Binding{}, global...), objectives.DefaultKeyMap().Bindings()...),
		"objectives picker": objectives.DefaultPickerKeyMap().Bindings(),
		"global+scorecard":  append(append([]key.Binding{}, global...), scorecard.DefaultKeyMap().Bindings()...),
		"scorecard editing": scorecard.DefaultEditKeyMap().Bindings(),
		"editor form":       editor.DefaultKeyMap().Bindings(),
		"editor conflict":   editor.DefaultConflictKeyMap().Bindings(),
	}
	checkScopes(t, scopes, 3)
}

// TestPlanViewsFitEverySize draws the Objectives and Scorecard views in their
// modes and the editors over a matrix of sizes: every frame is exactly height
// lines, none wider than width.
func TestPlanViewsFitEverySize(t *testing.T) {
	st := newFakeStore()
	for _, w := range []int{60, 61, 72, 80, 99, 100, 120, 143, 160, 200, 250} {
		for _, h := range []int{16, 17, 20, 24, 30, 40, 55, 70} {
			m := started(t, st, w, h)
			obj := press(t, m, "2")
			card := press(t, m, "3")
			kpiForm := press(t, m, "n")
			conflict := typeInto(t, focusField(t, editKPI(t, m, st, "nps"), "Name"), "NPS")
			theyChange(t, st, "nps", func(k *model.KPI) { k.Owner = fmt.Sprintf("owner%d", w*h) })
			conflict = send(t, conflict, tea.KeyCtrlS)
			frames := map[string]string{
				"objectives":        obj.View(),
				"objectives end":    press(t, obj, "end").View(),
				"objectives picker": press(t, obj, "L").View(),
				"objectives filter": press(t, obj, "/", "zzz", "enter").View(),
				"scorecard":         card.View(),
				"scorecard first":   press(t, send(t, card, tea.KeyHome), "G").View(),
				"scorecard 52":      press(t, card, "w", "w").View(),
				"scorecard editing": press(t, card, "left", "enter", "12").View(),
				"scorecard refused": press(t, card, "left", "enter", "ctrl+u", "x", "enter").View(),
				"kpi editor":        kpiForm.View(),
				"kpi editor end":    focusField(t, kpiForm, "Archived").View(),
				"kpi editor bad":    send(t, press(t, focusField(t, kpiForm, "Key"), "Bad Key"), tea.KeyCtrlS).View(),
				"conflict":          conflict.View(),
				"conflict back":     press(t, conflict, "b").View(),
				"objective editor":  press(t, obj, "o").View(),
			}
			for name, f := range frames {
				lines := strings.Split(f, "\n")
				if len(lines) != h {
					t.Errorf("%d×%d %s: %d lines", w, h, name, len(lines))
				}
				for i, l := range lines {
					if ansi.StringWidth(l) > w {
						t.Errorf("%d×%d %s: line %d is %d wide", w, h, name, i, ansi.StringWidth(l))
					}
				}
			}
		}
	}
}

func TestGoldenObjectivesScorecardAndEditor(t *testing.T) {
	for _, c := range []struct {
		name string
		keys []string
	}{
		{"objectives", []string{"2"}},
		{"scorecard", []string{"3"}},
		{"kpi-editor", []string{"E"}},
	} {
		for _, size := range [][2]int{{80, 24}, {120, 40}} {
			t.Run(fmt.Sprintf("%s-%dx%d", c.name, size[0], size[1]), func(t *testing.T) {
				golden.RequireEqual(t, press(t, started(t, newFakeStore(), size[0], size[1]), c.keys...).View()+"\n")
			})
		}
	}
}

// lineOf is the screen line showing text, or fails.
func lineOf(t *testing.T, m Model, text string) int {
	t.Helper()
	for i, l := range strings.Split(m.View(), "\n") {
		if strings.Contains(l, text) {
			return i
		}
	}
	t.Fatalf("no line shows %q:\n%s", text, m.View())
	return -1
}

func leftClick(m Model, x, y int) Model {
	m, _ = m.Update(tea.MouseMsg{X: x, Y: y, Button: tea.MouseButtonLeft, Action: tea.MouseActionPress})
	return m
}

// Clicks find the row drawn where they land (frame.Hits): on the Objectives a
// second click on a KPI opens it in Trends; on the Scorecard a second click on
// a cell edits it.
func TestClicksSelectTheRowDrawnThere(t *testing.T) {
	st := newFakeStore()
	m := started(t, st, 120, 40)
	m = press(t, m, "2")
	y := lineOf(t, m, "Monthly recurring revenue")
	m = leftClick(m, 4, y)
	if m.active != viewObjectives {
		t.Fatalf("one click left the Objectives for view %d", m.active)
	}
	m, cmd := m.Update(tea.MouseMsg{X: 4, Y: y, Button: tea.MouseButtonLeft, Action: tea.MouseActionPress})
	m = drain(t, m, cmd)
	if m.active != viewTrends || !strings.Contains(m.View(), "Monthly recurring revenue") {
		t.Fatalf("the second click did not open the KPI in Trends (view %d):\n%s", m.active, m.View())
	}
	m = press(t, m, "3")
	y = lineOf(t, m, "★ Monthly")
	m = leftClick(m, 70, y)
	m, cmd = m.Update(tea.MouseMsg{X: 70, Y: y, Button: tea.MouseButtonLeft, Action: tea.MouseActionPress})
	m = drain(t, m, cmd)
	if !m.views[viewScorecard].Capturing() {
		t.Errorf("two clicks on a Scorecard cell did not edit it:\n%s", m.View())
	}
}

// TestScorecardFreezesOwnerAndTargetAndFitsTenWeeks: at 120 columns the owner
// and target show beside the names without scrolling, and the cells, sized to
// what they print, leave room for at least 10 of the 13 weeks (6 fitted when
// every cell was 12 wide).
func TestScorecardFreezesOwnerAndTargetAndFitsTenWeeks(t *testing.T) {
	m := press(t, started(t, newFakeStore(), 120, 40), "3")
	heads := screenLine(t, m, "KPI ")
	weeks := regexp.MustCompile(`\bW\d\d\b`).FindAllString(heads, -1)
	if !strings.Contains(heads, "Owner") || !strings.Contains(heads, "Target") || len(weeks) < 10 {
		t.Errorf("want Owner, Target and ≥ 10 weeks, got %d weeks: %q", len(weeks), heads)
	}
	for range 12 { // to the oldest week and back: the owner and target stay
		m = press(t, m, "left")
		if l := screenLine(t, m, "KPI "); !strings.Contains(l, "Owner") || !strings.Contains(l, "Target") {
			t.Fatalf("the owner and target scrolled away: %q", l)
		}
	}
	if !strings.Contains(screenLine(t, m, "KPI "), "26-W35") {
		t.Errorf("the first week is not shown at the oldest week:\n%s", m.View())
	}
}

// TestScorecardWritesARowAtOnePrecision: values in the millions beside a
// target in the millions read at one precision — the digits that show why the
// cell is off — instead of "$1M" beside "≥ $1,602,974" and "$961.6k" beside it.
func TestScorecardWritesARowAtOnePrecision(t *testing.T) {
	st := newFakeStore()
	k := st.KPIByKey(t, "mrr")
	st.Edit(func(ds *model.Dataset) {
		for i := range ds.KPIs {
			if ds.KPIs[i].ID == k.ID {
				ds.KPIs[i].Targets = model.TargetPath{{Week: w47, Value: 1602974}}
			}
		}
	})
	for w, n := range map[model.Week]float64{w47: 1032594, w47.Prev(): 961635} {
		v, _ := st.ValueOf(t, "mrr", w)
		v.KPIID, v.Week, v.Number, v.HasNumber = k.ID, w, n, true
		if _, err := st.SaveValue(v); err != nil {
			t.Fatal(err)
		}
	}
	line := screenLine(t, press(t, started(t, st, 120, 40), "3"), "▸ ★ Monthly")
	for _, want := range []string{"≥ $1.60M", "✗ 0.96M", "✗ 1.03M"} {
		if !strings.Contains(line, want) {
			t.Errorf("mrr's row lacks %q: %q", want, line)
		}
	}
	if strings.Contains(line, "k ") || strings.Contains(line, "$1M") {
		t.Errorf("mrr's row mixes precisions: %q", line)
	}
}
