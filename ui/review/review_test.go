package review

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"kpi/model"
	"kpi/report"
	"kpi/themes"
	"kpi/ui/bigdigits"
	"kpi/ui/frame"
	"kpi/ui/walkthrough"
)

// started is a harness whose week's review has been started with s.
func started(t *testing.T, w, h int) *harness {
	t.Helper()
	hs := newHarness(t, w, h)
	hs.wants("Review of 2026-W47", "not started", "s starts it")
	hs.press("s")
	return hs
}

func TestStartingCopiesTheTemplateAndRunsTheFirstItemsTimer(t *testing.T) {
	h := started(t, 120, 40)
	r := h.st.ReviewOf(t, w47)
	if r.State != model.ReviewInProgress || len(r.Checklist) != len(model.DefaultChecklist()) {
		t.Fatalf("s started %+v", r)
	}
	if h.m.Capturing() || h.m.state() != model.ReviewInProgress {
		t.Fatalf("after starting: capturing %v, state %s", h.m.Capturing(), h.m.state())
	}
	h.wants("● in progress", "Started the review of 2026-W47: 8 items", "▸ ▶ Check-in and wins", "0:00 of 5:00", "meeting 0:00 of 60 min")
	// the timer runs with the clock
	h.advance(3*time.Minute + 7*time.Second)
	h.wants("3:07 of 5:00", "meeting 3:07 of 60 min")
	// over the timebox: warn, then well over: bad, with the glyph as well as the colour
	h.advance(3 * time.Minute)
	h.wants("! 6:07 of 5:00 +1:07")
	h.advance(2 * time.Minute)
	h.wants("✗ 8:07 of 5:00 +3:07")
	// a second s does not start it twice
	writes := h.st.Writes()
	h.press("s")
	if h.st.Writes() != writes || !strings.Contains(h.screen(), "started already") {
		t.Errorf("a second s: %d writes, screen:\n%s", h.st.Writes()-writes, h.screen())
	}
}

func TestTickingRecordsWhoAndWhenAndMovesTheTimer(t *testing.T) {
	h := started(t, 120, 40)
	h.advance(4 * time.Minute)
	h.press("space")
	it := h.st.ReviewOf(t, w47).Checklist[0]
	if !it.Done || it.DoneBy != "tester" || !it.DoneAt.Equal(testNow.Add(4*time.Minute)) {
		t.Fatalf("space stored %+v", it)
	}
	h.wants("Ticked “Check-in and wins”", "✓ Check-in and wins", "took 4:00", "▶ Scorecard")
	// the next item's timer runs from the tick
	h.advance(90 * time.Second)
	h.wants("1:30 of 10:00")
	// space again unticks it: who and when are cleared
	h.press("space")
	if it := h.st.ReviewOf(t, w47).Checklist[0]; it.Done || it.DoneBy != "" || !it.DoneAt.IsZero() {
		t.Errorf("unticked item kept %+v", it)
	}
}

func TestTheTimerIsTheSameInEveryAppBecauseItComesFromTheFile(t *testing.T) {
	h := started(t, 120, 40)
	h.advance(2 * time.Minute)
	h.press("space")
	// a second app opens the file 5 minutes later: it shows the same running item
	other := newHarness(t, 120, 40)
	other.st = h.st
	other.m.store = h.st
	other.clock = h.clock.Add(5 * time.Minute)
	other.show(w47)
	other.wants("▶ Scorecard", "5:00 of 10:00")
	h.advance(5 * time.Minute)
	h.wants("5:00 of 10:00")
}

