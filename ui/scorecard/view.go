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
// cursor's cell in words, with the row's average and total, or the cell being
// edited, or the outcome of a save).
//
// Across: the frozen columns — the name (nameW: the longest name within
// bounds, with the cursor marker and ★/ƒ, narrowed down to minNameW so that
// wantWeeks weeks fit, but never for the totals; the detail line shows a cut
// name whole), the owner and this week's target, which carries the row's unit
// — then the scrolling columns: one per week, the average and the total. Every
// scrolling column is one separator cell and its content, sized to the longest
// content of that column (glyph, space, number), so a column of two-digit
// counts is narrow. The cursor's brackets take the separator cells on both
// sides of its cell, which is why one more cell is kept at the right end of the
// row; the column of the week under review has bars there instead.
const (
	headerLines = 2 // the title line and the column headings
	// maxDetailLines is the most lines the detail at the bottom takes.
	maxDetailLines = 2
	minNameW       = 16
	comfortNameW   = 24 // the names' width when narrowing cannot make wantWeeks fit
	maxNameW       = 30
	minOwnerW      = 5 // "Owner"
	maxOwnerW      = 10
	minTargetW     = 6  // "Target"
	maxTargetW     = 10 // "120–250 ms"; a longer target is whole in the detail line
	maxCellW       = 14
	editCellW      = 10 // a cell's content while it is edited: room to type
	reviewBorder   = "│"
	// wantWeeks is how many weeks the name column narrows for (or all of a
	// shorter range).
	wantWeeks = 10
)

// colKind is what a column shows.
type colKind int

const (
	colOwner colKind = iota
	colTarget
	colWeek
	colAvg
	colTotal
)

// col is one column: its kind, its week (colWeek) and its width with the
// separator before it.
type col struct {
	kind  colKind
	week  int
	width int
}

// geometry is the grid's columns for the current rows and width.
type geometry struct {
	nameW int
	// cols are the owner and target (always frozen beside the names), one
	// column per week, the average and the total.
	cols []col
}

// frozen is how many of the first columns stay with the names: the owner and
// the target.
const frozen = 2

// layout measures the columns from what every row prints, so the columns keep
// their widths as the rows scroll by; the cells measured are not kept.
func (m *Model) layout() {
	ws := m.weeks()
	nameW, ownerW, targetW, avgW, totalW := 0, minOwnerW, minTargetW, len("Avg"), len("Total")
	weekW := make([]int, len(ws))
	for i, w := range ws {
		weekW[i] = frame.Width(m.weekHeading(w, i))
	}
	shown := m.gridShown()
	for _, r := range m.rows {
		switch {
		case r.heading && len(r.members) > 0 && shown != nil:
			fillGroupCells(&r, shown)
		case r.heading:
			continue
		case shown != nil:
			fillCells(&r, shown)
		}
		for i, t := range r.texts {
			switch {
			case i >= len(weekW):
			case t.glyph != "":
				weekW[i] = max(weekW[i], frame.Width(t.glyph)+1+frame.Width(t.value))
			default: // n/a has no glyph; a week not due prints nothing
				weekW[i] = max(weekW[i], frame.Width(t.value))
			}
		}
		avgW, totalW = max(avgW, frame.Width(r.avg)), max(totalW, frame.Width(r.total))
		if r.heading {
			continue
		}
		nameW = max(nameW, frame.Width(m.nameText(r))+3)
		ownerW = max(ownerW, frame.Width(model.Sanitize(r.kpi.Owner, false)))
		targetW = max(targetW, frame.Width(targetText(r)))
	}
	g := geometry{}
	g.cols = append(g.cols, col{kind: colOwner, width: 1 + min(ownerW, maxOwnerW)}, col{kind: colTarget, width: 1 + min(targetW, maxTargetW)})
	for i := range ws {
		g.cols = append(g.cols, col{kind: colWeek, week: i, width: 1 + min(weekW[i], maxCellW)})
	}
	g.cols = append(g.cols, col{kind: colAvg, width: 1 + min(avgW, maxCellW)}, col{kind: colTotal, width: 1 + min(totalW, maxCellW)})
	g.nameW = min(max(nameW, minNameW), maxNameW, max(m.width/3, minNameW))
	m.geo = g
	// narrow the names, down to minNameW, until wantWeeks of the newest weeks
	// fit beside them; when even that cannot make them fit, the names keep
	// comfortNameW, as a narrower column would buy little
	need := m.geo.nameW + 1 // the cell after the last column
	for i := range frozen {
		need += m.colW(i)
	}
	for i := 0; i < min(wantWeeks, len(ws)); i++ {
		need += m.colW(frozen + len(ws) - 1 - i)
	}
	switch over := need - m.width; {
	case over <= 0:
	case over <= m.geo.nameW-minNameW:
		m.geo.nameW -= over
	default:
		m.geo.nameW = min(m.geo.nameW, comfortNameW)
	}
}

