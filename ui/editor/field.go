package editor

import (
	"strings"

	"github.com/charmbracelet/bubbles/textinput"

	"kpi/themes"
	"kpi/ui/frame"
)

// fieldID names what a field of a form edits.
type fieldID int

const (
	fName fieldID = iota
	fKey
	fDescription
	fOwner
	fObjective
	fTags
	fUnit
	fDecimals
	fDirection
	fTarget    // one point of the target path (there may be several)
	fAddTarget // the "add a target point" button
	fTolerance
	fTolMode
	fTier
	fOMTM
	fIndicator
	fKind
	fCadence
	fAggregate
	fFormula
	fArchived
	fTitle
	fStart
	fEnd
	fState
	fSave // the save button at the end
)

// kind is how a field is edited.
type kind int

const (
	kText   kind = iota // a one-line text input
	kChoice             // one of a few options: ←/→ or space, or the first letter
	kToggle             // yes or no: space or ←/→
	kTarget             // a target point: week, value and (range KPIs) high
	kButton             // enter or space does something
)

// option is one choice of a kChoice field.
type option struct {
	value string // what is saved
	label string // what is shown
}

// field is one line of a form.
type field struct {
	id    fieldID
	label string
	kind  kind

	// ctl is the field's huh field when it is one (a text input or a select);
	// remake makes it again holding a value, in new styles (a huh field keeps
	// the theme it was made with).
	ctl    formField
	remake func(st themes.Styles, value string) formField

	opts []option // kChoice

	on bool // kToggle

	// kTarget: the point's week, value (the low bound of a range) and high
	// bound; sub is which of them has the focus.
	week, low, high textinput.Model
	sub             int

	// problem is why the field's content cannot be saved, shown beside it.
	problem string
	// theirs is, after a conflict, the other person's value of this field when
	// it differs from the form's, shown beside it while the user merges by hand.
	theirs string
}

func toggleField(id fieldID, label string, on bool) field {
	return field{id: id, label: label, kind: kToggle, on: on}
}

func buttonField(id fieldID, label string) field {
	return field{id: id, label: label, kind: kButton}
}

// targetField is a target point row; an empty week stands for defaultWeek
// (its placeholder), the week under review.
func targetField(st themes.Styles, week, low, high, defaultWeek string) field {
	f := field{id: fTarget, label: "target", kind: kTarget}
	f.week = frame.NewInput(st, defaultWeek, 10, 20)
	f.low = frame.NewInput(st, "e.g. 48k", 12, 40)
	f.high = frame.NewInput(st, "high", 12, 40)
	f.week.SetValue(week)
	f.low.SetValue(low)
	f.high.SetValue(high)
	return f
}

// value is the trimmed text of a text field.
func (f field) value() string {
	if f.ctl == nil {
		return ""
	}
	return strings.TrimSpace(text(f.ctl))
}

// chosen is the value of a choice field's option.
func (f field) chosen() string {
	if f.ctl == nil {
		return ""
	}
	return text(f.ctl)
}

// blank reports whether a target point was left empty (it is dropped on save).
func (f field) blank() bool {
	return strings.TrimSpace(f.week.Value()) == "" && strings.TrimSpace(f.low.Value()) == "" && strings.TrimSpace(f.high.Value()) == ""
}

// inputs are the field's text inputs, in focus order.
func (f *field) inputs() []*textinput.Model {
	switch f.kind {
	case kTarget:
		return []*textinput.Model{&f.week, &f.low, &f.high}
	}
	return nil
}

// restyle applies new styles to the field's inputs after a theme switch.
func (f *field) restyle(st themes.Styles) {
	if f.ctl != nil {
		f.ctl = f.remake(st, text(f.ctl))
	}
	for _, in := range f.inputs() {
		frame.StyleInput(in, st)
	}
}

// cycle moves a choice d options on (wrapping) or flips a toggle.
func (f *field) cycle(d int) {
	switch {
	case f.ctl != nil && f.kind == kChoice:
		step(f.ctl, d)
	case f.kind == kToggle:
		f.on = !f.on
	}
}

// jump selects the next option whose label starts with r, so a choice can be
// made by typing its first letter.
func (f *field) jump(r rune) bool {
	if f.kind != kChoice || f.ctl == nil {
		return false
	}
	return f.jumpTo(r)
}

// signature is the field's content as text, to tell whether the form changed.
func (f field) signature() string {
	if f.ctl != nil {
		return text(f.ctl)
	}
	switch f.kind {
	case kToggle:
		if f.on {
			return "yes"
		}
		return "no"
	case kTarget:
		return f.week.Value() + "\x00" + f.low.Value() + "\x00" + f.high.Value()
	}
	return ""
}
