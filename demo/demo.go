// Package demo generates a realistic team file's contents for `kpi demo`: a small
// SaaS company with objectives, a curated scorecard, years of weekly values, past
// reviews and action items. It exists so that a new user sees the app with data
// worth looking at, and so that benchmarks (spec §7) have a large, reproducible file.
// Everything is derived from Options; no clock or global random source is read.
package demo

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
	"time"

	"kpi/model"
)

// Options control the generated team; the zero values of KPIs and Weeks mean the
// normal demo.
type Options struct {
	// Seed picks the random stream: the same seed and options give a byte-identical
	// dataset, so benchmarks and bug reports can be reproduced.
	Seed int64
	// KPIs is the total number of KPIs. Zero (or anything up to the curated count)
	// gives the normal demo's curated scorecard; more adds generated regional KPIs
	// up to KPIs, for benchmarks (e.g. 1000).
	KPIs int
	// Weeks is how many weeks of values to generate, ending with the current week;
	// zero means 104 (two years). The large demo uses 520.
	Weeks int
	// Now is the clock: the current week is model.WeekOf(Now) and nothing is dated
	// after Now. The zero time means time.Now(), which makes the result depend on
	// the day it runs.
	Now time.Time
}

// DefaultWeeks is the history of the normal demo: two years, enough for a
// year-on-year comparison and a full seasonal cycle in the trend chart.
const DefaultWeeks = 104

// CuratedKPIs is the number of KPIs in the normal demo; Options.KPIs above it adds
// generated ones.
func CuratedKPIs() int { return len(curated()) }

// Rates of the data's imperfections: values an owner forgot in past weeks, and
// notes an owner wrote.
const (
	missingRate = 0.015
	noteRate    = 0.08
)

// Independent random streams, so that adding generated KPIs does not change the
// curated values, reviews or action items of the same seed.
const (
	streamValues = iota + 1
	streamLarge
	streamReviews
)

func newRand(seed int64, stream uint64) *rand.Rand {
	return rand.New(rand.NewPCG(uint64(seed), 0x6b7069<<8|stream))
}

// Generate builds the demo dataset described by opt. It is deterministic: the same
// options always give the same dataset.
func Generate(opt Options) model.Dataset {
	now := opt.Now
	if now.IsZero() {
		now = time.Now()
	}
	weeks := opt.Weeks
	if weeks <= 0 {
		weeks = DefaultWeeks
	}
	cal := newCalendar(model.WeekOf(now), now.UTC(), weeks)

	defs := curated()
	if extra := opt.KPIs - len(defs); extra > 0 {
		defs = append(defs, generated(extra, newRand(opt.Seed, streamLarge))...)
	}

	ds := model.Dataset{
		Format:     model.DatasetFormat,
		Settings:   model.DefaultSettings(teamName),
		Objectives: objectives(cal),
	}
	rr := newRand(opt.Seed, streamReviews)
	ds.Reviews = reviews(cal, defs, ds.Settings, rr)
	ds.KPIs = kpis(cal, defs, ds.Reviews)
	ds.Values = values(cal, defs, newRand(opt.Seed, streamValues))
	ds.ActionItems = actionItems(cal, ds.KPIs, ds.Reviews, rr)
	return ds
}

// calendar holds what every KPI needs per week, computed once: the weeks from the
// first to the current one, their Mondays, the position in the year for the
// seasonal cycle, and which weeks are holidays or start a month.
type calendar struct {
	cur        model.Week
	now        time.Time
	weeks      []model.Week
	mondays    []time.Time
	angle      []float64 // position in the year, radians (0 at 1 January)
	holiday    []bool    // weeks whose Monday falls between 19 December and 1 January
	monthStart []bool    // the first week of its month (model.Week.FirstOfMonth): monthly KPIs are due
}

func newCalendar(cur model.Week, now time.Time, n int) *calendar {
	c := &calendar{
		cur: cur, now: now,
		weeks:      make([]model.Week, n),
		mondays:    make([]time.Time, n),
		angle:      make([]float64, n),
		holiday:    make([]bool, n),
		monthStart: make([]bool, n),
	}
	w := cur.Add(-(n - 1))
	for i := range n {
		m := w.Monday()
		c.weeks[i], c.mondays[i] = w, m
		c.angle[i] = float64(m.YearDay()-1) / 365.25 * 2 * math.Pi
		c.holiday[i] = (m.Month() == time.December && m.Day() >= 19) || (m.Month() == time.January && m.Day() == 1)
		c.monthStart[i] = w.FirstOfMonth()
		w = model.WeekOf(m.AddDate(0, 0, 7))
	}
	return c
}

