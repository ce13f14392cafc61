package trends

import (
	"fmt"
	"math"
	"strings"

	"github.com/charmbracelet/lipgloss"

	"kpi/model"
	"kpi/themes"
	"kpi/ui/chart"
	"kpi/ui/frame"
)

// Layout of the body, top to bottom:
//
//	header   1 line: the KPI's name and key; the range and which KPI of how many
//	about    1 line from 16 lines up: the formula of a derived KPI, else owner,
//	         direction, tier and objective
//	chart    50 % of what is left (65 % presenting), at most 28 lines; none below 4
//	legend   1 line under the chart
//	panels   the rest: the stats on the left, the weekly table on the right
//	message  1 line at the bottom while editing or after a save or a refusal
const (
	chartShare        = 50
	chartSharePresent = 65
	maxChartHeight    = 28
	minChartHeight    = 4
	minPanelHeight    = 4
	panelGap          = 2  // cells between the stats and the table
	labelWidth        = 10 // the stats' labels ("2026 last ")
	aboutTwoLines     = 20 // from this body height the about line may take two
)

// compose draws the body for the current state; the chart is redrawn only when
// what it shows changed.
func (m Model) compose() Model {
	if m.width <= 0 || m.height <= 0 {
		m.body = ""
		return m
	}
	st := m.ctx.Styles
	k, ok := m.kpi()
	switch {
	case m.ctx.Data == nil:
		m.body = frame.PadBlock(st.Muted.Render("Loading…"), m.width, m.height)
		return m
	case !ok:
		m.body = frame.PadBlock(st.Muted.Render("This team file has no KPIs yet. Import definitions with `kpi import FILE`."), m.width, m.height)
		return m
	}
	lines := []string{m.headerLine(k)}
	if m.height >= 16 {
		lines = append(lines, m.aboutLines(k)...)
	}
	h := m.hist
	if h == nil || h.kpiID != k.ID {
		text := "Loading the history of " + k.Name + "…"
		if m.loadErr != "" {
			text = "Could not read the history of " + k.Name + ": " + m.loadErr
		}
		lines = append(lines, "", st.Muted.Render(frame.Clip(text, m.width)))
		m.body = frame.PadBlock(strings.Join(lines, "\n"), m.width, m.height)
		return m
	}

	rest := m.height - len(lines)
	share := chartShare
	if m.ctx.Presentation {
		share = chartSharePresent
	}
	chartH := min(rest*share/100, maxChartHeight)
	if rest-1-chartH < minPanelHeight {
		chartH = rest - 1 - minPanelHeight
	}
	if chartH < minChartHeight {
		chartH = 0
	}
	if chartH > 0 {
		lines = append(lines, m.drawnChart(k, chartH), m.legend(k))
	}
	panelH := m.height - len(lines) - max(chartH-1, 0) // the chart is one entry of chartH lines
	statsW := min(max(m.width/2, 30), 48)
	tableW := m.width - statsW - panelGap
	msg := m.messageLine()
	if msg == "" {
		msg = m.cursorNote(k, tableW)
	}
	if msg != "" {
		panelH--
	}
	if panelH > 0 {
		stats := m.stats(k, statsW, panelH)
		table := m.table(k, tableW, panelH)
		for i := 0; i < panelH; i++ {
			var l, r string
			if i < len(stats) {
				l = stats[i]
			}
			if i < len(table) {
				r = table[i]
			}
			lines = append(lines, frame.Pad(l, statsW)+strings.Repeat(" ", panelGap)+frame.Pad(r, tableW))
		}
	}
	if msg != "" {
		lines = append(lines, msg)
	}
	m.body = frame.PadBlock(strings.Join(lines, "\n"), m.width, m.height)
	return m
}

