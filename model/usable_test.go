package model

import (
	"math"
	"testing"
)

// hostileNumbers are what another tool can write into a REAL column: SQLite
// stores 9e999 as +Inf, and nothing stops ±1.7e308 or a NaN from a driver.
var hostileNumbers = []float64{math.Inf(1), math.Inf(-1), math.NaN(), 1.7e308, -1.7e308, math.MaxFloat64, -math.MaxFloat64, 1e15 + 1, -2e15}

func TestUsable(t *testing.T) {
	if want := BadValue.Glyph() + " " + BadValue.Label(); BadValueText != want {
		t.Errorf("BadValueText %q differs from the bad value status %q", BadValueText, want)
	}
	for _, f := range []float64{0, -0.5, 1e15, -1e15, 123456.789} {
		if !Usable(f) {
			t.Errorf("Usable(%v) = false", f)
		}
	}
	for _, f := range hostileNumbers {
		if Usable(f) {
			t.Errorf("Usable(%v) = true", f)
		}
	}
}

func TestPositionIsAlwaysWithinZeroAndOne(t *testing.T) {
	tests := []struct{ v, lo, hi, want float64 }{
		{5, 0, 10, 0.5},
		{0, 0, 10, 0},
		{10, 0, 10, 1},
		{-5, 0, 10, 0},
		{15, 0, 10, 1},
		{3, 3, 3, 0.5},                   // an empty range
		{1.7e308, -1.7e308, 1.7e308, 1},  // hi - lo overflows
		{-1.7e308, -1.7e308, 1.7e308, 0}, //
		{0, -math.MaxFloat64, math.MaxFloat64, 0.5}, //
		{math.Inf(1), 0, 10, 1},                     // clamped, not NaN
		{math.NaN(), 0, 10, 0.5},                    //
		{5, math.Inf(-1), math.Inf(1), 0.5},         // Inf/Inf
		{5, math.NaN(), 10, 0.5},                    //
		{5, 10, 0, 0.5},                             // reversed: no range
	}
	for _, tt := range tests {
		got := Position(tt.v, tt.lo, tt.hi)
		if got != tt.want {
			t.Errorf("Position(%v, %v, %v) = %v, want %v", tt.v, tt.lo, tt.hi, got, tt.want)
		}
	}
}

// TestHostileNumbersAreNeverJudgedSummedOrTrended: a value that is not Usable
// is shown as bad, has no status but n/a, does not enter a change, a trend, a
// sum, a forecast or a sparkline, and a target that is not Usable is no target.
func TestHostileNumbersAreNeverJudgedSummedOrTrended(t *testing.T) {
	w := MustWeek("2026-W47")
	for _, bad := range hostileNumbers {
		k := KPI{ID: 1, Key: "k", Direction: Up, Kind: Quantitative, Cadence: Weekly, Aggregate: AggSum,
			Tolerance: DefaultTolerance, Targets: TargetPath{{Week: MustWeek("2026-W01"), Value: 10}}}
		s := nums("2026-W44", 10, "2026-W45", 11, "2026-W46", 12)
		s = append(s, Value{KPIID: 1, Week: w, Number: bad, HasNumber: true})
		r := Evaluate(k, s, w)
		if r.Status != BadValue || r.HasChange {
			t.Errorf("%v: status %v, change %v (%v)", bad, r.Status, r.HasChange, r.Change)
		}
		if got := ValueText(k, r.Value); got != BadValueText {
			t.Errorf("%v: shown as %q", bad, got)
		}
		if !r.HasTrend || r.Trend != 1 {
			t.Errorf("%v: trend %v, want the slope of the good weeks (1)", bad, r.Trend)
		}
		if sum, ok := PeriodToDate(AggSum, s, PeriodYear, w); !ok || sum != 33 {
			t.Errorf("%v: year to date %v %v, want 33 from the good weeks", bad, sum, ok)
		}
		if sum, ok := AggregateOf(AggAvg, []float64{2, bad, 4}); !ok || sum != 3 {
			t.Errorf("%v: average %v %v, want 3", bad, sum, ok)
		}
		if ss := Recent(k, s, w, 4); ss[3].OK || !ss[2].OK {
			t.Errorf("%v: sparkline samples %v, want the bad week as a gap", bad, ss)
		}
		if lo, hi, ok := SampleRange([]Sample{{Number: 1, OK: true}, {Number: bad, OK: true}, {Number: 3, OK: true}}); !ok || lo != 1 || hi != 3 {
			t.Errorf("%v: SampleRange %v %v %v", bad, lo, hi, ok)
		}
		badTarget := k
		badTarget.Targets = TargetPath{{Week: MustWeek("2026-W01"), Value: bad}}
		if b := badTarget.Targets.At(w, Up); b.OK {
			t.Errorf("%v: a bad target is a target: %+v", bad, b)
		}
		if st := StatusOf(badTarget, w, Value{Number: 12, HasNumber: true}, true); st != NoTarget {
			t.Errorf("%v: judged against a bad target: %v", bad, st)
		}
		badTol := k
		badTol.Tolerance = Tolerance{Amount: bad}
		if st := StatusOf(badTol, w, Value{Number: 9, HasNumber: true}, true); st != OffTrack {
			t.Errorf("%v: a bad tolerance made 9 against 10 %v, want off track (no band)", bad, st)
		}
		if p := Project(k, s, w.Add(-25), w); p.Kind != ForecastNoData || p.Points != 3 {
			// the bad week is left out: three good values are too few to forecast from
			t.Errorf("%v: forecast from a bad latest value", bad)
		}
	}
}
