package review

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"

	"kpi/model"
	"kpi/themes"
	"kpi/ui/frame"
)

// editKind says what an open input edits.
type editKind int

const (
	editNote        editKind = iota // a checklist item's note
	editFacilitator                 // the review's facilitator
	editAttendees                   // the review's attendees, comma-separated
	editNotes                       // the meeting notes (multi-line)
	editRating                      // the 1–10 rating that concludes the review
	editAction                      // a new or existing action item
	editTemplate                    // the team's checklist template (multi-line)
)

// field is one labelled one-line input (a huh input, frame.NewHuhInput).
type field struct {
	label, placeholder string
	limit              int
	input              *huh.Input
}

// editor is the open input: what it edits, its fields (or text area), and the
// row it started from, whose version the save is checked against.
type editor struct {
	kind             editKind
	week             model.Week
	title            string
	hint             string // what to type, under the inputs
	fields           []field
	focus            int
	area             *huh.Text // the multi-line input (notes, template)
	areaLimit, areaH int
	theme            string // the theme the inputs were made in

	item     model.ChecklistItem
	review   model.Review
	action   model.ActionItem // ID 0: a new one
	settings model.Settings

	problem string // why the last try was refused or failed
	saving  bool
	// replace is true while the focused field still shows the stored text as
	// it opened (a reopened review's old rating): like a selection, the first
	// key typed replaces it, so typing 7 over 8 gives 7, not 87.
	replace bool
}

// Indices of the action item's fields.
const (
	fieldText = iota
	fieldOwner
	fieldDue
	fieldKPI
)

func (e *editor) multiline() bool { return e.kind == editNotes || e.kind == editTemplate }

// value is the text of field i.
func (e *editor) value(i int) string {
	if i >= len(e.fields) {
		return ""
	}
	return e.fields[i].input.GetValue().(string)
}

// text is the text of the multi-line input.
func (e *editor) text() string {
	if e.area == nil {
		return ""
	}
	return e.area.GetValue().(string)
}

// newField is a one-line input in the app's styles.
func newField(st *themes.Styles, label, placeholder, value string, limit int) field {
	return field{label: label, placeholder: placeholder, limit: limit, input: frame.NewHuhInput(st, placeholder, value, limit)}
}

// setArea makes the multi-line input in the app's styles.
func (e *editor) setArea(st *themes.Styles, value string, limit int) {
	e.area, e.areaLimit = frame.NewHuhText(st, value, limit), limit
}

// The cursor of the inputs is steady: their commands (the cursor's blink, and
// nothing else with huh's moves switched off) are not run, as the app's other
// inputs have a static cursor.

// focusField focuses field i and blurs the others. Every field shows the start
// of its text, the focused one with its cursor on the first character: an input
// opened on a long action item reads "Renegotiate contracts…", not its tail.
func (e *editor) focusField(i int) {
	e.focus = i
	for j := range e.fields {
		in := e.fields[j].input
		in.Focus()
		frame.ShowStart(in)
		if j != i {
			in.Blur()
		}
	}
}

// restyle applies new styles after a theme switch: a huh field keeps the theme
// it was made with, so the inputs are made again with what they hold (the
// cursor of the focused one goes to the end). Other new contexts (a reload)
// leave them alone.
func (e *editor) restyle(st *themes.Styles) {
	if e.theme == "" || st.Theme.Name == e.theme {
		e.theme = st.Theme.Name
		return
	}
	e.theme = st.Theme.Name
	for i, f := range e.fields {
		e.fields[i] = newField(st, f.label, f.placeholder, e.value(i), f.limit)
	}
	if e.multiline() {
		e.setArea(st, e.text(), e.areaLimit)
		e.area.WithHeight(e.areaH)
		e.area.Focus()
	} else {
		e.focusField(e.focus)
		if e.focus < len(e.fields) { // typing goes on after what was typed
			e.fields[e.focus].input.Update(tea.KeyMsg{Type: tea.KeyEnd})
		}
	}
}

// resize gives the inputs the width of the body.
func (e *editor) resize(width int, _ *themes.Styles) {
	if e.multiline() {
		e.area.WithWidth(max(width, 12))
		return
	}
	for i := range e.fields {
		e.fields[i].input.WithWidth(max(width-lenLabel(e.fields[i].label)-5, 9))
	}
}

