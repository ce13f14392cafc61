package ui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"kpi/model"
	"kpi/ui/dashboard"
	"kpi/ui/entry"
	"kpi/ui/fakestore"
	"kpi/ui/frame"
	"kpi/ui/trends"
)

var w47 = model.MustWeek("2026-W47")

func TestDashboardShowsTeamWeekAndCards(t *testing.T) {
	st := newFakeStore()
	m := started(t, st, 120, 40)
	screen := m.View()
	for _, want := range []string{"Northwind Analytics", "2026-W47", "16–22 Nov 2026", "this week", "northwind.db",
		"[1 Dashboard]", "Monthly recurring revenue", "Health metrics", "★"} {
		if !strings.Contains(screen, want) {
			t.Errorf("the dashboard lacks %q:\n%s", want, screen)
		}
	}
	// the OMTM card comes first: its name is above every other card's
	omtm := strings.Index(screen, "Monthly recurring revenue")
	for _, k := range st.Dataset().KPIs {
		if i := strings.Index(screen, k.Name); i >= 0 && i < omtm {
			t.Errorf("%q is drawn before the OMTM card", k.Name)
		}
	}
}

func TestWeekKeysMoveTheWeekAndReload(t *testing.T) {
	m := started(t, newFakeStore(), 120, 40)
	m = press(t, m, "]")
	if m.week != w47.Next() || m.data.Week != w47.Next() {
		t.Fatalf("] moved to %s with data of %s; want %s", m.week, m.data.Week, w47.Next())
	}
	if !strings.Contains(m.View(), "2026-W48") || !strings.Contains(m.View(), "next week") {
		t.Errorf("the header does not show 2026-W48:\n%s", m.View())
	}
	m = press(t, m, "[", "[")
	if m.week != w47.Prev() {
		t.Errorf("[ [ gave %s, want %s", m.week, w47.Prev())
	}
	m = press(t, m, ".")
	if m.week != w47 {
		t.Errorf(". gave %s, want this week %s", m.week, w47)
	}
}

func TestStaleLoadsAreDropped(t *testing.T) {
	st := newFakeStore()
	m := started(t, st, 120, 40)
	// two week changes; the first one's result arrives last and must be ignored
	m, first := m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("]")})
	m, second := m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("]")})
	m, _ = m.Update(second())
	m, _ = m.Update(first())
	if m.data.Week != w47.Add(2) {
		t.Errorf("a stale load replaced the data: showing %s, want %s", m.data.Week, w47.Add(2))
	}
}

// firstEntryKPI is the KPI of the entry form's focused row.
func firstEntryKPI(t *testing.T, m Model) string {
	t.Helper()
	for _, l := range strings.Split(m.View(), "\n") {
		if strings.HasPrefix(l, "▸") {
			return l
		}
	}
	t.Fatalf("no focused row in the form:\n%s", m.View())
	return ""
}

func TestEntryFormSavesAValueAndRefusesABadOne(t *testing.T) {
	st := newFakeStore()
	m := started(t, st, 120, 40)
	m = press(t, m, "e")
	if m.entryOpen() == nil || !strings.Contains(m.View(), "Enter values for 2026-W47") {
		t.Fatalf("e did not open the form:\n%s", m.View())
	}
	// missing KPIs come first: the focused row is one without a value
	row := firstEntryKPI(t, m)
	var target model.KPI
	for _, k := range st.Dataset().KPIs {
		if strings.Contains(row, k.Name) {
			target = k
		}
	}
	if target.ID == 0 {
		t.Fatalf("cannot tell the KPI of the row %q", row)
	}
	if _, has := st.ValueOf(t, target.Key, w47); has {
		t.Fatalf("the first row %s already has a value; missing ones must come first", target.Key)
	}
	// a plausible value: last week's, as it would be typed
	prev, _ := st.ValueOf(t, target.Key, w47.Prev())
	m = press(t, m, frame.InputText(target, prev), "enter")
	v, has := st.ValueOf(t, target.Key, w47)
	if !has || v.Number != prev.Number {
		t.Fatalf("typing %s and enter stored %+v (has %v)", frame.InputText(target, prev), v, has)
	}
	if m.data.Readings == nil || !strings.Contains(m.View(), "saved") {
		t.Errorf("the row does not say saved:\n%s", m.View())
	}
	// the dashboard shows the new value at once (the save triggered a reload)
	found := false
	for _, r := range m.data.Readings {
		if r.KPI.ID == target.ID && r.HasValue && r.Value.Number == prev.Number {
			found = true
		}
	}
	if !found {
		t.Error("after the save the reloaded readings lack the value")
	}

	// the focus moved on; a bad value is refused on its row and nothing is saved
	second := firstEntryKPI(t, m)
	saves := st.Writes()
	m = press(t, m, "abc", "enter")
	if st.Writes() != saves {
		t.Errorf("abc was saved")
	}
	if !strings.Contains(m.View(), "    ✗ ") || !strings.Contains(m.View(), `"abc"`) || strings.Fields(firstEntryKPI(t, m))[2] != strings.Fields(second)[2] {
		t.Errorf("abc was not refused on its row with a reason:\n%s", m.View())
	}
	m = press(t, m, "esc")
	if m.entryOpen() != nil {
		t.Error("esc did not close the form")
	}
}

