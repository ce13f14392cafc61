package model

import (
	"cmp"
	"slices"
)

// Reading is everything derived about one KPI in one week: what a card, a list row
// or a report line shows. It is computed by Evaluate from the KPI's definition and
// its values, so every view and command agrees.
type Reading struct {
	KPI  KPI
	Week Week
	// Due is false for weeks a value is not expected (monthly KPIs between due
	// weeks, derived KPIs, weeks before the KPI's first week).
	Due bool
	// Before is set when the week (for a monthly KPI, its month's due week) is
	// before the KPI's first week (KPI.FirstWeek) and has no value: nobody
	// tracked the KPI yet, so the week is blank (Status NoneGiven), never
	// missing.
	Before bool
	// Value is the value that stands for the week (for monthly KPIs, the month's);
	// HasValue is false when there is none.
	Value    Value
	HasValue bool
	Target   Band
	Status   Status
	// Prev is the value of the week before it (for a monthly KPI, of the month
	// before), for the change since last week (KPI.SinceLast); none after a gap.
	Prev      Value
	HasPrev   bool
	Change    float64
	HasChange bool
	Verdict   Verdict
	// Trend is the 4-week slope per week.
	Trend    float64
	HasTrend bool
	// Forecast is when the trend over the DefaultForecast weeks up to Week
	// reaches the final target (Project; Trends projects its own range).
	Forecast Projection
}

// Evaluate derives the Reading of KPI k in week w from its series (for a derived
// KPI, the series DeriveSeries computed).
func Evaluate(k KPI, s Series, w Week) Reading {
	r := Reading{KPI: k, Week: w, Due: k.DueIn(w)}
	r.Target = k.Targets.At(w, k.Direction)
	standsFor := DueWeekOf(k.Cadence, w)
	r.Value, r.HasValue = s.At(standsFor)
	r.Status = StatusOf(k, standsFor, r.Value, r.HasValue)
	switch {
	case r.HasValue && k.Cadence == Monthly:
		// judged against the target of the week being looked at
		r.Status = StatusOf(k, w, r.Value, true)
	case !r.HasValue && !k.Tracked(standsFor):
		r.Before, r.Status = true, NoneGiven
	}
	r.Prev, r.HasPrev = s.LatestAtOrBefore(standsFor.Prev())
	if r.HasPrev && r.Prev.Week != DueWeekOf(k.Cadence, standsFor.Prev()) {
		r.HasPrev = false // a gap: no "since last week" (or month)
	}
	if r.HasValue && r.HasPrev && r.Value.HasNumber && r.Prev.HasNumber && Usable(r.Value.Number) && Usable(r.Prev.Number) {
		r.Change = r.Value.Number - r.Prev.Number
		r.HasChange = true
		r.Verdict = ChangeVerdict(k.Direction, r.Target, r.Prev.Number, r.Value.Number)
	}
	r.Trend, r.HasTrend = Slope(s.Window(w.Add(-(TrendWindow - 1)), w))
	r.Forecast = Project(k, s, w.Add(-(DefaultForecast - 1)), w)
	return r
}

// DeriveSeries computes a derived KPI's values for the given weeks from its inputs'
// series. A week where an input has no value has no derived value (it shows as
// missing); a division by zero gives a value with Status NotAvail ("n/a"), never
// Inf or NaN.
func DeriveSeries(k KPI, byKey map[string]KPI, inputs map[string]Series, weeks []Week) (Series, error) {
	f, err := ParseFormula(k.Formula)
	if err != nil {
		return nil, err
	}
	out := make(Series, 0, len(weeks))
	members := func(string) []string { return nil }
	if len(f.Tags()) > 0 {
		members = f.tagMembersFunc(k.Key, kpisOf(byKey))
	}
	for _, w := range weeks {
		v, err := f.EvalWith(func(key string) (float64, bool) {
			in, ok := ValueFor(byKey[key], inputs[key], w)
			if !ok || !in.HasNumber || !Usable(in.Number) {
				return 0, false
			}
			return in.Number, true
		}, members)
		switch {
		case err == nil:
			out = append(out, Value{KPIID: k.ID, Week: w, Number: roundTo(v, k.Decimals+2), HasNumber: true})
		case err == ErrDivByZero:
			out = append(out, Value{KPIID: k.ID, Week: w, Status: NotAvail})
		}
	}
	return out, nil
}

// Summary counts readings by status, for headers and reports ("3 on track, 1 at
// risk").
type Summary struct {
	OnTrack, AtRisk, OffTrack, Missing, NoTarget, Other int
}

// Summarize counts the statuses of the readings.
func Summarize(rs []Reading) Summary {
	var s Summary
	for _, r := range rs {
		switch r.Status {
		case OnTrack:
			s.OnTrack++
		case AtRisk:
			s.AtRisk++
		case OffTrack:
			s.OffTrack++
		case Missing:
			s.Missing++
		case NoTarget:
			s.NoTarget++
		default:
			s.Other++
		}
	}
	return s
}

