package fakestore

import (
	"fmt"
	"math"
	"strings"
	"time"

	"kpi/model"
)

// conflictError is the db's conflict in the db's words: someone saved the row
// after the caller read it (theirs is the stamp now), or it is gone (deleted).
type conflictError struct {
	entity  string
	id      int64
	by      string
	at      time.Time
	deleted bool
}

func (e *conflictError) Error() string {
	if e.deleted {
		return fmt.Sprintf("%s %d was deleted by someone else; nothing was saved", e.entity, e.id)
	}
	who := e.by
	if who == "" {
		who = "someone else"
	}
	when := ""
	if !e.at.IsZero() {
		when = " at " + e.at.Local().Format("2006-01-02 15:04")
	}
	return fmt.Sprintf("%s %d was changed by %s%s after you loaded it; nothing was saved — reload and apply your change again", e.entity, e.id, who, when)
}

// Unwrap makes errors.Is(err, model.ErrConflict) true.
func (e *conflictError) Unwrap() error { return model.ErrConflict }

// conflict is the error for a row someone else saved since: theirs is its stamp.
func conflict(entity string, id int64, theirs model.Stamp) error {
	return &conflictError{entity: entity, id: id, by: theirs.UpdatedBy, at: theirs.UpdatedAt}
}

// line is one line of text as the db stores it: without terminal controls, trimmed.
func line(s string) string { return strings.TrimSpace(model.Sanitize(s, false)) }

// text is multi-line text as the db stores it.
func text(s string) string { return strings.TrimSpace(model.Sanitize(s, true)) }

// SaveValue is the version-checked edit of one week's value: Version 0 is a new
// entry (a conflict if the week has one), otherwise the week's value must still
// be at v.Version.
func (f *Store) SaveValue(v model.Value) (saved model.Value, err error) {
	err = f.write(func() (err error) { saved, err = f.saveValue(v); return err })
	return saved, err
}

func (f *Store) saveValue(v model.Value) (model.Value, error) {
	ki := f.kpiIndex(v.KPIID)
	if ki < 0 {
		return v, fmt.Errorf("kpi %d: %w", v.KPIID, model.ErrNotFound)
	}
	k := f.ds.KPIs[ki]
	v, err := f.cleanValue(k, v)
	if err != nil {
		return v, err
	}
	i := f.valueIndex(v.KPIID, v.Week)
	switch {
	case v.Version == 0 && i >= 0:
		return v, conflict("value", f.ds.Values[i].ID, f.ds.Values[i].Stamp)
	case v.Version != 0 && i < 0:
		return v, &conflictError{entity: "value", id: v.ID, deleted: true}
	case i >= 0 && f.ds.Values[i].Version != v.Version:
		return v, conflict("value", f.ds.Values[i].ID, f.ds.Values[i].Stamp)
	}
	if i < 0 {
		v.ID, v.Stamp = nextID(f.ds.Values, func(v model.Value) int64 { return v.ID }), f.stamp(model.Stamp{})
		f.ds.Values = append(f.ds.Values, v)
		f.logChange("value", v.ID, "create", fmt.Sprintf("%s set %s for %s", f.user, k.Key, v.Week), nil, v)
		return v, nil
	}
	old := f.ds.Values[i]
	v.ID, v.Stamp = old.ID, f.stamp(old.Stamp)
	f.ds.Values[i] = v
	f.logChange("value", v.ID, "update", fmt.Sprintf("%s set %s for %s", f.user, k.Key, v.Week), old, v)
	return v, nil
}

// cleanValue fills who entered v and when, and checks it against its KPI.
func (f *Store) cleanValue(k model.KPI, v model.Value) (model.Value, error) {
	v.Note = text(v.Note)
	v.OverrideReason = line(v.OverrideReason)
	v.EnteredBy = line(v.EnteredBy)
	if v.EnteredBy == "" {
		v.EnteredBy = f.user
	}
	if v.EnteredAt.IsZero() {
		v.EnteredAt = f.clock()
	}
	if !v.HasNumber {
		v.Number = 0
	}
	if math.IsNaN(v.Number) || math.IsInf(v.Number, 0) {
		return v, fmt.Errorf("%s %s: the value is %v; only finite numbers can be stored", k.Key, v.Week, v.Number)
	}
	if err := model.ValidateValue(k, v); err != nil {
		return v, fmt.Errorf("%s %s: %w", k.Key, v.Week, err)
	}
	return v, nil
}

