// Package dashboard is view 1 of the app: the week's KPIs as cards in a
// responsive grid — the OMTM first and larger, key KPIs as cards, health metrics
// as a compact list — each with value, target, status, change and a sparkline.
//
// Cards are drawn when the data, the size, the theme or the selection change and
// kept; View returns the body composed at the end of Update.
package dashboard

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"kpi/model"
	"kpi/ui/frame"
)

// KeyMap is the dashboard's keys.
type KeyMap struct {
	Up, Down, Left, Right key.Binding
	PageUp, PageDown      key.Binding
	Home, End             key.Binding
	Open                  key.Binding
	GroupBy               key.Binding
	SortByStatus          key.Binding
	New, Edit             key.Binding // the KPI editor: a new KPI, the selected one
}

// DefaultKeyMap is arrows and hjkl to move, Enter to open the KPI in Trends, b
// to group the cards, s to sort the health metrics by status, n and E for the
// KPI editor.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Up:           key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:         key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		Left:         key.NewBinding(key.WithKeys("left", "h"), key.WithHelp("←/h", "left")),
		Right:        key.NewBinding(key.WithKeys("right", "l"), key.WithHelp("→/l", "right")),
		PageUp:       key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup", "page up")),
		PageDown:     key.NewBinding(key.WithKeys("pgdown", " "), key.WithHelp("pgdn", "page down")),
		Home:         key.NewBinding(key.WithKeys("home"), key.WithHelp("home", "first")),
		End:          key.NewBinding(key.WithKeys("end"), key.WithHelp("end", "last")),
		Open:         key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "trends")),
		GroupBy:      frame.GroupKey(),
		SortByStatus: key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "health by status")),
		New:          frame.NewKPIKey(),
		Edit:         frame.EditKey(),
	}
}

// Bindings lists every binding, for help and for the duplicate-key test.
func (k KeyMap) Bindings() []key.Binding {
	return []key.Binding{k.Up, k.Down, k.Left, k.Right, k.PageUp, k.PageDown, k.Home, k.End, k.Open, k.GroupBy, k.SortByStatus, k.New, k.Edit}
}

// block is one horizontal band of the dashboard: a row of cards, the health
// heading, a group's heading, or a row of health lines.
type block struct {
	items   []int // indices into Model.items; none for a heading
	height  int
	heading string
	group   *group // a group's heading, with its roll-up
}

// Model is the dashboard view.
type Model struct {
	ctx           frame.Context
	width, height int
	keys          KeyMap

	items  []item
	groups []group        // the groups items belong to, when grouped
	group  frame.Grouping // not grouped unless b chose a grouping
	// byStatus is set by s: the health metrics worst first, not in the
	// store's order (s again goes back).
	byStatus bool
	health   healthCols // the health lines' column widths
	blocks   []block
	colW     []int // the width of each card column
	sel      int   // selected item
	offset   int   // first block shown below the summary line

	cards map[cardKey]string
	body  string
	hits  frame.Hits
}

type cardKey struct {
	item     int
	selected bool
}

// New is an empty dashboard; it draws once it has a size and a context.
func New() Model {
	return Model{ctx: frame.Context{}.Styled(), keys: DefaultKeyMap(), cards: map[cardKey]string{}, group: frame.Ungrouped}
}

// WithKeys is the dashboard with the user's key map (the personal config can
// rebind any key).
func (m Model) WithKeys(k KeyMap) Model {
	m.keys = k
	return m
}

// Init starts nothing: the root loads the data.
func (m Model) Init() tea.Cmd { return nil }

// Title is the tab's name.
func (m Model) Title() string { return "Dashboard" }

// Capturing is false: the dashboard has no text input.
func (m Model) Capturing() bool { return false }

// ShortHelp is the footer's keys.
func (m Model) ShortHelp() []key.Binding {
	sort := m.keys.SortByStatus
	if m.byStatus {
		sort.SetHelp(sort.Help().Key, "health in order")
	}
	return []key.Binding{m.navHelp(), m.keys.Open, sort}
}

// navHelp is one help entry for the four movement keys.
func (m Model) navHelp() key.Binding {
	return frame.Joined("", "select", m.keys.Left, m.keys.Up, m.keys.Down, m.keys.Right)
}