func TestEntryFormNeverOverwritesSilently(t *testing.T) {
	st := newFakeStore()
	m := started(t, st, 120, 40)
	m = press(t, m, "e")
	row := firstEntryKPI(t, m)
	var target model.KPI
	for _, k := range st.Dataset().KPIs {
		if strings.Contains(row, k.Name) {
			target = k
		}
	}
	// someone else enters the value after the form opened
	theirs, err := st.SaveValue(model.Value{KPIID: target.ID, Week: w47, Number: 7, HasNumber: true})
	if err != nil {
		t.Fatal(err)
	}
	prev, _ := st.ValueOf(t, target.Key, w47.Prev())
	mine := prev.Number + 1
	m = press(t, m, frame.InputText(target, model.Value{Number: mine, HasNumber: true}), "enter")
	if v, _ := st.ValueOf(t, target.Key, w47); v.Number != theirs.Number {
		t.Fatalf("the form overwrote theirs without asking: stored %v", v.Number)
	}
	if !strings.Contains(m.View(), "meanwhile") {
		t.Fatalf("the conflict is not shown:\n%s", m.View())
	}
	// going back to the row and saving again replaces theirs, knowingly
	m = press(t, m, "up", "enter")
	if v, _ := st.ValueOf(t, target.Key, w47); v.Number != mine {
		t.Errorf("the second enter did not replace theirs: stored %v", v.Number)
	}
}

func TestEntryFormTakesAStatusForQualitativeKPIs(t *testing.T) {
	st := newFakeStore()
	m := started(t, st, 120, 40)
	m = press(t, m, "e")
	var q model.KPI
	for _, k := range st.Dataset().KPIs {
		if k.Kind == model.Qualitative && !k.Archived {
			q = k
			break
		}
	}
	// move to the qualitative KPI's row
	for i := 0; i < m.entryOpen().Len() && !strings.Contains(firstEntryKPI(t, m), q.Name); i++ {
		m = press(t, m, "down")
	}
	line := firstEntryKPI(t, m)
	if !strings.Contains(line, q.Name) {
		t.Fatalf("could not reach %s's row", q.Name)
	}
	// clear what is there, then a status word and a note
	m, _ = m.Update(tea.KeyMsg{Type: tea.KeyCtrlU})
	m = press(t, m, "off track", "tab")
	m, _ = m.Update(tea.KeyMsg{Type: tea.KeyCtrlU})
	m = press(t, m, "vendor audit slipped", "enter")
	v, has := st.ValueOf(t, q.Key, w47)
	if !has || v.Status != model.OffTrack || v.Note != "vendor audit slipped" || v.HasNumber {
		t.Errorf("stored %+v, want off track with the note", v)
	}
}

func TestReadOnlyFileShowsWhyAndRefusesTheForm(t *testing.T) {
	st := newFakeStore()
	st.SetReadOnly("the file is read-only for you; ask its owner")
	m := started(t, st, 100, 30)
	if !strings.Contains(m.View(), "READ-ONLY — the file is read-only for you") {
		t.Errorf("no read-only banner:\n%s", m.View())
	}
	m = press(t, m, "e")
	if m.entryOpen() != nil || !strings.Contains(m.View(), "Nothing can be saved") {
		t.Errorf("e on a read-only file did not explain:\n%s", m.View())
	}
}