func lenLabel(s string) int { return len([]rune(s)) }

// update passes a message that is not a key to the focused input.
func (e *editor) update(msg tea.Msg) (*editor, tea.Cmd) {
	e.type_(msg)
	return e, nil
}

// type_ passes msg to the focused input; ctrl+u empties a one-line input
// (frame.Clears).
func (e *editor) type_(msg tea.Msg) {
	switch {
	case e.multiline():
		e.area.Update(msg)
	case e.focus < len(e.fields) && frame.Clears(msg):
		empty := ""
		e.fields[e.focus].input.Value(&empty)
	case e.focus < len(e.fields):
		e.fields[e.focus].input.Update(msg)
	}
}

// editKey handles a key while an input is open: save, next field, cancel, or
// type.
func (m Model) editKey(msg tea.KeyMsg) (Model, tea.Cmd) {
	k := m.editKeys
	e := *m.edit
	m.edit = &e
	switch {
	case key.Matches(msg, k.Cancel):
		m.edit = nil
		m.message = ""
		return m.compose(), nil
	case msg.String() == "ctrl+s" || (!e.multiline() && key.Matches(msg, k.Save)):
		return m.save()
	case !e.multiline() && len(e.fields) > 1 && key.Matches(msg, k.NextField):
		step := 1
		if msg.String() == "shift+tab" {
			step = len(e.fields) - 1
		}
		e.focusField((e.focus + step) % len(e.fields))
		return m.compose(), nil
	}
	if e.replace && e.replaceWith(msg) {
		e.problem = ""
		return m.compose(), nil
	}
	e.type_(msg)
	e.problem = ""
	return m.compose(), nil
}

// replaceWith clears the stored text the first key typed over it replaces
// (e.replace), and reports whether that key is used up: a backspace or delete
// only clears, a typed character is typed into the emptied field. Any other
// key (a move) keeps the text and ends the replacing.
func (e *editor) replaceWith(msg tea.KeyMsg) bool {
	e.replace = false
	switch msg.Type {
	case tea.KeyRunes, tea.KeySpace, tea.KeyBackspace, tea.KeyDelete:
		e.type_(tea.KeyMsg{Type: tea.KeyCtrlU})
		return msg.Type == tea.KeyBackspace || msg.Type == tea.KeyDelete
	}
	return false
}

// need names what an action needs before it can start.
type need int

const (
	needLoaded   need = 1 << iota // the week's review has been read
	needStarted                   // the review was started
	needOpen                      // and is not concluded
	needWritable                  // the file can be written
)

// refusal is why an action cannot start now, or "".
func (m Model) refusal(n need) string {
	w := m.week()
	switch {
	case !m.current():
		return "Still reading the review of " + w.String() + "; try again in a moment."
	case n&needWritable != 0 && m.ctx.Data.ReadOnly != "":
		return "Nothing can be saved: " + m.ctx.Data.ReadOnly
	case n&needStarted != 0 && !m.snap.held && m.walking:
		return "The review of " + w.String() + " has not started, so nothing can be marked reviewed: esc, then s starts it."
	case n&needStarted != 0 && !m.snap.held:
		return "The review of " + w.String() + " has not started: s starts it (the checklist is copied from the team's template)."
	case n&needOpen != 0 && m.snap.held && m.snap.review.State == model.ReviewConcluded:
		return "The review of " + w.String() + " is concluded and read-only: r reopens it (the change is logged)."
	case m.saving:
		return "Still saving the last change; try again in a moment."
	}
	return ""
}

// refuse shows why an action cannot start.
func (m Model) refuse(why string) (Model, tea.Cmd) {
	m.message, m.msgErr = why, true
	return m.compose(), nil
}

// open shows e as the open input, its first field focused.
func (m Model) open(e *editor) (Model, tea.Cmd) {
	e.week = m.week()
	e.resize(m.width, m.ctx.Styles)
	e.theme = m.ctx.Styles.Theme.Name
	if e.multiline() {
		e.areaH = m.areaHeight()
		e.area.WithHeight(e.areaH)
		e.area.Focus()
	} else {
		e.focusField(0)
	}
	m.edit, m.message = e, ""
	return m.compose(), nil
}