// LookbackWeeks is how many weeks before a week ReadAll needs values for: the
// previous value of a monthly KPI (up to 9 weeks back) and the 4-week trend.
const LookbackWeeks = 13

// ReadAll evaluates every KPI in week w from a flat list of values (any order) that
// covers at least [w-LookbackWeeks, w]. Derived KPIs are computed from their
// inputs; a broken formula leaves that KPI without values rather than failing the
// whole list. The readings come back in the order of kpis.
func ReadAll(kpis []KPI, vals []Value, w Week) []Reading {
	series := AllSeries(kpis, vals, w.Add(-LookbackWeeks), w)
	out := make([]Reading, 0, len(kpis))
	for _, k := range kpis {
		out = append(out, Evaluate(k, series[k.ID], w))
	}
	return out
}

// AllSeries groups a flat list of values (any order) by KPI id into sorted series,
// and computes the series of derived KPIs for the weeks from..to. It is what both
// the readings of one week and the sparklines of recent weeks are made from.
// The series may share vals' memory: vals must not change afterwards.
func AllSeries(kpis []KPI, vals []Value, from, to Week) map[int64]Series {
	byID := groupByKPI(vals)
	byKey := make(map[string]KPI, len(kpis))
	series := make(map[string]Series, len(kpis))
	for _, k := range kpis {
		byKey[k.Key] = k
		series[k.Key] = byID[k.ID]
	}
	var weeks []Week
	for wk := from; !wk.After(to); wk = wk.Next() {
		weeks = append(weeks, wk)
	}
	out := make(map[int64]Series, len(kpis))
	for _, k := range kpis {
		if k.Derived() {
			out[k.ID] = deriveOrEmpty(k, byKey, series, weeks)
		} else {
			out[k.ID] = series[k.Key]
		}
	}
	return out
}

// CompareByKPIAndWeek orders values by KPI id, then week: the order the store
// returns windows in, and the one AllSeries cuts without sorting.
func CompareByKPIAndWeek(a, b Value) int {
	if c := cmp.Compare(a.KPIID, b.KPIID); c != 0 {
		return c
	}
	return a.Week.Compare(b.Week)
}

// groupByKPI cuts vals into one series per KPI. Values in the order the store
// returns them (by KPI, then week) are cut without sorting or copying: on the
// large demo this is 26,000 values on every week change. Others are sorted in a
// copy; vals itself is never changed.
func groupByKPI(vals []Value) map[int64]Series {
	all := vals
	if !slices.IsSortedFunc(all, CompareByKPIAndWeek) {
		all = slices.Clone(vals)
		slices.SortStableFunc(all, CompareByKPIAndWeek)
	}
	out := make(map[int64]Series)
	for len(all) > 0 {
		n := 1
		for n < len(all) && all[n].KPIID == all[0].KPIID {
			n++
		}
		out[all[0].KPIID], all = Series(all[:n:n]), all[n:]
	}
	return out
}

// deriveOrEmpty computes a derived KPI's series, through derived inputs too
// (FormulaCycle keeps the graph acyclic; depth guards a file edited by hand).
func deriveOrEmpty(k KPI, byKey map[string]KPI, series map[string]Series, weeks []Week) Series {
	var all []KPI // made only for a formula over tags
	var derive func(k KPI, depth int) Series
	derive = func(k KPI, depth int) Series {
		if depth > 16 {
			return nil
		}
		f, err := ParseFormula(k.Formula)
		if err != nil {
			return nil
		}
		refs := f.Refs()
		if len(f.Tags()) > 0 {
			if all == nil {
				all = kpisOf(byKey)
			}
			refs = f.Inputs(k.Key, all)
		}
		inputs := make(map[string]Series, len(refs))
		for _, r := range refs {
			in := byKey[r]
			if in.Derived() {
				inputs[r] = derive(in, depth+1)
			} else {
				inputs[r] = series[r]
			}
		}
		s, _ := DeriveSeries(k, byKey, inputs, weeks)
		return s
	}
	return derive(k, 0)
}

// ValueText is the reading's value as its KPI shows it, "n/a" for a formula that
// cannot be computed, or "—" for none: what cards, tables and reports print.
func (r Reading) ValueText() string {
	if !r.HasValue {
		return "—"
	}
	if !r.Value.HasNumber && r.Value.Status == NotAvail {
		return "n/a"
	}
	return ValueText(r.KPI, r.Value)
}

// ChangeArrow is ▲ for a rise, ▼ for a fall and → for no change: the direction of
// a change, whose colour or "(better)" says whether it is good news.
func ChangeArrow(d float64) string {
	switch {
	case d > 0:
		return "▲"
	case d < 0:
		return "▼"
	}
	return "→"
}

// kpisOf is the KPIs of byKey as a list (in no order: TagMembers sorts).
func kpisOf(byKey map[string]KPI) []KPI {
	out := make([]KPI, 0, len(byKey))
	for _, k := range byKey {
		out = append(out, k)
	}
	return out
}
