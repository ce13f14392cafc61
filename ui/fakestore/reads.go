package fakestore

import (
	"context"

	"cmp"
	"fmt"
	"slices"
	"strings"

	"kpi/model"
)

// Settings are the team's settings with their version.
func (f *Store) Settings() (model.Settings, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return cloneSettings(f.ds.Settings), nil
}

// Objectives are every objective, archived ones included, by id.
func (f *Store) Objectives() ([]model.Objective, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := slices.Clone(f.ds.Objectives)
	slices.SortFunc(out, func(a, b model.Objective) int { return cmp.Compare(a.ID, b.ID) })
	return out, nil
}

// KPIs are every KPI, archived ones included, in the scorecard's order (the
// db's): the OMTM first, then key KPIs, then health metrics, each by key.
func (f *Store) KPIs() ([]model.KPI, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := cloneAll(f.ds.KPIs, cloneKPI)
	first := f.firstValues()
	for i := range out {
		out[i].FirstValue = first[out[i].ID]
	}
	model.FillDerivedFirstValues(out) // as the db's read of every KPI
	slices.SortStableFunc(out, compareKPIs)
	return out, nil
}

// firstValues are each KPI's earliest week with a value, as the db fills in
// model.KPI.FirstValue on every read. The caller holds f.mu.
func (f *Store) firstValues() map[int64]model.Week {
	out := map[int64]model.Week{}
	for _, v := range f.ds.Values {
		if w, ok := out[v.KPIID]; !ok || v.Week.Before(w) {
			out[v.KPIID] = v.Week
		}
	}
	return out
}

// KPI is one KPI, archived or not; the error wraps model.ErrNotFound.
func (f *Store) KPI(id int64) (model.KPI, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	i := f.kpiIndex(id)
	if i < 0 {
		return model.KPI{}, fmt.Errorf("kpi %d: %w", id, model.ErrNotFound)
	}
	k := cloneKPI(f.ds.KPIs[i])
	k.FirstValue = f.firstValues()[id]
	return k, nil
}

// inWeeks reports whether w is in [from, to]; a zero bound leaves that end open.
func inWeeks(w, from, to model.Week) bool {
	return (from.IsZero() || !w.Before(from)) && (to.IsZero() || !w.After(to))
}

// Values are every KPI's values in [from, to], by KPI and week, without the
// times and override reason, as the db's window read leaves them out.
func (f *Store) Values(from, to model.Week) ([]model.Value, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []model.Value
	for _, v := range f.ds.Values {
		if inWeeks(v.Week, from, to) {
			out = append(out, windowValue(v))
		}
	}
	slices.SortFunc(out, model.CompareByKPIAndWeek)
	return out, nil
}

// windowValue is v with only the columns the db's window read returns.
func windowValue(v model.Value) model.Value {
	return model.Value{ID: v.ID, KPIID: v.KPIID, Week: v.Week, Number: v.Number, HasNumber: v.HasNumber, Status: v.Status,
		Note: v.Note, EnteredBy: v.EnteredBy, Stamp: model.Stamp{Version: v.Version, UpdatedBy: v.UpdatedBy}}
}

// WeekValues are every KPI's whole values of week w, by KPI.
func (f *Store) WeekValues(w model.Week) ([]model.Value, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []model.Value
	for _, v := range f.ds.Values {
		if v.Week == w {
			out = append(out, v)
		}
	}
	slices.SortFunc(out, model.CompareByKPIAndWeek)
	return out, nil
}

// ValuesOf are one KPI's whole values in [from, to] by week; a zero week leaves
// that end open.
func (f *Store) ValuesOf(kpiID int64, from, to model.Week) ([]model.Value, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []model.Value
	for _, v := range f.ds.Values {
		if v.KPIID == kpiID && inWeeks(v.Week, from, to) {
			out = append(out, v)
		}
	}
	slices.SortFunc(out, model.CompareByKPIAndWeek)
	return out, nil
}