func TestAnnotatingAnItemAndConflicts(t *testing.T) {
	h := started(t, 120, 40)
	h.press("enter")
	if !h.m.Capturing() {
		t.Fatal("enter did not open the note input")
	}
	h.wants("Note on “Check-in and wins”")
	// keys the root would take (q, 1, [) are text here
	h.press("q1[ wins: the new dashboard")
	// meanwhile ana writes a note on the same item
	h.st.As("ana", func() {
		it := h.st.ReviewOf(t, w47).Checklist[0]
		it.Note = "ana's note"
		if _, err := h.st.UpdateChecklistItem(it); err != nil {
			t.Fatal(err)
		}
	})
	h.press("enter")
	if got := h.st.ReviewOf(t, w47).Checklist[0].Note; got != "ana's note" {
		t.Fatalf("the note was overwritten silently: %q", got)
	}
	if !h.m.Capturing() {
		t.Fatal("the input closed after a conflict")
	}
	h.wants("ana changed “Check-in and wins” meanwhile", "“ana's note”", "Enter again saves yours over")
	// enter again: the user overwrites knowingly
	h.press("enter")
	if got := h.st.ReviewOf(t, w47).Checklist[0].Note; got != "q1[ wins: the new dashboard" {
		t.Fatalf("the second enter saved %q", got)
	}
	if h.m.Capturing() {
		t.Error("the input stayed open after saving")
	}
	h.wants("Saved the note on", "Check-in and wins ✎", "✎ tester: q1[ wins: the new dashboard")
	// esc cancels without saving
	writes := h.st.Writes()
	h.press("enter", "ctrl+u", "changed", "esc")
	if h.st.Writes() != writes || h.m.Capturing() {
		t.Errorf("esc saved (%d writes) or left the input open", h.st.Writes()-writes)
	}
}

func TestFacilitatorAttendeesAndNotes(t *testing.T) {
	h := started(t, 120, 40)
	h.press("a")
	h.wants("Attendees of the review of 2026-W47")
	h.press("ctrl+u", "ana, ben ,, Ben; chloe", "enter")
	r := h.st.ReviewOf(t, w47)
	if strings.Join(r.Attendees, "|") != "ana|ben|chloe" {
		t.Fatalf("attendees stored %q", r.Attendees)
	}
	h.wants("Saved the attendees (3)", "Attendees ana, ben, chloe")
	h.press("f", "ctrl+u", "ben", "enter")
	if r := h.st.ReviewOf(t, w47); r.Facilitator != "ben" {
		t.Errorf("facilitator stored %q", r.Facilitator)
	}
	h.wants("Facilitator ben")
	// notes are several lines: enter is a new line, ctrl+s saves
	h.press("m", "Shipped the indexer fix", "enter", "Churn is down")
	if !h.m.Capturing() {
		t.Fatal("enter closed the notes instead of starting a line")
	}
	h.press("ctrl+s")
	if r := h.st.ReviewOf(t, w47); r.Notes != "Shipped the indexer fix\nChurn is down" {
		t.Errorf("notes stored %q", r.Notes)
	}
	h.wants("Notes Shipped the indexer fix …")
	// a list longer than the limit is refused with the reason
	var many []string
	for i := range 51 {
		many = append(many, fmt.Sprintf("p%d", i))
	}
	h.press("a", "ctrl+u", strings.Join(many, ","), "enter")
	h.wants("✗ 51 attendees is more than 50")
	if !h.m.Capturing() {
		t.Error("a refused list closed the input")
	}
}

func TestActionItemsAreCreatedValidatedAndDone(t *testing.T) {
	h := started(t, 120, 40)
	h.press("n")
	h.wants("New action item (agreed in 2026-W47)", "what", "owner", "due", "KPI")
	if v := h.m.edit.value(fieldDue); v != "2026-W48" {
		t.Errorf("the due week starts at %q, want next week", v)
	}
	// every refusal says why, on one line, and saves nothing
	writes := h.st.Writes()
	h.press("enter")
	h.wants("✗ type what will be done first")
	h.press("Call the three churned agencies", "enter")
	h.wants("✗ every action item needs an owner")
	h.press("tab", "emma", "tab", "ctrl+u", "2026-W40", "enter")
	h.wants("✗ due 2026-W40 is before 2026-W47")
	h.press("ctrl+u", "W99", "enter")
	h.wants("✗ W99 is not a week of 2026 or 2027")
	h.press("ctrl+u", "+2", "tab", "zzz", "enter")
	h.wants("✗ no KPI is called “zzz”")
	if h.st.Writes() != writes {
		t.Fatalf("a refused action item was saved (%d writes)", h.st.Writes()-writes)
	}
	h.press("ctrl+u", "churn", "enter")
	var a model.ActionItem
	for _, x := range h.st.Dataset().ActionItems {
		if x.Text == "Call the three churned agencies" {
			a = x
		}
	}
	if a.ID == 0 || a.Owner != "emma" || a.Due != w47.Add(2) || a.CreatedWeek != w47 || a.KPIID != h.st.KPIByKey(t, "churn").ID {
		t.Fatalf("stored %+v", a)
	}
	h.wants("Added “Call the three churned agencies” for emma, due 2026-W49")
	// the new item is selected; x marks it done, x again opens it
	h.press("x")
	if a, _ := h.st.ActionItem(a.ID); !a.Done || a.DoneBy != "tester" {
		t.Fatalf("x stored %+v", a)
	}
	h.wants("Marked “Call the three churned agencies” done", "[x] Call the three churned agencies")
	h.press("x")
	if a, _ := h.st.ActionItem(a.ID); a.Done {
		t.Error("x again did not open it")
	}
	// enter edits it
	h.press("enter", "ctrl+u", "Call the churned agencies", "enter")
	if a, _ := h.st.ActionItem(a.ID); a.Text != "Call the churned agencies" {
		t.Errorf("the edit stored %q", a.Text)
	}
}

