// Package editor is the KPI and objective editors of spec §5: forms opened over
// any view (`n` new KPI, `E` edit the selection), with every field of spec §2,
// each checked as the user leaves it and the reason shown beside it. Saves are
// version-checked against what the form opened with (shared-drive.md): when
// someone else saved the same KPI or objective meanwhile, the form shows theirs
// next to yours, field by field, and lets the user keep theirs, overwrite
// knowingly, or go back and merge by hand. Nothing is ever overwritten silently,
// and every save lands in the change log (the store writes it).
//
// Every text and choice of both forms is a huh field (github.com/charmbracelet/huh,
// v1) themed from themes/, behind formField, the part of huh's Field the form
// uses. The form keeps its own fields, behind the same interface, where huh
// cannot do what it needs: the KPI's target points (rows added and removed
// while the form is open, with a high bound for range KPIs), the switches
// (huh's confirm marks its choice by colour alone, which NO_COLOR loses) and
// the buttons (ownfield.go). Either way reasons sit beside their fields,
// styles come from the app's themes with the app's renderer (snapshots,
// NO_COLOR), the form scrolls inside the body at 80×24, and the cursor is
// steady (a huh input's blink is not run).
package editor

import (
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"kpi/model"
	"kpi/themes"
	"kpi/ui/frame"
)

// Store is what the editors read and write: every KPI and objective (keys must be
// unique, formulas must read known keys, the objective list to choose from) and
// the version-checked writes of definitions.
type Store interface {
	KPIs() ([]model.KPI, error)
	Objectives() ([]model.Objective, error)
	KPI(id int64) (model.KPI, error)
	CreateKPI(k model.KPI) (model.KPI, error)
	UpdateKPI(k model.KPI) (model.KPI, error)
	CreateObjective(o model.Objective) (model.Objective, error)
	UpdateObjective(o model.Objective) (model.Objective, error)
}

// Options are what an editor is opened with.
type Options struct {
	Store  Store
	Styles *themes.Styles
	// Week is the week under review: a new KPI's first target point and a new
	// objective's start.
	Week model.Week
	// User owns what is created (it can be changed in the form).
	User string
	// Now is the clock, to say how long ago the row was saved; nil: time.Now.
	Now func() time.Time
}

// KeyMap is the form's keys; every other key goes to the focused input.
type KeyMap struct {
	Next, Prev, Down, Up key.Binding
	Enter, Save          key.Binding
	Left, Right, Toggle  key.Binding
	AddPoint, DropPoint  key.Binding
	Close                key.Binding
}

// DefaultKeyMap is tab/↓ to the next field, ctrl+s to save from anywhere, ←/→ or
// space to choose, ctrl+n and ctrl+x to add and remove target points, esc to
// close.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Next:      key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next")),
		Prev:      key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "previous")),
		Down:      key.NewBinding(key.WithKeys("down"), key.WithHelp("↓", "next field")),
		Up:        key.NewBinding(key.WithKeys("up"), key.WithHelp("↑", "previous field")),
		Enter:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "next / press")),
		Save:      key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", "save")),
		Left:      key.NewBinding(key.WithKeys("left"), key.WithHelp("←", "previous choice")),
		Right:     key.NewBinding(key.WithKeys("right"), key.WithHelp("→", "next choice")),
		Toggle:    key.NewBinding(key.WithKeys(" "), key.WithHelp("space", "choose")),
		AddPoint:  key.NewBinding(key.WithKeys("ctrl+n"), key.WithHelp("ctrl+n", "add target point")),
		DropPoint: key.NewBinding(key.WithKeys("ctrl+x"), key.WithHelp("ctrl+x", "remove target point")),
		Close:     key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "close")),
	}
}

// Bindings lists every form binding, for help and the duplicate-key test.
func (k KeyMap) Bindings() []key.Binding {
	return []key.Binding{k.Next, k.Prev, k.Down, k.Up, k.Enter, k.Save, k.Left, k.Right, k.Toggle, k.AddPoint, k.DropPoint, k.Close}
}

// ConflictKeyMap is the keys of the conflict screen.
type ConflictKeyMap struct {
	KeepTheirs, Overwrite, Back key.Binding
}

