package chart

import (
	"fmt"
	"math"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/NimbleMarkets/ntcharts/canvas"
	"github.com/NimbleMarkets/ntcharts/canvas/graph"
	"github.com/NimbleMarkets/ntcharts/canvas/runes"
	tslc "github.com/NimbleMarkets/ntcharts/linechart/timeserieslinechart"

	"kpi/model"
	"kpi/themes"
	"kpi/ui/frame"
)

// Runes of the chart, one cell wide each. The target and the marks differ from
// the values' line in shape as well as colour, so mono and plain text show them.
const (
	targetRune = '┄' // the target path, dashed
	reviewRune = '┆' // the week under review, a dotted vertical line
	cursorRune = '●' // the cursor's value
	cursorNone = '○' // the cursor's week on the time axis when it has no value
	dotRune    = '•' // a value with no neighbour to join
	eventRune  = '◆' // a week event, on the time axis (frame.EventGlyph)
)

// weekSeconds is the time axis' unit: weeks are placed at their Mondays.
const weekSeconds = 7 * 24 * 60 * 60

// chartSpec is what one chart is drawn from.
type chartSpec struct {
	kpi           model.KPI
	series        model.Series
	start, end    model.Week // the first and last week of the time axis
	review        model.Week
	cursor        model.Week
	events        []model.Week // weeks with an event, marked on the time axis
	width, height int          // of the whole chart, axes and labels included
}

// drawChart draws the KPI over the window as an ntcharts time-series line chart
// of exactly width×height cells, or "" when there is nothing to draw:
//   - the values are one line (st.Chart) joining consecutive due weeks that have
//     a number, so a missing week is a gap, never a zero;
//   - the target path is its own dashed line (st.Target), interpolated along the
//     glide path column by column; a range KPI gets its low and its high bound;
//   - the week under review is a dotted vertical line, the cursor a ● on its value;
//   - a week with an event has a ◆ on the time axis.
//
// Both axes have explicit ranges: the time axis is the window plus half a week
// either side, the value axis covers the values and the target with a little
// room, so the data fills the height whatever its level (ntcharts would
// otherwise start at zero).
func drawChart(st *themes.Styles, c chartSpec) string {
	if c.width < 20 || c.height < 4 || c.end.Before(c.start) {
		return ""
	}
	p, ok := newPlot(st, c)
	if !ok {
		return ""
	}
	p.drawTarget()
	p.drawReview()
	p.drawValues()
	p.drawEvents()
	p.drawCursor()
	return frame.PadBlock(p.ch.View(), c.width, c.height)
}

// plot is one chart being drawn: the ntcharts model with its axes, and where
// a week and a value land on its canvas.
type plot struct {
	chartSpec
	st     *themes.Styles
	ch     tslc.Model
	t0     float64 // the time axis' origin: the first week's Monday
	ymin   float64
	perCol float64 // seconds of the time axis per column
	origin canvas.Point
}

// dataRange is the lowest and highest of the drawable values and the target
// bounds in the window, and how many values there are.
func dataRange(c chartSpec) (lo, hi float64, values int) {
	k := c.kpi
	lo, hi = math.Inf(1), math.Inf(-1)
	grow := func(v float64) { lo, hi = math.Min(lo, v), math.Max(hi, v) }
	for w := c.start; !w.After(c.end); w = w.Next() {
		if v, ok := c.series.At(w); ok && drawable(v) && model.IsDue(k.Cadence, w) {
			grow(v.Number)
			values++
		}
		if b := k.Targets.At(w, k.Direction); b.OK {
			grow(b.Low)
			grow(b.High)
		}
	}
	return lo, hi, values
}