// drawnChart is the chart, from the cache when nothing it shows changed.
func (m *Model) drawnChart(k model.KPI, height int) string {
	start, end := m.span()
	key := chartKey{data: m.ctx.Data, hist: m.hist, start: start, end: end, cursor: m.cursor,
		width: m.width, height: height, theme: m.ctx.Styles.Theme.Name, presentation: m.ctx.Presentation}
	if key == m.chartFor && m.chart != "" {
		return m.chart
	}
	st := m.ctx.Styles
	var s string
	if k.Kind == model.Qualitative {
		s = chart.StatusStrip(st, k, m.hist.series, m.window(), m.cursor, m.width, height)
	} else {
		s = chart.Line(st, chart.Spec{KPI: k, Series: m.hist.series, Start: start, End: end, Review: m.review,
			Cursor: m.cursor, Events: m.eventWeeks(), Width: m.width, Height: height})
	}
	if s == "" {
		msg := fmt.Sprintf("No values for %s between %s and %s.", k.Name, start, end)
		s = lipgloss.Place(m.width, height, lipgloss.Center, lipgloss.Center, st.Muted.Render(frame.Clip(msg, m.width)))
		s = frame.PadBlock(s, m.width, height)
	}
	m.chartFor, m.chart = key, s
	return s
}

// headerLine is the KPI's name (★ for the OMTM, ƒ for a derived KPI) and key, and
// on the right the range and the KPI's place in the n/N cycle.
func (m Model) headerLine(k model.KPI) string {
	st := m.ctx.Styles
	mark := ""
	if k.OMTM {
		mark += "★ "
	}
	if k.Derived() {
		mark += "ƒ "
	}
	left := st.Title.Render(mark+k.Name) + st.Muted.Render("  "+k.Key)
	ks, pos := m.cycle(), 0 // where n/N go from here; all KPIs when the filter hides this one
	for pass := 0; pass < 2 && pos == 0; pass++ {
		if pass == 1 {
			ks = m.order()
		}
		for i, x := range ks {
			if x.ID == k.ID {
				pos = i + 1
			}
		}
	}
	rng := fmt.Sprintf("%d weeks", rangeWeeks(m.rangeIx))
	if rangeWeeks(m.rangeIx) == rangeAll {
		start, end := m.span()
		rng = fmt.Sprintf("all %d weeks", model.WeeksBetween(start, end)+1)
	}
	right := st.Muted.Render(fmt.Sprintf("%s (+/-)  KPI %d of %d (n/N)", rng, pos, len(ks)))
	return frame.Spread(left, right, m.width)
}

// aboutLines say what the KPI is: the formula of a derived KPI and that it is
// not entered; else owner, direction, tier, objective and cadence. Text that
// does not fit one line goes on to a second when the body is tall enough.
func (m Model) aboutLines(k model.KPI) []string {
	st := m.ctx.Styles
	n := 1
	if m.height >= aboutTwoLines {
		n = 2
	}
	if k.Derived() {
		from := "its inputs"
		if m.hist != nil && m.hist.kpiID == k.ID && len(m.hist.inputs) > 0 {
			var names []string
			for _, in := range m.hist.inputs {
				names = append(names, in.kpi.Name)
			}
			from = strings.Join(names, " and ")
		}
		lines := frame.Wrap("ƒ = "+model.Sanitize(k.Formula, false)+"  derived: computed each week from "+from+", never entered", m.width, n)
		for i := range lines {
			lines[i] = st.Accent.Render(lines[i])
		}
		return lines
	}
	parts := []string{}
	if k.Owner != "" {
		parts = append(parts, "owner "+k.Owner)
	}
	parts = append(parts, directionText(k.Direction))
	if k.Tier == model.TierKey {
		parts = append(parts, "key KPI")
	} else {
		parts = append(parts, "health metric")
	}
	if k.Cadence == model.Monthly {
		parts = append(parts, "monthly")
	}
	if k.Kind == model.Qualitative {
		parts = append(parts, "qualitative: the owner's status each week")
	}
	if t := m.ctx.Data.ObjectiveTitle(k.ObjectiveID); t != "" {
		parts = append(parts, "objective: "+t)
	}
	lines := frame.Wrap(strings.Join(parts, " · "), m.width, n)
	for i := range lines {
		lines[i] = st.Muted.Render(lines[i])
	}
	return lines
}

