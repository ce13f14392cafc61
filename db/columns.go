package db

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"time"

	"kpi/model"
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
// number no one can type back.
func checkFinite(what string, f float64) error {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return fmt.Errorf("%s is %v; only finite numbers can be stored", what, f)
	}
	return nil
}

// weekCol scans a week column.
type weekCol struct{ w *model.Week }

// Scan reads "2026-W47" ("" is the zero week).
func (c weekCol) Scan(src any) error {
	s, err := textOf(src)
	if err != nil {
		return err
	}
	if err := c.w.UnmarshalText([]byte(s)); err != nil {
		return fmt.Errorf("week %q in the file: %w", s, err)
	}
	return nil
}

// timeCol scans a time column.
type timeCol struct{ t *time.Time }

// Scan reads RFC 3339 text ("" is the zero time).
func (c timeCol) Scan(src any) error {
	s, err := textOf(src)
	if err != nil {
		return err
	}
	if s == "" {
		*c.t = time.Time{}
		return nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return fmt.Errorf("time %q in the file: %w", s, err)
	}
	*c.t = t.UTC()
	return nil
}

// idCol scans an optional link (NULL means 0).
type idCol struct{ id *int64 }

// Scan reads an integer or NULL.
func (c idCol) Scan(src any) error {
	var n sql.NullInt64
	if err := n.Scan(src); err != nil {
		return err
	}
	*c.id = n.Int64
	return nil
}

// textOf reads a TEXT (or NULL) column value.
func textOf(src any) (string, error) {
	switch v := src.(type) {
	case nil:
		return "", nil
	case string:
		return v, nil
	case []byte:
		return string(v), nil
	case time.Time: // a driver that parses times itself
		return timeText(v), nil
	}
	return "", fmt.Errorf("unexpected %T in a text column", src)
}

// stampCols are the bookkeeping columns of every editable row, in scan order.
const stampCols = "version, created_at, updated_at, updated_by"

// stampDest is where stampCols scan to.
func stampDest(st *model.Stamp) []any {
	return []any{&st.Version, timeCol{&st.CreatedAt}, timeCol{&st.UpdatedAt}, &st.UpdatedBy}
}

// scanner is a *sql.Row or *sql.Rows.
type scanner interface{ Scan(dest ...any) error }

// queryAll runs a query inside tx and scans every row with scan: the one loop
// every read of a table needs (rows closed, scan and iteration errors returned).
func queryAll[T any](ctx context.Context, tx *sql.Tx, scan func(scanner) (T, error), q string, args ...any) ([]T, error) {
	return queryInto(ctx, tx, nil, scan, q, args...)
}

// queryInto is queryAll appending to out: a caller that knows how many rows to
// expect passes room for them, and a large read allocates its slice once
// instead of doubling it a dozen times.
func queryInto[T any](ctx context.Context, tx *sql.Tx, out []T, scan func(scanner) (T, error), q string, args ...any) ([]T, error) {
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// insertID runs an INSERT inside tx and returns the new row's id.
func insertID(ctx context.Context, tx *sql.Tx, q string, args ...any) (int64, error) {
	res, err := tx.ExecContext(ctx, q, args...)
	if err != nil {
		return 0, err
	}
	return res.LastInsertId()
}
