package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"kpi/model"
	"kpi/ui/frame"
)

// Every cut has an ellipsis, and every cut text can be read whole where it is
// cut: the selected row's text is whole somewhere on the screen (a detail
// line, a line that wraps) at 80×24 and 120×40. Each test walks the selection
// over every row of a view and looks for the whole text of the row.

// cutSizes are the sizes a team shares its screen at.
var cutSizes = [][2]int{{80, 24}, {120, 40}}

// onScreen reports whether text is on m's screen whole, reading wrapped lines
// as one (runs of spaces and line ends count as one space).
func onScreen(m Model, text string) bool {
	screen := strings.Join(strings.Fields(ansi.Strip(m.View())), " ")
	return strings.Contains(screen, strings.Join(strings.Fields(text), " "))
}

func TestDashboardShowsTheSelectedKPIWhole(t *testing.T) {
	for _, size := range cutSizes {
		m := started(t, newFakeStore(), size[0], size[1])
		for i := range m.data.Readings {
			if i > 0 {
				m = press(t, m, "right")
			}
			sel := frame.SelectionOf(m.views[m.active])
			r := readingByID(m, sel.ID)
			if !onScreen(m, r.KPI.Name) {
				t.Errorf("%v: the selected %q is not whole on screen:\n%s", size, r.KPI.Name, m.View())
			}
			if note := r.Value.Note; r.HasValue && note != "" && !onScreen(m, "“"+note+"”") {
				t.Errorf("%v: %s's note %q is not whole on screen:\n%s", size, r.KPI.Key, note, m.View())
			}
		}
	}
}

// readingByID is the reading of KPI id in the app's data.
func readingByID(m Model, id int64) model.Reading {
	for _, r := range m.data.Readings {
		if r.KPI.ID == id {
			return r
		}
	}
	return model.Reading{}
}

func TestScorecardShowsTheCursorsKPIWhole(t *testing.T) {
	for _, size := range cutSizes {
		m := press(t, started(t, newFakeStore(), size[0], size[1]), "3")
		for range m.data.Readings {
			sel := frame.SelectionOf(m.views[m.active])
			name := strings.TrimPrefix(sel.Label, "KPI ")
			if !onScreen(m, name) {
				t.Errorf("%v: the cursor's %q is not whole on screen:\n%s", size, name, m.View())
			}
			m = press(t, m, "down")
		}
		// a refusal is whole too ("so there is nothing t…" before)
		m = press(t, selectRow(t, m, "ƒ Win rate"), "enter")
		if !onScreen(m, "so there is nothing to enter; edit the inputs instead.") {
			t.Errorf("%v: the refusal is cut:\n%s", size, m.View())
		}
	}
}

func TestTrendsShowsTheCursorWeeksNoteWhole(t *testing.T) {
	for _, size := range cutSizes {
		st := newFakeStore()
		m := started(t, st, size[0], size[1])
		for _, key := range []string{"mrr", "churn", "nps"} {
			m, cmd := m.Update(frame.OpenKPIMsg{KPIID: st.KPIByKey(t, key).ID})
			m = drain(t, m, cmd)
			w := w47
			for range 13 {
				if v, ok := st.ValueOf(t, key, w); ok && v.Note != "" && !onScreen(m, v.Note) {
					t.Errorf("%v: %s's note of %s %q is not whole on screen:\n%s", size, key, w, v.Note, m.View())
				}
				m, w = press(t, m, "left"), w.Prev()
			}
		}
	}
}

func TestReviewShowsTheSelectedRowWhole(t *testing.T) {
	for _, size := range cutSizes {
		st := newFakeStore()
		m := inProgress(t, st, size[0], size[1])
		m = press(t, m, "esc") // the message of the last action goes
		acts, err := st.ActionItems()
		if err != nil {
			t.Fatal(err)
		}
		r, _, _ := st.Review(w47)
		var texts []string
		for _, it := range r.Checklist {
			texts = append(texts, it.Text)
		}
		for _, a := range acts {
			if !a.Done {
				texts = append(texts, a.Text)
			}
		}
		seen := map[string]bool{}
		for range 40 { // from the top of the list down every row
			m = press(t, m, "up")
		}
		for range len(texts) + 2 {
			for _, text := range texts {
				if strings.Contains(selectedLine(m), firstWords(text)) {
					seen[text] = true
					if !onScreen(m, text) {
						t.Errorf("%v: the selected %q is not whole on screen:\n%s", size, text, m.View())
					}
				}
			}
			m = press(t, m, "down")
		}
		if len(seen) < len(texts)-1 {
			t.Errorf("%v: the walk reached %d of %d rows: %v", size, len(seen), len(texts), seen)
		}
	}
}

