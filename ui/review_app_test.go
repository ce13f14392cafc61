package ui

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"kpi/model"
	"kpi/report"
	"kpi/ui/fakestore"
	"kpi/ui/review"
	"kpi/ui/walkthrough"
)

// reviewApp is the app at w×h on the Review view with a clock the test moves,
// and the team file in a temp dir (concluding writes the report beside it).
func reviewApp(t *testing.T, st *fakestore.Store, w, h int) (Model, *time.Time) {
	t.Helper()
	clock := testNow
	opt := plainOptions(st, "mono")
	opt.Now = func() time.Time { return clock }
	opt.Path = filepath.Join(t.TempDir(), "northwind.db")
	opt.Reports = report.Files{Source: st, TeamPath: opt.Path}
	m := New(opt)
	m = drain(t, m, m.Init())
	m, _ = m.Update(tea.WindowSizeMsg{Width: w, Height: h})
	m = press(t, m, "5")
	if m.active != viewReview {
		t.Fatalf("5 gave view %d", m.active)
	}
	return m, &clock
}

// inProgress is the app on a started review: the first item ticked three
// minutes in, the second running for four more, an action item added.
func inProgress(t *testing.T, st *fakestore.Store, w, h int) Model {
	t.Helper()
	m, clock := reviewApp(t, st, w, h)
	m = press(t, m, "s")
	*clock = clock.Add(3 * time.Minute)
	m = press(t, m, " ", "a", "ctrl+u", "ana, ben, chloe, dev", "enter")
	*clock = clock.Add(4 * time.Minute)
	m = press(t, m, "n", "Call the three churned agencies", "tab", "emma", "tab", "ctrl+u", "+2", "tab", "churn", "enter")
	return m
}

func TestReviewTabStartsTicksAndAddsAnActionItem(t *testing.T) {
	st := newFakeStore()
	m := inProgress(t, st, 120, 40)
	r, ok, _ := st.Review(w47)
	if !ok || r.State != model.ReviewInProgress || !r.Checklist[0].Done || len(r.Attendees) != 4 {
		t.Fatalf("the review is %+v", r)
	}
	screen := m.View()
	for _, want := range []string{"[5 Review]", "● in progress", "✓ Check-in and wins", "▶ Scorecard", "Call the three churned agencies", "emma · due 2026-W49 · new"} {
		if !strings.Contains(screen, want) {
			t.Errorf("the review lacks %q:\n%s", want, screen)
		}
	}
	// the root gives every key to an open input: q and 1 are text, not quit and view 1
	m = press(t, m, "enter")
	m = press(t, m, "q1")
	if m.quitting || m.active != viewReview || !m.views[m.active].Capturing() {
		t.Fatalf("typing q1 into the input: quitting %v, view %d", m.quitting, m.active)
	}
	m = press(t, m, "esc")
	if m.views[m.active].Capturing() || m.active != viewReview {
		t.Error("esc did not close the input, or left the view")
	}
}

func TestEscLeavesTheWalkthroughBeforeTheView(t *testing.T) {
	st := newFakeStore()
	m, _ := reviewApp(t, st, 120, 40) // came from the dashboard by its number
	m = press(t, m, "w")
	if !strings.Contains(m.View(), "★ Monthly recurring revenue") || !strings.Contains(m.View(), "key KPI · 1 of 18") {
		t.Fatalf("w did not show the walkthrough:\n%s", m.View())
	}
	// global keys still work in the walkthrough: presentation mode for the share
	m = press(t, m, "p")
	if !m.presentation || !strings.Contains(m.View(), "Monthly recurring revenue") {
		t.Fatal("p did not present the walkthrough")
	}
	m = press(t, m, "p", "esc")
	if m.active != viewReview || strings.Contains(m.View(), "key KPI · 1 of 18") {
		t.Fatalf("esc left view %d, screen:\n%s", m.active, m.View())
	}
	m = press(t, m, "esc") // the Review is a top-level view: nothing to go back to
	if m.active != viewReview {
		t.Errorf("the second esc went to view %d, want to stay on the Review", m.active)
	}
	// enter in the walkthrough opens the KPI in Trends; esc comes back to it
	m = press(t, m, "5", "w", "enter")
	if m.active != viewTrends || !strings.Contains(m.View(), "★ Monthly recurring revenue") {
		t.Fatalf("enter in the walkthrough gave view %d", m.active)
	}
	m = press(t, m, "esc")
	if m.active != viewReview || !strings.Contains(m.View(), "key KPI · 1 of 18") {
		t.Errorf("esc from Trends did not come back to the walkthrough:\n%s", m.View())
	}
}

func TestConcludeInTheAppWritesTheReport(t *testing.T) {
	st := newFakeStore()
	m := inProgress(t, st, 120, 40)
	m = press(t, m, "c", "8", "enter")
	r, _, _ := st.Review(w47)
	if r.State != model.ReviewConcluded || r.Rating != 8 {
		t.Fatalf("concluded %+v", r)
	}
	path := report.PathFor(m.opt.Path, w47)
	text, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"- Rating: 8/10", "- Attendees: ana, ben, chloe, dev", "Call the three churned agencies — emma, due 2026-W49 (Logo churn)"} {
		if !strings.Contains(string(text), want) {
			t.Errorf("the report lacks %q:\n%s", want, text)
		}
	}
	if !strings.Contains(m.View(), "report is in "+path) && !strings.Contains(m.View(), "kpi-reports/northwind-2026-W47.md") {
		t.Errorf("the footer does not name the report:\n%s", m.View())
	}
}

