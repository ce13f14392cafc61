package spark

import (
	"math"
	"strings"
	"testing"

	"github.com/NimbleMarkets/ntcharts/sparkline"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"kpi/ui/frame"
)

func pts(vals ...float64) []frame.TrailPoint {
	out := make([]frame.TrailPoint, len(vals))
	for i, v := range vals {
		out[i] = frame.TrailPoint{Number: v, OK: v >= 0}
	}
	return out
}

func TestNormaliseUsesTheSeriesOwnRange(t *testing.T) {
	got := Normalise(pts(95, 100, 97.5, -1))
	if got[0] != floor || got[1] != 1 || got[3] != 0 {
		t.Errorf("Normalise(95,100,97.5,missing) = %v; want min at %v, max at 1, missing at 0", got, floor)
	}
	if got[2] <= got[0] || got[2] >= got[1] {
		t.Errorf("the middle value is not between: %v", got)
	}
	flat := Normalise(pts(7, 7, 7))
	for _, v := range flat {
		if v != 0.5 {
			t.Errorf("a flat series should sit at half height: %v", flat)
		}
	}
	neg := Normalise(pts(-1, -1))
	if neg[0] != 0 || neg[1] != 0 {
		t.Errorf("missing points must be gaps: %v", neg)
	}
}

func TestDrawShowsShapeNotAFlatTop(t *testing.T) {
	// values between 95 and 100 must use the whole height, not draw full bars
	s := Draw(pts(95, 96, 97, 98, 99, 100), 6, 1, lipgloss.NewStyle())
	if r := []rune(s); r[0] == '█' || r[0] == ' ' || r[0] == r[5] {
		t.Errorf("a 95–100 series drew %q; want a rising shape from a low bar", s)
	}
	if strings.Count(s, "█") != 1 {
		t.Errorf("only the maximum should be a full bar: %q", s)
	}
	// a gap is drawn as a space, never as the minimum
	g := Draw(pts(1, -1, 3), 3, 1, lipgloss.NewStyle())
	if []rune(g)[1] != ' ' {
		t.Errorf("a missing week is not a gap: %q", g)
	}
}

func TestDrawSizes(t *testing.T) {
	for _, c := range []struct{ w, h int }{{13, 1}, {26, 2}, {40, 3}, {5, 1}} {
		s := Draw(pts(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13), c.w, c.h, lipgloss.NewStyle())
		lines := strings.Split(s, "\n")
		if len(lines) != c.h {
			t.Errorf("%d×%d: %d lines", c.w, c.h, len(lines))
		}
		for _, l := range lines {
			if ansi.StringWidth(l) > c.w {
				t.Errorf("%d×%d: a line is %d wide", c.w, c.h, ansi.StringWidth(l))
			}
		}
	}
	if Draw(nil, 10, 1, lipgloss.NewStyle()) != "" || Draw(pts(1), 0, 1, lipgloss.NewStyle()) != "" {
		t.Error("no data or no room should draw nothing")
	}
}

// TestHostileNumbersDrawGapsAndNeverPanic: ±Inf, NaN and values whose difference
// overflows are gaps, and every normalised height stays within [0, 1], which
// ntcharts turns into a block index (an index out of range used to panic here).
func TestHostileNumbersDrawGapsAndNeverPanic(t *testing.T) {
	hostile := []frame.TrailPoint{{Number: 1.7e308, OK: true}, {Number: -1.7e308, OK: true}, {Number: math.Inf(1), OK: true},
		{Number: math.NaN(), OK: true}, {Number: 3, OK: true}, {Number: 4, OK: true}}
	got := Normalise(hostile)
	for i, v := range got {
		if !(v >= 0 && v <= 1) {
			t.Errorf("point %d normalised to %v", i, v)
		}
	}
	if got[0] != 0 || got[1] != 0 || got[2] != 0 || got[3] != 0 || got[4] != floor || got[5] != 1 {
		t.Errorf("Normalise = %v; want gaps for the four bad points, then the floor and the top", got)
	}
	s := Draw(hostile, 12, 2, lipgloss.NewStyle())
	if lines := strings.Split(s, "\n"); len(lines) != 2 || ansi.StringWidth(lines[0]) > 12 {
		t.Errorf("Draw = %q", s)
	}
	// the extremes a usable value can take still scale without overflow
	ext := Normalise([]frame.TrailPoint{{Number: -1e15, OK: true}, {Number: 1e15, OK: true}})
	if ext[0] != floor || ext[1] != 1 {
		t.Errorf("Normalise(-1e15, 1e15) = %v", ext)
	}
}

// columns draws what ntcharts' sparkline draws for the same columns (the
// model it replaced), for every height a card or list uses and values at and
// between the block boundaries, gaps and overshoots included.
func TestColumnsDrawAsTheSparkline(t *testing.T) {
	style := lipgloss.NewStyle()
	for height := 1; height <= 4; height++ {
		for seed := range 40 {
			cols := make([]float64, 1+seed%23)
			for i := range cols {
				cols[i] = float64((seed*7+i*13)%19)/16 - 0.1 // -0.1 to 1.0, on and between eighths
			}
			sl := sparkline.New(len(cols), height, sparkline.WithNoAutoMaxValue(), sparkline.WithMaxValue(1), sparkline.WithStyle(style))
			sl.PushAll(cols)
			sl.DrawColumnsOnly()
			want := render(&sl.Canvas, len(cols), height, style)
			if got := render(columns(cols, height, style), len(cols), height, style); got != want {
				t.Fatalf("height %d, columns %v:\n got %q\nwant %q", height, cols, got, want)
			}
		}
	}
}

// A canvas given back after a chart is blank for the next chart of its size:
// a tall chart drawn first leaves nothing in a chart of gaps and low bars.
func TestReusedCanvasesStartBlank(t *testing.T) {
	style := lipgloss.NewStyle()
	tall, low := pts(10, 10, 10, 10), pts(-1, 1, -1, 2)
	fresh := Draw(low, 8, 3, style)
	Draw(tall, 8, 3, style)
	if again := Draw(low, 8, 3, style); again != fresh {
		t.Errorf("after a tall chart the same chart draws\n%q\nnot\n%q", again, fresh)
	}
}
