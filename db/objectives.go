package db

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"kpi/model"
)

const objectiveCols = "id, title, description, owner, start_week, end_week, state, archived, " + stampCols

// decodeObjective reads objectiveCols (see row: every cell checked and cleaned).
func decodeObjective(r *row) model.Objective {
	var o model.Objective
	o.ID, o.Title, o.Description, o.Owner, o.Start, o.End = r.id(), r.text(), r.note(), r.text(), r.anyWeek(), r.anyWeek()
	o.State = model.ObjectiveState(r.text())
	switch o.State {
	case model.ObjectiveActive, model.ObjectiveDone, model.ObjectiveDropped:
	default:
		r.flag("state", "%s is not active, done or dropped", shown(string(o.State)))
		o.State = model.ObjectiveActive
	}
	o.Archived = r.flag01()
	o.Stamp = r.stamp()
	return o
}

// readObjectives reads objectives (all, or those matching where) by id.
func readObjectives(ctx context.Context, tx *sql.Tx, where string, args ...any) ([]model.Objective, error) {
	q := "SELECT " + objectiveCols + " FROM objectives"
	if where != "" {
		q += " WHERE " + where
	}
	return queryAll(ctx, tx, decodeObjective, q+" ORDER BY id", args...)
}

func readObjective(ctx context.Context, tx *sql.Tx, id int64) (model.Objective, error) {
	found, err := readObjectives(ctx, tx, "id = ?", id)
	if err != nil {
		return model.Objective{}, err
	}
	if len(found) == 0 {
		return model.Objective{}, fmt.Errorf("objective %d: %w", id, ErrNotFound)
	}
	return found[0], nil
}

// Objectives returns every objective, archived ones included, in the order they
// were created.
func (s *Store) Objectives() ([]model.Objective, error) {
	return s.ObjectivesContext(context.Background())
}

// ObjectivesContext is Objectives, given up when ctx is cancelled.
func (s *Store) ObjectivesContext(ctx context.Context) ([]model.Objective, error) {
	var out []model.Objective
	err := s.read(ctx, func(tx *sql.Tx) (err error) {
		out, err = readObjectives(ctx, tx, "")
		return err
	})
	return out, err
}

// cleanObjective strips terminal controls from o's text and validates it.
func cleanObjective(o model.Objective) (model.Objective, error) {
	o.Title = strings.TrimSpace(model.Sanitize(o.Title, false))
	o.Description = strings.TrimSpace(model.Sanitize(o.Description, true))
	o.Owner = strings.TrimSpace(model.Sanitize(o.Owner, false))
	if o.State == "" {
		o.State = model.ObjectiveActive
	}
	if err := model.ValidateObjective(o); err != nil {
		return o, fmt.Errorf("objective %q: %w", o.Title, err)
	}
	return o, nil
}

func objectiveArgs(o model.Objective) []any {
	return []any{o.Title, o.Description, o.Owner, o.Start.String(), o.End.String(), string(o.State), o.Archived}
}

// CreateObjective adds a business goal that KPIs can link to.
func (s *Store) CreateObjective(o model.Objective) (model.Objective, error) {
	ctx := context.Background()
	o, err := cleanObjective(o)
	if err != nil {
		return o, err
	}
	var saved model.Objective
	err = s.write(ctx, func(tx *sql.Tx) error {
		now := timeText(s.now())
		args := append(objectiveArgs(o), now, now, s.opt.User)
		id, err := insertID(ctx, tx, `INSERT INTO objectives (title, description, owner, start_week, end_week, state, archived,
			version, created_at, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?)`, args...)
		if err != nil {
			return err
		}
		if saved, err = readObjective(ctx, tx, id); err != nil {
			return err
		}
		return s.logChange(ctx, tx, change{Entity: "objective", EntityID: id, Action: "create",
			Summary: fmt.Sprintf("%s created objective %q", s.who(), saved.Title), New: saved})
	})
	return saved, err
}

// UpdateObjective saves an edited objective if nobody changed it since it was
// read (o.Version); otherwise it returns a *ConflictError with theirs.
func (s *Store) UpdateObjective(o model.Objective) (model.Objective, error) {
	return s.updateObjective(context.Background(), o)
}

// updateObjective is UpdateObjective in ctx, which Undo marks so the change log says undo.
func (s *Store) updateObjective(ctx context.Context, o model.Objective) (model.Objective, error) {
	o, err := cleanObjective(o)
	if err != nil {
		return o, err
	}
	var saved model.Objective
	err = s.write(ctx, func(tx *sql.Tx) error {
		old, err := readObjective(ctx, tx, o.ID)
		if err != nil {
			return err
		}
		args := append(objectiveArgs(o), timeText(s.now()), s.opt.User, o.ID, o.Version)
		res, err := tx.ExecContext(ctx, `UPDATE objectives SET title = ?, description = ?, owner = ?, start_week = ?, end_week = ?,
			state = ?, archived = ?, version = version + 1, updated_at = ?, updated_by = ? WHERE id = ? AND version = ?`, args...)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return &ConflictError{Entity: "objective", ID: old.ID, Theirs: old, By: old.UpdatedBy, At: old.UpdatedAt}
		}
		if saved, err = readObjective(ctx, tx, o.ID); err != nil {
			return err
		}
		return s.logChange(ctx, tx, change{Entity: "objective", EntityID: o.ID, Action: "update",
			Summary: fmt.Sprintf("%s changed objective %q%s", s.who(), saved.Title, fieldList(changedFields(old, saved))),
			Old:     old, New: saved})
	})
	return saved, err
}
