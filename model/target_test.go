package model

import (
	"math"
	"testing"
)

// near reports whether a and b agree to a relative 1e-9 (absolute near zero).
func near(a, b float64) bool {
	if a == b {
		return true
	}
	d := math.Abs(a - b)
	return d <= 1e-9 || d <= 1e-9*math.Max(math.Abs(a), math.Abs(b))
}

func TestTargetPathAt(t *testing.T) {
	w := MustWeek
	glide := TargetPath{
		{Week: w("2026-W01"), Value: 100},
		{Week: w("2026-W11"), Value: 200},
		{Week: w("2026-W21"), Value: 150},
	}
	unsorted := TargetPath{glide[2], glide[0], glide[1]}
	acrossYear := TargetPath{
		{Week: w("2026-W52"), Value: 0},
		{Week: w("2027-W02"), Value: 30}, // 3 weeks apart: W52, W53, W01, W02
	}
	rng := TargetPath{
		{Week: w("2026-W10"), Value: 10, High: 20},
		{Week: w("2026-W20"), Value: 30, High: 60},
	}
	tests := []struct {
		name string
		path TargetPath
		dir  Direction
		week string
		want Band
	}{
		{"single point before", TargetPath{{Week: w("2026-W20"), Value: 42}}, Up, "2026-W01", Band{42, 42, true}},
		{"single point on", TargetPath{{Week: w("2026-W20"), Value: 42}}, Up, "2026-W20", Band{42, 42, true}},
		{"single point after", TargetPath{{Week: w("2026-W20"), Value: 42}}, Down, "2027-W20", Band{42, 42, true}},
		{"before the first point: first value", glide, Up, "2025-W40", Band{100, 100, true}},
		{"on the first point", glide, Up, "2026-W01", Band{100, 100, true}},
		{"exact midpoint", glide, Up, "2026-W06", Band{150, 150, true}},
		{"one week in", glide, Up, "2026-W02", Band{110, 110, true}},
		{"on an interim point", glide, Up, "2026-W11", Band{200, 200, true}},
		{"falling segment", glide, Down, "2026-W16", Band{175, 175, true}},
		{"on the last point", glide, Up, "2026-W21", Band{150, 150, true}},
		{"after the last point: last value", glide, Up, "2027-W30", Band{150, 150, true}},
		{"unsorted input, midpoint", unsorted, Up, "2026-W06", Band{150, 150, true}},
		{"unsorted input, before", unsorted, Up, "2025-W01", Band{100, 100, true}},
		{"unsorted input, after", unsorted, Up, "2026-W30", Band{150, 150, true}},
		{"across a 53-week year end", acrossYear, Up, "2026-W53", Band{10, 10, true}},
		{"across a 53-week year end, next", acrossYear, Up, "2027-W01", Band{20, 20, true}},
		{"range before", rng, Range, "2026-W01", Band{10, 20, true}},
		{"range midpoint interpolates both bounds", rng, Range, "2026-W15", Band{20, 40, true}},
		{"range after", rng, Range, "2026-W40", Band{30, 60, true}},
		{"range path read as up uses the low value", rng, Up, "2026-W15", Band{20, 20, true}},
		{"no target", nil, Up, "2026-W15", Band{}},
		{"no target range", TargetPath{}, Range, "2026-W15", Band{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.path.At(w(tt.week), tt.dir)
			if got.OK != tt.want.OK || !near(got.Low, tt.want.Low) || !near(got.High, tt.want.High) {
				t.Errorf("At(%s, %s) = %+v, want %+v", tt.week, tt.dir, got, tt.want)
			}
		})
	}
	// Sorted and At leave the stored path untouched.
	before := append(TargetPath(nil), unsorted...)
	_ = unsorted.Sorted()
	_ = unsorted.At(w("2026-W06"), Up)
	for i := range before {
		if unsorted[i] != before[i] {
			t.Fatalf("At/Sorted reordered the caller's path: %v", unsorted)
		}
	}
}

func TestTargetPathFinal(t *testing.T) {
	w := MustWeek
	p := TargetPath{
		{Week: w("2027-W10"), Value: 3},
		{Week: w("2026-W10"), Value: 1},
		{Week: w("2026-W30"), Value: 2},
	}
	got, ok := p.Final()
	if !ok || got.Week != w("2027-W10") || got.Value != 3 {
		t.Errorf("Final() = %+v, %v; want the 2027-W10 point", got, ok)
	}
	if _, ok := TargetPath(nil).Final(); ok {
		t.Error("Final() of an empty path is ok")
	}
}

func TestToleranceBand(t *testing.T) {
	tests := []struct {
		name   string
		tol    Tolerance
		target float64
		want   float64
	}{
		{"default 5% of 100", DefaultTolerance, 100, 5},
		{"10% of 250", Tolerance{Amount: 10}, 250, 25},
		{"percent of a negative target uses its magnitude", Tolerance{Amount: 10}, -200, 20},
		{"percent of zero is zero", Tolerance{Amount: 5}, 0, 0},
		{"absolute ignores the target", Tolerance{Amount: 3, Absolute: true}, 1000, 3},
		{"absolute at zero target", Tolerance{Amount: 3, Absolute: true}, 0, 3},
		{"absolute at negative target", Tolerance{Amount: 3, Absolute: true}, -50, 3},
		{"zero tolerance", Tolerance{}, 100, 0},
	}
	for _, tt := range tests {
		if got := tt.tol.Band(tt.target); !near(got, tt.want) {
			t.Errorf("%s: %+v.Band(%g) = %g, want %g", tt.name, tt.tol, tt.target, got, tt.want)
		}
	}
	if DefaultTolerance != (Tolerance{Amount: 5}) {
		t.Errorf("DefaultTolerance = %+v, want 5%%", DefaultTolerance)
	}
}
