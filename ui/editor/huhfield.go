package editor

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"

	"kpi/themes"
	"kpi/ui/frame"
)

// formField is the part of huh's Field (github.com/charmbracelet/huh) the forms
// use, under huh's names, so a huh input or select is a field of the form as it
// is, and so is each of the form's own (ownfield.go). The form keeps its own
// keys (tab, ↑/↓, ctrl+s, esc, which the personal config can rebind) and hands
// a field only the keys that edit it.
type formField interface {
	Focus() tea.Cmd
	Blur() tea.Cmd
	Error() error
	View() string
	Update(tea.Msg) (tea.Model, tea.Cmd)
	GetKey() string
	GetValue() any
}

// widthSetter is a field whose width can be set (huh's WithWidth).
type widthSetter interface{ WithWidth(int) huh.Field }

// huhTextField is a one-line text field on a huh input in the app's styles.
func huhTextField(st *themes.Styles, id fieldID, label, placeholder, value string, limit int) field {
	remake := func(st *themes.Styles, value string) formField {
		return frame.NewHuhInput(st, placeholder, value, limit).Key(label)
	}
	return field{id: id, label: label, kind: kText, ctl: remake(st, value), remake: remake}
}

// huhChoiceField is a choice field on an inline huh select in the app's styles:
// ←/→ (or space, or the first letter, which the form turns into →) go through
// the options, wrapping.
func huhChoiceField(st *themes.Styles, id fieldID, label string, opts []option, value string) field {
	remake := func(st *themes.Styles, value string) formField {
		hopts := make([]huh.Option[string], len(opts))
		for i, o := range opts {
			hopts[i] = huh.NewOption(o.label, o.value)
		}
		v := value
		s := huh.NewSelect[string]().Key(label).Options(hopts...).Inline(true).Value(&v)
		s.WithTheme(selectTheme(st))
		s.WithKeyMap(selectKeys())
		return s
	}
	return field{id: id, label: label, kind: kChoice, opts: opts, ctl: remake(st, value), remake: remake}
}

// selectTheme is the app's huh theme with an inline select drawn as the form's
// other choices are: "◂ option ▸" on the focused field, the option alone else.
func selectTheme(st *themes.Styles) *huh.Theme {
	t := frame.HuhTheme(st)
	t.Focused.PrevIndicator = st.Accent.SetString("◂ ")
	t.Focused.NextIndicator = st.Accent.SetString(" ▸")
	t.Focused.SelectedOption = st.Bold
	t.Blurred.PrevIndicator = st.Text.SetString("  ")
	t.Blurred.NextIndicator = st.Text.SetString("")
	t.Blurred.SelectedOption = st.Text
	return t
}

// selectKeys is huh's key map with a select moved by ← and → only: the form
// sends those for its own (rebindable) choice keys, and keeps every other key.
func selectKeys() *huh.KeyMap {
	k := huh.NewDefaultKeyMap()
	s := &k.Select
	for _, b := range []*key.Binding{&s.Next, &s.Prev, &s.Up, &s.Down, &s.HalfPageUp, &s.HalfPageDown,
		&s.GotoTop, &s.GotoBottom, &s.Filter, &s.SetFilter, &s.ClearFilter, &s.Submit} {
		b.SetEnabled(false)
	}
	s.Left.SetKeys("left")
	s.Right.SetKeys("right")
	return k
}

// text is a huh field's value as text.
func text(c formField) string {
	s, _ := c.GetValue().(string)
	return s
}

// step moves a huh select d options on (wrapping), by the keys it knows.
func step(c formField, d int) {
	msg := tea.KeyMsg{Type: tea.KeyRight}
	if d < 0 {
		msg, d = tea.KeyMsg{Type: tea.KeyLeft}, -d
	}
	for range d {
		c.Update(msg)
	}
}

// jumpTo moves a huh select to the next option whose label starts with r.
func (f *field) jumpTo(r rune) bool {
	n := len(f.opts)
	at := 0
	for i, o := range f.opts {
		if o.value == text(f.ctl) {
			at = i
		}
	}
	for i := 1; i <= n; i++ {
		if l := strings.ToLower(f.opts[(at+i)%n].label); l != "" && []rune(l)[0] == r {
			step(f.ctl, i)
			return true
		}
	}
	return false
}

// setText puts s into a huh text field, as if typed (a key suggested from the
// name, a test's input).
func (f *field) setText(s string) {
	if in, ok := f.ctl.(*huh.Input); ok {
		in.Value(&s)
	}
}
