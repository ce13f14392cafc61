package model

import (
	"math"
	"strconv"
)

// Precision is how one row of numbers is written so that they compare at a
// glance: one scale (none, k, M or B) and one number of decimals for every value
// and target of the row. A row that wrote $1,032,594 as "$1M" beside a
// "≥ $1,602,974" target and $961,635 as "$961.6k" made the reader do the
// arithmetic; at one precision the row reads "1.03M", "0.96M", "≥ $1.60M".
type Precision struct {
	Div      float64 // 1, 1e3, 1e6 or 1e9
	Suffix   string  // "", "k", "M" or "B"
	Decimals int
}

// maxExtraDecimals is how many decimals a row may add to its base to tell a
// value from its target; beyond that the status glyph says which side it is.
const maxExtraDecimals = 3

// RowPrecision is the precision of KPI k's cells: the scale of the largest
// number among their values and targets (k from 10,000, M from a million, B
// from a billion), and the fewest decimals — at least the base — at which
// every judged cell's rounded value and rounded target fall on the same side of
// each other as the exact ones, so a reader sees why a cell is off. The base
// is three significant digits of the largest number for a scaled row ("426k",
// "12.1k", "1.03M"); otherwise the KPI's own decimals, or fewer when every
// value keeps three digits with fewer (99.94 reads "99.9" beside "≥ 99.9%").
func RowPrecision(k KPI, cells []ScoreCell) Precision {
	biggest, sig := 0.0, 0 // the largest number, the decimals that give every value three digits
	for _, c := range cells {
		if c.Due && c.HasValue && c.Value.HasNumber && Usable(c.Value.Number) {
			biggest = max(biggest, math.Abs(c.Value.Number))
			sig = max(sig, sigDecimals(math.Abs(c.Value.Number)))
		}
		if c.Target.OK {
			biggest = max(biggest, math.Abs(c.Target.Low), math.Abs(c.Target.High))
		}
	}
	p := scaleOf(biggest)
	base := min(clampDecimals(k.Decimals), sig)
	if p.Div > 1 {
		base = sigDecimals(biggest / p.Div)
	}
	p.Decimals = base
	for p.Decimals < min(base+maxExtraDecimals, maxDecimals) && !p.decides(k.Direction, cells) {
		p.Decimals++
	}
	return p
}

// scaleOf is the scale a row whose largest number is a is written in.
func scaleOf(a float64) Precision {
	switch {
	case a >= 1e9:
		return Precision{Div: 1e9, Suffix: "B"}
	case a >= 1e6:
		return Precision{Div: 1e6, Suffix: "M"}
	case a >= 1e4:
		return Precision{Div: 1e3, Suffix: "k"}
	}
	return Precision{Div: 1}
}

// sigDecimals is the decimals that give a scaled number three significant
// digits: 426 → 0, 12.1 → 1, 1.03 → 2.
func sigDecimals(a float64) int {
	switch {
	case a >= 99.95:
		return 0
	case a >= 9.995:
		return 1
	}
	return 2
}

// decides reports whether at p every judged cell's rounded value lies on the
// same side of its rounded target as the exact value does.
func (p Precision) decides(dir Direction, cells []ScoreCell) bool {
	for _, c := range cells {
		if !c.Due || !c.HasValue || !c.Value.HasNumber || !c.Target.OK || !Usable(c.Value.Number) {
			continue
		}
		v := c.Value.Number
		switch dir {
		case Up:
			if !p.keepsOrder(v, c.Target.Low) {
				return false
			}
		case Down:
			if !p.keepsOrder(c.Target.High, v) {
				return false
			}
		case Range:
			if !p.keepsOrder(v, c.Target.Low) || !p.keepsOrder(c.Target.High, v) {
				return false
			}
		}
	}
	return true
}

// keepsOrder reports whether a < b stays visible after rounding both (a ≥ b
// always does: rounding never swaps two numbers).
func (p Precision) keepsOrder(a, b float64) bool {
	return a >= b || p.round(a) < p.round(b)
}

// round is v as the row writes it: rounded at p, except that a number is never
// rounded up across a power of ten — 99.98 at one decimal is "99.9", not
// "100.0", which beside "≥ 99.9%" reads as perfect uptime, and 999.7k is "999k",
// not "1000k" — so it is cut toward zero there instead. Rounding stays
// monotonic, so order and status are kept as before.
func (p Precision) round(v float64) float64 {
	f := math.Pow(10, float64(p.Decimals))
	scaled := math.Abs(v / p.Div)
	r := math.Round(scaled*f) / f
	if scaled > 0 && math.Floor(math.Log10(r)) > math.Floor(math.Log10(scaled)) {
		r = math.Floor(scaled*f) / f
	}
	return math.Copysign(r, v)
}

// Number writes v at the row's precision without its unit: "426k", "0.96M",
// "15.7", "4,640".
func (p Precision) Number(v float64) string {
	if !Usable(v) {
		return badCompactText
	}
	r := p.round(v)
	num := groupThousands(strconv.FormatFloat(math.Abs(r), 'f', p.Decimals, 64))
	if r < 0 {
		num = "-" + num
	}
	return num + p.Suffix
}

// Value writes v at the row's precision in unit: "$426k", "15.7%", "12.1k users".
func (p Precision) Value(v float64, unit string) string {
	if !Usable(v) {
		return badCompactText
	}
	n := p.Number(math.Abs(v))
	sign := ""
	if p.round(v) < 0 {
		sign = "-"
	}
	return withUnit(sign, n, unit)
}

// Target writes a target band at the row's precision, as TargetText does at
// the KPI's: "≥ $436k", "≤ 0.45%", "120–250 ms", "—" for none.
func (p Precision) Target(k KPI, b Band) string {
	if !b.OK {
		return "—"
	}
	switch k.Direction {
	case Down:
		return "≤ " + p.Value(b.High, k.Unit)
	case Range:
		if b.Low >= 0 && p.round(b.High) >= 0 { // one unit for both ends: "120–250 ms"
			return withUnit("", p.Number(b.Low)+"–"+p.Number(b.High), k.Unit)
		}
		return p.Value(b.Low, k.Unit) + "–" + p.Value(b.High, k.Unit)
	default:
		return "≥ " + p.Value(b.Low, k.Unit)
	}
}