// FullHelp is every key, for the help overlay.
func (m Model) FullHelp() [][]key.Binding {
	return [][]key.Binding{{m.keys.Up, m.keys.Down, m.keys.Left, m.keys.Right}, {m.keys.PageUp, m.keys.PageDown, m.keys.Home, m.keys.End, m.keys.Open}, {m.keys.GroupBy, m.keys.SortByStatus, m.keys.New, m.keys.Edit}}
}

// Keys is the dashboard's key map.
func (m Model) Keys() KeyMap { return m.keys }

// Selected is the KPI under the selection, if any.
func (m Model) Selected() (model.KPI, bool) {
	if m.sel < 0 || m.sel >= len(m.items) {
		return model.KPI{}, false
	}
	return m.items[m.sel].reading.KPI, true
}

// SetSize lays the cards out again for the new body size.
func (m Model) SetSize(width, height int) Model {
	m.width, m.height = max(width, 0), max(height, 0)
	m.cards = map[cardKey]string{}
	return m.relayout()
}

// SetContext takes new data, styles, mode or filter and redraws, keeping the
// selection on the same KPI when it is still shown.
func (m Model) SetContext(c frame.Context) Model {
	selected, had := m.Selected()
	m.ctx = c.Styled()
	m.items, m.groups = groupedItems(c.Data, c.Filter, m.group)
	if m.byStatus {
		sortByStatus(m.items)
	}
	m.health = measureHealth(m.items)
	m.sel = 0
	if had {
		for i, it := range m.items {
			if it.reading.KPI.ID == selected.ID {
				m.sel = i
			}
		}
	}
	m.cards = map[cardKey]string{}
	return m.relayout()
}

// Update moves the selection, scrolls, and asks the root to open a KPI in Trends
// or in the editor.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyMsg:
		return m.handleKey(msg)
	case tea.MouseMsg:
		return m.handleMouse(msg)
	}
	return m, nil
}

func (m Model) handleKey(msg tea.KeyMsg) (Model, tea.Cmd) {
	if key.Matches(msg, m.keys.New) {
		return m, func() tea.Msg { return frame.EditKPIMsg{} }
	}
	if key.Matches(msg, m.keys.GroupBy) && m.ctx.Data != nil {
		m.group = frame.NextGrouping(m.group, m.ctx.Data.KPIs)
		m.offset = 0
		return m.SetContext(m.ctx), nil
	}
	if key.Matches(msg, m.keys.SortByStatus) && m.ctx.Data != nil {
		m.byStatus = !m.byStatus
		m = m.SetContext(m.ctx)
		m.ensureVisible()
		return m.compose(), nil
	}
	if len(m.items) == 0 {
		return m, nil
	}
	switch {
	case key.Matches(msg, m.keys.Left):
		m.sel = max(m.sel-1, 0)
	case key.Matches(msg, m.keys.Right):
		m.sel = min(m.sel+1, len(m.items)-1)
	case key.Matches(msg, m.keys.Up):
		m.sel = m.vertical(-1, 1)
	case key.Matches(msg, m.keys.Down):
		m.sel = m.vertical(1, 1)
	case key.Matches(msg, m.keys.PageUp):
		m.sel = m.vertical(-1, max(m.visibleBlocks()-1, 1))
	case key.Matches(msg, m.keys.PageDown):
		m.sel = m.vertical(1, max(m.visibleBlocks()-1, 1))
	case key.Matches(msg, m.keys.Home):
		m.sel = 0
	case key.Matches(msg, m.keys.End):
		m.sel = len(m.items) - 1
	case key.Matches(msg, m.keys.Open):
		id := m.items[m.sel].reading.KPI.ID
		return m, func() tea.Msg { return frame.OpenKPIMsg{KPIID: id} }
	case key.Matches(msg, m.keys.Edit):
		id := m.items[m.sel].reading.KPI.ID
		return m, func() tea.Msg { return frame.EditKPIMsg{KPIID: id} }
	default:
		return m, nil
	}
	m.ensureVisible()
	return m.compose(), nil
}

