package db

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"kpi/model"
)

// undoKey marks a context as undoing a change (its value is the model.Change), so
// logChange records the reversal as action "undo" with the undone summary.
type undoKey struct{}

// ErrCannotUndo means the change is of a kind that has no safe reversal (an import,
// a migration); the wrapping error says what to do instead.
var ErrCannotUndo = errors.New("this change cannot be undone")

// Undo reverses one of this user's own changes as a new, version-checked change:
// the row goes back to what it was before (a created value is deleted, a created
// KPI, objective or action item is archived or removed). If anyone changed the
// row since, nothing is saved and the result is a *ConflictError naming them.
func (s *Store) Undo(changeID int64) (model.Change, error) {
	cs, err := s.Changes(ChangeFilter{ID: changeID})
	if err != nil {
		return model.Change{}, err
	}
	if len(cs) == 0 {
		return model.Change{}, fmt.Errorf("change %d: %w", changeID, ErrNotFound)
	}
	c := cs[0]
	if c.User != s.opt.User {
		return c, fmt.Errorf("that change was made by %s; you can only undo your own", c.User)
	}
	if c.Action == "undo" {
		return c, fmt.Errorf("%w: it is itself an undo; make the change again instead", ErrCannotUndo)
	}
	ctx := context.WithValue(context.Background(), undoKey{}, c)
	switch c.Entity {
	case "value":
		if isImportLog(c) {
			err = s.undoImport(ctx, c)
		} else {
			err = s.undoValue(ctx, c)
		}
	case "kpi":
		err = undoRow(ctx, s, c, s.KPI, func(ctx context.Context, k model.KPI) error {
			_, err := s.updateKPI(ctx, k)
			return err
		}, func(k *model.KPI) { k.Archived = true })
	case "objective":
		err = undoRow(ctx, s, c, s.objective, func(ctx context.Context, o model.Objective) error {
			_, err := s.updateObjective(ctx, o)
			return err
		}, func(o *model.Objective) { o.Archived = true })
	case "action":
		err = s.undoAction(ctx, c)
	case "checklist":
		err = undoRow(ctx, s, c, s.checklistItem, func(ctx context.Context, it model.ChecklistItem) error {
			_, err := s.updateChecklistItem(ctx, it)
			return err
		}, nil)
	case "review":
		err = s.undoReview(ctx, c)
	case "event":
		err = s.undoEvent(ctx, c)
	case "settings":
		err = undoRow(ctx, s, c, func(int64) (model.Settings, error) { return s.Settings() }, func(ctx context.Context, st model.Settings) error {
			_, err := s.updateSettings(ctx, st)
			return err
		}, nil)
	default:
		err = fmt.Errorf("%w: %s of the file; restore a backup (kpi backup) if it must go", ErrCannotUndo, c.Action)
	}
	return c, err
}

// versioned is a row with a Stamp, so undo can check and carry its version.
type versioned interface {
	model.KPI | model.Objective | model.ChecklistItem | model.ActionItem | model.Review | model.Settings
}

