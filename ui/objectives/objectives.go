// Package objectives is view 2 of the app: the team's objectives with their
// period, owner, state and how their KPIs stand in the week under review ("3 of
// 4 on track"), each expandable to list those KPIs; the KPIs that serve no
// objective under their own heading (domain.md: a KPI nobody can tie to a goal is
// just a number). Objectives are created and edited in the editor (ui/editor),
// archived and restored here, and KPIs are linked to them and unlinked here —
// every write version-checked against what the view showed, and change-logged by
// the store.
//
// The root's data has the objectives and the active KPIs' readings; the view
// reads every KPI itself (archived ones too, to restore them) when it is shown
// and after each reload.
package objectives

import (
	"errors"
	"fmt"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"kpi/model"
	"kpi/ui/frame"
)

// Store is what the view reads and writes: every KPI, and the version-checked
// writes that link, unlink, archive and restore.
type Store interface {
	KPIs() ([]model.KPI, error)
	UpdateKPI(k model.KPI) (model.KPI, error)
	UpdateObjective(o model.Objective) (model.Objective, error)
}

// KeyMap is the view's keys. None is a global key of the root (1–5, tab, [ ] .,
// e, /, t, p, ?, esc, q).
type KeyMap struct {
	Up, Down, PageUp, PageDown, Home, End key.Binding
	Enter, Expand, Collapse               key.Binding
	New, NewObjective, Edit               key.Binding
	Archive, Link, Unlink, ShowArchived   key.Binding
}

// DefaultKeyMap is ↑/↓ to move, enter to fold an objective or open a KPI in
// Trends, →/← to unfold and fold, n a new KPI, o a new objective, E edit, x
// archive or restore, L link a KPI, U unlink it, A show archived ones (u is the
// root's undo).
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Up:           key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:         key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		PageUp:       key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup", "page up")),
		PageDown:     key.NewBinding(key.WithKeys("pgdown"), key.WithHelp("pgdn", "page down")),
		Home:         key.NewBinding(key.WithKeys("home"), key.WithHelp("home", "first")),
		End:          key.NewBinding(key.WithKeys("end"), key.WithHelp("end", "last")),
		Enter:        key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "fold / trends")),
		Expand:       key.NewBinding(key.WithKeys("right", "l"), key.WithHelp("→/l", "unfold")),
		Collapse:     key.NewBinding(key.WithKeys("left", "h"), key.WithHelp("←/h", "fold")),
		New:          frame.NewKPIKey(),
		NewObjective: key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "new objective")),
		Edit:         frame.EditKey(),
		Archive:      key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "archive/restore")),
		Link:         key.NewBinding(key.WithKeys("L"), key.WithHelp("L", "link a KPI")),
		Unlink:       key.NewBinding(key.WithKeys("U"), key.WithHelp("U", "unlink KPI")),
		ShowArchived: key.NewBinding(key.WithKeys("A"), key.WithHelp("A", "show archived")),
	}
}

// Bindings lists every binding, for help and the duplicate-key test.
func (k KeyMap) Bindings() []key.Binding {
	return []key.Binding{k.Up, k.Down, k.PageUp, k.PageDown, k.Home, k.End, k.Enter, k.Expand, k.Collapse,
		k.New, k.NewObjective, k.Edit, k.Archive, k.Link, k.Unlink, k.ShowArchived}
}

// PickerKeyMap is the keys of the list that links a KPI to an objective.
type PickerKeyMap struct {
	Up, Down, Pick, Cancel key.Binding
}

// DefaultPickerKeyMap is ↑/↓ to choose, enter to link, esc to cancel.
func DefaultPickerKeyMap() PickerKeyMap {
	return PickerKeyMap{
		Up:     key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑", "up")),
		Down:   key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓", "down")),
		Pick:   key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "link")),
		Cancel: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
	}
}

// Bindings lists every picker binding, for help and the duplicate-key test.
func (k PickerKeyMap) Bindings() []key.Binding { return []key.Binding{k.Up, k.Down, k.Pick, k.Cancel} }

