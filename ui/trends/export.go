package trends

import (
	"kpi/model"
	"kpi/themes"
)

// Chart draws KPI k between the weeks start and end exactly as the Trends view
// draws it — the values as a line against the target path, the week under review
// marked and its value circled; a qualitative KPI as its strip of weekly statuses —
// in width×height cells, or "" when there is nothing to draw. The Review view's
// walkthrough shows each KPI with it, so a chart reads the same in both places.
func Chart(st themes.Styles, k model.KPI, series model.Series, start, end, review model.Week, width, height int) string {
	if k.Kind == model.Qualitative {
		var weeks []model.Week
		for w := start; !w.After(end); w = w.Next() {
			if model.IsDue(k.Cadence, w) {
				weeks = append(weeks, w)
			}
		}
		return drawStatusStrip(st, k, series, weeks, review, width, height)
	}
	return drawChart(st, chartSpec{kpi: k, series: series, start: start, end: end, review: review, cursor: review, width: width, height: height})
}

// Marks of the chart, for a legend drawn beside it: the target path, the week
// under review, and that week's value.
const (
	TargetMark = string(targetRune)
	ReviewMark = string(reviewRune)
	ValueMark  = string(cursorRune)
)
