package frame

import (
	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"kpi/themes"
)

// NewInput is a one-line text input in the app's styles: no prompt, a steady
// cursor (a blinking one would redraw the screen twice a second for nothing),
// and a length limit so no field can grow past what the store accepts.
func NewInput(st *themes.Styles, placeholder string, width, limit int) textinput.Model {
	ti := textinput.New()
	ti.Prompt = ""
	ti.Placeholder = placeholder
	ti.Width = width
	ti.CharLimit = limit
	ti.Cursor.SetMode(cursor.CursorStatic)
	StyleInput(&ti, st)
	return ti
}

// StyleInput applies styles to an input, e.g. after a theme switch.
func StyleInput(ti *textinput.Model, st *themes.Styles) {
	ti.TextStyle = st.Text
	ti.PlaceholderStyle = st.Placeholder
	ti.PromptStyle = st.Muted
	ti.Cursor.Style = st.Renderer.NewStyle().Reverse(true)
	ti.Cursor.TextStyle = st.Text
}

// SwitchField moves the focus between a value input and its note input, the
// pair Trends' table and the Scorecard's cells edit a week's value with.
func SwitchField(value, note *textinput.Model, onNote *bool) {
	*onNote = !*onNote
	if *onNote {
		value.Blur()
		note.Focus()
	} else {
		note.Blur()
		value.Focus()
	}
}

// UpdateField passes msg (a typed key) to whichever of the pair has the focus;
// ctrl+u clears it (Clears).
func UpdateField(value, note *textinput.Model, onNote bool, msg tea.Msg) tea.Cmd {
	in := value
	if onNote {
		in = note
	}
	if Clears(msg) {
		in.SetValue("")
		return nil
	}
	var cmd tea.Cmd
	*in, cmd = in.Update(msg)
	return cmd
}

// Clears reports whether msg is ctrl+u, which empties the input it is typed
// in, wherever its cursor is. An input opens with its cursor at the start of
// its text (so the text is read from its beginning), where the input's own
// ctrl+u, delete to the start of the line, would do nothing.
func Clears(msg tea.Msg) bool {
	k, ok := msg.(tea.KeyMsg)
	return ok && k.Type == tea.KeyCtrlU
}
