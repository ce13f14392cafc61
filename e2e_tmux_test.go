package main

// End-to-end tests of the real binary in tmux (house-style.md, "Tests"; issue 3):
// each test starts a private tmux server, runs `kpi --db FILE` in a detached
// session of a fixed size, types keys with `send-keys` and reads the screen with
// `capture-pane -p`. Every wait polls the screen (or the team file) until the
// expected state shows up or a generous deadline passes — never a fixed sleep — and
// a failure prints the last screen. Without tmux the tests skip, unless
// KPI_REQUIRE_TMUX is set (CI sets it), in which case they fail.

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/charmbracelet/lipgloss"
)

const (
	// e2eDeadline bounds every wait; it is generous because a loaded CI machine
	// may take seconds to start the binary. Nothing is asserted about speed here
	// (spec.md §7: budgets are benchmarks, not timed assertions).
	e2eDeadline = 15 * time.Second
	// e2ePoll is how often a wait looks at the screen again.
	e2ePoll = 50 * time.Millisecond
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

var tmuxSockets atomic.Int64

// tmuxApp is one `kpi` process running in its own tmux server.
type tmuxApp struct {
	t          *testing.T
	socket     string // -L name of the private server
	socketPath string // where tmux put the server's socket
	target     string // session name, also the target of every command
	dir        string // holds the start script and the exit status file
	env        []string
	last       string // the most recent capture, for failure messages
}

// needTmux skips the test when tmux is missing, or fails it when the environment
// says tmux is required (KPI_REQUIRE_TMUX, set by CI).
func needTmux(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		if os.Getenv("KPI_REQUIRE_TMUX") != "" {
			t.Fatalf("tmux is not on PATH but KPI_REQUIRE_TMUX is set: install tmux to run the end-to-end tests (%v)", err)
		}
		t.Skip("tmux is not on PATH: skipping the end-to-end test of the app (set KPI_REQUIRE_TMUX=1 to make this a failure)")
	}
}

// shellQuote quotes s for /bin/sh.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// startApp opens `kpi --db db` in a detached w×h tmux session on a private
// server, with a clean environment (HOME in a temp dir, KPI_USER=e2e,
// TERM=xterm-256color). After the app exits the pane's shell writes its exit
// status to a file, prints a line saying so and stays alive, so the test can
// look at the restored terminal.
func startApp(t *testing.T, w, h int, db string) *tmuxApp {
	t.Helper()
	return startAppAs(t, w, h, db, "e2e")
}

// startAppAs is startApp with KPI_USER=user, for tests of several people on one
// file.
func startAppAs(t *testing.T, w, h int, db, user string) *tmuxApp {
	t.Helper()
	return startAppHome(t, w, h, user, nil, "--db", db)
}

// startAppHome is startAppAs with a hook that prepares the private HOME before
// the app starts (a personal config in home/.config/kpi) and any arguments.
func startAppHome(t *testing.T, w, h int, user string, setupHome func(home string), args ...string) *tmuxApp {
	t.Helper()
	needTmux(t)
	dir := t.TempDir()
	home := filepath.Join(dir, "home")
	if err := os.Mkdir(home, 0o755); err != nil {
		t.Fatal(err)
	}
	if setupHome != nil {
		setupHome(home)
	}
	quoted := make([]string, len(args))
	for i, a := range args {
		quoted[i] = shellQuote(a)
	}
	a := &tmuxApp{
		t:      t,
		socket: fmt.Sprintf("kpi-e2e-%d-%d-%d", os.Getpid(), time.Now().UnixNano(), tmuxSockets.Add(1)),
		target: "kpi",
		dir:    dir,
	}
	// The tmux client and server get this process's environment without any
	// TMUX variables, so the test also works when run from inside tmux.
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "TMUX") {
			a.env = append(a.env, kv)
		}
	}
	status := filepath.Join(dir, "status")
	script := strings.Join([]string{
		"env -i HOME=" + shellQuote(home) + " PATH=" + shellQuote(os.Getenv("PATH")) +
			" KPI_USER=" + shellQuote(user) + " TERM=xterm-256color " + shellQuote(kpiBin) + " " + strings.Join(quoted, " "),
		"s=$?",
		// written then renamed, so a poll never reads a half-written file
		"echo $s > " + shellQuote(status+".tmp") + " && mv " + shellQuote(status+".tmp") + " " + shellQuote(status),
		`echo "kpi exited with status $s"`,
		"exec sleep 3600",
	}, "\n") + "\n"
	run := filepath.Join(dir, "run.sh")
	if err := os.WriteFile(run, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		// Ends the server and, with it, the app and the shell in its pane; tmux
		// leaves the socket file behind, so remove it too.
		a.tmux("kill-server")
		if a.socketPath != "" {
			os.Remove(a.socketPath)
		}
	})
	if out, err := a.tmux("-f", "/dev/null", "new-session", "-d", "-s", a.target,
		"-x", strconv.Itoa(w), "-y", strconv.Itoa(h), "/bin/sh "+shellQuote(run)); err != nil {
		t.Fatalf("starting tmux: %v\n%s", err, out)
	}
	a.socketPath = a.display("#{socket_path}")
	if size := a.display("#{pane_width}x#{pane_height}"); size != fmt.Sprintf("%dx%d", w, h) {
		t.Fatalf("the tmux pane is %s, want %dx%d", size, w, h)
	}
	return a
}

