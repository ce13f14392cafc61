package chart

import (
	"io"
	"math"
	"strconv"
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

func styles() *themes.Styles {
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
	}{{95, 100, 7}, {95, 100, 15}, {0.38, 1.07, 7}, {353000, 435000, 15}, {-20, 40, 10}, {42, 42, 8}, {0, 0, 8}, {1.96, 2.06, 12}} {
		lo, hi, step, dec := valueRange(c.lo, c.hi, c.rows, axisRules{})
		if lo >= c.lo || hi <= c.hi {
			t.Errorf("%v–%v in %d rows: range %v–%v does not include the data with room", c.lo, c.hi, c.rows, lo, hi)
		}
		if c.hi > c.lo && (c.hi-c.lo)/(hi-lo) < 0.55 {
			t.Errorf("%v–%v in %d rows: range %v–%v leaves the data %.0f%% of the height", c.lo, c.hi, c.rows, lo, hi, 100*(c.hi-c.lo)/(hi-lo))
		}
		if !isRoundStep(step) || dec < 0 || dec > 6 {
			t.Errorf("%v–%v: step %v decimals %d", c.lo, c.hi, step, dec)
		}
	}
}

// isRoundStep reports whether v is 1, 2 or 5 times a power of ten.
func isRoundStep(v float64) bool {
	if v <= 0 {
		return false
	}
	m := v / math.Pow(10, math.Floor(math.Log10(v)+1e-9))
	for _, r := range []float64{1, 2, 5} {
		if math.Abs(m-r) < 1e-6 {
			return true
		}
	}
	return false
}

// yLabels are the value axis' labels of a drawn chart, top to bottom.
func yLabels(chart string) []string {
	var out []string
	for _, l := range strings.Split(chart, "\n") {
		i := strings.IndexAny(l, "│└")
		if i < 0 {
			continue
		}
		if label := strings.TrimSpace(l[:i]); label != "" {
			out = append(out, label)
		}
	}
	return out
}

// Axis labels are round numbers, evenly spaced, with one on the target when
// a round step allows: 78.0% beside a 78.0% target (not 77.98%), 250 ms at a
// band's top (not 248 ms), whole numbers on a count (not 2.06 and 1.96).
func TestAxisLabelsAreRoundAndIncludeTheTarget(t *testing.T) {
	tp := func(v, high float64) model.TargetPoint {
		return model.TargetPoint{Week: model.MustWeek("2026-W01"), Value: v, High: high}
	}
	wave := func(base, amp float64) model.Series {
		var s model.Series
		for i := 0; i < 26; i++ {
			s = append(s, num(1, w47.Add(-25+i), base+amp*math.Sin(float64(i)/3)))
		}
		return s
	}
	for _, tc := range []struct {
		name   string
		k      model.KPI
		s      model.Series
		want   string
		parse  func(string) (float64, bool)
		others []string
	}{
		{"close rate", kpi(1, "close_rate", model.Up, "%", 1, tp(78, 0)), wave(76.1, 1.9), "78.0%", percent, nil},
		{"latency band", kpi(1, "p95", model.Range, "ms", 0, tp(120, 250)), wave(205, 40), "250 ms", unitNumber(" ms"), nil},
		{"a count", kpi(1, "hires", model.Up, "", 0, tp(2, 0)), wave(2.01, 0.05), "2", unitNumber(""), nil},
	} {
		// (at 6 rows or fewer a label on the target would squeeze the data
		// into under half the height; the labels are round there all the same)
		for _, size := range [][2]int{{80, 12}, {120, 20}, {100, 16}, {250, 30}} {
			c := drawChart(styles(), chartSpec{kpi: tc.k, series: tc.s, start: w47.Add(-25), end: w47, review: w47, cursor: w47, width: size[0], height: size[1]})
			labels := yLabels(c)
			var values []float64
			for _, l := range labels {
				v, ok := tc.parse(l)
				if !ok {
					t.Fatalf("%s %v: label %q is not a number:\n%s", tc.name, size, l, c)
				}
				values = append(values, v)
			}
			if len(values) < 2 {
				t.Fatalf("%s %v: %d labels:\n%s", tc.name, size, len(values), c)
			}
			step := values[0] - values[1]
			for i := 1; i < len(values); i++ {
				if d := values[i-1] - values[i]; math.Abs(d-step) > 1e-9*math.Max(1, step) {
					t.Errorf("%s %v: labels %v are not evenly spaced", tc.name, size, labels)
				}
			}
			if !isRoundStep(step) || (tc.k.Decimals == 0 && step < 1) {
				t.Errorf("%s %v: labels %v step %v, want 1, 2 or 5 × 10ⁿ (whole for a count)", tc.name, size, labels, step)
			}
			found := false
			for _, l := range labels {
				found = found || l == tc.want
			}
			if !found {
				t.Errorf("%s %v: no label on the target %s: %v\n%s", tc.name, size, tc.want, labels, c)
			}
		}
	}
}

