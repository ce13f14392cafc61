package main

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"

	"kpi/db"
	"kpi/model"
	"kpi/report"
	"kpi/ui"
)

// blockLines counts the lines of a screen drawn in block digits.
func blockLines(screen string) int {
	n := 0
	for _, l := range strings.Split(screen, "\n") {
		// a row of big digits: at least four of their glyphs, and none of the
		// sparkline's (which shares █ and ▄); how many of each depends on the value
		blocks := strings.Count(l, "█") + strings.Count(l, "▀") + strings.Count(l, "▄")
		if blocks >= 4 && !strings.ContainsAny(l, "▁▂▃▅▆▇") {
			n++
		}
	}
	return n
}

// lastConcludedReview is the latest week before this one whose review the demo
// file holds concluded: which week that is depends on the date the demo was made
// for (holidays, skipped weeks), so the tests read it from the file.
func lastConcludedReview(t *testing.T, path string) model.Week {
	t.Helper()
	st, err := db.Open(path, db.Options{User: "tester", Now: testClock})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	rs, err := st.Reviews()
	if err != nil {
		t.Fatal(err)
	}
	var last model.Week
	for _, r := range rs {
		if r.State == model.ReviewConcluded && r.Week.Before(testWeek()) && last.Before(r.Week) {
			last = r.Week
		}
	}
	if last == (model.Week{}) {
		t.Fatalf("the demo made for %s holds no concluded review before %s", testToday().Format("2006-01-02"), testWeek())
	}
	return last
}

// TestReviewAndWalkthroughSnapshots: `kpi snapshot --view review` and
// `--view walkthrough --kpi K` of the demo's last concluded review print exactly
// H lines no wider than W at 80×24 and 120×40; the walkthrough shows the value in
// block digits, at least 3 lines tall at 120×40.
func TestReviewAndWalkthroughSnapshots(t *testing.T) {
	path := newDemo(t)
	week := lastConcludedReview(t, path).String()
	for _, size := range [][2]string{{"80", "24"}, {"120", "40"}} {
		for _, c := range []struct {
			args []string
			want []string
		}{
			{[]string{"--view", "review"}, []string{"[5 Review]", "Review of " + week, "✓ concluded", "rated", "Checklist · 8 of 8 ticked", "Action items"}},
			{[]string{"--view", "walkthrough", "--kpi", "mrr"}, []string{"[5 Review]", "★ Monthly recurring revenue", "key KPI · 1 of 18", "✓ reviewed", "Target", "Status", "└"}},
			{[]string{"--view", "walkthrough", "--kpi", "churn"}, []string{"Logo churn", "Target  ≤"}},
			{[]string{"--view", "walkthrough"}, []string{"★ Monthly recurring revenue"}},
		} {
			args := append([]string{"snapshot", "--db", path, "--week", week, "--width", size[0], "--height", size[1]}, c.args...)
			code, out, errText := kpi(t, nil, args...)
			if code != 0 {
				t.Fatalf("%v: exit %d: %s", c.args, code, errText)
			}
			lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
			if len(lines) != atoi(size[1]) {
				t.Errorf("%s×%s %v: %d lines", size[0], size[1], c.args, len(lines))
			}
			for i, l := range lines {
				if ansi.StringWidth(l) > atoi(size[0]) {
					t.Errorf("%s×%s %v: line %d is %d wide", size[0], size[1], c.args, i, ansi.StringWidth(l))
				}
			}
			for _, w := range c.want {
				if !strings.Contains(out, w) {
					t.Errorf("%s×%s %v lacks %q:\n%s", size[0], size[1], c.args, w, out)
				}
			}
			if c.args[1] == "walkthrough" {
				min := 3
				if n := blockLines(out); n < min {
					t.Errorf("%s×%s %v: the value is %d lines of block digits, want at least %d:\n%s", size[0], size[1], c.args, n, min, out)
				}
				if size[0] == "120" && !strings.Contains(out, "██") {
					t.Errorf("120×40: the digits are not full blocks:\n%s", out)
				}
			}
		}
	}
	if code, _, errText := kpi(t, nil, "snapshot", "--db", path, "--view", "walkthrough", "--kpi", "nosuch"); code == 0 || !strings.Contains(errText, "nosuch") {
		t.Errorf("a walkthrough of an unknown KPI: exit %d, %q", code, errText)
	}
}