func versionOf(v any) (int64, string) {
	switch r := v.(type) {
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

func setVersion[T versioned](row *T, version int64) {
	switch r := any(row).(type) {
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

// undoRow puts a row back as change c found it: it reads the row now, refuses if
// its version moved past the change's (someone else changed it since), and saves
// the old row with the current version so the save's own check catches a change
// made in between. A created row is retired by retire (nil: cannot be).
func undoRow[T versioned](ctx context.Context, s *Store, c model.Change, current func(int64) (T, error),
	save func(context.Context, T) error, retire func(*T)) error {
	var before, after T
	if err := decodeChange(c, &before, &after); err != nil {
		return err
	}
	now, err := current(c.EntityID)
	if err != nil {
		return err
	}
	if err := unchangedSince(c, after, now); err != nil {
		return err
	}
	version, _ := versionOf(now)
	restore := before
	if c.Old == "" {
		if retire == nil {
			return fmt.Errorf("%w: nothing to go back to", ErrCannotUndo)
		}
		restore = now
		retire(&restore)
	}
	setVersion(&restore, version)
	return save(ctx, restore)
}

// unchangedSince refuses an undo when the row is no longer as the change left it:
// another version with other content. The same content at a later version (the
// user's own later change, undone) is no one else's work, so undo may go on.
func unchangedSince(c model.Change, after, now any) error {
	want, _ := versionOf(after)
	got, by := versionOf(now)
	if got == want || sameContent(after, now) {
		return nil
	}
	return &ConflictError{Entity: c.Entity, ID: c.EntityID, Theirs: now, By: by}
}

// sameContent compares two rows without their stamps (version, times, who).
func sameContent(a, b any) bool {
	strip := func(v any) string {
		var m map[string]any
		raw, err := json.Marshal(v)
		if err != nil || json.Unmarshal(raw, &m) != nil {
			return ""
		}
		for _, k := range []string{"version", "created_at", "updated_at", "updated_by"} {
			delete(m, k)
		}
		out, _ := json.Marshal(m)
		return string(out)
	}
	sa := strip(a)
	return sa != "" && sa == strip(b)
}

// decodeChange reads a change's old and new rows (either may be empty).
func decodeChange(c model.Change, old, nw any) error {
	if c.Old != "" {
		if err := json.Unmarshal([]byte(c.Old), old); err != nil {
			return fmt.Errorf("change %d: the old row cannot be read: %w", c.ID, err)
		}
	}
	if c.New != "" {
		if err := json.Unmarshal([]byte(c.New), nw); err != nil {
			return fmt.Errorf("change %d: the new row cannot be read: %w", c.ID, err)
		}
	}
	return nil
}

// undoValue puts a week's value back: a new value is deleted, an edited or
// deleted one restored.
func (s *Store) undoValue(ctx context.Context, c model.Change) error {
	var before, after model.Value
	if err := decodeChange(c, &before, &after); err != nil {
		return err
	}
	row := after
	if c.New == "" {
		row = before
	}
	now, found, err := s.Value(row.KPIID, row.Week)
	if err != nil {
		return err
	}
	switch {
	case c.New == "" && found: // undo a delete: someone entered the week again
		return &ConflictError{Entity: "value", ID: now.ID, Theirs: now, By: now.UpdatedBy, At: now.UpdatedAt}
	case c.New != "" && !found:
		return &ConflictError{Entity: "value", ID: after.ID}
	case c.New != "" && now.Version != after.Version && !sameContent(after, now):
		return &ConflictError{Entity: "value", ID: now.ID, Theirs: now, By: now.UpdatedBy, At: now.UpdatedAt}
	case c.Old == "":
		return s.deleteValue(ctx, now.ID, now.Version)
	}
	restore := before
	restore.ID, restore.Version = now.ID, now.Version
	_, err = s.saveValue(ctx, restore)
	return err
}

// undoAction restores an edited action item, or removes one this user created.
func (s *Store) undoAction(ctx context.Context, c model.Change) error {
	if c.Old != "" {
		return undoRow(ctx, s, c, s.actionItem, func(ctx context.Context, a model.ActionItem) error {
			_, err := s.updateActionItem(ctx, a)
			return err
		}, nil)
	}
	var after model.ActionItem
	if err := decodeChange(c, nil, &after); err != nil {
		return err
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		now, err := readAction(ctx, tx, c.EntityID)
		if err != nil {
			return err
		}
		if err := unchangedSince(c, after, now); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM action_items WHERE id = ? AND version = ?", now.ID, now.Version); err != nil {
			return err
		}
		return s.logChange(ctx, tx, change{Entity: "action", EntityID: now.ID, Action: "delete", Old: now})
	})
}

// undoReview restores a review's fields, or un-starts a review this user started
// while nothing in it was ticked or noted yet (otherwise that work would go too).
func (s *Store) undoReview(ctx context.Context, c model.Change) error {
	if c.Old != "" {
		return undoRow(ctx, s, c, s.reviewByID, func(ctx context.Context, r model.Review) error {
			_, err := s.updateReview(ctx, r)
			return err
		}, nil)
	}
	var after model.Review
	if err := decodeChange(c, nil, &after); err != nil {
		return err
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		rs, err := readReviews(ctx, tx, "id = ?", c.EntityID)
		if err != nil {
			return err
		}
		if len(rs) == 0 {
			return fmt.Errorf("review %d: %w", c.EntityID, ErrNotFound)
		}
		now := rs[0]
		if err := unchangedSince(c, after, now); err != nil {
			return err
		}
		var worked int
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM checklist_items WHERE review_id = ? AND (done <> 0 OR note <> '')", now.ID).Scan(&worked); err != nil {
			return err
		}
		if worked > 0 {
			return fmt.Errorf("%w: %d checklist items of the review are ticked or noted; reopen or edit it instead", ErrCannotUndo, worked)
		}
		for _, q := range []string{"DELETE FROM checklist_items WHERE review_id = ?", "DELETE FROM reviews WHERE id = ?"} {
			if _, err := tx.ExecContext(ctx, q, now.ID); err != nil {
				return err
			}
		}
		return s.logChange(ctx, tx, change{Entity: "review", EntityID: now.ID, Action: "delete", Old: now})
	})
}

// objective, checklistItem, actionItem and reviewByID read one row by id for undo.
func (s *Store) objective(id int64) (o model.Objective, err error) {
	err = s.read(context.Background(), func(tx *sql.Tx) error {
		o, err = readObjective(context.Background(), tx, id)
		return err
	})
	return o, err
}

func (s *Store) checklistItem(id int64) (it model.ChecklistItem, err error) {
	err = s.read(context.Background(), func(tx *sql.Tx) error {
		items, err := readChecklist(context.Background(), tx, "id = ?", id)
		if err == nil && len(items) == 0 {
			err = fmt.Errorf("checklist item %d: %w", id, ErrNotFound)
		}
		if err == nil {
			it = items[0]
		}
		return err
	})
	return it, err
}

func (s *Store) actionItem(id int64) (a model.ActionItem, err error) {
	err = s.read(context.Background(), func(tx *sql.Tx) error {
		a, err = readAction(context.Background(), tx, id)
		return err
	})
	return a, err
}

func (s *Store) reviewByID(id int64) (r model.Review, err error) {
	err = s.read(context.Background(), func(tx *sql.Tx) error {
		rs, err := readReviews(context.Background(), tx, "id = ?", id)
		if err == nil && len(rs) == 0 {
			err = fmt.Errorf("review %d: %w", id, ErrNotFound)
		}
		if err == nil {
			r = rs[0]
		}
		return err
	})
	return r, err
}