// percent reads "78.0%".
func percent(s string) (float64, bool) { return unitNumber("%")(s) }

// unitNumber reads a label with the unit suffix.
func unitNumber(unit string) func(string) (float64, bool) {
	return func(s string) (float64, bool) {
		v, err := strconv.ParseFloat(strings.TrimSuffix(s, unit), 64)
		return v, err == nil && strings.HasSuffix(s, unit)
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
	// more than a year shows the year even where weeks would fit
	for _, n := range []int{60, 104} {
		wide := drawChart(styles(), chartSpec{kpi: k, series: s, start: w47.Add(-(n - 1)), end: w47, review: w47, cursor: w47, width: 250, height: 10})
		if axis := strings.Split(wide, "\n")[9]; !strings.Contains(axis, "2026") || strings.Contains(axis, "W0") {
			t.Errorf("%d weeks at 250 columns have no year on the time axis: %q", n, axis)
		}
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

// runeCols are the columns where r is drawn, over every line of a chart.
func runeCols(chart string, r rune) map[int]int {
	out := map[int]int{}
	for _, l := range strings.Split(chart, "\n") {
		for j, x := range []rune(l) {
			if x == r {
				out[j]++
			}
		}
	}
	return out
}

// The under-review line runs down its point's column (the cursor's ● on the
// week's value), for a weekly KPI and for a monthly one reviewed mid-month
// (its point is the month's due week), at every width and range; when the
// week under review ends the chart, the target path stops there instead of
// running on to the chart's edge.
func TestReviewMarkerSitsOnItsPoint(t *testing.T) {
	tp := []model.TargetPoint{{Week: model.MustWeek("2025-W01"), Value: 300}, {Week: model.MustWeek("2026-W52"), Value: 600}}
	weekly := kpi(1, "revenue", model.Up, "$", 0, tp...)
	monthly := weekly
	monthly.Cadence = model.Monthly
	var s model.Series
	for i := 0; i < 125; i++ {
		s = append(s, num(1, w47.Add(-119+i), 400+float64(i*i%7)*10))
	}
	w51 := model.MustWeek("2026-W51") // December's due week is 2026-W49
	for _, tc := range []struct {
		name   string
		k      model.KPI
		review model.Week
	}{{"weekly", weekly, w47}, {"monthly mid-month", monthly, w51}} {
		for _, weeks := range []int{13, 26, 52, 101} {
			for _, width := range []int{60, 80, 120, 200} {
				point := model.DueWeekOf(tc.k.Cadence, tc.review)
				c := drawChart(styles(), chartSpec{kpi: tc.k, series: s, start: tc.review.Add(-(weeks - 1)), end: tc.review,
					review: tc.review, cursor: point, width: width, height: 14})
				if strings.ContainsAny(c, "┼├┤┴") {
					t.Errorf("%s %d weeks at %d: the line is drawn on an axis:\n%s", tc.name, weeks, width, c)
				}
				marks, dots := runeCols(c, reviewRune), runeCols(c, cursorRune)
				if len(dots) != 1 || len(marks) != 1 {
					t.Fatalf("%s %d weeks at %d: marker columns %v, point columns %v:\n%s", tc.name, weeks, width, marks, dots, c)
				}
				for col := range dots {
					if marks[col] == 0 {
						t.Errorf("%s %d weeks at %d: the marker is at %v, its point at column %d:\n%s", tc.name, weeks, width, marks, col, c)
					}
					for tcol := range runeCols(c, targetRune) {
						if tc.k.Cadence == model.Weekly && tcol > col {
							t.Errorf("%s %d weeks at %d: the target runs on to column %d, past the marker at %d:\n%s", tc.name, weeks, width, tcol, col, c)
							break
						}
					}
				}
			}
		}
	}
}
