package model

// FirstWeek is the week KPI k is due from (spec §2): the week it was created
// in, or the week of its first value when that is earlier (history imported
// or entered for weeks before the KPI was defined). It is zero when neither is
// known, and then every week is due.
//
// This is the one rule behind "weeks before a KPI existed are blank, never
// missing": Evaluate (the dashboard, `kpi list`, `kpi due`, the report, the
// entry form) and ScoreCells (the Scorecard) both ask Tracked.
func (k KPI) FirstWeek() Week {
	first := k.FirstValue
	if !k.CreatedAt.IsZero() {
		if c := WeekOf(k.CreatedAt); first.IsZero() || c.Before(first) {
			first = c
		}
	}
	return first
}

// Tracked reports whether week w is on or after k's first week: a week before
// it is one nobody tracked the KPI in, so it is blank (not due), never missing.
func (k KPI) Tracked(w Week) bool {
	first := k.FirstWeek()
	return first.IsZero() || !w.Before(first)
}

// DueIn reports whether a value of k is expected for week w: a KPI whose
// values are entered (not derived), in a week its cadence asks for one (see
// IsDue), on or after its first week.
func (k KPI) DueIn(w Week) bool {
	return !k.Derived() && IsDue(k.Cadence, w) && k.Tracked(w)
}

// WeekStatus is the status of week w in a list of KPI k's weeks (the Trends
// table, the status strip of a qualitative KPI): StatusOf, but blank
// (NoneGiven) for a week before k's first week that has no value, and missing
// for a derived KPI's week its inputs leave without a value.
func WeekStatus(k KPI, w Week, v Value, has bool) Status {
	switch {
	case !has && !k.Tracked(w):
		return NoneGiven
	case !has && k.Derived() && k.Direction.Judged():
		return Missing
	}
	return StatusOf(k, w, v, has)
}