// selectedItem is the checklist item under the cursor.
func (m Model) selectedItem() (model.ChecklistItem, bool) {
	if m.cursor.kind != rowItem || !m.current() {
		return model.ChecklistItem{}, false
	}
	return m.snap.item(m.cursor.id)
}

// selectedAction is the action item under the cursor.
func (m Model) selectedAction() (model.ActionItem, bool) {
	if m.cursor.kind != rowAction || !m.current() {
		return model.ActionItem{}, false
	}
	return m.snap.action(m.cursor.id)
}

// openNote opens the note of the selected checklist item.
func (m Model) openNote() (Model, tea.Cmd) {
	if why := m.refusal(needStarted | needOpen | needWritable); why != "" {
		return m.refuse(why)
	}
	it, ok := m.selectedItem()
	if !ok {
		return m.refuse("Select a checklist item to write a note on it.")
	}
	st := m.ctx.Styles
	return m.open(&editor{kind: editNote, item: it, title: "Note on “" + it.Text + "”",
		hint:   "enter saves · esc cancels",
		fields: []field{newField(st, "note", "what was said or decided", it.Note, model.MaxTextLen)}})
}

// openReviewField opens the facilitator, the attendees or the notes.
func (m Model) openReviewField(kind editKind) (Model, tea.Cmd) {
	if why := m.refusal(needStarted | needOpen | needWritable); why != "" {
		return m.refuse(why)
	}
	st, r := m.ctx.Styles, m.snap.review
	e := &editor{kind: kind, review: r}
	switch kind {
	case editFacilitator:
		e.title, e.hint = "Facilitator of the review of "+r.Week.String(), "enter saves · empty for none · esc cancels"
		e.fields = []field{newField(st, "facilitator", "who runs the meeting", r.Facilitator, model.MaxShortLen)}
	case editAttendees:
		// not pre-filled with the login: typing after it gave "rootana, ben"
		att := strings.Join(r.Attendees, ", ")
		e.title, e.hint = "Attendees of the review of "+r.Week.String(), "names separated by commas · enter saves · esc cancels"
		e.fields = []field{newField(st, "attendees", "e.g. ana, ben, chloe", att, model.MaxAttendees*(model.MaxShortLen+2))}
	case editNotes:
		e.title, e.hint = "Meeting notes of "+r.Week.String(), "ctrl+s saves · enter starts a new line · esc cancels"
		e.setArea(st, r.Notes, model.MaxTextLen)
	}
	return m.open(e)
}

// openConclude asks for the rating that concludes the review.
func (m Model) openConclude() (Model, tea.Cmd) {
	if why := m.refusal(needStarted | needOpen | needWritable); why != "" {
		return m.refuse(why)
	}
	r := m.snap.review
	rating, hint := "", "enter concludes and writes the report · esc cancels"
	if r.Rating > 0 { // concluded before and reopened: typing replaces the old rating
		rating = strconv.Itoa(r.Rating)
		hint = "was " + rating + ": typing replaces it · " + hint
	}
	title := "Conclude the review of " + r.Week.String() + ": rate the meeting from 1 to 10"
	if left := len(r.Checklist) - doneCount(r.Checklist); left > 0 {
		title += fmt.Sprintf(" (%d of %d items not ticked)", left, len(r.Checklist))
	}
	e := &editor{kind: editRating, review: r, title: title, hint: hint, replace: rating != "",
		fields: []field{newField(m.ctx.Styles, "rating", "e.g. 8", rating, ratingLimit)}}
	return m.open(e)
}

// ratingLimit is the rating input's length limit: room for "e.g. 8", its
// placeholder (huh narrows an input to its limit), and a few characters more
// than "10", so a mistyped rating is refused with the reason, not cut.
const ratingLimit = 6

func doneCount(items []model.ChecklistItem) int {
	n := 0
	for _, it := range items {
		if it.Done {
			n++
		}
	}
	return n
}

