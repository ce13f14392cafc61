package review

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"kpi/model"
	"kpi/ui/frame"
)

// op names a write, so its result is taken the right way.
type op int

const (
	opTick op = iota
	opItemNote
	opFacilitator
	opAttendees
	opNotes
	opConclude
	opReopen
	opStart
	opActionNew
	opActionEdit
	opActionDone
	opTemplate
	opReviewed
	opAutoTick
)

// savedMsg is the result of a write. On success the row is as saved; after a
// conflict (err wraps model.ErrConflict) it is theirs, re-read, when found.
type savedMsg struct {
	op       op
	week     model.Week
	err      error
	found    bool // after a conflict: theirs was re-read
	review   model.Review
	item     model.ChecklistItem
	action   model.ActionItem
	settings model.Settings
	// opConclude: where the report was written, or why it was not
	reportPath string
	reportErr  error
	// opReviewed: the KPI and whether it was marked (or unmarked)
	kpiID  int64
	marked bool
}

// writeReport writes week w's report through reports, or says none is written.
func writeReport(reports Reports, w model.Week) (string, error) {
	if reports == nil {
		return "", fmt.Errorf("this app was started without a place for reports")
	}
	return reports.Write(w)
}

// writeReview saves the review's own fields (and its reviewed KPIs); after a
// conflict it re-reads theirs.
func (m Model) writeReview(o op, r model.Review) tea.Cmd {
	store, w, reports := m.store, m.week(), m.opt.Reports
	return func() tea.Msg {
		saved, err := store.UpdateReview(r)
		msg := savedMsg{op: o, week: w, err: err, review: saved}
		if errors.Is(err, model.ErrConflict) {
			msg.review, msg.found, _ = store.Review(w)
		}
		if err == nil && o == opConclude {
			msg.reportPath, msg.reportErr = writeReport(reports, w)
		}
		return msg
	}
}

// writeItem saves one checklist item; after a conflict it re-reads theirs.
func (m Model) writeItem(o op, it model.ChecklistItem) tea.Cmd {
	store, w := m.store, m.week()
	return func() tea.Msg {
		saved, err := store.UpdateChecklistItem(it)
		msg := savedMsg{op: o, week: w, err: err, item: saved}
		if errors.Is(err, model.ErrConflict) {
			msg.item = model.ChecklistItem{}
			if r, ok, rerr := store.Review(w); rerr == nil && ok {
				msg.review = r
				for _, x := range r.Checklist {
					if x.ID == it.ID {
						msg.item, msg.found = x, true
					}
				}
			}
		}
		return msg
	}
}

// writeAction creates (ID 0) or saves an action item; after a conflict it
// re-reads theirs.
func (m Model) writeAction(o op, a model.ActionItem) tea.Cmd {
	store, w := m.store, m.week()
	return func() tea.Msg {
		var saved model.ActionItem
		var err error
		if a.ID == 0 {
			saved, err = store.CreateActionItem(a)
		} else {
			saved, err = store.UpdateActionItem(a)
		}
		msg := savedMsg{op: o, week: w, err: err, action: saved}
		if errors.Is(err, model.ErrConflict) {
			msg.action = model.ActionItem{}
			if all, rerr := store.ActionItems(); rerr == nil {
				for _, x := range all {
					if x.ID == a.ID {
						msg.action, msg.found = x, true
					}
				}
			}
		}
		return msg
	}
}

// start opens the week's review: the store copies the team's checklist template
// into it and stamps its start, which starts the timer.
func (m Model) start() (Model, tea.Cmd) {
	if why := m.refusal(needWritable); why != "" {
		return m.refuse(why)
	}
	if m.snap.held {
		return m.refuse(fmt.Sprintf("The review of %s started already (%s).", m.snap.week, stateWords(m.snap.review.State)))
	}
	m.saving = true
	store, w := m.store, m.week()
	return m.compose(), func() tea.Msg {
		saved, err := store.StartReview(w)
		msg := savedMsg{op: opStart, week: w, err: err, review: saved}
		if errors.Is(err, model.ErrConflict) {
			msg.review, msg.found, _ = store.Review(w)
		}
		return msg
	}
}