func TestActionItemsCarryOverWeekByWeek(t *testing.T) {
	h := newHarness(t, 160, 40)
	w := w47.Add(2) // a week the demo has no items from
	h.show(w)
	h.press("n", "Fix the flaky export", "tab", "dev", "enter")
	var id int64
	for _, a := range h.st.Dataset().ActionItems {
		if a.Text == "Fix the flaky export" {
			id = a.ID
		}
	}
	if id == 0 {
		t.Fatal("not created")
	}
	for i, want := range []string{"new", "open 1 week", "open 2 weeks"} {
		h.show(w.Add(i))
		h.cursorOn("Fix the flaky export")
		h.wants(want)
	}
	// due W+1: overdue in W+2
	h.wants("! overdue")
	// done in W+2's review: gone from W+3's
	h.clock = w.Add(2).Day(time.Tuesday).Add(11 * time.Hour)
	h.press("x")
	h.wants("[x] Fix the flaky export", "1 done this week")
	h.show(w.Add(3))
	if strings.Contains(h.screen(), "Fix the flaky export") {
		t.Errorf("a done item is still listed the week after:\n%s", h.screen())
	}
	// and an earlier review lists it neither as new nor open before it was agreed
	h.show(w.Add(-1))
	if strings.Contains(h.screen(), "Fix the flaky export") {
		t.Errorf("the item shows in a review before it was agreed:\n%s", h.screen())
	}
}

func TestWalkthroughMarksKeyKPIsAndTheScorecardTicksItself(t *testing.T) {
	h := started(t, 120, 40)
	keys := model.WalkOrder(h.m.ctx.Data.KPIs)
	h.cursorOn("Scorecard")
	h.wants("0 of 5 reviewed")
	h.press("w")
	if _, on := h.m.Walking(); !on || !h.m.HandlesBack() {
		t.Fatal("w did not open the walkthrough")
	}
	h.wants("★ Monthly recurring revenue", "key KPI · 1 of 18", "· not reviewed yet", "Target  ≥ $435,000", "Status  ! AT RISK")
	if keys[0].Key != "mrr" {
		t.Fatalf("the walk starts at %s, want the OMTM", keys[0].Key)
	}
	// → and ← move without marking
	h.press("right")
	h.wants(keys[1].Name, "2 of 18")
	h.press("left")
	h.wants("Monthly recurring revenue")
	// space marks and moves on, four times
	for i := 0; i < 4; i++ {
		h.press("space")
	}
	h.wants("4 of 5 key KPIs reviewed")
	if r := h.st.ReviewOf(t, w47); len(r.ReviewedKPIs) != 4 || r.Checklist[1].Done {
		t.Fatalf("after four marks: %v reviewed, scorecard done %v", r.ReviewedKPIs, r.Checklist[1].Done)
	}
	h.press("esc")
	if _, on := h.m.Walking(); on || h.m.HandlesBack() {
		t.Fatal("esc did not leave the walkthrough")
	}
	h.cursorOn("Scorecard")
	h.wants("4 of 5 reviewed")
	// the fifth key KPI: the scorecard item ticks itself
	h.press("w", "right", "right", "right", "right")
	h.wants(keys[4].Name)
	h.press("space")
	r := h.st.ReviewOf(t, w47)
	if len(r.ReviewedKPIs) != 5 || !r.Checklist[1].Done {
		t.Fatalf("after five marks: %v reviewed, scorecard done %v", r.ReviewedKPIs, r.Checklist[1].Done)
	}
	h.wants("All 5 key KPIs are reviewed: ticked “Scorecard: every key KPI against target”")
	// space on a reviewed KPI unmarks it and stays
	h.press("left", "space")
	h.wants("no longer marked reviewed", keys[4].Name)
	// enter asks the root to open the KPI in Trends
	h.press("enter")
	if len(h.opened) != 1 || h.opened[0] != keys[4].ID {
		t.Errorf("enter opened %v", h.opened)
	}
}

