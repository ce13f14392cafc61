package model

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// ErrBadValue is wrapped by every value parsing error.
var ErrBadValue = errors.New("bad value")

// MaxMagnitude is the largest size of number kpi accepts (ParseValue) and the
// largest it will draw, sum, chart or judge. Beyond it float64 arithmetic stops
// being exact to the cent, and differences of two such numbers can overflow.
const MaxMagnitude = 1e15

// Usable reports whether a number read from the team file can be shown, summed,
// charted or judged: finite and within ±MaxMagnitude. Any tool can write the
// file, and SQLite happily stores 9e999 as +Inf, so every consumer of numbers
// asks this rather than trusting HasNumber alone.
func Usable(f float64) bool { return math.Abs(f) <= MaxMagnitude } // false for NaN and ±Inf

// BadValueText is how a number that is not Usable is written wherever a value
// would be, so the cell shows as bad instead of as a number.
const BadValueText = "⚠ bad value"

// badCompactText is BadValueText for narrow cells and chart labels.
const badCompactText = "⚠ bad"

// ParseValue reads a number the way people type them: "1,234.5", "12k", "3.4M",
// "2.1bn", "45%", "$1,200", "€3.5k", "-3", "1.2e3", "(120)" is not accepted.
// Currency symbols and a trailing % or unit are ignored (45% is 45: the stored
// number is the percentage). NaN, Inf, empty and garbage are refused with a reason.
func ParseValue(s string) (float64, error) {
	in := strings.TrimSpace(s)
	if in == "" {
		return 0, fmt.Errorf("%w: empty; type a number like 1,234.5, 12k or 45%%", ErrBadValue)
	}
	t := strings.ReplaceAll(in, " ", "")
	t = strings.ReplaceAll(t, "\u00a0", "")
	neg, signed := false, false
	if strings.HasPrefix(t, "-") || strings.HasPrefix(t, "−") {
		neg, signed = true, true
		t = strings.TrimPrefix(strings.TrimPrefix(t, "-"), "−")
	} else if strings.HasPrefix(t, "+") {
		signed = true
		t = t[1:]
	}
	for _, cur := range []string{"$", "€", "£"} {
		if strings.HasPrefix(t, cur) { // one currency symbol at most: "$€3" is garbage
			t = t[len(cur):]
			break
		}
	}
	if strings.HasPrefix(t, "-") && !signed { // "$-3"
		neg = true
		t = t[1:]
	}
	if strings.HasPrefix(t, "-") || strings.HasPrefix(t, "+") || strings.HasPrefix(t, "−") {
		// a second sign ("--3", "-$-3") would otherwise reach ParseFloat and flip
		// or duplicate the sign silently
		return 0, fmt.Errorf("%w %q: more than one sign; type a number like -3", ErrBadValue, in)
	}
	t = strings.TrimSuffix(t, "%")
	mult := 1.0
	lower := strings.ToLower(t)
	for _, sfx := range []struct {
		s string
		m float64
	}{{"bn", 1e9}, {"b", 1e9}, {"k", 1e3}, {"m", 1e6}} {
		if strings.HasSuffix(lower, sfx.s) && len(lower) > len(sfx.s) {
			// "1e3" ends in a digit, so exponents are never taken for suffixes.
			t = t[:len(t)-len(sfx.s)]
			mult = sfx.m
			break
		}
	}
	if strings.Contains(t, ",") {
		if !validThousands(t) {
			return 0, fmt.Errorf("%w %q: commas must separate thousands, like 1,234.5", ErrBadValue, in)
		}
		t = strings.ReplaceAll(t, ",", "")
	}
	if t == "" || strings.ContainsAny(t, "xXpP_") || strings.EqualFold(t, "inf") || strings.EqualFold(t, "infinity") || strings.EqualFold(t, "nan") {
		return 0, fmt.Errorf("%w %q: not a number; type a number like 1,234.5, 12k or 45%%", ErrBadValue, in)
	}
	f, err := strconv.ParseFloat(t, 64)
	if err != nil {
		var ne *strconv.NumError
		if errors.As(err, &ne) && errors.Is(ne.Err, strconv.ErrRange) {
			return 0, fmt.Errorf("%w %q: too large", ErrBadValue, in)
		}
		return 0, fmt.Errorf("%w %q: not a number; type a number like 1,234.5, 12k or 45%%", ErrBadValue, in)
	}
	f *= mult
	if neg {
		f = -f
	}
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, fmt.Errorf("%w %q: not a finite number", ErrBadValue, in)
	}
	if math.Abs(f) > MaxMagnitude {
		return 0, fmt.Errorf("%w %q: too large (the limit is 1e15)", ErrBadValue, in)
	}
	return f, nil
}

// validThousands checks "1,234,567.89": groups of three after the first.
func validThousands(t string) bool {
	intPart := t
	if i := strings.IndexAny(t, ".eE"); i >= 0 {
		intPart = t[:i]
		if strings.Contains(t[i:], ",") {
			return false
		}
	}
	groups := strings.Split(intPart, ",")
	if len(groups[0]) == 0 || len(groups[0]) > 3 {
		return false
	}
	for _, g := range groups[1:] {
		if len(g) != 3 {
			return false
		}
	}
	return true
}

