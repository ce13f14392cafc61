package frame

import (
	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/textinput"

	"kpi/themes"
)

// NewInput is a one-line text input in the app's styles: no prompt, a steady
// cursor (a blinking one would redraw the screen twice a second for nothing),
// and a length limit so no field can grow past what the store accepts.
func NewInput(st themes.Styles, placeholder string, width, limit int) textinput.Model {
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
func StyleInput(ti *textinput.Model, st themes.Styles) {
	ti.TextStyle = st.Text
	ti.PlaceholderStyle = st.Muted
	ti.PromptStyle = st.Muted
	ti.Cursor.Style = st.Renderer.NewStyle().Reverse(true)
	ti.Cursor.TextStyle = st.Text
}
