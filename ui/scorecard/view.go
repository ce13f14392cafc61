package scorecard

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/lipgloss"

	"kpi/model"
	"kpi/ui/frame"
)

// Layout of the body, top to bottom: a title line (the weeks shown and the
// legend), the column headings, the rows, and a detail line at the bottom (the
// cursor's cell in words, or the cell being edited, or the outcome of a save).
//
// Across: the frozen name column (nameW: the longest name within bounds, with
// the cursor marker and ★/ƒ), then the scrolling columns, each one separator
// cell and its content: owner, target (this week's), one column per week and
// the average and total. A week's content is the cell width (the longest glyph
// and value plus a cell each side, where the cursor's brackets go). The column
// of the week under review has bars for separators on both sides.
const (
	headerLines  = 2 // the title line and the column headings
	detailLines  = 1
	minNameW     = 12
	maxNameW     = 30
	minCellW     = 7
	maxCellW     = 14
	minOwnerW    = 6
	maxOwnerW    = 10
	minTargetW   = 8
	maxTargetW   = 18
	reviewBorder = "│"
)

// colKind is what a scrolling column shows.
type colKind int

const (
	colOwner colKind = iota
	colTarget
	colWeek
	colAvg
	colTotal
)

// col is one scrolling column: its kind, its week (colWeek) and its width with
// the separator.
type col struct {
	kind  colKind
	week  int
	width int
}

// geometry is the grid's columns for the current rows and width.
type geometry struct {
	nameW int
	cellW int // a week's content width
	cols  []col
	// frozen is how many of the first columns (owner and target) stay with the
	// names: both when at least minScrollWeeks weeks, the average and the total
	// still fit beside them, else none.
	frozen int
}

// minScrollWeeks is the fewest weeks the grid keeps room for before it lets
// the owner and target columns scroll away.
const minScrollWeeks = 6

// layout measures the columns from what every row prints, so the columns keep
// their widths as the rows scroll by; the cells measured are not kept.
func (m *Model) layout() {
	nameW, ownerW, targetW, cellW, avgW, totalW := minNameW, minOwnerW, minTargetW, minCellW, 4, 6
	shown := m.gridShown()
	for _, r := range m.rows {
		if r.heading && len(r.members) > 0 && shown != nil {
			fillGroupCells(&r, shown)
			for _, t := range r.texts {
				cellW = max(cellW, lipgloss.Width(t.glyph)+1+lipgloss.Width(t.value)+2)
			}
			avgW, totalW = max(avgW, lipgloss.Width(r.avg)+1), max(totalW, lipgloss.Width(r.total)+1)
		}
		if r.heading {
			continue
		}
		if shown != nil {
			fillCells(&r, shown)
		}
		nameW = max(nameW, lipgloss.Width(m.nameText(r))+3)
		ownerW = max(ownerW, lipgloss.Width(model.Sanitize(r.kpi.Owner, false))+1)
		targetW = max(targetW, lipgloss.Width(targetText(r))+1)
		for _, t := range r.texts {
			cellW = max(cellW, lipgloss.Width(t.glyph)+1+lipgloss.Width(t.value)+2)
		}
		avgW = max(avgW, lipgloss.Width(r.avg)+1)
		totalW = max(totalW, lipgloss.Width(r.total)+1)
	}
	g := geometry{
		nameW: min(nameW, maxNameW, max(m.width/3, minNameW)),
		cellW: min(cellW, maxCellW),
	}
	g.cols = append(g.cols, col{kind: colOwner, width: 1 + min(ownerW, maxOwnerW)}, col{kind: colTarget, width: 1 + min(targetW, maxTargetW)})
	for i := range m.weeks() {
		g.cols = append(g.cols, col{kind: colWeek, week: i, width: 1 + g.cellW})
	}
	g.cols = append(g.cols, col{kind: colAvg, width: 1 + min(avgW, maxCellW)}, col{kind: colTotal, width: 1 + min(totalW, maxCellW)})
	n := len(g.cols)
	if g.nameW+g.cols[0].width+g.cols[1].width+minScrollWeeks*(1+g.cellW)+g.cols[n-2].width+g.cols[n-1].width <= m.width {
		g.frozen = 2
	}
	m.geo = g
}