// DefaultConflictKeyMap is t to keep theirs, o to overwrite with yours, b or esc
// to go back to the form.
func DefaultConflictKeyMap() ConflictKeyMap {
	return ConflictKeyMap{
		KeepTheirs: key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "keep theirs")),
		Overwrite:  key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "overwrite with yours")),
		Back:       key.NewBinding(key.WithKeys("b", "esc"), key.WithHelp("b", "back to edit")),
	}
}

// Bindings lists every conflict binding, for help and the duplicate-key test.
func (k ConflictKeyMap) Bindings() []key.Binding {
	return []key.Binding{k.KeepTheirs, k.Overwrite, k.Back}
}

// subject is what a form edits.
type subject int

const (
	editKPI subject = iota
	editObjective
)

// Model is one open editor.
type Model struct {
	opt   Options
	keys  KeyMap
	ckeys ConflictKeyMap
	what  subject
	id    int64 // 0: a new one
	objID int64 // a new KPI's objective

	loaded  bool
	loadErr string
	// early are the keys typed while the form was still reading the file: the
	// title shows at once, so a user starts typing, and those keys are the
	// form's, replayed when it is built (on a slow shared drive the read
	// takes long enough to lose the first word otherwise).
	early   []tea.KeyMsg
	kpis    []model.KPI       // every KPI, archived ones too
	objs    []model.Objective // every objective, archived ones too
	baseKPI model.KPI         // what the form opened with, or theirs after a conflict
	baseObj model.Objective

	fields     []field
	touched    []bool // fields the user has left once: their problems show
	focus      int
	keyTouched bool   // the user typed the key: stop suggesting it from the name
	pristine   string // the fields' signature when the form (re)opened

	saving       bool
	message      string
	msgErr       bool
	confirmClose bool // esc was pressed once with unsaved changes

	conflict *conflict

	width, height int
	offset        int // first line of the fields shown
	body          string
}

// Msg carries the editor's own results (loads, saves) through the root, which
// hands every Msg to the open editor and nothing else to it.
type Msg struct{ msg tea.Msg }

// ClosedMsg tells the root the editor closed (saved, kept theirs, or esc).
type ClosedMsg struct{}

type loadedMsg struct {
	kpis []model.KPI
	objs []model.Objective
	err  error
}

// savedMsg is the result of a save; after a conflict theirs is the row as it is
// now (found false: it is gone).
type savedMsg struct {
	kpi       model.KPI
	obj       model.Objective
	err       error
	theirsKPI model.KPI
	theirsObj model.Objective
	found     bool
}

// ForKPI is the KPI editor on KPI id, or on a new KPI (id 0) serving objective
// objectiveID (0: none). Init reads what it needs.
func ForKPI(o Options, id, objectiveID int64) Model {
	return Model{opt: o, keys: DefaultKeyMap(), ckeys: DefaultConflictKeyMap(), what: editKPI, id: id, objID: objectiveID}
}

// ForObjective is the objective editor on objective id, or on a new one (0).
func ForObjective(o Options, id int64) Model {
	return Model{opt: o, keys: DefaultKeyMap(), ckeys: DefaultConflictKeyMap(), what: editObjective, id: id}
}

// Init reads every KPI and objective: the row being edited at its current
// version, and what its fields are checked against.
func (m Model) Init() tea.Cmd {
	store := m.opt.Store
	return func() tea.Msg {
		kpis, err := store.KPIs()
		if err != nil {
			return Msg{loadedMsg{err: err}}
		}
		objs, err := store.Objectives()
		return Msg{loadedMsg{kpis: kpis, objs: objs, err: err}}
	}
}

// Title names the form: "New KPI", "Edit KPI mrr", "Edit objective Grow revenue".
func (m Model) Title() string {
	switch {
	case m.what == editKPI && m.id == 0:
		return "New KPI"
	case m.what == editKPI:
		return "Edit KPI " + model.Sanitize(m.baseKPI.Key, false)
	case m.id == 0:
		return "New objective"
	}
	return "Edit objective " + model.Sanitize(m.baseObj.Title, false)
}

// Keys is the form's key map.
func (m Model) Keys() KeyMap { return m.keys }

