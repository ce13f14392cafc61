package main

// End-to-end tests of the dashboard with the real binary in tmux (issue 3), on the
// harness of e2e_harness_test.go, and the screen-reading helpers the other
// end-to-end tests share: `kpi list` rows, the entry form's focused row, cards.

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/lipgloss"
)

const (
	// demoTeam is the team name `kpi demo` writes.
	demoTeam = "Northwind Analytics"
	// tabBar is the tab bar's text with the Dashboard tab active.
	tabBar = "[1 Dashboard]"
)

// Box-drawing corners and sides of the dashboard's cards: rounded for a plain
// card, heavy for the selected card, double for the OMTM card when it is not
// selected.
const (
	cardTopLeft    = "╭┏╔"
	cardBottomLeft = "╰┗╚"
	cardSide       = "│┃║"
	// selectedTopLeft marks the selected card.
	selectedTopLeft = '┏'
)

// isoWeek formats the ISO week of d like the app does (2026-W07), with the
// standard library rather than the code under test.
func isoWeek(d time.Time) string {
	y, w := d.ISOWeek()
	return fmt.Sprintf("%04d-W%02d", y, w)
}

// listedKPI is the part of one `kpi list --json` row these tests read.
type listedKPI struct {
	Key       string          `json:"key"`
	Name      string          `json:"name"`
	Kind      string          `json:"kind"`
	Value     json.RawMessage `json:"value"`
	EnteredBy string          `json:"entered_by"`
}

// listWeek runs `kpi list --json --week week` and returns its rows and raw output.
func listWeek(t *testing.T, db, week string) ([]listedKPI, string) {
	t.Helper()
	code, out, stderr := kpi(t, nil, "list", "--json", "--week", week, "--db", db)
	if code != 0 {
		t.Fatalf("kpi list --json --week %s: exit %d: %s", week, code, stderr)
	}
	var rows []listedKPI
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatalf("kpi list --json: %v\n%s", err, out)
	}
	return rows, out
}

// valueOf returns the stored value of key in rows: its JSON text, "null" when
// missing, or "" when key is not listed.
func valueOf(rows []listedKPI, key string) string {
	for _, r := range rows {
		if r.Key == key {
			if len(r.Value) == 0 {
				return "null"
			}
			return string(r.Value)
		}
	}
	return ""
}

// lineWith returns the index of the first line containing text, or -1.
func lineWith(lines []string, text string) int {
	for i, l := range lines {
		if strings.Contains(l, text) {
			return i
		}
	}
	return -1
}

// focusedRow finds the entry form's focused row (the line starting with ▸) and
// the KPI named on it: the longest listed name the rest of the line starts with,
// after the status glyph.
func focusedRow(lines []string, kpis []listedKPI) (row int, k listedKPI, err error) {
	for i, l := range lines {
		rest, ok := strings.CutPrefix(l, "▸")
		if !ok {
			continue
		}
		fields := strings.Fields(rest)
		if len(fields) < 2 {
			return i, k, fmt.Errorf("focused row %q has no KPI name", l)
		}
		// drop the status glyph (✓ ! ✗ ·) in front of the name
		rest = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(rest), fields[0]))
		for _, c := range kpis {
			if strings.HasPrefix(rest, c.Name) && len(c.Name) > len(k.Name) {
				after := strings.TrimPrefix(rest, c.Name)
				if after == "" || after[0] == ' ' {
					k = c
				}
			}
		}
		if k.Key == "" {
			return i, k, fmt.Errorf("focused row %q names no KPI from kpi list", l)
		}
		return i, k, nil
	}
	return -1, k, fmt.Errorf("no line starts with ▸ (the focused row)")
}

// focusQuantitative moves the form's focus down past qualitative rows (which
// take a status, not a number) and returns the focused quantitative KPI and its
// row.
func focusQuantitative(t *testing.T, a *tmuxApp, kpis []listedKPI) (int, listedKPI) {
	t.Helper()
	for range len(kpis) + 1 {
		var row int
		var k listedKPI
		a.waitUntil("a focused row naming a KPI", func(lines []string) (err error) {
			row, k, err = focusedRow(lines, kpis)
			return err
		})
		if k.Kind != "qualitative" {
			return row, k
		}
		a.send("Down")
		a.waitUntil("the focus to leave "+k.Name, func(lines []string) error {
			_, now, err := focusedRow(lines, kpis)
			if err == nil && now.Key == k.Key {
				return fmt.Errorf("still on %s", k.Name)
			}
			return err
		})
	}
	t.Fatalf("the entry form has no quantitative row to type a number into\nscreen:\n%s", a.last)
	return 0, listedKPI{}
}