func TestReviewKeysDoNotCollide(t *testing.T) {
	global := DefaultKeyMap().Bindings()
	scopes := map[string][]key.Binding{
		"global+review":      append(append([]key.Binding{}, global...), review.DefaultKeyMap().Bindings()...),
		"global+walkthrough": append(append([]key.Binding{}, global...), walkthrough.DefaultKeyMap().Bindings()...),
		"review input":       review.DefaultEditKeyMap().Bindings(),
	}
	checkScopes(t, scopes, 3)
}

// TestReviewLayoutFitsEverySize draws the Review view in its states — not
// started, in progress with an input open, concluded, the walkthrough, the help
// — over a matrix of sizes: each frame exactly height lines, none wider than
// width.
func TestReviewLayoutFitsEverySize(t *testing.T) {
	for _, w := range []int{60, 61, 72, 80, 99, 100, 120, 143, 200, 250} {
		for _, h := range []int{16, 17, 20, 24, 30, 40, 55, 70} {
			st := newFakeStore()
			m, _ := reviewApp(t, st, w, h)
			frames := map[string]string{"not started": m.View(), "walk": press(t, m, "w").View()}
			m = press(t, m, "s")
			frames["started"] = m.View()
			frames["note"] = press(t, m, "enter", "a note").View()
			frames["action form"] = press(t, m, "n", "x").View()
			frames["notes"] = press(t, m, "m", "one", "enter", "two").View()
			frames["help"] = press(t, m, "?").View()
			frames["walk started"] = press(t, m, "w", "right", " ").View()
			frames["walk presenting"] = press(t, m, "w", "p").View()
			frames["concluded"] = press(t, m, "c", "9", "enter").View()
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

func TestGoldenReview(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		m := inProgress(t, newFakeStore(), size[0], size[1])
		t.Run(fmt.Sprintf("review-%dx%d", size[0], size[1]), func(t *testing.T) {
			golden.RequireEqual(t, m.View()+"\n")
		})
		t.Run(fmt.Sprintf("walkthrough-mrr-%dx%d", size[0], size[1]), func(t *testing.T) {
			golden.RequireEqual(t, press(t, m, "w").View()+"\n")
		})
	}
}

// saveThenLeave presses key on the Review, switches to the Dashboard before the
// write it starts has run, then lets it complete there and comes back.
func saveThenLeave(t *testing.T, m Model, k string) Model {
	t.Helper()
	m, save := m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(k)})
	if save == nil {
		t.Fatalf("%q started no write", k)
	}
	m = press(t, m, "1")
	if m.active != viewDashboard {
		t.Fatalf("1 gave view %d", m.active)
	}
	m = drain(t, m, save) // the write completes while the Dashboard is shown
	if m.active != viewDashboard {
		t.Fatalf("the result switched to view %d", m.active)
	}
	return press(t, m, "5")
}

func TestAReviewSaveFinishedOnAnotherViewShowsItsOutcomeOnReturn(t *testing.T) {
	st := newFakeStore()
	m, _ := reviewApp(t, st, 120, 40)
	m = press(t, m, "s")
	m = saveThenLeave(t, m, " ")
	if r, _, _ := st.Review(w47); !r.Checklist[0].Done {
		t.Fatalf("the tick was not saved: %+v", r.Checklist[0])
	}
	screen := m.View()
	for _, want := range []string{"Ticked “Check-in and wins”", "✓ Check-in and wins"} {
		if !strings.Contains(screen, want) {
			t.Errorf("back on the Review, the screen lacks %q:\n%s", want, screen)
		}
	}
	// the next write is not held off by the one that finished elsewhere: space
	// on the same item unticks it
	m = press(t, m, " ")
	if r, _, _ := st.Review(w47); r.Checklist[0].Done || strings.Contains(m.View(), "Still saving") {
		t.Errorf("the next write was refused:\n%s", m.View())
	}
}

func TestAReviewConflictFinishedOnAnotherViewShowsTheirsOnReturn(t *testing.T) {
	st := newFakeStore()
	m, _ := reviewApp(t, st, 120, 40)
	m = press(t, m, "s")
	st.As("ben", func() {
		r, _, _ := st.Review(w47)
		it := r.Checklist[0]
		it.Done = true
		if _, err := st.UpdateChecklistItem(it); err != nil {
			t.Fatal(err)
		}
	})
	m = saveThenLeave(t, m, " ")
	if r, _, _ := st.Review(w47); r.Checklist[0].DoneBy != "ben" {
		t.Fatalf("the tick was overwritten: %+v", r.Checklist[0])
	}
	want := "ben changed “Check-in and wins” meanwhile; it is shown as they left it (ticked)"
	if !strings.Contains(m.View(), want) {
		t.Errorf("back on the Review, the screen lacks %q:\n%s", want, m.View())
	}
}
