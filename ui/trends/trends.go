// Package trends is view 4 of the app: one KPI large. Its values over 13, 26 or
// 52 weeks or its whole history as a time-series line chart against its target
// path, with the week under review marked; beside it the numbers a review asks
// about (latest, average, min, max, change, trend, forecast, totals to date);
// below, the weekly values with their notes, editable in place.
//
// The root's data covers only the recent weeks of every KPI, so the view reads
// the shown KPI's whole history itself, in a command: when a KPI is opened, when
// the view is shown (Init) and after the root reloads. The chart and the panels
// are drawn in Update when the data, the size, the range, the cursor or the
// theme change, and kept; View returns the kept string.
package trends

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"kpi/model"
	"kpi/ui/cell"
	"kpi/ui/frame"
)

// Store is what the view reads and writes: every KPI (to find a derived KPI's
// inputs, archived ones included), one KPI's values over a span of weeks, and the
// version-checked save of one week's value.
type Store interface {
	KPIs() ([]model.KPI, error)
	// ValuesOf are one KPI's values with weeks in [from, to]; a zero week leaves
	// that end open.
	ValuesOf(kpiID int64, from, to model.Week) ([]model.Value, error)
	SaveValue(v model.Value) (model.Value, error)
}

// KeyMap is the view's keys while browsing. None of them is a global key of the
// root (1–5, tab, [, ], ., e, /, t, p, ?, esc, q).
type KeyMap struct {
	NextKPI, PrevKPI key.Binding
	Wider, Narrower  key.Binding
	Older, Newer     key.Binding
	RowDown, RowUp   key.Binding
	First, Last      key.Binding
	Edit             key.Binding
}

// DefaultKeyMap is n/N for the next and previous KPI, +/- for the range, ←/→ (and
// j/k in the table, which lists the newest week first) for the week cursor, and
// Enter to edit the cursor's week.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		NextKPI:  key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "next KPI")),
		PrevKPI:  key.NewBinding(key.WithKeys("N"), key.WithHelp("N", "previous KPI")),
		Wider:    key.NewBinding(key.WithKeys("+", "="), key.WithHelp("+", "longer range")),
		Narrower: key.NewBinding(key.WithKeys("-"), key.WithHelp("-", "shorter range")),
		Older:    key.NewBinding(key.WithKeys("left", "h"), key.WithHelp("←", "older week")),
		Newer:    key.NewBinding(key.WithKeys("right", "l"), key.WithHelp("→", "newer week")),
		RowDown:  key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("j/↓", "row down (older)")),
		RowUp:    key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("k/↑", "row up (newer)")),
		First:    key.NewBinding(key.WithKeys("home"), key.WithHelp("home", "oldest week")),
		Last:     key.NewBinding(key.WithKeys("end"), key.WithHelp("end", "newest week")),
		Edit:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "edit week")),
	}
}

// Bindings lists every browsing binding, for help and the duplicate-key test.
func (k KeyMap) Bindings() []key.Binding {
	return []key.Binding{k.NextKPI, k.PrevKPI, k.Wider, k.Narrower, k.Older, k.Newer, k.RowDown, k.RowUp, k.First, k.Last, k.Edit}
}

// EditKeyMap is the keys while a value is edited in place: the cell widget's.
type EditKeyMap = cell.EditKeyMap

// DefaultEditKeyMap is enter to save, tab between value and note, esc to cancel.
func DefaultEditKeyMap() EditKeyMap { return cell.DefaultEditKeyMap() }

// Ranges the chart shows, in weeks, shortest first; 0 is the KPI's whole history.
const (
	rangeAll     = 0
	defaultRange = 1 // 26 weeks
)

func rangeWeeks(i int) int { return [...]int{13, 26, 52, rangeAll}[i] }

const rangeCount = 4

// history is the shown KPI's values as read from the store.
type history struct {
	kpiID  int64
	series model.Series
	// inputs are a derived KPI's inputs, by key, to say which one a week lacks.
	inputs []input
	// first is the earliest week with a value (zero: none), where "all" starts.
	first model.Week
}

// input is one KPI a derived KPI's formula reads.
type input struct {
	kpi    model.KPI
	series model.Series
}

// chartKey is what the cached chart was drawn from; the same key, the same chart.
type chartKey struct {
	data          *frame.Data
	hist          *history
	start, end    model.Week
	cursor        model.Week
	width, height int
	theme         string
	presentation  bool
}

// Model is the Trends view.
type Model struct {
	store    Store
	keys     KeyMap
	editKeys EditKeyMap
	ctx      frame.Context
	width    int
	height   int

	kpiID   int64      // the KPI shown; 0 until the data names one
	rangeIx int        // index of rangeWeeks
	review  model.Week // the week under review the cursor was placed for
	cursor  model.Week // the week the table and the chart point at
	offset  int        // first table row shown

	seq     int // of the latest load; older results are dropped
	hist    *history
	loadErr string

	editing bool
	edit    cell.Input
	message string // a one-line outcome or refusal under the table
	msgErr  bool

	chartFor chartKey
	chart    string
	body     string
}