// picker is the open list of KPIs to link to an objective.
type picker struct {
	obj     model.Objective
	choices []model.KPI
	sel     int
}

// Model is the Objectives view.
type Model struct {
	store Store
	keys  KeyMap
	pkeys PickerKeyMap
	ctx   frame.Context

	width, height int

	seq     int         // of the latest read of every KPI
	all     []model.KPI // every KPI, archived ones too; nil until read
	loadErr string

	expanded map[int64]bool
	autoDone bool // the first layout chose what to unfold
	archived bool // archived objectives and KPIs are listed

	rows   []row
	sel    int
	offset int
	picker *picker

	body string
	hits frame.Hits // the rows as drawn, for clicks
}

// New is the view over store.
func New(store Store) Model {
	return Model{ctx: frame.Context{}.Styled(), store: store, keys: DefaultKeyMap(), pkeys: DefaultPickerKeyMap(), expanded: map[int64]bool{}}
}

// WithKeys is the view with the user's key maps for the list and for the KPI
// picker (the personal config can rebind any key).
func (m Model) WithKeys(k KeyMap, picker PickerKeyMap) Model {
	m.keys, m.pkeys = k, picker
	return m
}

// refreshMsg asks the view to read every KPI again.
type refreshMsg struct{}

// loadedMsg carries every KPI; seq drops results a later read made stale.
type loadedMsg struct {
	seq  int
	kpis []model.KPI
	err  error
}

// doneMsg is the outcome of a link, unlink, archive or restore.
type doneMsg struct {
	text string
	err  error
}

// Init asks for every KPI: the root runs it when the view is shown and after
// every reload.
func (m Model) Init() tea.Cmd { return func() tea.Msg { return refreshMsg{} } }

// Title is the tab's name.
func (m Model) Title() string { return "Objectives" }

// Capturing is true while the link list is open: it takes every key.
func (m Model) Capturing() bool { return m.picker != nil }

// Keys is the view's key map.
func (m Model) Keys() KeyMap { return m.keys }

// ShortHelp is the footer's keys.
func (m Model) ShortHelp() []key.Binding {
	if m.picker != nil {
		return m.pkeys.Bindings()
	}
	k := m.keys
	return []key.Binding{k.Enter, k.New, k.NewObjective, k.Edit, k.Archive, k.Link}
}

// FullHelp is every key, for the help overlay.
func (m Model) FullHelp() [][]key.Binding {
	k := m.keys
	return [][]key.Binding{
		{k.Up, k.Down, k.PageUp, k.PageDown, k.Home, k.End},
		{k.Enter, k.Expand, k.Collapse, k.ShowArchived},
		{k.New, k.NewObjective, k.Edit, k.Archive, k.Link, k.Unlink},
	}
}

// SetSize redraws for the new body size.
func (m Model) SetSize(width, height int) Model {
	m.width, m.height = max(width, 0), max(height, 0)
	return m.rebuild()
}

// SetContext takes new data, styles or filter and rebuilds the list, keeping the
// selection on the same objective or KPI.
func (m Model) SetContext(c frame.Context) Model {
	m.ctx = c.Styled()
	return m.rebuild()
}

// Update handles keys, the mouse, and the results of reads and writes.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case refreshMsg:
		m.seq++
		seq, store := m.seq, m.store
		return m, func() tea.Msg {
			kpis, err := store.KPIs()
			return loadedMsg{seq: seq, kpis: kpis, err: err}
		}
	case loadedMsg:
		if msg.seq != m.seq {
			return m, nil
		}
		m.loadErr = ""
		if msg.err != nil {
			m.loadErr = msg.err.Error()
		} else {
			m.all = msg.kpis
		}
		return m.rebuild(), nil
	case doneMsg:
		reload := func() tea.Msg { return frame.ReloadMsg{} }
		if msg.err != nil {
			return m, tea.Batch(frame.Notice(msg.text, true), reload)
		}
		return m, tea.Batch(frame.Notice(msg.text, false), reload)
	case tea.KeyMsg:
		if m.picker != nil {
			return m.pickerKey(msg)
		}
		return m.handleKey(msg)
	case tea.MouseMsg:
		return m.handleMouse(msg)
	}
	return m, nil
}