// newPlot sets up the chart's axes with explicit ranges, or reports there is
// nothing to draw (no values, no room).
func newPlot(st *themes.Styles, c chartSpec) (plot, bool) {
	lo, hi, values := dataRange(c)
	if values == 0 || !model.Usable(lo) || !model.Usable(hi) {
		return plot{}, false
	}
	p := plot{chartSpec: c, st: st, t0: float64(c.start.Monday().Unix())}
	graphH := c.height - 2 // the time axis and its labels take the last two lines
	ymin, ymax, label, decimals := valueRange(lo, hi, graphH, rulesFor(c.kpi, c.review, lo, hi))
	unit := axisUnit(c.kpi.Unit)
	axes := func(margin float64) tslc.Model {
		ch := tslc.New(c.width, c.height,
			tslc.WithTimeRange(time.Unix(int64(p.t0-margin), 0), time.Unix(int64(p.xOf(c.end)+margin), 0)),
			tslc.WithYRange(ymin, ymax),
			tslc.WithXYSteps(1, 1), // every row is offered a label; onLabel keeps the round ones
			tslc.WithYLabelFormatter(func(_ int, v float64) string { return onLabel(v, label, unit, decimals) }),
			tslc.WithAxesStyles(st.Muted, st.Muted),
		)
		// the ranges are fixed: nothing drawn may stretch them
		ch.AutoMinX, ch.AutoMaxX, ch.AutoMinY, ch.AutoMaxY = false, false, false, false
		return ch
	}
	// half a week either side; when a column holds more than a week that is
	// under half a column, and the first week would land on the value axis:
	// then a column either side
	p.ch = axes(weekSeconds / 2)
	if p.ch.GraphWidth() < 4 {
		return plot{}, false
	}
	if perCol := (p.ch.ViewMaxX() - p.ch.ViewMinX()) / float64(p.ch.GraphWidth()); perCol > weekSeconds {
		span := p.xOf(c.end) - p.t0
		p.ch = axes(span / float64(p.ch.GraphWidth()-2))
	}
	p.ymin = ymin
	p.perCol = (p.ch.ViewMaxX() - p.ch.ViewMinX()) / float64(p.ch.GraphWidth())
	p.ch.XLabelFormatter = timeLabels(c.start, c.end, p.t0, p.ch.ViewMinX(), p.perCol, p.ch.GraphWidth())
	p.ch.DrawXYAxisAndLabel()
	p.origin = p.ch.Origin()
	return p, true
}

// xOf is week w on the time axis.
func (p *plot) xOf(w model.Week) float64 {
	return p.t0 + float64(model.WeeksBetween(p.start, w))*weekSeconds
}

// at is the canvas cell of time x and value y.
func (p *plot) at(x, y float64) canvas.Point {
	return canvas.CanvasPointFromFloat64Point(p.origin, p.ch.ScaleFloat64PointForLine(canvas.Float64Point{X: x, Y: y}))
}

// inGraph reports whether q is inside the graph, off the axes.
func (p *plot) inGraph(q canvas.Point) bool {
	return q.X > p.origin.X && q.X < p.width && q.Y >= 0 && q.Y < p.origin.Y
}

// free reports whether nothing is drawn at q yet.
func (p *plot) free(q canvas.Point) bool {
	r := p.ch.Canvas.Cell(q).Rune
	return r == runes.Null || r == ' '
}

// colOf is the canvas column of week w: where its point and its label are.
func (p *plot) colOf(w model.Week) int { return p.at(p.xOf(w), p.ymin).X }

// reviewWeek is the week whose point the review line marks: the week under
// review, or for a monthly KPI the due week whose value stands for it (the
// point of the month), so the line always runs through a point's column.
func (p *plot) reviewWeek() model.Week { return model.DueWeekOf(p.kpi.Cadence, p.review) }

// drawReview marks the week under review with a dotted line down its point's
// column, over the target path (which it crosses) and under the values.
func (p *plot) drawReview() {
	w := p.reviewWeek()
	if w.Before(p.start) || w.After(p.end) {
		return
	}
	x := p.colOf(w)
	for y := 0; y < p.origin.Y; y++ {
		q := canvas.Point{X: x, Y: y}
		if r := p.ch.Canvas.Cell(q).Rune; p.inGraph(q) && (p.free(q) || r == targetRune) {
			p.ch.Canvas.SetCell(q, canvas.NewCellWithStyle(reviewRune, p.st.Muted))
		}
	}
}