// tick ticks or unticks the selected checklist item; the store records who and
// when.
func (m Model) tick() (Model, tea.Cmd) {
	if why := m.refusal(needStarted | needOpen | needWritable); why != "" {
		return m.refuse(why)
	}
	it, ok := m.selectedItem()
	if !ok {
		return m.refuse("Select a checklist item to tick it.")
	}
	it.Done = !it.Done
	it.DoneBy, it.DoneAt = "", model.ChecklistItem{}.DoneAt // the store stamps them
	m.saving = true
	return m.compose(), m.writeItem(opTick, it)
}

// toggleAction marks the selected action item done, or open again.
func (m Model) toggleAction() (Model, tea.Cmd) {
	if why := m.refusal(needOpen | needWritable); why != "" {
		return m.refuse(why)
	}
	a, ok := m.selectedAction()
	if !ok {
		return m.refuse("Select an action item (below the checklist) to mark it done.")
	}
	a.Done = !a.Done
	a.DoneBy, a.DoneAt = "", model.ActionItem{}.DoneAt // the store stamps them
	m.saving = true
	return m.compose(), m.writeAction(opActionDone, a)
}

// reopen makes a concluded review editable again; the store logs the change.
func (m Model) reopen() (Model, tea.Cmd) {
	if why := m.refusal(needStarted | needWritable); why != "" {
		return m.refuse(why)
	}
	if m.snap.review.State != model.ReviewConcluded {
		return m.refuse("The review of " + m.snap.week.String() + " is not concluded; c concludes it.")
	}
	r := m.snap.review
	r.State, r.ConcludedAt = model.ReviewInProgress, model.Review{}.ConcludedAt
	m.saving = true
	return m.compose(), m.writeReview(opReopen, r)
}

// markReviewed marks KPI id reviewed in the week's review, or unmarks it.
func (m Model) markReviewed(id int64) (Model, tea.Cmd, bool) {
	if why := m.refusal(needStarted | needOpen | needWritable); why != "" {
		m, cmd := m.refuse(why)
		return m, cmd, false
	}
	r := m.snap.review
	marked := !r.Reviewed(id)
	if marked {
		r.ReviewedKPIs = append(slices.Clone(r.ReviewedKPIs), id)
	} else {
		r.ReviewedKPIs = slices.DeleteFunc(slices.Clone(r.ReviewedKPIs), func(x int64) bool { return x == id })
	}
	m.saving = true
	cmd := m.writeReview(opReviewed, r)
	wrapped := func() tea.Msg {
		msg := cmd().(savedMsg)
		msg.kpiID, msg.marked = id, marked
		return msg
	}
	return m, wrapped, marked
}

// save checks the open input and saves it in a command, version-checked against
// the row the input started from. Bad input is refused with the reason on the
// input's line, and nothing is saved. The input is copied first: the model
// returned owns its own, and the one it came from is left as it was.
func (m Model) save() (Model, tea.Cmd) {
	if m.edit.saving {
		return m, nil
	}
	e := *m.edit
	m.edit = &e
	if m.ctx.Data != nil && m.ctx.Data.ReadOnly != "" {
		e.problem = "Nothing can be saved: " + m.ctx.Data.ReadOnly
		return m.compose(), nil
	}
	cmd, err := m.saveCmd(&e)
	switch {
	case errors.Is(err, errUnchanged):
		m.edit, m.message, m.msgErr = nil, "Nothing changed.", false
		return m.compose(), nil
	case err != nil:
		e.problem = err.Error()
		return m.compose(), nil
	}
	e.problem, e.saving = "", true
	m.saving = true
	return m.compose(), cmd
}

// errUnchanged says the input holds what is saved already: nothing to write.
var errUnchanged = errors.New("nothing changed")

// saveCmd is the write of input e, or why there is none (errUnchanged, or what
// is wrong with the input).
func (m Model) saveCmd(e *editor) (tea.Cmd, error) {
	switch e.kind {
	case editNote:
		note, err := model.CleanText("the note", e.value(0), model.MaxTextLen, false)
		switch {
		case err != nil:
			return nil, err
		case note == e.item.Note:
			return nil, errUnchanged
		}
		it := e.item
		it.Note = note
		return m.writeItem(opItemNote, it), nil
	case editAction:
		a, err := m.parseAction(e)
		if err != nil {
			return nil, err
		}
		o := opActionNew
		if a.ID != 0 {
			o = opActionEdit
			if x := e.action; a.Text == x.Text && a.Owner == x.Owner && a.Due == x.Due && a.KPIID == x.KPIID {
				return nil, errUnchanged
			}
		}
		return m.writeAction(o, a), nil
	case editTemplate:
		return m.saveTemplate(e)
	}
	r, o, err := m.reviewEdit(e)
	if err != nil {
		return nil, err
	}
	return m.writeReview(o, r), nil
}

