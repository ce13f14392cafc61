package main

// The one tmux harness of the end-to-end tests (house-style.md, "Tests"): each
// app runs the real binary in a detached session of a fixed size on a private
// tmux server, with a clean environment whose clock is the tests' (KPI_NOW).
// Tests type keys with send-keys and read the screen with capture-pane. Every
// wait polls (the screen, the exit status, or any condition) until it holds or a
// generous deadline passes — never a fixed sleep — and a failure prints the last
// screen. Cleanup kills the server. Without tmux the tests skip, unless
// KPI_REQUIRE_TMUX=1 (CI sets it), in which case they fail.

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

const (
	// e2eDeadline bounds every wait; it is generous because a loaded CI machine
	// may take seconds to start the binary, and a shared disk was seen stalling
	// writes for longer than 15 s (the app's exit waits for its last commit).
	// Nothing is asserted about speed here (spec.md §7: budgets are benchmarks,
	// not timed assertions); a wait that is met returns at once.
	e2eDeadline = 30 * time.Second
	// e2ePoll is how often a wait looks again: a polling interval, not a
	// synchronisation.
	e2ePoll = 50 * time.Millisecond
)

// tmuxSockets numbers the private servers of this process.
var tmuxSockets atomic.Int64

// appSpec is what to start: `kpi --db db` (or `kpi args...`) at width×height,
// run by user (KPI_USER, "e2e" when empty), with env added to the clean
// environment and setupHome, when set, preparing the private HOME first (a
// personal config in home/.config/kpi).
type appSpec struct {
	width, height int
	db            string
	args          []string
	user          string
	env           []string
	setupHome     func(home string)
}

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

// needTmux skips the test when tmux is missing, or fails it when
// KPI_REQUIRE_TMUX=1 says tmux is required.
func needTmux(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		if v := os.Getenv("KPI_REQUIRE_TMUX"); v != "" && v != "0" {
			t.Fatalf("tmux is not on PATH but KPI_REQUIRE_TMUX=%s: install tmux to run the end-to-end tests (%v)", v, err)
		}
		t.Skip("tmux is not on PATH: skipping the end-to-end test of the app (set KPI_REQUIRE_TMUX=1 to make this a failure)")
	}
}

// startApp opens `kpi --db db` as KPI_USER=e2e in a w×h session.
func startApp(t *testing.T, w, h int, db string) *tmuxApp {
	t.Helper()
	return startSession(t, appSpec{width: w, height: h, db: db})
}

// startAppAs is startApp as another user, for tests of several people on one file.
func startAppAs(t *testing.T, w, h int, db, user string) *tmuxApp {
	t.Helper()
	return startSession(t, appSpec{width: w, height: h, db: db, user: user})
}

// startAppHome is startAppAs with a hook that prepares the private HOME before
// the app starts, and the app's arguments instead of --db.
func startAppHome(t *testing.T, w, h int, user string, setupHome func(home string), args ...string) *tmuxApp {
	t.Helper()
	return startSession(t, appSpec{width: w, height: h, user: user, setupHome: setupHome, args: args})
}

// startSession starts the app of spec in a detached session on a private server.
// After the app exits, the pane's shell writes its exit status to a file, prints
// a line saying so and stays alive, so the test can look at the restored terminal.
func startSession(t *testing.T, spec appSpec) *tmuxApp {
	t.Helper()
	needTmux(t)
	dir := t.TempDir()
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
	run := filepath.Join(dir, "run.sh")
	if err := os.WriteFile(run, []byte(startScript(t, dir, spec)), 0o755); err != nil {
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
		"-x", strconv.Itoa(spec.width), "-y", strconv.Itoa(spec.height), "/bin/sh "+shellQuote(run)); err != nil {
		t.Fatalf("starting tmux: %v\n%s", err, out)
	}
	a.socketPath = a.display("#{socket_path}")
	if size := a.display("#{pane_width}x#{pane_height}"); size != fmt.Sprintf("%dx%d", spec.width, spec.height) {
		t.Fatalf("the tmux pane is %s, want %dx%d", size, spec.width, spec.height)
	}
	return a
}

