package editor

import (
	"strings"

	"kpi/themes"
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

// field is one line of a form: its control behind formField — a huh input or
// select, or one of the form's own (a target point, a switch, a button) — and
// what the line adds: what it edits, its label, its problem and theirs.
type field struct {
	id    fieldID
	label string
	kind  kind

	ctl formField
	// remake makes a huh field again holding a value, in new styles (a huh
	// field keeps the theme it was made with); nil for the form's own fields,
	// which take new styles in place.
	remake func(st *themes.Styles, value string) formField

	opts []option // kChoice

	// problem is why the field's content cannot be saved, shown beside it.
	problem string
	// theirs is, after a conflict, the other person's value of this field when
	// it differs from the form's, shown beside it while the user merges by hand.
	theirs string
}

func toggleField(st *themes.Styles, id fieldID, label string, on bool) field {
	return field{id: id, label: label, kind: kToggle, ctl: &toggle{st: st, key: label, on: on}}
}

func buttonField(st *themes.Styles, id fieldID) field {
	text := "[ + add a target point ]"
	if id == fSave {
		text = "[ Save ]"
	}
	return field{id: id, kind: kButton, ctl: &button{st: st, id: id, text: text}}
}

// targetField is a target point row; an empty week stands for defaultWeek
// (its placeholder), the week under review.
func targetField(st *themes.Styles, week, low, high, defaultWeek string) field {
	return field{id: fTarget, label: "target", kind: kTarget, ctl: newTargetPoint(st, week, low, high, defaultWeek)}
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

// isOn is whether a switch is on.
func (f field) isOn() bool {
	on, _ := f.ctl.GetValue().(bool)
	return on
}

// point is a target point row's control (nil on any other field).
func (f field) point() *targetPoint {
	p, _ := f.ctl.(*targetPoint)
	return p
}

// pointTexts are a target point's week, low (the value) and high texts.
func (f field) pointTexts() [3]string {
	t, _ := f.ctl.GetValue().([3]string)
	return t
}

// blank reports whether a target point was left empty (it is dropped on save).
func (f field) blank() bool {
	p := f.point()
	return p != nil && p.blank()
}

// restyle applies new styles to the field's control after a theme switch.
func (f *field) restyle(st *themes.Styles) {
	switch c := f.ctl.(type) {
	case restyler:
		c.restyle(st)
	default:
		if f.remake != nil {
			f.ctl = f.remake(st, text(f.ctl))
		}
	}
}

// cycle moves a choice d options on (wrapping) or flips a switch, by the keys
// the control knows (← and →).
func (f *field) cycle(d int) {
	switch f.kind {
	case kChoice:
		step(f.ctl, d)
	case kToggle:
		step(f.ctl, 1) // a switch flips whichever way
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
	switch v := f.ctl.GetValue().(type) {
	case string:
		return v
	case bool:
		if v {
			return "yes"
		}
		return "no"
	case [3]string:
		return strings.Join(v[:], "\x00")
	}
	return ""
}
