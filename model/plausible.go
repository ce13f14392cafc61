package model

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// PlausibleFactor is how far from a KPI's recent median a value may be before
// it is questioned: 10× above or below (spec §4), the size of a slipped "k"
// or a misplaced decimal point, well beyond a real week's change.
const PlausibleFactor = 10

// RecentValues is how many of a KPI's latest values the median a new value is
// compared with is taken over.
const RecentValues = 8

// Doubt is why a value typed for a KPI looks wrong: a unit that is not the
// KPI's, a fraction typed for a percentage, or a number 10× or more off the
// KPI's recent median. The command line refuses such a value unless --force
// is given; the app asks on the row. Reason is "" when the value looks fine.
type Doubt struct {
	// Reason says what looks wrong, with the numbers that say so ("12k is 35×
	// below the last 8 weeks' median $421k").
	Reason string
	// Suggest is what the user may have meant, typed as they would type it
	// ("15.7%", "$1.2M"); "" when nothing plausible comes to mind.
	Suggest string
}

// Message is the doubt as one line, ending with how to keep the value anyway
// (keep: "use --force to keep 12k" on the command line, "enter again to keep
// it, esc to edit" in the app).
func (d Doubt) Message(keep string) string {
	if d.Suggest != "" {
		return d.Text() + " " + keep
	}
	return d.Text() + "; " + keep
}

// Text is the reason with the suggestion, without how to keep the value.
func (d Doubt) Text() string {
	if d.Suggest != "" {
		return d.Reason + "; did you mean " + d.Suggest + "?"
	}
	return d.Reason
}

// Vet questions a value typed for KPI k in week w (see Doubt), given the KPI's
// values around it (any weeks; the week itself is left out, as the value that
// would be replaced). ok is false when there is nothing to question.
//
// The checks, in order: the unit typed is not the KPI's ($ for €, % for a
// plain number, days for ms); a number below 1 typed without % for a %
// KPI that reads as a fraction (0.157 for 15.7 %: it would be stored as
// 0.157 %); the number is PlausibleFactor× or more above or below the
// median of the KPI's last RecentValues values. A zero, and a KPI without
// values, are only checked for their unit.
func Vet(k KPI, t Typed, s Series, w Week) (Doubt, bool) {
	if k.Kind == Qualitative {
		return Doubt{}, false
	}
	if d, ok := unitDoubt(k, t); ok {
		return d, true
	}
	ref, about, hasRef := recentMedian(k, s, w)
	if d, ok := fractionDoubt(k, t, ref, hasRef); ok {
		return d, true
	}
	if !hasRef || t.Number == 0 || ref == 0 {
		return Doubt{}, false
	}
	if within(t.Number, ref) {
		return Doubt{}, false
	}
	ratio := math.Abs(t.Number) / math.Abs(ref)
	median := FormatCompact(ref, k.Unit, k.Decimals)
	reason := fmt.Sprintf("%s is %s above %s %s", shownTyped(t), timesText(ratio), about, median)
	if ratio < 1 {
		reason = fmt.Sprintf("%s is %s below %s %s", shownTyped(t), timesText(1/ratio), about, median)
	}
	return Doubt{Reason: reason, Suggest: suggestScale(k, t.Number, ref)}, true
}

// unitDoubt questions a value typed in a unit that is not the KPI's. Only a
// unit actually typed counts: a bare number is taken in the KPI's unit.
func unitDoubt(k KPI, t Typed) (Doubt, bool) {
	if t.Unit == "" || SameUnit(t.Unit, k.Unit) {
		return Doubt{}, false
	}
	kept := FormatValue(t.Number, k.Unit, k.Decimals)
	if k.Unit == "" {
		return Doubt{Reason: fmt.Sprintf("%s is typed in %s but %s is a plain number (it would be saved as %s)",
			shownTyped(t), Sanitize(t.Unit, false), k.Key, kept)}, true
	}
	return Doubt{Reason: fmt.Sprintf("%s is typed in %s but %s is in %s (nothing is converted: it would be saved as %s)",
		shownTyped(t), Sanitize(t.Unit, false), k.Key, k.Unit, kept)}, true
}

// fractionDoubt questions 0.157 typed for a % KPI whose values are around
// 15.7: the stored number is the percentage, so it would be 0.157 % (and
// show as 0.2 % with one decimal). With no values to compare, it is
// questioned when the KPI's decimals would round it away from what was
// typed, which says it was meant as a fraction.
func fractionDoubt(k KPI, t Typed, ref float64, hasRef bool) (Doubt, bool) {
	a := math.Abs(t.Number)
	if k.Unit != "%" || t.Unit != "" || a == 0 || a >= 1 {
		return Doubt{}, false
	}
	if hasRef && (!within(t.Number*100, ref) || within(t.Number, ref)) {
		return Doubt{}, false
	}
	if !hasRef && roundTo(t.Number, k.Decimals) == t.Number {
		return Doubt{}, false
	}
	stored := FormatValue(t.Number, "%", k.Decimals)
	exact := strconv.FormatFloat(t.Number, 'f', -1, 64) + "%"
	reason := fmt.Sprintf("%s would be %s", shownTyped(t), exact)
	if stored != exact {
		reason += " (shown as " + stored + ")"
	}
	reason += ": " + k.Key + " stores the percentage, not a fraction"
	return Doubt{Reason: reason, Suggest: trimZeros(strconv.FormatFloat(t.Number*100, 'f', 6, 64)) + "%"}, true
}

