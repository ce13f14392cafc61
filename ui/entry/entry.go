// Package entry is the entry form (`e`): one row per KPI due in the week under
// review, those still missing a value first, each with last week's value as a
// hint. Enter saves the row through the store — version-checked and change-logged
// — and moves on; a value that does not parse is refused on its row with the
// reason, and nothing is saved for it. A value that looks implausible (another
// unit, 10× off the recent median) is asked about on its row: enter again or
// y keeps it, esc goes back to editing it.
package entry

import (
	"errors"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"kpi/model"
	"kpi/themes"
	"kpi/ui/cell"
	"kpi/ui/frame"
)

// Store is what the form needs: a version-checked save, and a read of the
// week's value to show theirs after a conflict (the value cell's).
type Store = cell.Store

// KeyMap is the form's keys. Every other key goes to the focused input.
type KeyMap struct {
	Save, Up, Down, SwitchField, Close key.Binding
	// Keep saves a value the row asked about (cell.Input.Vet), as enter again
	// does; only while it asks.
	Keep key.Binding
}

// DefaultKeyMap is Enter to save, ↑/↓ to move, Tab between value and note, Esc to
// close.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Save:        key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "save & next")),
		Up:          key.NewBinding(key.WithKeys("up", "shift+tab"), key.WithHelp("↑", "previous")),
		Down:        key.NewBinding(key.WithKeys("down"), key.WithHelp("↓", "next")),
		SwitchField: key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "value/note")),
		Close:       key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "close")),
		Keep:        key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "keep a value asked about")),
	}
}

// Bindings lists every binding, for help and for the duplicate-key test.
func (k KeyMap) Bindings() []key.Binding {
	return []key.Binding{k.Save, k.Up, k.Down, k.SwitchField, k.Close, k.Keep}
}

// row is one KPI of the form: its value cell (ui/cell), the form's focus
// moving between the cells' value and note.
type row struct {
	cell cell.Input
	prev string // last week's value as the KPI shows it, or ""
	// period is "week", or "month" for a monthly KPI, whose prev is last
	// month's value
	period string
	state  string // "saving…", "saved", …
	// fresh is true while a focused input still shows the stored text: like a
	// selection, the first character typed replaces it rather than appending.
	fresh bool
}

// Model is the entry form.
type Model struct {
	store  Store
	week   model.Week
	styles *themes.Styles
	keys   KeyMap
	rows   []row
	cur    int
	onNote bool // the note field of the current row has focus
	width  int
	height int
	offset int // first row shown
}

// The marks of a row: its value is still missing, or was entered. Not ✓,
// which everywhere else means on track: an entered value can be off track.
const (
	MissingMark = "·"
	EnteredMark = "●"
)

// ClosedMsg tells the root the form was closed.
type ClosedMsg struct{}

// New builds the form for the data's week: every due, entered (not derived) KPI.
func New(store Store, d *frame.Data, st *themes.Styles) Model {
	m := Model{store: store, week: d.Week, styles: st, keys: DefaultKeyMap()}
	var missing, missingStatus, filled []row
	for _, r := range d.Readings {
		k := r.KPI
		if k.Derived() || k.Archived || !r.Due {
			continue
		}
		has := r.HasValue && r.Value.Week == d.Week
		rw := row{cell: cell.New(st, k, d.Week, r.Value, has, 15)} // 16 cells with the cursor
		rw.cell.Recent = d.Series[k.ID]
		if r.HasPrev {
			rw.prev = model.ValueText(k, r.Prev)
		}
		rw.period = k.Period()
		if has {
			filled = append(filled, rw)
		} else if k.Kind == model.Qualitative {
			missingStatus = append(missingStatus, rw)
		} else {
			missing = append(missing, rw)
		}
	}
	// missing numbers first, then missing statuses, then the values to correct
	m.rows = append(append(missing, missingStatus...), filled...)
	m.focus()
	return m
}

// Len is the number of rows.
func (m Model) Len() int { return len(m.rows) }

// Missing counts the rows without a value.
func (m Model) Missing() int {
	n := 0
	for _, r := range m.rows {
		if r.cell.Existing.Version == 0 {
			n++
		}
	}
	return n
}

