// Package pending is the tab of a view that has not been built yet: it shows the
// view's name and nothing else, so the tab bar already has all five views of
// spec §5 and building one replaces a single line in the root.
package pending

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"kpi/ui/frame"
)

// Model is a named, empty view.
type Model struct {
	title         string
	ctx           frame.Context
	width, height int
}

// New is the tab of the view called title.
func New(title string) Model { return Model{title: title} }

// Init starts nothing.
func (m Model) Init() tea.Cmd { return nil }

// Update ignores every message.
func (m Model) Update(tea.Msg) (Model, tea.Cmd) { return m, nil }

// SetSize records the body size.
func (m Model) SetSize(w, h int) Model { m.width, m.height = w, h; return m }

// SetContext records the styles.
func (m Model) SetContext(c frame.Context) Model { m.ctx = c; return m }

// Title is the view's name.
func (m Model) Title() string { return m.title }

// Capturing is false: there is no input.
func (m Model) Capturing() bool { return false }

// ShortHelp is empty.
func (m Model) ShortHelp() []key.Binding { return nil }

// FullHelp is empty.
func (m Model) FullHelp() [][]key.Binding { return nil }

// View is the name, centred.
func (m Model) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	name := m.ctx.Styles.Title.Render(m.title)
	return frame.Fit(lipgloss.Place(m.width, m.height, lipgloss.Center, lipgloss.Center, name), m.width, m.height)
}
