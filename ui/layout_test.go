package ui

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"

	"kpi/model"
	"kpi/ui/fakestore"
	"kpi/ui/frame"
)

// The layout check: every region of the frame (header, tab bar, the body a view
// or an overlay drew, footer) is inspected as its owner drew it, before the root's
// frame.Fit pads and cuts it. A line wider than the region, or text below its
// last row, is text Fit would cut without an ellipsis, so it fails the check.

// layoutSizes are the terminal sizes checked: the minimum, the common ones, the
// largest, and odd ones between.
var layoutSizes = [][2]int{{MinWidth, MinHeight}, {61, 17}, {73, 21}, {80, 24}, {100, 30}, {120, 40}, {143, 37}, {250, 70}}

// layoutThemes are the themes checked, each with the colour profile it is drawn
// in: mono as plain text, dark with escape sequences (which must not count).
var layoutThemes = []struct {
	name    string
	profile termenv.Profile
}{{"mono", termenv.Ascii}, {"dark", termenv.ANSI256}}

// layoutScreen is one screen to check: what its body is called in regions()
// (so a key that did not reach the screen fails instead of checking another),
// and how to get there from the started app on the Dashboard.
type layoutScreen struct {
	name  string
	body  string
	reach func(t *testing.T, m Model, st *fakestore.Store) Model
}

// keys is a reach that presses keys.
func keys(k ...string) func(*testing.T, Model, *fakestore.Store) Model {
	return func(t *testing.T, m Model, _ *fakestore.Store) Model { return press(t, m, k...) }
}

// inTrends is a reach that opens KPI key in Trends, then presses k.
func inTrends(key string, k ...string) func(*testing.T, Model, *fakestore.Store) Model {
	return func(t *testing.T, m Model, st *fakestore.Store) Model {
		m, cmd := m.Update(frame.OpenKPIMsg{KPIID: st.KPIByKey(t, key).ID})
		return press(t, drain(t, m, cmd), k...)
	}
}

// layoutScreens are every view in its states and every overlay.
func layoutScreens() []layoutScreen {
	return []layoutScreen{
		{"dashboard", "Dashboard", keys()},
		{"dashboard scrolled", "Dashboard", keys("end")},
		{"dashboard presenting", "Dashboard", keys("p")},
		{"dashboard filtered", "Dashboard", keys("/", "owner:ana", "enter")},
		{"dashboard last week", "Dashboard", keys("[")},
		{"dashboard of a read-only file", "Dashboard", readOnly},
		{"dashboard sorted by status", "Dashboard", keys("s", "end")},
		{"dashboard with a long notice", "Dashboard", func(t *testing.T, m Model, _ *fakestore.Store) Model {
			m, _ = m.Update(frame.NoticeMsg{Text: "Concluded 2026-W47; the report is in " + strings.Repeat("/srv/shared/finance", 4) + "/northwind-2026-W47.md"})
			return m
		}},
		{"objectives", "Objectives", keys("2")},
		{"objectives at the end", "Objectives", keys("2", "end")},
		{"objectives linking", "Objectives", keys("2", "L")},
		{"scorecard 13 weeks", "Scorecard", keys("3")},
		{"scorecard 26 weeks", "Scorecard", keys("3", "w")},
		{"scorecard 52 weeks", "Scorecard", keys("3", "w", "w")},
		{"scorecard totals", "Scorecard", keys("3", "right")},
		{"scorecard refusal", "Scorecard", keys("3", "/", "win", "enter", "enter")},
		{"scorecard first week", "Scorecard", func(t *testing.T, m Model, _ *fakestore.Store) Model {
			return press(t, send(t, press(t, m, "3"), tea.KeyHome), "ctrl+end")
		}},
		{"scorecard editing", "Scorecard", keys("3", "enter", "12", "tab", "a note")},
		{"trends mrr", "Trends", inTrends("mrr")},
		{"trends mrr whole range", "Trends", inTrends("mrr", "+", "+", "+")},
		{"trends mrr editing", "Trends", inTrends("mrr", "left", "enter", "1", "tab", "note")},
		{"trends churn", "Trends", inTrends("churn")},
		{"trends p95 latency", "Trends", inTrends("p95_latency")},
		{"trends derived win rate", "Trends", inTrends("win_rate")},
		{"trends monthly gross margin", "Trends", inTrends("gross_margin")},
		{"trends qualitative security", "Trends", inTrends("security")},
		{"review not started", "Review", keys("5")},
		{"review started", "Review", keys("5", "s")},
		{"review note", "Review", keys("5", "s", "enter", "a note")},
		{"review action form", "Review", keys("5", "s", "n", "Call the agencies")},
		{"review meeting notes", "Review", keys("5", "s", "m", "one", "enter", "two")},
		{"review concluded", "Review", keys("5", "s", "c", "9", "enter")},
		{"review of a concluded week", "Review", keys("[", "5")},
		{"walkthrough", "Review", keys("5", "w")},
		{"walkthrough started", "Review", keys("5", "s", "w", "right", " ")},
		{"walkthrough presenting", "Review", keys("5", "w", "p")},
		{"help on the dashboard", "help", keys("?")},
		{"help on the review", "help", keys("5", "?")},
		{"help on trends", "help", inTrends("mrr", "?")},
		{"history", "history", historyOverlay},
		{"entry form", "entry form", keys("e")},
		{"entry form with a problem", "entry form", keys("e", "abc", "enter")},
		{"kpi editor new", "editor", keys("n")},
		{"kpi editor", "editor", keys("3", "E")},
		{"objective editor", "editor", keys("2", "o")},
		{"kpi editor conflict", "editor", kpiConflict},
		{"dashboard grouped by objective", "Dashboard", tagsAndEvents("b")},
		{"dashboard grouped by a tag", "Dashboard", tagsAndEvents("b", "b")},
		{"dashboard grouped by a tag scrolled", "Dashboard", tagsAndEvents("b", "b", "end")},
		{"scorecard grouped by a tag", "Scorecard", tagsAndEvents("3", "b")},
		{"scorecard grouped by a tag 52 weeks", "Scorecard", tagsAndEvents("3", "b", "w", "w")},
		{"scorecard not grouped", "Scorecard", tagsAndEvents("3", "b", "b", "b")},
		{"scorecard on an event's week", "Scorecard", tagsAndEvents("3", "left", "left")},
		{"trends with events", "Trends", func(t *testing.T, m Model, st *fakestore.Store) Model {
			m = tagsAndEvents()(t, m, st)
			return inTrends("mrr", "left", "left")(t, m, st)
		}},
		{"walkthrough with events", "Review", tagsAndEvents("5", "w")},
	}
}