// SetSize sets the body size the form draws in.
func (m Model) SetSize(w, h int) Model {
	m.width, m.height = w, h
	// the note input fills the row's tail after "note: " (6 cells), its cursor
	// one cell past its width
	for i := range m.rows {
		m.rows[i].cell.Note.Width = max(m.tailWidth()-6-1, 4)
	}
	return m
}

// tailWidth is the room right of the value input: the width less the marker (2),
// the glyph and its space (2), the name, the bracketed input (18) and a space.
func (m Model) tailWidth() int { return max(m.width-2-2-m.nameWidth()-18-1, 0) }

// nameWidth is the name column: a third of the width, from 14 to 30 cells.
func (m Model) nameWidth() int { return min(max(m.width/3, 14), 30) }

// SetStyles restyles the form after a theme switch.
func (m Model) SetStyles(st *themes.Styles) Model {
	m.styles = st
	for i := range m.rows {
		m.rows[i].cell.Restyle(st)
	}
	return m
}

// ShortHelp is the form's keys for the footer.
func (m Model) ShortHelp() []key.Binding {
	return []key.Binding{m.keys.Save, m.keys.SwitchField, m.keys.Up, m.keys.Down, m.keys.Close}
}

// Keys is the form's key map.
func (m Model) Keys() KeyMap { return m.keys }

// WithKeys is the same with the user's key map (the personal config can rebind
// any key).
func (m Model) WithKeys(k KeyMap) Model {
	m.keys = k
	return m
}

func (m *Model) focus() {
	for i := range m.rows {
		m.rows[i].cell.Value.Blur()
		m.rows[i].cell.Note.Blur()
	}
	if m.cur < 0 || m.cur >= len(m.rows) {
		return
	}
	r := &m.rows[m.cur]
	if m.onNote {
		r.cell.Note.Focus()
		r.fresh = r.cell.Note.Value() != ""
	} else {
		r.cell.Value.Focus()
		r.fresh = r.cell.Value.Value() != ""
	}
}

// Update handles keys and the results of saves.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case cell.SavedMsg:
		return m.saved(msg)
	case tea.KeyMsg:
		if len(m.rows) > 0 {
			if save, asked := m.rows[m.cur].cell.ConfirmKey(msg, m.keys.Keep, m.keys.Close); asked {
				if save {
					return m.save()
				}
				m.onNote = false
				m.focus()
				return m, nil
			}
		}
		switch {
		case key.Matches(msg, m.keys.Close):
			return m, func() tea.Msg { return ClosedMsg{} }
		case len(m.rows) == 0:
			return m, nil
		case key.Matches(msg, m.keys.Save):
			return m.save()
		case key.Matches(msg, m.keys.Up):
			m.move(-1)
			return m, nil
		case key.Matches(msg, m.keys.Down):
			m.move(1)
			return m, nil
		case key.Matches(msg, m.keys.SwitchField):
			m.onNote = !m.onNote
			m.focus()
			return m, nil
		}
		var cmd tea.Cmd
		r := &m.rows[m.cur]
		in := &r.cell.Value
		if m.onNote {
			in = &r.cell.Note
		}
		if r.fresh {
			r.fresh = false
			switch msg.Type {
			case tea.KeyRunes, tea.KeySpace, tea.KeyBackspace, tea.KeyDelete:
				in.SetValue("") // typing over the stored text replaces it
				if msg.Type != tea.KeyRunes && msg.Type != tea.KeySpace {
					return m, nil
				}
			}
		}
		if frame.Clears(msg) {
			in.SetValue("")
		} else {
			*in, cmd = in.Update(msg)
		}
		r.cell.Edited()
		return m, cmd
	}
	return m, nil
}

func (m *Model) move(d int) {
	m.cur = min(max(m.cur+d, 0), len(m.rows)-1)
	m.onNote = false
	m.focus()
}