func TestThemeAndPresentationKeys(t *testing.T) {
	st := newFakeStore()
	m := started(t, st, 120, 40)
	before := m.styles.Theme.Name
	m = press(t, m, "t")
	if m.styles.Theme.Name == before {
		t.Errorf("t did not change the theme from %s", before)
	}
	// presentation: no key help; high contrast unless a theme was chosen
	m = started(t, st, 120, 40)
	m.explicit = false
	help := "? help"
	if !strings.Contains(m.View(), help) {
		t.Fatalf("no key help in the footer:\n%s", m.View())
	}
	m = press(t, m, "p")
	if strings.Contains(m.View(), help) || m.styles.Theme.Name != "high-contrast" || !strings.Contains(m.View(), "presenting") {
		t.Errorf("presentation mode: theme %s, screen:\n%s", m.styles.Theme.Name, m.View())
	}
	m = press(t, m, "p")
	if m.styles.Theme.Name != "mono" {
		t.Errorf("leaving presentation mode did not restore the theme: %s", m.styles.Theme.Name)
	}
}

func TestHelpOverlayAndQuit(t *testing.T) {
	m := started(t, newFakeStore(), 120, 40)
	m = press(t, m, "?")
	if !strings.Contains(m.View(), "Keys — Dashboard") || !strings.Contains(m.View(), "previous week") {
		t.Fatalf("? does not show the help:\n%s", m.View())
	}
	m = press(t, m, "x")
	if strings.Contains(m.View(), "Keys — Dashboard") {
		t.Error("a key that does not scroll did not close the help")
	}
	m = press(t, m, "e")
	m, cmd := m.Update(tea.KeyMsg{Type: tea.KeyCtrlC})
	if cmd == nil || cmd() != tea.Quit() {
		t.Error("ctrl+c does not quit from the entry form")
	}
	m = started(t, newFakeStore(), 120, 40)
	m, cmd = m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("q")})
	if cmd == nil || cmd() != tea.Quit() || m.View() != "" {
		t.Error("q does not quit with an empty last frame")
	}
}

func TestFilterNarrowsTheCards(t *testing.T) {
	st := newFakeStore()
	m := started(t, st, 120, 40)
	m = press(t, m, "/", "owner:emma", "enter")
	want := 0
	for _, k := range st.Dataset().KPIs {
		if k.Owner == "emma" && !k.Archived {
			want++
		}
	}
	screen := m.View()
	if !strings.Contains(screen, `filter "owner:emma"`) {
		t.Fatalf("no filter line:\n%s", screen)
	}
	for _, k := range st.Dataset().KPIs {
		if k.Owner != "emma" && strings.Contains(screen, k.Name) {
			t.Errorf("%s (owner %s) is shown under owner:emma", k.Name, k.Owner)
		}
	}
	if want == 0 {
		t.Fatal("the demo has no KPI of emma")
	}
	m = press(t, m, "esc")
	if strings.Contains(m.View(), `filter "`) {
		t.Error("esc did not clear the filter")
	}
}

func TestTabsByKeyAndMouseAndEnterOpensTrends(t *testing.T) {
	m := started(t, newFakeStore(), 120, 40)
	m = press(t, m, "3")
	if m.active != viewScorecard || !strings.Contains(m.View(), "[3 Scorecard]") {
		t.Fatalf("3 did not switch to the scorecard:\n%s", m.View())
	}
	m = press(t, m, "tab")
	if m.active != viewTrends {
		t.Errorf("tab went to view %d, want trends", m.active)
	}
	// click the first tab
	m, _ = m.Update(tea.MouseMsg{X: 3, Y: m.bodyTop - 1, Button: tea.MouseButtonLeft, Action: tea.MouseActionPress})
	if m.active != viewDashboard {
		t.Fatalf("clicking the first tab gave view %d", m.active)
	}
	m = press(t, m, "enter")
	if m.active != viewTrends {
		t.Errorf("enter on a card gave view %d, want trends", m.active)
	}
	m = press(t, m, "esc")
	if m.active != viewDashboard {
		t.Errorf("esc did not go back to the dashboard: view %d", m.active)
	}
}

// TestEscOnATopLevelViewDoesNothing: esc goes back only from a KPI opened from a
// view; on a view reached by its number, tab or a click it stays there.
func TestEscOnATopLevelViewDoesNothing(t *testing.T) {
	m := started(t, newFakeStore(), 120, 40)
	for _, keys := range [][]string{{"3"}, {"3", "4"}, {"tab"}, {"enter", "tab"}} {
		m = press(t, m, "1")
		m = press(t, m, keys...)
		at := m.active
		m = press(t, m, "esc")
		if m.active != at {
			t.Errorf("after %v, esc moved from view %d to %d", keys, at, m.active)
		}
	}
}