// reviewEdit is the review with input e's field changed (facilitator,
// attendees, meeting notes, or the rating that concludes it), and its write.
func (m Model) reviewEdit(e *editor) (model.Review, op, error) {
	r := e.review
	switch e.kind {
	case editFacilitator:
		name, err := model.CleanText("the facilitator", e.value(0), model.MaxShortLen, false)
		if err == nil && name == r.Facilitator {
			err = errUnchanged
		}
		r.Facilitator = name
		return r, opFacilitator, err
	case editAttendees:
		names, err := model.ParseAttendees(e.value(0))
		if err == nil && slices.Equal(names, r.Attendees) {
			err = errUnchanged
		}
		r.Attendees = names
		return r, opAttendees, err
	case editNotes:
		notes, err := model.CleanText("the meeting notes", e.text(), model.MaxTextLen, true)
		if err == nil && notes == strings.TrimSpace(r.Notes) {
			err = errUnchanged
		}
		r.Notes = notes
		return r, opNotes, err
	}
	n, err := model.ParseRating(e.value(0))
	r.State, r.Rating, r.ConcludedAt = model.ReviewConcluded, n, m.opt.Now()
	return r, opConclude, err
}

// saveTemplate is the write of the team's checklist template; after a conflict
// it re-reads theirs.
func (m Model) saveTemplate(e *editor) (tea.Cmd, error) {
	items, err := model.ParseTemplate(e.text())
	switch {
	case err != nil:
		return nil, err
	case slices.Equal(items, e.settings.Checklist):
		return nil, errUnchanged
	}
	st := e.settings
	st.Checklist = items
	store, w := m.store, m.week()
	return func() tea.Msg {
		saved, err := store.UpdateSettings(st)
		msg := savedMsg{op: opTemplate, week: w, err: err, settings: saved}
		if errors.Is(err, model.ErrConflict) {
			if theirs, rerr := store.Settings(); rerr == nil {
				msg.settings, msg.found = theirs, true
			}
		}
		return msg
	}, nil
}

// saved takes the result of a write: the saved row replaces the one shown and
// the view reads the week again (others may have written too). After a conflict
// theirs is shown: an open input stays open with what the user typed, and
// saving it again replaces theirs knowingly; a tick or a mark says what they
// did and waits for the key again.
func (m Model) saved(msg savedMsg) (Model, tea.Cmd) {
	m.saving = false
	if m.edit != nil {
		e := *m.edit
		e.saving = false
		m.edit = &e
	}
	if !m.current() || msg.week != m.snap.week {
		return m, m.load() // the week moved on meanwhile
	}
	m.snap = m.snap.copy()
	var follow tea.Cmd
	switch {
	case msg.err == nil:
		follow = m.applySaved(msg)
	case errors.Is(msg.err, model.ErrConflict):
		m.applyConflict(msg)
	case m.edit != nil && editorOp(m.edit.kind) == msg.op:
		m.edit.problem = frame.SaveProblem(msg.err)
	default:
		m.message, m.msgErr = frame.SaveProblem(msg.err), true
	}
	load := m.load()
	return m.compose(), tea.Batch(follow, load)
}

// editorOp is the write an input makes (new and existing action items share
// one input).
func editorOp(k editKind) op {
	switch k {
	case editNote:
		return opItemNote
	case editFacilitator:
		return opFacilitator
	case editAttendees:
		return opAttendees
	case editNotes:
		return opNotes
	case editRating:
		return opConclude
	case editTemplate:
		return opTemplate
	}
	return opActionEdit
}

// closeEditor closes the input a write came from.
func (m *Model) closeEditor(o op) {
	if m.edit != nil && (editorOp(m.edit.kind) == o || (o == opActionNew && m.edit.kind == editAction)) {
		m.edit = nil
	}
}

func (m *Model) say(text string) { m.message, m.msgErr = text, false }

