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

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

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
	// Recent are the KPI's values around the week (any weeks), which a new
	// value is vetted against (model.Vet: 10× off their median); the view that
	// opens the cell sets them.
	Recent model.Series
	// doubted is the value text the cell asked about (see Vet): enter again
	// with the same text keeps it; doubt is what it said about it.
	doubted string
	doubt   string
	ask     string
}

// keepQuestion is how the app asks to keep an implausible value: on the row,
// not refused as the command line does without --force. keep and cancel are
// the keys that answer (y and esc unless rebound).
func keepQuestion(keep, cancel key.Binding) string {
	return fmt.Sprintf("enter again or %s keeps it, %s edits it", keep.Help().Key, cancel.Help().Key)
}

// New is a cell for KPI k in week w over existing (has: the file holds a value
// for the week), its value input valueW cells wide, neither input focused. An
// empty value input shows an example of what to type (Example).
func New(st *themes.Styles, k model.KPI, w model.Week, existing model.Value, has bool, valueW int) Input {
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
		if frame.Width(o) <= width {
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
func (c *Input) Restyle(st *themes.Styles) {
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
	c.Edited()
	return frame.UpdateField(&c.Value, &c.Note, c.OnNote, msg)
}

// Edited forgets what was wrong: the text is changing. A question about the
// value is remembered with the text it was about (Vet asks again only for
// another text), so adding a note after it does not ask twice.
func (c *Input) Edited() { c.Problem = "" }

// Vet asks about a value that looks implausible before it is saved (model.Vet:
// typed in another unit, a fraction for a percentage, 10× off the KPI's
// recent median), as the command line refuses it without --force. It reports
// whether the value may be saved now: it looks fine, it is the number already
// stored, or the user was asked about this very text and pressed enter (or y)
// again. Otherwise the cell asks on its row (Problem) and remembers the text;
// keep and cancel are the keys that answer, named in the question.
func (c *Input) Vet(keep, cancel key.Binding) bool {
	text := c.Value.Value()
	if c.KPI.Kind == model.Qualitative || (c.doubted != "" && c.doubted == text) {
		return true
	}
	typed, err := model.ParseFor(c.KPI, text)
	if err != nil || (c.Existing.Version != 0 && c.Existing.HasNumber && c.Existing.Number == typed.Number) {
		return true
	}
	d, doubt := model.Vet(c.KPI, typed, c.Recent, c.Week)
	if !doubt {
		return true
	}
	c.doubted, c.doubt, c.ask = text, d.Text(), keepQuestion(keep, cancel)
	c.Problem = d.Message(c.ask)
	return false
}

// ProblemLine is the problem in one line of width cells with its "✗" mark; a
// question about the value is shortened in its reason, never in how to
// answer it.
func (c Input) ProblemLine(width int) string {
	if !c.Confirming() {
		return frame.Clip("✗ "+c.Problem, width)
	}
	tail := "; " + c.ask
	return frame.Clip("✗ "+frame.Clip(c.doubt, max(width-2-frame.Width(tail), 1))+tail, width)
}

// Confirming reports whether the cell is asking about its value (Vet): enter
// or y keeps it, esc goes back to editing.
func (c Input) Confirming() bool {
	return c.doubted != "" && c.Problem != "" && c.doubted == c.Value.Value()
}

// ConfirmKey handles a key while the cell is asking (Confirming): keep (y)
// keeps the value (save is true), cancel (esc) takes the question back and
// leaves the value to edit. handled is false for every other key, and when not
// asking; enter is the view's save, which Vet then lets through.
func (c *Input) ConfirmKey(msg tea.KeyMsg, keep, cancel key.Binding) (save, handled bool) {
	if !c.Confirming() {
		return false, false
	}
	switch {
	case key.Matches(msg, keep):
		return true, true
	case key.Matches(msg, cancel):
		c.Problem, c.doubted = "", "" // taken back: enter asks again
		c.OnNote = false
		c.Note.Blur()
		c.Value.Focus()
		return false, true
	}
	return false, false
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
