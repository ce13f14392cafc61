package dashboard

import (
	"strings"

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
	f := parseFilter(filter)
	var omtm, key, health []item
	for _, r := range d.Readings {
		it := item{reading: r, objective: d.ObjectiveTitle(r.KPI.ObjectiveID), trail: d.Trail[r.KPI.ID]}
		if !f.matches(it) {
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

// filter is the parsed `/` filter: every term must match. "owner:ana" matches the
// owner, "objective:growth" (or "obj:") the objective's title, any other word the
// KPI's key, name, owner or objective.
type filter struct {
	owner, objective, text []string
}

func parseFilter(s string) filter {
	var f filter
	for _, term := range strings.Fields(strings.ToLower(s)) {
		name, value, ok := strings.Cut(term, ":")
		switch {
		case ok && value != "" && name == "owner":
			f.owner = append(f.owner, value)
		case ok && value != "" && (name == "objective" || name == "obj"):
			f.objective = append(f.objective, value)
		default:
			f.text = append(f.text, term)
		}
	}
	return f
}

func (f filter) matches(it item) bool {
	k := it.reading.KPI
	owner, obj := strings.ToLower(k.Owner), strings.ToLower(it.objective)
	for _, o := range f.owner {
		if !strings.HasPrefix(owner, o) {
			return false
		}
	}
	for _, o := range f.objective {
		if !strings.Contains(obj, o) {
			return false
		}
	}
	all := strings.ToLower(k.Key + " " + k.Name + " " + k.Owner + " " + it.objective)
	for _, t := range f.text {
		if !strings.Contains(all, t) {
			return false
		}
	}
	return true
}