// within reports whether a and b are less than PlausibleFactor apart as
// ratios of their sizes.
func within(a, b float64) bool {
	if a == 0 || b == 0 {
		return false
	}
	r := math.Abs(a) / math.Abs(b)
	return r < PlausibleFactor && 1/r < PlausibleFactor
}

// recentMedian is the median of KPI k's last RecentValues usable numbers
// before week w (after it, when w is before them all), and how to name them:
// "the last 8 weeks' median" when they are the weeks (for monthly KPIs the
// months) right before w, else "the median of its last 5 values".
func recentMedian(k KPI, s Series, w Week) (median float64, about string, ok bool) {
	var before, after []Value
	for _, v := range s {
		if !v.HasNumber || v.Bad != "" || !Usable(v.Number) || v.Week == w {
			continue
		}
		if v.Week.Before(w) {
			before = append(before, v)
		} else {
			after = append(after, v)
		}
	}
	vals := before
	if len(vals) > RecentValues {
		vals = vals[len(vals)-RecentValues:]
	}
	if len(vals) == 0 {
		vals = after[:min(len(after), RecentValues)]
	}
	if len(vals) == 0 {
		return 0, "", false
	}
	nums := make([]float64, len(vals))
	for i, v := range vals {
		nums[i] = v.Number
	}
	slices.Sort(nums)
	n := len(nums)
	median = nums[n/2]
	if n%2 == 0 {
		median = (nums[n/2-1] + nums[n/2]) / 2
	}
	return median, medianName(k, vals, w), true
}

// medianName names the values a median was taken over, for Doubt.
func medianName(k KPI, vals []Value, w Week) string {
	n := len(vals)
	if n == 1 {
		return "its last value,"
	}
	period := "weeks"
	step := func(x Week) Week { return x.Prev() }
	if k.Cadence == Monthly {
		period = "months"
		step = func(x Week) Week { return DueWeekOf(Monthly, x.Prev()) }
	}
	at := DueWeekOf(k.Cadence, w)
	for i := n - 1; i >= 0; i-- {
		at = step(at)
		if vals[i].Week != at {
			return fmt.Sprintf("the median of its last %d values,", n)
		}
	}
	return fmt.Sprintf("the last %d %s' median", n, period)
}

// suggestScale is the value the user may have meant when a number is far off
// its median: the same digits times a thousand or a million (a slipped k or
// M), or times or over a hundred for a % KPI, whichever lands nearest the
// median — and only if that one is within PlausibleFactor of it.
func suggestScale(k KPI, v, ref float64) string {
	factors := []float64{1e-6, 1e-3, 1e3, 1e6}
	if k.Unit == "%" {
		factors = append(factors, 1e-2, 1e2)
	}
	best, bestDist := 0.0, math.Inf(1)
	for _, f := range factors {
		c := v * f
		if !within(c, ref) || (c > 0) != (ref > 0) {
			continue
		}
		if d := math.Abs(math.Log(math.Abs(c) / math.Abs(ref))); d < bestDist {
			best, bestDist = c, d
		}
	}
	if bestDist == math.Inf(1) {
		return ""
	}
	return typedCompact(best, k.Unit)
}

// typedCompact writes a number short and in a form ParseFor reads back:
// "$12M", "15.7%", "1.2k ms" → "1.2k ms".
func typedCompact(v float64, unit string) string {
	a := math.Abs(v)
	num := trimZeros(strconv.FormatFloat(a, 'f', 3, 64))
	for _, sc := range []struct {
		div    float64
		suffix string
	}{{1e9, "bn"}, {1e6, "M"}, {1e3, "k"}} {
		if a >= sc.div {
			num = trimZeros(strconv.FormatFloat(a/sc.div, 'f', 2, 64)) + sc.suffix
			break
		}
	}
	sign := ""
	if v < 0 {
		sign = "-"
	}
	return withUnit(sign, num, unit)
}

// timesText is a ratio as "35×", "12.5×" under 20.
func timesText(r float64) string {
	if r >= 20 || r == math.Trunc(r) {
		return strconv.FormatFloat(math.Round(r), 'f', 0, 64) + "×"
	}
	return strconv.FormatFloat(r, 'f', 1, 64) + "×"
}

// shownTyped is what was typed, safe to print.
func shownTyped(t Typed) string {
	s := Sanitize(strings.TrimSpace(t.Text), false)
	if s == "" {
		s = strconv.FormatFloat(t.Number, 'g', -1, 64)
	}
	return s
}