// openNewAction opens the form of a new action item, linked to KPI kpiID when
// it is not 0, due the week after the week under review.
func (m Model) openNewAction(kpiID int64) (Model, tea.Cmd) {
	if why := m.refusal(needOpen | needWritable); why != "" {
		return m.refuse(why)
	}
	w := m.week()
	owner := ""
	if k, ok := m.snap.kpiByID(kpiID); ok {
		owner = k.Owner
	}
	e := m.actionEditor(model.ActionItem{CreatedWeek: w, Due: w.Next(), KPIID: kpiID, Owner: owner})
	e.title = "New action item (agreed in " + w.String() + ")"
	return m.open(e)
}

// openActionEdit opens the selected action item.
func (m Model) openActionEdit() (Model, tea.Cmd) {
	if why := m.refusal(needOpen | needWritable); why != "" {
		return m.refuse(why)
	}
	a, ok := m.selectedAction()
	if !ok {
		return m.refuse("Select an action item to edit it.")
	}
	e := m.actionEditor(a)
	e.title = fmt.Sprintf("Action item agreed in %s", a.CreatedWeek)
	return m.open(e)
}

func (m Model) actionEditor(a model.ActionItem) *editor {
	st := m.ctx.Styles
	due := ""
	if !a.Due.IsZero() {
		due = a.Due.String()
	}
	return &editor{kind: editAction, action: a,
		hint: "tab next field · enter saves · due 2026-W49, W49, +2 or a date · KPI optional · esc cancels",
		fields: []field{
			newField(st, "what", "what will be done", a.Text, model.MaxTextLen),
			newField(st, "owner", "who does it", a.Owner, model.MaxShortLen),
			newField(st, "due", "e.g. W49", due, 12),
			newField(st, "KPI", "e.g. mrr", m.snap.kpiLabel(a.KPIID), model.MaxKeyLen),
		}}
}

// openTemplate opens the team's checklist template, one item a line.
func (m Model) openTemplate() (Model, tea.Cmd) {
	if why := m.refusal(needWritable); why != "" {
		return m.refuse(why)
	}
	st := m.snap.settings
	e := &editor{kind: editTemplate, settings: st,
		title: "The team's checklist template: copied into every review when it starts",
		hint:  "one item a line, its timebox in minutes at the end in brackets: Check-in and wins (5) · ctrl+s saves · esc cancels"}
	e.setArea(m.ctx.Styles, templateText(st.Checklist), model.MaxTemplateItems*(model.MaxShortLen+12))
	return m.open(e)
}

// templateText writes a template one item a line, "text (minutes)".
func templateText(items []model.TemplateItem) string {
	lines := make([]string, len(items))
	for i, it := range items {
		lines[i] = it.Text
		if it.TimeboxMinutes > 0 {
			lines[i] += fmt.Sprintf(" (%d)", it.TimeboxMinutes)
		}
	}
	return strings.Join(lines, "\n")
}

// parseAction turns the action item's fields into the item to save.
func (m Model) parseAction(e *editor) (model.ActionItem, error) {
	a := e.action
	text, err := model.CleanText("the action item", e.value(fieldText), model.MaxTextLen, false)
	if err != nil {
		return a, err
	}
	if text == "" {
		return a, fmt.Errorf("type what will be done first")
	}
	owner, err := model.CleanText("the owner", e.value(fieldOwner), model.MaxShortLen, false)
	if err != nil {
		return a, err
	}
	if owner == "" {
		return a, fmt.Errorf("every action item needs an owner: type who will do it")
	}
	due, err := model.ParseDue(e.value(fieldDue), a.CreatedWeek)
	if err != nil {
		return a, err
	}
	if due.Before(a.CreatedWeek) {
		return a, fmt.Errorf("due %s is before %s, when it was agreed; pick %s or later", due, a.CreatedWeek, a.CreatedWeek)
	}
	var kpiID int64
	if strings.TrimSpace(e.value(fieldKPI)) != "" {
		k, ok, why := findKPI(m.snap.kpis, e.value(fieldKPI))
		if !ok {
			return a, fmt.Errorf("%s", why)
		}
		kpiID = k.ID
	}
	a.Text, a.Owner, a.Due, a.KPIID = text, owner, due, kpiID
	return a, nil
}

// areaHeight is how many lines a multi-line input gets.
func (m Model) areaHeight() int {
	return max(min(m.height-8, 12), 3)
}