func directionText(d model.Direction) string {
	switch d {
	case model.Down:
		return "lower is better"
	case model.Range:
		return "inside the band is good"
	}
	return "higher is better"
}

// legend names the chart's lines and marks, in their styles and shapes.
func (m Model) legend(k model.KPI) string {
	st := m.ctx.Styles
	var parts []string
	if k.Kind == model.Qualitative {
		parts = append(parts, st.Muted.Render("the owner's status each week"))
	} else {
		values := "values"
		if chart.AxisUnit(k.Unit) == "" && k.Unit != "" {
			values += " (" + k.Unit + ")"
		}
		parts = append(parts, st.Chart.Render("──")+" "+values, st.Target.Render(chart.TargetMark+chart.TargetMark)+" "+targetText(k, m.review, m.weekName(m.review)))
		parts = append(parts, st.Muted.Render(chart.ReviewMark)+" "+m.weekName(m.review)+" under review")
	}
	parts = append(parts, st.Accent.Render(chart.ValueMark)+" "+m.weekName(m.cursor)+" selected")
	event := ""
	if len(m.eventWeeks()) > 0 && k.Kind != model.Qualitative {
		event = "event"
	}
	if ev := m.eventText(m.cursor); ev != "" {
		event = ev
	}
	// the parts that fit, in order; a part too wide for the rest is left out
	// whole, so no mark is explained by half a sentence
	line, used := "", 0
	for _, p := range parts {
		w, sep := frame.Width(p), 0
		if line != "" {
			sep = 2
		}
		if used+sep+w > m.width {
			continue
		}
		line += strings.Repeat(" ", sep) + p
		used += sep + w
	}
	// the event mark last, its text clipped to the room left (the table has
	// it whole)
	if room := m.width - used - 2 - 2; event != "" && room >= len("event") {
		line += "  " + st.Warn.Render(frame.EventGlyph) + " " + frame.Clip(event, room)
	}
	return frame.Pad(line, m.width)
}

// weekName is a week as the legend writes it: in full on wide screens, else
// "W47" (the header above says which year).
func (m Model) weekName(w model.Week) string {
	if m.width >= 110 {
		return w.String()
	}
	return fmt.Sprintf("W%02d", w.Num)
}

// targetText describes the target line: fixed, a glide path, a band, or none.
func targetText(k model.KPI, w model.Week, name string) string {
	b := k.Targets.At(w, k.Direction)
	switch {
	case !b.OK:
		return "no target"
	case len(k.Targets) > 1:
		return "glide path, " + model.TargetText(k, b) + " in " + name
	}
	return "target " + model.TargetText(k, b)
}

// messageLine is the line under the panels: the editing help or why a save was
// refused, else the outcome of the last action.
func (m Model) messageLine() string {
	st := m.ctx.Styles
	switch {
	case m.editing && m.edit.Problem != "":
		return st.Error.Render(m.edit.ProblemLine(m.width))
	case m.editing && m.edit.Saving:
		return st.Muted.Render("saving…")
	case m.editing:
		return st.Muted.Render(frame.Clip("Editing "+m.edit.Week.String()+": enter save · tab value/note · esc cancel", m.width))
	case m.message != "" && m.msgErr:
		return st.Error.Render(frame.Clip(m.message, m.width))
	case m.message != "":
		return st.Accent.Render(frame.Clip(m.message, m.width))
	}
	return ""
}

// cursorNote is the cursor week's note in full ("W42 · Pricing change went
// live"), when the table, tableW wide, cuts it; else "".
func (m Model) cursorNote(k model.KPI, tableW int) string {
	if m.hist == nil || m.hist.kpiID != k.ID || tableW < 16 {
		return ""
	}
	v, has := m.hist.series.At(m.cursor)
	note := withEvent(m.eventText(m.cursor), m.noteText(k, m.cursor, v, has))
	c := m.tableColumns(k, []model.Week{m.cursor}, tableW)
	if note == "" || frame.Width(note) <= c.noteW {
		return ""
	}
	return m.ctx.Styles.Muted.Render(frame.ClipWords(m.cursor.String()+" · "+note, m.width))
}

