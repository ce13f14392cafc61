// Package review is view 5 of the app: the weekly review meeting itself, on the
// screen the team shares. It shows the week's review — not started, in progress
// or concluded — with its checklist (each item's timebox, the running item's
// timer, who ticked what and their notes), the action items the meeting discusses
// (carried over from earlier weeks with how long they have been open, overdue
// ones marked, new ones, done ones), the facilitator, attendees and notes, and
// beside the checklist what the selected item is about: the key KPIs and how
// many were marked reviewed, the off-track KPIs, the objectives, last week's
// action items. Concluding asks for the 1–10 rating and writes the Markdown
// report beside the team file.
//
// The walkthrough (w) is a mode of the view: one KPI per screen for screen
// sharing, its value in block digits, target, status, change, chart, the owner's
// note and its open action items; space marks it reviewed. The view owns the
// mode; ui/walkthrough draws its screen and holds its keys.
//
// The view reads the review, the action items and the recent values itself, in
// a command, when it is shown (Init) and after every reload of the root; the
// timer is derived from the review's ticks (model.AgendaAt), so every app shows
// the same one, and a tick once a second redraws it (the root routes the ticks
// back to the view while another view or an overlay is shown).
package review

import (
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"kpi/model"
	"kpi/report"
	"kpi/ui/frame"
	"kpi/ui/walkthrough"
)

// Store is what the view reads and writes: what the report reads (report.Source
// and its week events),
// every review (for the previous one's action items), and the version-checked
// writes of the review, its checklist items, action items and the team's
// checklist template.
type Store interface {
	report.Source
	// Events are the week events the report tells (report.EventSource, which
	// the report reads only when its source has it: here it must).
	report.EventSource
	// WeekValues tell which figures changed after the review concluded
	// (report.StampedSource, which the report reads only when its source has
	// it: here it must).
	report.StampedSource
	Reviews() ([]model.Review, error)
	StartReview(w model.Week) (model.Review, error)
	UpdateReview(r model.Review) (model.Review, error)
	UpdateChecklistItem(it model.ChecklistItem) (model.ChecklistItem, error)
	CreateActionItem(a model.ActionItem) (model.ActionItem, error)
	UpdateActionItem(a model.ActionItem) (model.ActionItem, error)
	UpdateSettings(st model.Settings) (model.Settings, error)
}

// Options are what the view needs besides its store: where concluded reviews'
// reports go (nil: none is written, and concluding says so), the clock (tests
// fix it), and how often the running timer is redrawn (0: only when something
// else redraws the view, for snapshots and tests, which would otherwise wait
// for ticks).
type Options struct {
	Reports   Reports
	Now       func() time.Time
	TickEvery time.Duration
}

// Reports writes the report of a concluded review and finds one written
// earlier; main passes one (report.Files, beside the team file), so the view
// does no file I/O of its own.
type Reports interface {
	Write(w model.Week) (path string, err error)
	Find(w model.Week) (path string, ok bool)
}

// DefaultTickEvery redraws the running timer once a second.
const DefaultTickEvery = time.Second

// KeyMap is the view's keys while browsing the review. None is a global key of
// the root (tab, 1–5, [, ], ., e, /, t, p, ?, esc, q, H, u).
type KeyMap struct {
	Up, Down, Top, Bottom key.Binding
	Tick, Annotate        key.Binding
	NewAction, Done       key.Binding
	Start, Conclude       key.Binding
	Reopen                key.Binding
	Facilitator           key.Binding
	Attendees, Notes      key.Binding
	Template, Walk        key.Binding
}

// DefaultKeyMap is the keys of the Review view (issue 6).
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Up:          key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:        key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		Top:         key.NewBinding(key.WithKeys("home"), key.WithHelp("home", "first")),
		Bottom:      key.NewBinding(key.WithKeys("end"), key.WithHelp("end", "last")),
		Tick:        key.NewBinding(key.WithKeys(" "), key.WithHelp("space", "tick")),
		Annotate:    key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "note/edit")),
		NewAction:   key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "new action")),
		Done:        key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "action done")),
		Start:       key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "start review")),
		Conclude:    key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "conclude")),
		Reopen:      key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "reopen")),
		Facilitator: key.NewBinding(key.WithKeys("f"), key.WithHelp("f", "facilitator")),
		Attendees:   key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "attendees")),
		Notes:       key.NewBinding(key.WithKeys("m"), key.WithHelp("m", "meeting notes")),
		Template:    key.NewBinding(key.WithKeys("T"), key.WithHelp("T", "template")),
		Walk:        key.NewBinding(key.WithKeys("w"), key.WithHelp("w", "walk")),
	}
}

