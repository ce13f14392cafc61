// Package spark draws the small trend charts of cards and lists with ntcharts'
// sparkline. ntcharts scales bars from zero and clamps negatives, which flattens a
// KPI that moves between 95 and 100 into a row of full bars; Draw rescales each
// series to its own min–max first, so the shape of the last weeks is what shows.
package spark

import (
	"strings"

	"github.com/NimbleMarkets/ntcharts/sparkline"
	"github.com/charmbracelet/lipgloss"

	"kpi/model"
	"kpi/ui/frame"
)

// floor is the height (as a share of the full bar) of the series' minimum, so the
// lowest week still draws a bar and only a week without a value is empty.
const floor = 0.12

// Normalise maps the points onto [floor, 1] by the series' own min and max; a
// point without a number, or with one that is not model.Usable, maps to 0 (a
// gap). A flat series sits at half height. Every result is within [0, 1], which
// ntcharts turns into a block index.
func Normalise(points []frame.TrailPoint) []float64 {
	lo, hi, _ := model.SampleRange(points)
	out := make([]float64, len(points))
	for i, p := range points {
		switch {
		case !p.OK || !model.Usable(p.Number):
			out[i] = 0
		case hi == lo:
			out[i] = 0.5
		default:
			out[i] = floor + (1-floor)*model.Position(p.Number, lo, hi)
		}
	}
	return out
}

// Draw renders the points as a sparkline of the given height, each point
// repeated to fill width as evenly as whole columns allow. The result is exactly
// height lines of at most width cells; "" when there is no room.
func Draw(points []frame.TrailPoint, width, height int, style lipgloss.Style) string {
	if width <= 0 || height <= 0 || len(points) == 0 {
		return ""
	}
	data := Normalise(points)
	if len(data) > width {
		data = data[len(data)-width:]
	}
	per := width / len(data)
	cols := make([]float64, 0, len(data)*per)
	for _, v := range data {
		for range per {
			cols = append(cols, v)
		}
	}
	sl := sparkline.New(len(cols), height, sparkline.WithNoAutoMaxValue(), sparkline.WithMaxValue(1), sparkline.WithStyle(style))
	sl.PushAll(cols)
	sl.DrawColumnsOnly()
	// ntcharts pads the canvas with spaces; keep the lines exactly len(cols) wide
	lines := strings.Split(sl.View(), "\n")
	if len(lines) > height {
		lines = lines[:height]
	}
	return strings.Join(lines, "\n")
}