// deleteValue removes value id if it is still at version (undo of a new entry).
func (f *Store) deleteValue(id, version int64) error {
	for i, v := range f.ds.Values {
		if v.ID != id {
			continue
		}
		if v.Version != version {
			return conflict("value", id, v.Stamp)
		}
		f.ds.Values = append(f.ds.Values[:i:i], f.ds.Values[i+1:]...)
		f.logChange("value", id, "delete", fmt.Sprintf("%s deleted a value of %s", f.user, v.Week), v, nil)
		return nil
	}
	return fmt.Errorf("value %d: %w", id, model.ErrNotFound)
}

// cleanKPI strips terminal controls from k's text and validates it on its own.
func cleanKPI(k model.KPI) (model.KPI, error) {
	k.FirstValue = model.Week{} // read from the values, never stored
	k.Key, k.Name, k.Owner, k.Unit, k.Formula = line(k.Key), line(k.Name), line(k.Owner), line(k.Unit), line(k.Formula)
	k.Description = text(k.Description)
	k.Targets = k.Targets.Sorted()
	tags, err := model.NormalizeTags(k.Tags)
	if err != nil {
		return k, fmt.Errorf("kpi %s: %w", k.Key, err)
	}
	k.Tags = tags
	if err := model.ValidateKPI(k); err != nil {
		return k, fmt.Errorf("kpi %s: %w", k.Key, err)
	}
	return k, nil
}

// checkKPI checks k against the other KPIs: a unique key, an existing objective,
// formulas over all KPIs.
func (f *Store) checkKPI(k model.KPI) error {
	all := []model.KPI{k}
	for _, o := range f.ds.KPIs {
		if o.ID == k.ID {
			continue
		}
		if strings.EqualFold(o.Key, k.Key) {
			return fmt.Errorf("a KPI with the key %q exists already (%s)", o.Key, o.Name)
		}
		all = append(all, o)
	}
	if k.ObjectiveID != 0 && f.objectiveIndex(k.ObjectiveID) < 0 {
		return fmt.Errorf("kpi %s: objective %d: %w", k.Key, k.ObjectiveID, model.ErrNotFound)
	}
	if err := model.FormulaCycle(all); err != nil {
		return fmt.Errorf("kpi %s: %w", k.Key, err)
	}
	return nil
}

// takeOMTM clears the OMTM mark of every KPI but keep, as a change of its own.
func (f *Store) takeOMTM(keep model.KPI) {
	for i, o := range f.ds.KPIs {
		if o.OMTM && o.ID != keep.ID {
			nw := cloneKPI(o)
			nw.OMTM, nw.Stamp = false, f.stamp(o.Stamp)
			f.ds.KPIs[i] = nw
			f.logChange("kpi", o.ID, "update", fmt.Sprintf("%s made %s the OMTM instead of %s", f.user, keep.Key, o.Key), o, nw)
		}
	}
}

// CreateKPI adds a KPI checked alone and against the others; marking it the
// OMTM takes the mark off the previous one.
func (f *Store) CreateKPI(k model.KPI) (saved model.KPI, err error) {
	err = f.write(func() (err error) { saved, err = f.createKPI(k); return err })
	return saved, err
}

func (f *Store) createKPI(k model.KPI) (model.KPI, error) {
	k, err := cleanKPI(k)
	if err != nil {
		return k, err
	}
	k.ID = 0
	if err := f.checkKPI(k); err != nil {
		return k, err
	}
	if k.OMTM {
		f.takeOMTM(k)
	}
	k.ID, k.Stamp = nextID(f.ds.KPIs, func(k model.KPI) int64 { return k.ID }), f.stamp(model.Stamp{})
	k = cloneKPI(k)
	f.ds.KPIs = append(f.ds.KPIs, k)
	f.logChange("kpi", k.ID, "create", fmt.Sprintf("%s created KPI %s (%s)", f.user, k.Key, k.Name), nil, k)
	return f.withFirstValue(k), nil
}