// colW is column i's width: as measured, and wide enough to type in while its
// cell is edited.
func (m Model) colW(i int) int {
	c := m.geo.cols[i]
	if m.editing && c.kind == colWeek && c.week == weekIndex(m.weeks(), m.curWeek) {
		return max(c.width, 1+editCellW)
	}
	return c.width
}

// frozenWidth is the width of the names and the frozen columns.
func (m Model) frozenWidth() int {
	w := m.geo.nameW
	for i := 0; i < frozen && i < len(m.geo.cols); i++ {
		w += m.colW(i)
	}
	return w
}

// rowsShown is how many rows fit between the headings and the detail line.
func (m Model) rowsShown() int { return max(m.height-headerLines-m.detailHeight(), 1) }

// visible is the range of scrolling columns shown from the offset (never
// before the frozen ones); one cell at the right end stays free for the
// bracket or bar after the last column.
func (m Model) visible(off int) (from, to int) {
	off = max(off, frozen)
	room := m.width - m.frozenWidth() - 1
	used := 0
	to = off
	for to < len(m.geo.cols) && used+m.colW(to) <= room {
		used += m.colW(to)
		to++
	}
	return off, to
}

// ensureVisible scrolls so the cursor's row (with its group's heading when it
// is the first of the group) and the cursor's week column show. On the week
// under review the grid ends at that week, so the most weeks show; when all
// weeks fit, or after → on the week under review (totals), it scrolls to its
// end: the newest weeks, the average and the total.
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
	ws := m.weeks()
	if n == 0 || m.width <= 0 || len(ws) == 0 {
		return
	}
	ci := weekIndex(ws, m.curWeek) + frozen
	if ci < frozen {
		return
	}
	if m.colOff < 0 || ci == n-3 || m.totals { // n-3: the week under review
		end := ci // the last column that must show
		if m.totals || m.allWeeksFit() {
			end = n - 1
		}
		m.colOff = end
		for m.colOff > frozen {
			if _, to := m.visible(m.colOff - 1); to <= end {
				break
			}
			m.colOff--
		}
		return
	}
	m.colOff = min(max(m.colOff, frozen), ci)
	for m.colOff < ci {
		if _, to := m.visible(m.colOff); to > ci {
			break
		}
		m.colOff++
	}
}

// allWeeksFit reports whether every week, the average and the total fit at
// once, so there is nothing to scroll.
func (m Model) allWeeksFit() bool {
	_, to := m.visible(frozen)
	return to == len(m.geo.cols)
}