// snapshotOf draws the Review view of week w from st, as `kpi snapshot` does.
func snapshotOf(t *testing.T, st *db.Store, path string, w model.Week, width, height int) string {
	t.Helper()
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.Ascii)
	out, err := ui.Snapshot(ui.Options{Store: st, Path: path, Reports: report.Files{Source: st, TeamPath: path}, User: "tester", Renderer: r, Week: w},
		ui.Shot{View: "review", Width: width, Height: height})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestActionItemsCarryOverThroughTheFile: an action item agreed in week W and
// not done is open in the reviews of W+1 and W+2 (with how long); marked done
// in W+2 it is gone from W+3's open list — in the app and in `kpi report`.
//
// The test pins its own date: the demo is made on Wednesday of 2026-W51, and the
// item is agreed in 2026-W52, after the demo's own items, so the weeks it is
// followed through cross the year end of a 53-week year (W53, then 2027-W01).
func TestActionItemsCarryOverThroughTheFile(t *testing.T) {
	demoNow := kpiNowAt(time.Date(2026, time.December, 16, 12, 0, 0, 0, time.Local))
	path := newDemoWith(t, []string{demoNow})
	w := model.MustWeek("2026-W52")
	clock := w.Day(time.Monday).Add(10 * time.Hour)
	st, err := db.Open(path, db.Options{User: "ana", Now: func() time.Time { return clock }})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	a, err := st.CreateActionItem(model.ActionItem{Text: "Carry me over", Owner: "dev", Due: w.Next(), CreatedWeek: w})
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []string{"new", "open 1 week", "open 2 weeks"} {
		screen := snapshotOf(t, st, path, w.Add(i), 200, 40)
		line := ""
		for _, l := range strings.Split(screen, "\n") {
			if strings.Contains(l, "Carry me over") {
				line = l
			}
		}
		if !strings.Contains(line, want) {
			t.Errorf("%s: the item's row is %q, want %q:\n%s", w.Add(i), line, want, screen)
		}
		if i == 2 && !strings.Contains(line, "overdue") {
			t.Errorf("%s: due %s and open, but not overdue: %q", w.Add(i), a.Due, line)
		}
	}
	// kpi report of W+1 lists it open too
	if _, open2, _ := kpi(t, []string{demoNow}, "report", "--db", path, "--week", w.Add(1).String()); !strings.Contains(open2,
		"- [ ] Carry me over — dev, due "+w.Next().String()+" · open 1 week") {
		t.Errorf("the report of %s does not list the item open:\n%s", w.Add(1), open2)
	}
	// done in W+2's review
	clock = w.Add(2).Day(time.Tuesday).Add(11 * time.Hour)
	a.Done = true
	if _, err := st.UpdateActionItem(a); err != nil {
		t.Fatal(err)
	}
	if screen := snapshotOf(t, st, path, w.Add(2), 200, 40); !strings.Contains(screen, "[x] Carry me over") {
		t.Errorf("%s does not show the item done:\n%s", w.Add(2), screen)
	}
	if screen := snapshotOf(t, st, path, w.Add(3), 200, 40); strings.Contains(screen, "Carry me over") {
		t.Errorf("%s still lists the item done the week before:\n%s", w.Add(3), screen)
	}
	// kpi report agrees: done in W+2, gone from W+3
	_, done2, _ := kpi(t, []string{demoNow}, "report", "--db", path, "--week", w.Add(2).String())
	_, done3, _ := kpi(t, []string{demoNow}, "report", "--db", path, "--week", w.Add(3).String())
	if !strings.Contains(done2, "### Done this week\n\n- [x] Carry me over") {
		t.Errorf("the report of %s does not list the item done:\n%s", w.Add(2), done2)
	}
	if strings.Contains(done3, "Carry me over") {
		t.Errorf("the report of %s still lists it:\n%s", w.Add(3), done3)
	}
}

// drivenApp is a ui.Model driven by keys from a test, its commands run to the end.
type drivenApp struct {
	t *testing.T
	m ui.Model
}

func openApp(t *testing.T, st *db.Store, path, user string, w model.Week, clock func() time.Time) *drivenApp {
	t.Helper()
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.Ascii)
	a := &drivenApp{t: t, m: ui.New(ui.Options{Store: st, Path: path, Reports: report.Files{Source: st, TeamPath: path}, User: user, Renderer: r, Week: w, Now: clock})}
	a.run(a.m.Init())
	a.msg(tea.WindowSizeMsg{Width: 120, Height: 40})
	return a
}

func (a *drivenApp) msg(msg tea.Msg) {
	var cmd tea.Cmd
	a.m, cmd = a.m.Update(msg)
	a.run(cmd)
}

