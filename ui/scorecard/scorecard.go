// Package scorecard is view 3 of the app: the EOS-style grid of spec §5. Rows are
// the active KPIs grouped by the objective they serve (key KPIs before health
// metrics in each group, as the store orders them), columns are owner, target,
// the last 13 weeks ending at the week under review (26 or 52 with w), and the
// average and total by each KPI's aggregate. Every cell shows the week's value,
// coloured and marked by its status against that week's own target — a glide
// path moves the target week by week — and a due week without a value shows as
// missing. The week under review is the highlighted column. A cell cursor moves
// with the arrows; the grid scrolls both ways with the KPI names frozen; Enter
// edits the cell's value in place, version-checked and change-logged.
//
// The root's data holds one week; the view reads its weeks' values itself (and
// every KPI, for derived ones) when it is shown, after every reload and when the
// range changes, in a command numbered so that only the latest result is kept.
package scorecard

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"kpi/model"
	"kpi/ui/cell"
	"kpi/ui/frame"
)

// Store is what the view reads and writes: every KPI (a derived KPI's inputs
// may be archived), the values of a span of weeks, and the version-checked save
// of one week's value with the re-read of theirs after a conflict.
type Store interface {
	KPIs() ([]model.KPI, error)
	Values(from, to model.Week) ([]model.Value, error)
	ValuesOf(kpiID int64, from, to model.Week) ([]model.Value, error)
	SaveValue(v model.Value) (model.Value, error)
}

// KeyMap is the grid's keys. None is a global key of the root.
type KeyMap struct {
	Up, Down, Left, Right key.Binding
	PageUp, PageDown      key.Binding
	Top, Bottom           key.Binding
	FirstWeek, LastWeek   key.Binding
	Range                 key.Binding
	GroupBy               key.Binding
	Edit                  key.Binding
	New, EditKPI          key.Binding
}

// DefaultKeyMap is the arrows (and hjkl) for the cell cursor, ctrl+home and
// ctrl+end for the first and last KPI (g and G are the app's: go to a week), home/end for the first and last week, w for 13/26/52 weeks,
// b to group by objective, by a tag or not at all, enter to edit the cell, n
// and E for the KPI editor.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Up:        key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "KPI above")),
		Down:      key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "KPI below")),
		Left:      key.NewBinding(key.WithKeys("left", "h"), key.WithHelp("←/h", "week before")),
		Right:     key.NewBinding(key.WithKeys("right", "l"), key.WithHelp("→/l", "week after, then totals")),
		PageUp:    key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup", "page up")),
		PageDown:  key.NewBinding(key.WithKeys("pgdown"), key.WithHelp("pgdn", "page down")),
		Top:       key.NewBinding(key.WithKeys("ctrl+home"), key.WithHelp("ctrl+home", "first KPI")),
		Bottom:    key.NewBinding(key.WithKeys("ctrl+end"), key.WithHelp("ctrl+end", "last KPI")),
		FirstWeek: key.NewBinding(key.WithKeys("home"), key.WithHelp("home", "first week")),
		LastWeek:  key.NewBinding(key.WithKeys("end"), key.WithHelp("end", "week under review")),
		Range:     key.NewBinding(key.WithKeys("w"), key.WithHelp("w", "13/26/52 weeks")),
		GroupBy:   frame.GroupKey(),
		Edit:      key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "edit cell")),
		New:       frame.NewKPIKey(),
		EditKPI:   key.NewBinding(key.WithKeys("E"), key.WithHelp("E", "edit KPI")),
	}
}

// Bindings lists every grid binding, for help and the duplicate-key test.
func (k KeyMap) Bindings() []key.Binding {
	return []key.Binding{k.Up, k.Down, k.Left, k.Right, k.PageUp, k.PageDown, k.Top, k.Bottom,
		k.FirstWeek, k.LastWeek, k.Range, k.GroupBy, k.Edit, k.New, k.EditKPI}
}

// EditKeyMap is the keys while a value is edited in place: the cell widget's.
type EditKeyMap = cell.EditKeyMap

// DefaultEditKeyMap is enter to save, tab between value and note, esc to cancel.
func DefaultEditKeyMap() EditKeyMap { return cell.DefaultEditKeyMap() }

// ranges are the week spans w cycles through.
var ranges = [...]int{13, 26, 52}

// grid is the weeks' values as read from the store.
type grid struct {
	review model.Week
	weeks  []model.Week
	series map[int64]model.Series // by KPI id; derived KPIs computed
	data   *frame.Data            // the root's data the series came from; nil when read
}