// drawTarget draws the target path, one dash per column at the interpolated
// target (both bounds of a range), from the first week's column to the last
// week's: not into the half week of margin either side, so the path never
// runs on past the week under review at the chart's end.
func (p *plot) drawTarget() {
	k := p.kpi
	if len(k.Targets) == 0 {
		return
	}
	for col := max(p.origin.X+1, p.colOf(p.start)); col <= min(p.width-1, p.colOf(p.end)); col++ {
		x := p.ch.ViewMinX() + float64(col-p.origin.X)*p.perCol
		f := (x - p.t0) / weekSeconds
		wk := int(math.Floor(f))
		a := k.Targets.At(p.start.Add(wk), k.Direction)
		b := k.Targets.At(p.start.Add(wk+1), k.Direction)
		frac := f - float64(wk)
		bounds := []float64{a.Low + (b.Low-a.Low)*frac}
		if k.Direction == model.Range {
			bounds = append(bounds, a.High+(b.High-a.High)*frac)
		}
		for _, v := range bounds {
			if q := p.at(x, v); p.inGraph(q) && p.free(q) {
				p.ch.Canvas.SetCell(q, canvas.NewCellWithStyle(targetRune, p.st.Target))
			}
		}
	}
}

// drawValues draws each run of consecutive due weeks with a number as one
// line, column by column at the straight-line interpolation between its weeks;
// a number with neither neighbour is a dot.
func (p *plot) drawValues() {
	var run []canvas.Float64Point
	flush := func() {
		drawRun(p.ch, run, p.at, p.st)
		run = run[:0]
	}
	for w := p.start; !w.After(p.end); w = w.Next() {
		if !model.IsDue(p.kpi.Cadence, w) {
			continue
		}
		if v, ok := p.series.At(w); ok && drawable(v) {
			run = append(run, canvas.Float64Point{X: p.xOf(w), Y: v.Number})
		} else {
			flush()
		}
	}
	flush()
}

// drawEvents marks the weeks with an event on the time axis, under the
// cursor's mark when the cursor is on an event's week without a value.
func (p *plot) drawEvents() {
	for _, w := range p.events {
		if w.Before(p.start) || w.After(p.end) {
			continue
		}
		q := p.at(p.xOf(w), p.ymin)
		q.Y = p.origin.Y
		if q.X > p.origin.X && q.X < p.width {
			p.ch.Canvas.SetCell(q, canvas.NewCellWithStyle(eventRune, p.st.Warn))
		}
	}
}

// drawCursor marks the cursor's week: on its value, or on the time axis when
// the week has none.
func (p *plot) drawCursor() {
	if p.cursor.Before(p.start) || p.cursor.After(p.end) {
		return
	}
	if v, ok := p.series.At(p.cursor); ok && drawable(v) {
		if q := p.at(p.xOf(p.cursor), v.Number); p.inGraph(q) {
			p.ch.Canvas.SetCell(q, canvas.NewCellWithStyle(cursorRune, p.st.Accent))
		}
		return
	}
	q := p.at(p.xOf(p.cursor), p.ymin)
	q.Y = p.origin.Y
	p.ch.Canvas.SetCell(q, canvas.NewCellWithStyle(cursorNone, p.st.Accent))
}

// drawable reports whether v has a number the chart can place: one that is not
// model.Usable (Inf, NaN, beyond ±1e15) is a gap, so it can neither stretch the
// value axis to infinity nor overflow the arithmetic that turns values into rows.
func drawable(v model.Value) bool { return v.HasNumber && model.Usable(v.Number) }

