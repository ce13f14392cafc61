package objectives

import (
	"sort"

	"kpi/model"
	"kpi/ui/frame"
)

// rowKind is what a line of the list is.
type rowKind int

const (
	rowObjective rowKind = iota
	rowKPI
	rowHeading // "Serve no objective"; not selectable
)

// row is one line of the list.
type row struct {
	kind rowKind
	// obj is the objective of an objective row, and the objective a KPI row is
	// listed under (ID 0 under the "serve no objective" heading).
	obj model.Objective
	kpi model.KPI
	// reading is the KPI's reading for the week under review (active KPIs; nil
	// for archived ones). It points into the root's data, which never changes.
	reading *model.Reading
	// rollup is an objective's health: its active KPIs for the week.
	rollup model.Rollup
	// kpis counts an objective's KPIs listed (the filter and the archived switch
	// apply), so an empty one can say so.
	kpis int
}

// selKey names the selected line across rebuilds of the list.
type selKey struct {
	kind rowKind
	id   int64
}

func (r row) key() selKey {
	if r.kind == rowKPI {
		return selKey{rowKPI, r.kpi.ID}
	}
	return selKey{r.kind, r.obj.ID}
}

// stateRank orders objectives: active ones first, then done, then dropped,
// archived ones last.
func stateRank(o model.Objective) int {
	switch {
	case o.Archived:
		return 3
	case o.State == model.ObjectiveDone:
		return 1
	case o.State == model.ObjectiveDropped:
		return 2
	}
	return 0
}

// rank orders an objective's KPIs: the OMTM, then key KPIs, then health metrics.
func rank(k model.KPI) int {
	switch {
	case k.OMTM:
		return 0
	case k.Tier == model.TierKey:
		return 1
	}
	return 2
}

// buildRows lists the objectives with, under each expanded one, the KPIs that
// serve it, then the KPIs that serve no (shown) objective under their own
// heading. all is every KPI of the file (archived ones shown only with
// archived); the week's readings come from d.
func buildRows(d *frame.Data, all []model.KPI, expanded map[int64]bool, archived bool, filter string) []row {
	if d == nil {
		return nil
	}
	f := frame.ParseFilter(filter)
	readings := make(map[int64]*model.Reading, len(d.Readings))
	for i := range d.Readings {
		readings[d.Readings[i].KPI.ID] = &d.Readings[i]
	}
	if all == nil {
		all = d.KPIs
	}
	var objs []model.Objective
	for rank := 0; rank <= 3; rank++ {
		for _, o := range d.Objectives {
			if stateRank(o) == rank && (archived || !o.Archived) {
				objs = append(objs, o)
			}
		}
	}
	shown := make(map[int64]bool, len(objs))
	for _, o := range objs {
		shown[o.ID] = true
	}
	serving := make(map[int64][]int, len(objs)) // the indexes in all of each objective's KPIs
	for i, k := range all {
		serving[k.ObjectiveID] = append(serving[k.ObjectiveID], i)
	}
	kpiRow := func(k model.KPI, under model.Objective) row {
		return row{kind: rowKPI, obj: under, kpi: k, reading: readings[k.ID]}
	}
	// Rows are made only for the KPIs listed: a folded objective's KPIs are
	// counted, not copied (on the large demo they were 20 MB a week change).
	var out []row
	week := make([]model.Reading, 0, len(d.Readings))
	for _, o := range objs {
		listed := expanded[o.ID] || !f.Empty()
		var members []row
		count := 0
		week = week[:0]
		for _, i := range serving[o.ID] {
			k := all[i]
			if r := readings[k.ID]; r != nil {
				week = append(week, *r)
			}
			if (archived || !k.Archived) && f.Matches(k, o.Title) {
				count++
				if listed {
					members = append(members, kpiRow(k, o))
				}
			}
		}
		if !f.Empty() && count == 0 && !f.Matches(model.KPI{Owner: o.Owner}, o.Title) {
			continue
		}
		sort.SliceStable(members, func(i, j int) bool { return rank(members[i].kpi) < rank(members[j].kpi) })
		out = append(out, row{kind: rowObjective, obj: o, rollup: model.RollUp(week), kpis: count})
		out = append(out, members...)
	}
	var orphans []row
	for _, k := range all {
		if !shown[k.ObjectiveID] && (archived || !k.Archived) && f.Matches(k, "") {
			orphans = append(orphans, kpiRow(k, model.Objective{}))
		}
	}
	if len(orphans) > 0 {
		out = append(out, row{kind: rowHeading, kpis: len(orphans)})
		out = append(out, orphans...)
	}
	return out
}
