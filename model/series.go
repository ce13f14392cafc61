package model

import (
	"math"
	"sort"
)

// Series is one KPI's values in week order. It is what the views and commands hand
// to the pure functions below; it is kept sorted so lookups are binary searches.
type Series []Value

// SortSeries returns the values sorted by week (a copy; the input is untouched).
func SortSeries(vals []Value) Series {
	s := append(Series(nil), vals...)
	sort.Slice(s, func(i, j int) bool { return s[i].Week.Before(s[j].Week) })
	return s
}

// index is the position of the first value at or after w.
func (s Series) index(w Week) int {
	return sort.Search(len(s), func(i int) bool { return !s[i].Week.Before(w) })
}

// At is the value entered for week w.
func (s Series) At(w Week) (Value, bool) {
	i := s.index(w)
	if i < len(s) && s[i].Week == w {
		return s[i], true
	}
	return Value{}, false
}

// LatestAtOrBefore is the newest value in or before week w.
func (s Series) LatestAtOrBefore(w Week) (Value, bool) {
	i := s.index(w)
	if i < len(s) && s[i].Week == w {
		return s[i], true
	}
	if i == 0 {
		return Value{}, false
	}
	return s[i-1], true
}

// Window is the values with weeks in [from, to].
func (s Series) Window(from, to Week) Series {
	a := s.index(from)
	b := s.index(to.Next())
	if a > b {
		return nil
	}
	return s[a:b]
}

// IsDue reports whether a value is expected for week w: every week for weekly KPIs;
// for monthly KPIs only the first week of each month (Week.FirstOfMonth: the week
// of the month's first Thursday, so the due week belongs to the month it stands for).
func IsDue(c Cadence, w Week) bool {
	if c == Monthly {
		return w.FirstOfMonth()
	}
	return true
}

// MaxDueLag is the most weeks DueWeekOf goes back: a month's due week is its
// first, and a Thursday falls at most four weeks after the month's first Thursday.
const MaxDueLag = 4

// DueWeekOf is the week whose value stands for week w: w itself for weekly KPIs;
// for monthly KPIs the due week of w's month (which is never after w).
func DueWeekOf(c Cadence, w Week) Week {
	if c != Monthly {
		return w
	}
	return w.Add(-(w.Thursday().Day() - 1) / 7)
}

// ValueFor is the value that stands for KPI k in week w (see DueWeekOf).
func ValueFor(k KPI, s Series, w Week) (Value, bool) {
	return s.At(DueWeekOf(k.Cadence, w))
}

// Verdict says whether a change is good news for a KPI given its direction.
type Verdict int

// Verdicts of a change.
const (
	Flat Verdict = iota
	Better
	Worse
)

// ChangeVerdict judges a move from prev to cur: up KPIs are better higher, down
// KPIs lower, range KPIs closer to (or inside) their band.
func ChangeVerdict(dir Direction, band Band, prev, cur float64) Verdict {
	if cur == prev || !dir.Judged() {
		return Flat
	}
	switch dir {
	case Down:
		if cur < prev {
			return Better
		}
		return Worse
	case Range:
		if !band.OK {
			return Flat
		}
		dp, dc := distanceToBand(band, prev), distanceToBand(band, cur)
		switch {
		case dc < dp:
			return Better
		case dc > dp:
			return Worse
		}
		return Flat
	default:
		if cur > prev {
			return Better
		}
		return Worse
	}
}

func distanceToBand(b Band, v float64) float64 {
	lo, hi := math.Min(b.Low, b.High), math.Max(b.Low, b.High)
	switch {
	case v < lo:
		return lo - v
	case v > hi:
		return v - hi
	}
	return 0
}

// Slope is the least-squares slope, per week, of the numeric values in s (weeks
// measured from the first); ok is false with fewer than two numbers.
func Slope(s Series) (slope float64, ok bool) {
	var pts [][2]float64
	for _, v := range s {
		if v.HasNumber && Usable(v.Number) {
			pts = append(pts, [2]float64{float64(WeeksBetween(s[0].Week, v.Week)), v.Number})
		}
	}
	if len(pts) < 2 {
		return 0, false
	}
	var sx, sy float64
	for _, p := range pts {
		sx += p[0]
		sy += p[1]
	}
	n := float64(len(pts))
	mx, my := sx/n, sy/n
	var num, den float64
	for _, p := range pts {
		num += (p[0] - mx) * (p[1] - my)
		den += (p[0] - mx) * (p[0] - mx)
	}
	if den == 0 {
		return 0, false
	}
	return num / den, true
}

// TrendWindow is the number of weeks behind the "4-week trend" of spec §2.
const TrendWindow = 4

