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
	if math.Abs(f) > 1e15 {
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
// before it, % right after it, any other unit after a space.
func withUnit(sign, num, unit string) string {
	switch {
	case unitPrefix(unit):
		return sign + unit + num
	case unit == "%":
		return sign + num + "%"
	case unit == "":
		return sign + num
	default:
		return sign + num + " " + unit
	}
}

// unitPrefix reports whether a unit is written before the number ($ € £).
func unitPrefix(unit string) bool { return unit == "$" || unit == "€" || unit == "£" }

// FormatValue writes a value in its KPI's unit and decimals: "$12,000", "45.2%",
// "12 days", "340 ms", "1,250". Currencies get thousands separators; so do plain
// numbers.
func FormatValue(v float64, unit string, decimals int) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "n/a"
	}
	num := groupThousands(strconv.FormatFloat(math.Abs(roundTo(v, decimals)), 'f', clampDecimals(decimals), 64))
	sign := ""
	if v < 0 && roundTo(v, decimals) != 0 {
		sign = "-"
	}
	return withUnit(sign, num, unit)
}

// FormatCompact writes a value short, for chart axes and narrow cells: 12k, 3.4M,
// $1.2M, 45%.
func FormatCompact(v float64, unit string, decimals int) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "n/a"
	}
	a := math.Abs(v)
	var num string
	if r := roundTo(a, decimals); r < 1e4 {
		num = groupThousands(strconv.FormatFloat(r, 'f', clampDecimals(decimals), 64))
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

func clampDecimals(d int) int {
	if d < 0 {
		return 0
	}
	if d > 6 {
		return 6
	}
	return d
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