func TestMouseSelectsACard(t *testing.T) {
	m := started(t, newFakeStore(), 120, 40)
	before := m.View()
	// the second card row starts below the summary line and the OMTM card
	m, _ = m.Update(tea.MouseMsg{X: 70, Y: m.bodyTop + 1 + 8 + 2, Button: tea.MouseButtonLeft, Action: tea.MouseActionPress})
	after := m.View()
	if before == after {
		t.Fatal("a click on a card changed nothing")
	}
	if strings.Count(after, "┏") != 1 {
		t.Errorf("want exactly one selected (thick) card after the click:\n%s", after)
	}
	if !strings.Contains(after, "╔") {
		t.Errorf("the OMTM card lost its own border after another card was selected:\n%s", after)
	}
}

func TestEscapeSequencesInNamesAreDrawnAsText(t *testing.T) {
	st := newFakeStore()
	st.Edit(func(ds *model.Dataset) {
		ds.KPIs[0].Name = "Evil\x1b]0;pwned\x07 name\x1b[2J"
		ds.Settings.TeamName = "Team\x1b[31m red"
	})
	m := started(t, st, 120, 40)
	screen := m.View()
	if strings.ContainsRune(screen, '\x1b') || strings.ContainsRune(screen, '\x07') {
		t.Errorf("an escape sequence reached the screen: %q", screen)
	}
	if !strings.Contains(screen, "Evil name") || !strings.Contains(screen, "Team red") {
		t.Errorf("the sanitised text is not drawn:\n%s", screen)
	}
}

func TestNoTwoEnabledBindingsOfAScopeShareAKey(t *testing.T) {
	scopes := map[string][]key.Binding{
		"global+dashboard": append(DefaultKeyMap().Bindings(), dashboard.DefaultKeyMap().Bindings()...),
		"entry form":       entry.DefaultKeyMap().Bindings(),
		"global+trends":    append(DefaultKeyMap().Bindings(), trends.DefaultKeyMap().Bindings()...),
		"trends editing":   trends.DefaultEditKeyMap().Bindings(),
	}
	checkScopes(t, scopes, 5)
}

// checkScopes fails when two enabled bindings of one scope share a key
// (house-style.md, "Keys"), or a scope has fewer than minKeys keys (not wired).
func checkScopes(t *testing.T, scopes map[string][]key.Binding, minKeys int) {
	t.Helper()
	for name, bs := range scopes {
		seen := map[string]string{}
		for _, b := range bs {
			if !b.Enabled() {
				continue
			}
			for _, k := range b.Keys() {
				if prev, ok := seen[k]; ok {
					t.Errorf("%s: key %q is bound to both %q and %q", name, k, prev, b.Help().Desc)
				}
				seen[k] = b.Help().Desc
			}
		}
		if len(seen) < minKeys {
			t.Errorf("%s: only %d keys; the scope is not wired", name, len(seen))
		}
	}
}

// TestLayoutFitsEverySize draws every view, the help overlay and the entry form
// over a matrix of sizes: each frame must be exactly height lines, none wider
// than width.
func TestLayoutFitsEverySize(t *testing.T) {
	st := newFakeStore()
	widths := []int{20, 59, 60, 61, 72, 80, 99, 100, 120, 143, 160, 200, 250}
	heights := []int{5, 15, 16, 17, 20, 24, 30, 40, 55, 70}
	for _, w := range widths {
		for _, h := range heights {
			m := started(t, st, w, h)
			frames := map[string]string{}
			for v := range viewCount {
				shown := m
				shown.active = v
				shown.ensureActive() // the context and size a view takes when shown
				if v == viewObjectives || v == viewScorecard {
					shown = drain(t, shown, shown.views[v].Init()) // they read their own data when shown
				}
				frames[viewNames[v]] = shown.View()
			}
			frames["help"] = press(t, m, "?").View()
			frames["entry"] = press(t, m, "e").View()
			frames["presentation"] = press(t, m, "p").View()
			frames["end"] = press(t, m, "end").View()
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

// TestEightyByTwentyFourCutsNoCard: every card drawn at 80×24 is whole — as many
// bottom corners as top corners — wherever the selection is.
func TestEightyByTwentyFourCutsNoCard(t *testing.T) {
	m := started(t, newFakeStore(), 80, 24)
	for i := 0; i < 20; i++ {
		screen := m.View()
		tops := strings.Count(screen, "╭") + strings.Count(screen, "┏") + strings.Count(screen, "╔")
		bottoms := strings.Count(screen, "╰") + strings.Count(screen, "┗") + strings.Count(screen, "╚")
		if tops != bottoms || (tops == 0 && !strings.Contains(screen, "Health metrics")) {
			t.Fatalf("after %d moves a card is cut (%d tops, %d bottoms):\n%s", i, tops, bottoms, screen)
		}
		if !strings.Contains(screen, "┏") && !strings.Contains(screen, "▸") {
			t.Fatalf("after %d moves the selection is not on screen:\n%s", i, screen)
		}
		m = press(t, m, "j")
	}
}

func TestTooSmallSaysSo(t *testing.T) {
	m := started(t, newFakeStore(), 50, 12)
	if !strings.Contains(m.View(), "needs at least 60×16") {
		t.Errorf("no too-small screen:\n%s", m.View())
	}
}

func TestGoldenDashboard(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}, {60, 16}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			golden.RequireEqual(t, started(t, newFakeStore(), size[0], size[1]).View()+"\n")
		})
	}
}