// stat is one line of the stats panel.
type stat struct{ label, value string }

// stats are the numbers of the week under review, one per line, in the order a
// review asks for them. When the panel has room for fewer lines than the full
// list, pairs share a line (the two changes, average and min–max, the three
// totals to date); lines wider than the panel are clipped.
func (m Model) stats(k model.KPI, width, height int) []string {
	st := m.ctx.Styles
	r := model.Evaluate(k, m.hist.series, m.review)
	head := []stat{{"Latest", m.latestText(k, r, width)}, {"Target", model.TargetText(k, r.Target)}}
	if k.Kind == model.Qualitative {
		return render(st, m.qualitativeStats(k, r, head[:1]), width)
	}
	week, four := m.changes(k, r)
	trend := trendText(k, r)
	forecast := m.forecastText(k, width-labelWidth)
	compact := func(v float64) string { return model.FormatCompact(v, k.Unit, k.Decimals) }
	avg, minMax := "— no values in the range", "—"
	nums := m.windowNumbers()
	mean, _ := model.AggregateOf(model.AggAvg, nums)
	if len(nums) > 0 {
		lo, hi := nums[0], nums[0]
		for _, n := range nums {
			lo, hi = math.Min(lo, n), math.Max(hi, n)
		}
		avg = model.FormatValue(mean, k.Unit, k.Decimals) + " " + averageOver(k, len(nums), len(m.window()))
		minMax = compact(lo) + " – " + compact(hi)
	}
	totals := m.toDate(k)
	lastLabel, backLabel := "Last week", fmt.Sprintf("%d wks ago", changeBack(k))
	if k.Cadence == model.Monthly {
		// "Last month" does not fit the label column: the value says it
		lastLabel, backLabel = "Change", fmt.Sprintf("%d mo ago", changeBack(k))
	}
	full := append(head,
		stat{lastLabel, week}, stat{backLabel, four}, stat{"Trend", trend}, stat{"Forecast", forecast},
		stat{"Average", avg}, stat{"Min–max", minMax})
	full = append(full, totals...)
	if height >= len(full) {
		return render(st, full, width)
	}
	both := week
	if four != "—" && frame.Width(week+"  "+four) <= width-labelWidth {
		both += "  " + four // the four weeks' change only when it fits whole
	}
	average := avg
	if len(nums) > 0 {
		average = compact(mean) + st.Muted.Render(" ("+minMax+")")
	}
	small := append(head, stat{"Change", both}, stat{"Trend", trend}, stat{"Forecast", forecast}, stat{"Average", average})
	return render(st, append(small, totals...), width)
}

// latestText is the week under review's value and status; without a value,
// the status and the last value before it.
func (m Model) latestText(k model.KPI, r model.Reading, width int) string {
	st := m.ctx.Styles
	if r.HasValue {
		return frame.ValueText(r) + "  " + frame.StatusBadge(st, r.Status)
	}
	latest := frame.StatusBadge(st, r.Status)
	if v, ok := m.hist.series.LatestAtOrBefore(m.review); ok {
		last := fmt.Sprintf("  last %s in %s", model.ValueText(k, v), v.Week)
		if frame.Width(latest+last) > width-labelWidth && v.Week.Year == m.review.Year {
			last = fmt.Sprintf("  last %s in W%02d", model.ValueText(k, v), v.Week.Num) // the header says the year
		}
		latest += st.Muted.Render(last)
	}
	return latest
}

// qualitativeStats are a qualitative KPI's lines: its status, how many weeks of
// the window had each status, and the owner's note.
func (m Model) qualitativeStats(k model.KPI, r model.Reading, head []stat) []stat {
	st := m.ctx.Styles
	if r.HasValue {
		head[0].value = frame.StatusBadge(st, r.Status)
	}
	counts := map[model.Status]int{}
	for _, w := range m.window() {
		v, has := m.hist.series.At(w)
		counts[model.WeekStatus(k, w, v, has)]++
	}
	var parts []string
	for _, status := range []model.Status{model.OnTrack, model.AtRisk, model.OffTrack, model.Missing} {
		parts = append(parts, frame.StatusStyle(st, status).Render(fmt.Sprintf("%s %d", status.Glyph(), counts[status])))
	}
	head = append(head, stat{"Weeks", strings.Join(parts, "  ")})
	if r.HasValue && r.Value.Note != "" {
		head = append(head, stat{"Note", r.Value.Note})
	}
	return head
}