// shown are the indices of the columns drawn: the frozen ones, then those the
// offset scrolls to.
func (m Model) shown() []int {
	var out []int
	for i := 0; i < frozen && i < len(m.geo.cols); i++ {
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
	detail := m.detailLines()
	for i := m.rowOff; i < len(m.rows) && len(lines) < m.height-len(detail); i++ {
		if !m.rows[i].heading {
			m.hits.Add(0, len(lines), m.width, 1, i)
		}
		lines = append(lines, m.rowLine(i))
	}
	for len(lines) < m.height-len(detail) {
		lines = append(lines, "")
	}
	lines = append(lines, detail...)
	m.body = frame.PadBlock(strings.Join(lines, "\n"), m.width, m.height)
	return m
}

// titleLine is the span of weeks shown and the legend of the glyphs.
func (m Model) titleLine() string {
	st := m.ctx.Styles
	ws := m.weeks()
	left := st.Title.Render("Scorecard") + st.Muted.Render(fmt.Sprintf("  %s – %s · %d weeks (w)", ws[0], ws[len(ws)-1], len(ws)))
	if group := st.Muted.Render(" · " + m.group.Label() + " (b)"); frame.Width(left)+frame.Width(group) <= m.width {
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
	if frame.Width(left)+2+frame.Width(legend) > m.width {
		return frame.Pad(left, m.width)
	}
	return frame.Spread(left, legend, m.width)
}

// sep is the separator before column i when no cursor touches it: a bar on
// both sides of the week under review's column, else a space.
func (m Model) sep(i int) string {
	last := len(m.weeks()) - 1
	c := m.geo.cols[i]
	if (c.kind == colWeek && c.week == last) || (c.kind == colAvg && last >= 0) {
		return m.ctx.Styles.Accent.Render(reviewBorder)
	}
	return " "
}

// seps are the separators of a row drawn with columns shown: the one before
// each column, then the one after the last. The cursor's cell (column cursor,
// -1 for none) takes brackets in the separators on both its sides.
func (m Model) seps(shown []int, cursor int) []string {
	st := m.ctx.Styles
	out := make([]string, len(shown)+1)
	for j, ci := range shown {
		switch {
		case ci == cursor:
			out[j] = st.Accent.Render("[")
		case j > 0 && shown[j-1] == cursor:
			out[j] = st.Accent.Render("]")
		default:
			out[j] = m.sep(ci)
		}
	}
	n := len(shown)
	switch {
	case n > 0 && shown[n-1] == cursor:
		out[n] = st.Accent.Render("]")
	case n > 0 && m.geo.cols[shown[n-1]].kind == colWeek && m.geo.cols[shown[n-1]].week == len(m.weeks())-1:
		out[n] = st.Accent.Render(reviewBorder)
	default:
		out[n] = " "
	}
	return out
}

// weekHeading is the heading of week w, column i of the grid: " W47", with
// the year on the first column and on week 1, the event mark in place of the
// leading space.
func (m Model) weekHeading(w model.Week, i int) string {
	text := fmt.Sprintf("W%02d", w.Num)
	if w.Num == 1 || i == 0 {
		text = fmt.Sprintf("%02d-W%02d", w.Year%100, w.Num)
	}
	if m.hasEvent(w) {
		text = frame.EventGlyph + text
	}
	return text
}

// headings are the column names: KPI, owner, target, the weeks (the week under
// review marked), average and total.
func (m Model) headings() string {
	st := m.ctx.Styles
	ws := m.weeks()
	var b strings.Builder
	b.WriteString(st.Bold.Render(frame.Pad("KPI", m.geo.nameW)))
	shown := m.shown()
	seps := m.seps(shown, -1)
	for j, i := range shown {
		c := m.geo.cols[i]
		var text string
		switch c.kind {
		case colOwner:
			text = "Owner"
		case colTarget:
			text = "Target"
		case colWeek:
			text = m.weekHeading(ws[c.week], c.week)
		case colAvg:
			text = "Avg"
		case colTotal:
			text = "Total"
		}
		text = frame.Cell(text, m.colW(i)-1)
		style := st.Bold
		if c.kind == colWeek && c.week == len(ws)-1 {
			style = st.TabActive
		}
		b.WriteString(seps[j] + style.Render(text))
	}
	b.WriteString(seps[len(shown)])
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

// targetText is the KPI's target in the week under review at the row's
// precision, with the KPI's unit: the cells beside it print bare numbers.
func targetText(r srow) string {
	k := r.kpi
	switch {
	case k.Kind == model.Qualitative:
		return "status"
	case !r.target.OK && k.Unit != "":
		return model.Sanitize("— "+k.Unit, false)
	case r.cells == nil:
		return model.Sanitize(model.TargetText(k, r.target), false)
	}
	return model.Sanitize(r.prec.Target(k, r.target), false)
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
	name := frame.Cell(m.nameText(r), m.geo.nameW-3) + " "
	if cursorRow {
		name = st.Bold.Render(name)
	}
	var b strings.Builder
	b.WriteString(marker + name)
	ws := m.weeks()
	shown := m.shown()
	cursor := -1
	if cursorRow {
		cursor = weekIndex(ws, m.curWeek) + frozen
	}
	seps := m.seps(shown, cursor)
	for j, ci := range shown {
		c := m.geo.cols[ci]
		w := m.colW(ci) - 1
		b.WriteString(seps[j])
		switch c.kind {
		case colOwner:
			b.WriteString(st.Muted.Render(frame.Cell(model.Sanitize(r.kpi.Owner, false), w)))
		case colTarget:
			b.WriteString(st.Muted.Render(frame.Cell(targetText(r), w)))
		case colWeek:
			b.WriteString(m.cell(r, c.week, ci == cursor, w))
		case colAvg:
			b.WriteString(frame.Cell(orBlank(r.avg, r.cells), w))
		case colTotal:
			b.WriteString(st.Bold.Render(frame.Cell(orBlank(r.total, r.cells), w)))
		}
	}
	b.WriteString(seps[len(shown)])
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
// status's colour (the cursor's brackets are its separators), the input while
// it is edited.
func (m *Model) cell(r srow, week int, cursor bool, w int) string {
	st := m.ctx.Styles
	if m.editing && cursor {
		m.edit.Value.Width = max(w-1, 1)
		return frame.Pad(m.edit.Value.View(), w)
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
	content := style.Render(frame.Cell(text, w))
	if cursor {
		return st.Selected.Render(content)
	}
	return content
}

// detailLines are the bottom lines: the cell being edited with its note input
// and any refusal, or else the cursor's cell in words (or the outcome of the
// last save) on as many as maxDetailLines lines, so a cut name, note, event or
// message is read whole there.
func (m *Model) detailLines() []string {
	if m.editing {
		return m.editLines()
	}
	text, style := m.detailText()
	lines := frame.Wrap(text, m.width, maxDetailLines)
	for i := range lines {
		lines[i] = style.Render(lines[i])
	}
	if len(lines) == 0 {
		lines = []string{""}
	}
	return lines
}

// detailHeight is how many lines detailLines takes now.
func (m Model) detailHeight() int {
	if m.editing {
		return len(m.editLines())
	}
	text, _ := m.detailText()
	return max(len(frame.Wrap(text, m.width, maxDetailLines)), 1)
}

// detailText is the cursor's cell in words — name, week, value, target,
// status, note, formula, events, the row's average and total — or the
// message of the last save, in its style.
func (m Model) detailText() (string, lipgloss.Style) {
	st := m.ctx.Styles
	if m.message != "" {
		if m.msgErr {
			return m.message, st.Error
		}
		return m.message, st.Accent
	}
	r, ok := m.current()
	ws := m.weeks()
	i := weekIndex(ws, m.curWeek)
	if !ok || i < 0 {
		return "", st.Muted
	}
	k := r.kpi
	name := model.Sanitize(k.Name, false)
	if r.cells == nil {
		return name + " · " + m.curWeek.String(), st.Muted
	}
	c := r.cells[i]
	parts := []string{cellWords(name, k, c)}
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
	if r.sums.Numbers > 0 && !m.totalsShown() {
		parts = append(parts, fmt.Sprintf("%d-week average %s, total %s", len(ws),
			model.FormatValue(r.sums.Average, k.Unit, k.Decimals), model.FormatValue(r.sums.Total, k.Unit, k.Decimals)))
	}
	return strings.Join(parts, " · "), frame.StatusStyle(st, c.Status)
}

// totalsShown reports whether the total column is on screen.
func (m Model) totalsShown() bool {
	for _, i := range m.shown() {
		if m.geo.cols[i].kind == colTotal {
			return true
		}
	}
	return false
}

// cellWords is a cell's week and value in words: "MRR 2026-W47: $425,856".
func cellWords(name string, k model.KPI, c model.ScoreCell) string {
	switch {
	case !c.Due:
		return fmt.Sprintf("%s is monthly: its value is entered in %s", name, model.DueWeekOf(k.Cadence, c.Week))
	case c.Before:
		return fmt.Sprintf("%s %s: not tracked yet (tracked from %s)", name, c.Week, k.FirstWeek())
	case !c.HasValue:
		return fmt.Sprintf("%s %s: missing", name, c.Week)
	}
	v := model.ValueText(k, c.Value)
	if !c.Value.HasNumber && c.Value.Status == model.NotAvail {
		v = "n/a (a division by zero)"
	}
	return fmt.Sprintf("%s %s: %s", name, c.Week, v)
}

// groupLine draws a tag group's sums row, under its heading: its title in
// the name column, then the sums under the weeks and their average and total.
func (m Model) groupLine(r srow) string {
	st := m.ctx.Styles
	var b strings.Builder
	b.WriteString(st.Muted.Render(frame.Pad("  "+frame.Clip(r.title, m.geo.nameW-3), m.geo.nameW)))
	shown := m.shown()
	seps := m.seps(shown, -1)
	for j, ci := range shown {
		c := m.geo.cols[ci]
		w := m.colW(ci) - 1
		b.WriteString(seps[j])
		switch c.kind {
		case colOwner, colTarget:
			b.WriteString(strings.Repeat(" ", w))
		case colWeek:
			b.WriteString(m.cell(r, c.week, false, w))
		case colAvg:
			b.WriteString(frame.Cell(orBlank(r.avg, r.cells), w))
		case colTotal:
			b.WriteString(st.Bold.Render(frame.Cell(orBlank(r.total, r.cells), w)))
		}
	}
	b.WriteString(seps[len(shown)])
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
