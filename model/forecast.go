package model

import (
	"fmt"
	"math"
)

// The forecast answers "when does this KPI reach its final target if it keeps
// going as it has?". It is deliberately plain, so a team can check it by eye:
//
//   - Trend: a least-squares line through every usable value in the range the
//     user chose (Trends' 13, 26, 52 weeks or all; elsewhere the 26 weeks
//     before the week shown), not the last four weeks, so one spike (a
//     Thanksgiving week) moves it little. The line is followed from its value
//     at the latest week until it meets the target.
//   - Seasonal: with two years of weekly history and a series that repeats by
//     the year, a line is the wrong model (it chases last month's peak). Then
//     the forecast is seasonal naive with drift: a future week is the same week
//     last year (52 weeks back, as retail calendars compare) plus the average
//     year-over-year change over the range. The series counts as seasonal when
//     that rule would have predicted the last 52 weeks clearly better (its
//     error under SeasonalGain of the line's) than a line through them.
//   - Uncertainty: σ is the model's root-mean-square miss on the data it was
//     fitted to. When the fit is weak (R² under WeakFitR2, or fewer than
//     FirmFitPoints values) the forecast is the span of weeks over which the
//     projection comes within σ of the target ("between 2027-W10 and W18")
//     instead of one week it cannot vouch for.
//   - Not enough data: fewer than MinForecastPoints usable values in the
//     range. A range without a value never reads "not on pace".

// Forecast rules; see above.
const (
	MinForecastPoints = 4   // usable values in the range below which there is no forecast
	FirmFitPoints     = 8   // values a single-week forecast needs
	WeakFitR2         = 0.6 // R² under which the forecast is a range of weeks
	SeasonalGain      = 0.7 // seasonal error / line error under which the series counts as seasonal
	SeasonLag         = 52  // weeks back to "the same week last year"
	seasonalPairs     = 40  // of the last 52 weeks, how many need last year's value too
	maxForecastWeeks  = 520 // further than ten years out is "not on pace"
	DefaultForecast   = 26  // weeks of the range a Reading's forecast fits (Trends' default range)
)

// ForecastKind is what a forecast could say.
type ForecastKind int

// Forecast kinds.
const (
	ForecastNoTarget  ForecastKind = iota // no final target, a qualitative or context KPI
	ForecastNoData                        // fewer than MinForecastPoints values in the range
	ForecastReached                       // the latest value meets the final target
	ForecastNotOnPace                     // flat, going the wrong way, or more than ten years out
	ForecastWeek                          // reaches it in Early (== Late)
	ForecastBetween                       // reaches it between Early and Late
	ForecastFrom                          // reaches it from Early at the soonest; Late is beyond ten years
)

// Projection is a KPI's forecast: what kind, the weeks, the goal it aims at,
// and how it was made (for the Trends panel and tests).
type Projection struct {
	Kind        ForecastKind
	Early, Late Week
	Goal        float64 // the final target (for a band, the bound it approaches)
	Points      int     // usable values in the range
	Seasonal    bool    // made from last year's weeks rather than a line
	R2          float64 // the fit's R² (0 when there is no fit)
}

// OK reports whether the projection names a week (reached, or when).
func (p Projection) OK() bool { return p.Kind >= ForecastReached && p.Kind != ForecastNotOnPace }

// Text is the forecast in words: "reaches $2.3M in 2027-W10", "reaches $2.3M
// between 2027-W10 and W18", "not enough data (3 values)" (in the range).
func (p Projection) Text(k KPI) string {
	goal := FormatCompact(p.Goal, k.Unit, k.Decimals)
	switch p.Kind {
	case ForecastNoTarget:
		return "no target to reach"
	case ForecastNoData:
		if p.Points == 0 {
			return "not enough data (no values)"
		}
		return fmt.Sprintf("not enough data (%s)", plural(p.Points, "value"))
	case ForecastReached:
		return "target reached"
	case ForecastNotOnPace:
		return "not on pace"
	case ForecastBetween:
		late := p.Late.String()
		if p.Late.Year == p.Early.Year {
			late = fmt.Sprintf("W%02d", p.Late.Num)
		}
		return fmt.Sprintf("reaches %s between %s and %s", goal, p.Early, late)
	case ForecastFrom:
		return fmt.Sprintf("reaches %s in %s at the soonest", goal, p.Early)
	}
	return fmt.Sprintf("reaches %s in %s", goal, p.Early)
}

// plural is "1 value", "3 values".
func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// Project is KPI k's forecast from its values in [from, to] (see above).
func Project(k KPI, s Series, from, to Week) Projection {
	final, has := k.Targets.Final()
	if !has || k.Kind == Qualitative || !k.Direction.Judged() || !Usable(final.Value) || !Usable(final.High) {
		return Projection{Kind: ForecastNoTarget}
	}
	pts := usablePoints(s.Window(from, to), from)
	p := Projection{Points: len(pts), Goal: final.Value}
	if len(pts) < MinForecastPoints {
		p.Kind = ForecastNoData
		return p
	}
	latest := pts[len(pts)-1]
	goal := Band{Low: final.Value, High: final.Value, OK: true}
	if k.Direction == Range {
		goal = Band{Low: math.Min(final.Value, final.High), High: math.Max(final.Value, final.High), OK: true}
	}
	if Judge(k.Direction, Tolerance{}, goal, latest.y) == OnTrack {
		p.Kind = ForecastReached
		return p
	}
	up := !(k.Direction == Down || (k.Direction == Range && latest.y > goal.High))
	p.Goal = goal.Low
	if !up {
		p.Goal = goal.High
	}
	lastWeek := from.Add(int(latest.x))
	if k.Cadence == Weekly {
		if path, sigma, r2, ok := seasonalPath(s, lastWeek, from); ok {
			p.Seasonal, p.R2 = true, r2
			return p.crossing(path, sigma, up, lastWeek)
		}
	}
	fit := fitLine(pts)
	p.R2 = fit.r2
	slope := fit.slope
	if (up && slope <= 0) || (!up && slope >= 0) {
		p.Kind = ForecastNotOnPace
		return p
	}
	return p.lineCrossing(fit.at(latest.x), slope, fit.sigma, up, lastWeek)
}

