package frame

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"
	"github.com/charmbracelet/lipgloss"

	"kpi/themes"
)

// Small forms are huh fields (github.com/charmbracelet/huh) in the app's
// styles: the Review's note, facilitator, attendees, rating, action item,
// meeting notes and template. The views lay them out (a label, the field in
// brackets) and keep their own keys — save, next field, cancel, which the
// personal config can rebind — so a field only ever gets the keys that type:
// huh's own moves (enter and tab to the next field, the external editor) are
// switched off.

// HuhTheme is a huh theme from the app's styles: no frames (the view draws
// them), the text in the theme's text colour, placeholders muted, the focused
// field's title in the accent colour.
func HuhTheme(st *themes.Styles) *huh.Theme {
	t := huh.ThemeBase()
	plain := st.Renderer.NewStyle()
	t.Form.Base, t.Group.Base = plain, plain
	t.FieldSeparator = plain
	for _, f := range []*huh.FieldStyles{&t.Focused, &t.Blurred} {
		f.Base, f.Card = plain, plain
		f.Title, f.Description = st.Muted, st.Muted
		f.ErrorIndicator, f.ErrorMessage = st.Error, st.Error
		f.TextInput = huh.TextInputStyles{Cursor: plain.Reverse(true), CursorText: st.Text,
			Placeholder: st.Placeholder, Prompt: st.Muted, Text: st.Text}
	}
	t.Focused.Title = st.Accent
	return t
}

// HuhTextTheme is HuhTheme with a muted rule down a text field's left.
func HuhTextTheme(st *themes.Styles) *huh.Theme {
	t := HuhTheme(st)
	rule := st.Renderer.NewStyle().Border(lipgloss.NormalBorder(), false, false, false, true).
		BorderForeground(st.Theme.Muted).PaddingLeft(1)
	t.Focused.Base, t.Blurred.Base = rule, rule
	return t
}

// typingKeys is huh's key map with every key that is not typing switched off.
func typingKeys() *huh.KeyMap {
	k := huh.NewDefaultKeyMap()
	for _, b := range []*key.Binding{&k.Input.Next, &k.Input.Prev, &k.Input.Submit, &k.Input.AcceptSuggestion,
		&k.Text.Next, &k.Text.Prev, &k.Text.Submit, &k.Text.Editor} {
		b.SetEnabled(false)
	}
	k.Text.NewLine.SetKeys("enter", "alt+enter", "ctrl+j")
	return k
}

// ShowStart puts a focused huh input's cursor at the start of its text, so an
// input opened on existing text shows its beginning rather than its end (huh
// leaves the cursor after the text, the field scrolled to show it). Going to
// the end first makes the input scroll by the width it has now.
func ShowStart(in interface {
	Update(tea.Msg) (tea.Model, tea.Cmd)
}) {
	in.Update(tea.KeyMsg{Type: tea.KeyEnd})
	in.Update(tea.KeyMsg{Type: tea.KeyHome})
}

// NewHuhInput is a one-line huh input in the app's styles holding value.
func NewHuhInput(st *themes.Styles, placeholder, value string, limit int) *huh.Input {
	in := huh.NewInput().Prompt("").Placeholder(placeholder).CharLimit(limit).Value(&value)
	in.WithTheme(HuhTheme(st))
	in.WithKeyMap(typingKeys())
	return in
}

// NewHuhText is a multi-line huh text field in the app's styles holding value,
// a muted rule down its left; enter starts a new line.
func NewHuhText(st *themes.Styles, value string, limit int) *huh.Text {
	ta := huh.NewText().CharLimit(limit).ShowLineNumbers(false).Value(&value)
	ta.WithTheme(HuhTextTheme(st))
	ta.WithKeyMap(typingKeys())
	return ta
}