// WithKeys is the form with the user's key maps for the form and its conflict
// screen (the personal config can rebind any key).
func (m Model) WithKeys(k KeyMap, conflict ConflictKeyMap) Model {
	m.keys, m.ckeys = k, conflict
	return m
}

// ShortHelp is the footer's keys: the conflict's three choices while it is
// shown, else the form's.
func (m Model) ShortHelp() []key.Binding {
	if m.conflict != nil {
		return m.ckeys.Bindings()
	}
	k := m.keys
	choose := frame.Joined("", "choose", k.Left, k.Right)
	out := []key.Binding{k.Save, k.Next, choose, k.Close}
	if f, ok := m.focused(); ok && f.kind == kTarget {
		out = append(out, k.AddPoint, k.DropPoint)
	}
	return out
}

// SetSize sets the body size the form draws in.
func (m Model) SetSize(w, h int) Model {
	m.width, m.height = max(w, 0), max(h, 0)
	m.sizeInputs()
	return m.compose()
}

// SetStyles restyles the form after a theme switch.
func (m Model) SetStyles(st *themes.Styles) Model {
	m.opt.Styles = st
	for i := range m.fields {
		m.fields[i].restyle(st)
	}
	m.sizeInputs() // a remade huh field gets its width and the focus again
	return m.compose()
}

// Update handles the editor's own results and keys.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case Msg:
		switch inner := msg.msg.(type) {
		case loadedMsg:
			return m.opened(inner).replay()
		case savedMsg:
			return m.saved(inner)
		}
	case tea.KeyMsg:
		switch {
		case !m.loaded:
			if key.Matches(msg, m.keys.Close) {
				return m, closed
			}
			if m.loadErr == "" {
				m.early = append(slices.Clone(m.early), msg)
			}
			return m, nil
		case m.conflict != nil:
			return m.conflictKey(msg)
		}
		return m.formKey(msg)
	}
	return m, nil
}

func closed() tea.Msg { return ClosedMsg{} }

// replay gives the form the keys typed while it was reading, in order, once
// it is built; after a failed read they are dropped with the form.
func (m Model) replay() (Model, tea.Cmd) {
	early := m.early
	m.early = nil
	if !m.loaded {
		return m, nil
	}
	var cmds []tea.Cmd
	for _, k := range early {
		var cmd tea.Cmd
		m, cmd = m.Update(k)
		cmds = append(cmds, cmd)
	}
	return m, tea.Batch(cmds...)
}

func reload() tea.Msg { return frame.ReloadMsg{} }

// opened builds the form from what was read.
func (m Model) opened(msg loadedMsg) Model {
	if msg.err != nil {
		m.loadErr = "Could not read the file: " + msg.err.Error()
		return m.compose()
	}
	m.kpis, m.objs = msg.kpis, msg.objs
	switch m.what {
	case editKPI:
		k, found := newKPI(m.opt.User, m.objID), m.id == 0
		for _, x := range m.kpis {
			if x.ID == m.id {
				k, found = x, true
			}
		}
		if !found {
			m.loadErr = fmt.Sprintf("KPI %d is not in the file any more.", m.id)
			return m.compose()
		}
		if m.id == 0 {
			m.keyTouched = false
		}
		m.baseKPI = k
		m.fields = kpiFields(m.opt.Styles, k, m.objs, m.opt.Week)
	case editObjective:
		o, found := newObjective(m.opt.User, m.opt.Week), m.id == 0
		for _, x := range m.objs {
			if x.ID == m.id {
				o, found = x, true
			}
		}
		if !found {
			m.loadErr = fmt.Sprintf("Objective %d is not in the file any more.", m.id)
			return m.compose()
		}
		m.baseObj = o
		m.fields = objectiveFields(m.opt.Styles, o)
	}
	m.touched = make([]bool, len(m.fields))
	m.loaded, m.focus = true, 0
	m.pristine = m.signature()
	m.sizeInputs()
	return m.compose()
}

// index is the first field with id (the save button when there is none).
func (m *Model) index(id fieldID) int {
	for i, f := range m.fields {
		if f.id == id {
			return i
		}
	}
	return len(m.fields) - 1
}

