package cell

import "github.com/charmbracelet/bubbles/key"

// EditKeyMap is the keys while a cell is being edited in place (a week in
// Trends, a cell of the Scorecard); every other key goes to the focused input.
// Both views edit through this widget, so they share its keys.
type EditKeyMap struct {
	Save, SwitchField, Cancel key.Binding
	// Keep saves a value the edit asked about (Input.Vet), as enter again
	// does; only while it asks.
	Keep key.Binding
}

// DefaultEditKeyMap is enter to save, tab between value and note, esc to cancel.
func DefaultEditKeyMap() EditKeyMap {
	return EditKeyMap{
		Save:        key.NewBinding(key.WithKeys("enter", "ctrl+s"), key.WithHelp("enter", "save")),
		SwitchField: key.NewBinding(key.WithKeys("tab", "shift+tab"), key.WithHelp("tab", "value/note")),
		Cancel:      key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
		Keep:        key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "keep a value asked about")),
	}
}

// Bindings lists every editing binding, for help and the duplicate-key test.
func (k EditKeyMap) Bindings() []key.Binding {
	return []key.Binding{k.Save, k.SwitchField, k.Cancel, k.Keep}
}