func TestWheelScrollsTheDashboard(t *testing.T) {
	m := started(t, newFakeStore(), 80, 24)
	top := m.View()
	m, _ = m.Update(tea.MouseMsg{X: 10, Y: m.bodyTop + 3, Button: tea.MouseButtonWheelDown, Action: tea.MouseActionPress})
	scrolled := m.View()
	if scrolled == top {
		t.Fatal("the wheel did not scroll")
	}
	if strings.Contains(scrolled, "★ Monthly recurring revenue") {
		t.Errorf("after scrolling down the OMTM card is still on top:\n%s", scrolled)
	}
	m, _ = m.Update(tea.MouseMsg{X: 10, Y: m.bodyTop + 3, Button: tea.MouseButtonWheelUp, Action: tea.MouseActionPress})
	if m.View() != top {
		t.Errorf("scrolling back up did not restore the first screen:\n%s", m.View())
	}
}

func TestTypingOverAStoredValueReplacesIt(t *testing.T) {
	st := newFakeStore()
	m := started(t, st, 120, 40)
	m = press(t, m, "e")
	// the last row is a KPI that already has this week's value
	for i := 0; i < m.entryOpen().Len(); i++ {
		m = press(t, m, "down")
	}
	line := firstEntryKPI(t, m)
	var target model.KPI
	for _, k := range st.Dataset().KPIs {
		if strings.Contains(line, k.Name) && k.Kind == model.Quantitative {
			target = k
		}
	}
	if target.ID == 0 {
		t.Fatalf("the last row %q is not a number row", line)
	}
	m = press(t, m, "77", "enter")
	if v, _ := st.ValueOf(t, target.Key, w47); v.Number != 77 {
		t.Errorf("typing 77 over the stored value stored %v", v.Number)
	}
}

// TestHeldKeysArriveAsOneMessage: a terminal delivers a held or fast-typed key as
// one message with several runes; each must count, outside text inputs.
func TestHeldKeysArriveAsOneMessage(t *testing.T) {
	m := started(t, newFakeStore(), 120, 40)
	m, cmd := m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("]]]")})
	m = drain(t, m, cmd)
	if m.week != w47.Add(3) || m.data.Week != w47.Add(3) {
		t.Errorf("]]] moved to %s (data %s), want %s", m.week, m.data.Week, w47.Add(3))
	}
	one := press(t, started(t, newFakeStore(), 120, 40), "j", "j")
	m, cmd = started(t, newFakeStore(), 120, 40).Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("jj")})
	m = drain(t, m, cmd)
	if m.View() != one.View() {
		t.Error("jj in one message did not move like j, j")
	}
	// in the filter input the runes are text
	m = press(t, started(t, newFakeStore(), 120, 40), "/")
	m, _ = m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("emma")})
	if m.filter.Value() != "emma" {
		t.Errorf("typing into the filter gave %q", m.filter.Value())
	}
}

// openTrends is the app at w×h with KPI key open in Trends, loaded.
func openTrends(t *testing.T, st *fakestore.Store, key string, w, h int) Model {
	t.Helper()
	m := started(t, st, w, h)
	m, cmd := m.Update(frame.OpenKPIMsg{KPIID: st.KPIByKey(t, key).ID})
	return drain(t, m, cmd)
}

