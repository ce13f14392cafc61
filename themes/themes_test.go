package themes

import (
	"testing"

	"github.com/charmbracelet/lipgloss"
)

func TestEveryNamedThemeExistsAndHasAllRoles(t *testing.T) {
	for _, n := range Names() {
		th, err := Lookup(n)
		if err != nil {
			t.Fatalf("Lookup(%q): %v", n, err)
		}
		if th.Name != n {
			t.Errorf("theme %q calls itself %q", n, th.Name)
		}
		for role, c := range map[string]lipgloss.TerminalColor{"text": th.Text, "muted": th.Muted, "accent": th.Accent, "good": th.Good,
			"warn": th.Warn, "bad": th.Bad, "target": th.Target, "border": th.Border, "selected": th.Selected, "chart": th.Chart} {
			if c == nil {
				t.Errorf("theme %q has no %s colour", n, role)
			}
		}
	}
}

func TestStatusColoursDifferExceptMono(t *testing.T) {
	for _, n := range Names() {
		th, _ := Lookup(n)
		if n == "mono" {
			if th.Good != (lipgloss.NoColor{}) {
				t.Errorf("mono has a colour for good: %v", th.Good)
			}
			continue
		}
		if th.Good == th.Bad || th.Good == th.Warn || th.Warn == th.Bad {
			t.Errorf("theme %q: good, warn and bad must be distinct", n)
		}
	}
}

func TestChoosePrecedenceAndNoColor(t *testing.T) {
	cases := []struct {
		flag, env, personal, team string
		noColor                   bool
		want                      string
	}{
		{"light", "mono", "dark", "colorblind", false, "light"},
		{"", "mono", "dark", "colorblind", false, "mono"},
		{"", "", "colorblind", "light", false, "colorblind"},
		{"", "", "", "high-contrast", false, "high-contrast"},
		{"", "", "", "", false, Default},
		{"light", "", "", "", true, "mono"},
	}
	for _, c := range cases {
		th, err := Choose(c.flag, c.env, c.personal, c.team, c.noColor)
		if err != nil || th.Name != c.want {
			t.Errorf("Choose(%q,%q,%q,%q,%v) = %q, %v; want %q", c.flag, c.env, c.personal, c.team, c.noColor, th.Name, err, c.want)
		}
	}
	if _, err := Choose("neon", "", "", "", false); err == nil {
		t.Error("an unknown theme name was accepted")
	}
}

func TestNextCyclesThroughAll(t *testing.T) {
	seen := map[string]bool{}
	n := Names()[0]
	for range Names() {
		seen[n] = true
		n = Next(n)
	}
	if len(seen) != len(Names()) || n != Names()[0] {
		t.Errorf("Next does not cycle through every theme: saw %v, ended at %q", seen, n)
	}
}
