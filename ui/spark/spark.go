// Package spark draws the small trend charts of cards and lists with ntcharts'
// canvas and column drawing, as its sparkline does. ntcharts scales bars from
// zero and clamps negatives, which flattens a KPI that moves between 95 and 100
// into a row of full bars; Draw rescales each series to its own min–max first,
// so the shape of the last weeks is what shows.
package spark

import (
	"math"
	"strings"
	"sync"

	"github.com/NimbleMarkets/ntcharts/canvas"
	"github.com/NimbleMarkets/ntcharts/canvas/graph"
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
	c := columns(cols, height, style)
	defer release(c)
	return render(c, len(cols), height, style)
}

// columns draws cols (each within [0, 1]) as bars from the bottom of a canvas
// of height rows with ntcharts' column drawing, as its sparkline draws them
// with a maximum of 1: scaled to the height, negatives as zero. The sparkline
// model allocates its canvas twice (made, then cleared before drawing) and
// its cells hold a style each: half a megabyte of fresh memory a dashboard.
func columns(cols []float64, height int, style lipgloss.Style) *canvas.Model {
	c := blankCanvas(len(cols), height)
	scaled := make([]float64, len(cols))
	for i, v := range cols {
		scaled[i] = math.Max(v, 0) * float64(height)
	}
	graph.DrawColumns(c, canvas.Point{X: c.Width() - len(scaled), Y: c.Height() - 1}, scaled, style)
	return c
}

// canvases keeps the canvases drawn on, by size, for the next chart of that
// size (release): a dashboard draws a dozen charts of two or three sizes, and
// a new canvas is width×height cells of a rune and a style, 560 bytes each,
// all of it memory the process touches for the first time.
var canvases sync.Map // [2]int{width, height} → *sync.Pool of *canvas.Model

func canvasPool(width, height int) *sync.Pool {
	size := [2]int{width, height}
	if p, ok := canvases.Load(size); ok {
		return p.(*sync.Pool)
	}
	p, _ := canvases.LoadOrStore(size, &sync.Pool{New: func() any {
		c := canvas.New(width, height)
		return &c
	}})
	return p.(*sync.Pool)
}

// blankCanvas is a canvas of the size with every cell empty, as canvas.New makes it.
func blankCanvas(width, height int) *canvas.Model {
	c := canvasPool(width, height).Get().(*canvas.Model)
	c.Fill(canvas.Cell{})
	return c
}

// release gives c back for the next chart of its size; c is not used after.
func release(c *canvas.Model) { canvasPool(c.Width(), c.Height()).Put(c) }

// render writes the canvas's cells as height lines of width cells, each run of
// drawn cells styled once. The canvas's own View renders every cell through
// lipgloss on its own, a sixteenth of a snapshot's time on the normal demo,
// for what draws the same on screen.
func render(c *canvas.Model, width, height int, style lipgloss.Style) string {
	var out, run strings.Builder
	flush := func() {
		if run.Len() > 0 {
			out.WriteString(style.Render(run.String()))
			run.Reset()
		}
	}
	for y := range min(height, c.Height()) {
		if y > 0 {
			out.WriteByte('\n')
		}
		for x := range min(width, c.Width()) {
			if r := c.Cell(canvas.Point{X: x, Y: y}).Rune; r != 0 {
				run.WriteRune(r)
				continue
			}
			flush()
			out.WriteByte(' ')
		}
		flush()
	}
	return out.String()
}