func (m Model) focused() (field, bool) {
	if m.focus < 0 || m.focus >= len(m.fields) {
		return field{}, false
	}
	return m.fields[m.focus], true
}

// isRange reports whether the KPI form's direction is range (target points have
// a high bound then).
func (m *Model) isRange() bool {
	for _, f := range m.fields {
		if f.id == fDirection {
			return f.chosen() == string(model.Range)
		}
	}
	return false
}

// signature is every field's content, to tell whether the form was changed.
func (m Model) signature() string {
	s := ""
	for _, f := range m.fields {
		s += f.signature() + "\x01"
	}
	return s
}

// syncPoints tells every target point whether the KPI is a range (a high bound
// to show and to focus), which the direction field decides.
func (m *Model) syncPoints() {
	rng := m.isRange()
	for _, f := range m.fields {
		if p := f.point(); p != nil {
			p.rng = rng
		}
	}
}

// move goes d stops on (tab, shift+tab), through every input of a target point:
// the point moves within itself until it answers that it has no input further.
func (m *Model) move(d int) {
	m.syncPoints()
	if f := m.fields[m.focus]; f.kind == kTarget {
		if _, cmd := f.ctl.Update(stepMsg(d)); answer(cmd) == nil {
			m.refocus()
			return
		}
	}
	next := m.focus + d
	if next < 0 || next >= len(m.fields) {
		return
	}
	m.leave()
	m.focus = next
	if p := m.fields[next].point(); p != nil {
		p.setSub(ptWeek)
		if d < 0 {
			p.setSub(p.stops() - 1)
		}
	}
	m.refocus()
}

// vertical goes d fields up or down (↑/↓), keeping the column of target points.
func (m *Model) vertical(d int) {
	next := m.focus + d
	if next < 0 || next >= len(m.fields) {
		return
	}
	m.syncPoints()
	sub := ptWeek
	if p := m.fields[m.focus].point(); p != nil {
		sub = p.at()
	}
	m.leave()
	m.focus = next
	if p := m.fields[next].point(); p != nil {
		p.setSub(sub)
	}
	m.refocus()
}

// leave marks the focused field as visited, so its problems show from now on.
func (m *Model) leave() {
	if m.focus >= 0 && m.focus < len(m.touched) {
		m.touched[m.focus] = true
	}
	m.check(false)
}

// check builds the record from the form, which sets every field's problem; only
// the problems of fields the user has visited stay (all of them on save).
func (m *Model) check(all bool) bool {
	var ok bool
	if m.what == editKPI {
		_, ok = m.kpiFromForm()
	} else {
		_, ok = m.objectiveFromForm()
	}
	if !all {
		for i := range m.fields {
			if !m.touched[i] {
				m.fields[i].problem = ""
			}
		}
	}
	return ok
}

// refocus gives the keyboard focus to the focused field's control and blurs
// every other. Every text field shows its beginning, the one being edited too:
// its cursor starts at the first character (end or ctrl+e goes to the end), so
// a long text opened for editing is read from its start, not its tail.
func (m *Model) refocus() {
	for i := range m.fields {
		f := m.fields[i]
		if f.remake != nil { // a huh field
			f.ctl.Focus() // the cursor is steady: its blink is not run
			frame.ShowStart(f.ctl)
		}
		f.ctl.Blur()
	}
	if m.focus < 0 || m.focus >= len(m.fields) {
		return
	}
	f := m.fields[m.focus]
	f.ctl.Focus()
	if f.remake != nil {
		frame.ShowStart(f.ctl)
	}
}