// drawRun draws one run of values (time, value) as a line from its first to its
// last point: for every column between them the value is interpolated between
// the points around it, and ntcharts joins the columns (graph.DrawLineSequence,
// the drawing its time-series chart uses) without ever reaching the columns
// outside the run.
func drawRun(ch tslc.Model, run []canvas.Float64Point, at func(x, y float64) canvas.Point, st *themes.Styles) {
	switch len(run) {
	case 0:
		return
	case 1:
		if p := at(run[0].X, run[0].Y); p.Y >= 0 && p.Y < ch.Origin().Y {
			ch.Canvas.SetCell(p, canvas.NewCellWithStyle(dotRune, st.Chart))
		}
		return
	}
	type colPoint struct{ col, row float64 }
	pts := make([]colPoint, len(run))
	for i, f := range run {
		sf := ch.ScaleFloat64PointForLine(f)
		pts[i] = colPoint{float64(ch.Origin().X) + sf.X, float64(ch.Origin().Y) - sf.Y}
	}
	first, last := int(math.Round(pts[0].col)), int(math.Round(pts[len(pts)-1].col))
	seq := make([]int, 0, last-first+1)
	j := 0
	for col := first; col <= last; col++ {
		x := float64(col)
		for j < len(pts)-2 && x > pts[j+1].col {
			j++
		}
		a, b := pts[j], pts[j+1]
		f := 0.0
		if b.col != a.col {
			f = math.Min(math.Max((x-a.col)/(b.col-a.col), 0), 1)
		}
		seq = append(seq, int(math.Round(a.row+(b.row-a.row)*f)))
	}
	graph.DrawLineSequence(&ch.Canvas, false, first, seq, runes.ArcLineStyle, st.Chart)
}

// axisUnit is the unit written on the value axis: short units ($, %, ms, h)
// beside every label; longer ones ("users", "deals") are named in the legend
// instead, so the labels stay narrow.
func axisUnit(u string) string {
	if utf8.RuneCountInString(u) <= 2 {
		return u
	}
	return ""
}

// axisRules are what the value axis honours besides the data's range.
type axisRules struct {
	// marks are the target's bounds in the week under review: when a round
	// step allows, a label sits on them (78.0% beside a 78.0% target).
	marks []float64
	// minStep is the smallest step between labels: 1 for a KPI shown without
	// decimals (no 2.06 on a count), and a tenth of the k or M that compact
	// labels print beyond 10,000 (they show one decimal of it).
	minStep float64
	// decimals are the KPI's own, which labels show at least.
	decimals int
}

// rulesFor are the axis rules of KPI k's chart with review as the week under
// review and values up to hi in magnitude.
func rulesFor(k model.KPI, review model.Week, lo, hi float64) axisRules {
	r := axisRules{decimals: min(max(k.Decimals, 0), 6)}
	if b := k.Targets.At(review, k.Direction); b.OK {
		r.marks = []float64{b.Low, b.High}
	}
	if k.Decimals <= 0 {
		r.minStep = 1
	}
	switch mag := math.Max(math.Abs(lo), math.Abs(hi)); {
	case mag >= 1e9:
		r.minStep = math.Max(r.minStep, 1e8)
	case mag >= 1e6:
		r.minStep = math.Max(r.minStep, 1e5)
	case mag >= 1e4:
		r.minStep = math.Max(r.minStep, 100)
	}
	return r
}

