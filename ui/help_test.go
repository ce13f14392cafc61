package ui

import (
	"strings"
	"testing"
)

// TestHelpScrollsAt80x24: at 80×24 the Review's help is taller than the window.
// It keeps its frame, says how to scroll, and ↓/pgdn/↑/pgup scroll it until every
// key has been shown (quit last); any other key closes it.
func TestHelpScrollsAt80x24(t *testing.T) {
	m := press(t, started(t, newFakeStore(), 80, 24), "5", "?")
	first := m.View()
	if !strings.Contains(first, "Keys — Review") || !strings.Contains(first, "scroll") || !strings.Contains(first, "any other key closes") {
		t.Fatalf("the help at 80×24 does not say how to scroll:\n%s", first)
	}
	if strings.Contains(first, "more keys") || inHelpBox(first, "quit") {
		t.Fatalf("the first page already shows everything, or still drops keys:\n%s", first)
	}
	seen := first
	frames := []string{first}
	for i := 0; i < 10 && !inHelpBox(m.View(), "quit"); i++ {
		m = press(t, m, "pgdown")
		frames = append(frames, m.View())
		seen += m.View()
	}
	m = press(t, m, "j", "down") // at the end these change nothing and close nothing
	frames = append(frames, m.View())
	for _, f := range frames {
		if lines := strings.Split(f, "\n"); len(lines) != 24 || !strings.Contains(f, "╰") || !strings.Contains(f, "Keys — Review") {
			t.Fatalf("a help frame lost its size or its frame (%d lines):\n%s", len(lines), f)
		}
	}
	all := append(append(m.opt.Keys.Review.Bindings(), m.opt.Keys.Walkthrough.Bindings()...), m.keys.Bindings()...)
	for _, b := range all {
		if b.Enabled() && !strings.Contains(seen, b.Help().Desc) {
			t.Errorf("scrolling the help never showed %q (%s)", b.Help().Desc, b.Help().Key)
		}
	}
	if !inHelpBox(m.View(), "quit") {
		t.Fatalf("scrolling to the end does not show quit:\n%s", m.View())
	}
	m = press(t, m, "pgup", "k", "up")
	if m.View() == frames[len(frames)-1] || !strings.Contains(m.View(), "Keys — Review") {
		t.Errorf("pgup/k/↑ did not scroll back:\n%s", m.View())
	}
	m = press(t, m, "x")
	if strings.Contains(m.View(), "Keys — Review") {
		t.Error("a key that does not scroll did not close the help")
	}
}

// TestHelpGroupsTheReviewByMode: space, n, enter and the arrows mean one thing in
// the review list and another in the walkthrough; the help lists each mode's keys
// under its own heading, the mode shown now first.
func TestHelpGroupsTheReviewByMode(t *testing.T) {
	m := press(t, started(t, newFakeStore(), 120, 40), "5", "?")
	v := m.View()
	list, walk, everywhere := strings.Index(v, "Review list"), strings.Index(v, "Walkthrough (w)"), strings.Index(v, "Everywhere")
	if list < 0 || walk < 0 || everywhere < 0 {
		t.Fatalf("the review's help has no headings by mode:\n%s", v)
	}
	if !(list < walk && walk < everywhere) {
		t.Errorf("headings out of order (list %d, walkthrough %d, everywhere %d):\n%s", list, walk, everywhere, v)
	}
	for desc, inList := range map[string]bool{"tick": true, "new action": true, "note/edit": true, "reviewed": false, "action item": false, "previous KPI": false} {
		i := strings.Index(v, desc)
		if i < 0 || (i > list && i < walk) != inList || (i > walk && i < everywhere) == inList {
			t.Errorf("%q is not under the %v heading", desc, map[bool]string{true: "Review list", false: "Walkthrough"}[inList])
		}
	}
}

// TestObjectivesFooterShowsHelpAndQuit: the footer keeps ? help and q quit when
// the view's own keys would fill it.
func TestObjectivesFooterShowsHelpAndQuit(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		m := press(t, started(t, newFakeStore(), size[0], size[1]), "2")
		lines := strings.Split(m.View(), "\n")
		footer := lines[len(lines)-1]
		if !strings.Contains(footer, "? help") || !strings.Contains(footer, "q quit") || !strings.Contains(footer, "enter") {
			t.Errorf("%dx%d: the Objectives footer lacks its keys, ? help or q quit: %q", size[0], size[1], footer)
		}
	}
}

// inHelpBox reports whether text is on a line of the help's box (not the footer).
func inHelpBox(view, text string) bool {
	for _, l := range strings.Split(view, "\n") {
		if strings.Contains(l, "│") && strings.Contains(l, text) {
			return true
		}
	}
	return false
}
