package fakestore

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"kpi/model"
)

// ErrCannotUndo means the change has no safe reversal (db.ErrCannotUndo's words;
// the fake cannot import db, so it is its own value).
var ErrCannotUndo = errors.New("this change cannot be undone")

// logged is one change-log row with its rows before and after, typed, for undo.
type logged struct {
	model.Change
	old, new any // model structs; nil for none
}

// write runs fn under the lock unless the store is read-only, and counts it
// when it succeeds. fn checks everything before it changes anything, so a
// failed write leaves the store as it was, as the db's rolled-back transaction does.
func (f *Store) write(fn func() error) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.writable(); err != nil {
		return err
	}
	if err := fn(); err != nil {
		return err
	}
	f.writes++
	return nil
}

// logChange appends a change made now by the store's user; during Undo it is
// recorded as the undo of the change being reversed, as the db records it.
func (f *Store) logChange(entity string, id int64, action, summary string, old, nw any) {
	if f.undoing != nil {
		action, summary = "undo", fmt.Sprintf("%s undid: %s", f.user, f.undoing.Summary)
	}
	c := model.Change{ID: int64(len(f.log) + 1), At: f.clock(), User: f.user, Entity: entity, EntityID: id,
		Action: action, Summary: summary, Old: jsonText(old), New: jsonText(nw)}
	f.log = append(f.log, logged{Change: c, old: old, new: nw})
}

func jsonText(v any) string {
	if v == nil {
		return ""
	}
	b, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	return string(b)
}

// DataVersion is the newest change-log id: it moves with every write.
func (f *Store) DataVersion() (int64, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return int64(len(f.log)), nil
}

// OwnChanges are the store's user's changes after id, newest first; limit 0 is all.
func (f *Store) OwnChanges(afterID int64, limit int) ([]model.Change, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []model.Change
	for i := len(f.log) - 1; i >= 0 && (limit <= 0 || len(out) < limit); i-- {
		if c := f.log[i].Change; c.ID > afterID && c.User == f.user {
			out = append(out, c)
		}
	}
	return out, nil
}

// Undo reverses one of the user's own changes as a new, version-checked change,
// as db.Store.Undo does: a created value, action item or unworked review is
// removed, a created KPI or objective archived, anything else put back as it was;
// a row someone changed since is a conflict naming them.
func (f *Store) Undo(changeID int64) (model.Change, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	i := slices.IndexFunc(f.log, func(l logged) bool { return l.ID == changeID })
	if i < 0 {
		return model.Change{}, fmt.Errorf("change %d: %w", changeID, model.ErrNotFound)
	}
	c := f.log[i]
	if c.User != f.user {
		return c.Change, fmt.Errorf("that change was made by %s; you can only undo your own", c.User)
	}
	if c.Action == "undo" {
		return c.Change, fmt.Errorf("%w: it is itself an undo; make the change again instead", ErrCannotUndo)
	}
	if err := f.writable(); err != nil {
		return c.Change, err
	}
	f.undoing = &c.Change
	defer func() { f.undoing = nil }()
	err := f.undo(c)
	if err == nil {
		f.writes++
	}
	return c.Change, err
}

// undo picks how change c is reversed by its entity.
func (f *Store) undo(c logged) error {
	switch c.Entity {
	case "value":
		return f.undoValue(c)
	case "kpi":
		return undoRow(f, c, f.kpiByID, discard(f.updateKPI), func(k *model.KPI) { k.Archived = true })
	case "objective":
		return undoRow(f, c, f.objectiveByID, discard(f.updateObjective), func(o *model.Objective) { o.Archived = true })
	case "checklist":
		return undoRow(f, c, f.checklistByID, discard(f.updateChecklistItem), nil)
	case "action":
		if c.old == nil {
			return f.removeAction(c)
		}
		return undoRow(f, c, f.actionByID, discard(f.updateActionItem), nil)
	case "review":
		if c.old == nil {
			return f.removeReview(c)
		}
		return undoRow(f, c, f.reviewByID, discard(f.updateReview), nil)
	case "settings":
		return undoRow(f, c, func(int64) (model.Settings, error) { return cloneSettings(f.ds.Settings), nil }, discard(f.updateSettings), nil)
	}
	return fmt.Errorf("%w: %s of the file; restore a backup (kpi backup) if it must go", ErrCannotUndo, c.Action)
}

// discard is a save that keeps only its error.
func discard[T any](save func(T) (T, error)) func(T) error {
	return func(row T) error {
		_, err := save(row)
		return err
	}
}

// undoRow puts a row back as change c found it, or retires a created one; the
// save's own version check catches a change made in between.
func undoRow[T any](f *Store, c logged, current func(int64) (T, error), save func(T) error, retire func(*T)) error {
	now, err := current(c.EntityID)
	if err != nil {
		return err
	}
	if err := unchangedSince(c, now); err != nil {
		return err
	}
	var restore T
	switch old, ok := c.old.(T); {
	case ok:
		restore = old
	case retire == nil:
		return fmt.Errorf("%w: nothing to go back to", ErrCannotUndo)
	default:
		restore = now
		retire(&restore)
	}
	version, _ := versionOf(now)
	setVersion(&restore, version)
	return save(restore)
}

// unchangedSince refuses an undo when the row is no longer as the change left
// it: another version with other content.
func unchangedSince(c logged, now any) error {
	want, _ := versionOf(c.new)
	got, by := versionOf(now)
	if got == want || sameContent(c.new, now) {
		return nil
	}
	return &conflictError{entity: c.Entity, id: c.EntityID, by: by}
}