// tagsAndEvents is a reach that tags KPIs (one tag value far longer than a
// column) and adds week events (one as long as an event may be, two in the
// week under review), reloads, then presses k.
func tagsAndEvents(k ...string) func(*testing.T, Model, *fakestore.Store) Model {
	return func(t *testing.T, m Model, st *fakestore.Store) Model {
		long := "region:" + strings.Repeat("north-east", 3)
		st.Edit(func(ds *model.Dataset) {
			for i := range ds.KPIs {
				switch ds.KPIs[i].Key {
				case "created", "won":
					ds.KPIs[i].Tags = []string{"team:sales", long}
				case "signups", "mrr", "churn":
					ds.KPIs[i].Tags = []string{"team:growth"}
				}
			}
			ds.Events = append(ds.Events,
				model.Event{ID: 1, Week: model.MustWeek("2026-W45"), Text: strings.Repeat("A holiday with a long name ", 5)[:model.MaxEventLen]},
				model.Event{ID: 2, Week: model.MustWeek("2026-W47"), Text: "Launch"},
				model.Event{ID: 3, Week: model.MustWeek("2026-W47"), Text: "Outage"})
		})
		m = drain(t, m, m.reload())
		return press(t, m, k...)
	}
}

// historyOverlay opens the history overlay on the selected card with entries
// from several people, one with a long summary.
func historyOverlay(t *testing.T, m Model, _ *fakestore.Store) Model {
	h := &fakeHistory{}
	sel := frame.SelectionOf(m.views[m.active])
	h.add("ana", sel.ID, "ana set the KPI for 2026-W46: 40 → 44")
	h.add("a-very-long-user-name", sel.ID, "changed the definition: "+strings.Repeat("target and owner and notes ", 12))
	m.opt.History = h
	m = press(t, m, "H")
	if !strings.Contains(ansi.Strip(m.View()), "a-very-long") {
		t.Fatalf("the history overlay does not list the changes:\n%s", m.View())
	}
	return m
}

// readOnly is the dashboard of a file that cannot be written, with a long reason
// in the banner under the header.
func readOnly(t *testing.T, m Model, st *fakestore.Store) Model {
	st.SetReadOnly("the team file is in a folder this user may only read (" + strings.Repeat("/very/long/path", 12) + ")")
	m = drain(t, m, m.reload())
	if !strings.Contains(ansi.Strip(m.View()), "READ-ONLY") {
		t.Fatalf("no read-only banner:\n%s", m.View())
	}
	return m
}