// Reviews are every review by week, with checklists and reviewed KPIs.
func (f *Store) Reviews() ([]model.Review, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := cloneAll(f.ds.Reviews, cloneReview)
	slices.SortFunc(out, func(a, b model.Review) int { return a.Week.Compare(b.Week) })
	return out, nil
}

// Review is week w's review; ok is false when it has not been started.
func (f *Store) Review(w model.Week) (model.Review, bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, r := range f.ds.Reviews {
		if r.Week == w {
			return cloneReview(r), true, nil
		}
	}
	return model.Review{}, false, nil
}

// ActionItems are every action item, open ones first, then by due week.
func (f *Store) ActionItems() ([]model.ActionItem, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := slices.Clone(f.ds.ActionItems)
	slices.SortFunc(out, compareActions)
	return out, nil
}

// Indexes of stored rows by id (or KPI and week), -1 when there is none. The
// caller holds the lock.

func (f *Store) kpiIndex(id int64) int {
	return slices.IndexFunc(f.ds.KPIs, func(k model.KPI) bool { return k.ID == id })
}

func (f *Store) objectiveIndex(id int64) int {
	return slices.IndexFunc(f.ds.Objectives, func(o model.Objective) bool { return o.ID == id })
}

func (f *Store) valueIndex(kpiID int64, w model.Week) int {
	return slices.IndexFunc(f.ds.Values, func(v model.Value) bool { return v.KPIID == kpiID && v.Week == w })
}

func (f *Store) reviewIndex(id int64) int {
	return slices.IndexFunc(f.ds.Reviews, func(r model.Review) bool { return r.ID == id })
}

func (f *Store) actionIndex(id int64) int {
	return slices.IndexFunc(f.ds.ActionItems, func(a model.ActionItem) bool { return a.ID == id })
}

// checklistIndex is where checklist item id is: its review and its place there.
func (f *Store) checklistIndex(id int64) (ri, ci int) {
	for ri, r := range f.ds.Reviews {
		for ci, it := range r.Checklist {
			if it.ID == id {
				return ri, ci
			}
		}
	}
	return -1, -1
}

// The reads of a load, given up (with ctx's error) when ctx is cancelled before
// they start, as the real store gives up a cancelled query.

func (f *Store) SettingsContext(ctx context.Context) (model.Settings, error) {
	if err := ctx.Err(); err != nil {
		return model.Settings{}, err
	}
	return f.Settings()
}

func (f *Store) ObjectivesContext(ctx context.Context) ([]model.Objective, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return f.Objectives()
}

func (f *Store) KPIsContext(ctx context.Context) ([]model.KPI, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return f.KPIs()
}

func (f *Store) ValuesContext(ctx context.Context, from, to model.Week) ([]model.Value, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return f.Values(from, to)
}

// LatestValueWeek is the newest week up to `to` that holds a value; ok is
// false when none does.
func (f *Store) LatestValueWeek(ctx context.Context, to model.Week) (model.Week, bool, error) {
	if err := ctx.Err(); err != nil {
		return model.Week{}, false, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	var latest model.Week
	for _, v := range f.ds.Values {
		if !v.Week.After(to) && v.Week.After(latest) {
			latest = v.Week
		}
	}
	return latest, !latest.IsZero(), nil
}

func (f *Store) ValuesOfContext(ctx context.Context, kpiID int64, from, to model.Week) ([]model.Value, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return f.ValuesOf(kpiID, from, to)
}

// Events are every week event by week, then id, leaving out those without a
// week or with a text kpi refuses, as the db's read does.
func (f *Store) Events() ([]model.Event, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []model.Event
	for _, e := range f.ds.Events {
		e.Text = strings.TrimSpace(model.Sanitize(e.Text, false))
		if !e.Week.IsZero() && model.ValidateEvent(e) == nil {
			out = append(out, e)
		}
	}
	slices.SortFunc(out, func(a, b model.Event) int {
		return cmp.Or(a.Week.Compare(b.Week), cmp.Compare(a.ID, b.ID))
	})
	return out, nil
}