// sameContent compares two rows without their stamps.
func sameContent(a, b any) bool {
	strip := func(v any) string {
		var m map[string]any
		if json.Unmarshal([]byte(jsonText(v)), &m) != nil {
			return ""
		}
		for _, k := range []string{"version", "created_at", "updated_at", "updated_by"} {
			delete(m, k)
		}
		return jsonText(m)
	}
	sa := strip(a)
	return sa != "" && sa == strip(b)
}

func versionOf(v any) (int64, string) {
	switch r := v.(type) {
	case model.Value:
		return r.Version, r.UpdatedBy
	case model.KPI:
		return r.Version, r.UpdatedBy
	case model.Objective:
		return r.Version, r.UpdatedBy
	case model.ChecklistItem:
		return r.Version, r.UpdatedBy
	case model.ActionItem:
		return r.Version, r.UpdatedBy
	case model.Review:
		return r.Version, r.UpdatedBy
	case model.Settings:
		return r.Version, ""
	}
	return 0, ""
}

func setVersion(row any, version int64) {
	switch r := row.(type) {
	case *model.Value:
		r.Version = version
	case *model.KPI:
		r.Version = version
	case *model.Objective:
		r.Version = version
	case *model.ChecklistItem:
		r.Version = version
	case *model.ActionItem:
		r.Version = version
	case *model.Review:
		r.Version = version
	case *model.Settings:
		r.Version = version
	}
}

// undoValue puts a week's value back: a new value is deleted, an edited or
// deleted one restored.
func (f *Store) undoValue(c logged) error {
	row, _ := c.new.(model.Value)
	if c.new == nil {
		row, _ = c.old.(model.Value)
	}
	var now model.Value
	i := f.valueIndex(row.KPIID, row.Week)
	if i >= 0 {
		now = f.ds.Values[i]
	}
	switch {
	case c.new == nil && i >= 0: // undo a delete: someone entered the week again
		return conflict("value", now.ID, now.Stamp)
	case c.new != nil && i < 0:
		return &conflictError{entity: "value", id: row.ID, deleted: true}
	case c.new != nil && now.Version != row.Version && !sameContent(row, now):
		return conflict("value", now.ID, now.Stamp)
	case c.old == nil:
		return f.deleteValue(now.ID, now.Version)
	}
	restore := c.old.(model.Value)
	restore.ID, restore.Version = now.ID, now.Version
	_, err := f.saveValue(restore)
	return err
}

// removeAction deletes an action item this user created, unless changed since.
func (f *Store) removeAction(c logged) error {
	now, err := f.actionByID(c.EntityID)
	if err != nil {
		return err
	}
	if err := unchangedSince(c, now); err != nil {
		return err
	}
	f.ds.ActionItems = slices.DeleteFunc(f.ds.ActionItems, func(a model.ActionItem) bool { return a.ID == now.ID })
	f.logChange("action", now.ID, "delete", "", now, nil)
	return nil
}

// removeReview un-starts a review this user started while nothing in it was
// ticked or noted yet (otherwise that work would go too).
func (f *Store) removeReview(c logged) error {
	now, err := f.reviewByID(c.EntityID)
	if err != nil {
		return err
	}
	if err := unchangedSince(c, now); err != nil {
		return err
	}
	worked := 0
	for _, it := range now.Checklist {
		if it.Done || it.Note != "" {
			worked++
		}
	}
	if worked > 0 {
		return fmt.Errorf("%w: %d checklist items of the review are ticked or noted; reopen or edit it instead", ErrCannotUndo, worked)
	}
	f.ds.Reviews = slices.DeleteFunc(f.ds.Reviews, func(r model.Review) bool { return r.ID == now.ID })
	f.logChange("review", now.ID, "delete", "", now, nil)
	return nil
}

// Rows by id for undo; the caller holds the lock.

func (f *Store) kpiByID(id int64) (model.KPI, error) {
	if i := f.kpiIndex(id); i >= 0 {
		return cloneKPI(f.ds.KPIs[i]), nil
	}
	return model.KPI{}, fmt.Errorf("kpi %d: %w", id, model.ErrNotFound)
}

func (f *Store) objectiveByID(id int64) (model.Objective, error) {
	if i := f.objectiveIndex(id); i >= 0 {
		return f.ds.Objectives[i], nil
	}
	return model.Objective{}, fmt.Errorf("objective %d: %w", id, model.ErrNotFound)
}

func (f *Store) checklistByID(id int64) (model.ChecklistItem, error) {
	if ri, ci := f.checklistIndex(id); ri >= 0 {
		return f.ds.Reviews[ri].Checklist[ci], nil
	}
	return model.ChecklistItem{}, fmt.Errorf("checklist item %d: %w", id, model.ErrNotFound)
}

func (f *Store) actionByID(id int64) (model.ActionItem, error) {
	if i := f.actionIndex(id); i >= 0 {
		return f.ds.ActionItems[i], nil
	}
	return model.ActionItem{}, fmt.Errorf("action item %d: %w", id, model.ErrNotFound)
}

func (f *Store) reviewByID(id int64) (model.Review, error) {
	if i := f.reviewIndex(id); i >= 0 {
		return cloneReview(f.ds.Reviews[i]), nil
	}
	return model.Review{}, fmt.Errorf("review %d: %w", id, model.ErrNotFound)
}
