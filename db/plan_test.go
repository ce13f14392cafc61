package db

import (
	"context"
	"database/sql"
	"strings"
	"testing"
)

// TestHotQueriesUseIndexes: the reads every view and command makes on a large file
// are index lookups, not scans of the values or the change log (EXPLAIN QUERY
// PLAN; spec §7).
func TestHotQueriesUseIndexes(t *testing.T) {
	fileOnly(t)
	s := newStore(t)
	for _, tc := range []struct {
		name, query, want string
		args              []any
	}{
		{"a window of weeks", "SELECT " + windowCols + " FROM kpi_values WHERE week >= ? AND week <= ?", "USING INDEX kpi_values_week", []any{"2026-W30", "2026-W47"}},
		{"one KPI's weeks", "SELECT " + valueCols + " FROM kpi_values WHERE kpi_id = ? AND week >= ? ORDER BY kpi_id, week", "USING INDEX sqlite_autoindex_kpi_values", []any{1, "2026-W30"}},
		{"one KPI's week", "SELECT " + valueCols + " FROM kpi_values WHERE kpi_id = ? AND week = ?", "USING INDEX sqlite_autoindex_kpi_values", []any{1, "2026-W47"}},
		{"a KPI's history", "SELECT id FROM change_log WHERE kpi_id = ? ORDER BY id DESC", "INDEX change_log_kpi", []any{1}},
		{"an objective's history", "SELECT id FROM change_log WHERE entity = ? AND entity_id = ? ORDER BY id DESC", "INDEX change_log_entity", []any{"objective", 1}},
		{"changes since a look", "SELECT id FROM change_log WHERE id > ? ORDER BY id DESC", "USING INTEGER PRIMARY KEY", []any{10}},
		{"a KPI's values the log does not name", unloggedSQL, "INDEX change_log_entity", []any{1}},
		{"a review's checklist", "SELECT id FROM checklist_items WHERE review_id = ? ORDER BY position", "INDEX checklist_items_review", []any{1}},
	} {
		var plan []string
		err := s.read(context.Background(), func(tx *sql.Tx) error {
			rows, err := tx.Query("EXPLAIN QUERY PLAN "+tc.query, tc.args...)
			if err != nil {
				return err
			}
			defer rows.Close()
			for rows.Next() {
				var id, parent, unused int
				var detail string
				if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
					return err
				}
				plan = append(plan, detail)
			}
			return rows.Err()
		})
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		got := strings.Join(plan, "; ")
		if !strings.Contains(got, tc.want) || strings.Contains(got, "SCAN kpi_values") || strings.Contains(got, "SCAN change_log") {
			t.Errorf("%s: plan %q, want %q and no scan", tc.name, got, tc.want)
		}
	}
}