// frozenWidth is the width of the names and the frozen columns.
func (m Model) frozenWidth() int {
	w := m.geo.nameW
	for i := 0; i < m.geo.frozen; i++ {
		w += m.geo.cols[i].width
	}
	return w
}

// rowsShown is how many rows fit between the headings and the detail line.
func (m Model) rowsShown() int { return max(m.height-headerLines-detailLines, 1) }

// visible is the range of scrolling columns shown from the offset (never
// before the frozen ones).
func (m Model) visible(off int) (from, to int) {
	off = max(off, m.geo.frozen)
	room := m.width - m.frozenWidth()
	used := 0
	to = off
	for to < len(m.geo.cols) && used+m.geo.cols[to].width <= room {
		used += m.geo.cols[to].width
		to++
	}
	return off, to
}

// ensureVisible scrolls so the cursor's row (with its group's heading when it
// is the first of the group) and the cursor's week column show. On the week
// under review (and at a column offset of -1) the grid scrolls to its end: the
// newest weeks, the average and the total; on the oldest week, to its start.
func (m *Model) ensureVisible() {
	shown := m.rowsShown()
	top := m.cur
	for top > 0 && top <= len(m.rows) && m.rows[top-1].heading { // the heading and a sums row
		top--
	}
	if top < m.rowOff {
		m.rowOff = max(top, 0)
	}
	if m.cur >= m.rowOff+shown {
		m.rowOff = m.cur - shown + 1
	}
	m.rowOff = max(min(m.rowOff, len(m.rows)-shown), 0)

	n := len(m.geo.cols)
	if n == 0 || m.width <= 0 {
		return
	}
	ws := m.weeks()
	if m.colOff < 0 || (len(ws) > 0 && m.curWeek == ws[len(ws)-1]) {
		m.colOff = n - 1
		for m.colOff > m.geo.frozen {
			if _, to := m.visible(m.colOff - 1); to < n {
				break
			}
			m.colOff--
		}
	}
	ci := weekIndex(ws, m.curWeek) + 2 // owner and target come first
	if ci < 2 {
		return
	}
	m.colOff = max(m.colOff, m.geo.frozen)
	if ci == 2 { // the oldest week: scroll back to the owner and the target too
		m.colOff = m.geo.frozen
	}
	if ci < m.colOff {
		m.colOff = ci
	}
	for m.colOff < ci {
		if _, to := m.visible(m.colOff); to > ci {
			break
		}
		m.colOff++
	}
	m.colOff = min(max(m.colOff, 0), n-1)
}

// shown are the indices of the columns drawn: the frozen ones, then those the
// offset scrolls to.
func (m Model) shown() []int {
	var out []int
	for i := 0; i < m.geo.frozen; i++ {
		out = append(out, i)
	}
	from, to := m.visible(m.colOff)
	for i := from; i < to; i++ {
		out = append(out, i)
	}
	return out
}

// weekAt is the week of the column at x, if x is on a week column.
func (m Model) weekAt(x int) (model.Week, bool) {
	x -= m.geo.nameW
	if x < 0 {
		return model.Week{}, false
	}
	ws := m.weeks()
	for _, i := range m.shown() {
		c := m.geo.cols[i]
		if x < c.width {
			if c.kind == colWeek && c.week < len(ws) {
				return ws[c.week], true
			}
			return model.Week{}, false
		}
		x -= c.width
	}
	return model.Week{}, false
}

