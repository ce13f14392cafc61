package db

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"kpi/model"
)

const actionCols = "id, text, owner, due, kpi_id, created_week, done, done_by, done_at, " + stampCols

// decodeAction reads actionCols (see row: every cell checked and cleaned).
func decodeAction(r *row) model.ActionItem {
	var a model.ActionItem
	a.ID, a.Text, a.Owner, a.Due, a.KPIID, a.CreatedWeek = r.id(), r.text(), r.text(), r.anyWeek(), r.id(), r.anyWeek()
	a.Done, a.DoneBy, a.DoneAt = r.flag01(), r.text(), r.time()
	a.Stamp = r.stamp()
	return a
}

// readActions reads action items (all, or those matching where): open ones
// first, then by due week and id.
func readActions(ctx context.Context, tx *sql.Tx, where string, args ...any) ([]model.ActionItem, error) {
	q := "SELECT " + actionCols + " FROM action_items"
	if where != "" {
		q += " WHERE " + where
	}
	return queryAll(ctx, tx, decodeAction, q+" ORDER BY done, due, id", args...)
}

func readAction(ctx context.Context, tx *sql.Tx, id int64) (model.ActionItem, error) {
	as, err := readActions(ctx, tx, "id = ?", id)
	if err != nil {
		return model.ActionItem{}, err
	}
	if len(as) == 0 {
		return model.ActionItem{}, fmt.Errorf("action item %d: %w", id, ErrNotFound)
	}
	return as[0], nil
}

// ActionItems returns every action item: open ones first (they carry over into
// every review until done), then by due week.
func (s *Store) ActionItems() ([]model.ActionItem, error) {
	var out []model.ActionItem
	err := s.read(context.Background(), func(tx *sql.Tx) (err error) {
		out, err = readActions(context.Background(), tx, "")
		return err
	})
	return out, err
}

// cleanAction strips terminal controls from a's text and checks it.
func cleanAction(a model.ActionItem) (model.ActionItem, error) {
	a.Text = strings.TrimSpace(model.Sanitize(a.Text, false))
	a.Owner = strings.TrimSpace(model.Sanitize(a.Owner, false))
	a.DoneBy = strings.TrimSpace(model.Sanitize(a.DoneBy, false))
	if a.Text == "" {
		return a, fmt.Errorf("action item text is empty")
	}
	if n := len([]rune(a.Text)); n > model.MaxTextLen {
		return a, fmt.Errorf("action item text is %d characters; the limit is %d", n, model.MaxTextLen)
	}
	return a, nil
}

// checkActionKPI checks that an action item's KPI link, if any, exists.
func checkActionKPI(ctx context.Context, tx *sql.Tx, a model.ActionItem) error {
	if a.KPIID == 0 {
		return nil
	}
	var n int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM kpis WHERE id = ?", a.KPIID).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return fmt.Errorf("action item: kpi %d: %w", a.KPIID, ErrNotFound)
	}
	return nil
}

// CreateActionItem adds a to-do from a review. CreatedWeek defaults to the
// current week; a done item gets who and when filled in.
func (s *Store) CreateActionItem(a model.ActionItem) (model.ActionItem, error) {
	ctx := context.Background()
	a, err := cleanAction(a)
	if err != nil {
		return a, err
	}
	var saved model.ActionItem
	err = s.write(ctx, func(tx *sql.Tx) error {
		a := a
		now := s.now()
		if a.CreatedWeek.IsZero() {
			a.CreatedWeek = model.CurrentWeek(now)
		}
		a.DoneBy, a.DoneAt = doneStamp(a.Done, a.DoneBy, a.DoneAt, s.opt.User, now)
		if err := checkActionKPI(ctx, tx, a); err != nil {
			return err
		}
		id, err := insertID(ctx, tx, `INSERT INTO action_items (text, owner, due, kpi_id, created_week, done, done_by, done_at,
			version, created_at, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?)`,
			a.Text, a.Owner, a.Due.String(), nullID(a.KPIID), a.CreatedWeek.String(), a.Done, a.DoneBy, timeText(a.DoneAt),
			timeText(now), timeText(now), s.opt.User)
		if err != nil {
			return err
		}
		if saved, err = readAction(ctx, tx, id); err != nil {
			return err
		}
		return s.logChange(ctx, tx, change{Entity: "action", EntityID: id, KPIID: 0, Action: "create",
			Summary: fmt.Sprintf("%s added action item %q", s.who(), saved.Text), New: saved})
	})
	return saved, err
}

// UpdateActionItem saves an edited or ticked action item if nobody changed it
// since it was read (a.Version); otherwise it returns a *ConflictError with theirs.
func (s *Store) UpdateActionItem(a model.ActionItem) (model.ActionItem, error) {
	return s.updateActionItem(context.Background(), a)
}

// updateActionItem is UpdateActionItem in ctx, which Undo marks so the change log says undo.
func (s *Store) updateActionItem(ctx context.Context, a model.ActionItem) (model.ActionItem, error) {
	a, err := cleanAction(a)
	if err != nil {
		return a, err
	}
	var saved model.ActionItem
	err = s.write(ctx, func(tx *sql.Tx) error {
		a := a
		now := s.now()
		a.DoneBy, a.DoneAt = doneStamp(a.Done, a.DoneBy, a.DoneAt, s.opt.User, now)
		old, err := readAction(ctx, tx, a.ID)
		if err != nil {
			return err
		}
		if err := checkActionKPI(ctx, tx, a); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE action_items SET text = ?, owner = ?, due = ?, kpi_id = ?, created_week = ?, done = ?,
			done_by = ?, done_at = ?, version = version + 1, updated_at = ?, updated_by = ? WHERE id = ? AND version = ?`,
			a.Text, a.Owner, a.Due.String(), nullID(a.KPIID), a.CreatedWeek.String(), a.Done, a.DoneBy, timeText(a.DoneAt),
			timeText(now), s.opt.User, a.ID, a.Version)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return &ConflictError{Entity: "action", ID: old.ID, Theirs: old, By: old.UpdatedBy, At: old.UpdatedAt}
		}
		if saved, err = readAction(ctx, tx, a.ID); err != nil {
			return err
		}
		summary := fmt.Sprintf("%s changed action item %q%s", s.who(), saved.Text, fieldList(changedFields(old, saved)))
		if saved.Done && !old.Done {
			summary = fmt.Sprintf("%s marked action item %q done", s.who(), saved.Text)
		}
		return s.logChange(ctx, tx, change{Entity: "action", EntityID: a.ID, Action: "update", Summary: summary, Old: old, New: saved})
	})
	return saved, err
}