// selectedCard returns the name on the card drawn with the selected border: the
// text inside the frame on the line below its top-left corner, without the OMTM
// star, up to the first gap of two spaces (the status follows the gap).
func selectedCard(lines []string) (string, error) {
	for r := 0; r+1 < len(lines); r++ {
		top := []rune(lines[r])
		for c, ch := range top {
			if ch != selectedTopLeft {
				continue
			}
			next := []rune(lines[r+1])
			if c >= len(next) || !strings.ContainsRune(cardSide, next[c]) {
				return "", fmt.Errorf("selected card at line %d has no side below its corner", r+1)
			}
			inside := string(next[c+1:])
			if end := strings.IndexAny(inside, cardSide); end >= 0 {
				inside = inside[:end]
			}
			inside = strings.TrimPrefix(strings.TrimSpace(inside), "★ ")
			if gap := strings.Index(inside, "  "); gap >= 0 {
				inside = inside[:gap]
			}
			if inside == "" {
				return "", fmt.Errorf("selected card at line %d has no name", r+1)
			}
			return inside, nil
		}
	}
	return "", fmt.Errorf("no card has the selected border %c", selectedTopLeft)
}

// cardsWhole checks that every card frame on lines is complete: below each
// top-left corner the same column holds side characters down to a bottom-left
// corner, and above each bottom-left corner it reaches a top-left corner. A card
// cut by the top or bottom of the body fails. Columns count runes, which equal
// cells here because everything left of a frame's corner is another frame.
func cardsWhole(lines []string) error {
	grid := make([][]rune, len(lines))
	for i, l := range lines {
		grid[i] = []rune(l)
	}
	at := func(r, c int) rune {
		if c < len(grid[r]) {
			return grid[r][c]
		}
		return ' '
	}
	for r := range grid {
		for c, ch := range grid[r] {
			var step int
			var end string
			switch {
			case strings.ContainsRune(cardTopLeft, ch):
				step, end = 1, cardBottomLeft
			case strings.ContainsRune(cardBottomLeft, ch):
				step, end = -1, cardTopLeft
			default:
				continue
			}
			closed := false
			for r2 := r + step; r2 >= 0 && r2 < len(grid); r2 += step {
				got := at(r2, c)
				if strings.ContainsRune(end, got) {
					closed = true
					break
				}
				if !strings.ContainsRune(cardSide, got) {
					return fmt.Errorf("card corner %c at line %d, column %d: line %d has %q where the card's left side should be", ch, r+1, c+1, r2+1, got)
				}
			}
			if !closed {
				return fmt.Errorf("card corner %c at line %d, column %d has no matching corner on screen: the card is cut", ch, r+1, c+1)
			}
		}
	}
	return nil
}