// formKey handles a key while the form is shown.
func (m Model) formKey(msg tea.KeyMsg) (Model, tea.Cmd) {
	k := m.keys
	if !key.Matches(msg, k.Close) {
		m.confirmClose = false
	}
	f := &m.fields[m.focus]
	switch {
	case key.Matches(msg, k.Close):
		if m.signature() != m.pristine && !m.confirmClose {
			m.confirmClose = true
			m.message, m.msgErr = "You have unsaved changes: esc again discards them, ctrl+s saves them.", true
			return m.compose(), nil
		}
		return m, closed
	case key.Matches(msg, k.Save):
		return m.save()
	case key.Matches(msg, k.Next):
		m.move(1)
	case key.Matches(msg, k.Prev):
		m.move(-1)
	case key.Matches(msg, k.Down):
		m.vertical(1)
	case key.Matches(msg, k.Up):
		m.vertical(-1)
	case key.Matches(msg, k.AddPoint) && m.what == editKPI:
		m.addPoint()
	case key.Matches(msg, k.DropPoint) && f.kind == kTarget:
		m.dropPoint()
	case key.Matches(msg, k.Enter) && f.kind == kButton, key.Matches(msg, k.Toggle) && f.kind == kButton:
		if _, cmd := f.ctl.Update(tea.KeyMsg{Type: tea.KeyEnter}); answer(cmd) == (pressedMsg{fSave}) {
			return m.save()
		}
		m.addPoint()
	case key.Matches(msg, k.Enter):
		m.move(1)
	case (f.kind == kChoice || f.kind == kToggle) && key.Matches(msg, k.Left):
		f.cycle(-1)
		m.changed()
	case (f.kind == kChoice || f.kind == kToggle) && key.Matches(msg, k.Right, k.Toggle):
		f.cycle(1)
		m.changed()
	case f.kind == kChoice && msg.Type == tea.KeyRunes && len(msg.Runes) == 1:
		if f.jump(msg.Runes[0]) {
			m.changed()
		}
	case f.kind == kText && frame.Clears(msg):
		f.setText("")
		m.typed(f.id)
	case f.kind == kText:
		f.ctl.Update(msg) // its commands are the cursor's blink: not run
		m.typed(f.id)
	case f.kind == kTarget:
		_, cmd := f.ctl.Update(msg)
		m.changed()
		return m.compose(), cmd
	}
	return m.compose(), nil
}

// typed follows typing into text field id: the key stops being suggested once
// the user types it, and a new KPI's name suggests it until then.
func (m *Model) typed(id fieldID) {
	if id == fKey {
		m.keyTouched = true
	}
	if id == fName && m.what == editKPI && m.id == 0 && !m.keyTouched {
		m.fields[m.index(fKey)].setText(suggestKey(m.fields[m.index(fName)].value()))
	}
	m.changed()
}

// suggestKey is the key a new KPI's name suggests ("" for no name yet).
func suggestKey(name string) string {
	if name == "" {
		return ""
	}
	return model.Slugify(name)
}

// changed re-checks the visited fields after an edit, so a reason goes away as
// soon as the field is fixed; a theirs hint goes once the field matches.
func (m *Model) changed() {
	m.message = ""
	m.check(false)
}

// addPoint adds a target point after the last one, 13 weeks later (a quarter:
// an interim target of a glide path), and puts the focus on it.
func (m *Model) addPoint() {
	last := m.index(fAddTarget) - 1
	week := m.opt.Week
	if last >= 0 && m.fields[last].kind == kTarget {
		if p, err := m.parsePoint(m.fields[last]); err == nil {
			week = p.Week.Add(13)
		}
	}
	m.leave()
	nf := targetField(m.opt.Styles, week.String(), "", "", m.opt.Week.String())
	at := last + 1
	m.fields = append(m.fields[:at], append([]field{nf}, m.fields[at:]...)...)
	m.touched = append(m.touched[:at], append([]bool{false}, m.touched[at:]...)...)
	m.focus = at
	m.fields[at].point().setSub(ptLow) // the week is filled in: type the value
	m.sizeInputs()
	m.changed()
}

// dropPoint removes the focused target point; the last one left is emptied
// instead (a KPI without a target is allowed, and flagged by the hygiene hint).
func (m *Model) dropPoint() {
	n := 0
	for _, f := range m.fields {
		if f.kind == kTarget {
			n++
		}
	}
	if n <= 1 {
		p := m.fields[m.focus].point()
		for _, i := range []int{ptWeek, ptLow, ptHigh} {
			p.setInput(i, "")
		}
		p.setSub(ptWeek)
	} else {
		at := m.focus
		m.fields = append(m.fields[:at], m.fields[at+1:]...)
		m.touched = append(m.touched[:at], m.touched[at+1:]...)
		m.focus = min(at, len(m.fields)-1)
		if p := m.fields[m.focus].point(); p != nil {
			p.setSub(ptWeek)
		}
	}
	m.refocus()
	m.changed()
}

