package ui

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"kpi/model"
	"kpi/ui/frame"
	"kpi/ui/history"
)

// fakeHistory is a change log: History answers with the rows of the asked-for
// KPI, Undo reverses a row unless refuse names someone who changed it since.
type fakeHistory struct {
	mu      sync.Mutex
	base    int64
	changes []model.Change // oldest first
	asked   frame.Selection
	undone  []int64
	refuse  string
}

func (h *fakeHistory) History(of frame.Selection, limit int) ([]model.Change, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.asked = of
	var out []model.Change
	for i := len(h.changes) - 1; i >= 0 && len(out) < limit; i-- {
		if c := h.changes[i]; of.Kind == "" || c.EntityID == of.ID {
			out = append(out, c)
		}
	}
	return out, nil
}

func (h *fakeHistory) OwnChanges(after int64, limit int) ([]model.Change, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	var out []model.Change
	for i := len(h.changes) - 1; i >= 0; i-- {
		if c := h.changes[i]; c.ID > after && c.User == "tester" {
			out = append(out, c)
		}
	}
	return out, nil
}

func (h *fakeHistory) Undo(id int64) (model.Change, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.refuse != "" {
		return model.Change{}, fmt.Errorf("%s changed it after you, so nothing was undone: %w", h.refuse, model.ErrConflict)
	}
	h.undone = append(h.undone, id)
	h.changes = append(h.changes, model.Change{ID: int64(len(h.changes) + 1), User: "tester", Action: "undo", Summary: "tester undid"})
	return model.Change{ID: id}, nil
}

func (h *fakeHistory) DataVersion() (int64, error) { return h.base, nil }

func (h *fakeHistory) add(user string, entityID int64, summary string) {
	h.changes = append(h.changes, model.Change{ID: int64(len(h.changes) + 1), User: user, Entity: "value",
		EntityID: entityID, Summary: summary, At: testNow})
}

func startedWithHistory(t *testing.T, st Store, h *fakeHistory, w, hgt int) Model {
	t.Helper()
	opt := plainOptions(st, "mono")
	opt.History = h
	m := New(opt)
	m = drain(t, m, m.Init())
	m, _ = m.Update(tea.WindowSizeMsg{Width: w, Height: hgt})
	return m
}

func TestHistoryOverlayShowsTheSelectedKPI(t *testing.T) {
	st := newFakeStore()
	h := &fakeHistory{}
	m := startedWithHistory(t, st, h, 120, 40)
	sel := frame.SelectionOf(m.views[m.active])
	if sel.Kind != "kpi" || sel.ID == 0 {
		t.Fatalf("the dashboard's selection = %+v, want its selected card's KPI", sel)
	}
	h.add("ana", sel.ID, "ana set the KPI for 2026-W46: 40 → 44")
	h.add("ben", sel.ID+1000, "ben changed another KPI")
	h.add("cy", sel.ID, "cy set the KPI for 2026-W47: \x1b[2J44 → 61")

	m = press(t, m, "H")
	screen := m.View()
	if h.asked != sel {
		t.Errorf("history asked for %+v, want the selection %+v", h.asked, sel)
	}
	for _, want := range []string{"History of " + sel.Label, "2 changes", "ana set the KPI", "cy set the KPI for 2026-W47: 44 → 61"} {
		if !strings.Contains(screen, want) {
			t.Errorf("the overlay lacks %q:\n%s", want, screen)
		}
	}
	if strings.Contains(screen, "ben changed") || strings.ContainsRune(screen, '\x1b') {
		t.Errorf("the overlay shows another KPI's change or an escape sequence:\n%q", screen)
	}
	if strings.Index(screen, "cy set") > strings.Index(screen, "ana set") {
		t.Error("the newest change is not first")
	}
	m = press(t, m, "esc")
	if strings.Contains(m.View(), "History of") {
		t.Error("esc did not close the overlay")
	}
}