// selected is the selected row, if any.
func (m Model) selected() (row, bool) {
	if m.sel < 0 || m.sel >= len(m.rows) {
		return row{}, false
	}
	return m.rows[m.sel], true
}

func (m Model) handleKey(msg tea.KeyMsg) (Model, tea.Cmd) {
	k := m.keys
	r, ok := m.selected()
	switch {
	case key.Matches(msg, k.New):
		var obj int64
		if ok {
			obj = r.obj.ID
		}
		return m, func() tea.Msg { return frame.EditKPIMsg{ObjectiveID: obj} }
	case key.Matches(msg, k.NewObjective):
		return m, func() tea.Msg { return frame.EditObjectiveMsg{} }
	case key.Matches(msg, k.ShowArchived):
		m.archived = !m.archived
		text := "Archived objectives and KPIs are hidden."
		if m.archived {
			text = "Archived objectives and KPIs are shown; x restores the selected one."
		}
		m = m.rebuild()
		return m, frame.Notice(text, false)
	case !ok:
		return m, nil
	case key.Matches(msg, k.Up):
		m.step(-1)
	case key.Matches(msg, k.Down):
		m.step(1)
	case key.Matches(msg, k.PageUp):
		m.step(-max(m.listHeight()-1, 1))
	case key.Matches(msg, k.PageDown):
		m.step(max(m.listHeight()-1, 1))
	case key.Matches(msg, k.Home):
		m.sel = len(m.rows)
		m.step(-len(m.rows))
	case key.Matches(msg, k.End):
		m.sel = -1
		m.step(len(m.rows))
	case key.Matches(msg, k.Enter):
		if r.kind == rowKPI {
			return m.open(r)
		}
		m.expanded[r.obj.ID] = !m.expanded[r.obj.ID]
		return m.rebuild(), nil
	case key.Matches(msg, k.Expand):
		if r.kind == rowObjective {
			m.expanded[r.obj.ID] = true
			return m.rebuild(), nil
		}
	case key.Matches(msg, k.Collapse):
		if r.kind == rowKPI && r.obj.ID != 0 {
			// fold the objective it is listed under and select it
			m.expanded[r.obj.ID] = false
			m = m.rebuild()
			m.selectKey(selKey{rowObjective, r.obj.ID})
			return m.compose(), nil
		}
		if r.kind == rowObjective {
			m.expanded[r.obj.ID] = false
			return m.rebuild(), nil
		}
	case key.Matches(msg, k.Edit):
		if r.kind == rowKPI {
			return m, func() tea.Msg { return frame.EditKPIMsg{KPIID: r.kpi.ID} }
		}
		return m, func() tea.Msg { return frame.EditObjectiveMsg{ID: r.obj.ID} }
	case key.Matches(msg, k.Archive):
		return m.archive(r)
	case key.Matches(msg, k.Link):
		return m.openPicker(r)
	case key.Matches(msg, k.Unlink):
		return m.unlink(r)
	default:
		return m, nil
	}
	return m.compose(), nil
}

// open shows a KPI in Trends; an archived one has no trends to show.
func (m Model) open(r row) (Model, tea.Cmd) {
	if r.kpi.Archived {
		return m, frame.Notice(model.Sanitize(r.kpi.Name, false)+" is archived: x restores it, E edits it.", false)
	}
	id := r.kpi.ID
	return m, func() tea.Msg { return frame.OpenKPIMsg{KPIID: id} }
}

