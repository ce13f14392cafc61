package ui

import (
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
)

// rootInput is one of the root's text inputs (the filter, go to week), kept
// by pointer: a textinput is 5 kB, two of them were most of the root model,
// and every Update copies the model whole, several times down each call. A
// change copies the input first (edit, Update), so a model copied before it
// keeps the input it had, as it would if the input were a value.
type rootInput struct{ p *textinput.Model }

func newRootInput(ti textinput.Model) rootInput { return rootInput{&ti} }

func (in rootInput) Value() string { return in.p.Value() }
func (in rootInput) View() string  { return in.p.View() }

// edit is the input to change, a copy of the one before.
func (in *rootInput) edit() *textinput.Model {
	c := *in.p
	in.p = &c
	return in.p
}

// Update passes msg to the input.
func (in *rootInput) Update(msg tea.Msg) tea.Cmd {
	next, cmd := in.p.Update(msg)
	in.p = &next
	return cmd
}