// valueRange is the value axis for data from lo to hi in graphH rows: its
// bounds, the step between labels and the decimals the labels need.
//
// Labels are round: the multiples of a step of 1, 2 or 5 times a power of ten
// (at least rules.minStep), one every 1 to 3 rows on a short chart and every
// 2 to 6 rows on a taller one (a row is then worth step/rows-between, and the
// axis starts on a multiple of that, so every label falls exactly on a row).
// The data gets a margin of 6 % of its spread, and at least enough that the
// lowest value sits above the time axis. Of the steps and spacings that hold
// the data with its margin and show at least two labels, the one that leaves
// the data the most of the height wins, a step with a label on the target
// counting as if it left it a quarter more.
func valueRange(lo, hi float64, graphH int, rules axisRules) (ymin, ymax, label float64, decimals int) {
	if hi < lo {
		lo, hi = hi, lo
	}
	if hi-lo < 1e-9*math.Max(1, math.Abs(hi)) { // a flat line sits in the middle
		pad := math.Abs(lo) * 0.05
		if pad == 0 {
			pad = 1
		}
		lo, hi = lo-pad, hi+pad
	}
	spread := hi - lo
	rows := max(graphH, 1)
	pad := math.Max(spread*0.06, 0.75*spread/float64(max(rows-1, 1)))
	spacings := []int{2, 3, 4, 5, 6}
	if rows < 8 {
		spacings = []int{1, 2, 3}
	}
	best := -1.0
	for _, per := range spacings {
		for _, step := range roundSteps(math.Max((spread+pad)*float64(per)/float64(rows), rules.minStep)) {
			row := step / float64(per)
			// the time axis is the bottom row (ntcharts draws lines on it), so
			// the lowest value stays more than half a row above it
			bottom := math.Floor(math.Min(lo-pad/2, lo-0.6*row)/row) * row
			top := bottom + row*float64(rows)
			if top < hi+pad/2 || math.Floor(top/step+1e-9)-math.Ceil(bottom/step-1e-9) < 1 {
				continue // the data does not fit, or fewer than two labels
			}
			score := spread / (top - bottom)
			if onSteps(rules.marks, step) {
				score *= 1.25
			}
			if score > best {
				best, ymin, ymax, label = score, bottom, top, step
			}
		}
	}
	if best < 0 { // cannot happen for finite data: the largest steps always hold it
		return lo - pad, hi + pad, 0, rules.decimals
	}
	return ymin, ymax, label, max(decimalsOf(label), rules.decimals)
}

// onLabel is the label of a row of value v on an axis labelled every step:
// v written with decimals when it is a multiple of step, else "".
func onLabel(v, step float64, unit string, decimals int) string {
	if step <= 0 {
		return model.FormatCompact(v, unit, decimals)
	}
	q := v / step
	if math.Abs(q-math.Round(q)) > 1e-6*math.Max(1, math.Abs(q)) {
		return ""
	}
	return model.FormatCompact(math.Round(q)*step, unit, decimals)
}

// roundSteps are the 1-2-5 steps from the first at or above v, over three
// decades: enough for every row count to find one that holds the data.
func roundSteps(v float64) []float64 {
	if v <= 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	p := math.Pow(10, math.Floor(math.Log10(v)))
	var out []float64
	for _, mag := range []float64{p, p * 10, p * 100, p * 1000} {
		for _, m := range []float64{1, 2, 5} {
			if n := m * mag; n >= v*(1-1e-9) {
				out = append(out, n)
			}
		}
	}
	return out
}

// onSteps reports whether a mark (the target, or a bound of its band) is a
// multiple of step, so that a label sits on it.
func onSteps(marks []float64, step float64) bool {
	for _, m := range marks {
		if q := m / step; math.Abs(q-math.Round(q)) <= 1e-6*math.Max(1, math.Abs(q)) {
			return true
		}
	}
	return false
}

// decimalsOf is how many decimals a round number needs (2.5 → 1, 0.25 → 2).
func decimalsOf(v float64) int {
	for d := 0; d < 6; d++ {
		p := math.Pow(10, float64(d))
		if math.Abs(v*p-math.Round(v*p)) < 1e-6 {
			return d
		}
	}
	return 6
}