// New is the view over store; it shows the first KPI (the OMTM first) until one is
// opened.
func New(store Store) Model {
	return Model{ctx: frame.Context{}.Styled(), store: store, keys: DefaultKeyMap(), editKeys: DefaultEditKeyMap(), rangeIx: defaultRange}
}

// WithKeys is the view with the user's key maps for browsing and for editing a
// week (the personal config can rebind any key).
func (m Model) WithKeys(k KeyMap, edit EditKeyMap) Model {
	m.keys, m.editKeys = k, edit
	return m
}

// refreshMsg asks the view to read its KPI's history again.
type refreshMsg struct{}

// Init asks for the shown KPI's history: the root runs it when the view is shown
// and after every reload.
func (m Model) Init() tea.Cmd { return func() tea.Msg { return refreshMsg{} } }

// Title is the tab's name.
func (m Model) Title() string { return "Trends" }

// Capturing is true while a week is being edited: its inputs take every key.
func (m Model) Capturing() bool { return m.editing }

// Keys is the browsing key map.
func (m Model) Keys() KeyMap { return m.keys }

// ShortHelp is the footer's keys.
func (m Model) ShortHelp() []key.Binding {
	if m.editing {
		return m.editKeys.Bindings()
	}
	week := frame.Joined("", "week", m.keys.Older, m.keys.Newer)
	rng := frame.Joined("/", "range", m.keys.Wider, m.keys.Narrower)
	kpi := frame.Joined("/", "KPI", m.keys.NextKPI, m.keys.PrevKPI)
	return []key.Binding{week, m.keys.Edit, rng, kpi}
}

// FullHelp is every browsing key, for the help overlay (it cannot open while a
// week is edited: the inputs take every key; the line under the table names the
// editing keys then).
func (m Model) FullHelp() [][]key.Binding {
	k := m.keys
	return [][]key.Binding{
		{k.Older, k.Newer, k.RowDown, k.RowUp, k.First, k.Last},
		{k.Edit, k.Wider, k.Narrower, k.NextKPI, k.PrevKPI},
	}
}

// Shown is the KPI on screen, if any.
func (m Model) Shown() (model.KPI, bool) { return m.kpi() }

// Cursor is the week the cursor is on.
func (m Model) Cursor() model.Week { return m.cursor }

// RangeWeeks is the chart's range in weeks; 0 is all of the KPI's history.
func (m Model) RangeWeeks() int { return rangeWeeks(m.rangeIx) }

// kpi is the definition of the shown KPI, from the root's data (sanitised there).
func (m Model) kpi() (model.KPI, bool) {
	if m.ctx.Data == nil {
		return model.KPI{}, false
	}
	for _, k := range m.ctx.Data.KPIs {
		if k.ID == m.kpiID {
			return k, true
		}
	}
	return model.KPI{}, false
}

// cycle is the KPIs n/N go through: those of order that match the active `/`
// filter (all of them without one).
func (m Model) cycle() []model.KPI {
	f := frame.ParseFilter(m.ctx.Filter)
	if f.Empty() || m.ctx.Data == nil {
		return m.order()
	}
	var out []model.KPI
	for _, k := range m.order() {
		if f.Matches(k, m.ctx.Data.ObjectiveTitle(k.ObjectiveID)) {
			out = append(out, k)
		}
	}
	return out
}

// order is every KPI, the OMTM first, then the store's order.
func (m Model) order() []model.KPI {
	if m.ctx.Data == nil {
		return nil
	}
	out := make([]model.KPI, 0, len(m.ctx.Data.KPIs))
	for _, k := range m.ctx.Data.KPIs {
		if k.OMTM {
			out = append(out, k)
		}
	}
	for _, k := range m.ctx.Data.KPIs {
		if !k.OMTM {
			out = append(out, k)
		}
	}
	return out
}

// SetSize redraws for the new body size.
func (m Model) SetSize(width, height int) Model {
	m.width, m.height = max(width, 0), max(height, 0)
	return m.compose()
}

// SetContext takes new data, styles or mode. A KPI that is gone (archived) gives
// way to the first one; a new week under review puts the cursor on it.
func (m Model) SetContext(c frame.Context) Model {
	m.ctx = c.Styled()
	if c.Data != nil {
		if _, ok := m.kpi(); !ok {
			m.kpiID = 0
			if ks := m.order(); len(ks) > 0 {
				m.kpiID = ks[0].ID
			}
			m.editing = false
			m.placeCursor()
		}
		if c.Data.Week != m.review {
			m.review = c.Data.Week
			m.placeCursor()
		}
		if m.editing && indexOf(m.window(), m.edit.Week) < 0 {
			m.editing = false // the week being edited left the chart
		}
	}
	if m.editing {
		m.edit.Restyle(c.Styles)
	}
	return m.compose()
}

// placeCursor puts the cursor on the week that stands for the week under review.
func (m *Model) placeCursor() {
	k, _ := m.kpi()
	m.cursor = model.DueWeekOf(k.Cadence, m.review)
	m.offset = 0
}

