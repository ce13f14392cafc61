package cli

import (
	"kpi/db"
	"kpi/model"
)

// weekReadings loads and evaluates every KPI for week w (archived ones only when
// asked). It reads only the weeks the readings need.
func weekReadings(st *db.Store, w model.Week, archived bool) ([]model.Reading, []model.Objective, error) {
	kpis, err := st.KPIs()
	if err != nil {
		return nil, nil, err
	}
	vals, err := st.Values(w.Add(-model.LookbackWeeks), w)
	if err != nil {
		return nil, nil, err
	}
	objs, err := st.Objectives()
	if err != nil {
		return nil, nil, err
	}
	all := model.ReadAll(kpis, vals, w)
	if archived {
		return all, objs, nil
	}
	out := all[:0]
	for _, r := range all {
		if !r.KPI.Archived {
			out = append(out, r)
		}
	}
	return out, objs, nil
}
