package model

// Period is the span between two of KPI k's values, as words say it: "week",
// or "month" for a monthly KPI. Every text about a change ("since last
// week", "vs last month") asks it, so a monthly KPI is never described in
// weeks.
func (k KPI) Period() string {
	if k.Cadence == Monthly {
		return "month"
	}
	return "week"
}

// SinceLast is "since last week", or "since last month" for a monthly KPI:
// what a reading's change (Reading.Change) is measured against.
func (k KPI) SinceLast() string { return "since last " + k.Period() }

// ValuesBack is the value that stands for KPI k n periods before week w: n
// weeks back for a weekly KPI, n months back (their due weeks) for a monthly
// one. It is what "4 weeks ago" and "3 months ago" compare with.
func ValuesBack(k KPI, s Series, w Week, n int) (Value, bool) {
	if k.Cadence != Monthly {
		return ValueFor(k, s, w.Add(-n))
	}
	at := DueWeekOf(Monthly, w)
	for range n {
		at = DueWeekOf(Monthly, at.Prev())
	}
	return s.At(at)
}