// kpiConflict is the KPI editor's conflict screen: someone else saved the KPI
// between the form opening and its save.
func kpiConflict(t *testing.T, m Model, st *fakestore.Store) Model {
	m = editKPI(t, m, st, "nps")
	for range 40 { // down to the Name field (focusField reads plain text only)
		if strings.Contains(ansi.Strip(m.View()), "▸ Name") {
			break
		}
		m = press(t, m, "down")
	}
	m = typeInto(t, m, "NPS (all customers, every region, both plans)")
	theyChange(t, st, "nps", func(k *model.KPI) {
		k.Owner = "farid"
		k.Description = strings.Repeat("a description far longer than any column ", 5)
	})
	m = send(t, m, tea.KeyCtrlS)
	if !strings.Contains(ansi.Strip(m.View()), "Not saved") {
		t.Fatalf("no conflict screen:\n%s", m.View())
	}
	return m
}

// layoutApp is the app at w×h in theme, loaded, with a clock the review's
// timer reads and the team file in a temp dir (concluding writes a report).
func layoutApp(t *testing.T, st *fakestore.Store, theme string, profile termenv.Profile, w, h int) Model {
	t.Helper()
	opt := plainOptions(st, theme)
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(profile)
	opt.Renderer = r
	opt.Path = filepath.Join(t.TempDir(), "northwind.db")
	clock := testNow
	opt.Now = func() time.Time { return clock }
	m := New(opt)
	m = drain(t, m, m.Init())
	m, _ = m.Update(tea.WindowSizeMsg{Width: w, Height: h})
	return m
}

// overruns are the layout check's findings for the frame m draws now, one line
// each, naming the region.
func overruns(m Model) []string {
	var out []string
	for _, r := range m.regions() {
		for _, o := range frame.Overflow(r.text, r.width, r.height) {
			out = append(out, fmt.Sprintf("%s (%d×%d): %s", r.name, r.width, r.height, o))
		}
	}
	return out
}

// bodyName is the name of the region between the tab bar and the footer.
func bodyName(m Model) string {
	rs := m.regions()
	if len(rs) < 3 {
		return rs[0].name
	}
	return rs[2].name
}

// TestNoViewDrawsPastItsRoom runs the layout check over every screen, size and
// theme.
func TestNoViewDrawsPastItsRoom(t *testing.T) {
	for _, th := range layoutThemes {
		for _, size := range layoutSizes {
			for _, sc := range layoutScreens() {
				st := newFakeStore()
				m := sc.reach(t, layoutApp(t, st, th.name, th.profile, size[0], size[1]), st)
				where := fmt.Sprintf("%s %d×%d %s", th.name, size[0], size[1], sc.name)
				if got := bodyName(m); got != sc.body {
					t.Errorf("%s: the body is %q, want %q (the keys did not reach the screen)", where, got, sc.body)
					continue
				}
				for _, o := range overruns(m) {
					t.Errorf("%s: %s", where, o)
				}
			}
		}
	}
}

// TestTooSmallScreenFits: below the minimum size the one thing on screen, the
// message saying so, is wrapped to the width rather than cut.
func TestTooSmallScreenFits(t *testing.T) {
	for _, size := range [][2]int{{30, 8}, {40, 10}, {MinWidth - 1, MinHeight}, {MinWidth, MinHeight - 1}} {
		m := started(t, newFakeStore(), size[0], size[1])
		if got := bodyName(m); got != "too small" {
			t.Fatalf("%v: the screen is %q", size, got)
		}
		for _, o := range overruns(m) {
			t.Errorf("%v: %s", size, o)
		}
		if !strings.Contains(strings.Join(strings.Fields(ansi.Strip(m.View())), " "), fmt.Sprintf("needs at least %d×%d", MinWidth, MinHeight)) {
			t.Errorf("%v: the message is lost:\n%s", size, m.View())
		}
	}
}

// overrunningPage is a view that draws one line too wide and one line too many,
// to show that the layout check catches what the root's Fit would hide.
type overrunningPage struct {
	frame.Page
	width, height int
}

func (p overrunningPage) SetSize(w, h int) frame.Page {
	p.width, p.height = w, h
	return p
}

func (p overrunningPage) View() string {
	lines := []string{strings.Repeat("x", p.width+1)}
	for len(lines) <= p.height {
		lines = append(lines, "last line")
	}
	return strings.Join(lines, "\n")
}

