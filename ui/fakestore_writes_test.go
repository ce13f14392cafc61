package ui

import (
	"fmt"

	"kpi/model"
)

// The fake store's writes of definitions, reviews and action items. Each is
// version-checked and stamped the way the db does it (model's validation included),
// so the views' conflict and refusal paths can be driven without a file; the
// two-stores-on-one-file tests at the top level prove the db behaves the same.

// stamp moves s to the next version as saved by the fake's user.
func (f *fakeStore) stamp(s model.Stamp) model.Stamp {
	if s.CreatedAt.IsZero() {
		s.CreatedAt = testNow
	}
	s.Version++
	s.UpdatedAt, s.UpdatedBy = testNow, "tester"
	return s
}

func (f *fakeStore) writable() error {
	if f.readOnly != "" {
		return fmt.Errorf("%w: %s", model.ErrReadOnly, f.readOnly)
	}
	return nil
}

func (f *fakeStore) KPI(id int64) (model.KPI, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, k := range f.ds.KPIs {
		if k.ID == id {
			return k, nil
		}
	}
	return model.KPI{}, fmt.Errorf("kpi %d: %w", id, model.ErrNotFound)
}

// checkKPI validates k alone and against the other KPIs, as the db does.
func (f *fakeStore) checkKPI(k model.KPI) error {
	if err := model.ValidateKPI(k); err != nil {
		return err
	}
	all := []model.KPI{k}
	for _, o := range f.ds.KPIs {
		if o.ID == k.ID {
			continue
		}
		if o.Key == k.Key {
			return fmt.Errorf("key %q is taken by %s; choose another", k.Key, o.Name)
		}
		all = append(all, o)
	}
	return model.FormulaCycle(all)
}

// takeOMTM clears the OMTM mark of every KPI but keep.
func (f *fakeStore) takeOMTM(keep int64) {
	for i, o := range f.ds.KPIs {
		if o.OMTM && o.ID != keep {
			f.ds.KPIs[i].OMTM = false
			f.ds.KPIs[i].Stamp = f.stamp(o.Stamp)
		}
	}
}

func (f *fakeStore) CreateKPI(k model.KPI) (model.KPI, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.writable(); err != nil {
		return k, err
	}
	k.ID = 0
	for _, o := range f.ds.KPIs {
		k.ID = max(k.ID, o.ID)
	}
	k.ID++
	if err := f.checkKPI(k); err != nil {
		return k, err
	}
	k.Stamp = f.stamp(model.Stamp{})
	if k.OMTM {
		f.takeOMTM(k.ID)
	}
	f.ds.KPIs = append(f.ds.KPIs, k)
	f.saves++
	return k, nil
}

func (f *fakeStore) UpdateKPI(k model.KPI) (model.KPI, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.writable(); err != nil {
		return k, err
	}
	for i, old := range f.ds.KPIs {
		if old.ID != k.ID {
			continue
		}
		if old.Version != k.Version {
			return k, fmt.Errorf("kpi changed by %s: %w", old.UpdatedBy, model.ErrConflict)
		}
		if err := f.checkKPI(k); err != nil {
			return k, err
		}
		k.Stamp = f.stamp(old.Stamp)
		if k.OMTM {
			f.takeOMTM(k.ID)
		}
		f.ds.KPIs[i] = k
		f.saves++
		return k, nil
	}
	return k, fmt.Errorf("kpi %d was deleted: %w", k.ID, model.ErrConflict)
}

func (f *fakeStore) CreateObjective(o model.Objective) (model.Objective, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.writable(); err != nil {
		return o, err
	}
	if err := model.ValidateObjective(o); err != nil {
		return o, err
	}
	o.ID = 0
	for _, x := range f.ds.Objectives {
		o.ID = max(o.ID, x.ID)
	}
	o.ID++
	o.Stamp = f.stamp(model.Stamp{})
	f.ds.Objectives = append(f.ds.Objectives, o)
	f.saves++
	return o, nil
}

func (f *fakeStore) UpdateObjective(o model.Objective) (model.Objective, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.writable(); err != nil {
		return o, err
	}
	if err := model.ValidateObjective(o); err != nil {
		return o, err
	}
	for i, old := range f.ds.Objectives {
		if old.ID == o.ID {
			if old.Version != o.Version {
				return o, fmt.Errorf("objective changed by %s: %w", old.UpdatedBy, model.ErrConflict)
			}
			o.Stamp = f.stamp(old.Stamp)
			f.ds.Objectives[i] = o
			f.saves++
			return o, nil
		}
	}
	return o, fmt.Errorf("objective %d was deleted: %w", o.ID, model.ErrConflict)
}

func (f *fakeStore) Reviews() ([]model.Review, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]model.Review(nil), f.ds.Reviews...), nil
}