// timeLabels labels the time axis: ISO weeks ("W47") every 1, 2 or 4 weeks when
// they fit and the range is a year or less, else months ("Mar", the year for January) every 1, 2, 3, 6 or 12
// months. A label is written in the column where its week's point is drawn, and
// only there.
func timeLabels(start, end model.Week, t0, viewMin, perCol float64, graphW int) func(int, float64) string {
	weeks := model.WeeksBetween(start, end) + 1
	colsPerWeek := float64(graphW) / float64(weeks)
	weekStride := 0
	for _, s := range []int{1, 2, 4} {
		// a range of more than a year is labelled by month, so January shows
		// its year: "W05" alone cannot say which year it is
		if weeks <= 53 && colsPerWeek*float64(s) >= 4 {
			weekStride = s
			break
		}
	}
	monthStride := 12
	for _, s := range []int{1, 2, 3, 6} {
		if colsPerWeek*4.35*float64(s) >= 6 {
			monthStride = s
			break
		}
	}
	return func(col int, _ float64) string {
		// at under a column per week two weeks can share a column: label the column
		// by whichever of its weeks deserves a label
		first := int(math.Floor((viewMin + (float64(col)-0.5)*perCol - t0) / weekSeconds))
		last := int(math.Ceil((viewMin + (float64(col)+0.5)*perCol - t0) / weekSeconds))
		for n := max(first, 0); n <= last && n < weeks; n++ {
			if int(math.Round((t0+float64(n)*weekSeconds-viewMin)/perCol)) != col {
				continue
			}
			if label := weekLabel(start.Add(n), weekStride, monthStride); label != "" {
				return label
			}
		}
		return ""
	}
}

// weekLabel is the time-axis label of week w: its ISO week every weekStride weeks
// (when weekStride > 0), else its month every monthStride months on the month's
// first week (the year for January), else "".
func weekLabel(w model.Week, weekStride, monthStride int) string {
	if weekStride > 0 {
		if (w.Num-1)%weekStride != 0 {
			return ""
		}
		return fmt.Sprintf("W%02d", w.Num)
	}
	if !w.FirstOfMonth() {
		return ""
	}
	y, mo := w.Month()
	if (int(mo)-1)%monthStride != 0 {
		return ""
	}
	if mo == time.January {
		return fmt.Sprint(y)
	}
	return mo.String()[:3]
}

// drawStatusStrip is the chart of a qualitative KPI: one row per status, a mark
// in the column of each week that had it, and the weeks below.
func drawStatusStrip(st *themes.Styles, k model.KPI, s model.Series, weeks []model.Week, cursor model.Week, width, height int) string {
	const labelW = 11
	if len(weeks) == 0 || width < labelW+4 || height < 2 {
		return ""
	}
	per := max((width-labelW)/len(weeks), 1)
	if per*len(weeks) > width-labelW {
		weeks = weeks[len(weeks)-(width-labelW):]
	}
	statuses := []model.Status{model.OnTrack, model.AtRisk, model.OffTrack, model.Missing}
	var lines []string
	for _, status := range statuses {
		var b strings.Builder
		b.WriteString(frame.StatusStyle(st, status).Render(frame.Pad(status.Text(), labelW)))
		for _, w := range weeks {
			v, has := s.At(w)
			cell := strings.Repeat(" ", per)
			if model.WeekStatus(k, w, v, has) == status {
				mark := status.Glyph()
				if w == cursor {
					mark = string(cursorRune)
				}
				cell = frame.StatusStyle(st, status).Render(mark) + strings.Repeat(" ", per-1)
			}
			b.WriteString(cell)
		}
		lines = append(lines, b.String())
	}
	// week labels where they fit, a space apart
	axis := []rune(strings.Repeat(" ", width))
	next := 0
	for i, w := range weeks {
		x := labelW + i*per
		label := fmt.Sprintf("W%02d", w.Num)
		if x < next || x+len(label) > width {
			continue
		}
		copy(axis[x:], []rune(label))
		next = x + len(label) + 1
	}
	lines = append(lines, st.Muted.Render(strings.TrimRight(string(axis), " ")))
	if height > len(lines) {
		pad := (height - len(lines)) / 2
		lines = append(make([]string, pad), lines...)
	}
	return frame.PadBlock(strings.Join(lines, "\n"), width, height)
}
