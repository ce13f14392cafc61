// Package themes holds kpi's named palettes. A theme is colours only, by semantic
// role, so views never pick a colour themselves and a screen share can switch to a
// high-contrast or colour-blind-safe palette with one key. Status is never shown by
// colour alone: views pair these colours with glyphs (✓ ! ✗ ·).
package themes

import (
	"fmt"
	"sort"
	"strings"

	"github.com/charmbracelet/lipgloss"
)

// Theme is a palette by semantic role.
type Theme struct {
	Name     string
	Text     lipgloss.TerminalColor // body text
	Muted    lipgloss.TerminalColor // secondary text, help, axes
	Accent   lipgloss.TerminalColor // headings, the active tab, the OMTM
	Good     lipgloss.TerminalColor // on track, a change for the better
	Warn     lipgloss.TerminalColor // at risk, a timer near its timebox
	Bad      lipgloss.TerminalColor // off track, a change for the worse
	Target   lipgloss.TerminalColor // target lines and bands on charts
	Border   lipgloss.TerminalColor // card and panel borders
	Selected lipgloss.TerminalColor // background of the selection
	Chart    lipgloss.TerminalColor // the value line of charts and sparklines
	// Background, when set, is painted behind the whole app: a theme whose text
	// is dark must bring its light background, or it is unreadable on a dark
	// terminal. nil leaves the terminal's own.
	Background lipgloss.TerminalColor
}

// Default is the theme used when nothing else chooses one.
const Default = "dark"

// palettes builds the named themes. A function, not a package variable, so no
// caller can change a shared palette.
func palettes() map[string]Theme {
	none := lipgloss.NoColor{}
	return map[string]Theme{
		"dark": {
			Name: "dark", Text: lipgloss.Color("252"), Muted: lipgloss.Color("245"), Accent: lipgloss.Color("75"),
			Good: lipgloss.Color("78"), Warn: lipgloss.Color("214"), Bad: lipgloss.Color("203"),
			Target: lipgloss.Color("141"), Border: lipgloss.Color("240"), Selected: lipgloss.Color("237"), Chart: lipgloss.Color("81"),
		},
		"light": {
			Name: "light", Text: lipgloss.Color("235"), Muted: lipgloss.Color("243"), Accent: lipgloss.Color("25"),
			Good: lipgloss.Color("28"), Warn: lipgloss.Color("130"), Bad: lipgloss.Color("160"),
			Target: lipgloss.Color("91"), Border: lipgloss.Color("248"), Selected: lipgloss.Color("252"), Chart: lipgloss.Color("31"),
			Background: lipgloss.Color("255"), // near white, on any terminal
		},
		"high-contrast": {
			Name: "high-contrast", Text: lipgloss.Color("15"), Muted: lipgloss.Color("252"), Accent: lipgloss.Color("14"),
			Good: lipgloss.Color("10"), Warn: lipgloss.Color("11"), Bad: lipgloss.Color("9"),
			Target: lipgloss.Color("13"), Border: lipgloss.Color("15"), Selected: lipgloss.Color("238"), Chart: lipgloss.Color("14"),
		},
		// colorblind avoids red against green: blue for good, orange for bad
		// (Okabe–Ito), yellow for warn.
		"colorblind": {
			Name: "colorblind", Text: lipgloss.Color("252"), Muted: lipgloss.Color("245"), Accent: lipgloss.Color("#56B4E9"),
			Good: lipgloss.Color("#0072B2"), Warn: lipgloss.Color("#F0E442"), Bad: lipgloss.Color("#E69F00"),
			Target: lipgloss.Color("#CC79A7"), Border: lipgloss.Color("240"), Selected: lipgloss.Color("237"), Chart: lipgloss.Color("#56B4E9"),
		},
		"mono": {
			Name: "mono", Text: none, Muted: none, Accent: none, Good: none, Warn: none, Bad: none,
			Target: none, Border: none, Selected: none, Chart: none,
		},
	}
}

// Names lists the themes in the order `t` cycles through them.
func Names() []string {
	return []string{"dark", "light", "high-contrast", "colorblind", "mono"}
}

// Lookup finds a theme by name (case-insensitive); the error lists the names.
func Lookup(name string) (Theme, error) {
	t, ok := palettes()[strings.ToLower(strings.TrimSpace(name))]
	if !ok {
		names := Names()
		sort.Strings(names)
		return Theme{}, fmt.Errorf("no theme %q; choose one of %s", name, strings.Join(names, ", "))
	}
	return t, nil
}

// Next is the theme after name in the cycle of Names.
func Next(name string) string {
	ns := Names()
	for i, n := range ns {
		if n == name {
			return ns[(i+1)%len(ns)]
		}
	}
	return ns[0]
}

// Choose picks the theme by the precedence of spec §6: the --theme flag, then
// $KPI_THEME, then the personal config, then the team default. NO_COLOR (any
// non-empty value) forces mono whatever was chosen. The first name that is set
// must be valid.
func Choose(flag, env, personal, team string, noColor bool) (Theme, error) {
	if noColor {
		return Lookup("mono")
	}
	for _, n := range []string{flag, env, personal, team} {
		if strings.TrimSpace(n) != "" {
			return Lookup(n)
		}
	}
	return Lookup(Default)
}
