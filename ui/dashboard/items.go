package dashboard

import (
	"kpi/model"
	"kpi/ui/frame"
)

// tier is where an item sits on the dashboard: the OMTM first and larger, key KPIs
// as cards, health metrics as a compact list (spec §5).
type tier int

const (
	tierOMTM tier = iota
	tierKey
	tierHealth
)

// item is one KPI on the dashboard.
type item struct {
	reading   model.Reading
	tier      tier
	objective string
	trail     []frame.TrailPoint
}

// itemsOf orders the week's readings for the dashboard — OMTM, key KPIs, health
// metrics, each in the store's order — keeping those that match the filter.
func itemsOf(d *frame.Data, filter string) []item {
	if d == nil {
		return nil
	}
	f := frame.ParseFilter(filter)
	var omtm, key, health []item
	for _, r := range d.Readings {
		it := item{reading: r, objective: d.ObjectiveTitle(r.KPI.ObjectiveID), trail: d.Trail[r.KPI.ID]}
		if !f.Matches(r.KPI, it.objective) {
			continue
		}
		switch {
		case r.KPI.OMTM:
			it.tier = tierOMTM
			omtm = append(omtm, it)
		case r.KPI.Tier == model.TierKey:
			it.tier = tierKey
			key = append(key, it)
		default:
			it.tier = tierHealth
			health = append(health, it)
		}
	}
	return append(append(omtm, key...), health...)
}
