package main

// End-to-end test of the Trends view (issue 5) with the real binary in tmux:
// Enter on the dashboard opens Trends for the selected KPI, + widens the range,
// a past week is edited in the table, the chart and the table change, and the
// file has the value (`kpi list --week`) and the change-log entry (`kpi
// history`). Every wait polls the screen until the expected text shows or a
// deadline passes — never a fixed sleep. Without tmux the test skips, unless
// KPI_REQUIRE_TMUX is set, in which case it fails.

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"kpi/model"
)

// trendsTmux is one `kpi` process in a private tmux server.
type trendsTmux struct {
	t      *testing.T
	socket string
	env    []string
	last   string
}

// startTrendsTmux runs `kpi --db path` in a detached w×h session with a clean
// environment (HOME in a temp dir, KPI_USER=e2e).
func startTrendsTmux(t *testing.T, path string, w, h int) *trendsTmux {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		if os.Getenv("KPI_REQUIRE_TMUX") != "" {
			t.Fatalf("tmux is not on PATH but KPI_REQUIRE_TMUX is set: %v", err)
		}
		t.Skip("tmux is not on PATH: skipping the Trends end-to-end test (set KPI_REQUIRE_TMUX=1 to make this a failure)")
	}
	home := t.TempDir()
	a := &trendsTmux{t: t, socket: fmt.Sprintf("kpi-trends-%d-%d", os.Getpid(), time.Now().UnixNano())}
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "TMUX") {
			a.env = append(a.env, kv)
		}
	}
	cmd := fmt.Sprintf("env -i HOME=%q PATH=%q KPI_USER=e2e TERM=xterm-256color %q --db %q; sleep 3600",
		home, os.Getenv("PATH"), kpiBin, path)
	t.Cleanup(func() { a.tmux("kill-server") })
	if out, err := a.tmux("-f", "/dev/null", "new-session", "-d", "-s", "kpi", "-x", fmt.Sprint(w), "-y", fmt.Sprint(h), cmd); err != nil {
		t.Fatalf("starting tmux: %v\n%s", err, out)
	}
	return a
}

func (a *trendsTmux) tmux(args ...string) (string, error) {
	cmd := exec.Command("tmux", append([]string{"-u", "-L", a.socket}, args...)...)
	cmd.Env = a.env
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// keys sends tmux key names (Enter, Left, C-u) or, with literal, text.
func (a *trendsTmux) keys(literal bool, keys ...string) {
	a.t.Helper()
	args := []string{"send-keys", "-t", "kpi"}
	if literal {
		args = append(args, "-l")
	}
	if out, err := a.tmux(append(args, keys...)...); err != nil {
		a.t.Fatalf("send-keys %v: %v\n%s", keys, err, out)
	}
}

func (a *trendsTmux) screen() string {
	a.t.Helper()
	out, err := a.tmux("capture-pane", "-p", "-t", "kpi")
	if err != nil {
		a.t.Fatalf("capture-pane: %v\n%s", err, out)
	}
	a.last = out
	return out
}

// waitFor polls the screen until every one of want is on it.
func (a *trendsTmux) waitFor(want ...string) string {
	a.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		s := a.screen()
		missing := ""
		for _, w := range want {
			if !strings.Contains(s, w) {
				missing = w
				break
			}
		}
		if missing == "" {
			return s
		}
		if time.Now().After(deadline) {
			a.t.Fatalf("waited for %q on the screen:\n%s", missing, s)
		}
		time.Sleep(50 * time.Millisecond) // polling interval, not a synchronisation
	}
}

// trendsChartRows are the lines of a screen from the first line of the chart
// (the one after the KPI's about line) through the time axis' labels.
func trendsChartRows(screen string) string {
	lines := strings.Split(screen, "\n")
	for i, l := range lines {
		if strings.Contains(l, "└──────") && i+1 < len(lines) {
			start := i
			for start > 0 && strings.ContainsRune(lines[start-1], '│') {
				start--
			}
			return strings.Join(lines[start:i+2], "\n")
		}
	}
	return ""
}

func TestE2ETrendsInTmux(t *testing.T) {
	path := newDemo(t)
	week := model.CurrentWeek(time.Now())
	past := week.Add(-3)
	a := startTrendsTmux(t, path, 120, 40)
	a.waitFor("Northwind Analytics", "[1 Dashboard]", "Monthly recurring revenue")

	// Enter on the selected card (the OMTM) opens its trends
	a.keys(false, "Enter")
	first := a.waitFor("[4 Trends]", "★ Monthly recurring revenue", "26 weeks (+/-)", week.String()+" under review", "Forecast")
	chart26 := trendsChartRows(first)
	if chart26 == "" {
		t.Fatalf("no chart on the screen:\n%s", first)
	}

	// + widens the range to 52 weeks: the time axis starts a year back
	a.keys(true, "+")
	wide := a.waitFor("52 weeks (+/-)")
	chart52 := trendsChartRows(wide)
	if chart52 == chart26 || !strings.Contains(chart52, fmt.Sprintf("W%02d", week.Add(-48).Num)) {
		t.Errorf("the chart did not change to 52 weeks:\n%s", wide)
	}

	// three weeks back, Enter edits that week in the table
	a.keys(false, "Left", "Left", "Left")
	a.waitFor("● " + past.String() + " selected")
	a.keys(false, "Enter")
	a.waitFor("Editing " + past.String())
	a.keys(false, "C-u")
	a.keys(true, "123456")
	a.keys(false, "Tab")
	a.keys(true, "edited in tmux")
	a.keys(false, "Enter")
	saved := a.waitFor("Saved Monthly recurring revenue for "+past.String()+": $123,456", "edited in tmux")
	var row string
	for _, l := range strings.Split(saved, "\n") {
		if strings.Contains(l, past.String()+"  ") {
			row = l
		}
	}
	if !strings.Contains(row, "$123,456") || !strings.Contains(row, "edited in tmux") {
		t.Errorf("the table row of %s is %q, want the new value and note:\n%s", past, row, saved)
	}
	if after := trendsChartRows(saved); after == chart52 {
		t.Errorf("the chart did not change after the edit:\n%s", saved)
	}

	// the file has it: kpi list for that week, and the change log
	code, out, e := kpi(t, nil, "list", "--db", path, "--week", past.String(), "--json")
	if code != 0 {
		t.Fatalf("list: %s", e)
	}
	var rows []struct {
		Key   string   `json:"key"`
		Value *float64 `json:"value"`
		Note  string   `json:"note"`
	}
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, r := range rows {
		if r.Key == "mrr" {
			found = true
			if r.Value == nil || *r.Value != 123456 || r.Note != "edited in tmux" {
				t.Errorf("kpi list --week %s shows mrr %v %q, want 123456 with the note", past, r.Value, r.Note)
			}
		}
	}
	if !found {
		t.Errorf("kpi list --week %s has no mrr:\n%s", past, out)
	}
	code, out, e = kpi(t, nil, "history", "--db", path, "--kpi", "mrr", "--limit", "5")
	if code != 0 {
		t.Fatalf("history: %s", e)
	}
	if !strings.Contains(out, "e2e") || !strings.Contains(out, "set mrr for "+past.String()) || !strings.Contains(out, "$123,456") {
		t.Errorf("kpi history lacks the edit of %s by e2e:\n%s", past, out)
	}

	// q leaves the app
	a.keys(true, "q")
	deadline := time.Now().Add(15 * time.Second)
	for strings.Contains(a.screen(), "[4 Trends]") {
		if time.Now().After(deadline) {
			t.Fatalf("q did not quit:\n%s", a.last)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