// last is the index of the current week.
func (c *calendar) last() int { return len(c.weeks) - 1 }

// entered is when an owner typed week i's value: Tuesday to Thursday during office
// hours, but never after now (the current week may still be young).
func (c *calendar) entered(i int, r *rand.Rand) time.Time {
	at := c.mondays[i].Add(time.Duration(24*(1+r.IntN(3))+8)*time.Hour + time.Duration(r.IntN(9*60))*time.Minute)
	if at.After(c.now) {
		at = c.now.Add(-time.Duration(1+r.IntN(90)) * time.Minute)
		if at.Before(c.mondays[i]) {
			at = c.mondays[i]
		}
	}
	return at
}

// kpis turns the definitions into KPI rows with IDs, targets and stamps. Targets are
// set from each KPI's own trend so that statuses come out as a realistic mix.
func kpis(cal *calendar, defs []kpiDef, revs []model.Review) []model.KPI {
	created := cal.mondays[0].AddDate(0, 0, -3).Add(11 * time.Hour) // the Friday before the first week
	if created.After(cal.now) {
		created = cal.now
	}
	year := cal.cur.Year
	targetWeek := model.Week{Year: year, Num: 1}
	out := make([]model.KPI, len(defs))
	for i := range defs {
		d := &defs[i]
		k := d.KPI
		k.ID = int64(i + 1)
		p := math.Pow10(k.Decimals)
		switch {
		case d.Kind == model.Qualitative:
			// a judgement has no numeric target
		case len(d.glide) > 0:
			// Interim targets through the year, a little ahead of the trend so the
			// team has to push to stay on the path.
			last := model.WeeksInYear(year)
			for j, amb := range d.glide {
				w := model.Week{Year: year, Num: 1 + j*(last-1)/(len(d.glide)-1)}
				t := float64(model.WeeksBetween(cal.cur, w))
				v := math.Round(d.trend(t)*amb/5000) * 5000
				k.Targets = append(k.Targets, model.TargetPoint{Week: w, Value: v})
			}
		case k.Direction == model.Range:
			k.Targets = model.TargetPath{{Week: targetWeek, Value: roundTo(d.target, p), High: roundTo(d.high, p)}}
		default:
			k.Targets = model.TargetPath{{Week: targetWeek, Value: roundTo(d.target, p)}}
		}
		k.Stamp = model.Stamp{Version: 1, CreatedAt: created, UpdatedAt: created, UpdatedBy: k.Owner}
		if d.reviewedAgo >= 0 && len(revs) > 0 {
			at := revs[max(0, len(revs)-1-d.reviewedAgo)].ConcludedAt
			if !at.Before(created) {
				k.DefinitionReviewed = at
			}
		}
		out[i] = k
	}
	return out
}

// values generates every KPI's weekly values, KPI by KPI in week order. Past weeks
// miss a value now and then; in the current week two or three KPIs are still
// missing so that `kpi due` has something to say.
func values(cal *calendar, defs []kpiDef, r *rand.Rand) []model.Value {
	n := 0
	for i := range defs {
		n += dueWeeks(cal, &defs[i])
	}
	out := make([]model.Value, 0, n)

	gaps := currentGaps(defs, r)
	createdNums := map[model.Week]float64{}
	for i := range defs {
		d := &defs[i]
		if d.Derived() {
			continue
		}
		id := int64(i + 1)
		start := len(out)
		out = appendValues(out, cal, d, id, gaps[i], r)
		switch d.Key {
		case "created":
			for _, v := range out[start:] {
				createdNums[v.Week] = v.Number
			}
		case "won":
			// A team cannot win more deals than it opened in a week; keep the
			// derived win rate at or under 100 %.
			for j := range out[start:] {
				v := &out[start+j]
				if c, ok := createdNums[v.Week]; ok && v.Number > c {
					v.Number = c
				}
			}
		}
	}
	// Week by week, as a team enters them: a week's values sit together in the
	// file, which is what a real file looks like and what makes reading a window
	// of weeks cheap.
	slices.SortStableFunc(out, func(a, b model.Value) int {
		if c := a.Week.Compare(b.Week); c != 0 {
			return c
		}
		return cmp.Compare(a.KPIID, b.KPIID)
	})
	for i := range out {
		out[i].ID = int64(i + 1)
	}
	return out
}

