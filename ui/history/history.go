// Package history is the overlay that shows the change log of one KPI, objective
// or review (or of the whole file): who changed what, when, old → new. It only
// draws what the root loaded; undo is the root's, since it spans every view.
package history

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/lipgloss"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"kpi/model"
	"kpi/themes"
	"kpi/ui/frame"
)

// KeyMap is the overlay's own keys; esc (and H again) closes it.
type KeyMap struct {
	Up, Down, PageUp, PageDown, Close key.Binding
}

// DefaultKeyMap is the overlay's keys.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "newer")),
		Down:     key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "older")),
		PageUp:   key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup", "page up")),
		PageDown: key.NewBinding(key.WithKeys("pgdown", " "), key.WithHelp("pgdn", "page down")),
		Close:    key.NewBinding(key.WithKeys("esc", "H"), key.WithHelp("esc", "close")),
	}
}

// Bindings are every binding of the overlay, for the duplicate-key test.
func (k KeyMap) Bindings() []key.Binding {
	return []key.Binding{k.Up, k.Down, k.PageUp, k.PageDown, k.Close}
}

// ClosedMsg tells the root the overlay was closed.
type ClosedMsg struct{}

// Model is the overlay: the changes, newest first, and a scroll offset.
type Model struct {
	title   string
	changes []model.Change
	err     error
	offset  int
	keys    KeyMap
	styles  themes.Styles
	width   int
	height  int
}

// New is the overlay for sel's changes (err when they could not be read).
func New(sel frame.Selection, changes []model.Change, err error, st themes.Styles) Model {
	title := "History of the whole file"
	if sel.Label != "" {
		title = "History of " + model.Sanitize(sel.Label, false)
	}
	return Model{title: title, changes: changes, err: err, keys: DefaultKeyMap(), styles: st}
}

// SetSize gives the overlay the body's size.
func (m Model) SetSize(w, h int) Model { m.width, m.height = w, h; return m }

// SetStyles redraws with a new theme.
func (m Model) SetStyles(st themes.Styles) Model { m.styles = st; return m }

// ShortHelp is the footer while the overlay is open.
func (m Model) ShortHelp() []key.Binding { return []key.Binding{m.keys.Down, m.keys.Up, m.keys.Close} }

// Keys are the overlay's bindings.
func (m Model) Keys() KeyMap { return m.keys }

// WithKeys is the same with the user's key map (the personal config can rebind
// any key).
func (m Model) WithKeys(k KeyMap) Model {
	m.keys = k
	return m
}

// Update scrolls or closes.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	k, ok := msg.(tea.KeyMsg)
	if !ok {
		return m, nil
	}
	page := max(m.rows()-1, 1)
	switch {
	case key.Matches(k, m.keys.Close):
		return m, func() tea.Msg { return ClosedMsg{} }
	case key.Matches(k, m.keys.Down):
		m.offset++
	case key.Matches(k, m.keys.Up):
		m.offset--
	case key.Matches(k, m.keys.PageDown):
		m.offset += page
	case key.Matches(k, m.keys.PageUp):
		m.offset -= page
	}
	m.offset = max(min(m.offset, m.lastOffset()), 0)
	return m, nil
}

// rows is how many changes fit under the title and the column line.
func (m Model) rows() int { return max(m.height-3, 1) }

// View draws the title, then one change per line: when, who, what. The summary
// already carries old → new ("ana set mrr for 2026-W47: 410,000 → 430,000").
// Widths: when 16 ("2026-11-19 14:05"), two spaces, who 12, two spaces, the rest.
func (m Model) View() string {
	st := m.styles
	w := m.width
	count := fmt.Sprintf("%d changes", len(m.changes))
	if len(m.changes) == 1 {
		count = "1 change"
	}
	lines := []string{frame.Spread(st.Title.Render(frame.Clip(m.title, max(w-14, 10))), st.Muted.Render(count), w), ""}
	switch {
	case m.err != nil:
		lines = append(lines, st.Error.Render(frame.Clip("Could not read the change log: "+m.err.Error(), w)))
	case len(m.changes) == 0:
		lines = append(lines, st.Muted.Render("No changes recorded yet."))
	default:
		lines = append(lines, st.Muted.Render(frame.Clip(fmt.Sprintf("%-16s  %-12s  %s", "when", "who", "what"), w)))
		for i := m.offset; i < len(m.changes) && len(lines) < m.height; i++ {
			for _, l := range m.line(m.changes[i]) {
				if len(lines) < m.height {
					lines = append(lines, l)
				}
			}
		}
	}
	return frame.PadBlock(strings.Join(lines, "\n"), w, m.height)
}

// lastOffset is the furthest the list scrolls: the offset from which the last
// changes, each on its own lines, fill the rows.
func (m Model) lastOffset() int {
	used := 0
	for i := len(m.changes) - 1; i >= 0; i-- {
		used += len(m.line(m.changes[i]))
		if used > m.rows() {
			return min(i+1, len(m.changes)-1)
		}
	}
	return 0
}

// maxWhatLines is the most lines one change's summary takes.
const maxWhatLines = 3

// line is one change: when, who, and what it did, the what on as many as
// maxWhatLines lines under its column so a long summary is read whole.
func (m Model) line(c model.Change) []string {
	st := m.styles
	who := frame.Clip(model.Sanitize(c.User, false), 12)
	who += strings.Repeat(" ", max(12-lipgloss.Width(who), 0))
	what := model.Sanitize(c.Summary, false)
	if what == "" {
		what = c.Action + " " + c.Entity
	}
	style := st.Text
	if c.Action == "undo" {
		style = st.Muted
	}
	when := c.At.Local().Format("2006-01-02 15:04")
	row := when + "  " + who + "  "
	indent := strings.Repeat(" ", lipgloss.Width(row))
	var out []string
	for i, l := range frame.Wrap(what, max(m.width-lipgloss.Width(row), 1), maxWhatLines) {
		lead := indent
		if i == 0 {
			lead = st.Muted.Render(row)
		}
		out = append(out, lead+style.Render(l))
	}
	if len(out) == 0 {
		out = []string{st.Muted.Render(row)}
	}
	return out
}