func TestWalkthroughDrawsBlockDigitsAndActionItems(t *testing.T) {
	h := newHarness(t, 120, 40)
	h.m = h.m.Update2(WalkMsg{KPIID: h.st.KPIByKey(t, "p95_latency").ID})
	h.wants("API p95 latency", "Open action items on API p95 latency · 1", "Profile the slow search endpoint")
	h.m = h.m.Update2(WalkMsg{KPIID: h.st.KPIByKey(t, "mrr").ID})
	tall := 0
	for _, l := range strings.Split(h.screen(), "\n") {
		if strings.Contains(l, "██") {
			tall++
		}
	}
	if tall < 3 {
		t.Errorf("the value is %d lines of block digits at 120×40, want at least 3:\n%s", tall, h.screen())
	}
	// 80×24: smaller digits, still block digits, and a chart
	h.m = h.m.SetSize(80, 21)
	s := h.screen()
	if !strings.ContainsAny(s, "▀▄") || !strings.Contains(s, "└") {
		t.Errorf("80×24 lacks small digits or the chart:\n%s", s)
	}
	if n := len(strings.Split(s, "\n")); n != 21 {
		t.Errorf("the walkthrough is %d lines at 80×21", n)
	}
	if bigdigits.Height(walkthrough.DigitScale(h.m.height, h.m.ctx.Presentation)) != 3 {
		t.Errorf("digits at 80×24 are %d lines", bigdigits.Height(walkthrough.DigitScale(h.m.height, h.m.ctx.Presentation)))
	}
}

// Update2 is Update for tests that do not look at the command.
func (m Model) Update2(msg any) Model {
	m, _ = m.Update(msg)
	return m
}

func TestConcludeAsksARatingWritesTheReportAndLocks(t *testing.T) {
	h := started(t, 120, 40)
	h.press("space") // one item ticked
	h.press("c")
	h.wants("Conclude the review of 2026-W47: rate the meeting from 1 to 10 (7 of 8 items not ticked)")
	writes := h.st.Writes()
	h.press("11", "enter")
	h.wants("✗ rate the meeting with a whole number from 1 to 10, not “11”")
	h.press("backspace", "backspace", "x", "enter")
	if h.st.Writes() != writes {
		t.Fatal("a bad rating was saved")
	}
	h.press("backspace", "8", "enter")
	r := h.st.ReviewOf(t, w47)
	if r.State != model.ReviewConcluded || r.Rating != 8 || r.ConcludedAt.IsZero() {
		t.Fatalf("concluded %+v", r)
	}
	h.wants("✓ concluded", "rated 8/10")
	path := report.PathFor(h.m.opt.Reports.(report.Files).TeamPath, w47)
	text, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("the report was not written: %v", err)
	}
	for _, want := range []string{"# Northwind Analytics — weekly KPI review 2026-W47", "review concluded", "- Rating: 8/10", "- [x] Check-in and wins"} {
		if !strings.Contains(string(text), want) {
			t.Errorf("the report lacks %q:\n%s", want, text)
		}
	}
	if len(h.notices) == 0 || !strings.Contains(h.notices[len(h.notices)-1].Text, path) {
		t.Errorf("no notice names the report: %+v", h.notices)
	}
	h.wants("report " + path) // whole, on a line of its own
	// read-only now: every edit says how to reopen
	writes = h.st.Writes()
	for _, k := range []string{"space", "enter", "n", "c", "a", "f", "m"} {
		h.press(k)
		if h.m.Capturing() {
			t.Fatalf("%s opened an input on a concluded review", k)
		}
		h.wants("is concluded and read-only: r reopens it")
	}
	if h.st.Writes() != writes {
		t.Fatal("a concluded review was changed")
	}
	h.press("r")
	if r := h.st.ReviewOf(t, w47); r.State != model.ReviewInProgress || !r.ConcludedAt.IsZero() {
		t.Fatalf("r stored %+v", r)
	}
	h.wants("Reopened the review of 2026-W47 (the change is logged)")
}