// readingOf is the root's reading of KPI key for the week under review.
func readingOf(t *testing.T, m Model, key string) model.Reading {
	t.Helper()
	for _, r := range m.data.Readings {
		if r.KPI.Key == key {
			return r
		}
	}
	t.Fatalf("no reading of %s", key)
	return model.Reading{}
}

func TestTrendsOpensFromTheDashboardAndEditsAPastWeek(t *testing.T) {
	st := newFakeStore()
	m := started(t, st, 120, 40)
	m = press(t, m, "enter") // the OMTM card is selected first
	if m.active != viewTrends {
		t.Fatalf("enter on the dashboard gave view %d, want trends", m.active)
	}
	mrr := readingOf(t, m, "mrr")
	screen := m.View()
	for _, want := range []string{"[4 Trends]", "★ Monthly recurring revenue", frame.ValueText(mrr), "26 weeks", "2026-W47 under review"} {
		if !strings.Contains(screen, want) {
			t.Errorf("trends of mrr lack %q:\n%s", want, screen)
		}
	}
	m = press(t, m, "+")
	if !strings.Contains(m.View(), "52 weeks") {
		t.Errorf("+ did not widen the range:\n%s", m.View())
	}
	// edit W44: the root hands every key to the view's inputs, q included
	w44 := w47.Add(-3)
	m = press(t, m, "left", "left", "left", "enter", "ctrl+u", "500k", "tab", "q and a note", "enter")
	if m.quitting {
		t.Fatal("typing q into the note quit the app")
	}
	v, ok := st.ValueOf(t, "mrr", w44)
	if !ok || v.Number != 500000 || v.Note != "q and a note" {
		t.Fatalf("stored %+v, want 500,000 with the note", v)
	}
	if !strings.Contains(m.View(), "$500,000") || !strings.Contains(m.View(), "Saved Monthly recurring revenue for 2026-W44") {
		t.Errorf("the table does not show the saved value:\n%s", m.View())
	}
	// esc goes back to the dashboard
	m = press(t, m, "esc")
	if m.active != viewDashboard {
		t.Errorf("esc from trends gave view %d", m.active)
	}
}

func TestTrendsLoadsWhenShownAndAfterAReload(t *testing.T) {
	st := newFakeStore()
	m := press(t, started(t, st, 120, 40), "4")
	if strings.Contains(m.View(), "Loading the history") || !strings.Contains(m.View(), "★ Monthly recurring revenue") {
		t.Fatalf("4 did not show the OMTM's trends loaded:\n%s", m.View())
	}
	// someone else changes last week; the next reload of the root reaches trends
	w46 := w47.Prev()
	theirs, _ := st.ValueOf(t, "mrr", w46)
	theirs.Number = 123456
	if _, err := st.SaveValue(theirs); err != nil {
		t.Fatal(err)
	}
	m = drain(t, m, func() tea.Msg { return frame.ReloadMsg{} })
	if !strings.Contains(m.View(), "$123,456") {
		t.Errorf("after a reload trends still show the old value of %s:\n%s", w46, m.View())
	}
}

func TestTrendsCyclesKPIsAndRefusesDerivedEdits(t *testing.T) {
	st := newFakeStore()
	m := openTrends(t, st, "win_rate", 120, 40)
	if !strings.Contains(m.View(), "ƒ Win rate") || !strings.Contains(m.View(), "ƒ = won / created * 100") {
		t.Fatalf("the derived KPI is not shown as derived:\n%s", m.View())
	}
	saves := st.Writes()
	m = press(t, m, "enter")
	if m.views[viewTrends].Capturing() || !strings.Contains(m.View(), "Win rate is derived") || st.Writes() != saves {
		t.Errorf("enter on a derived KPI did not refuse:\n%s", m.View())
	}
	before := m.View()
	m = press(t, m, "n")
	if m.View() == before || strings.Contains(m.View(), "ƒ = won / created") {
		t.Errorf("n did not move to another KPI:\n%s", m.View())
	}
	m = press(t, m, "N")
	if !strings.Contains(m.View(), "ƒ Win rate") {
		t.Errorf("N did not come back to win rate:\n%s", m.View())
	}
}