// step moves the selection d selectable rows (headings are skipped).
func (m *Model) step(d int) {
	dir := 1
	if d < 0 {
		dir, d = -1, -d
	}
	at := m.sel
	for moved := 0; moved < d; {
		next := at + dir
		for next >= 0 && next < len(m.rows) && m.rows[next].kind == rowHeading {
			next += dir
		}
		if next < 0 || next >= len(m.rows) {
			break
		}
		at = next
		moved++
	}
	if at >= 0 && at < len(m.rows) {
		m.sel = at
	}
	m.ensureVisible()
}

// selectKey selects the row named k, if it is listed.
func (m *Model) selectKey(k selKey) bool {
	for i, r := range m.rows {
		if r.kind != rowHeading && r.key() == k {
			m.sel = i
			m.ensureVisible()
			return true
		}
	}
	return false
}

// rebuild lists the rows again from the data and the switches, keeping the
// selection on the same objective or KPI (or the nearest row).
func (m Model) rebuild() Model {
	var keep selKey
	r, had := m.selected()
	if had {
		keep = r.key()
	}
	if !m.autoDone && m.ctx.Data != nil && m.height > 0 {
		m.autoExpand()
	}
	m.rows = buildRows(m.ctx.Data, m.all, m.expanded, m.archived, m.ctx.Filter)
	if !had || !m.selectKey(keep) {
		m.sel = min(max(m.sel, 0), len(m.rows)-1)
		if m.sel >= 0 && m.rows[m.sel].kind == rowHeading {
			m.step(1)
		}
	}
	if m.picker != nil && m.ctx.Data != nil && m.ctx.Data.ReadOnly != "" {
		m.picker = nil
	}
	m.ensureVisible()
	return m.compose()
}

// autoExpand decides once what is unfolded: every objective when all of them
// and their KPIs fit the body, else the first one only.
func (m *Model) autoExpand() {
	m.autoDone = true
	all := map[int64]bool{}
	for _, o := range m.ctx.Data.Objectives {
		all[o.ID] = true
	}
	if len(buildRows(m.ctx.Data, m.all, all, m.archived, "")) <= m.listHeight() {
		m.expanded = all
		return
	}
	for _, r := range buildRows(m.ctx.Data, m.all, nil, m.archived, "") {
		if r.kind == rowObjective {
			m.expanded[r.obj.ID] = true
			return
		}
	}
}

// kpiToSave is the KPI as read from the file (not the sanitised copy the
// readings hold), at the version the view shows.
func (m Model) kpiToSave(id int64) (model.KPI, bool) {
	for _, k := range m.all {
		if k.ID == id {
			return k, true
		}
	}
	return model.KPI{}, false
}

// writable says why nothing can be saved now, or "".
func (m Model) writable() string {
	switch {
	case m.ctx.Data == nil || m.all == nil:
		return "Still loading; try again in a moment."
	case m.ctx.Data.ReadOnly != "":
		return "Nothing can be saved: " + m.ctx.Data.ReadOnly
	}
	return ""
}

// archive archives the selected objective or KPI, or restores an archived one.
func (m Model) archive(r row) (Model, tea.Cmd) {
	if why := m.writable(); why != "" {
		return m, frame.Notice(why, true)
	}
	store := m.store
	if r.kind == rowKPI {
		k, ok := m.kpiToSave(r.kpi.ID)
		if !ok {
			return m, nil
		}
		k.Archived = !k.Archived
		verb := "Archived"
		if !k.Archived {
			verb = "Restored"
		}
		name := model.Sanitize(k.Name, false)
		return m, func() tea.Msg {
			_, err := store.UpdateKPI(k)
			return outcome(err, fmt.Sprintf("%s KPI %s.", verb, name), name)
		}
	}
	o := r.obj
	o.Archived = !o.Archived
	verb := "Archived"
	if !o.Archived {
		verb = "Restored"
	}
	title := model.Sanitize(o.Title, false)
	hint := ""
	if o.Archived && !m.archived {
		hint = " A shows archived ones."
	}
	return m, func() tea.Msg {
		_, err := store.UpdateObjective(o)
		return outcome(err, fmt.Sprintf("%s objective %q.%s", verb, title, hint), title)
	}
}