func TestAReadOnlyFileSaysWhyNothingCanBeSaved(t *testing.T) {
	h := newHarness(t, 120, 40)
	h.st.SetReadOnly("the file is read-only for you; ask its owner")
	h.show(w47)
	for _, k := range []string{"s", "n", "T"} {
		h.press(k)
		h.wants("Nothing can be saved: the file is read-only for you; ask its owner")
		if h.m.Capturing() || h.st.Writes() != 0 {
			t.Fatalf("%s on a read-only file: capturing %v, %d writes", k, h.m.Capturing(), h.st.Writes())
		}
	}
}

func TestAReloadKeepsTheCursorAndAnOpenInput(t *testing.T) {
	h := started(t, 120, 40)
	h.cursorOn("Objectives on or off track")
	h.press("enter", "half typed")
	// someone else ticks an item; the root reloads and runs Init
	h.st.As("ben", func() {
		it := h.st.ReviewOf(t, w47).Checklist[0]
		it.Done = true
		if _, err := h.st.UpdateChecklistItem(it); err != nil {
			t.Fatal(err)
		}
	})
	h.show(w47)
	if !h.m.Capturing() || h.m.edit.value(0) != "half typed" {
		t.Fatalf("the reload closed or changed the input: %+v", h.m.edit)
	}
	h.press("esc")
	h.wants("▸ · Objectives on or off track", "✓ Check-in and wins")
	// a new week closes the input: it belonged to the other week's review
	h.press("enter")
	h.show(w47.Next())
	if h.m.Capturing() {
		t.Error("the input stayed open on another week")
	}
}

func TestAConflictingTickShowsTheirsAndWaits(t *testing.T) {
	h := started(t, 120, 40)
	h.st.As("ben", func() {
		it := h.st.ReviewOf(t, w47).Checklist[0]
		it.Done = true
		if _, err := h.st.UpdateChecklistItem(it); err != nil {
			t.Fatal(err)
		}
	})
	// this app still shows it open; space would tick it — it was ticked by ben
	h.press("space")
	if it := h.st.ReviewOf(t, w47).Checklist[0]; !it.Done || it.DoneBy != "ben" {
		t.Fatalf("the tick was overwritten: %+v", it)
	}
	h.wants("ben changed “Check-in and wins” meanwhile; it is shown as they left it (ticked)", "✓ Check-in and wins")
}

func TestConcludeConflictKeepsTheRatingAndOverwritesKnowingly(t *testing.T) {
	h := started(t, 120, 40)
	h.press("c", "7")
	h.st.As("ana", func() {
		r := h.st.ReviewOf(t, w47)
		r.Notes = "ana's notes"
		if _, err := h.st.UpdateReview(r); err != nil {
			t.Fatal(err)
		}
	})
	h.press("enter")
	if r := h.st.ReviewOf(t, w47); r.State != model.ReviewInProgress {
		t.Fatal("concluded over a newer version")
	}
	h.wants("ana changed the review meanwhile", "yours was not saved. Enter")
	h.press("enter")
	r := h.st.ReviewOf(t, w47)
	if r.State != model.ReviewConcluded || r.Rating != 7 || r.Notes != "ana's notes" {
		t.Errorf("the second enter stored %+v; their notes must survive", r)
	}
}