// trendText is the 4-week trend per week, with enough decimals that a slow
// trend does not read as zero.
func trendText(k model.KPI, r model.Reading) string {
	if !r.HasTrend {
		return "—"
	}
	d := k.Decimals
	for d < k.Decimals+3 && model.FormatDelta(r.Trend, "", d) == model.FormatDelta(0, "", d) && r.Trend != 0 {
		d++
	}
	if k.Cadence == model.Monthly {
		// the slope is per week; a monthly KPI's values are a month apart
		return model.FormatDelta(r.Trend*52/12, k.Unit, d) + " a month"
	}
	return model.FormatDelta(r.Trend, k.Unit, d) + " a week (4 weeks)"
}

// windowNumbers are the numbers of the weeks shown.
func (m Model) windowNumbers() []float64 {
	var nums []float64
	for _, w := range m.window() {
		if v, ok := m.hist.series.At(w); ok && v.HasNumber {
			nums = append(nums, v.Number)
		}
	}
	return nums
}

// toDate are the month, quarter and year to date by the KPI's aggregate.
func (m Model) toDate(k model.KPI) []stat {
	st := m.ctx.Styles
	agg := k.Aggregate
	if agg == "" {
		agg = model.AggLast
	}
	y, mo := m.review.Month()
	_, q := m.review.Quarter()
	var totals []stat
	for _, p := range []struct {
		name   string
		period model.Period
	}{{mo.String()[:3], model.PeriodMonth}, {fmt.Sprintf("Q%d", q), model.PeriodQuarter}, {fmt.Sprint(y), model.PeriodYear}} {
		text := "—"
		if v, ok := model.PeriodToDate(agg, m.hist.series, p.period, m.review); ok {
			text = model.FormatValue(v, k.Unit, k.Decimals) + st.Muted.Render(" to date")
		}
		totals = append(totals, stat{p.name + " " + string(agg), text})
	}
	return totals
}

// render lays stats out as "Label     value", clipped to width.
func render(st *themes.Styles, stats []stat, width int) []string {
	out := make([]string, 0, len(stats))
	for _, s := range stats {
		line := st.Muted.Render(frame.Pad(frame.Clip(s.label, labelWidth-1), labelWidth)) + s.value
		out = append(out, frame.Cell(line, width))
	}
	return out
}

// changeBack is how many periods back the second change looks: four weeks,
// or for a monthly KPI three months (about the same span, in its own values).
func changeBack(k model.KPI) int {
	if k.Cadence == model.Monthly {
		return 3
	}
	return 4
}