// dueWeeks is how many weeks of the calendar a KPI is due in (an upper bound on its
// values, used to size the slice once).
func dueWeeks(cal *calendar, d *kpiDef) int {
	switch {
	case d.Derived():
		return 0
	case d.Cadence == model.Monthly:
		n := 0
		for _, s := range cal.monthStart {
			if s {
				n++
			}
		}
		return n
	default:
		return len(cal.weeks)
	}
}

// currentGaps picks the two or three KPIs left without a value in the current week,
// among the weekly ones whose definitions allow it.
func currentGaps(defs []kpiDef, r *rand.Rand) []bool {
	gaps := make([]bool, len(defs))
	var cand []int
	for i := range defs {
		if defs[i].currentGap && defs[i].Cadence == model.Weekly && !defs[i].Derived() {
			cand = append(cand, i)
		}
	}
	r.Shuffle(len(cand), func(a, b int) { cand[a], cand[b] = cand[b], cand[a] })
	for _, i := range cand[:min(len(cand), 2+r.IntN(2))] {
		gaps[i] = true
	}
	return gaps
}

// appendValues generates one KPI's values and appends them to out.
func appendValues(out []model.Value, cal *calendar, d *kpiDef, id int64, gapNow bool, r *rand.Rand) []model.Value {
	last := cal.last()
	p := math.Pow10(d.Decimals)
	phase := d.phase()
	qs := model.OnTrack
	for i, w := range cal.weeks {
		if d.Cadence == model.Monthly && !cal.monthStart[i] {
			continue
		}
		if i == last {
			if gapNow {
				continue
			}
		} else if r.Float64() < missingRate {
			continue
		}
		v := model.Value{KPIID: id, Week: w, EnteredBy: d.Owner}
		if d.Kind == model.Qualitative {
			qs = nextStatus(qs, r)
			v.Status = qs
			v.Note = d.qual.pick(qs, r.IntN(64))
		} else {
			x, note := d.sample(cal, i, phase, r)
			v.Number, v.HasNumber = roundTo(x, p), true
			if note == "" && cal.holiday[i] && d.holiday > 0 && r.Float64() < 0.5 {
				note = "Holiday week"
			}
			if note == "" && len(d.notes) > 0 && r.Float64() < noteRate {
				note = d.notes[r.IntN(len(d.notes))]
			}
			v.Note = note
		}
		at := cal.entered(i, r)
		v.EnteredAt = at
		v.Stamp = model.Stamp{Version: 1, CreatedAt: at, UpdatedAt: at, UpdatedBy: d.Owner}
		out = append(out, v)
	}
	return out
}

// sample is the value of week i before rounding: trend × season × holiday dip ×
// (1 + relative noise) + absolute noise, the odd shock, clamped to the KPI's range.
// It returns the shock's note when the week had one.
func (s *series) sample(cal *calendar, i int, phase float64, r *rand.Rand) (float64, string) {
	t := float64(i - cal.last())
	x := s.trend(t)
	if s.season != 0 {
		x *= 1 + s.season*math.Sin(cal.angle[i]+phase)
	}
	if cal.holiday[i] {
		x *= 1 - s.holiday
	}
	if s.noise != 0 {
		x *= 1 + s.noise*r.NormFloat64()
	}
	if s.noiseAbs != 0 {
		x += s.noiseAbs * r.NormFloat64()
	}
	note := ""
	if s.shockProb > 0 && r.Float64() < s.shockProb {
		x *= 1 + s.shock
		note = s.shockNote
	}
	x = max(x, s.lo)
	if s.hi != 0 {
		x = min(x, s.hi)
	}
	return x, note
}

// nextStatus moves a qualitative KPI's status one week on: judgements are sticky,
// mostly on track, with spells at risk and the occasional week off track.
func nextStatus(s model.Status, r *rand.Rand) model.Status {
	u := r.Float64()
	switch s {
	case model.OffTrack:
		switch {
		case u < 0.15:
			return model.OnTrack
		case u < 0.65:
			return model.AtRisk
		}
		return model.OffTrack
	case model.AtRisk:
		switch {
		case u < 0.4:
			return model.OnTrack
		case u < 0.88:
			return model.AtRisk
		}
		return model.OffTrack
	default:
		switch {
		case u < 0.86:
			return model.OnTrack
		case u < 0.98:
			return model.AtRisk
		}
		return model.OffTrack
	}
}

// roundTo rounds x to the decimals whose power of ten is p, without producing -0.
func roundTo(x, p float64) float64 {
	v := math.Round(x*p) / p
	if v == 0 {
		return 0
	}
	return v
}