// startScript is the pane's shell script: the app in a clean environment (HOME
// in dir, KPI_USER, TERM=xterm-256color, the tests' KPI_NOW, then spec.env), and
// its exit status written to dir/status.
func startScript(t *testing.T, dir string, spec appSpec) string {
	t.Helper()
	home := filepath.Join(dir, "home")
	if err := os.Mkdir(home, 0o755); err != nil {
		t.Fatal(err)
	}
	if spec.setupHome != nil {
		spec.setupHome(home)
	}
	args := spec.args
	if len(args) == 0 {
		args = []string{"--db", spec.db}
	}
	command := []string{"env", "-i"}
	user := spec.user
	if user == "" {
		user = "e2e"
	}
	env := append([]string{"HOME=" + home, "PATH=" + os.Getenv("PATH"), "KPI_USER=" + user,
		"TERM=xterm-256color", kpiNowEnv()}, spec.env...)
	for _, word := range append(append(env, kpiBin), args...) {
		command = append(command, shellQuote(word))
	}
	status := filepath.Join(dir, "status")
	return strings.Join([]string{
		strings.Join(command, " "),
		"s=$?",
		// written then renamed, so a poll never reads a half-written file
		"echo $s > " + shellQuote(status+".tmp") + " && mv " + shellQuote(status+".tmp") + " " + shellQuote(status),
		`echo "kpi exited with status $s"`,
		"exec sleep 3600",
	}, "\n") + "\n"
}

// shellQuote quotes s for /bin/sh.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
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

// resize makes the window, and so the app's terminal, w×h.
func (a *tmuxApp) resize(w, h int) {
	a.t.Helper()
	a.must("resize-window", "-t", a.target, "-x", strconv.Itoa(w), "-y", strconv.Itoa(h))
}

// capture returns the visible screen as plain text, one string per pane line.
func (a *tmuxApp) capture() []string {
	a.t.Helper()
	out := a.must("capture-pane", "-p", "-t", a.target)
	a.last = out
	return strings.Split(strings.TrimSuffix(out, "\n"), "\n")
}

// captureANSI returns the visible screen with its escape sequences (colours,
// reverse video, faint), for tests of how text is drawn, not only what.
func (a *tmuxApp) captureANSI() string {
	a.t.Helper()
	return a.must("capture-pane", "-p", "-e", "-t", a.target)
}

// poll calls check until it returns nil, and fails t with what and the last
// reason when the deadline passes first. It is the one waiting loop of the
// end-to-end tests; a wait that is about the screen adds the screen (waitUntil).
func poll(t *testing.T, what string, check func() error) {
	t.Helper()
	deadline := time.Now().Add(e2eDeadline)
	for {
		err := check()
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("waited %v for %s: %v", e2eDeadline, what, err)
		}
		time.Sleep(e2ePoll)
	}
}

// waitUntil polls the screen until check returns nil, and fails the test with
// the last reason and screen when the deadline passes.
func (a *tmuxApp) waitUntil(what string, check func(lines []string) error) []string {
	a.t.Helper()
	var lines []string
	poll(a.t, what, func() error {
		lines = a.capture()
		if err := check(lines); err != nil {
			return fmt.Errorf("%v\nscreen:\n%s", err, strings.Join(lines, "\n"))
		}
		// tmux may be captured while a frame is half written (the header
		// already new, the chart below still old): only a screen that a
		// second capture finds unchanged is one the app finished drawing
		if again := a.capture(); !slices.Equal(again, lines) {
			return fmt.Errorf("the screen is still being drawn\nscreen:\n%s", strings.Join(again, "\n"))
		}
		return nil
	})
	return lines
}

// waitFor polls the screen until it contains every one of want.
func (a *tmuxApp) waitFor(want ...string) []string {
	a.t.Helper()
	return a.waitUntil(fmt.Sprintf("%q on screen", want), func(lines []string) error {
		screen := strings.Join(lines, "\n")
		for _, w := range want {
			if !strings.Contains(screen, w) {
				return fmt.Errorf("%q is not there yet", w)
			}
		}
		return nil
	})
}

// waitGone polls the screen until it no longer contains text.
func (a *tmuxApp) waitGone(text string) []string {
	a.t.Helper()
	return a.waitUntil(fmt.Sprintf("%q to leave the screen", text), func(lines []string) error {
		if strings.Contains(strings.Join(lines, "\n"), text) {
			return fmt.Errorf("still there")
		}
		return nil
	})
}

// waitExit polls for the exit status the pane's shell writes after the app ends.
func (a *tmuxApp) waitExit() int {
	a.t.Helper()
	path := filepath.Join(a.dir, "status")
	var b []byte
	poll(a.t, "the app to exit", func() (err error) {
		if b, err = os.ReadFile(path); err != nil {
			a.capture()
			return fmt.Errorf("no exit status yet\nscreen:\n%s", a.last)
		}
		return nil
	})
	code, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil {
		a.t.Fatalf("exit status file holds %q", b)
	}
	return code
}