// UpdateKPI saves an edited KPI if it is still at k.Version.
func (f *Store) UpdateKPI(k model.KPI) (saved model.KPI, err error) {
	err = f.write(func() (err error) { saved, err = f.updateKPI(k); return err })
	return saved, err
}

func (f *Store) updateKPI(k model.KPI) (model.KPI, error) {
	k, err := cleanKPI(k)
	if err != nil {
		return k, err
	}
	i := f.kpiIndex(k.ID)
	if i < 0 {
		return k, fmt.Errorf("kpi %d: %w", k.ID, model.ErrNotFound)
	}
	if err := f.checkKPI(k); err != nil {
		return k, err
	}
	old := f.ds.KPIs[i]
	if old.Version != k.Version {
		return k, conflict("kpi", old.ID, old.Stamp)
	}
	if k.OMTM {
		f.takeOMTM(k)
	}
	k.Stamp = f.stamp(old.Stamp)
	k = cloneKPI(k)
	f.ds.KPIs[i] = k
	verb := "changed"
	switch {
	case k.Archived && !old.Archived:
		verb = "archived"
	case !k.Archived && old.Archived:
		verb = "restored"
	}
	f.logChange("kpi", k.ID, "update", fmt.Sprintf("%s %s KPI %s", f.user, verb, k.Key), old, k)
	return f.withFirstValue(k), nil
}

// withFirstValue is a copy of k as a read returns it: with the week of its
// earliest value (the db reads a saved KPI back the same way). The caller
// holds f.mu.
func (f *Store) withFirstValue(k model.KPI) model.KPI {
	k = cloneKPI(k)
	k.FirstValue = f.firstValues()[k.ID]
	return k
}

// cleanObjective strips terminal controls from o's text and validates it.
func cleanObjective(o model.Objective) (model.Objective, error) {
	o.Title, o.Owner, o.Description = line(o.Title), line(o.Owner), text(o.Description)
	if o.State == "" {
		o.State = model.ObjectiveActive
	}
	if err := model.ValidateObjective(o); err != nil {
		return o, fmt.Errorf("objective %q: %w", o.Title, err)
	}
	return o, nil
}

// CreateObjective adds a business goal that KPIs can link to.
func (f *Store) CreateObjective(o model.Objective) (saved model.Objective, err error) {
	err = f.write(func() (err error) { saved, err = f.createObjective(o); return err })
	return saved, err
}

func (f *Store) createObjective(o model.Objective) (model.Objective, error) {
	o, err := cleanObjective(o)
	if err != nil {
		return o, err
	}
	o.ID, o.Stamp = nextID(f.ds.Objectives, func(o model.Objective) int64 { return o.ID }), f.stamp(model.Stamp{})
	f.ds.Objectives = append(f.ds.Objectives, o)
	f.logChange("objective", o.ID, "create", fmt.Sprintf("%s created objective %q", f.user, o.Title), nil, o)
	return o, nil
}

// UpdateObjective saves an edited objective if it is still at o.Version.
func (f *Store) UpdateObjective(o model.Objective) (saved model.Objective, err error) {
	err = f.write(func() (err error) { saved, err = f.updateObjective(o); return err })
	return saved, err
}

func (f *Store) updateObjective(o model.Objective) (model.Objective, error) {
	o, err := cleanObjective(o)
	if err != nil {
		return o, err
	}
	i := f.objectiveIndex(o.ID)
	if i < 0 {
		return o, fmt.Errorf("objective %d: %w", o.ID, model.ErrNotFound)
	}
	old := f.ds.Objectives[i]
	if old.Version != o.Version {
		return o, conflict("objective", old.ID, old.Stamp)
	}
	o.Stamp = f.stamp(old.Stamp)
	f.ds.Objectives[i] = o
	f.logChange("objective", o.ID, "update", fmt.Sprintf("%s changed objective %q", f.user, o.Title), old, o)
	return o, nil
}
