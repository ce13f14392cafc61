package themes

import (
	"strings"

	"github.com/charmbracelet/lipgloss"
)

// Styles are every lipgloss style the app draws with, built once from a theme for
// one renderer. The root rebuilds them when the theme changes and passes them down,
// so no view builds a style of its own and a theme switch reaches every cached
// string that is redrawn.
//
// They are passed by pointer (NewStyles) and never changed once built: as a
// value, 26 styles are 14.5 kB, copied into every view, every context and
// every call that drew with them — the first frame's stack grew past 500 kB
// on those copies, each new page of it a page fault.
//
// Where a style marks something (the selected card, the active tab), the shape
// differs too — a thick border, brackets — so the mono theme and a plain-text
// snapshot still show it.
type Styles struct {
	Theme    Theme
	Renderer *lipgloss.Renderer

	Text, Muted, Accent  lipgloss.Style
	Good, Warn, Bad      lipgloss.Style
	Target, Chart        lipgloss.Style
	Bold, Title          lipgloss.Style
	TabActive, Tab       lipgloss.Style
	Card, CardSelected   lipgloss.Style
	OMTMCard             lipgloss.Style
	Selected             lipgloss.Style // a selected row of a list or form
	Banner               lipgloss.Style // the read-only banner
	Error                lipgloss.Style // a refused input, a failed save
	HelpKey, HelpDesc    lipgloss.Style
	Overlay              lipgloss.Style // the frame of help and forms drawn over a view
	Input, InputFocused  lipgloss.Style
	BigValue, SmallLabel lipgloss.Style

	// Paint is the escape sequence that sets the theme's background ("" for a
	// theme without one, or a renderer without colour): the root paints every
	// line of the frame with it (frame.Paint).
	Paint string

	// Placeholder is an empty input's example ("e.g. 12k"): muted and faint, so
	// it differs from a typed value even in mono, where muted is no colour.
	Placeholder lipgloss.Style
}

// unstyled are zero styles: text as it is, no colour, no border.
var unstyled = &Styles{}

// Unstyled is what a view draws with before the root gives it its styles:
// plain text, as a new view's zero styles always drew.
func Unstyled() *Styles { return unstyled }

// NewStyles builds the styles of theme t for renderer r (nil: lipgloss's default
// renderer, which detects the terminal). Snapshots pass a renderer with a fixed
// colour profile so that the same code path draws plain text or ANSI.
func NewStyles(t Theme, r *lipgloss.Renderer) *Styles {
	if r == nil {
		r = lipgloss.DefaultRenderer()
	}
	fg := func(c lipgloss.TerminalColor) lipgloss.Style { return r.NewStyle().Foreground(c) }
	s := &Styles{Theme: t, Renderer: r}
	s.Text = fg(t.Text)
	s.Muted = fg(t.Muted)
	s.Accent = fg(t.Accent)
	s.Good = fg(t.Good)
	s.Warn = fg(t.Warn)
	s.Bad = fg(t.Bad)
	s.Target = fg(t.Target)
	s.Chart = fg(t.Chart)
	s.Bold = fg(t.Text).Bold(true)
	s.Title = fg(t.Accent).Bold(true)
	s.TabActive = fg(t.Accent).Bold(true).Underline(true)
	s.Tab = fg(t.Muted)
	s.Card = r.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(t.Border).Padding(0, 1)
	s.CardSelected = r.NewStyle().Border(lipgloss.ThickBorder()).BorderForeground(t.Accent).Padding(0, 1)
	s.OMTMCard = r.NewStyle().Border(lipgloss.DoubleBorder()).BorderForeground(t.Accent).Padding(0, 1)
	s.Selected = r.NewStyle().Background(t.Selected).Bold(true)
	s.Banner = fg(t.Warn).Bold(true)
	s.Error = fg(t.Bad).Bold(true)
	s.HelpKey = fg(t.Accent).Bold(true)
	s.HelpDesc = fg(t.Muted)
	s.Overlay = r.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(t.Accent).Padding(0, 1)
	s.Input = fg(t.Text)
	s.InputFocused = fg(t.Accent).Bold(true)
	s.Placeholder = fg(t.Muted).Faint(true)
	s.Paint = backgroundSeq(r, t.Background)
	s.BigValue = fg(t.Text).Bold(true)
	s.SmallLabel = fg(t.Muted)
	return s
}

// backgroundSeq is the escape sequence that sets background c on renderer r:
// what lipgloss writes before a one-letter text in that background. "" for no
// colour, or a renderer that draws none.
func backgroundSeq(r *lipgloss.Renderer, c lipgloss.TerminalColor) string {
	if c == nil {
		return ""
	}
	drawn := r.NewStyle().Background(c).Render("x")
	i := strings.Index(drawn, "x")
	if i <= 0 {
		return ""
	}
	return drawn[:i]
}
