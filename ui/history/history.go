// Package history is the overlay that shows the change log of one KPI, objective
// or review (or of the whole file): who changed what, when, old → new. It only
// draws what the root loaded; undo is the root's, since it spans every view.
package history

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"kpi/model"
	"kpi/themes"
	"kpi/ui/frame"
)

// KeyMap is the overlay's own keys; esc (and H again) closes it, a opens the
// whole file's history over a selection's.
type KeyMap struct {
	Up, Down, PageUp, PageDown, WholeFile, Close key.Binding
}

// DefaultKeyMap is the overlay's keys.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Up:        key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "newer")),
		Down:      key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "older")),
		PageUp:    key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup", "page up")),
		PageDown:  key.NewBinding(key.WithKeys("pgdown", " "), key.WithHelp("pgdn", "page down")),
		WholeFile: key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "whole file")),
		Close:     key.NewBinding(key.WithKeys("esc", "H"), key.WithHelp("esc", "close")),
	}
}

// Bindings are every binding of the overlay, for the duplicate-key test.
func (k KeyMap) Bindings() []key.Binding {
	return []key.Binding{k.Up, k.Down, k.PageUp, k.PageDown, k.WholeFile, k.Close}
}

// ClosedMsg tells the root the overlay was closed.
type ClosedMsg struct{}

// WholeFileMsg asks the root for the whole file's history, opened over this
// overlay (esc comes back to the selection's).
type WholeFileMsg struct{}

// Model is the overlay: the changes, newest first, drawn as lines (a change,
// then one line per field it set), and a scroll offset in those lines.
type Model struct {
	title   string
	whole   bool // the whole file's history: no a, and the hint says so
	changes []model.Change
	err     error
	offset  int
	keys    KeyMap
	styles  *themes.Styles
	width   int
	height  int
	lines   []string // drawn by draw when the size, styles or changes change
}

// New is the overlay for sel's changes (err when they could not be read).
func New(sel frame.Selection, changes []model.Change, err error, st *themes.Styles) Model {
	m := Model{title: "History of the whole file", whole: sel.Label == "" && sel.Kind == "", changes: changes, err: err, styles: st}
	if sel.Label != "" {
		m.title = "History of " + model.Sanitize(sel.Label, false)
	}
	return m.WithKeys(DefaultKeyMap())
}

// SetSize gives the overlay the body's size.
func (m Model) SetSize(w, h int) Model {
	m.width, m.height = w, h
	return m.draw()
}

// SetStyles redraws with a new theme.
func (m Model) SetStyles(st *themes.Styles) Model {
	m.styles = st
	return m.draw()
}

// ShortHelp is the footer while the overlay is open.
func (m Model) ShortHelp() []key.Binding {
	return []key.Binding{m.keys.Down, m.keys.Up, m.keys.WholeFile, m.keys.Close}
}

// Keys are the overlay's bindings.
func (m Model) Keys() KeyMap { return m.keys }

// WithKeys is the same with the user's key map (the personal config can rebind
// any key); a is off in the whole file's history, which it would open again.
func (m Model) WithKeys(k KeyMap) Model {
	k.WholeFile.SetEnabled(!m.whole)
	m.keys = k
	return m
}

// Update scrolls, closes, or asks for the whole file's history.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	k, ok := msg.(tea.KeyMsg)
	if !ok {
		return m, nil
	}
	page := max(m.rows()-1, 1)
	switch {
	case key.Matches(k, m.keys.Close):
		return m, func() tea.Msg { return ClosedMsg{} }
	case key.Matches(k, m.keys.WholeFile):
		return m, func() tea.Msg { return WholeFileMsg{} }
	case key.Matches(k, m.keys.Down):
		m.offset++
	case key.Matches(k, m.keys.PageDown):
		m.offset += page
	case key.Matches(k, m.keys.Up):
		m.offset--
	case key.Matches(k, m.keys.PageUp):
		m.offset -= page
	}
	m.offset = max(min(m.offset, len(m.lines)-m.rows()), 0)
	return m, nil
}