// tmux runs one tmux command against the private server.
func (a *tmuxApp) tmux(args ...string) (string, error) {
	cmd := exec.Command("tmux", append([]string{"-u", "-L", a.socket}, args...)...)
	cmd.Env = a.env
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// must runs a tmux command and fails the test if it fails.
func (a *tmuxApp) must(args ...string) string {
	a.t.Helper()
	out, err := a.tmux(args...)
	if err != nil {
		a.t.Fatalf("tmux %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return out
}

// display expands a tmux format for the app's pane.
func (a *tmuxApp) display(format string) string {
	a.t.Helper()
	return strings.TrimSpace(a.must("display-message", "-p", "-t", a.target, format))
}

// send types tmux key names (Enter, Escape, Down, C-u, or single characters).
func (a *tmuxApp) send(keys ...string) {
	a.t.Helper()
	a.must(append([]string{"send-keys", "-t", a.target}, keys...)...)
}

// sendText types text literally, character by character.
func (a *tmuxApp) sendText(text string) {
	a.t.Helper()
	a.must("send-keys", "-t", a.target, "-l", text)
}

// capture returns the visible screen as plain text, one string per pane line.
func (a *tmuxApp) capture() []string {
	a.t.Helper()
	out := a.must("capture-pane", "-p", "-t", a.target)
	a.last = out
	return strings.Split(strings.TrimSuffix(out, "\n"), "\n")
}

// waitUntil polls the screen until check returns nil, and fails the test with
// the last reason and screen when the deadline passes.
func (a *tmuxApp) waitUntil(t *testing.T, what string, check func(lines []string) error) []string {
	t.Helper()
	deadline := time.Now().Add(e2eDeadline)
	for {
		lines := a.capture()
		err := check(lines)
		if err == nil {
			return lines
		}
		if time.Now().After(deadline) {
			t.Fatalf("waited %v for %s: %v\nscreen:\n%s", e2eDeadline, what, err, strings.Join(lines, "\n"))
		}
		time.Sleep(e2ePoll)
	}
}

// waitFor polls the screen until it contains want.
func (a *tmuxApp) waitFor(t *testing.T, want string) []string {
	t.Helper()
	return a.waitUntil(t, fmt.Sprintf("%q on screen", want), func(lines []string) error {
		if !strings.Contains(strings.Join(lines, "\n"), want) {
			return fmt.Errorf("not there yet")
		}
		return nil
	})
}

// waitGone polls the screen until it no longer contains text.
func (a *tmuxApp) waitGone(t *testing.T, text string) []string {
	t.Helper()
	return a.waitUntil(t, fmt.Sprintf("%q to leave the screen", text), func(lines []string) error {
		if strings.Contains(strings.Join(lines, "\n"), text) {
			return fmt.Errorf("still there")
		}
		return nil
	})
}

// waitExit polls for the exit status the pane's shell writes after the app ends.
func (a *tmuxApp) waitExit(t *testing.T) int {
	t.Helper()
	path := filepath.Join(a.dir, "status")
	deadline := time.Now().Add(e2eDeadline)
	for {
		b, err := os.ReadFile(path)
		if err == nil {
			code, err := strconv.Atoi(strings.TrimSpace(string(b)))
			if err != nil {
				t.Fatalf("exit status file holds %q", b)
			}
			return code
		}
		if time.Now().After(deadline) {
			a.capture()
			t.Fatalf("the app did not exit within %v\nscreen:\n%s", e2eDeadline, a.last)
		}
		time.Sleep(e2ePoll)
	}
}

// isoWeek formats the ISO week of d like the app does: 2026-W07.
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
		a.waitUntil(t, "a focused row naming a KPI", func(lines []string) (err error) {
			row, k, err = focusedRow(lines, kpis)
			return err
		})
		if k.Kind != "qualitative" {
			return row, k
		}
		a.send("Down")
		a.waitUntil(t, "the focus to leave "+k.Name, func(lines []string) error {
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
	week := isoWeek(time.Now())
	kpis, _ := listWeek(t, db, week)

	started := time.Now()
	a := startApp(t, 120, 40, db)

	// First screen: team name, this ISO week and the file's name in the header,
	// the tab bar, and at least 6 KPI names from `kpi list`.
	a.waitUntil(t, "the dashboard of the demo team", func(lines []string) error {
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
		return cardsWhole(lines[:len(lines)-1])
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
	next, prev := isoWeek(time.Now().AddDate(0, 0, 7)), isoWeek(time.Now().AddDate(0, 0, -7))
	a.send("]")
	a.waitUntil(t, "] to show the next week "+next, header(demoTeam, next, "next week"))
	a.send(".")
	a.waitUntil(t, ". to go back to this week "+week, header(demoTeam, week, "this week"))
	a.send("[")
	a.waitUntil(t, "[ to show the previous week "+prev, header(demoTeam, prev))
	a.send(".")
	a.waitUntil(t, ". to go back to this week "+week, header(demoTeam, week, "this week"))

	// Help overlay: ? opens it, any key closes it.
	a.send("?")
	a.waitFor(t, "Keys — Dashboard")
	a.send("x")
	a.waitGone(t, "Keys — Dashboard")
	a.waitFor(t, "Health metrics")

	// Selection: j and l each change what is drawn.
	before := strings.Join(a.capture(), "\n")
	for _, key := range []string{"j", "l"} {
		a.send(key)
		lines := a.waitUntil(t, "the screen to change after "+key, func(lines []string) error {
			if strings.Join(lines, "\n") == before {
				return fmt.Errorf("the screen did not change")
			}
			return nil
		})
		before = strings.Join(lines, "\n")
	}
	var selected string
	a.waitUntil(t, "a selected card", func(lines []string) (err error) {
		selected, err = selectedCard(lines)
		return err
	})
	t.Logf("selected card after j, l: %s", selected)

	// Entry form: a number on the first quantitative row is saved.
	a.send("e")
	a.waitFor(t, "Enter values for "+week)
	row, first := focusQuantitative(t, a, kpis)
	t.Logf("entry form: typing into %s (%s) on screen line %d", first.Name, first.Key, row+1)
	typed, want := "12345", "12345"
	if valueOf(kpis, first.Key) == want {
		typed, want = "12346", "12346"
	}
	a.send("C-u") // a filled row starts with its value in the input
	a.sendText(typed)
	a.waitUntil(t, "the typed value in the focused row", func(lines []string) error {
		r, k, err := focusedRow(lines, kpis)
		if err != nil {
			return err
		}
		if k.Key != first.Key || !strings.Contains(lines[r], "["+typed) {
			return fmt.Errorf("focused row is %q", lines[r])
		}
		return nil
	})
	a.send("Enter")
	a.waitUntil(t, first.Name+" to show saved", func(lines []string) error {
		for _, l := range lines {
			if strings.Contains(l, first.Name) && strings.Contains(l, "saved") {
				return nil
			}
		}
		return fmt.Errorf("no line shows %s saved", first.Name)
	})
	deadline := time.Now().Add(e2eDeadline)
	var rows []listedKPI
	for {
		rows, _ = listWeek(t, db, week)
		if valueOf(rows, first.Key) == want {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("kpi list --json --week %s shows %s = %s, want %s after saving it in the form", week, first.Key, valueOf(rows, first.Key), want)
		}
		time.Sleep(e2ePoll)
	}
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
	a.waitUntil(t, "the focus to move past "+first.Name, func(lines []string) error {
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
	a.waitUntil(t, "abc in the focused row", func(lines []string) error {
		r, _, err := focusedRow(lines, kpis)
		if err != nil {
			return err
		}
		if !strings.Contains(lines[r], "[abc") {
			return fmt.Errorf("focused row is %q", lines[r])
		}
		return nil
	})
	a.send("Enter")
	lines := a.waitFor(t, "not a number")
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
	a.waitGone(t, "Enter values for")
	a.waitFor(t, "Health metrics")
	a.waitFor(t, "12,34") // 12,345 or 12,346 as the dashboard formats it
	storeUnchanged("after closing the form")

	// Resize to 80×24: header, tab bar and the selected card are visible, no line
	// is wider than 80 cells, and no card is cut.
	a.must("resize-window", "-t", a.target, "-x", "80", "-y", "24")
	a.waitUntil(t, "the dashboard redrawn at 80×24", func(lines []string) error {
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
	if code := a.waitExit(t); code != 0 {
		t.Errorf("kpi exited with status %d after q, want 0", code)
	}
	lines = a.waitFor(t, "kpi exited with status")
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
	lines := a.waitFor(t, "needs at least")
	if i := lineWith(lines, tabBar); i >= 0 {
		t.Errorf("at 50×14 the tab bar is drawn (line %d) beside the too-small message\nscreen:\n%s", i+1, a.last)
	}
	a.send("q")
	if code := a.waitExit(t); code != 0 {
		t.Errorf("kpi exited with status %d after q, want 0", code)
	}
	a.waitFor(t, "kpi exited with status")
	if got := a.display("#{alternate_on}"); got != "" && got != "0" {
		t.Errorf("after quitting, tmux #{alternate_on} = %s: the alternate screen was not left", got)
	}
}
