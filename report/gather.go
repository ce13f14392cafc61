package report

import "kpi/model"

// Source is what a report is read from: the team file through the command
// line's store or the app's. Both hand over model values only.
type Source interface {
	Settings() (model.Settings, error)
	Objectives() ([]model.Objective, error)
	KPIs() ([]model.KPI, error)
	// Values are every KPI's values with weeks in [from, to].
	Values(from, to model.Week) ([]model.Value, error)
	// Review is week w's review; ok is false when none was started.
	Review(w model.Week) (r model.Review, ok bool, err error)
	ActionItems() ([]model.ActionItem, error)
}

// Gather reads what the report of week w shows, so that `kpi report` and
// concluding a review in the app write the same text for the same file.
func Gather(src Source, w model.Week) (Input, error) {
	in := Input{Week: w}
	var err error
	if in.Settings, err = src.Settings(); err != nil {
		return in, err
	}
	if in.Objectives, err = src.Objectives(); err != nil {
		return in, err
	}
	kpis, err := src.KPIs()
	if err != nil {
		return in, err
	}
	from := w.Add(-(TrailWeeks - 1) - model.LookbackWeeks)
	vals, err := src.Values(from, w)
	if err != nil {
		return in, err
	}
	// derived KPIs are computed from all KPIs, since an input may be archived
	series := model.AllSeries(kpis, vals, from, w)
	in.Trails = map[int64][]model.Sample{}
	for _, k := range kpis {
		if k.Archived {
			continue
		}
		in.Readings = append(in.Readings, model.Evaluate(k, series[k.ID], w))
		in.Trails[k.ID] = model.Recent(k, series[k.ID], w, TrailWeeks)
	}
	if in.Review, in.HasReview, err = src.Review(w); err != nil {
		return in, err
	}
	if in.Actions, err = src.ActionItems(); err != nil {
		return in, err
	}
	if in.HasReview {
		in.Changed, err = ChangedSince(src, w, in.Review, kpis)
	}
	if err != nil {
		return in, err
	}
	// Events are optional for a source: a store without them reports none.
	if es, ok := src.(EventSource); ok {
		all, err := es.Events()
		if err != nil {
			return in, err
		}
		in.Events = model.EventsIn(all, w)
	}
	return in, nil
}

// EventSource is a Source that also has week events to report.
type EventSource interface {
	Events() ([]model.Event, error)
}

// StampedSource is a Source that reads a week's values whole, with when and
// by whom each was last changed (Values leaves the times out).
type StampedSource interface {
	WeekValues(w model.Week) ([]model.Value, error)
}

// ChangedSince is, for week w's review r when it is concluded, the week's
// entered values changed after it concluded, by KPI id; nil for a review
// still open, or a source that cannot tell when a value changed. The report
// marks them, and the Review view says so.
func ChangedSince(src Source, w model.Week, r model.Review, kpis []model.KPI) (map[int64]model.Value, error) {
	ss, ok := src.(StampedSource)
	if !ok || r.State != model.ReviewConcluded || r.ConcludedAt.IsZero() {
		return nil, nil
	}
	entered := map[int64]bool{}
	for _, k := range kpis {
		entered[k.ID] = !k.Archived && !k.Derived()
	}
	vals, err := ss.WeekValues(w)
	if err != nil {
		return nil, err
	}
	out := map[int64]model.Value{}
	for _, v := range vals {
		if entered[v.KPIID] && v.Week == w && v.UpdatedAt.After(r.ConcludedAt) {
			out[v.KPIID] = v
		}
	}
	return out, nil
}