// save checks the current row and, when it is valid and changed, saves it in a
// command; the cursor moves on at once.
func (m Model) save() (Model, tea.Cmd) {
	i := m.cur
	r := &m.rows[i]
	v, changed, err := r.parse()
	if err != nil {
		r.cell.Problem = err.Error()
		r.state = ""
		return m, nil
	}
	r.cell.Problem = ""
	if !changed {
		r.state = ""
		m.move(1)
		return m, nil
	}
	if !r.cell.Vet(m.keys.Keep, m.keys.Close) { // implausible: the row asks, enter again (or y) keeps it
		r.state = ""
		return m, nil
	}
	r.state = "saving…"
	m.move(1)
	return m, cell.Save(m.store, v, i)
}

// parse turns the row's inputs into the value to save (see frame.ParseEntry). A
// row left empty that has nothing stored is skipped, not refused.
func (r *row) parse() (model.Value, bool, error) {
	c := r.cell
	if strings.TrimSpace(c.Value.Value()) == "" && c.Existing.Version == 0 && strings.TrimSpace(c.Note.Value()) == "" {
		return c.Existing, false, nil
	}
	return c.Parse()
}

// saved records the outcome of a save on its row and asks the root to reload.
// After a conflict the row holds theirs (the value cell says whose), and the
// focus goes back to it, so Enter again replaces theirs knowingly.
func (m Model) saved(msg cell.SavedMsg) (Model, tea.Cmd) {
	if msg.Tag >= len(m.rows) || m.rows[msg.Tag].cell.KPI.ID != msg.KPIID {
		return m, nil
	}
	r := &m.rows[msg.Tag]
	k := r.cell.KPI
	reload := func() tea.Msg { return frame.ReloadMsg{} }
	if r.cell.Apply(msg) {
		r.state = "saved"
		if !r.cell.Value.Focused() {
			r.cell.Value.SetValue(frame.InputText(k, msg.Saved))
		}
		text := fmt.Sprintf("Saved %s for %s: %s", k.Name, m.week, model.ValueText(k, msg.Saved))
		return m, tea.Batch(frame.Notice(text, false), reload)
	}
	r.state = ""
	m.returnTo(msg.Tag)
	if errors.Is(msg.Err, model.ErrConflict) {
		return m, reload
	}
	return m, nil
}

// returnTo puts the focus back on a row whose save failed, so Enter retries it,
// when the cursor only moved on by that save (the next row, nothing typed there
// yet); a user already typing elsewhere keeps their place.
func (m *Model) returnTo(row int) {
	if m.cur != row+1 || m.cur >= len(m.rows) || m.onNote {
		return
	}
	next := m.rows[m.cur]
	if next.cell.Value.Value() != frame.InputText(next.cell.KPI, next.cell.Existing) {
		return
	}
	m.cur = row
	m.focus()
}

// View draws the form to fill its size.
func (m Model) View() string {
	st := m.styles
	w := m.width
	title := st.Title.Render(fmt.Sprintf("Enter values for %s (%s)", m.week, m.week.Dates()))
	// the counts are the legend of the rows' marks
	sub := st.Muted.Render(fmt.Sprintf("%s %d missing  %s %d entered", MissingMark, m.Missing(), EnteredMark, len(m.rows)-m.Missing()))
	lines := []string{frame.Spread(title, sub, w), ""}
	if len(m.rows) == 0 {
		lines = append(lines, st.Muted.Render("Nothing is due this week: derived and monthly KPIs are not entered here."))
		return frame.PadBlock(strings.Join(lines, "\n"), w, m.height)
	}
	// rows take one line each, plus a problem's lines under its row, and the
	// last line names the current row in full when its line cuts it
	full := m.currentInFull()
	height := m.height
	if full != "" {
		height--
	}
	room := max(height-len(lines), 1)
	offset := m.offset
	if m.cur < offset {
		offset = m.cur
	}
	for m.cur-offset+1+m.problemLines() > room && offset < m.cur {
		offset++
	}
	for i := offset; i < len(m.rows) && len(lines) < height; i++ {
		lines = append(lines, m.rowLine(i))
		for j, p := range m.problemText(i) {
			if len(lines) >= height {
				break
			}
			mark := "✗ "
			if j > 0 {
				mark = "  "
			}
			lines = append(lines, "    "+st.Error.Render(mark+p))
		}
	}
	if full != "" {
		for len(lines) < height {
			lines = append(lines, "")
		}
		lines = append(lines, st.Muted.Render(frame.ClipWords(full, w)))
	}
	return frame.PadBlock(strings.Join(lines, "\n"), w, m.height)
}