// lineCrossing is crossing for the line now + slope·h, solved rather than
// stepped week by week: the first whole week h ≥ 1 at which the line (± σ
// toward or away from the goal when the fit is weak) meets it.
func (p Projection) lineCrossing(now, slope, sigma float64, up bool, last Week) Projection {
	toward := sigma
	if !up {
		toward = -sigma
	}
	if p.R2 >= WeakFitR2 && p.Points >= FirmFitPoints {
		toward = 0
	}
	weeks := func(v float64) int {
		h := math.Ceil((p.Goal-v-now)/slope - 1e-9)
		return int(math.Max(1, math.Min(h, maxForecastWeeks+1)))
	}
	early, late := weeks(toward), weeks(-toward)
	if early > maxForecastWeeks {
		early = 0
	}
	if late > maxForecastWeeks {
		late = 0
	}
	return p.placed(early, late, last)
}

// crossing finds when path (the projected value h weeks after last) meets the
// goal: the one week when the fit is firm, else the weeks from when path ± σ
// first meets it (early) to when path ∓ σ does (late).
func (p Projection) crossing(path func(h int) float64, sigma float64, up bool, last Week) Projection {
	meets := func(v float64) bool { return (up && v >= p.Goal) || (!up && v <= p.Goal) }
	toward := sigma
	if !up {
		toward = -sigma
	}
	firm := p.R2 >= WeakFitR2 && p.Points >= FirmFitPoints
	early, late := 0, 0
	for h := 1; h <= maxForecastWeeks && late == 0; h++ {
		v := path(h)
		if early == 0 && (meets(v) || (!firm && meets(v+toward))) {
			early = h
		}
		if meets(v) && (firm || meets(v-toward)) {
			late = h
		}
	}
	return p.placed(early, late, last)
}

// placed is p with its kind and weeks from the first week h after last at which
// the goal may be met (early) and the week by which it is (late); 0 is "not
// within maxForecastWeeks".
func (p Projection) placed(early, late int, last Week) Projection {
	switch {
	case early == 0:
		p.Kind = ForecastNotOnPace
	case late == 0:
		p.Kind, p.Early = ForecastFrom, last.Add(early)
	case early == late:
		p.Kind, p.Early, p.Late = ForecastWeek, last.Add(late), last.Add(late)
	default:
		p.Kind, p.Early, p.Late = ForecastBetween, last.Add(early), last.Add(late)
	}
	return p
}

// point is one usable value: x weeks after the range's start, value y.
type point struct{ x, y float64 }

// usablePoints are the values of s with a usable number, x counted from from.
func usablePoints(s Series, from Week) []point {
	out := make([]point, 0, len(s))
	origin := weekOrdinal(from)
	for _, v := range s {
		if v.HasNumber && Usable(v.Number) {
			out = append(out, point{float64(weekOrdinal(v.Week) - origin), v.Number})
		}
	}
	return out
}

// line is a least-squares fit y = intercept + slope·x with its R² and σ (the
// root-mean-square residual, with n−2 degrees of freedom).
type line struct{ intercept, slope, r2, sigma float64 }

func (l line) at(x float64) float64 { return l.intercept + l.slope*x }

// fitLine is the least-squares line through pts (at least two with different
// x; a constant series has slope 0 and R² 0).
func fitLine(pts []point) line {
	n := float64(len(pts))
	var mx, my float64
	for _, p := range pts {
		mx += p.x / n
		my += p.y / n
	}
	var sxx, sxy, syy float64
	for _, p := range pts {
		sxx += (p.x - mx) * (p.x - mx)
		sxy += (p.x - mx) * (p.y - my)
		syy += (p.y - my) * (p.y - my)
	}
	if sxx == 0 {
		return line{intercept: my}
	}
	l := line{slope: sxy / sxx}
	l.intercept = my - l.slope*mx
	ssr := math.Max(syy-l.slope*sxy, 0)
	if syy > 0 {
		l.r2 = 1 - ssr/syy
	}
	if n > 2 {
		l.sigma = math.Sqrt(ssr / (n - 2))
	}
	return l
}

// weekOrdinal is a number that grows by one a week (the ISO week's Monday in
// days since 1970, over 7), for the forecast's many week differences:
// WeeksBetween goes through time.Date twice, and a forecast over two years
// of weeks is on every card and scorecard cell. Integer civil-calendar
// arithmetic, agreeing with WeeksBetween (forecast_test.go).
func weekOrdinal(w Week) int {
	jan4 := daysFromCivil(w.Year, 1, 4)
	monday1 := jan4 - floorMod(jan4+3, 7) // 1970-01-01 was a Thursday: +3 makes Monday 0
	return floorDiv(monday1, 7) + w.Num - 1
}

// daysFromCivil is the days from 1970-01-01 to y-m-d in the proleptic
// Gregorian calendar (H. Hinnant's algorithm).
func daysFromCivil(y, m, d int) int {
	if m <= 2 {
		y--
	}
	era := floorDiv(y, 400)
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

func floorDiv(a, b int) int {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

func floorMod(a, b int) int { return a - floorDiv(a, b)*b }