// save checks every field and, when all are good, saves in a command: a create,
// or an update version-checked against the base. On a conflict the command
// reads theirs at once, so the form can show it.
func (m Model) save() (Model, tea.Cmd) {
	if m.saving {
		return m, nil
	}
	for i := range m.touched {
		m.touched[i] = true
	}
	if !m.check(true) {
		for i, f := range m.fields {
			if f.problem != "" {
				m.focus = i
				break
			}
		}
		m.refocus()
		m.message, m.msgErr = "Fix the fields marked ✗ first; nothing was saved.", true
		return m.compose(), nil
	}
	m.saving, m.message, m.msgErr = true, "Saving…", false
	store := m.opt.Store
	if m.what == editKPI {
		k, _ := m.kpiFromForm()
		return m.compose(), func() tea.Msg {
			var r savedMsg
			if k.ID == 0 {
				r.kpi, r.err = store.CreateKPI(k)
			} else {
				r.kpi, r.err = store.UpdateKPI(k)
			}
			if errors.Is(r.err, model.ErrConflict) {
				r.theirsKPI, r.found = readKPI(store, k.ID)
			}
			return Msg{r}
		}
	}
	o, _ := m.objectiveFromForm()
	return m.compose(), func() tea.Msg {
		var r savedMsg
		if o.ID == 0 {
			r.obj, r.err = store.CreateObjective(o)
		} else {
			r.obj, r.err = store.UpdateObjective(o)
		}
		if errors.Is(r.err, model.ErrConflict) {
			r.theirsObj, r.found = readObjective(store, o.ID)
		}
		return Msg{r}
	}
}

func readKPI(store Store, id int64) (model.KPI, bool) {
	k, err := store.KPI(id)
	return k, err == nil
}

func readObjective(store Store, id int64) (model.Objective, bool) {
	objs, err := store.Objectives()
	if err != nil {
		return model.Objective{}, false
	}
	for _, o := range objs {
		if o.ID == id {
			return o, true
		}
	}
	return model.Objective{}, false
}

// saved closes the form after a save, opens the conflict screen after a
// conflict, and puts any other refusal beside its field.
func (m Model) saved(msg savedMsg) (Model, tea.Cmd) {
	m.saving = false
	switch {
	case msg.err == nil:
		return m, tea.Batch(closed, reload, frame.Notice(m.savedText(msg), false))
	case errors.Is(msg.err, model.ErrConflict):
		m.conflict = m.newConflict(msg)
		m.message = ""
		return m.compose(), reload
	}
	i := m.fieldOf(msg.err)
	if errors.Is(msg.err, model.ErrReadOnly) || errors.Is(msg.err, model.ErrBusy) {
		i = m.index(fSave)
	}
	m.fields[i].problem = msg.err.Error()
	m.touched[i] = true
	m.message, m.msgErr = "Not saved: "+msg.err.Error(), true
	return m.compose(), nil
}

// savedText is the notice after a save: what was saved, and which KPI lost the
// OMTM mark to it.
func (m Model) savedText(msg savedMsg) string {
	if m.what == editObjective {
		verb := "Saved"
		if m.id == 0 {
			verb = "Created"
		}
		return fmt.Sprintf("%s objective %q", verb, model.Sanitize(msg.obj.Title, false))
	}
	k := msg.kpi
	verb := "Saved"
	switch {
	case m.id == 0:
		verb = "Created"
	case k.Archived && !m.baseKPI.Archived:
		verb = "Archived"
	case !k.Archived && m.baseKPI.Archived:
		verb = "Restored"
	}
	text := fmt.Sprintf("%s KPI %s (%s)", verb, model.Sanitize(k.Key, false), model.Sanitize(k.Name, false))
	if k.OMTM && !m.baseKPI.OMTM {
		for _, o := range m.kpis {
			if o.OMTM && o.ID != k.ID {
				text += "; it is the OMTM now instead of " + model.Sanitize(o.Key, false)
			}
		}
	}
	return text
}
