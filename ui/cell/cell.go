// Package cell is the value-cell widget: one KPI's value for one week being
// typed — a value input and a note input — read with the rules every place
// that enters values shares (frame.ParseEntry), saved version-checked against
// the value it started from, and a conflict said the same way everywhere. The
// entry form (one cell per row), the Scorecard and Trends (a cell in place)
// edit values with it.
package cell

import (
	"errors"
	"fmt"

	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"kpi/model"
	"kpi/themes"
	"kpi/ui/frame"
)

// Store is what a cell saves to: a version-checked save, and a read of the
// week's value to show theirs after a conflict.
type Store interface {
	SaveValue(v model.Value) (model.Value, error)
	ValuesOf(kpiID int64, from, to model.Week) ([]model.Value, error)
}

// Input is one week's value being edited.
type Input struct {
	KPI      model.KPI
	Week     model.Week
	Existing model.Value // what the file has for the week (Version 0: nothing)
	Value    textinput.Model
	Note     textinput.Model
	OnNote   bool   // the note has the focus
	Problem  string // why the last try was refused or failed
	Saving   bool
}

// New is a cell for KPI k in week w over existing (has: the file holds a value
// for the week), its value input valueW cells wide, neither input focused. An
// empty value input shows an example of what to type (Example).
func New(st themes.Styles, k model.KPI, w model.Week, existing model.Value, has bool, valueW int) Input {
	c := Input{KPI: k, Week: w,
		Value: frame.NewInput(st, Example(k, valueW), valueW, 40),
		Note:  frame.NewInput(st, "e.g. promo week (optional)", 30, model.MaxTextLen)}
	if has {
		c.Existing = existing
		c.Value.SetValue(frame.InputText(k, existing))
		c.Note.SetValue(existing.Note)
	}
	c.Value.CursorEnd() // a value is short: typing goes after it
	c.Note.CursorStart()
	return c
}

// Example is what an empty value input of KPI k shows in width cells: an
// example, "e.g. 12k" or "e.g. on track", the longest that fits. Written as an
// example, it reads as one and not as a value in every theme, mono and NO_COLOR
// (plain text) too.
func Example(k model.KPI, width int) string {
	options := []string{"e.g. 12k, 45%", "e.g. 12k", "e.g. 5"}
	if k.Kind == model.Qualitative {
		options = []string{"e.g. on track", "e.g. ok"}
	} else if k.Unit == "%" {
		options = []string{"e.g. 45%", "e.g. 5"}
	}
	for _, o := range options {
		if ansi.StringWidth(o) <= width {
			return o
		}
	}
	return options[len(options)-1]
}

// Focus gives the focus to the value input.
func (c *Input) Focus() {
	c.OnNote = false
	c.Note.Blur()
	c.Value.Focus()
}

// Restyle draws the inputs in new styles.
func (c *Input) Restyle(st themes.Styles) {
	frame.StyleInput(&c.Value, st)
	frame.StyleInput(&c.Note, st)
}

// Switch moves the focus between the value and the note; the note is shown
// from its start, where its cursor goes.
func (c *Input) Switch() {
	frame.SwitchField(&c.Value, &c.Note, &c.OnNote)
	if c.OnNote {
		c.Note.CursorStart()
	}
}

// Type passes a typed key to the focused input; what was wrong is forgotten.
func (c *Input) Type(msg tea.Msg) tea.Cmd {
	c.Problem = ""
	return frame.UpdateField(&c.Value, &c.Note, c.OnNote, msg)
}

// Parse is the value to save, and whether it differs from what is stored.
func (c Input) Parse() (model.Value, bool, error) {
	return frame.ParseEntry(c.KPI, c.Existing, c.Week, c.Value.Value(), c.Note.Value())
}

// SavedMsg is the result of a cell's save. Tag is the caller's (the entry
// form's row).
type SavedMsg struct {
	Tag    int
	KPIID  int64
	Week   model.Week
	Saved  model.Value
	Err    error
	Theirs model.Value // after a conflict: the week's value as it is now
	Found  bool
}

// Save saves v in a command; after a conflict the result carries theirs.
func Save(store Store, v model.Value, tag int) tea.Cmd {
	return func() tea.Msg {
		saved, err := store.SaveValue(v)
		msg := SavedMsg{Tag: tag, KPIID: v.KPIID, Week: v.Week, Saved: saved, Err: err}
		if errors.Is(err, model.ErrConflict) {
			if vals, rerr := store.ValuesOf(v.KPIID, v.Week, v.Week); rerr == nil && len(vals) > 0 {
				msg.Theirs, msg.Found = vals[0], true
			}
		}
		return msg
	}
}

// For reports whether msg is the result of this cell's save.
func (c Input) For(msg SavedMsg) bool { return c.KPI.ID == msg.KPIID && c.Week == msg.Week }

// Apply takes the result of the cell's save: true when it was saved. After a
// conflict the cell holds theirs as what it saves over, and says so: saving
// again replaces theirs knowingly. Any other failure is the problem.
func (c *Input) Apply(msg SavedMsg) bool {
	c.Saving = false
	switch {
	case msg.Err == nil:
		c.Existing, c.Problem = msg.Saved, ""
		return true
	case errors.Is(msg.Err, model.ErrConflict):
		c.Problem = c.conflict(msg)
	default:
		c.Problem = frame.SaveProblem(msg.Err)
	}
	return false
}

// conflict is what a conflict says, and what the cell saves over next.
func (c *Input) conflict(msg SavedMsg) string {
	if !msg.Found {
		c.Existing = model.Value{}
		return fmt.Sprintf("The value of %s was deleted meanwhile; yours was not saved. Enter again to save it as new, esc to leave it.", msg.Week)
	}
	c.Existing = msg.Theirs
	who := model.Sanitize(msg.Theirs.UpdatedBy, false)
	if who == "" {
		who = "someone else"
	}
	return fmt.Sprintf("%s saved %s for %s meanwhile; yours was not saved. Enter again to replace theirs, esc to keep it.",
		who, model.ValueText(c.KPI, msg.Theirs), msg.Week)
}

// SavedText is what a successful save says.
func SavedText(k model.KPI, msg SavedMsg) string {
	return fmt.Sprintf("Saved %s for %s: %s", model.Sanitize(k.Name, false), msg.Week, model.ValueText(k, msg.Saved))
}