// compose draws the body for the current state.
func (m Model) compose() Model {
	if m.width <= 0 || m.height <= 0 {
		m.body = ""
		return m
	}
	st := m.ctx.Styles
	m.hits = frame.Hits{}
	if m.ctx.Data == nil {
		m.body = frame.PadBlock(st.Muted.Render("Loading…"), m.width, m.height)
		return m
	}
	lines := []string{m.titleLine(), m.headings()}
	switch {
	case len(m.ctx.Data.KPIs) == 0:
		lines = append(lines, st.Muted.Render(frame.Clip("This team file has no KPIs yet: n defines one.", m.width)))
	case len(m.rows) == 0:
		lines = append(lines, st.Muted.Render(frame.Clip(fmt.Sprintf("No KPI matches %q. Press / to change the filter, esc to clear it.", m.ctx.Filter), m.width)))
	}
	for i := m.rowOff; i < len(m.rows) && len(lines) < m.height-detailLines; i++ {
		if !m.rows[i].heading {
			m.hits.Add(0, len(lines), m.width, 1, i)
		}
		lines = append(lines, m.rowLine(i))
	}
	for len(lines) < m.height-detailLines {
		lines = append(lines, "")
	}
	lines = append(lines, m.detailLine())
	m.body = frame.PadBlock(strings.Join(lines, "\n"), m.width, m.height)
	return m
}

// titleLine is the span of weeks shown and the legend of the glyphs.
func (m Model) titleLine() string {
	st := m.ctx.Styles
	ws := m.weeks()
	left := st.Title.Render("Scorecard") + st.Muted.Render(fmt.Sprintf("  %s – %s · %d weeks (w)", ws[0], ws[len(ws)-1], len(ws)))
	if group := st.Muted.Render(" · " + m.group.Label() + " (b)"); lipgloss.Width(left)+lipgloss.Width(group) <= m.width {
		left += group // the grouping is the first thing to go on a narrow screen
	}
	switch {
	case m.loadErr != "":
		left += "  " + st.Error.Render("could not read the values: "+m.loadErr)
	case m.grid == nil || m.grid.review != ws[len(ws)-1] || len(m.grid.weeks) != len(ws):
		left += "  " + st.Muted.Render("reading…")
	}
	legend := st.Good.Render("✓ on track") + " " + st.Warn.Render("! at risk") + " " + st.Bad.Render("✗ off track") + " " + st.Muted.Render("· missing")
	if m.eventShown() {
		legend += " " + st.Accent.Render(frame.EventGlyph+" event")
	}
	if m.ctx.Filter != "" {
		legend = st.Accent.Render(fmt.Sprintf("filter %q", m.ctx.Filter))
	}
	if lipgloss.Width(left)+2+lipgloss.Width(legend) > m.width {
		return frame.Pad(left, m.width)
	}
	return frame.Spread(left, legend, m.width)
}

// sep is the separator before scrolling column i: a bar on both sides of the
// week under review's column, else a space.
func (m Model) sep(i int) string {
	last := len(m.weeks()) - 1
	c := m.geo.cols[i]
	if (c.kind == colWeek && c.week == last) || (c.kind == colAvg && last >= 0) {
		return m.ctx.Styles.Accent.Render(reviewBorder)
	}
	return " "
}

// headings are the column names: KPI, owner, target, the weeks (the week under
// review marked), average and total.
func (m Model) headings() string {
	st := m.ctx.Styles
	ws := m.weeks()
	var b strings.Builder
	b.WriteString(st.Bold.Render(frame.Pad("KPI", m.geo.nameW)))
	for _, i := range m.shown() {
		c := m.geo.cols[i]
		var text string
		switch c.kind {
		case colOwner:
			text = "Owner"
		case colTarget:
			text = "Target"
		case colWeek:
			w := ws[c.week]
			text = fmt.Sprintf(" W%02d", w.Num)
			if w.Num == 1 || c.week == 0 {
				text = fmt.Sprintf(" %02d-W%02d", w.Year%100, w.Num)
			}
			if m.hasEvent(w) { // the mark takes the leading space
				text = frame.EventGlyph + text[1:]
			}
		case colAvg:
			text = "Avg"
		case colTotal:
			text = "Total"
		}
		text = frame.Pad(frame.Clip(text, c.width-1), c.width-1)
		style := st.Bold
		if c.kind == colWeek && c.week == len(ws)-1 {
			style = st.TabActive
		}
		b.WriteString(m.sep(i) + style.Render(text))
	}
	return frame.Pad(b.String(), m.width)
}