// averageOver says what an average was taken over, counting values, not the
// weeks of the range: "over 13 weeks" when every week has one, else "over 11
// values"; for a monthly KPI "over 2 months" (one value a month).
func averageOver(k model.KPI, values, weeks int) string {
	switch {
	case k.Cadence == model.Monthly:
		return fmt.Sprintf("over %d month%s", values, plural(values))
	case values == weeks:
		return fmt.Sprintf("over %d week%s", values, plural(values))
	}
	return fmt.Sprintf("over %d value%s", values, plural(values))
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// changes are the change since last week (month, for a monthly KPI) and since
// four weeks (three months) before, each with ▲/▼ coloured by whether the
// move is good for the KPI, or "—".
func (m Model) changes(k model.KPI, r model.Reading) (last, back string) {
	st := m.ctx.Styles
	last, back = "—", "—"
	unit, backUnit := " 1 wk", fmt.Sprintf(" %d wk", changeBack(k))
	if k.Cadence == model.Monthly {
		unit, backUnit = " "+k.SinceLast(), fmt.Sprintf(" %d mo", changeBack(k))
	}
	if c := frame.ChangeText(st, r); c != "" {
		last = c + st.Muted.Render(unit)
	}
	if r.HasValue && r.Value.HasNumber && model.Usable(r.Value.Number) {
		if old, ok := model.ValuesBack(k, m.hist.series, m.review, changeBack(k)); ok && old.HasNumber && model.Usable(old.Number) {
			x := model.Reading{KPI: k, HasChange: true, Change: r.Value.Number - old.Number,
				Verdict: model.ChangeVerdict(k.Direction, r.Target, old.Number, r.Value.Number)}
			back = frame.ChangeText(st, x) + st.Muted.Render(backUnit)
		}
	}
	return last, back
}

// forecastText is where the trend over the chosen range leads
// (model.Project): the week or weeks it reaches the final target, "target
// reached", "not on pace" or "not enough data", and how it was made when
// that fits in width ("at the current pace", or "by last year's weeks" for a
// seasonal series).
func (m Model) forecastText(k model.KPI, width int) string {
	start, end := m.span()
	p := model.Project(k, m.hist.series, start, end)
	text := p.Text(k)
	if !p.OK() || p.Kind == model.ForecastReached {
		return text
	}
	how := " at the current pace"
	if p.Seasonal {
		how = " by last year's weeks"
	}
	if frame.Width(text+how) <= width {
		text += how
	}
	return text
}

// table is the weekly values, newest first: the week, its value, status, target
// (when there is room) and note; the cursor's row is marked ▸ (and edited in
// place), the week under review ›.
func (m *Model) table(k model.KPI, width, height int) []string {
	st := m.ctx.Styles
	if width < 16 || height < 1 {
		return nil
	}
	weeks := m.window()
	rows := make([]model.Week, len(weeks))
	for i, w := range weeks {
		rows[len(weeks)-1-i] = w
	}
	c := m.tableColumns(k, rows, width)
	header := "  " + frame.Pad(map[bool]string{true: "Week", false: "Wk"}[c.long], c.weekW) + "  " + padLeft("Value", c.valW) + "   "
	if c.targetW > 0 {
		header += frame.Pad("Target", c.targetW) + " "
	}
	out := []string{st.Muted.Render(frame.Cell(header+"Note", width))}
	m.scrollTo(rows, height-1)
	for i := m.offset; i < len(rows) && len(out) < height; i++ {
		out = append(out, m.tableRow(k, rows[i], c.texts[i], c, width))
	}
	return out
}

// tableCols are the widths of the table's columns and the rows' value texts.
type tableCols struct {
	long                        bool // full week names
	weekW, valW, targetW, noteW int
	texts                       []string
}

// tableColumns sizes the columns for rows in width cells.
func (m Model) tableColumns(k model.KPI, rows []model.Week, width int) tableCols {
	c := tableCols{long: width >= 56, weekW: 3, valW: 5, texts: make([]string, len(rows))}
	if c.long {
		c.weekW = 8
	}
	for i, w := range rows {
		c.texts[i] = m.valueText(k, w)
		c.valW = max(c.valW, frame.Width(c.texts[i]))
	}
	c.valW = min(c.valW, 14)
	if width >= 64 && len(k.Targets) > 0 && k.Kind != model.Qualitative { // the target column, when there is room for it and the notes
		for _, w := range rows {
			c.targetW = max(c.targetW, frame.Width(model.TargetText(k, k.Targets.At(w, k.Direction))))
		}
		c.targetW = min(max(c.targetW, len("Target")), 18, width-48) // its heading fits whole
	}
	// the note takes what is left of the row after the marker (2), the week, two
	// spaces, the value, a space, the status glyph and its space, and the target
	c.noteW = width - 2 - c.weekW - 2 - c.valW - 1 - 2
	if c.targetW > 0 {
		c.noteW -= c.targetW + 1
	}
	return c
}

// scrollTo keeps the cursor's row among the visible rows.
func (m *Model) scrollTo(rows []model.Week, visible int) {
	if cur := indexOf(rows, m.cursor); cur >= 0 {
		if cur < m.offset {
			m.offset = cur
		}
		if visible > 0 && cur >= m.offset+visible {
			m.offset = cur - visible + 1
		}
	}
	m.offset = min(max(m.offset, 0), max(len(rows)-visible, 0))
}

// tableRow is week w's row: the cursor's marked ▸ (or its input while it is
// edited), the week under review's ›.
func (m Model) tableRow(k model.KPI, w model.Week, text string, c tableCols, width int) string {
	st := m.ctx.Styles
	weekText := fmt.Sprintf("W%02d", w.Num)
	if c.long {
		weekText = w.String()
	}
	if m.editing && w == m.edit.Week {
		return m.editRow(weekText, c.weekW, c.valW, width)
	}
	v, has := m.hist.series.At(w)
	status := model.WeekStatus(k, w, v, has)
	marker := "  "
	switch {
	case w == m.cursor:
		marker = "▸ "
	case w == m.review:
		marker = "› "
	}
	note := frame.ClipWords(withEvent(m.eventText(w), m.noteText(k, w, v, has)), c.noteW)
	plain := marker + frame.Pad(weekText, c.weekW) + "  " + padLeft(frame.Clip(text, c.valW), c.valW) + " "
	tail := ""
	if c.targetW > 0 {
		tail += frame.Pad(frame.Clip(model.TargetText(k, k.Targets.At(w, k.Direction)), c.targetW), c.targetW) + " "
	}
	if w == m.cursor {
		return st.Selected.Render(frame.Pad(plain+status.Glyph()+" "+tail+note, width))
	}
	line := plain + frame.StatusStyle(st, status).Render(status.Glyph()) + " " + st.Muted.Render(tail) + st.Muted.Render(note)
	if w == m.review {
		line = st.Bold.Render(plain) + frame.StatusStyle(st, status).Render(status.Glyph()) + " " + st.Muted.Render(tail) + st.Muted.Render(note)
	}
	return frame.Pad(line, width)
}

// valueText is week w's value as the table shows it: in the KPI's unit, "n/a"
// for a formula that divides by zero, "—" for none.
func (m Model) valueText(k model.KPI, w model.Week) string {
	v, has := m.hist.series.At(w)
	if !has {
		return "—"
	}
	return model.ValueText(k, v)
}

// noteText is the note of week w; for a derived KPI without a value, which input
// is missing, and for n/a, why.
func (m Model) noteText(k model.KPI, w model.Week, v model.Value, has bool) string {
	switch {
	case has && !v.HasNumber && v.Status == model.NotAvail:
		return "n/a: the formula divides by zero"
	case has:
		return v.Note
	case k.Derived():
		var missing []string
		for _, in := range m.hist.inputs {
			if x, ok := model.ValueFor(in.kpi, in.series, w); !ok || !x.HasNumber {
				missing = append(missing, in.kpi.Key)
			}
		}
		if len(missing) > 0 {
			return "missing: no value for " + strings.Join(missing, ", ")
		}
		return "missing"
	}
	return ""
}

func padLeft(s string, w int) string {
	if n := frame.Width(s); n < w {
		return strings.Repeat(" ", w-n) + s
	}
	return s
}

// eventText is the text of week w's events ("Holiday; Launch"), "" for none.
func (m Model) eventText(w model.Week) string {
	if m.ctx.Data == nil {
		return ""
	}
	return model.EventText(m.ctx.Data.Events, w)
}

// eventWeeks are the weeks of the chart's span that have an event.
func (m Model) eventWeeks() []model.Week {
	if m.ctx.Data == nil {
		return nil
	}
	start, end := m.span()
	return model.EventWeeks(m.ctx.Data.Events, start, end)
}

// withEvent is a week's note in the table with the week's event before it:
// the event explains the number, so it goes first.
func withEvent(event, note string) string {
	switch {
	case event == "":
		return note
	case note == "":
		return frame.EventGlyph + " " + event
	}
	return frame.EventGlyph + " " + event + " · " + note
}