func (m Model) handleMouse(msg tea.MouseMsg) (Model, tea.Cmd) {
	switch msg.Button {
	case tea.MouseButtonWheelUp:
		m.offset = max(m.offset-1, 0)
		return m.compose(), nil
	case tea.MouseButtonWheelDown:
		m.offset = min(m.offset+1, m.maxOffset())
		return m.compose(), nil
	case tea.MouseButtonLeft:
		if msg.Action != tea.MouseActionPress {
			return m, nil
		}
		if i, ok := m.hits.At(msg.X, msg.Y); ok {
			if i == m.sel {
				id := m.items[i].reading.KPI.ID
				return m, func() tea.Msg { return frame.OpenKPIMsg{KPIID: id} }
			}
			m.sel = i
			return m.compose(), nil
		}
	}
	return m, nil
}

// vertical moves steps blocks up (dir -1) or down (+1), keeping the column.
func (m Model) vertical(dir, steps int) int {
	b, col := m.blockOf(m.sel)
	if b < 0 {
		return m.sel
	}
	target := b
	for moved := 0; moved < steps; {
		next := target + dir
		for next >= 0 && next < len(m.blocks) && len(m.blocks[next].items) == 0 {
			next += dir
		}
		if next < 0 || next >= len(m.blocks) {
			break
		}
		target = next
		moved++
	}
	row := m.blocks[target].items
	return row[min(col, len(row)-1)]
}

func (m Model) blockOf(itemIdx int) (block, col int) {
	for b, bl := range m.blocks {
		for c, i := range bl.items {
			if i == itemIdx {
				return b, c
			}
		}
	}
	return -1, 0
}

// avail is the body height between the pinned summary line and the detail
// lines at the bottom.
func (m Model) avail() int { return m.height - 1 - len(m.detailText()) }

// ensureVisible scrolls so that the selected item's block is entirely shown,
// with the health heading when it is the first health row.
func (m *Model) ensureVisible() {
	b, _ := m.blockOf(m.sel)
	if b < 0 {
		return
	}
	if b > 0 && (m.blocks[b-1].heading != "" || m.blocks[b-1].group != nil) {
		if b-1 < m.offset {
			m.offset = b - 1
		}
	}
	if b < m.offset {
		m.offset = b
	}
	for m.offset < b && m.heightOf(m.offset, b) > m.avail() {
		m.offset++
	}
	for m.offset > 0 && m.heightOf(m.offset-1, len(m.blocks)-1) <= m.avail() {
		m.offset-- // at the end, fill the body from the bottom
	}
}

func (m Model) heightOf(from, to int) int {
	h := 0
	for i := from; i <= to && i < len(m.blocks); i++ {
		h += m.blocks[i].height
	}
	return h
}

func (m Model) visibleBlocks() int {
	n, h := 0, 0
	for i := m.offset; i < len(m.blocks); i++ {
		h += m.blocks[i].height
		if h > m.avail() {
			break
		}
		n++
	}
	return n
}

// maxOffset is the furthest the wheel scrolls: the last blocks fill the body.
func (m Model) maxOffset() int {
	h := 0
	for i := len(m.blocks) - 1; i >= 0; i-- {
		h += m.blocks[i].height
		if h > m.avail() {
			return min(i+1, len(m.blocks)-1)
		}
	}
	return 0
}

// relayout groups the items into blocks for the current width and mode: the
// items as they come, or each group's under its heading.
func (m Model) relayout() Model {
	m.blocks = nil
	cols := min(max(m.width/minCardWidth, 1), maxColumns)
	if m.ctx.Presentation {
		cols = min(max(m.width/minPresentationCardWidth, 1), maxColumns)
	}
	m.colW = splitWidth(m.width, cols)
	if len(m.groups) == 0 {
		m.blocks = m.layoutItems(0, len(m.items), true)
	}
	for start := 0; start < len(m.items); {
		if len(m.groups) == 0 {
			break
		}
		end := start
		for end < len(m.items) && m.items[end].group == m.items[start].group {
			end++
		}
		m.blocks = append(m.blocks, block{group: &m.groups[m.items[start].group], height: 1})
		m.blocks = append(m.blocks, m.layoutItems(start, end, false)...)
		start = end
	}
	if m.sel >= len(m.items) {
		m.sel = max(len(m.items)-1, 0)
	}
	m.offset = min(m.offset, m.maxOffset())
	m.ensureVisible()
	return m.compose()
}

