package ui

import (
	"github.com/charmbracelet/bubbles/key"

	"kpi/ui/frame"
)

// KeyMap is the root's global keys (spec §5). They apply in every view unless a
// text input has focus or a form is open.
type KeyMap struct {
	Views              [viewCount]key.Binding
	NextView, PrevView key.Binding
	PrevWeek, NextWeek key.Binding
	ThisWeek           key.Binding
	GoToWeek           key.Binding // g: a week typed in the footer
	Latest             key.Binding // G: the latest week with values
	Entry              key.Binding
	Filter             key.Binding
	Theme              key.Binding
	Present            key.Binding
	History            key.Binding
	Undo               key.Binding
	Help               key.Binding
	Back               key.Binding
	Quit               key.Binding
}

// DefaultKeyMap is the keys of spec §5.
func DefaultKeyMap() KeyMap {
	k := KeyMap{
		NextView: key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next view")),
		PrevView: key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "previous view")),
		PrevWeek: key.NewBinding(key.WithKeys("["), key.WithHelp("[", "previous week")),
		NextWeek: key.NewBinding(key.WithKeys("]"), key.WithHelp("]", "next week")),
		ThisWeek: key.NewBinding(key.WithKeys("."), key.WithHelp(".", "this week")),
		GoToWeek: key.NewBinding(key.WithKeys("g"), key.WithHelp("g", "go to a week")),
		Latest:   key.NewBinding(key.WithKeys("G"), key.WithHelp("G", "latest week with values")),
		Entry:    key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "enter values")),
		Filter:   key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "filter")),
		Theme:    key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "theme")),
		Present:  key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "presentation")),
		History:  key.NewBinding(key.WithKeys("H"), key.WithHelp("H", "history")),
		Undo:     key.NewBinding(key.WithKeys("u"), key.WithHelp("u", "undo my last change")),
		Help:     key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
		Back:     key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back")),
		Quit:     key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q", "quit")),
	}
	for i := range k.Views {
		n := string(rune('1' + i))
		k.Views[i] = key.NewBinding(key.WithKeys(n), key.WithHelp(n, viewNames[i]))
	}
	return k
}

// Bindings lists every global binding, for the help overlay and the test that no
// two enabled bindings of one scope share a key.
func (k KeyMap) Bindings() []key.Binding {
	out := append([]key.Binding{}, k.Views[:]...)
	return append(out, k.NextView, k.PrevView, k.PrevWeek, k.NextWeek, k.ThisWeek, k.GoToWeek, k.Latest, k.Entry, k.Filter,
		k.Theme, k.Present, k.History, k.Undo, k.Help, k.Back, k.Quit)
}

// short is the footer's global part; the two week keys share one entry so the
// footer fits 80 columns.
func (k KeyMap) short() []key.Binding {
	week := frame.Joined(" ", "week", k.PrevWeek, k.NextWeek)
	entry := frame.Renamed(k.Entry, "entry")
	return []key.Binding{week, entry, k.Filter, k.Help, k.Quit}
}

// full is the help overlay's global part, in columns.
func (k KeyMap) full() [][]key.Binding {
	views := append([]key.Binding{}, k.Views[:]...)
	return [][]key.Binding{
		append(views, k.NextView, k.PrevView),
		{k.PrevWeek, k.NextWeek, k.ThisWeek, k.GoToWeek, k.Latest, k.Entry, k.Filter, k.History, k.Undo},
		{k.Theme, k.Present, k.Help, k.Back, k.Quit},
	}
}

// HelpKeyMap is the help overlay's keys: they scroll it when it is taller than the
// window; any other key closes it.
type HelpKeyMap struct {
	Up, Down         key.Binding
	PageUp, PageDown key.Binding
}

// DefaultHelpKeyMap scrolls with the arrows, j/k and the page keys.
func DefaultHelpKeyMap() HelpKeyMap {
	return HelpKeyMap{
		Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "scroll up")),
		Down:     key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "scroll down")),
		PageUp:   key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup", "page up")),
		PageDown: key.NewBinding(key.WithKeys("pgdown"), key.WithHelp("pgdn", "page down")),
	}
}

// Bindings lists the help overlay's bindings.
func (k HelpKeyMap) Bindings() []key.Binding {
	return []key.Binding{k.Up, k.Down, k.PageUp, k.PageDown}
}