func TestLayoutCheckCatchesAViewThatDrawsPastItsRoom(t *testing.T) {
	m := started(t, newFakeStore(), 80, 24)
	m.views[m.active] = overrunningPage{Page: m.views[m.active]}
	m.viewSize[m.active] = [2]int{} // so the root sizes the new page
	m.layout()
	got := overruns(m)
	if len(got) != 2 || !strings.Contains(got[0], "line 1 is 81 cells wide") || !strings.Contains(got[1], "is below the last row") {
		t.Errorf("the check found %q, want the wide line and the line below", got)
	}
	// the frame the user sees still fits: Fit hid both, which is why the check
	// reads the regions
	for i, l := range strings.Split(m.View(), "\n") {
		if lipgloss.Width(l) > 80 || i >= 24 {
			t.Fatalf("the frame itself does not fit at line %d", i)
		}
	}
}

// TestViewsNeverFitTheirOwnDrawing keeps the layout check able to see: a view
// that calls frame.Fit or frame.FitLine cuts its own text without an ellipsis
// before the check can read it. Views and the root's header, tab bar and footer
// pad with frame.Pad/PadBlock and cut with frame.Clip/Cell; only the root's View
// fits, after the regions are drawn.
func TestViewsNeverFitTheirOwnDrawing(t *testing.T) {
	dirs, err := filepath.Glob("*")
	if err != nil {
		t.Fatal(err)
	}
	for _, dir := range append(dirs, ".") {
		if fi, err := os.Stat(dir); err != nil || !fi.IsDir() || dir == "frame" || dir == "testdata" {
			continue
		}
		pkgs, err := parser.ParseDir(token.NewFileSet(), dir, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, pkg := range pkgs {
			for name, f := range pkg.Files {
				for _, decl := range f.Decls {
					fn, ok := decl.(*ast.FuncDecl)
					if !ok || (pkg.Name == "ui" && fn.Name.Name == "View") {
						continue
					}
					for _, call := range fitCalls(fn) {
						t.Errorf("%s: %s calls frame.%s: pad with frame.Pad and cut with frame.Clip or frame.Cell", name, fn.Name.Name, call)
					}
				}
			}
		}
	}
}

// fitCalls are the frame.Fit and frame.FitLine calls in fn.
func fitCalls(fn *ast.FuncDecl) []string {
	var out []string
	ast.Inspect(fn, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok {
			if x, ok := sel.X.(*ast.Ident); ok && x.Name == "frame" && (sel.Sel.Name == "Fit" || sel.Sel.Name == "FitLine") {
				out = append(out, sel.Sel.Name)
			}
		}
		return true
	})
	return out
}

// TestViewsNeverCutWithoutAnEllipsis is the other half of the layout check:
// text a view cuts itself fits its room, so Overflow cannot see the cut.
// Outside frame (whose Clip, Cell, ClipWords, Quote and Wrap end every cut in
// "…", and whose Fit is the root's alone), no code cuts text: no
// ansi.Truncate or TruncateLeft, no lipgloss MaxWidth or MaxHeight, no
// precision on a %s verb ("%.5s" reads "Targe").
func TestViewsNeverCutWithoutAnEllipsis(t *testing.T) {
	dirs, err := filepath.Glob("*")
	if err != nil {
		t.Fatal(err)
	}
	precision := regexp.MustCompile(`%-?\d*\.\d+s`)
	for _, dir := range append(dirs, ".") {
		if fi, err := os.Stat(dir); err != nil || !fi.IsDir() || dir == "frame" || dir == "testdata" {
			continue
		}
		fset := token.NewFileSet()
		pkgs, err := parser.ParseDir(fset, dir, func(fi os.FileInfo) bool { return !strings.HasSuffix(fi.Name(), "_test.go") }, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, pkg := range pkgs {
			for _, f := range pkg.Files {
				ast.Inspect(f, func(n ast.Node) bool {
					switch n := n.(type) {
					case *ast.SelectorExpr:
						switch n.Sel.Name {
						case "Truncate", "TruncateLeft", "TruncateWc", "MaxWidth", "MaxHeight":
							t.Errorf("%s: %s cuts text without an ellipsis: use frame.Clip, Cell, ClipWords or Wrap", fset.Position(n.Pos()), n.Sel.Name)
						}
					case *ast.BasicLit:
						if n.Kind == token.STRING && precision.MatchString(n.Value) {
							t.Errorf("%s: %s cuts text without an ellipsis", fset.Position(n.Pos()), n.Value)
						}
					}
					return true
				})
			}
		}
	}
}