// Bindings lists every browsing binding, for help and the duplicate-key test.
func (k KeyMap) Bindings() []key.Binding {
	return []key.Binding{k.Up, k.Down, k.Top, k.Bottom, k.Tick, k.Annotate, k.NewAction, k.Done, k.Start, k.Conclude,
		k.Reopen, k.Facilitator, k.Attendees, k.Notes, k.Template, k.Walk}
}

// EditKeyMap is the keys while an input is open; every other key goes to it.
type EditKeyMap struct {
	Save, NextField, Cancel key.Binding
}

// DefaultEditKeyMap is Enter (ctrl+s in the multi-line notes and template) to
// save, tab between the fields of an action item, esc to cancel.
func DefaultEditKeyMap() EditKeyMap {
	return EditKeyMap{
		Save:      key.NewBinding(key.WithKeys("enter", "ctrl+s"), key.WithHelp("enter", "save")),
		NextField: key.NewBinding(key.WithKeys("tab", "shift+tab"), key.WithHelp("tab", "next field")),
		Cancel:    key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
	}
}

// Bindings lists every editing binding, for help and the duplicate-key test.
func (k EditKeyMap) Bindings() []key.Binding { return []key.Binding{k.Save, k.NextField, k.Cancel} }

// rowKind says what a row of the list is.
type rowKind int

const (
	rowItem   rowKind = iota // a checklist item
	rowAction                // an action item
)

// rowKey names a row by what it shows, so the cursor stays on it when a reload
// reorders the list.
type rowKey struct {
	kind rowKind
	id   int64
}

// Model is the Review view.
type Model struct {
	store    Store
	opt      Options
	keys     KeyMap
	walkKeys walkthrough.KeyMap
	editKeys EditKeyMap
	back     key.Binding // the root's, for the walkthrough's footer
	ctx      frame.Context
	width    int
	height   int

	seq     int // of the latest load; older results are dropped
	snap    *snapshot
	loadErr string

	cursor   rowKey     // the selected row
	hits     frame.Hits // the rows of the list as drawn, for clicks
	cursorAt int        // its index the last time it was drawn, for when it goes
	offset   int        // first list line shown

	tickID int // of the running tick chain; older ticks are dropped

	walking bool
	walkID  int64 // the KPI the walkthrough shows

	edit    *editor // the open input, if any
	saving  bool    // a write is on its way; its result always comes back (the root routes it here)
	message string  // a one-line outcome or refusal
	msgErr  bool

	walkCache walkthrough.Cache // the walkthrough's chart
	body      string
}

