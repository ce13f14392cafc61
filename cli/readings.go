package cli

import (
	"kpi/db"
	"kpi/model"
)

// readWeek is the shared start of the read commands (list, due): parse --week,
// open the file, evaluate every KPI for that week, and let go of the file.
func readWeek(env *Env, g *globals, weekText string, archived bool) (model.Week, []model.Reading, []model.Objective, error) {
	week, err := weekFlag(env, weekText)
	if err != nil {
		return week, nil, nil, err
	}
	st, err := openResolvedReading(env, g)
	if err != nil {
		return week, nil, nil, err
	}
	defer st.Close()
	rs, objs, err := weekReadings(st, week, archived)
	return week, rs, objs, err
}

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
