package main

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"kpi/themes"
)

// TestSnapshotSizesAndThemes: `kpi snapshot` prints exactly --height lines, none
// wider than --width, for every theme, through the real binary.
func TestSnapshotSizesAndThemes(t *testing.T) {
	path := newDemo(t)
	for _, size := range [][2]string{{"80", "24"}, {"120", "40"}, {"200", "60"}} {
		for _, theme := range themes.Names() {
			code, out, errText := kpi(t, nil, "snapshot", "--db", path, "--width", size[0], "--height", size[1], "--theme", theme, "--color")
			if code != 0 {
				t.Fatalf("snapshot %s×%s %s: exit %d: %s", size[0], size[1], theme, code, errText)
			}
			lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
			if want := atoi(size[1]); len(lines) != want {
				t.Errorf("%s×%s %s: %d lines, want %d", size[0], size[1], theme, len(lines), want)
			}
			for i, l := range lines {
				if w := ansi.StringWidth(l); w > atoi(size[0]) {
					t.Errorf("%s×%s %s: line %d is %d wide", size[0], size[1], theme, i, w)
				}
			}
			if !strings.Contains(out, "Northwind Analytics") || !strings.Contains(out, "Monthly recurring revenue") {
				t.Errorf("%s×%s %s: the dashboard is not drawn:\n%s", size[0], size[1], theme, out)
			}
			if hasColour := colourEscape.MatchString(out); hasColour != (theme != "mono") {
				t.Errorf("%s×%s %s --color: colour escapes present = %v", size[0], size[1], theme, hasColour)
			}
		}
	}
}

func TestSnapshotIsPlainByDefaultAndHonoursNoColor(t *testing.T) {
	path := newDemo(t)
	_, plain, _ := kpi(t, nil, "snapshot", "--db", path, "--width", "100", "--height", "30")
	code, noColor, errText := kpi(t, []string{"NO_COLOR=1"}, "snapshot", "--db", path, "--width", "100", "--height", "30", "--color", "--theme", "dark")
	if code != 0 {
		t.Fatalf("NO_COLOR snapshot: exit %d: %s", code, errText)
	}
	for name, out := range map[string]string{"default": plain, "NO_COLOR=1 --color": noColor} {
		if strings.ContainsRune(out, '\x1b') {
			t.Errorf("%s: escape sequences in the output: %q", name, out[:min(len(out), 200)])
		}
		if !strings.Contains(out, "[1 Dashboard]") {
			t.Errorf("%s: no tab bar:\n%s", name, out)
		}
	}
}

func TestSnapshotRefusesBadRequests(t *testing.T) {
	path := newDemo(t)
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--view", "pie"}, 1, "no view"},
		{[]string{"--theme", "neon"}, 2, "no theme"},
		{[]string{"--width", "0"}, 2, "--width"},
		{[]string{"--kpi", "nosuchkpi"}, 1, "nosuchkpi"},
	} {
		code, _, errText := kpi(t, nil, append([]string{"snapshot", "--db", path}, c.args...)...)
		if code != c.code || !strings.Contains(errText, c.want) || strings.Count(strings.TrimSpace(errText), "\n") > 0 {
			t.Errorf("snapshot %v: exit %d, stderr %q; want exit %d and one line naming %q", c.args, code, errText, c.code, c.want)
		}
	}
}

// colourEscape is an SGR sequence that sets a foreground or background colour.
var colourEscape = regexp.MustCompile(`\x1b\[[0-9;]*(3[0-9]|4[0-9]|9[0-7]|10[0-7])[;m]`)

func atoi(s string) int {
	n := 0
	for _, r := range s {
		n = n*10 + int(r-'0')
	}
	return n
}

// TestSnapshotOpensWhereTheAppOpens: without --week a snapshot draws the week
// the app opens at — on a file whose newest values are far older than this
// week and the four before, the latest week with values, with the app's
// notice — and --week still draws the week asked for.
func TestSnapshotOpensWhereTheAppOpens(t *testing.T) {
	then := time.Date(2025, 3, 5, 12, 0, 0, 0, time.UTC) // 2025-W10
	path := newDemoWith(t, []string{kpiNowAt(then)})
	now := then.AddDate(0, 9, 0)
	code, out, stderr := kpi(t, []string{kpiNowAt(now)}, "snapshot", "--db", path, "--width", "120", "--height", "30")
	if code != 0 {
		t.Fatalf("snapshot: exit %d %s", code, stderr)
	}
	if header := strings.SplitN(out, "\n", 2)[0]; !strings.Contains(header, "2025-W10") {
		t.Errorf("the snapshot does not open at the latest week with values, 2025-W10:\n%s", out)
	}
	if !strings.Contains(out, "showing 2025-W10, the latest week with values") {
		t.Errorf("the snapshot lacks the app's notice:\n%s", out)
	}
	week := isoWeek(now)
	code, out, stderr = kpi(t, []string{kpiNowAt(now)}, "snapshot", "--db", path, "--week", week, "--width", "120", "--height", "30")
	if header := strings.SplitN(out, "\n", 2)[0]; code != 0 || !strings.Contains(header, week) {
		t.Errorf("--week %s: exit %d %s\n%s", week, code, stderr, out)
	}
}
