package ui

import (
	"io"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"kpi/themes"
)

// The light theme's near-black text needs its light background: the whole
// frame is painted with it, every line from its first cell and again after
// every reset, so it is readable on a dark terminal too (issue 17, item 16).
// Themes for dark terminals leave the terminal's background alone.
func TestTheLightThemePaintsItsBackgroundBehindTheWholeFrame(t *testing.T) {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.ANSI256)
	for _, name := range []string{"light", "dark"} {
		opt := plainOptions(newFakeStore(), name)
		opt.Renderer = r
		m := New(opt)
		m = drain(t, m, m.Init())
		m, _ = m.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
		for _, view := range []string{"1", "3", "4", "?"} {
			frame := press(t, m, view).View()
			bg := themes.NewStyles(opt.Theme, r).Paint
			if name == "dark" {
				if bg != "" || strings.Contains(frame, "\x1b[48;5;255m") {
					t.Errorf("dark paints a background (%q)", bg)
				}
				continue
			}
			if bg == "" {
				t.Fatal("light has no background to paint")
			}
			for i, l := range strings.Split(frame, "\n") {
				body := strings.TrimSuffix(l, "\x1b[0m")
				if !strings.HasPrefix(l, bg) || strings.Count(body, "\x1b[0m") != strings.Count(body, "\x1b[0m"+bg) {
					t.Fatalf("light, view %s, line %d lets the terminal's background through: %q", view, i, l)
				}
			}
		}
	}
}

// An empty input's placeholder ("e.g. 12k") must not look like a typed value in
// any theme: in mono, where muted is no colour, it is faint (issue 17, item 13).
func TestPlaceholdersDifferFromValuesInEveryTheme(t *testing.T) {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.ANSI) // attributes and colours, as a terminal draws them
	for _, n := range themes.Names() {
		th, _ := themes.Lookup(n)
		s := themes.NewStyles(th, r)
		if p, v := s.Placeholder.Render("12k"), s.Text.Render("12k"); p == v {
			t.Errorf("theme %q draws a placeholder as a value: %q", n, p)
		}
	}
}
