package db

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"kpi/model"
)

// KPIHistory is a KPI's history, newest first: the changes to its definition
// and its values (Changes with KPIID), then, when some of its values have no
// change-log row of their own, one more line that says where they came from.
// The demo and a JSON import (ImportDemo, ImportDataset) log the whole file as
// one batch row, so without that line a KPI with two years of demo values
// would read "No changes recorded yet". The line has ID 0 (nothing to undo)
// and the batch's time and author, or none when no batch explains the values
// (another tool wrote them, or the file predates the log).
func (s *Store) KPIHistory(kpiID int64, limit int) ([]model.Change, error) {
	out, err := s.Changes(ChangeFilter{KPIID: kpiID, Limit: limit})
	if err != nil {
		return nil, err
	}
	if limit > 0 && len(out) >= limit {
		return out, nil // the oldest rows are not shown: neither is this line
	}
	origin, ok, err := s.unloggedOrigin(kpiID)
	if err != nil || !ok {
		return out, err
	}
	return append(out, origin), nil
}

// unloggedSQL lists a KPI's values that no change-log row names by id.
const unloggedSQL = `SELECT v.id, v.week FROM kpi_values v WHERE v.kpi_id = ?
AND NOT EXISTS (SELECT 1 FROM change_log c WHERE c.entity = 'value' AND c.entity_id = v.id)`

// importRowsSQL are the KPI's import rows of many values (importlog.go): each
// names its values inside its JSON, not by entity id.
const importRowsSQL = `SELECT new FROM change_log
WHERE entity = 'value' AND entity_id = 0 AND kpi_id = ? AND action = 'import'`

// unloggedOrigin is the line KPIHistory adds, ok false when every value of
// the KPI has a change-log row of its own or is in one of its imports' rows.
func (s *Store) unloggedOrigin(kpiID int64) (model.Change, bool, error) {
	ctx := context.Background()
	var n int64
	var from, to model.Week
	err := s.read(ctx, func(tx *sql.Tx) error {
		imported, err := importedIDs(ctx, tx, kpiID)
		if err != nil {
			return err
		}
		return queryRows(ctx, tx, func(r *row) error {
			id, w := r.id(), r.anyWeek()
			if imported[id] {
				return nil
			}
			n++
			if !w.IsZero() && (from.IsZero() || w.Before(from)) {
				from = w
			}
			if !w.IsZero() && (to.IsZero() || w.After(to)) {
				to = w
			}
			return nil
		}, unloggedSQL, kpiID)
	})
	if err != nil || n == 0 {
		return model.Change{}, false, err
	}
	batches, err := s.Changes(ChangeFilter{Entity: "file"})
	if err != nil {
		return model.Change{}, false, err
	}
	c := model.Change{Entity: "value", Action: "import"}
	span := valueSpan(n, from, to)
	c.Summary = span + " have no change-log rows of their own: another tool wrote them, or they predate the log"
	if n == 1 {
		c.Summary = span + " has no change-log row of its own: another tool wrote it, or it predates the log"
	}
	for _, b := range batches {
		if b.Action != "demo" && b.Action != "import" {
			continue
		}
		c.At, c.User, c.Host = b.At, b.User, b.Host
		c.Summary = fmt.Sprintf("%s came from a JSON import (logged as one batch)", span)
		if b.Action == "demo" {
			c.Summary = fmt.Sprintf("%s came with the demo (logged as one batch)", span)
		}
		break
	}
	return c, true, nil
}

// importedIDs are the ids of the values the KPI's import rows name. A row
// that cannot be read names none (its values then count as unlogged).
func importedIDs(ctx context.Context, tx *sql.Tx, kpiID int64) (map[int64]bool, error) {
	ids := map[int64]bool{}
	err := queryRows(ctx, tx, func(r *row) error {
		var vals []struct {
			ID int64 `json:"id"`
		}
		if json.Unmarshal([]byte(r.whole()), &vals) == nil {
			for _, v := range vals {
				ids[v.ID] = true
			}
		}
		return nil
	}, importRowsSQL, kpiID)
	return ids, err
}

// valueSpan is "104 values for 2024-W49 – 2026-W48" (weeks left out when
// none is well-formed, one week named once).
func valueSpan(n int64, from, to model.Week) string {
	s := fmt.Sprintf("%d values", n)
	if n == 1 {
		s = "1 value"
	}
	switch {
	case from.IsZero():
		return s
	case from == to:
		return s + " for " + from.String()
	}
	return s + " for " + from.String() + " – " + to.String()
}