// Model is the Scorecard view.
type Model struct {
	store    Store
	keys     KeyMap
	editKeys EditKeyMap
	ctx      frame.Context

	width, height int

	rangeIx int
	group   frame.Grouping // by objective unless b chose a tag or none
	seq     int
	grid    *grid
	loadErr string

	rows []srow
	geo  geometry

	cur     int        // the cursor's row (a KPI row)
	curWeek model.Week // the cursor's week
	rowOff  int        // first row shown
	colOff  int        // first scrolling column shown
	// totals is set by → on the week under review: the grid scrolls on to the
	// average and total columns when they do not fit beside the weeks.
	totals bool

	editing bool
	edit    cell.Input
	message string
	msgErr  bool

	body string
	hits frame.Hits // the rows as drawn, for clicks (weekAt finds the column)
}

// New is the view over store, showing 13 weeks.
func New(store Store) Model {
	return Model{ctx: frame.Context{}.Styled(), store: store, keys: DefaultKeyMap(), editKeys: DefaultEditKeyMap()}
}

// WithKeys is the view with the user's key maps for the grid and for editing a
// cell (the personal config can rebind any key).
func (m Model) WithKeys(k KeyMap, edit EditKeyMap) Model {
	m.keys, m.editKeys = k, edit
	return m
}

// refreshMsg asks the view to read its weeks again.
type refreshMsg struct{}

// Init asks for the weeks' values: the root runs it when the view is shown and
// after every reload.
func (m Model) Init() tea.Cmd { return func() tea.Msg { return refreshMsg{} } }

// Title is the tab's name.
func (m Model) Title() string { return "Scorecard" }

// Capturing is true while a cell is edited: its inputs take every key.
func (m Model) Capturing() bool { return m.editing }

// Keys is the grid's key map.
func (m Model) Keys() KeyMap { return m.keys }

// Weeks is how many weeks the grid shows.
func (m Model) Weeks() int { return ranges[m.rangeIx] }

// ShortHelp is the footer's keys.
func (m Model) ShortHelp() []key.Binding {
	if m.editing {
		return m.editKeys.Bindings()
	}
	move := frame.Joined("", "cell", m.keys.Left, m.keys.Up, m.keys.Down, m.keys.Right)
	return []key.Binding{move, m.keys.Edit, m.keys.Range, m.keys.New, m.keys.EditKPI}
}

// FullHelp is every grid key, for the help overlay.
func (m Model) FullHelp() [][]key.Binding {
	k := m.keys
	return [][]key.Binding{
		{k.Up, k.Down, k.Left, k.Right, k.PageUp, k.PageDown},
		{k.Top, k.Bottom, k.FirstWeek, k.LastWeek, k.Range, k.GroupBy},
		{k.Edit, k.New, k.EditKPI},
	}
}

// SetSize redraws for the new body size.
func (m Model) SetSize(width, height int) Model {
	m.width, m.height = max(width, 0), max(height, 0)
	m.layout()
	m.ensureVisible()
	return m.compose()
}

// SetContext takes new data, styles or filter. A new week under review moves
// the cursor to it. Its cells come from the new data when it holds the weeks
// shown; otherwise they are read by the Init the root runs next.
func (m Model) SetContext(c frame.Context) Model {
	old := m.ctx.Data
	m.ctx = c.Styled()
	if c.Data != nil && (old == nil || old.Week != c.Data.Week) {
		m.curWeek = c.Data.Week
		m.colOff = -1 // show the newest weeks
	}
	if c.Data != old {
		if g := gridOf(m.weeks(), c.Data); g != nil {
			m.grid = g
		}
	}
	if m.editing {
		m.edit.Restyle(c.Styles)
	}
	return m.rebuild()
}

// Update handles keys, the mouse, and the results of reads and saves.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case refreshMsg:
		if m.grid != nil && m.grid.data != nil && m.grid.data == m.ctx.Data {
			return m, nil // SetContext took the weeks from this data already
		}
		if cmd := m.load(); cmd != nil {
			return m, cmd
		}
		return m.rebuild(), nil
	case loadedMsg:
		if msg.seq != m.seq {
			return m, nil
		}
		m.loadErr = ""
		if msg.err != nil {
			m.loadErr = msg.err.Error()
		} else {
			m.grid = msg.grid
		}
		return m.rebuild(), nil
	case cell.SavedMsg:
		return m.saved(msg)
	case tea.KeyMsg:
		if m.editing {
			return m.editKey(msg)
		}
		return m.browseKey(msg)
	case tea.MouseMsg:
		return m.handleMouse(msg)
	}
	return m, nil
}

