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

// FillDerivedFirstValues sets FirstValue of each derived KPI in kpis from its
// inputs, as the store sets it for an entered KPI from its values: the first
// week its formula can have been computed. That is the latest of its KPI
// inputs' first values (each must have one) and, for each tag it aggregates
// over, the earliest of the members' (one is enough). An input that has no
// value leaves it zero: the KPI is then due from its creation week. The store
// calls it after reading every KPI, so a derived KPI created today over two
// years of inputs is not "missing" in their gaps' weeks only because it is new.
func FillDerivedFirstValues(kpis []KPI) {
	byKey := make(map[string]int, len(kpis))
	for i, k := range kpis {
		byKey[k.Key] = i
	}
	var first func(i, depth int) Week
	first = func(i, depth int) Week {
		k := kpis[i]
		if !k.Derived() {
			return k.FirstValue
		}
		f, err := ParseFormula(k.Formula)
		if err != nil || depth > 16 {
			return Week{}
		}
		var out Week
		later := func(w Week) bool {
			if w.IsZero() {
				return false
			}
			if out.IsZero() || w.After(out) {
				out = w
			}
			return true
		}
		for _, r := range f.Refs() {
			j, ok := byKey[r]
			if !ok || !later(first(j, depth+1)) {
				return Week{}
			}
		}
		for _, t := range f.Tags() {
			var earliest Week
			for _, m := range TagMembers(kpis, t, k.Key) {
				if w := first(byKey[m], depth+1); !w.IsZero() && (earliest.IsZero() || w.Before(earliest)) {
					earliest = w
				}
			}
			if !later(earliest) {
				return Week{}
			}
		}
		return out
	}
	for i := range kpis {
		if kpis[i].Derived() {
			kpis[i].FirstValue = first(i, 0)
		}
	}
}