func TestTemplateEditing(t *testing.T) {
	h := newHarness(t, 120, 40)
	h.press("T")
	h.wants("The team's checklist template", "Check-in and wins (5)")
	// replace it all: select nothing fancy, clear line by line
	setArea(h.m.edit, "Headlines (5)\nScorecard (15)\nTo-dos\nRate it (3 min)")
	h.press("ctrl+s")
	st, _ := h.st.Settings()
	want := []model.TemplateItem{{Text: "Headlines", TimeboxMinutes: 5}, {Text: "Scorecard", TimeboxMinutes: 15}, {Text: "To-dos"}, {Text: "Rate it", TimeboxMinutes: 3}}
	if len(st.Checklist) != 4 || st.Checklist[0] != want[0] || st.Checklist[2] != want[2] || st.Checklist[3] != want[3] {
		t.Fatalf("stored %+v", st.Checklist)
	}
	h.wants("Saved the checklist template: 4 items, 23 min")
	// the next review starts with it
	h.press("s")
	if r := h.st.ReviewOf(t, w47); len(r.Checklist) != 4 || r.Checklist[1].Text != "Scorecard" {
		t.Errorf("the review started with %+v", r.Checklist)
	}
	// a bad timebox is refused with the line
	h.press("T")
	setArea(h.m.edit, "Fine (5)\nToo long (500)")
	h.press("ctrl+s")
	h.wants("✗ line 2: a timebox is 0 to 240 minutes, not 500")
}

func TestReportPath(t *testing.T) {
	if got := report.PathFor("/teams/northwind.db", w47); got != "/teams/kpi-reports/northwind-2026-W47.md" {
		t.Errorf("report.PathFor = %q", got)
	}
}

func TestEveryFrameFitsItsSize(t *testing.T) {
	// the body sizes the app gives: from the smallest terminal less the header,
	// tab bar and footer (60×11 with a warning under the header) up
	for _, size := range [][2]int{{60, 11}, {60, 13}, {80, 21}, {100, 27}, {120, 37}, {200, 60}, {250, 67}} {
		h := newHarness(t, size[0], size[1])
		h.press("s", "n") // started, with the action form open
		frames := map[string]string{"form": h.screen()}
		h.press("esc", "m")
		frames["notes"] = h.screen()
		h.press("esc", "w")
		frames["walk"] = h.screen()
		h.press("esc", "end")
		frames["bottom"] = h.screen()
		for name, f := range frames {
			if lines := strings.Split(f, "\n"); len(lines) < size[1] {
				t.Errorf("%v %s: %d lines", size, name, len(lines))
			}
			for _, o := range frame.Overflow(f, size[0], size[1]) { // what the root's Fit would cut
				t.Errorf("%v %s: %s", size, name, o)
			}
		}
	}
}

func TestAClickSelectsARowAndTheWheelMoves(t *testing.T) {
	for _, width := range []int{80, 120} {
		h := started(t, width, 30)
		y := -1
		for i, l := range strings.Split(h.screen(), "\n") {
			if strings.Contains(l, "Objectives on or off track") {
				y = i
			}
		}
		if y < 0 {
			t.Fatalf("no row to click:\n%s", h.screen())
		}
		h.m = h.m.Update2(tea.MouseMsg{X: 6, Y: y, Button: tea.MouseButtonLeft, Action: tea.MouseActionPress})
		h.wants("▸ · Objectives on or off track")
		h.m = h.m.Update2(tea.MouseMsg{X: 6, Y: 0, Button: tea.MouseButtonWheelDown, Action: tea.MouseActionPress})
		h.wants("▸ · Last week's action items")
		// the head is not a row: a click there changes nothing
		before := h.screen()
		h.m = h.m.Update2(tea.MouseMsg{X: 6, Y: 0, Button: tea.MouseButtonLeft, Action: tea.MouseActionPress})
		if h.screen() != before {
			t.Errorf("%d: a click on the head moved the cursor", width)
		}
	}
}

func TestMarkingBeforeTheReviewStartedSaysHow(t *testing.T) {
	h := newHarness(t, 120, 40)
	h.press("w", "space")
	h.wants("has not started, so nothing can be marked reviewed: esc, then s starts it", "key KPI · 1 of 18")
	if h.st.Writes() != 0 {
		t.Errorf("%d writes", h.st.Writes())
	}
}