// Update handles keys, the wheel, OpenKPIMsg and the results of loads and saves.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case frame.OpenKPIMsg:
		return m.open(msg.KPIID)
	case refreshMsg:
		cmd := m.load() // before m is copied out: load numbers it
		return m, cmd
	case loadedMsg:
		if msg.seq != m.seq {
			return m, nil // a later load made it stale
		}
		m.loadErr = ""
		if msg.err != nil {
			m.loadErr = msg.err.Error()
		} else {
			m.hist = msg.hist
		}
		m.clampCursor()
		return m.compose(), nil
	case cell.SavedMsg:
		return m.saved(msg)
	case tea.KeyMsg:
		if m.editing {
			return m.editKey(msg)
		}
		return m.browseKey(msg)
	case tea.MouseMsg:
		if m.editing || msg.Action != tea.MouseActionPress {
			return m, nil
		}
		switch msg.Button {
		case tea.MouseButtonWheelUp:
			m.moveCursor(1)
		case tea.MouseButtonWheelDown:
			m.moveCursor(-1)
		default:
			return m, nil
		}
		return m.compose(), nil
	}
	return m, nil
}

// open shows KPI id with the cursor on the week under review and reads its history.
func (m Model) open(id int64) (Model, tea.Cmd) {
	if m.kpiID != id {
		m.hist = nil
	}
	m.kpiID = id
	m.editing = false
	m.message = ""
	m.placeCursor()
	cmd := m.load()
	return m.compose(), cmd
}

func (m Model) browseKey(msg tea.KeyMsg) (Model, tea.Cmd) {
	k := m.keys
	m.message = ""
	switch {
	case key.Matches(msg, k.Older, k.RowDown):
		m.moveCursor(-1)
	case key.Matches(msg, k.Newer, k.RowUp):
		m.moveCursor(1)
	case key.Matches(msg, k.First):
		if w := m.window(); len(w) > 0 {
			m.cursor = w[0]
		}
	case key.Matches(msg, k.Last):
		if w := m.window(); len(w) > 0 {
			m.cursor = w[len(w)-1]
		}
	case key.Matches(msg, k.Wider):
		m.rangeIx = min(m.rangeIx+1, rangeCount-1)
		m.clampCursor()
	case key.Matches(msg, k.Narrower):
		m.rangeIx = max(m.rangeIx-1, 0)
		m.clampCursor()
	case key.Matches(msg, k.NextKPI, k.PrevKPI):
		return m.step(key.Matches(msg, k.PrevKPI))
	case key.Matches(msg, k.Edit):
		return m.startEdit()
	default:
		return m, nil
	}
	return m.compose(), nil
}

// step opens the next KPI of the cycle (the previous one when back): from a KPI
// the filter hides, n opens the first that matches and N the last.
func (m Model) step(back bool) (Model, tea.Cmd) {
	ks := m.cycle()
	if len(ks) == 0 {
		return m, nil
	}
	i, found := 0, false
	for j, x := range ks {
		if x.ID == m.kpiID {
			i, found = j, true
		}
	}
	switch {
	case !found && back:
		i = len(ks) - 1
	case !found:
		i = 0
	case back:
		i = (i + len(ks) - 1) % len(ks)
	default:
		i = (i + 1) % len(ks)
	}
	return m.open(ks[i].ID)
}

// window is the due weeks the chart and the table show, oldest first: the range
// ending at the week under review ("all" starts at the KPI's first value).
func (m Model) window() []model.Week {
	k, ok := m.kpi()
	if !ok || m.review.IsZero() {
		return nil
	}
	start, end := m.span()
	var out []model.Week
	for w := start; !w.After(end); w = w.Next() {
		if model.IsDue(k.Cadence, w) {
			out = append(out, w)
		}
	}
	return out
}

// span is the first and last week on the time axis.
func (m Model) span() (start, end model.Week) {
	end = m.review
	n := rangeWeeks(m.rangeIx)
	if n == rangeAll {
		start = end.Add(-12)
		if m.hist != nil && !m.hist.first.IsZero() && m.hist.first.Before(start) {
			start = m.hist.first
		}
		return start, end
	}
	return end.Add(-(n - 1)), end
}

// moveCursor moves the cursor d due weeks (negative: older), staying in the window.
func (m *Model) moveCursor(d int) {
	w := m.window()
	if len(w) == 0 {
		return
	}
	i := indexOf(w, m.cursor)
	if i < 0 {
		i = len(w) - 1
	}
	m.cursor = w[min(max(i+d, 0), len(w)-1)]
}

// clampCursor keeps the cursor on a due week of the window after the range or the
// data changed.
func (m *Model) clampCursor() {
	w := m.window()
	if len(w) == 0 || indexOf(w, m.cursor) >= 0 {
		return
	}
	// the nearest week at or before it, else the oldest
	best := w[0]
	for _, x := range w {
		if !x.After(m.cursor) {
			best = x
		}
	}
	m.cursor = best
}

func indexOf(ws []model.Week, w model.Week) int {
	for i, x := range ws {
		if x == w {
			return i
		}
	}
	return -1
}

// View is the body drawn by the last Update.
func (m Model) View() string { return m.body }