func (a *drivenApp) run(cmd tea.Cmd) {
	queue := []tea.Cmd{cmd}
	for steps := 0; len(queue) > 0; steps++ {
		if steps > 200 {
			a.t.Fatal("commands keep producing commands")
		}
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		switch msg := c().(type) {
		case nil, tea.QuitMsg:
		case tea.BatchMsg:
			queue = append(queue, msg...)
		default:
			var next tea.Cmd
			a.m, next = a.m.Update(msg)
			queue = append(queue, next)
		}
	}
}

// keys types keys: "enter", "esc", "tab", " " are keys; anything else is typed.
func (a *drivenApp) keys(keys ...string) {
	for _, k := range keys {
		switch k {
		case "enter":
			a.msg(tea.KeyMsg{Type: tea.KeyEnter})
		case "esc":
			a.msg(tea.KeyMsg{Type: tea.KeyEsc})
		case "tab":
			a.msg(tea.KeyMsg{Type: tea.KeyTab})
		case "ctrl+u":
			a.msg(tea.KeyMsg{Type: tea.KeyCtrlU})
		default:
			for _, r := range k {
				a.msg(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
			}
		}
	}
}

func (a *drivenApp) screen() string { return a.m.View() }

// TestTwoAppsOnOneFileNeverOverwriteAReview: two people's apps, each with its
// own store on one file. Ben ticks an item ana's app still shows open: ana's
// tick is refused and shows ben's; ana concludes over ben's later note only
// after being told.
func TestTwoAppsOnOneFileNeverOverwriteAReview(t *testing.T) {
	path := newDemo(t)
	w := testWeek() // the demo's current week: its review has not been held yet
	now := func() time.Time { return w.Day(time.Monday).Add(10 * time.Hour) }
	anaSt, err := db.Open(path, db.Options{User: "ana", Now: now})
	if err != nil {
		t.Fatal(err)
	}
	defer anaSt.Close()
	benSt, err := db.Open(path, db.Options{User: "ben", Now: now})
	if err != nil {
		t.Fatal(err)
	}
	defer benSt.Close()
	ana := openApp(t, anaSt, path, "ana", w, now)
	ana.keys("5", "s")
	if !strings.Contains(ana.screen(), "● in progress") {
		t.Fatalf("ana could not start the review:\n%s", ana.screen())
	}
	ben := openApp(t, benSt, path, "ben", w, now)
	ben.keys("5", " ")
	if r, _, _ := benSt.Review(w); !r.Checklist[0].Done || r.Checklist[0].DoneBy != "ben" {
		t.Fatalf("ben's tick: %+v", r.Checklist[0])
	}
	// ana's app has not reloaded: it shows the item open, and space would tick it
	ana.keys(" ")
	if r, _, _ := anaSt.Review(w); r.Checklist[0].DoneBy != "ben" {
		t.Fatalf("ana's stale tick overwrote ben's: %+v", r.Checklist[0])
	}
	if !strings.Contains(ana.screen(), "ben changed “Check-in and wins” meanwhile") {
		t.Errorf("ana is not told:\n%s", ana.screen())
	}
	// ana starts concluding; ben writes notes meanwhile
	ana.keys("c", "8")
	ben.keys("m", "Ben's notes")
	ben.msg(tea.KeyMsg{Type: tea.KeyCtrlS})
	ana.keys("enter")
	if r, _, _ := anaSt.Review(w); r.State == model.ReviewConcluded {
		t.Fatal("ana concluded over ben's notes without being told")
	}
	if !strings.Contains(ana.screen(), "ben changed the review meanwhile") {
		t.Fatalf("ana is not told about ben's notes:\n%s", ana.screen())
	}
	ana.keys("enter")
	r, _, _ := anaSt.Review(w)
	if r.State != model.ReviewConcluded || r.Rating != 8 || r.Notes != "Ben's notes" {
		t.Fatalf("after the second enter: %+v", r)
	}
	text, err := os.ReadFile(report.PathFor(path, w))
	if err != nil || !strings.Contains(string(text), "- Rating: 8/10") || !strings.Contains(string(text), "Ben's notes") {
		t.Errorf("the report beside the file: %v\n%s", err, text)
	}
	if filepath.Dir(filepath.Dir(report.PathFor(path, w))) != filepath.Dir(path) {
		t.Errorf("the report is not beside the team file: %s", report.PathFor(path, w))
	}
}