// applySaved shows a successful write and returns what follows from it: the
// scorecard item's auto-tick, a notice for the root's footer.
func (m *Model) applySaved(msg savedMsg) tea.Cmd {
	s := m.snap
	m.closeEditor(msg.op)
	switch msg.op {
	case opTick, opAutoTick, opItemNote:
		s.setItem(msg.item)
		m.say(m.itemSavedText(msg))
	case opFacilitator, opAttendees, opNotes, opReopen, opStart, opReviewed:
		s.setReview(msg.review)
		return m.reviewSaved(msg)
	case opConclude:
		s.setReview(msg.review)
		head := fmt.Sprintf("Concluded the review of %s, rated %d/10", s.week, msg.review.Rating)
		if msg.reportErr != nil {
			return frame.Notice(fmt.Sprintf("%s, but the report could not be written (%v); kpi report --week %s --out FILE writes it.", head, msg.reportErr, s.week), true)
		}
		s.report = msg.reportPath
		return frame.Notice(head+"; the report is in "+msg.reportPath, false)
	case opActionNew, opActionEdit, opActionDone:
		s.setAction(msg.action)
		a := msg.action
		switch {
		case msg.op == opActionNew:
			m.cursor = rowKey{rowAction, a.ID}
			m.say(fmt.Sprintf("Added “%s” for %s, due %s.", line(a.Text), line(a.Owner), a.Due))
		case msg.op == opActionEdit:
			m.say("Saved “" + line(a.Text) + "”.")
		case a.Done:
			m.say("Marked “" + line(a.Text) + "” done.")
		default:
			m.say("“" + line(a.Text) + "” is open again.")
		}
	case opTemplate:
		s.settings = msg.settings
		mins := 0
		for _, it := range msg.settings.Checklist {
			mins += it.TimeboxMinutes
		}
		m.say(fmt.Sprintf("Saved the checklist template: %d items, %d min; reviews started from now on use it.", len(msg.settings.Checklist), mins))
	}
	return nil
}

// itemSavedText says what a saved tick, auto-tick or item note did.
func (m *Model) itemSavedText(msg savedMsg) string {
	s, it := m.snap, msg.item
	switch {
	case msg.op == opAutoTick:
		_, total := model.KeyReviewed(s.review, s.kpis)
		return fmt.Sprintf("All %d key KPIs are reviewed: ticked “%s”.", total, line(it.Text))
	case msg.op == opItemNote:
		return "Saved the note on “" + line(it.Text) + "”."
	case it.Done && doneCount(s.review.Checklist) == len(s.review.Checklist):
		return "Ticked “" + line(it.Text) + "”: every item is done; c concludes the review with a rating."
	case it.Done:
		return "Ticked “" + line(it.Text) + "”."
	}
	return "Unticked “" + line(it.Text) + "”."
}

// reviewSaved shows a saved change of the review's own fields; marking the
// last key KPI reviewed ticks the scorecard item, in the write it returns.
func (m *Model) reviewSaved(msg savedMsg) tea.Cmd {
	s := m.snap
	switch msg.op {
	case opFacilitator:
		m.say("Saved the facilitator.")
	case opAttendees:
		m.say(fmt.Sprintf("Saved the attendees (%d).", len(msg.review.Attendees)))
	case opNotes:
		m.say("Saved the meeting notes.")
	case opReopen:
		m.say("Reopened the review of " + s.week.String() + " (the change is logged); c concludes it again.")
	case opStart:
		m.cursor = rowKey{}
		if items := model.SortedChecklist(s.review.Checklist); len(items) > 0 {
			m.cursor = rowKey{rowItem, items[0].ID}
		}
		m.say(fmt.Sprintf("Started the review of %s: %d items from the team's checklist; the timer runs.", s.week, len(s.review.Checklist)))
	case opReviewed:
		name := s.kpiLabel(msg.kpiID)
		if k, ok := s.kpiByID(msg.kpiID); ok {
			name = k.Name
		}
		n, total := model.KeyReviewed(s.review, s.kpis)
		verb := "Marked " + name + " reviewed"
		if !msg.marked {
			verb = name + " is no longer marked reviewed"
		}
		m.say(fmt.Sprintf("%s · %d of %d key KPIs reviewed.", verb, n, total))
		if it, ok := model.ScorecardToTick(s.review, s.kpis); ok && m.ctx.Data.ReadOnly == "" {
			it.Done = true
			m.saving = true
			return m.writeItem(opAutoTick, it)
		}
	}
	return nil
}

