package model

import "fmt"

// Rollup is an objective's health in one week: how its KPIs stand against their
// targets ("3 of 4 on track", spec §2). It is computed from the KPIs' readings,
// so the Objectives view, the Scorecard's group headings and the report agree.
type Rollup struct {
	Summary
	// Total is the number of KPIs rolled up, whatever their status.
	Total int
}

// RollUp counts the statuses of an objective's KPI readings for one week.
// Context metrics (direction none) are left out: they are never judged.
func RollUp(rs []Reading) Rollup {
	judged := make([]Reading, 0, len(rs))
	for _, r := range rs {
		if r.KPI.Direction.Judged() {
			judged = append(judged, r)
		}
	}
	return Rollup{Summary: Summarize(judged), Total: len(judged)}
}

// Status is the roll-up as one status for its glyph and colour: the worst of its
// KPIs — off track before at risk before missing before on track — so an
// objective with one KPI off track is off track, and one with a KPI still missing
// its value is not called on track. KPIs without a target (or n/a) count only
// when nothing else does: then the roll-up has no target. No KPIs at all is
// NoneGiven: there is nothing to judge.
func (r Rollup) Status() Status {
	switch {
	case r.Total == 0:
		return NoneGiven
	case r.OffTrack > 0:
		return OffTrack
	case r.AtRisk > 0:
		return AtRisk
	case r.Missing > 0:
		return Missing
	case r.OnTrack > 0:
		return OnTrack
	}
	return NoTarget
}

// Text is the roll-up in words: "3 of 4 on track", or "no KPIs".
func (r Rollup) Text() string {
	if r.Total == 0 {
		return "no KPIs"
	}
	return fmt.Sprintf("%d of %d on track", r.OnTrack, r.Total)
}