// withUnit places the unit of spec §2 around a formatted number: currencies
// before it, % right after it, any other unit after a space, a counted word
// agreeing with the number ("1 deal", "2 deals").
func withUnit(sign, num, unit string) string {
	switch {
	case unitPrefix(unit):
		return sign + unit + num
	case unit == "%":
		return sign + num + "%"
	case unit == "":
		return sign + num
	default:
		return sign + num + " " + UnitFor(num, unit)
	}
}

// unitPrefix reports whether a unit is written before the number ($ € £).
func unitPrefix(unit string) bool { return unit == "$" || unit == "€" || unit == "£" }

// FormatValue writes a value in its KPI's unit and decimals: "$12,000", "45.2%",
// "12 days", "340 ms", "1,250". Currencies get thousands separators; so do plain
// numbers.
//
// A number that is not Usable is BadValueText. Decimals beyond 6 are 6; negative
// decimals (never valid, but any tool can write them) show up to two, so a bad
// setting never hides a value like 0.34 % as "0%".
func FormatValue(v float64, unit string, decimals int) string {
	if !Usable(v) {
		return BadValueText
	}
	num := groupThousands(formatFixed(math.Abs(roundTo(v, decimals)), decimals))
	sign := ""
	if v < 0 && roundTo(v, decimals) != 0 {
		sign = "-"
	}
	return withUnit(sign, num, unit)
}

// FormatCompact writes a value short, for chart axes and narrow cells: 12k, 3.4M,
// $1.2M, 45%.
func FormatCompact(v float64, unit string, decimals int) string {
	if !Usable(v) {
		return badCompactText
	}
	a := math.Abs(v)
	var num string
	if r := roundTo(a, decimals); r < 1e4 {
		num = groupThousands(formatFixed(r, decimals))
	} else {
		// The scale is chosen after rounding to one decimal, so that 999,999 is
		// "1M", not "1000k".
		for _, sc := range []struct {
			div    float64
			suffix string
		}{{1e3, "k"}, {1e6, "M"}, {1e9, "B"}} {
			n := strconv.FormatFloat(a/sc.div, 'f', 1, 64)
			if sc.suffix == "B" || (a < sc.div*1000 && !strings.HasPrefix(n, "1000.")) {
				num = trimZeros(n) + sc.suffix
				break
			}
		}
	}
	sign := ""
	if v < 0 && strings.ContainsAny(num, "123456789") { // "-0.0" is just 0
		sign = "-"
	}
	return withUnit(sign, num, unit)
}

// FormatDelta writes a change with an explicit sign: "+1,200", "-3.5%" (in points
// for % KPIs), "+2 days".
func FormatDelta(d float64, unit string, decimals int) string {
	s := FormatValue(d, unit, decimals)
	if roundTo(d, decimals) > 0 {
		return "+" + s
	}
	return s
}

// maxDecimals is the most decimals a KPI can have (ValidateKPI).
const maxDecimals = 6

// badDecimalsShown is how many decimals, at most, a KPI with negative decimals
// shows: enough for percentages and rates, with trailing zeros trimmed.
const badDecimalsShown = 2

// clampDecimals is the decimals numbers are rounded to: 0–6, and for negative
// decimals (a bad cell) badDecimalsShown.
func clampDecimals(d int) int {
	if d < 0 {
		return badDecimalsShown
	}
	return min(d, maxDecimals)
}

// formatFixed writes a (rounded, non-negative) number with the KPI's decimals;
// for negative decimals the trailing zeros go, so 12 stays "12" and 0.34 "0.34".
func formatFixed(a float64, decimals int) string {
	s := strconv.FormatFloat(a, 'f', clampDecimals(decimals), 64)
	if decimals < 0 {
		s = trimZeros(s)
	}
	return s
}

func roundTo(v float64, decimals int) float64 {
	p := math.Pow(10, float64(clampDecimals(decimals)))
	return math.Round(v*p) / p
}

func trimZeros(s string) string {
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}

func groupThousands(s string) string {
	intPart, frac := s, ""
	if i := strings.IndexByte(s, '.'); i >= 0 {
		intPart, frac = s[:i], s[i:]
	}
	if len(intPart) <= 3 {
		return s
	}
	var b strings.Builder
	pre := len(intPart) % 3
	if pre > 0 {
		b.WriteString(intPart[:pre])
	}
	for i := pre; i < len(intPart); i += 3 {
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(intPart[i : i+3])
	}
	return b.String() + frac
}

// ValueText writes a value as its KPI shows it: the number in its unit, or the
// owner's status for qualitative KPIs, or "—" for none. The command line, the app
// and the report share it so a value reads the same everywhere.
func ValueText(k KPI, v Value) string {
	if v.Bad != "" {
		return BadValue.Glyph() + " " + BadValue.Label()
	}
	if v.HasNumber {
		return FormatValue(v.Number, k.Unit, k.Decimals)
	}
	if v.Status != NoneGiven {
		return v.Status.Label()
	}
	return "—"
}

// TargetText writes a week's target as a comparison: "≥ $12,000", "≤ 2.5%",
// "200–400 ms", or "—" when the week has none.
func TargetText(k KPI, b Band) string {
	if !b.OK {
		return "—"
	}
	switch k.Direction {
	case Down:
		return "≤ " + FormatValue(b.High, k.Unit, k.Decimals)
	case Range:
		return FormatValue(b.Low, k.Unit, k.Decimals) + "–" + FormatValue(b.High, k.Unit, k.Decimals)
	default:
		return "≥ " + FormatValue(b.Low, k.Unit, k.Decimals)
	}
}