// setArea puts text in the open multi-line input, as pasting it would.
func setArea(e *editor, text string) { e.area.Value(&text) }

// TestAThemeSwitchKeepsWhatAnInputHolds: the inputs are huh fields, which keep
// the theme they were made in; a new theme makes them again with their text,
// and typing goes on where it was.
func TestAThemeSwitchKeepsWhatAnInputHolds(t *testing.T) {
	h := started(t, 120, 40)
	h.press("f", "ctrl+u", "an")
	th, _ := themes.Lookup("high-contrast")
	h.styles = themes.NewStyles(th, h.styles.Renderer)
	h.show(w47)
	if !h.m.Capturing() || h.m.edit.value(0) != "an" || h.m.edit.theme != "high-contrast" {
		t.Fatalf("the theme switch lost the input: %+v", h.m.edit)
	}
	h.press("a", "enter")
	if r := h.st.ReviewOf(t, w47); r.Facilitator != "ana" {
		t.Errorf("the facilitator saved is %q, want ana", r.Facilitator)
	}
}

// An input opened on a long text shows its start, with the cursor on its first
// character: the end of the text used to hide its beginning
// ("[ontracts for savings]").
func TestAnInputOpenedOnLongTextShowsItsStart(t *testing.T) {
	h := started(t, 80, 24)
	text := "Renegotiate the three largest supplier contracts for savings before the renewal"
	h.press("n", text, "tab", "emma", "enter")
	h.cursorOn("Renegotiate")
	h.press("enter")
	h.wants("what [Renegotiate the")
	// typing goes where the cursor is: at the start
	h.press("X")
	if v := h.m.edit.value(fieldText); v != "X"+text {
		t.Errorf("typing after opening gave %q", v)
	}
}

// The attendees input is not pre-filled with the login: typing names after it
// gave "rootana, ben".
func TestAttendeesStartEmptyWithAnExample(t *testing.T) {
	h := started(t, 120, 40)
	h.press("a")
	if v := h.m.edit.value(0); v != "" {
		t.Fatalf("the attendees input opened holding %q", v)
	}
	h.wants("e.g. ana, ben")
	h.press("ana, ben", "enter")
	if r := h.st.ReviewOf(t, w47); strings.Join(r.Attendees, "|") != "ana|ben" {
		t.Errorf("attendees stored %q", r.Attendees)
	}
}

// Concluding a reopened review shows the old rating, and typing replaces it:
// 7 over 8 is 7, not 87.
func TestReconcludingReplacesTheOldRating(t *testing.T) {
	h := started(t, 120, 40)
	h.press("c", "8", "enter")
	h.press("r")
	h.press("c")
	h.wants("was 8: typing replaces it · enter concludes")
	if v := h.m.edit.value(0); v != "8" {
		t.Fatalf("the rating opened holding %q, want the old 8", v)
	}
	h.press("7", "enter")
	if r := h.st.ReviewOf(t, w47); r.State != model.ReviewConcluded || r.Rating != 7 {
		t.Fatalf("re-concluded %+v, want rated 7", r)
	}
}

// A concluded review whose figures changed since says which, so a review that
// reads as settled does not change silently (issue 17, item 17).
func TestAConcludedReviewSaysWhichFiguresChangedSince(t *testing.T) {
	h := started(t, 120, 40)
	h.press("c", "8", "enter")
	if strings.Contains(h.screen(), "changed since it concluded") {
		t.Fatalf("a review just concluded says figures changed:\n%s", h.screen())
	}
	h.clock = h.clock.Add(time.Hour)
	nps := h.st.KPIByKey(t, "nps")
	old, _ := h.st.ValueOf(t, "nps", w47)
	old.KPIID, old.Week, old.Number, old.HasNumber = nps.ID, w47, old.Number+2, true
	if _, err := h.st.SaveValue(old); err != nil {
		t.Fatal(err)
	}
	h.show(w47)
	h.wants("† changed since it concluded: Net Promoter Score (tester); the report marks them")
}