func TestHistoryOverlayFitsEverySize(t *testing.T) {
	h := &fakeHistory{}
	for i := range 80 {
		h.add("someone-with-a-long-name", 0, strings.Repeat("a long summary of a change ", 5)+fmt.Sprint(i))
	}
	for _, size := range [][2]int{{60, 16}, {80, 24}, {120, 40}, {250, 70}, {20, 5}} {
		m := startedWithHistory(t, newFakeStore(), h, size[0], size[1])
		m.active = viewTrends // no selection there yet: the whole file's history
		for _, keys := range [][]string{{"H"}, {"H", "j", "j"}, {"H", "G"}} {
			screen := press(t, m, keys...).View()
			lines := strings.Split(screen, "\n")
			if len(lines) != size[1] {
				t.Errorf("%v after %v: %d lines", size, keys, len(lines))
			}
			for i, l := range lines {
				if ansi.StringWidth(l) > size[0] {
					t.Errorf("%v after %v: line %d is %d wide", size, keys, i, ansi.StringWidth(l))
				}
			}
		}
	}
}

func TestHistoryKeysDoNotCollide(t *testing.T) {
	checkScopes(t, map[string][]key.Binding{"history overlay": history.DefaultKeyMap().Bindings()}, 3)
}

func TestUndoTakesMyNewestChangeOfThisSession(t *testing.T) {
	st := newFakeStore()
	h := &fakeHistory{}
	h.add("tester", 1, "tester set mrr before kpi opened")
	h.base = 1
	m := startedWithHistory(t, st, h, 120, 40)

	m = press(t, m, "u")
	if !strings.Contains(m.View(), "Nothing to undo") || len(h.undone) != 0 {
		t.Fatalf("undo reached a change made before this session (undone %v):\n%s", h.undone, m.View())
	}
	h.add("tester", 2, "tester set nps for 2026-W47: 44 → 61")
	h.add("ana", 3, "ana set churn")
	h.add("tester", 4, "tester set mrr for 2026-W47: 1 → 2")
	m = press(t, m, "u")
	if len(h.undone) != 1 || h.undone[0] != 4 || !strings.Contains(m.View(), "Undone: tester set mrr for 2026-W47: 1 → 2") {
		t.Fatalf("first undo reversed %v:\n%s", h.undone, m.View())
	}
	m = press(t, m, "u")
	if len(h.undone) != 2 || h.undone[1] != 2 {
		t.Fatalf("second undo reversed %v, want my older change 2 (not ana's, not the undo itself)", h.undone)
	}
	h.add("tester", 5, "tester set churn")
	h.refuse = "ana"
	m = press(t, m, "u")
	if screen := m.View(); !strings.Contains(screen, "Cannot undo") || !strings.Contains(screen, "ana changed it after you") {
		t.Errorf("a refused undo does not say who changed it since:\n%s", screen)
	}
}

func TestUndoOnAReadOnlyFileSaysWhy(t *testing.T) {
	st := newFakeStore()
	st.SetReadOnly("the file was made by a newer kpi; update kpi")
	h := &fakeHistory{}
	m := startedWithHistory(t, st, h, 120, 40)
	h.add("tester", 1, "tester set mrr")
	m = press(t, m, "u")
	if !strings.Contains(m.View(), "Nothing can be undone: the file was made by a newer kpi") || len(h.undone) != 0 {
		t.Errorf("undo on a read-only file:\n%s", m.View())
	}
}

// The Review view's selection is its review once started, for H.
func TestReviewSelectionIsTheReview(t *testing.T) {
	st := newFakeStore()
	m := startedWithHistory(t, st, &fakeHistory{}, 120, 40)
	m = press(t, m, "5")
	_, held, _ := st.Review(m.week)
	if !held {
		m = press(t, m, "s")
	}
	r, held, _ := st.Review(m.week)
	if !held {
		t.Fatal("the review did not start")
	}
	if sel := frame.SelectionOf(m.views[m.active]); sel.Kind != "review" || sel.ID != r.ID || sel.Week != m.week {
		t.Errorf("selection %+v, want the review %d of %s", sel, r.ID, m.week)
	}
}