// selectedLine is the screen's line with the ▸ marker.
func selectedLine(m Model) string {
	for _, l := range strings.Split(ansi.Strip(m.View()), "\n") {
		if strings.Contains(l, "▸") {
			return l
		}
	}
	return ""
}

// firstWords is the start of a text that any cut of its line keeps.
func firstWords(s string) string {
	if len(s) > 12 {
		return s[:12]
	}
	return s
}

func TestReviewHygieneFindingsAreWhole(t *testing.T) {
	st := newFakeStore()
	m := inProgress(t, st, 80, 24)
	m = press(t, m, "esc")
	for range 40 {
		m = press(t, m, "up")
	}
	for range 8 {
		if strings.Contains(selectedLine(m), "right KPIs") {
			break
		}
		m = press(t, m, "down")
	}
	fs := model.Hygiene(model.HygieneInput{KPIs: m.data.KPIs, Series: m.data.Series, Now: testNow})
	if len(fs) == 0 {
		t.Fatal("the demo has no hygiene finding to show")
	}
	if !onScreen(m, fs[0].Message) {
		t.Errorf("the first finding %q is not whole:\n%s", fs[0].Message, m.View())
	}
}

// TestLongChromeTextIsWhole: the header's read-only reason and the footer's
// notice take a second line rather than being cut.
func TestLongChromeTextIsWhole(t *testing.T) {
	reason := "the team file is in a folder this user may only read (/srv/shared/finance/kpi/northwind.db)"
	st := newFakeStore()
	st.SetReadOnly(reason)
	m := started(t, st, 80, 24)
	if !onScreen(m, "READ-ONLY — "+reason) {
		t.Errorf("the reason is cut:\n%s", m.View())
	}
	notice := "Concluded 2026-W47; the report is in /srv/shared/finance/kpi/reports/northwind-2026-W47.md"
	m, _ = m.Update(frame.NoticeMsg{Text: notice})
	if !onScreen(m, notice) {
		t.Errorf("the notice is cut:\n%s", m.View())
	}
	for _, o := range overruns(m) {
		t.Errorf("with a two-line notice: %s", o)
	}
	m = press(t, m, "right") // the notice goes, its line comes back to the body
	for _, o := range overruns(m) {
		t.Errorf("after the notice: %s", o)
	}
}

func TestHistorySummariesAreWhole(t *testing.T) {
	st := newFakeStore()
	h := &fakeHistory{}
	m := startedWithHistory(t, st, h, 80, 24)
	sel := frame.SelectionOf(m.views[m.active])
	long := "changed the definition: target ≥ $435,000 → ≥ $450,000, owner ana → ben, tolerance 5% → 3%"
	h.add("ana", sel.ID, long)
	m = press(t, m, "H")
	if !onScreen(m, long) {
		t.Errorf("the summary is cut:\n%s", m.View())
	}
}

func TestEntryFormShowsTheCurrentRowWhole(t *testing.T) {
	m := press(t, started(t, newFakeStore(), 61, 20), "e") // names wider than a third of the width
	for i := 0; i < 20; i++ {
		line := selectedLine(m)
		found := false
		for _, r := range m.data.Readings {
			if strings.Contains(line, firstWords(r.KPI.Name)) {
				found = true
				if !onScreen(m, r.KPI.Name) {
					t.Errorf("row %d: %q is not whole:\n%s", i, r.KPI.Name, m.View())
				}
			}
		}
		if !found {
			t.Fatalf("row %d: no KPI on the selected line %q", i, line)
		}
		m = press(t, m, "down")
		if i > 0 && !strings.Contains(m.View(), "▸") {
			break
		}
	}
}
