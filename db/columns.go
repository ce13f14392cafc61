package db

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"time"
)

// Conversions between model types and columns. Weeks are TEXT "2026-W47" (they
// sort in time order); times are RFC 3339 UTC text with nanoseconds, "" for the
// zero time; booleans are 0/1; a missing link is NULL.

// timeText writes t for a TEXT column.
func timeText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

// nullID writes an optional link: 0 means none (NULL).
func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// checkFinite refuses NaN and ±Inf, which SQLite would store as NULL or as a
// number no one can type back, and numbers beyond ±MaxNumber, which the store
// reads back as bad cells.
func checkFinite(what string, f float64) error {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return fmt.Errorf("%s is %v; only finite numbers can be stored", what, f)
	}
	if math.Abs(f) > MaxNumber {
		return fmt.Errorf("%s %g is beyond ±1e15; numbers that large cannot be stored", what, f)
	}
	return nil
}

// stampCols are the bookkeeping columns of every editable row, in scan order.
const stampCols = "version, created_at, updated_at, updated_by"

// insertID runs an INSERT inside tx and returns the new row's id, by
// RETURNING, which both engines have (PostgreSQL has no last insert id).
func insertID(ctx context.Context, tx *sql.Tx, q string, args ...any) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, q+" RETURNING id", args...).Scan(&id)
	return id, err
}