func TestGoldenTrends(t *testing.T) {
	for _, key := range []string{"mrr", "churn", "p95_latency"} {
		for _, size := range [][2]int{{80, 24}, {120, 40}} {
			t.Run(fmt.Sprintf("%s-%dx%d", key, size[0], size[1]), func(t *testing.T) {
				golden.RequireEqual(t, openTrends(t, newFakeStore(), key, size[0], size[1]).View()+"\n")
			})
		}
	}
}

// TestTrendsLayoutFitsEverySize draws Trends with a KPI open — browsing, editing,
// the whole history, the help — over a matrix of sizes: each frame must be
// exactly height lines, none wider than width.
func TestTrendsLayoutFitsEverySize(t *testing.T) {
	st := newFakeStore()
	for _, key := range []string{"mrr", "win_rate", "security", "gross_margin"} {
		for _, w := range []int{60, 61, 72, 80, 99, 120, 143, 200, 250} {
			for _, h := range []int{16, 17, 20, 24, 30, 40, 55, 70} {
				m := openTrends(t, st, key, w, h)
				frames := map[string]string{
					"browse": m.View(),
					"edit":   press(t, m, "left", "enter", "1").View(),
					"all":    press(t, m, "+", "+").View(),
					"help":   press(t, m, "?").View(),
				}
				if !strings.Contains(frames["browse"], "[4 Trends]") && !strings.Contains(frames["browse"], "4 Trends") {
					t.Errorf("%s %d×%d: trends is not the active view", key, w, h)
				}
				for name, f := range frames {
					lines := strings.Split(f, "\n")
					if len(lines) != h {
						t.Errorf("%s %d×%d %s: %d lines", key, w, h, name, len(lines))
					}
					for i, l := range lines {
						if ansi.StringWidth(l) > w {
							t.Errorf("%s %d×%d %s: line %d is %d wide", key, w, h, name, i, ansi.StringWidth(l))
						}
					}
				}
			}
		}
	}
}

// results is every message cmd produces, batches opened, without feeding them
// to the app.
func results(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	msg := cmd()
	if b, ok := msg.(tea.BatchMsg); ok {
		var out []tea.Msg
		for _, c := range b {
			out = append(out, results(c)...)
		}
		return out
	}
	return []tea.Msg{msg}
}

// TestANewerLoadCancelsTheStaleOne: a second week change before the first
// one's load ran cancels that load, which reads nothing and sends nothing; the
// newer load shows its week.
func TestANewerLoadCancelsTheStaleOne(t *testing.T) {
	st := newFakeStore()
	m := started(t, st, 120, 40)
	next := tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("]")}
	m, stale := m.Update(next)
	m, fresh := m.Update(next)
	for _, msg := range results(stale) {
		if _, ok := msg.(loadedMsg); ok {
			t.Errorf("the stale load still loaded: %+v", msg)
		}
	}
	m = drain(t, m, fresh)
	if m.data == nil || m.data.Week != w47.Add(2) {
		t.Fatalf("the newer load did not show its week: %+v", m.data)
	}
	if !strings.Contains(m.View(), w47.Add(2).String()) {
		t.Errorf("the header does not show %s:\n%s", w47.Add(2), m.View())
	}
}

// Each tab's title before its view is built is the built view's own.
func TestUnbuiltViewsAreTitledAsBuilt(t *testing.T) {
	m := New(plainOptions(newFakeStore(), "mono"))
	for i, v := range m.views {
		if built := v.SetSize(100, 30); v.Title() != built.Title() {
			t.Errorf("view %d is titled %q before it is built, %q after", i, v.Title(), built.Title())
		}
	}
}

// The root's inputs are kept by pointer, yet a model is still a value: a copy
// taken before typing, clearing or going to a week keeps its own text.
func TestRootInputsChangeOnlyTheModelThatChanged(t *testing.T) {
	m := press(t, started(t, newFakeStore(), 120, 40), "/")
	before := m
	m, _ = m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("emma")})
	typed := m
	m = press(t, m, "esc")
	if before.filter.Value() != "" || typed.filter.Value() != "emma" || m.filter.Value() != "" {
		t.Errorf("filter: before %q, typed %q, cleared %q; want \"\", \"emma\", \"\"", before.filter.Value(), typed.filter.Value(), m.filter.Value())
	}
	m = press(t, m, "g")
	opened := m
	m, _ = m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("W40")})
	if opened.jump.Value() != "" || m.jump.Value() != "W40" {
		t.Errorf("go to week: opened %q, typed %q", opened.jump.Value(), m.jump.Value())
	}
}