// New is the view over store.
func New(store Store, opt Options) Model {
	if opt.Now == nil {
		opt.Now = time.Now
	}
	return Model{ctx: frame.Context{}.Styled(), store: store, opt: opt, keys: DefaultKeyMap(), walkKeys: walkthrough.DefaultKeyMap(), editKeys: DefaultEditKeyMap(),
		back: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back"))}
}

// WithKeys is the view with the user's key maps for browsing, the walkthrough
// and its inputs (the personal config can rebind any key), and the root's back
// key, which leaves the walkthrough and which its footer names.
func (m Model) WithKeys(k KeyMap, walk walkthrough.KeyMap, edit EditKeyMap, back key.Binding) Model {
	m.keys, m.walkKeys, m.editKeys, m.back = k, walk, edit, back
	return m
}

// refreshMsg asks the view to read the review again and restart its timer.
type refreshMsg struct{}

// tickMsg redraws the timer; id drops ticks of a chain a newer one replaced.
type tickMsg struct{ id int }

// WalkMsg opens the walkthrough at a KPI (0: the first in walk order); `kpi
// snapshot --view walkthrough` sends it.
type WalkMsg struct{ KPIID int64 }

// Init reads the review and starts the timer: the root runs it when the view is
// shown and after every reload.
func (m Model) Init() tea.Cmd { return func() tea.Msg { return refreshMsg{} } }

// Title is the tab's name.
func (m Model) Title() string { return "Review" }

// Capturing is true while an input is open: it takes every key.
func (m Model) Capturing() bool { return m.edit != nil }

// HandlesBack is true in the walkthrough: esc leaves it instead of going back a
// view (see frame.Backer).
func (m Model) HandlesBack() bool { return m.walking && m.edit == nil }

// Walking reports whether the walkthrough is shown, and which KPI.
func (m Model) Walking() (int64, bool) { return m.walkID, m.walking }

// Keys is the browsing key map.
func (m Model) Keys() KeyMap { return m.keys }

// ShortHelp is the footer's keys for the state the review is in.
func (m Model) ShortHelp() []key.Binding {
	if m.edit != nil {
		save := m.editKeys.Save
		if m.edit.multiline() {
			save = frame.Without(save, "enter") // enter starts a new line there
		}
		out := []key.Binding{save, m.editKeys.Cancel}
		if len(m.edit.fields) > 1 {
			out = append(out, m.editKeys.NextField)
		}
		return out
	}
	if m.walking {
		k := m.walkKeys
		move := frame.Joined("", "KPI", k.Prev, k.Next)
		return []key.Binding{move, k.Reviewed, k.NewAction, m.back}
	}
	k := m.keys
	switch m.state() {
	case model.ReviewNotStarted:
		return []key.Binding{k.Start, k.Walk, k.NewAction, k.Template}
	case model.ReviewConcluded:
		return []key.Binding{k.Reopen, k.Walk}
	}
	return []key.Binding{k.Tick, k.Walk, k.NewAction, k.Conclude, k.Annotate}
}

// FullHelp is every key, for the help overlay: the list's, then the walkthrough's.
func (m Model) FullHelp() [][]key.Binding {
	var out [][]key.Binding
	for _, s := range m.HelpSections() {
		out = append(out, s.Groups...)
	}
	return out
}

// HelpSections is the help by mode: space, n, enter and the arrows mean one thing
// in the review list and another in the walkthrough, so each mode has its own
// heading, the one shown now first.
func (m Model) HelpSections() []frame.HelpSection {
	k, w := m.keys, m.walkKeys
	list := frame.HelpSection{Title: "Review list", Groups: [][]key.Binding{
		{k.Up, k.Down, k.Top, k.Bottom, k.Tick, k.Annotate},
		{k.NewAction, k.Done, k.Start, k.Conclude, k.Reopen},
		{k.Facilitator, k.Attendees, k.Notes, k.Template, k.Walk},
	}}
	walk := frame.HelpSection{Title: "Walkthrough (" + k.Walk.Help().Key + ")", Groups: [][]key.Binding{
		{w.Next, w.Prev, w.Reviewed},
		{w.NewAction, w.Open, m.back},
	}}
	if m.walking {
		return []frame.HelpSection{walk, list}
	}
	return []frame.HelpSection{list, walk}
}

// SetSize redraws for the new body size.
func (m Model) SetSize(width, height int) Model {
	m.width, m.height = max(width, 0), max(height, 0)
	if m.edit != nil {
		m.edit.resize(m.width, m.ctx.Styles)
	}
	return m.compose()
}

// SetContext takes new data, styles or mode. A new week under review closes an
// input (it belonged to the other week's review); the root runs Init to read
// the new week.
func (m Model) SetContext(c frame.Context) Model {
	if c.Data != nil && m.ctx.Data != nil && c.Data.Week != m.ctx.Data.Week {
		m.message = "" // it was about the other week
	}
	m.ctx = c.Styled()
	if m.edit != nil {
		if c.Data != nil && m.edit.week != c.Data.Week {
			m.edit = nil
		} else {
			m.edit.restyle(c.Styles)
		}
	}
	return m.compose()
}

// week is the week under review, from the root's data.
func (m Model) week() model.Week {
	if m.ctx.Data == nil {
		return model.Week{}
	}
	return m.ctx.Data.Week
}

// current reports whether the loaded review is the one of the week under review.
func (m Model) current() bool {
	return m.snap != nil && m.ctx.Data != nil && m.snap.week == m.ctx.Data.Week
}

// state is the loaded review's state (not started until loaded).
func (m Model) state() model.ReviewState {
	if !m.current() || !m.snap.held {
		return model.ReviewNotStarted
	}
	return m.snap.review.State
}

// Update handles keys, loads, saves, the timer's ticks and WalkMsg.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case refreshMsg:
		load := m.load()
		tick := m.startTick()
		return m, tea.Batch(load, tick)
	case loadedMsg:
		if msg.seq != m.seq {
			return m, nil
		}
		m.loadErr = ""
		if msg.err != nil {
			m.loadErr = msg.err.Error()
		} else {
			m.snap = msg.snap
			if m.edit != nil && m.edit.week != m.snap.week {
				m.edit = nil
			}
		}
		return m.compose(), nil
	case tickMsg:
		if msg.id != m.tickID {
			return m, nil
		}
		return m.compose(), m.nextTick()
	case WalkMsg:
		return m.startWalk(msg.KPIID), nil
	case savedMsg:
		return m.saved(msg)
	case tea.KeyMsg:
		switch {
		case m.edit != nil:
			return m.editKey(msg)
		case m.walking:
			return m.walkKey(msg)
		}
		return m.browseKey(msg)
	case tea.MouseMsg:
		if m.edit != nil || msg.Action != tea.MouseActionPress {
			return m, nil
		}
		switch msg.Button {
		case tea.MouseButtonLeft:
			return m.click(msg.X, msg.Y), nil
		case tea.MouseButtonWheelUp:
			m.move(-1)
		case tea.MouseButtonWheelDown:
			m.move(1)
		default:
			return m, nil
		}
		return m.compose(), nil
	}
	if m.edit != nil {
		// the cursor of a text input blinks with messages of its own
		var cmd tea.Cmd
		m.edit, cmd = m.edit.update(msg)
		return m, cmd
	}
	return m, nil
}