// layoutItems lays out items [from, to) in blocks: the OMTM alone and larger,
// key KPIs in rows of cards, then health metrics in rows of lines, under a
// "Health metrics" heading when healthHeading is set (a group's heading says
// enough).
func (m Model) layoutItems(from, to int, healthHeading bool) []block {
	var blocks []block
	sz := sizesFor(m.ctx.Presentation)
	minW := minCardWidth
	if m.ctx.Presentation {
		minW = minPresentationCardWidth
	}
	cols := min(max(m.width/minW, 1), maxColumns) // as relayout's m.colW
	var row []int
	flush := func() {
		if len(row) > 0 {
			blocks = append(blocks, block{items: row, height: sz.keyLines + cardChromeH})
			row = nil
		}
	}
	hcols := min(max(m.width/healthColumnWidth, 1), maxColumns)
	var healthRow []int
	headingDone := !healthHeading
	for i := from; i < to; i++ {
		switch m.items[i].tier {
		case tierOMTM:
			blocks = append(blocks, block{items: []int{i}, height: sz.omtmLines + cardChromeH})
		case tierKey:
			row = append(row, i)
			if len(row) == cols {
				flush()
			}
		case tierHealth:
			flush()
			if !headingDone {
				blocks = append(blocks, block{heading: "Health metrics", height: 1})
				headingDone = true
			}
			healthRow = append(healthRow, i)
			if len(healthRow) == hcols {
				blocks = append(blocks, block{items: healthRow, height: 1})
				healthRow = nil
			}
		}
	}
	flush()
	if len(healthRow) > 0 {
		blocks = append(blocks, block{items: healthRow, height: 1})
	}
	return blocks
}

// splitWidth divides width into n column widths that differ by at most one.
func splitWidth(width, n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = width / n
		if i < width%n {
			out[i]++
		}
	}
	return out
}

// card returns the cached drawing of item i.
func (m Model) card(i int, width int) string {
	k := cardKey{i, i == m.sel}
	if s, ok := m.cards[k]; ok {
		return s
	}
	it := m.items[i]
	var s string
	if it.tier == tierHealth {
		s = drawHealthLine(m.ctx.Styles, it, m.health, width, k.selected)
	} else {
		s = drawCard(m.ctx.Styles, it, width, k.selected, sizesFor(m.ctx.Presentation))
	}
	m.cards[k] = s
	return s
}

// compose joins the cached cards of the visible blocks into the body.
func (m Model) compose() Model {
	m.hits = frame.Hits{}
	if m.width <= 0 || m.height <= 0 {
		m.body = ""
		return m
	}
	st := m.ctx.Styles
	lines := []string{m.summary()}
	switch {
	case m.ctx.Data == nil:
		lines = append(lines, st.Muted.Render("Loading…"))
	case len(m.ctx.Data.KPIs) == 0:
		lines = append(lines, "", st.Muted.Render("This team file has no KPIs yet: press n to define one, or import definitions with `kpi import FILE`."))
	case len(m.items) == 0:
		lines = append(lines, "", st.Muted.Render(fmt.Sprintf("No KPI matches %q. Press / to change the filter, esc to clear it.", m.ctx.Filter)))
	}
	y := 1
	hcols := min(max(m.width/healthColumnWidth, 1), maxColumns)
	healthW := splitWidth(m.width, hcols)
	b := m.offset
	for ; b < len(m.blocks); b++ {
		bl := m.blocks[b]
		if y+bl.height > m.avail()+1 {
			break
		}
		if bl.group != nil {
			lines = append(lines, m.groupHeading(*bl.group))
			y++
			continue
		}
		if bl.heading != "" {
			lines = append(lines, st.Title.Render(bl.heading))
			y++
			continue
		}
		parts := make([]string, 0, len(bl.items))
		x := 0
		for c, i := range bl.items {
			w := m.width
			switch {
			case m.items[i].tier == tierHealth:
				w = healthW[c]
			case m.items[i].tier == tierKey:
				w = m.colW[c]
			}
			parts = append(parts, m.card(i, w))
			m.hits.Add(x, y, w, bl.height, i)
			x += w
		}
		lines = append(lines, lipgloss.JoinHorizontal(lipgloss.Top, parts...))
		y += bl.height
	}
	if len(m.items) > 0 {
		detail := m.detailLines(b)
		for ; y < m.height-len(detail); y++ { // lines holds whole blocks: y counts lines
			lines = append(lines, "")
		}
		lines = append(lines, detail...)
	}
	m.body = frame.PadBlock(strings.Join(lines, "\n"), m.width, m.height)
	return m
}