// nameText is a KPI's name with ★ for the OMTM and ƒ for a derived KPI.
func (m Model) nameText(r srow) string {
	name := model.Sanitize(r.kpi.Name, false)
	if r.kpi.Derived() {
		name = "ƒ " + name
	}
	if r.kpi.OMTM {
		name = "★ " + name
	}
	return name
}

// targetText is the KPI's target in the week under review.
func targetText(r srow) string {
	if r.kpi.Kind == model.Qualitative {
		return "status"
	}
	return model.Sanitize(model.TargetText(r.kpi, r.target), false)
}

// rowLine draws row i: a heading across the width, or a KPI's cells.
func (m Model) rowLine(i int) string {
	st := m.ctx.Styles
	r := m.row(i)
	if r.heading && len(r.members) > 0 {
		return m.groupLine(r)
	}
	if r.heading {
		roll := frame.StatusStyle(st, r.rollup.Status()).Render(r.rollup.Status().Glyph() + " " + r.rollup.Text())
		return frame.Pad(st.Title.Render(frame.Clip(r.title, m.width-24))+"  "+roll, m.width)
	}
	cursorRow := i == m.cur
	marker := "  "
	if cursorRow {
		marker = st.Accent.Render("▸ ")
	}
	name := frame.Pad(frame.Clip(m.nameText(r), m.geo.nameW-3), m.geo.nameW-2)
	if cursorRow {
		name = st.Bold.Render(name)
	}
	var b strings.Builder
	b.WriteString(marker + name)
	ws := m.weeks()
	for _, ci := range m.shown() {
		c := m.geo.cols[ci]
		w := c.width - 1
		b.WriteString(m.sep(ci))
		switch c.kind {
		case colOwner:
			b.WriteString(st.Muted.Render(frame.Pad(frame.Clip(model.Sanitize(r.kpi.Owner, false), w), w)))
		case colTarget:
			b.WriteString(st.Muted.Render(frame.Pad(frame.Clip(targetText(r), w), w)))
		case colWeek:
			b.WriteString(m.cell(r, c.week, cursorRow && ws[c.week] == m.curWeek, w))
		case colAvg:
			b.WriteString(frame.Pad(frame.Clip(orBlank(r.avg, r.cells), w), w))
		case colTotal:
			b.WriteString(st.Bold.Render(frame.Pad(frame.Clip(orBlank(r.total, r.cells), w), w)))
		}
	}
	return frame.Pad(b.String(), m.width)
}

// orBlank is s, or "…" while the grid is being read.
func orBlank(s string, cells []model.ScoreCell) string {
	if cells == nil {
		return "…"
	}
	return s
}

// cell draws one week of a KPI in w cells: the glyph and the value in the
// status's colour, bracketed under the cursor, the input while it is edited.
func (m *Model) cell(r srow, week int, cursor bool, w int) string {
	st := m.ctx.Styles
	inner := w - 2
	if m.editing && cursor {
		m.edit.Value.Width = max(inner-1, 1)
		return st.Accent.Render("[") + frame.Pad(m.edit.Value.View(), inner) + st.Accent.Render("]")
	}
	text := "…"
	style := st.Muted
	if r.texts != nil {
		t := r.texts[week]
		style = frame.StatusStyle(st, t.status)
		text = t.glyph + " " + t.value
		if t.glyph == "" { // a week not due (blank), or n/a, which has no glyph
			text = t.value
		}
	}
	content := style.Render(frame.Pad(frame.Clip(text, inner), inner))
	if cursor {
		return st.Accent.Render("[") + st.Selected.Render(content) + st.Accent.Render("]")
	}
	return " " + content + " "
}

