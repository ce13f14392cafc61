package db

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"kpi/model"
)

// undoImport reverses an import's row of one KPI's values (importlog.go) in
// one transaction: every value it created is deleted and every value it
// changed gets its previous version back. If any of them changed since (a
// version other than the import's, with other content), nothing is saved and
// the result is a *ConflictError naming the first. The undo is logged as one
// row in the same shape: old the values as they were, new what was put back
// (null where a value was deleted).
func (s *Store) undoImport(ctx context.Context, c model.Change) error {
	var before []*model.Value
	if err := json.Unmarshal([]byte(c.Old), &before); err != nil {
		return fmt.Errorf("change %d: the old values cannot be read: %w", c.ID, err)
	}
	after, err := decodeImported(c)
	if err != nil {
		return fmt.Errorf("change %d: the new values cannot be read: %w", c.ID, err)
	}
	if len(before) != len(after) || len(after) == 0 {
		return fmt.Errorf("change %d: %d old and %d new values do not pair up; restore a backup (kpi backup) instead", c.ID, len(before), len(after))
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		now, err := importedNow(ctx, tx, after)
		if err != nil {
			return err
		}
		k, err := readKPI(ctx, tx, after[0].KPIID)
		if err != nil {
			return err
		}
		var logs importLogs
		for i, a := range after {
			cur, err := undoImported(ctx, s, tx, a, before[i], now[valueSlot{a.KPIID, a.Week}])
			if err != nil {
				return err
			}
			restored := model.Value{}
			if before[i] != nil {
				restored = *before[i]
			}
			if err := logs.add(s, k, cur, restored, before[i] != nil); err != nil {
				return err
			}
		}
		return logs.writeUndo(ctx, s, tx, c)
	})
}

// importedNow reads the current rows of the KPI and weeks an import wrote.
func importedNow(ctx context.Context, tx *sql.Tx, vals []model.Value) (map[valueSlot]model.Value, error) {
	for _, v := range vals[1:] {
		if v.KPIID != vals[0].KPIID {
			return nil, fmt.Errorf("an import's change names values of two KPIs; restore a backup (kpi backup) instead")
		}
	}
	return storedValues(ctx, tx, vals)
}

// undoImported puts one imported value back: deleted if the import created it,
// its old version restored if the import changed it. It returns the row as it
// was before the undo.
func undoImported(ctx context.Context, s *Store, tx *sql.Tx, after model.Value, before *model.Value, now model.Value) (model.Value, error) {
	switch {
	case now.ID == 0:
		return now, &ConflictError{Entity: "value", ID: after.ID}
	case now.Version != after.Version && !sameContent(after, now):
		return now, &ConflictError{Entity: "value", ID: now.ID, Theirs: now, By: now.UpdatedBy, At: now.UpdatedAt}
	}
	var res sql.Result
	var err error
	if before == nil {
		res, err = tx.ExecContext(ctx, "DELETE FROM kpi_values WHERE id = ? AND version = ?", now.ID, now.Version)
	} else {
		res, err = tx.ExecContext(ctx, updateValueSQL+" AND version = ?", append(s.updateValueArgs(*before, now.ID, s.now()), now.Version)...)
	}
	if err != nil {
		return now, err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return now, &ConflictError{Entity: "value", ID: now.ID, Theirs: now, By: now.UpdatedBy, At: now.UpdatedAt}
	}
	return now, nil
}

// writeUndo writes the undo of import change c: the one KPI's row, with the
// summary saying what was undone.
func (ls *importLogs) writeUndo(ctx context.Context, s *Store, tx *sql.Tx, c model.Change) error {
	for _, l := range ls.order {
		// old is the values as the undo found them, new what it put back
		// (null for a deleted value): the import's arrays, swapped.
		old, nw := l.arrays()
		_, err := tx.ExecContext(ctx, insertChangeSQL, timeText(s.now()), s.opt.User, s.opt.Host, "value", 0, l.k.ID, "undo",
			model.Sanitize(fmt.Sprintf("%s undid: %s", s.who(), c.Summary), false), nw, old)
		if err != nil {
			return err
		}
	}
	return nil
}