// detailLines are the bottom lines: the selected KPI in full — its name,
// note, owner and objective, which its card or line may have cut — on one line
// or, when that cuts it, two, and how many KPIs are out of sight, below the
// last block shown (from block below on) and above the first.
func (m Model) detailLines(below int) []string {
	if len(m.items) == 0 {
		return nil
	}
	st := m.ctx.Styles
	count := func(from, to int) int {
		n := 0
		for i := from; i < to && i < len(m.blocks); i++ {
			n += len(m.blocks[i].items)
		}
		return n
	}
	var more []string
	if n := count(below, len(m.blocks)); n > 0 {
		more = append(more, fmt.Sprintf("+%d more ↓", n))
	}
	if n := count(0, m.offset); n > 0 {
		more = append(more, fmt.Sprintf("%d above ↑", n))
	}
	right := strings.Join(more, " · ")
	text := m.detailText()
	out := make([]string, max(len(text), 1))
	for i := range out {
		l, r := "", ""
		if i < len(text) {
			l = text[i]
		}
		if i == len(out)-1 { // after the text, which reads on from line to line
			r = right
		}
		out[i] = frame.Spread(st.Muted.Render(l), st.Muted.Render(r), m.width)
	}
	return out
}

// detailText is the selected KPI in words on one or two lines, beside room
// for the longest counts of KPIs out of sight (so the lines do not change as
// the dashboard scrolls).
func (m Model) detailText() []string {
	if m.sel < 0 || m.sel >= len(m.items) {
		return nil
	}
	n := len(m.items)
	room := m.width - frame.Width(fmt.Sprintf("+%d more ↓ · %d above ↑", n, n)) - 2
	return frame.Wrap(selectedText(m.items[m.sel]), max(room, 1), 2)
}

// selectedText is the selected KPI in words for the detail line: "▸ Logo
// churn · “Annual renewals came due” · emma · Delight customers".
func selectedText(it item) string {
	k := it.reading.KPI
	parts := []string{"▸ " + model.Sanitize(k.Name, false)}
	if r := it.reading; r.HasValue && r.Value.Note != "" {
		parts = append(parts, "“"+model.Sanitize(r.Value.Note, false)+"”")
	}
	if k.Owner != "" {
		parts = append(parts, model.Sanitize(k.Owner, false))
	}
	if it.objective != "" {
		parts = append(parts, model.Sanitize(it.objective, false))
	}
	return strings.Join(parts, " · ")
}

// groupHeading is a group's line: its title and its roll-up for the week.
func (m Model) groupHeading(g group) string {
	st := m.ctx.Styles
	roll := frame.StatusStyle(st, g.rollup.Status()).Render(g.rollup.Status().Glyph() + " " + g.rollup.Text())
	title := st.Title.Render(frame.Clip(g.title, max(m.width-frame.Width(roll)-2, 1)))
	return frame.Clip(title+"  "+roll, m.width)
}

// summary is the pinned first line: the week's counts by status, and the filter.
func (m Model) summary() string {
	d := m.ctx.Data
	if d == nil {
		return ""
	}
	st := m.ctx.Styles
	rs := make([]model.Reading, len(m.items))
	for i, it := range m.items {
		rs[i] = it.reading
	}
	s := model.Summarize(rs)
	parts := []string{
		st.Good.Render(fmt.Sprintf("✓ %d on track", s.OnTrack)),
		st.Warn.Render(fmt.Sprintf("! %d at risk", s.AtRisk)),
		st.Bad.Render(fmt.Sprintf("✗ %d off track", s.OffTrack)),
		st.Muted.Render(fmt.Sprintf("· %d missing", s.Missing)),
	}
	left := strings.Join(parts, "  ")
	right := st.Muted.Render(model.Count(len(m.items), "KPI"))
	if m.ctx.Filter != "" {
		right = st.Accent.Render(fmt.Sprintf("filter %q: %d of %d", m.ctx.Filter, len(m.items), len(d.Readings)))
	}
	if m.group != frame.Ungrouped {
		right = st.Muted.Render(m.group.Label()+" (b)  ") + right
	}
	if frame.Width(left)+1+frame.Width(right) > m.width {
		return frame.Pad(left, m.width) // the counts matter more than the total
	}
	return frame.Spread(left, right, m.width)
}

// View is the body composed by the last Update.
func (m Model) View() string { return m.body }