// rows is how many lines fit under the title, the blank line and the column
// line, above the hint line.
func (m Model) rows() int { return max(m.height-4, 1) }

// View joins the title, the visible lines and the hint.
func (m Model) View() string {
	st := m.styles
	w := m.width
	count := fmt.Sprintf("%d changes", len(m.changes))
	if len(m.changes) == 1 {
		count = "1 change"
	}
	out := []string{frame.Spread(st.Title.Render(frame.Clip(m.title, max(w-14, 10))), st.Muted.Render(count), w), ""}
	switch {
	case m.err != nil:
		out = append(out, st.Error.Render(frame.Clip("Could not read the change log: "+m.err.Error(), w)))
	case len(m.changes) == 0:
		out = append(out, st.Muted.Render("No changes recorded yet."))
	default:
		out = append(out, st.Muted.Render(frame.Clip(fmt.Sprintf("%-16s  %-12s  %s", "when", "who", "what"), w)))
		end := min(m.offset+m.rows(), len(m.lines))
		out = append(out, m.lines[m.offset:end]...)
	}
	for len(out) < m.height-1 {
		out = append(out, "")
	}
	if m.height > 1 {
		out = append(out, st.Muted.Render(frame.Clip(m.hint(), w)))
	}
	return frame.PadBlock(strings.Join(out, "\n"), w, m.height)
}

// hint says where the rest of the history is.
func (m Model) hint() string {
	if m.whole {
		return "One KPI's history: H on it, or kpi history --kpi KEY on the command line."
	}
	return "The whole file's history: " + m.keys.WholeFile.Help().Key + " here, or kpi history on the command line."
}

// draw lays every change out as lines: when, who, what; then each field it
// set, old → new, indented under "what". Widths: when 16 ("2026-11-19
// 14:05"), two spaces, who 12, two spaces, the rest; below 60 columns the
// fields are indented 4 so they keep some room. A summary or field longer
// than its room wraps onto more lines at the same indent, so every word of
// the log can be read here.
func (m Model) draw() Model {
	m.lines = m.lines[:0:0]
	const whatAt = 16 + 2 + 12 + 2
	indent := whatAt
	if m.width < 60 {
		indent = 4
	}
	for _, c := range m.changes {
		style := m.styles.Text
		if c.Action == "undo" {
			style = m.styles.Muted
		}
		what := model.Sanitize(c.Summary, false)
		if what == "" {
			what = c.Action + " " + c.Entity
		}
		m.lines = append(m.lines, m.wrapped(m.styles.Muted.Render(m.lead(c)), what, whatAt, indent, style)...)
		for _, f := range c.Fields {
			m.lines = append(m.lines, m.wrapped(strings.Repeat(" ", indent), model.Sanitize(f.String(), false), indent, indent, m.styles.Text)...)
		}
	}
	m.offset = max(min(m.offset, len(m.lines)-m.rows()), 0)
	return m
}

// wrapped is text wrapped to the width after first (at, columns wide) on its
// first line and after indent spaces on the rest; a width too narrow for
// any room clips instead.
func (m Model) wrapped(first, text string, at, indent int, style lipgloss.Style) []string {
	room := m.width - at
	if room < 8 || m.width-indent < 8 {
		return []string{first + style.Render(frame.Clip(text, max(room, 1)))}
	}
	parts := strings.Split(ansi.Wrap(text, room, ""), "\n")
	out := []string{first + style.Render(parts[0])}
	if len(parts) > 1 {
		rest := strings.Split(ansi.Wrap(strings.Join(parts[1:], " "), m.width-indent, ""), "\n")
		for _, p := range rest {
			out = append(out, strings.Repeat(" ", indent)+style.Render(p))
		}
	}
	return out
}

// lead is a change's when and who, padded to where "what" starts.
func (m Model) lead(c model.Change) string {
	who := frame.Clip(model.Sanitize(c.User, false), 12)
	who += strings.Repeat(" ", max(12-frame.Width(who), 0))
	when := strings.Repeat(" ", 16)
	if !c.At.IsZero() {
		when = c.At.Local().Format("2006-01-02 15:04")
	}
	return when + "  " + who + "  "
}