// The overlay shows each field a change set, old → new, under its change, and
// says how to see the whole file's history: a opens it over the KPI's, and
// esc comes back.
func TestHistoryOverlayShowsFieldsAndTheWholeFile(t *testing.T) {
	st := newFakeStore()
	h := &fakeHistory{}
	m := startedWithHistory(t, st, h, 120, 40)
	sel := frame.SelectionOf(m.views[m.active])
	h.add("ana", sel.ID, "ana changed KPI close_rate (formula)")
	h.changes[0].Fields = []model.FieldChange{{Name: "formula", Old: "won / leads", New: "won / qualified"}}
	h.add("ben", sel.ID, "ben set close_rate for 2026-W47: 20% → 21%")
	h.changes[1].Fields = []model.FieldChange{{Name: "note", New: "Thanksgiving \x1b[2Jpush"}}

	m = press(t, m, "H")
	screen := m.View()
	for _, want := range []string{"formula: won / leads → won / qualified", "note: Thanksgiving push", "The whole file's history: a here, or kpi history"} {
		if !strings.Contains(screen, want) {
			t.Errorf("the overlay lacks %q:\n%s", want, screen)
		}
	}
	if strings.ContainsRune(screen, '\x1b') {
		t.Errorf("a field reaches the screen with an escape:\n%q", screen)
	}
	lines := strings.Split(screen, "\n")
	at := func(s string) int {
		for i, l := range lines {
			if strings.Contains(l, s) {
				return i
			}
		}
		return -1
	}
	if at("note: Thanksgiving") != at("ben set")+1 || at("formula:") != at("ana changed")+1 {
		t.Errorf("the fields are not under their changes:\n%s", screen)
	}
	m = press(t, m, "a")
	if h.asked != (frame.Selection{}) || !strings.Contains(m.View(), "History of the whole file") {
		t.Fatalf("a asked for %+v, want the whole file:\n%s", h.asked, m.View())
	}
	if !strings.Contains(m.View(), "One KPI's history") || strings.Contains(m.View(), "a whole file") {
		t.Errorf("the whole file's history offers itself again:\n%s", m.View())
	}
	m = press(t, m, "esc")
	if !strings.Contains(m.View(), "History of "+sel.Label) {
		t.Errorf("esc from the whole file does not come back to the KPI's history:\n%s", m.View())
	}
}

// TestGoldenHistory is the history overlay of a KPI with a redefinition, a
// value with a note and the demo's batch line, at 80×24 and 120×40: the
// fields under their changes, long ones wrapped, the hint at the bottom.
func TestGoldenHistory(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			h := &fakeHistory{}
			at := time.Date(2026, 11, 18, 10, 0, 0, 0, time.Local) // shown in local time: the same in every zone
			m := startedWithHistory(t, newFakeStore(), h, size[0], size[1])
			sel := frame.SelectionOf(m.views[m.active])
			h.changes = []model.Change{
				{ID: 0, Entity: "value", EntityID: sel.ID, Summary: "101 values for 2024-W50 – 2026-W48 came with the demo (logged as one batch)"},
				{ID: 2, User: "ana", Entity: "value", EntityID: sel.ID, At: at, Summary: "ana set mrr for 2026-W47: $420,462 → $425,856",
					Fields: []model.FieldChange{{Name: "note", Old: "(none)", New: "Thanksgiving push"}}},
				{ID: 3, User: "farid", Entity: "kpi", EntityID: sel.ID, At: at, Summary: "farid redefined KPI mrr (Monthly recurring revenue) by import",
					Fields: []model.FieldChange{{Name: "owner", Old: "ana", New: "farid"},
						{Name: "targets", Old: "2026-W01 295000, 2026-W18 340000, 2026-W35 385000, 2026-W53 450000", New: "2026-W47 1500000"}}},
			}
			golden.RequireEqual(t, press(t, m, "H").View()+"\n")
		})
	}
}
