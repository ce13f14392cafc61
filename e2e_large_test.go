package main

// End-to-end check of spec §7 on the large demo (issue 8): holding [ for 30 week
// changes leaves the app responsive, the frame it settles on is the one `kpi
// snapshot` draws for that week, and the process stays under 100 MB resident.
// How long the header took is logged, never asserted (budgets are benchmarks).

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestE2EHoldingWeekKeysOnTheLargeDemo(t *testing.T) {
	needTmux(t)
	path := filepath.Join(t.TempDir(), "large.db")
	if code, _, e := kpi(t, nil, "demo", "--kpis", "1000", "--weeks", "520", "--no-open", "--db", path); code != 0 {
		t.Fatalf("demo --kpis 1000 --weeks 520: %d %s", code, e)
	}
	week, target := isoWeek(testToday()), isoWeek(testToday().AddDate(0, 0, -7*30))
	a := startApp(t, 120, 40, path)
	a.waitUntil("the large demo's dashboard", func(lines []string) error {
		if !strings.Contains(lines[0], week) || len(lines) < 3 || !strings.Contains(lines[2], "1000 KPIs") {
			return fmt.Errorf("not loaded yet")
		}
		return nil
	})

	// what the app must settle on: the frame kpi snapshot draws for that week
	code, snap, e := kpi(t, nil, "snapshot", "--db", path, "--week", target, "--width", "120", "--height", "40")
	if code != 0 {
		t.Fatalf("snapshot --week %s: %d %s", target, code, e)
	}
	want := strings.Split(strings.TrimSuffix(snap, "\n"), "\n")[1:20]

	keys := make([]string, 30)
	for i := range keys {
		keys[i] = "["
	}
	sent := time.Now()
	a.send(keys...) // one burst, as a held key arrives
	a.waitUntil("the header to show "+target, func(lines []string) error {
		if !strings.Contains(lines[0], target) || !strings.Contains(lines[0], "30 weeks ago") {
			return fmt.Errorf("header %q", lines[0])
		}
		return nil
	})
	t.Logf("the header showed %s %v after 30 presses of [ were sent", target, time.Since(sent).Round(time.Millisecond))

	// The app must settle on the same frame kpi snapshot draws for that week:
	// the week's statuses and cards, not a stale week's.
	a.waitUntil("the dashboard of "+target+" as kpi snapshot draws it", func(lines []string) error {
		for i, w := range want {
			if got := strings.TrimRight(lines[i+1], " "); got != strings.TrimRight(w, " ") {
				return fmt.Errorf("line %d is %q, the snapshot's %q", i+2, got, w)
			}
		}
		return nil
	})
	t.Logf("the dashboard of %s settled %v after the presses", target, time.Since(sent).Round(time.Millisecond))

	// Still responsive: one more key moves on.
	a.send("]")
	a.waitUntil("] after the burst", func(lines []string) error {
		if !strings.Contains(lines[0], "29 weeks ago") {
			return fmt.Errorf("header %q", lines[0])
		}
		return nil
	})

	if peak, ok := peakResidentKB(t, a); ok {
		t.Logf("peak resident memory of the app: %d MB", peak/1024)
		if peak > 100*1024 {
			t.Errorf("the app reached %d MB resident on the large demo; spec §7 allows 100 MB", peak/1024)
		}
	}
}

// peakResidentKB is the high-water mark of the resident memory of the kpi
// process in a's pane (VmHWM), where /proc tells it.
func peakResidentKB(t *testing.T, a *tmuxApp) (int, bool) {
	t.Helper()
	shell := a.display("#{pane_pid}")
	children, err := os.ReadFile(filepath.Join("/proc", shell, "task", shell, "children"))
	if err != nil {
		t.Logf("no /proc here (%v): memory not checked", err)
		return 0, false
	}
	for _, pid := range strings.Fields(string(children)) {
		status, err := os.ReadFile(filepath.Join("/proc", pid, "status"))
		if err != nil || !strings.Contains(string(status), "Name:\tkpi\n") {
			continue
		}
		for _, line := range strings.Split(string(status), "\n") {
			if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmHWM:" {
				kb, err := strconv.Atoi(f[1])
				return kb, err == nil
			}
		}
	}
	t.Logf("the kpi process was not found under the pane's shell %s: memory not checked", shell)
	return 0, false
}