// maxProblemLines is how many lines a row's problem may take under it: a
// question about an implausible value ends with how to answer it, which must
// not be cut off.
const maxProblemLines = 3

// problemText is row i's problem wrapped to the form's width less the indent
// and mark (6), at most maxProblemLines lines (the last clipped).
func (m Model) problemText(i int) []string {
	p := m.rows[i].cell.Problem
	if p == "" {
		return nil
	}
	w := max(m.width-6, 1)
	lines := strings.Split(ansi.Wordwrap(p, w, ""), "\n")
	if len(lines) > maxProblemLines {
		lines = append(lines[:maxProblemLines-1], strings.Join(lines[maxProblemLines-1:], " "))
	}
	for j := range lines {
		lines[j] = frame.Clip(lines[j], w)
	}
	return lines
}

// currentInFull is the current row's name and note in words, when its line
// cuts either; else "".
func (m Model) currentInFull() string {
	if m.cur < 0 || m.cur >= len(m.rows) {
		return ""
	}
	r := m.rows[m.cur]
	name, note := r.cell.KPI.Name, r.cell.Note.Value()
	if frame.Width(name) <= m.nameWidth()-1 && (note == "" || frame.Width(note)+2 <= m.tailWidth()) {
		return ""
	}
	if note != "" {
		return "▸ " + name + " · “" + note + "”"
	}
	return "▸ " + name
}

func (m Model) problemLines() int {
	n := 0
	for i := range m.rows {
		n += len(m.problemText(i))
	}
	return n
}

// rowLine is one row: marker, status glyph, name, value input, hint, note input.
// Widths: marker 2, glyph 2, name, value input 17, hint 22, note the rest; below
// 90 cells the hint shares the note's place.
func (m Model) rowLine(i int) string {
	st := m.styles
	r := m.rows[i]
	marker := "  "
	if i == m.cur {
		marker = st.Accent.Render("▸ ")
	}
	glyph := st.Muted.Render(MissingMark)
	if r.cell.Existing.Version != 0 {
		glyph = st.Text.Render(EnteredMark)
	}
	nameW := m.nameWidth()
	name := frame.Pad(frame.Clip(r.cell.KPI.Name, nameW-1), nameW)
	if i == m.cur {
		name = st.Bold.Render(name)
	}
	val := "[" + frame.Pad(r.cell.Value.View(), 16) + "]"
	rest := m.tailWidth()
	tail := st.Muted.Render(hintText(r.prev, r.period, rest, false))
	switch {
	case r.state != "":
		tail = st.Muted.Render(r.state)
	case i == m.cur && (m.onNote || r.cell.Note.Value() != ""):
		tail = "note: " + r.cell.Note.View()
	case r.cell.Note.Value() != "":
		tail = st.Muted.Render(frame.Quote(r.cell.Note.Value(), rest)) // closed, cut at a word
	}
	if i == m.cur && !m.onNote && r.cell.Note.Value() == "" && r.state == "" {
		tail = st.Muted.Render(hintText(r.prev, r.period, rest, true))
	}
	return marker + glyph + " " + name + val + " " + frame.Cell(tail, rest)
}

// hintText is last week's value (last month's for a monthly KPI: period) in
// width cells, shortening the words before the number so the number is never
// cut ("last week $424,085", "last wk $424,085", "$424,085"); withTab adds
// "(tab: note)" when that fits too.
func hintText(prev, period string, width int, withTab bool) string {
	text := ""
	if prev != "" {
		text = prev
		short := map[string]string{"week": "wk", "month": "mo"}[period]
		for _, lead := range []string{"last " + period + " ", "last " + short + " "} {
			if frame.Width(lead+prev) <= width {
				text = lead + prev
				break
			}
		}
	}
	if tab := "  (tab: note)"; withTab && frame.Width(text+tab) <= width {
		text += tab
	}
	return strings.TrimSpace(text)
}