// unlink takes the selected KPI off its objective.
func (m Model) unlink(r row) (Model, tea.Cmd) {
	if r.kind != rowKPI || r.kpi.ObjectiveID == 0 {
		return m, frame.Notice("Select a KPI listed under an objective to unlink it.", false)
	}
	if why := m.writable(); why != "" {
		return m, frame.Notice(why, true)
	}
	k, ok := m.kpiToSave(r.kpi.ID)
	if !ok {
		return m, nil
	}
	k.ObjectiveID = 0
	store, name, title := m.store, model.Sanitize(k.Name, false), model.Sanitize(r.obj.Title, false)
	return m, func() tea.Msg {
		_, err := store.UpdateKPI(k)
		return outcome(err, fmt.Sprintf("%s no longer serves %q; it is listed under “serve no objective”.", name, title), name)
	}
}

// outcome is the notice after a write: what was done, or who changed the row
// meanwhile (nothing is saved over their change), or why it failed.
func outcome(err error, done, what string) doneMsg {
	switch {
	case err == nil:
		return doneMsg{text: done}
	case errors.Is(err, model.ErrConflict):
		return doneMsg{text: fmt.Sprintf("Not saved: someone changed %s meanwhile. Look at it again and retry.", what), err: err}
	}
	return doneMsg{text: frame.SaveProblem(err), err: err}
}

// openPicker lists the active KPIs not serving the selected objective, to link one.
func (m Model) openPicker(r row) (Model, tea.Cmd) {
	if r.kind != rowObjective {
		return m, frame.Notice("Select an objective to link a KPI to it.", false)
	}
	if why := m.writable(); why != "" {
		return m, frame.Notice(why, true)
	}
	p := &picker{obj: r.obj}
	for _, k := range m.all {
		if !k.Archived && k.ObjectiveID != r.obj.ID {
			p.choices = append(p.choices, k)
		}
	}
	if len(p.choices) == 0 {
		return m, frame.Notice("Every active KPI serves this objective already.", false)
	}
	m.picker = p
	return m.compose(), nil
}

func (m Model) pickerKey(msg tea.KeyMsg) (Model, tea.Cmd) {
	p := *m.picker
	k := m.pkeys
	switch {
	case key.Matches(msg, k.Cancel):
		m.picker = nil
	case key.Matches(msg, k.Up):
		p.sel = max(p.sel-1, 0)
		m.picker = &p
	case key.Matches(msg, k.Down):
		p.sel = min(p.sel+1, len(p.choices)-1)
		m.picker = &p
	case key.Matches(msg, k.Pick):
		m.picker = nil
		kpi := p.choices[p.sel]
		kpi.ObjectiveID = p.obj.ID
		store, name, title := m.store, model.Sanitize(kpi.Name, false), model.Sanitize(p.obj.Title, false)
		m.expanded[p.obj.ID] = true
		return m.compose(), func() tea.Msg {
			_, err := store.UpdateKPI(kpi)
			return outcome(err, fmt.Sprintf("%s serves %q now.", name, title), name)
		}
	}
	return m.compose(), nil
}

func (m Model) handleMouse(msg tea.MouseMsg) (Model, tea.Cmd) {
	if m.picker != nil || msg.Action != tea.MouseActionPress {
		return m, nil
	}
	switch msg.Button {
	case tea.MouseButtonWheelUp:
		m.offset = max(m.offset-1, 0)
	case tea.MouseButtonWheelDown:
		m.offset = min(m.offset+1, max(len(m.rows)-m.listHeight(), 0))
	case tea.MouseButtonLeft:
		i, ok := m.hits.At(msg.X, msg.Y)
		if !ok {
			return m, nil
		}
		if i == m.sel {
			return m.handleKey(tea.KeyMsg{Type: tea.KeyEnter})
		}
		m.sel = i
	default:
		return m, nil
	}
	return m.compose(), nil
}

// View is the body drawn by the last Update.
func (m Model) View() string { return m.body }
