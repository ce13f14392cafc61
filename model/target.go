package model

import (
	"math"
	"slices"
	"sort"
)

// TargetPath is a KPI's target over time: one point is a fixed target; several are
// interim targets (a glide path), interpolated in a straight line between the points
// around a week, held at the first value before the first point and at the last
// value after the last.
type TargetPath []TargetPoint

// Band is the target of one week: Low == High for up and down KPIs; the band for
// range KPIs. OK is false when the KPI has no target.
type Band struct {
	Low, High float64
	OK        bool
}

// Sorted returns the points in week order (the path as stored may be in any order).
func (p TargetPath) Sorted() TargetPath {
	s := append(TargetPath(nil), p...)
	sort.SliceStable(s, func(i, j int) bool { return s[i].Week.Before(s[j].Week) })
	return s
}

// At is the target for week w. A target that is not Usable (Inf, NaN, beyond
// ±1e15: any tool can write the file) is no target, so it is never judged
// against, drawn or summed.
func (p TargetPath) At(w Week, dir Direction) Band {
	b := p.at(w, dir)
	if !Usable(b.Low) || !Usable(b.High) {
		return Band{}
	}
	return b
}

// at is At before the check of its numbers.
func (p TargetPath) at(w Week, dir Direction) Band {
	if len(p) == 0 {
		return Band{}
	}
	s := p
	if !slices.IsSortedFunc(p, func(a, b TargetPoint) int { return a.Week.Compare(b.Week) }) {
		s = p.Sorted() // paths come sorted from the file; only others pay for a copy
	}
	band := func(t TargetPoint) Band {
		if dir == Range {
			return Band{Low: t.Value, High: t.High, OK: true}
		}
		return Band{Low: t.Value, High: t.Value, OK: true}
	}
	if !w.After(s[0].Week) {
		return band(s[0])
	}
	last := s[len(s)-1]
	if !w.Before(last.Week) {
		return band(last)
	}
	for i := 1; i < len(s); i++ {
		a, b := s[i-1], s[i]
		if w.After(b.Week) {
			continue
		}
		span := float64(WeeksBetween(a.Week, b.Week))
		f := float64(WeeksBetween(a.Week, w)) / span
		ba, bb := band(a), band(b)
		return Band{Low: lerp(ba.Low, bb.Low, f), High: lerp(ba.High, bb.High, f), OK: true}
	}
	return band(last)
}

// Final is the last point of the path: the target a forecast aims at.
func (p TargetPath) Final() (TargetPoint, bool) {
	if len(p) == 0 {
		return TargetPoint{}, false
	}
	s := p.Sorted()
	return s[len(s)-1], true
}

func lerp(a, b, f float64) float64 {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return b
	}
	return a + (b-a)*f
}

// Band is the width of the at-risk zone beside a target value: a percentage of
// the target's magnitude, or an absolute amount in the KPI's unit.
//
// An amount that is not Usable is no band at all.
func (t Tolerance) Band(target float64) float64 {
	if !Usable(t.Amount) {
		return 0
	}
	if t.Absolute {
		return math.Abs(t.Amount)
	}
	return math.Abs(target) * math.Abs(t.Amount) / 100
}