// detailLine is the cursor's cell in words, the cell being edited with its note
// input and any refusal, or the outcome of the last save.
func (m *Model) detailLine() string {
	st := m.ctx.Styles
	if m.editing {
		return m.editLine()
	}
	if m.message != "" {
		style := st.Accent
		if m.msgErr {
			style = st.Error
		}
		return style.Render(frame.Clip(m.message, m.width))
	}
	r, ok := m.current()
	ws := m.weeks()
	i := weekIndex(ws, m.curWeek)
	if !ok || i < 0 {
		return ""
	}
	k := r.kpi
	name := model.Sanitize(k.Name, false)
	if r.cells == nil {
		return st.Muted.Render(frame.Clip(name+" · "+m.curWeek.String(), m.width))
	}
	c := r.cells[i]
	var parts []string
	switch {
	case !c.Due:
		parts = append(parts, fmt.Sprintf("%s is monthly: its value is entered in %s", name, model.DueWeekOf(k.Cadence, c.Week)))
	case c.Before:
		parts = append(parts, fmt.Sprintf("%s %s: not tracked yet (tracked from %s)", name, c.Week, k.FirstWeek()))
	case !c.HasValue:
		parts = append(parts, fmt.Sprintf("%s %s: missing", name, c.Week))
	default:
		v := model.ValueText(k, c.Value)
		if !c.Value.HasNumber && c.Value.Status == model.NotAvail {
			v = "n/a (a division by zero)"
		}
		parts = append(parts, fmt.Sprintf("%s %s: %s", name, c.Week, v))
	}
	if k.Kind == model.Quantitative && c.Due {
		parts = append(parts, "target "+model.TargetText(k, c.Target))
	}
	if c.Due && c.HasValue && c.Status != model.NoneGiven {
		parts = append(parts, c.Status.Text())
	}
	if c.Value.Note != "" {
		parts = append(parts, "“"+model.Sanitize(c.Value.Note, false)+"”")
	}
	if k.Derived() {
		parts = append(parts, "ƒ = "+model.Sanitize(k.Formula, false))
	}
	if ev := m.eventText(c.Week); ev != "" {
		parts = append(parts, frame.EventGlyph+" "+ev)
	}
	return frame.StatusStyle(st, c.Status).Render(frame.Clip(strings.Join(parts, " · "), m.width))
}

// groupLine draws a tag group's sums row, under its heading: its title in
// the name column, then the sums under the weeks and their average and total.
func (m Model) groupLine(r srow) string {
	st := m.ctx.Styles
	var b strings.Builder
	b.WriteString(st.Muted.Render(frame.Pad("  "+frame.Clip(r.title, m.geo.nameW-3), m.geo.nameW)))
	for _, ci := range m.shown() {
		c := m.geo.cols[ci]
		w := c.width - 1
		switch c.kind {
		case colOwner, colTarget:
			b.WriteString(" " + strings.Repeat(" ", w))
		case colWeek:
			b.WriteString(m.sep(ci) + m.cell(r, c.week, false, w))
		case colAvg:
			b.WriteString(m.sep(ci) + frame.Pad(frame.Clip(orBlank(r.avg, r.cells), w), w))
		case colTotal:
			b.WriteString(m.sep(ci) + st.Bold.Render(frame.Pad(frame.Clip(orBlank(r.total, r.cells), w), w)))
		}
	}
	return frame.Pad(b.String(), m.width)
}

// eventText is the text of week w's events ("Holiday; Launch"), "" for none.
func (m Model) eventText(w model.Week) string {
	if m.ctx.Data == nil {
		return ""
	}
	return model.EventText(m.ctx.Data.Events, w)
}

// hasEvent reports whether week w has an event, for the mark on its heading.
func (m Model) hasEvent(w model.Week) bool { return m.eventText(w) != "" }

// eventShown reports whether a week of the grid has an event, so the legend
// explains the mark only when one is drawn.
func (m Model) eventShown() bool {
	for _, w := range m.weeks() {
		if m.hasEvent(w) {
			return true
		}
	}
	return false
}
