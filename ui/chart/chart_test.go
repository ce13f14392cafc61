package chart

import (
	"io"
	"math"
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"kpi/model"
	"kpi/themes"
)

var w47 = model.MustWeek("2026-W47")

func kpi(id int64, key string, dir model.Direction, unit string, decimals int, targets ...model.TargetPoint) model.KPI {
	return model.KPI{ID: id, Key: key, Name: strings.ToUpper(key[:1]) + key[1:], Unit: unit, Decimals: decimals, Direction: dir,
		Targets: targets, Tolerance: model.DefaultTolerance, Tier: model.TierKey, Indicator: model.Lagging,
		Kind: model.Quantitative, Cadence: model.Weekly, Aggregate: model.AggSum, Owner: "ana"}
}

func num(id int64, w model.Week, n float64) model.Value {
	return model.Value{ID: id*1000 + int64(w.Num), KPIID: id, Week: w, Number: n, HasNumber: true, Stamp: model.Stamp{Version: 1, UpdatedBy: "ana"}}
}

func styles() themes.Styles {
	th, err := themes.Lookup("mono")
	if err != nil {
		panic(err)
	}
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.Ascii)
	return themes.NewStyles(th, r)
}

// graphRows are the rows of a drawn chart (its last two lines are the time axis
// and its labels) that hold a rune of the values' line, as first and last index.
func graphRows(chart string) (first, last, rows int) {
	lines := strings.Split(chart, "\n")
	rows = len(lines) - 2
	first, last = -1, -1
	for i, l := range lines[:rows] {
		if _, axis, ok := strings.Cut(l, "│"); ok && strings.ContainsAny(axis, "─╭╮╰╯•●") {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	return first, last, rows
}

// TestNarrowBandFillsTheHeight is the must-hold of issue 5: values all between
// 95 and 100 use more than half of the chart's height.
func TestNarrowBandFillsTheHeight(t *testing.T) {
	k := kpi(1, "uptime", model.Up, "%", 2, model.TargetPoint{Week: model.MustWeek("2026-W01"), Value: 97})
	var s model.Series
	for i := 0; i < 26; i++ {
		s = append(s, num(1, w47.Add(-25+i), 95+5*float64(i%6)/5))
	}
	for _, size := range [][2]int{{60, 6}, {80, 9}, {120, 17}, {250, 28}} {
		c := drawChart(styles(), chartSpec{kpi: k, series: s, start: w47.Add(-25), end: w47, review: w47, cursor: w47, width: size[0], height: size[1]})
		first, last, rows := graphRows(c)
		if first < 0 || float64(last-first+1) <= float64(rows)/2 {
			t.Errorf("%dx%d: the line spans rows %d–%d of the %d rows above the time axis:\n%s", size[0], size[1], first, last, rows, c)
		}
	}
}

// TestGapsAreGapsNotZeros: a missing week breaks the line; nothing is drawn at the
// bottom of the chart as if the week were zero.
func TestGapsAreGapsNotZeros(t *testing.T) {
	k := kpi(1, "revenue", model.Up, "$", 0, model.TargetPoint{Week: model.MustWeek("2026-W01"), Value: 500})
	var s model.Series
	for i := 0; i < 13; i++ {
		if i != 6 {
			s = append(s, num(1, w47.Add(-12+i), 1000))
		}
	}
	c := drawChart(styles(), chartSpec{kpi: k, series: s, start: w47.Add(-12), end: w47, review: w47, cursor: w47, width: 80, height: 12})
	lines := strings.Split(c, "\n")
	// the values sit at the top, the target at the bottom; between them and on
	// the time axis nothing but the target is drawn, so no week reads as zero
	top := -1
	for i, l := range lines[:len(lines)-2] {
		_, graph, _ := strings.Cut(l, "│")
		if strings.ContainsAny(graph, "─╭╮╰╯") {
			if top >= 0 && i > top+1 {
				t.Errorf("the line reaches row %d, far below the values at row %d:\n%s", i, top, c)
			}
			if top < 0 {
				top = i
			}
		}
	}
	if axis := lines[len(lines)-2]; strings.ContainsAny(axis, "╭╮╰╯┴┼") {
		t.Errorf("a line meets the time axis:\n%s", c)
	}
	// the line is broken at the missing week: two runs on the values' rows
	var runs int
	for _, l := range lines[:len(lines)-2] {
		_, graph, _ := strings.Cut(l, "│")
		runs += len(strings.FieldsFunc(graph, func(r rune) bool { return !strings.ContainsRune("─╭╮╰╯●", r) }))
	}
	if top < 0 || top > 3 || runs != 2 {
		t.Errorf("the values are not two runs at the top (top row %d, %d runs):\n%s", top, runs, c)
	}
}

func TestTargetIsItsOwnLine(t *testing.T) {
	k := kpi(3, "latency", model.Range, "ms", 0, model.TargetPoint{Week: model.MustWeek("2026-W01"), Value: 120, High: 250})
	var s model.Series
	for i := 0; i < 26; i++ {
		s = append(s, num(3, w47.Add(-25+i), 180+float64(i%3)*10))
	}
	c := drawChart(styles(), chartSpec{kpi: k, series: s, start: w47.Add(-25), end: w47, review: w47.Add(-2), cursor: w47, width: 100, height: 16})
	var dashed int
	for _, l := range strings.Split(c, "\n") {
		if strings.Count(l, string(targetRune)) > 40 {
			dashed++
		}
	}
	if dashed != 2 {
		t.Errorf("a range KPI has %d dashed target lines, want the low and the high bound:\n%s", dashed, c)
	}
	if strings.Count(c, string(reviewRune)) < 5 {
		t.Errorf("the week under review is not marked:\n%s", c)
	}
	if !strings.Contains(c, "250 ms") && !strings.Contains(c, "W47") {
		t.Errorf("the axes lack labels:\n%s", c)
	}
}

func TestValueRange(t *testing.T) {
	for _, c := range []struct {
		lo, hi float64
		rows   int
	}{{95, 100, 7}, {95, 100, 15}, {0.38, 1.07, 7}, {353000, 435000, 15}, {-20, 40, 10}, {42, 42, 8}, {0, 0, 8}} {
		lo, hi, step, dec := valueRange(c.lo, c.hi, c.rows)
		if lo >= c.lo || hi <= c.hi {
			t.Errorf("%v–%v in %d rows: range %v–%v does not include the data with room", c.lo, c.hi, c.rows, lo, hi)
		}
		if c.hi > c.lo && (c.hi-c.lo)/(hi-lo) < 0.7 {
			t.Errorf("%v–%v in %d rows: range %v–%v leaves the data %.0f%% of the height", c.lo, c.hi, c.rows, lo, hi, 100*(c.hi-c.lo)/(hi-lo))
		}
		if step < 1 || dec < 0 || dec > 6 {
			t.Errorf("%v–%v: step %d decimals %d", c.lo, c.hi, step, dec)
		}
	}
}

func TestTimeLabels(t *testing.T) {
	k := kpi(1, "revenue", model.Up, "$", 0)
	var s model.Series
	for i := 0; i < 104; i++ {
		s = append(s, num(1, w47.Add(-103+i), 1000+float64(i)))
	}
	weeks := drawChart(styles(), chartSpec{kpi: k, series: s, start: w47.Add(-12), end: w47, review: w47, cursor: w47, width: 100, height: 10})
	if axis := strings.Split(weeks, "\n")[9]; !strings.Contains(axis, "W35") || !strings.Contains(axis, "W47") {
		t.Errorf("13 weeks are not labelled by ISO week: %q", axis)
	}
	months := drawChart(styles(), chartSpec{kpi: k, series: s, start: w47.Add(-103), end: w47, review: w47, cursor: w47, width: 80, height: 10})
	if axis := strings.Split(months, "\n")[9]; !strings.Contains(axis, "2026") || !strings.Contains(axis, "Jul") {
		t.Errorf("two years are not labelled by month and year: %q", axis)
	}
}

// TestHostileNumbersAreGapsInTheChart: values another tool wrote (±Inf, NaN,
// ±1.7e308, whose difference overflows) neither panic nor stretch the value axis:
// the chart is drawn from the good weeks, at its size, with the axis labels of
// their range; a window of bad values only draws nothing.
func TestHostileNumbersAreGapsInTheChart(t *testing.T) {
	k := kpi(1, "revenue", model.Up, "$", 0, model.TargetPoint{Week: model.MustWeek("2026-W01"), Value: 500})
	var s model.Series
	bad := []float64{math.Inf(1), math.Inf(-1), math.NaN(), 1.7e308, -1.7e308, 2e15}
	for i := 0; i < 13; i++ {
		v := 400 + 10*float64(i)
		if i%2 == 1 {
			v = bad[i/2%len(bad)]
		}
		s = append(s, num(1, w47.Add(-12+i), v))
	}
	for _, size := range [][2]int{{80, 12}, {120, 20}} {
		c := drawChart(styles(), chartSpec{kpi: k, series: s, start: w47.Add(-12), end: w47, review: w47, cursor: w47.Add(-1), width: size[0], height: size[1]})
		lines := strings.Split(c, "\n")
		if len(lines) != size[1] {
			t.Fatalf("%dx%d: %d lines:\n%s", size[0], size[1], len(lines), c)
		}
		if strings.Contains(c, "⚠") || strings.Contains(c, "e+") || !strings.Contains(c, "$") {
			t.Errorf("%dx%d: the axis is not the good values' range:\n%s", size[0], size[1], c)
		}
	}
	allBad := model.Series{num(1, w47.Add(-1), math.Inf(1)), num(1, w47, -1.7e308)}
	if c := drawChart(styles(), chartSpec{kpi: k, series: allBad, start: w47.Add(-12), end: w47, review: w47, cursor: w47, width: 80, height: 12}); c != "" {
		t.Errorf("a window of bad values drew:\n%s", c)
	}
}
