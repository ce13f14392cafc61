package dashboard

import (
	"slices"

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
	group     int // index into the groups, when the dashboard is grouped
}

// group is one group of a grouped dashboard: its heading and the roll-up of
// all its KPIs (those the filter hides too) for the week.
type group struct {
	title  string
	rollup model.Rollup
}

// groupedItems orders the items by group — objectives as the Objectives view
// lists them, or tag values — keeping the tier order inside each group; a
// group with no item the filter keeps is left out.
func groupedItems(d *frame.Data, filter string, g frame.Grouping) ([]item, []group) {
	if d == nil || g.None {
		return itemsOf(d, filter), nil
	}
	var sets []frame.TagGroup
	if g.Tag != "" {
		sets = frame.GroupByTag(d.Readings, g.Tag)
	} else {
		sets = objectiveGroups(d)
	}
	var items []item
	var groups []group
	for _, set := range sets {
		sub := *d
		sub.Readings = set.Readings
		its := itemsOf(&sub, filter)
		if len(its) == 0 {
			continue
		}
		for i := range its {
			its[i].group = len(groups)
		}
		groups = append(groups, group{title: set.Title, rollup: model.RollUp(set.Readings)})
		items = append(items, its...)
	}
	return items, groups
}

// objectiveGroups splits the readings by the objective each KPI serves, in
// the objectives' order, the KPIs serving none (or an unknown one) last.
func objectiveGroups(d *frame.Data) []frame.TagGroup {
	var out []frame.TagGroup
	known := map[int64]bool{}
	for _, o := range d.Objectives {
		known[o.ID] = true
		var rs []model.Reading
		for _, r := range d.Readings {
			if r.KPI.ObjectiveID == o.ID {
				rs = append(rs, r)
			}
		}
		title := model.Sanitize(o.Title, false)
		if o.Archived {
			title += " (archived)"
		}
		out = append(out, frame.TagGroup{Title: title, Readings: rs})
	}
	var rest []model.Reading
	for _, r := range d.Readings {
		if !known[r.KPI.ObjectiveID] {
			rest = append(rest, r)
		}
	}
	return append(out, frame.TagGroup{Title: "No objective", Readings: rest})
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
	return slices.Concat(omtm, key, health)
}
