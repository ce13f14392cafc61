// Package chart is the KPI chart widget: a KPI's values as a line against its
// target path over a window of weeks (ntcharts), or a qualitative KPI's strip
// of weekly statuses. The Trends view and the Review's walkthrough draw with
// it, so a chart reads the same in both places. It draws strings from model
// values and styles only: no state, no messages, no store.
package chart

import (
	"kpi/model"
	"kpi/themes"
)

// Spec is what one line chart is drawn from: the KPI and its values, the first
// and last week of the time axis, the week under review (a dotted line) and the
// cursor's week (its value circled), the weeks with an event marked, in
// Width×Height cells, axes included.
type Spec struct {
	KPI            model.KPI
	Series         model.Series
	Start, End     model.Week
	Review, Cursor model.Week
	Events         []model.Week // weeks with an event, a ◆ on the time axis
	Width, Height  int
}

// Line draws s as a line chart of exactly s.Width×s.Height cells, or "" when
// there is nothing to draw (too small, an empty window).
func Line(st *themes.Styles, s Spec) string {
	return drawChart(st, chartSpec{kpi: s.KPI, series: s.Series, start: s.Start, end: s.End, review: s.Review, cursor: s.Cursor, events: s.Events, width: s.Width, height: s.Height})
}

// StatusStrip draws a qualitative KPI as one cell per week of weeks, the
// owner's status in glyph and colour, the cursor's week marked.
func StatusStrip(st *themes.Styles, k model.KPI, s model.Series, weeks []model.Week, cursor model.Week, width, height int) string {
	return drawStatusStrip(st, k, s, weeks, cursor, width, height)
}

// AxisUnit is the unit as the value axis' labels show it ("" when it is too
// long to repeat on every label).
func AxisUnit(u string) string { return axisUnit(u) }

// Draw draws KPI k between the weeks start and end exactly as the Trends view
// draws it — the values as a line against the target path, the week under review
// marked and its value circled; a qualitative KPI as its strip of weekly statuses —
// in width×height cells, or "" when there is nothing to draw. Weeks of events
// get a ◆ on the time axis of a line chart.
func Draw(st *themes.Styles, k model.KPI, series model.Series, start, end, review model.Week, events []model.Week, width, height int) string {
	if k.Kind == model.Qualitative {
		var weeks []model.Week
		for w := start; !w.After(end); w = w.Next() {
			if model.IsDue(k.Cadence, w) {
				weeks = append(weeks, w)
			}
		}
		return drawStatusStrip(st, k, series, weeks, review, width, height)
	}
	return drawChart(st, chartSpec{kpi: k, series: series, start: start, end: end, review: review, cursor: review, events: events, width: width, height: height})
}

// Marks of the chart, for a legend drawn beside it: the target path, the week
// under review, and that week's value.
const (
	TargetMark = string(targetRune)
	ReviewMark = string(reviewRune)
	ValueMark  = string(cursorRune)
)
