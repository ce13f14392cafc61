package model

import "math"

// seasonalPath is the seasonal-naive-with-drift projection of a weekly
// series from week last (see forecast.go): the value h weeks on is the value
// 52 weeks before it (actual, or itself projected) plus the drift, the mean
// year-over-year change over the range [from, last] (over the last 52 weeks
// when the range has fewer than MinForecastPoints such pairs). ok is false
// without two years of history or when the series is not seasonal: the
// same-week-last-year rule must have predicted the last 52 weeks with under
// SeasonalGain of the error of a line through them. sigma and r2 are the
// rule's on those 52 weeks.
func seasonalPath(s Series, last, from Week) (path func(h int) float64, sigma, r2 float64, ok bool) {
	start := last.Add(-(2*SeasonLag - 1))
	if len(s) == 0 || s[0].Week.After(start) {
		return nil, 0, 0, false // under two years of history
	}
	var year [2 * SeasonLag]float64 // weeks last-103 … last
	var have [2 * SeasonLag]bool
	origin := weekOrdinal(start)
	fromIx := weekOrdinal(from) - origin
	for _, v := range s.Window(start, last) {
		if i := weekOrdinal(v.Week) - origin; v.HasNumber && Usable(v.Number) && i >= 0 && i < len(year) {
			year[i], have[i] = v.Number, true
		}
	}
	// the last 52 weeks: their values (for a line through them) and their
	// changes on the year before (for the seasonal rule)
	var pts [SeasonLag]point
	var n, pairs, recentPairs int
	var diffSum, recentSum float64
	for i := SeasonLag; i < 2*SeasonLag; i++ {
		if !have[i] {
			continue
		}
		pts[n], n = point{float64(i), year[i]}, n+1
		if have[i-SeasonLag] {
			d := year[i] - year[i-SeasonLag]
			diffSum, pairs = diffSum+d, pairs+1
			if i >= fromIx {
				recentSum, recentPairs = recentSum+d, recentPairs+1
			}
		}
	}
	if pairs < seasonalPairs {
		return nil, 0, 0, false
	}
	d52 := diffSum / float64(pairs)
	var sse, sst, my float64
	for i := SeasonLag; i < 2*SeasonLag; i++ {
		if have[i] && have[i-SeasonLag] {
			e := year[i] - year[i-SeasonLag] - d52
			sse += e * e
		}
	}
	for _, p := range pts[:n] {
		my += p.y / float64(n)
	}
	for _, p := range pts[:n] {
		sst += (p.y - my) * (p.y - my)
	}
	sigma = math.Sqrt(sse / float64(pairs-1))
	if lin := fitLine(pts[:n]); !(sigma < SeasonalGain*lin.sigma) {
		return nil, 0, 0, false
	}
	if sst > 0 {
		r2 = math.Max(1-sse/sst, 0)
	}
	drift := d52
	if recentPairs >= MinForecastPoints {
		drift = recentSum / float64(recentPairs)
	}
	return projectSeasonal(year[:], have[:], drift), sigma, r2, true
}

// projectSeasonal fills the gaps of the last two years (a missing week is
// the week a year before it plus the drift, or the years' mean) and then
// projects maxForecastWeeks ahead, each week a year back plus the drift.
func projectSeasonal(year []float64, have []bool, drift float64) func(h int) float64 {
	var known []float64
	for i, ok := range have {
		if ok {
			known = append(known, year[i])
		}
	}
	avg := mean(known)
	all := make([]float64, len(year)+maxForecastWeeks)
	for i := range all {
		switch {
		case i < len(year) && have[i]:
			all[i] = year[i]
		case i >= SeasonLag:
			all[i] = all[i-SeasonLag] + drift
		default:
			all[i] = avg
		}
	}
	return func(h int) float64 { return all[len(year)-1+h] }
}

// mean is the average of xs (0 for none).
func mean(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	var t float64
	for _, x := range xs {
		t += x
	}
	return t / float64(len(xs))
}
