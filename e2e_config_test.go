package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// personalConfig returns a hook that writes text as the personal config of the
// app's private HOME.
func personalConfig(t *testing.T, text string) func(home string) {
	return func(home string) {
		dir := filepath.Join(home, ".config", "kpi")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "config.toml"), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestE2EReboundQuitInTmux: with quit = ["ctrl+q"] in the personal config, q no
// longer quits, the help shows ctrl+q, and ctrl+q quits — and --debug writes the
// load and its timing to the log and nothing of it to the screen.
func TestE2EReboundQuitInTmux(t *testing.T) {
	db := newDemo(t)
	logFile := filepath.Join(t.TempDir(), "x.log")
	// 80×24: the help scrolls when it is taller than the window, and the Objectives'
	// help fits, so ctrl+q is on its first page
	a := startAppHome(t, 80, 24, "e2e", personalConfig(t, "[keys]\nquit = [\"ctrl+q\"]\n"), "--debug", logFile, "--db", db)
	a.waitFor(tabBar)
	a.send("q", "2") // had q quit, 2 would reach the shell, not the Objectives tab
	a.waitFor("[2 Objectives]")
	// The help's own title, not "ctrl+q": the footer says ctrl+q before ?
	// is read, and then Escape would go to a screen without the help,
	// waitGone below would pass at once, and ctrl+q would reach the app right
	// behind the escape, read together as alt+ctrl+q, which does not quit.
	a.send("?")
	lines := a.waitFor("Keys — Objectives", "ctrl+q")
	help := lines[:len(lines)-1] // the footer says ctrl+q quit too; the help must
	if i := lineWith(help, "ctrl+q"); i < 0 || !strings.Contains(help[i], "quit") {
		t.Errorf("the help has no ctrl+q line that says quit:\n%s", strings.Join(help, "\n"))
	}
	for _, l := range lines {
		if strings.Contains(l, "level=") || strings.Contains(l, "took=") {
			t.Errorf("a log line reached the screen: %q", l)
		}
	}
	if !strings.Contains(lines[len(lines)-1], "ctrl+q quit") {
		t.Errorf("the footer does not say ctrl+q quits: %q", lines[len(lines)-1])
	}
	// the help gone shows the escape was read on its own, so ctrl+q is not
	// read with it as alt+ctrl+q
	a.send("Escape")
	a.waitGone("Keys — Objectives")
	a.send("C-q")
	t.Cleanup(func() { // when the app did not exit, what it was doing is in its debug log
		if b, err := os.ReadFile(logFile); err == nil && t.Failed() {
			t.Logf("the app's debug log:\n%s", b)
		}
	})
	if code := a.waitExit(); code != 0 {
		t.Errorf("ctrl+q: exit %d", code)
	}
	log, err := os.ReadFile(logFile)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"msg=load week=", "kpis=18 took=", "msg=open file=", "msg=end exit=0"} {
		if !strings.Contains(string(log), want) {
			t.Errorf("the debug log lacks %q:\n%s", want, log)
		}
	}
}

// TestKeyCollisionInConfigIsOneLineWithTheFileAndLine: a rebound key that would
// mean two things in one scope stops kpi before it opens anything: one line
// that names the config file and the line, exit 1.
func TestKeyCollisionInConfigIsOneLineWithTheFileAndLine(t *testing.T) {
	db := newDemo(t)
	home := t.TempDir()
	personalConfig(t, "theme = \"dark\"\n\n[keys.trends]\nnext_kpi = [\"n\"]\nprev_kpi = [\"n\"]\n")(home)
	cfg := filepath.Join(home, ".config", "kpi", "config.toml")
	for _, args := range [][]string{{"--db", db}, {"snapshot", "--db", db}, {"config", "--db", db}} {
		code, out, errText := kpi(t, []string{"HOME=" + home}, args...)
		want := "kpi: " + cfg + ":5: \"n\" would be both trends.next_kpi and trends.prev_kpi"
		if code != 1 || out != "" || !strings.HasPrefix(errText, want) || strings.Count(errText, "\n") != 1 {
			t.Errorf("kpi %v: exit %d, stdout %q, stderr %q; want exit 1 and one line starting %q", args, code, out, errText, want)
		}
	}
}

// TestConfigCommandListsReboundKeys: `kpi config` names each rebound key with
// its config line, and --keys lists the defaults too.
func TestConfigCommandListsReboundKeys(t *testing.T) {
	db := newDemo(t)
	home := t.TempDir()
	personalConfig(t, "[keys]\nquit = [\"ctrl+q\"]\n\n[keys.trends]\nnext_kpi = [\"ctrl+n\", \"n\"]\n")(home)
	code, out, errText := kpi(t, []string{"HOME=" + home}, "config", "--db", db)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errText)
	}
	for _, want := range [][]string{{"quit", "ctrl+q", "quit", "config", "line", "2"}, {"trends.next_kpi", "ctrl+n/n", "next", "KPI", "config", "line", "5"}} {
		found := false
		for _, l := range strings.Split(out, "\n") {
			found = found || strings.Join(strings.Fields(l), " ") == strings.Join(want, " ")
		}
		if !found {
			t.Errorf("kpi config lacks %q:\n%s", strings.Join(want, " "), out)
		}
	}
	if strings.Contains(out, "dashboard.up") {
		t.Errorf("kpi config lists keys that were not rebound:\n%s", out)
	}
	if _, all, _ := kpi(t, []string{"HOME=" + home}, "config", "--keys", "--db", db); !strings.Contains(all, "dashboard.up") {
		t.Errorf("kpi config --keys does not list the default keys:\n%s", all)
	}
}