// AggregateOf rolls numbers up by a KPI's aggregate; ok is false for no numbers.
// Numbers that are not Usable are left out: one bad cell must not make a sum Inf.
func AggregateOf(agg Aggregate, nums []float64) (float64, bool) {
	nums = usableOnly(nums)
	if len(nums) == 0 {
		return 0, false
	}
	switch agg {
	case AggSum:
		var t float64
		for _, n := range nums {
			t += n
		}
		return t, true
	case AggAvg:
		var t float64
		for _, n := range nums {
			t += n
		}
		return t / float64(len(nums)), true
	default:
		return nums[len(nums)-1], true
	}
}

// usableOnly is nums without the numbers that are not Usable (nums itself when
// all are, the common case).
func usableOnly(nums []float64) []float64 {
	for i, n := range nums {
		if !Usable(n) {
			out := append([]float64(nil), nums[:i]...)
			for _, m := range nums[i+1:] {
				if Usable(m) {
					out = append(out, m)
				}
			}
			return out
		}
	}
	return nums
}

// Period is a calendar span that weekly values roll up into.
type Period int

// Periods for roll-ups. A week belongs to the month, quarter and year of its
// Thursday (Week.Month): the year is then always the week's ISO year.
const (
	PeriodMonth Period = iota
	PeriodQuarter
	PeriodYear
)

// SamePeriod reports whether two weeks fall in the same period.
func SamePeriod(p Period, a, b Week) bool {
	ay, am := a.Month()
	by, bm := b.Month()
	switch p {
	case PeriodMonth:
		return ay == by && am == bm
	case PeriodQuarter:
		_, aq := a.Quarter()
		_, bq := b.Quarter()
		return ay == by && aq == bq
	default:
		return ay == by
	}
}

// PeriodToDate rolls up the KPI's values in the period that contains w, up to and
// including w ("month to date", "year to date"), by the KPI's aggregate.
func PeriodToDate(agg Aggregate, s Series, p Period, w Week) (float64, bool) {
	var nums []float64
	for i := s.index(w.Next()) - 1; i >= 0 && SamePeriod(p, s[i].Week, w); i-- {
		if s[i].HasNumber && Usable(s[i].Number) {
			nums = append(nums, s[i].Number)
		}
	}
	// collected newest first; "last" wants the newest, the others do not care
	for i, j := 0, len(nums)-1; i < j; i, j = i+1, j-1 {
		nums[i], nums[j] = nums[j], nums[i]
	}
	return AggregateOf(agg, nums)
}

// NeverDecreased reports whether a series only ever rose (at least 8 numbers): a
// cumulative total like that is a vanity-metric hint (domain.md).
func NeverDecreased(s Series) bool {
	n := 0
	var prev float64
	for _, v := range s {
		if !v.HasNumber || !Usable(v.Number) {
			continue
		}
		if n > 0 && v.Number < prev {
			return false
		}
		prev = v.Number
		n++
	}
	return n >= 8
}

// Sample is one week of a short trend line: OK is false for a week without a
// number, which is drawn as a gap, never as zero.
type Sample struct {
	Number float64
	OK     bool
}

// Recent is the number that stands for KPI k in each of the n weeks ending at w,
// oldest first (for monthly KPIs, the month's value) — what sparklines draw. A
// number that is not Usable is a gap.
func Recent(k KPI, s Series, w Week, n int) []Sample {
	out := make([]Sample, n)
	for i := range out {
		if v, ok := ValueFor(k, s, w.Add(i-n+1)); ok && v.HasNumber && Usable(v.Number) {
			out[i] = Sample{Number: v.Number, OK: true}
		}
	}
	return out
}

// SampleRange is the lowest and highest number among the samples; ok is false when
// none has a number. Sparklines scale to it so a series shows its own shape.
// Samples whose number is not Usable are skipped.
func SampleRange(ss []Sample) (lo, hi float64, ok bool) {
	for _, s := range ss {
		if !s.OK || !Usable(s.Number) {
			continue
		}
		if !ok || s.Number < lo {
			lo = s.Number
		}
		if !ok || s.Number > hi {
			hi = s.Number
		}
		ok = true
	}
	return lo, hi, ok
}

// Position is where v sits between lo and hi, from 0 (at lo) to 1 (at hi), for
// scaling a bar or a point: 0.5 when the range is empty, clamped to [0, 1], and
// never NaN, whatever the numbers (halves are subtracted, so even a range from
// -MaxFloat64 to MaxFloat64 does not overflow). Drawing code turns the result
// into a cell index, which must never be out of range.
func Position(v, lo, hi float64) float64 {
	if !(lo < hi) { // also NaN
		return 0.5
	}
	f := (v/2 - lo/2) / (hi/2 - lo/2)
	switch {
	case f != f: // NaN: v or a bound is infinite
		return 0.5
	case f < 0:
		return 0
	case f > 1:
		return 1
	}
	return f
}