// TestE2EDashboardInTmux drives the real binary on the demo team through the
// checks of issue 3: first screen, week keys, help, selection, the entry form
// (a saved value and a refused one), a resize to 80×24, and quitting.
func TestE2EDashboardInTmux(t *testing.T) {
	needTmux(t)
	db := newDemo(t)
	week := isoWeek(testToday())
	kpis, _ := listWeek(t, db, week)

	started := time.Now()
	a := startApp(t, 120, 40, db)
	var firstScreen []string

	// First screen: team name, this ISO week and the file's name in the header,
	// the tab bar, and at least 6 KPI names from `kpi list`.
	a.waitUntil("the dashboard of the demo team", func(lines []string) error {
		if len(lines) < 2 {
			return fmt.Errorf("%d lines", len(lines))
		}
		for _, want := range []string{demoTeam, week, "this week", filepath.Base(db)} {
			if !strings.Contains(lines[0], want) {
				return fmt.Errorf("header %q lacks %q", lines[0], want)
			}
		}
		if !strings.Contains(lines[1], tabBar) {
			return fmt.Errorf("line 2 %q is not the tab bar", lines[1])
		}
		screen := strings.Join(lines, "\n")
		var seen []string
		for _, k := range kpis {
			if strings.Contains(screen, k.Name) {
				seen = append(seen, k.Name)
			}
		}
		if len(seen) < 6 {
			return fmt.Errorf("%d KPI names from kpi list on screen (%q), want at least 6", len(seen), seen)
		}
		if err := cardsWhole(lines[:len(lines)-1]); err != nil {
			return err
		}
		firstScreen = lines
		return nil
	})
	// Recorded, not asserted: issue 3 wants this within 2 s, and budgets are
	// measured by benchmarks, not by timed assertions.
	t.Logf("first dashboard on screen %v after starting tmux", time.Since(started).Round(time.Millisecond))

	// Week keys: ] next, . back, [ previous, . back.
	header := func(want ...string) func([]string) error {
		return func(lines []string) error {
			for _, w := range want {
				if !strings.Contains(lines[0], w) {
					return fmt.Errorf("header %q lacks %q", lines[0], w)
				}
			}
			return nil
		}
	}
	next, prev := isoWeek(testToday().AddDate(0, 0, 7)), isoWeek(testToday().AddDate(0, 0, -7))
	a.send("]")
	a.waitUntil("] to show the next week "+next, header(demoTeam, next, "next week"))
	a.send(".")
	a.waitUntil(". to go back to this week "+week, header(demoTeam, week, "this week"))
	a.send("[")
	a.waitUntil("[ to show the previous week "+prev, header(demoTeam, prev))
	a.send(".")
	a.waitUntil(". to go back to this week "+week, header(demoTeam, week, "this week"))
	// The header moves at once and the week's data follows when its load
	// ends: until then the cards are the previous week's, and their redraw
	// would pass for a key's effect below (and e would be refused while
	// loading). This week is loaded when the screen is the first one again.
	a.waitUntil("this week's dashboard as it was first drawn", func(lines []string) error {
		for i, l := range firstScreen[:len(firstScreen)-1] { // the footer may carry a notice
			if i >= len(lines) || lines[i] != l {
				return fmt.Errorf("line %d is %q, first drawn as %q", i+1, lines[min(i, len(lines)-1)], l)
			}
		}
		return nil
	})

	// Help overlay: ? opens it, any key closes it.
	a.send("?")
	a.waitFor("Keys — Dashboard")
	a.send("x")
	a.waitGone("Keys — Dashboard")
	a.waitFor("Health metrics")

	// Selection: j and l each select another card. The selected card's name,
	// not any change of the screen, is the key's effect: a redraw for another
	// reason would let the next key go early and the name read below be the
	// one before it.
	var selected string
	a.waitUntil("a selected card", func(lines []string) (err error) {
		selected, err = selectedCard(lines)
		return err
	})
	for _, key := range []string{"j", "l"} {
		was := selected
		a.send(key)
		a.waitUntil("another card selected after "+key, func(lines []string) (err error) {
			if selected, err = selectedCard(lines); err == nil && selected == was {
				err = fmt.Errorf("%s is still selected", was)
			}
			return err
		})
	}
	t.Logf("selected card after j, l: %s", selected)

	// Entry form: a number on the first quantitative row is saved.
	a.send("e")
	a.waitFor("Enter values for " + week)
	row, first := focusQuantitative(t, a, kpis)
	t.Logf("entry form: typing into %s (%s) on screen line %d", first.Name, first.Key, row+1)
	typed, want := "12345", "12345"
	if valueOf(kpis, first.Key) == want {
		typed, want = "12346", "12346"
	}
	a.send("C-u") // a filled row starts with its value in the input
	a.sendText(typed)
	a.waitUntil("the typed value in the focused row", func(lines []string) error {
		r, k, err := focusedRow(lines, kpis)
		if err != nil {
			return err
		}
		// the whole of it, ended by the input's padding: a stored value that
		// starts with the same digits is not it
		if k.Key != first.Key || !strings.Contains(lines[r], "["+typed+" ") {
			return fmt.Errorf("focused row is %q", lines[r])
		}
		return nil
	})
	a.send("Enter")
	// 12345 may be far off the KPI's recent values: then the row asks before
	// saving (the plausibility check), and enter again keeps it
	asked := false
	a.waitUntil(first.Name+" to show saved or ask", func(lines []string) error {
		for _, l := range lines {
			if strings.Contains(l, "enter again or y keeps it") {
				asked = true
				return nil
			}
			if strings.Contains(l, first.Name) && strings.Contains(l, "saved") {
				return nil
			}
		}
		return fmt.Errorf("no line shows %s saved or asks about it", first.Name)
	})
	if asked {
		t.Logf("entry form: %s asked about %s; enter again keeps it", first.Key, typed)
		a.send("Enter")
	}
	a.waitUntil(first.Name+" to show saved", func(lines []string) error {
		for _, l := range lines {
			if strings.Contains(l, first.Name) && strings.Contains(l, "saved") {
				return nil
			}
		}
		return fmt.Errorf("no line shows %s saved", first.Name)
	})
	var rows []listedKPI
	poll(t, "the form's value in the file", func() error {
		if rows, _ = listWeek(t, db, week); valueOf(rows, first.Key) != want {
			return fmt.Errorf("kpi list --json --week %s shows %s = %s, want %s after saving it in the form", week, first.Key, valueOf(rows, first.Key), want)
		}
		return nil
	})
	for _, r := range rows {
		if r.Key == first.Key && r.EnteredBy != "e2e" {
			t.Errorf("%s was entered by %q, want e2e (KPI_USER)", first.Key, r.EnteredBy)
		}
	}
	if code, out, stderr := kpi(t, nil, "history", "--limit", "1", "--db", db); code != 0 || !strings.Contains(out, first.Key) {
		t.Errorf("kpi history --limit 1: exit %d, %q %s; want the form's change to %s logged", code, out, stderr, first.Key)
	}

	// The focus moved on; "abc" on the next quantitative row is refused on that
	// row with the reason, and nothing is stored.
	a.waitUntil("the focus to move past "+first.Name, func(lines []string) error {
		_, k, err := focusedRow(lines, kpis)
		if err == nil && k.Key == first.Key {
			return fmt.Errorf("still on %s", first.Name)
		}
		return err
	})
	_, second := focusQuantitative(t, a, kpis)
	t.Logf("entry form: typing abc into %s (%s)", second.Name, second.Key)
	_, listBefore := listWeek(t, db, week)
	_, historyBefore, _ := kpi(t, nil, "history", "--limit", "3", "--db", db)
	a.send("C-u")
	a.sendText("abc")
	a.waitUntil("abc in the focused row", func(lines []string) error {
		r, _, err := focusedRow(lines, kpis)
		if err != nil {
			return err
		}
		if !strings.Contains(lines[r], "[abc ") {
			return fmt.Errorf("focused row is %q", lines[r])
		}
		return nil
	})
	a.send("Enter")
	lines := a.waitFor("not a number")
	r, k, err := focusedRow(lines, kpis)
	if err != nil || k.Key != second.Key {
		t.Fatalf("after refusing abc the focus is on %s (%v), want it to stay on %s\nscreen:\n%s", k.Name, err, second.Name, a.last)
	}
	if r+1 >= len(lines) || !strings.Contains(lines[r+1], "not a number") || !strings.Contains(lines[r+1], `"abc"`) {
		t.Errorf("the reason is not on the line under the focused row %q\nscreen:\n%s", lines[r], a.last)
	}
	storeUnchanged := func(when string) {
		t.Helper()
		if _, after := listWeek(t, db, week); after != listBefore {
			t.Errorf("%s: kpi list --json --week %s changed after typing abc into %s (was %s, now %s)", when, week, second.Key, valueOf(kpis, second.Key), valueOf(mustRows(t, after), second.Key))
		}
		if _, after, _ := kpi(t, nil, "history", "--limit", "3", "--db", db); after != historyBefore {
			t.Errorf("%s: the change log grew after a refused value:\nbefore:\n%s\nafter:\n%s", when, historyBefore, after)
		}
	}
	storeUnchanged("with the form open")

	// Esc closes the form; the saved value shows on the dashboard.
	a.send("Escape")
	a.waitGone("Enter values for")
	a.waitFor("Health metrics")
	a.waitFor(want[:2] + "," + want[2:]) // 12,345 or 12,346 as the dashboard formats it
	storeUnchanged("after closing the form")

	// Resize to 80×24: header, tab bar and the selected card are visible, no line
	// is wider than 80 cells, and no card is cut.
	a.resize(80, 24)
	a.waitUntil("the dashboard redrawn at 80×24", func(lines []string) error {
		if size := a.display("#{pane_width}x#{pane_height}"); size != "80x24" {
			return fmt.Errorf("pane is %s", size)
		}
		if len(lines) != 24 {
			return fmt.Errorf("%d lines captured, want 24", len(lines))
		}
		// The file's name at the right end of the header shows the app has
		// redrawn: tmux clips the old 120-column frame before it.
		for _, want := range []string{demoTeam, week, filepath.Base(db)} {
			if !strings.Contains(lines[0], want) {
				return fmt.Errorf("header %q lacks %q", lines[0], want)
			}
		}
		if !strings.Contains(lines[1], tabBar) {
			return fmt.Errorf("line 2 %q is not the tab bar", lines[1])
		}
		for i, l := range lines {
			if w := lipgloss.Width(l); w > 80 {
				return fmt.Errorf("line %d is %d cells wide: %q", i+1, w, l)
			}
		}
		body := lines[:len(lines)-1] // the last line is the key help
		tops := 0
		for _, l := range body {
			if strings.ContainsAny(l, cardTopLeft) {
				tops++
			}
		}
		if tops == 0 {
			return fmt.Errorf("no card on screen")
		}
		if err := cardsWhole(body); err != nil {
			return err
		}
		name, err := selectedCard(body)
		if err != nil {
			return err
		}
		if name != selected {
			return fmt.Errorf("the selected card is %q, want %q as before the resize", name, selected)
		}
		return nil
	})

	// q quits with status 0 and leaves the alternate screen, mouse mode off and
	// the cursor shown.
	a.send("q")
	if code := a.waitExit(); code != 0 {
		t.Errorf("kpi exited with status %d after q, want 0", code)
	}
	lines = a.waitFor("kpi exited with status")
	if i := lineWith(lines, tabBar); i >= 0 {
		t.Errorf("the tab bar is still on screen after quitting (line %d): the alternate screen was not left\nscreen:\n%s", i+1, a.last)
	}
	for format, want := range map[string]string{
		"#{alternate_on}":      "0",
		"#{mouse_any_flag}":    "0",
		"#{mouse_button_flag}": "0",
		"#{mouse_all_flag}":    "0",
		"#{cursor_flag}":       "1",
	} {
		// an older tmux expands an unknown format to nothing: nothing to check
		if got := a.display(format); got != "" && got != want {
			t.Errorf("after quitting, tmux %s = %s, want %s: the terminal was not restored", format, got, want)
		}
	}
}

// mustRows decodes `kpi list --json` output for a failure message.
func mustRows(t *testing.T, out string) []listedKPI {
	t.Helper()
	var rows []listedKPI
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatalf("kpi list --json: %v", err)
	}
	return rows
}

// TestE2ETooSmallInTmux opens the app below its minimum size: it says so instead
// of drawing a broken layout, and q still quits with status 0.
func TestE2ETooSmallInTmux(t *testing.T) {
	needTmux(t)
	db := newDemo(t)
	a := startApp(t, 50, 14, db)
	lines := a.waitFor("needs at least")
	if i := lineWith(lines, tabBar); i >= 0 {
		t.Errorf("at 50×14 the tab bar is drawn (line %d) beside the too-small message\nscreen:\n%s", i+1, a.last)
	}
	a.send("q")
	if code := a.waitExit(); code != 0 {
		t.Errorf("kpi exited with status %d after q, want 0", code)
	}
	a.waitFor("kpi exited with status")
	if got := a.display("#{alternate_on}"); got != "" && got != "0" {
		t.Errorf("after quitting, tmux #{alternate_on} = %s: the alternate screen was not left", got)
	}
}