func (f *fakeStore) Review(w model.Week) (model.Review, bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, r := range f.ds.Reviews {
		if r.Week == w {
			return r, true, nil
		}
	}
	return model.Review{}, false, nil
}

func (f *fakeStore) StartReview(w model.Week) (model.Review, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.writable(); err != nil {
		return model.Review{}, err
	}
	for _, r := range f.ds.Reviews {
		if r.Week == w {
			return r, fmt.Errorf("review of %s started by %s: %w", w, r.UpdatedBy, model.ErrConflict)
		}
	}
	r := model.Review{ID: int64(len(f.ds.Reviews) + 1), Week: w, State: model.ReviewInProgress, Facilitator: "tester",
		StartedAt: testNow, Stamp: f.stamp(model.Stamp{})}
	for i, t := range f.ds.Settings.Checklist {
		r.Checklist = append(r.Checklist, model.ChecklistItem{ID: r.ID*100 + int64(i), ReviewID: r.ID, Position: i,
			Text: t.Text, TimeboxMinutes: t.TimeboxMinutes, Stamp: f.stamp(model.Stamp{})})
	}
	f.ds.Reviews = append(f.ds.Reviews, r)
	f.saves++
	return r, nil
}

func (f *fakeStore) UpdateReview(r model.Review) (model.Review, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.writable(); err != nil {
		return r, err
	}
	for i, old := range f.ds.Reviews {
		if old.ID == r.ID {
			if old.Version != r.Version {
				return r, fmt.Errorf("review changed by %s: %w", old.UpdatedBy, model.ErrConflict)
			}
			if r.State == model.ReviewConcluded && r.ConcludedAt.IsZero() {
				r.ConcludedAt = testNow
			}
			r.Checklist = old.Checklist
			r.Stamp = f.stamp(old.Stamp)
			f.ds.Reviews[i] = r
			f.saves++
			return r, nil
		}
	}
	return r, fmt.Errorf("review %d was deleted: %w", r.ID, model.ErrConflict)
}

func (f *fakeStore) UpdateChecklistItem(it model.ChecklistItem) (model.ChecklistItem, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.writable(); err != nil {
		return it, err
	}
	for i, r := range f.ds.Reviews {
		for j, old := range r.Checklist {
			if old.ID != it.ID {
				continue
			}
			if old.Version != it.Version {
				return it, fmt.Errorf("checklist item changed by %s: %w", old.UpdatedBy, model.ErrConflict)
			}
			switch {
			case it.Done && !old.Done:
				it.DoneBy, it.DoneAt = "tester", testNow
			case !it.Done:
				it.DoneBy, it.DoneAt = "", model.ChecklistItem{}.DoneAt
			}
			it.Stamp = f.stamp(old.Stamp)
			f.ds.Reviews[i].Checklist[j] = it
			f.saves++
			return it, nil
		}
	}
	return it, fmt.Errorf("checklist item %d was deleted: %w", it.ID, model.ErrConflict)
}

func (f *fakeStore) ActionItems() ([]model.ActionItem, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]model.ActionItem(nil), f.ds.ActionItems...), nil
}

func (f *fakeStore) CreateActionItem(a model.ActionItem) (model.ActionItem, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.writable(); err != nil {
		return a, err
	}
	if a.CreatedWeek.IsZero() {
		a.CreatedWeek = model.CurrentWeek(testNow)
	}
	if a.Done {
		a.DoneBy, a.DoneAt = "tester", testNow
	}
	a.ID = int64(len(f.ds.ActionItems) + 1)
	a.Stamp = f.stamp(model.Stamp{})
	f.ds.ActionItems = append(f.ds.ActionItems, a)
	f.saves++
	return a, nil
}

func (f *fakeStore) UpdateActionItem(a model.ActionItem) (model.ActionItem, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.writable(); err != nil {
		return a, err
	}
	for i, old := range f.ds.ActionItems {
		if old.ID == a.ID {
			if old.Version != a.Version {
				return a, fmt.Errorf("action item changed by %s: %w", old.UpdatedBy, model.ErrConflict)
			}
			switch {
			case a.Done && !old.Done:
				a.DoneBy, a.DoneAt = "tester", testNow
			case !a.Done:
				a.DoneBy, a.DoneAt = "", model.ActionItem{}.DoneAt
			}
			a.Stamp = f.stamp(old.Stamp)
			f.ds.ActionItems[i] = a
			f.saves++
			return a, nil
		}
	}
	return a, fmt.Errorf("action item %d was deleted: %w", a.ID, model.ErrConflict)
}

func (f *fakeStore) UpdateSettings(st model.Settings) (model.Settings, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.writable(); err != nil {
		return st, err
	}
	if st.Version != f.ds.Settings.Version {
		return st, fmt.Errorf("settings changed: %w", model.ErrConflict)
	}
	st.Version++
	f.ds.Settings = st
	f.saves++
	return st, nil
}