func (m Model) browseKey(msg tea.KeyMsg) (Model, tea.Cmd) {
	k := m.keys
	m.message = ""
	switch {
	case key.Matches(msg, k.New):
		var obj int64
		if r, ok := m.current(); ok {
			obj = r.kpi.ObjectiveID
		}
		return m, func() tea.Msg { return frame.EditKPIMsg{ObjectiveID: obj} }
	case key.Matches(msg, k.EditKPI):
		r, ok := m.current()
		if !ok {
			return m, nil
		}
		return m, func() tea.Msg { return frame.EditKPIMsg{KPIID: r.kpi.ID} }
	case key.Matches(msg, k.GroupBy):
		if m.ctx.Data != nil {
			m.group = frame.NextGrouping(m.group, m.ctx.Data.KPIs)
			m.rowOff = 0
		}
		return m.rebuild(), nil
	case key.Matches(msg, k.Range):
		m.rangeIx = (m.rangeIx + 1) % len(ranges)
		m.colOff = -1
		if cmd := m.load(); cmd != nil {
			return m, cmd
		}
		return m.rebuild(), nil
	case key.Matches(msg, k.Up):
		m.stepRow(-1)
	case key.Matches(msg, k.Down):
		m.stepRow(1)
	case key.Matches(msg, k.PageUp):
		m.stepRow(-max(m.rowsShown()-1, 1))
	case key.Matches(msg, k.PageDown):
		m.stepRow(max(m.rowsShown()-1, 1))
	case key.Matches(msg, k.Top):
		m.stepRow(-len(m.rows))
	case key.Matches(msg, k.Bottom):
		m.stepRow(len(m.rows))
	case key.Matches(msg, k.Left):
		m.stepWeek(-1)
	case key.Matches(msg, k.Right):
		m.stepWeek(1)
	case key.Matches(msg, k.FirstWeek):
		m.stepWeek(-len(m.weeks()))
	case key.Matches(msg, k.LastWeek):
		m.stepWeek(len(m.weeks()))
	case key.Matches(msg, k.Edit):
		return m.startEdit()
	default:
		return m, nil
	}
	m.ensureVisible()
	return m.compose(), nil
}

// weeks are the grid's week columns, oldest first, ending at the week under
// review.
func (m Model) weeks() []model.Week {
	if m.ctx.Data == nil {
		return nil
	}
	n := ranges[m.rangeIx]
	out := make([]model.Week, n)
	for i := range out {
		out[i] = m.ctx.Data.Week.Add(i - n + 1)
	}
	return out
}

// current is the cursor's row, if it is a KPI row.
func (m Model) current() (srow, bool) {
	if m.cur < 0 || m.cur >= len(m.rows) || m.rows[m.cur].heading {
		return srow{}, false
	}
	return m.row(m.cur), true
}

// stepRow moves the cursor d KPI rows, skipping headings.
func (m *Model) stepRow(d int) {
	dir := 1
	if d < 0 {
		dir, d = -1, -d
	}
	at := m.cur
	for moved := 0; moved < d; {
		next := at + dir
		for next >= 0 && next < len(m.rows) && m.rows[next].heading {
			next += dir
		}
		if next < 0 || next >= len(m.rows) {
			break
		}
		at = next
		moved++
	}
	m.cur = at
}

// stepWeek moves the cursor d weeks, within the grid.
func (m *Model) stepWeek(d int) {
	ws := m.weeks()
	if len(ws) == 0 {
		return
	}
	i := weekIndex(ws, m.curWeek)
	if i < 0 {
		i = len(ws) - 1
	}
	m.totals = d > 0 && i+d >= len(ws) && (i == len(ws)-1 || m.totals)
	m.curWeek = ws[min(max(i+d, 0), len(ws)-1)]
}

func weekIndex(ws []model.Week, w model.Week) int {
	for i, x := range ws {
		if x == w {
			return i
		}
	}
	return -1
}

func (m Model) handleMouse(msg tea.MouseMsg) (Model, tea.Cmd) {
	if m.editing || msg.Action != tea.MouseActionPress {
		return m, nil
	}
	switch msg.Button {
	case tea.MouseButtonWheelUp:
		m.rowOff = max(m.rowOff-1, 0)
	case tea.MouseButtonWheelDown:
		m.rowOff = min(m.rowOff+1, max(len(m.rows)-m.rowsShown(), 0))
	case tea.MouseButtonLeft:
		row, ok := m.hits.At(msg.X, msg.Y)
		if !ok {
			return m, nil
		}
		w, ok := m.weekAt(msg.X)
		if row == m.cur && ok && w == m.curWeek {
			return m.startEdit()
		}
		m.cur = row
		if ok {
			m.curWeek = w
		}
		m.ensureVisible()
	default:
		return m, nil
	}
	return m.compose(), nil
}

// View is the body drawn by the last Update.
func (m Model) View() string { return m.body }