// who is the user of a row's last change, for "ana changed it meanwhile".
func who(by string) string {
	if by = line(by); by == "" {
		return "Someone else"
	}
	return by
}

// applyConflict shows theirs after a conflict.
func (m *Model) applyConflict(msg savedMsg) {
	s := m.snap
	e := m.edit
	if e != nil && (editorOp(e.kind) == msg.op || (msg.op == opActionNew && e.kind == editAction)) {
		switch {
		case !msg.found:
			e.problem = "It was deleted meanwhile; nothing was saved. esc closes this."
		case msg.op == opItemNote:
			e.item = msg.item
			s.setItem(msg.item)
			e.problem = fmt.Sprintf("%s changed “%s” meanwhile (note: %s); yours was not saved. Enter again saves yours over theirs, esc keeps theirs.",
				who(msg.item.UpdatedBy), line(msg.item.Text), quoteOrNone(msg.item.Note))
		case msg.op == opActionEdit:
			e.action = msg.action
			s.setAction(msg.action)
			a := msg.action
			e.problem = fmt.Sprintf("%s changed it meanwhile to %s (%s, due %s); yours was not saved. Enter again saves yours over theirs, esc keeps theirs.",
				who(a.UpdatedBy), quote(a.Text), line(a.Owner), a.Due)
		case msg.op == opTemplate:
			e.settings = msg.settings
			s.settings = msg.settings
			e.problem = fmt.Sprintf("Someone else changed the team's settings meanwhile (their checklist has %d items); yours was not saved. ctrl+s again saves yours over theirs, esc keeps theirs.", len(msg.settings.Checklist))
		default:
			e.review = msg.review
			s.setReview(msg.review)
			r := msg.review
			what := fmt.Sprintf("it is %s, facilitator %s, %d attendees", stateWords(r.State), orNone(r.Facilitator), len(r.Attendees))
			again := "Enter again saves yours over theirs"
			if e.multiline() {
				again = "ctrl+s again saves yours over theirs"
			}
			if msg.op == opConclude && r.State == model.ReviewConcluded {
				what = fmt.Sprintf("they concluded it, rated %d/10", r.Rating)
				again = "Enter again concludes it with your rating"
			}
			e.problem = fmt.Sprintf("%s changed the review meanwhile (%s); yours was not saved. %s, esc keeps theirs.", who(r.UpdatedBy), what, again)
		}
		return
	}
	switch msg.op {
	case opStart:
		if msg.found {
			s.setReview(msg.review)
			m.say(fmt.Sprintf("%s started the review of %s first; this is theirs.", who(msg.review.UpdatedBy), s.week))
			return
		}
	case opTick, opAutoTick:
		if msg.found {
			s.review = msg.review
			s.setReview(msg.review)
			m.message, m.msgErr = fmt.Sprintf("%s changed “%s” meanwhile; it is shown as they left it (%s). space again ticks it your way.",
				who(msg.item.UpdatedBy), line(msg.item.Text), map[bool]string{true: "ticked", false: "not ticked"}[msg.item.Done]), true
			return
		}
	case opActionDone:
		if msg.found {
			s.setAction(msg.action)
			m.message, m.msgErr = fmt.Sprintf("%s changed “%s” meanwhile; it is shown as they left it (%s). x again marks it your way.",
				who(msg.action.UpdatedBy), line(msg.action.Text), map[bool]string{true: "done", false: "open"}[msg.action.Done]), true
			return
		}
	case opReviewed, opReopen:
		if msg.found {
			s.setReview(msg.review)
			m.message, m.msgErr = fmt.Sprintf("%s changed the review meanwhile; it is shown as they left it (%s). Press the key again to make your change.",
				who(msg.review.UpdatedBy), stateWords(msg.review.State)), true
			return
		}
	}
	m.message, m.msgErr = "Someone else changed it meanwhile and it is gone now; nothing was saved.", true
}

func orNone(s string) string {
	if s = line(s); s == "" {
		return "none"
	}
	return s
}

func quoteOrNone(s string) string {
	if line(s) == "" {
		return "none"
	}
	return quote(s)
}

// stateWords is a review state in words.
func stateWords(s model.ReviewState) string {
	switch s {
	case model.ReviewInProgress:
		return "in progress"
	case model.ReviewConcluded:
		return "concluded"
	}
	return "not started"
}