// startTick starts a new tick chain; a chain started before it stops at its next
// tick. The root routes the ticks back to this view whichever view or overlay is
// shown, so one chain runs until Init (the view shown again) replaces it.
func (m *Model) startTick() tea.Cmd {
	m.tickID++
	return m.nextTick()
}

func (m Model) nextTick() tea.Cmd {
	if m.opt.TickEvery <= 0 {
		return nil
	}
	id := m.tickID
	return tea.Tick(m.opt.TickEvery, func(time.Time) tea.Msg { return tickMsg{id: id} })
}

// browseKey handles a key on the review's list.
func (m Model) browseKey(msg tea.KeyMsg) (Model, tea.Cmd) {
	k := m.keys
	m.message, m.msgErr = "", false
	switch {
	case key.Matches(msg, k.Up):
		m.move(-1)
	case key.Matches(msg, k.Down):
		m.move(1)
	case key.Matches(msg, k.Top):
		if rows := m.rows(); len(rows) > 0 {
			m.cursor = rows[0]
		}
	case key.Matches(msg, k.Bottom):
		if rows := m.rows(); len(rows) > 0 {
			m.cursor = rows[len(rows)-1]
		}
	case key.Matches(msg, k.Walk):
		return m.startWalk(0), nil
	case key.Matches(msg, k.Start):
		return m.start()
	case key.Matches(msg, k.Tick):
		if m.cursor.kind == rowAction {
			return m.toggleAction()
		}
		return m.tick()
	case key.Matches(msg, k.Done):
		return m.toggleAction()
	case key.Matches(msg, k.Annotate):
		if m.cursor.kind == rowAction {
			return m.openActionEdit()
		}
		return m.openNote()
	case key.Matches(msg, k.NewAction):
		return m.openNewAction(0)
	case key.Matches(msg, k.Conclude):
		return m.openConclude()
	case key.Matches(msg, k.Reopen):
		return m.reopen()
	case key.Matches(msg, k.Facilitator):
		return m.openReviewField(editFacilitator)
	case key.Matches(msg, k.Attendees):
		return m.openReviewField(editAttendees)
	case key.Matches(msg, k.Notes):
		return m.openReviewField(editNotes)
	case key.Matches(msg, k.Template):
		return m.openTemplate()
	default:
		return m, nil
	}
	return m.compose(), nil
}

// move moves the cursor d rows, staying on the list.
func (m *Model) move(d int) {
	if m.walking {
		m.walkStep(d)
		return
	}
	rows := m.rows()
	if len(rows) == 0 {
		return
	}
	i := m.cursorIndex(rows)
	m.cursor = rows[min(max(i+d, 0), len(rows)-1)]
}

// cursorIndex is the cursor's row, or the first row when it is gone.
func (m Model) cursorIndex(rows []rowKey) int {
	for i, r := range rows {
		if r == m.cursor {
			return i
		}
	}
	return 0
}

// View is the body drawn by the last Update.
func (m Model) View() string { return m.body }

// Selection is what the history overlay shows changes of: the KPI in the
// walkthrough, else the week's review once it has started.
func (m Model) Selection() frame.Selection {
	if m.walking && m.ctx.Data != nil {
		if k, _, ok := m.walkKPI(); ok {
			return frame.Selection{Kind: "kpi", ID: k.ID, Label: "KPI " + k.Name}
		}
	}
	if m.current() && m.snap.held {
		return frame.Selection{Kind: "review", ID: m.snap.review.ID, Week: m.snap.week, Label: "the review of " + m.snap.week.String()}
	}
	return frame.Selection{}
}

// click selects the row drawn at x, y of the body.
func (m Model) click(x, y int) Model {
	row, ok := m.hits.At(x, y)
	if m.walking || !ok {
		return m
	}
	if rows := m.rows(); row < len(rows) {
		m.cursor = rows[row]
		m.message = ""
	}
	return m.compose()
}
