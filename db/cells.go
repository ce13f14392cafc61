package db

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"kpi/model"
)

// The store's trust boundary. The file is shared and any tool can write to it,
// so nothing in it is taken as given. Every read of a table goes through
// queryRows, which scans each column as the driver hands it over (any of
// SQLite's types, whatever the column was declared as) into a row, and each
// table's decoder takes its columns out of the row through the accessors
// below: text comes out sanitised (model.Sanitize), numbers finite and within
// ±MaxNumber, weeks canonical, times parsed. A cell that cannot be used as its
// column means is never an error: the accessor stands in a safe value and
// records the problem, so one bad cell affects that cell only; the decoders
// turn the problems into the model's Bad reasons, and `kpi doctor` names them
// with their table and row.

// MaxNumber is the largest magnitude a stored number may have. Beyond it sums
// and differences of a few values lose all precision, and no KPI a team
// reviews weekly is that large.
const MaxNumber = 1e15

// maxCellText is the most bytes of one text cell the store hands out: a
// megabyte pasted into a name by another tool would otherwise be carried into
// every list and frame. Text kpi writes stays far below it.
const maxCellText = 16 << 10

// cellProblem is one cell that could not be used as written.
type cellProblem struct {
	Column string
	Reason string
}

// String is "number: 'abc' is text, not a number".
func (p cellProblem) String() string { return p.Column + ": " + p.Reason }

// row is one row of a query as the file holds it. The decoders read its
// columns in order (next), each through the accessor for what the column
// means; bad collects what could not be used.
type row struct {
	cols []string
	raw  []any
	at   int
	bad  []cellProblem
}

// next is the raw value of the next column and its name.
func (r *row) next() (any, string) {
	i := r.at
	r.at++
	if i >= len(r.raw) {
		return nil, fmt.Sprintf("column %d", i+1)
	}
	return r.raw[i], r.cols[i]
}

// flag records that column could not be used, with why.
func (r *row) flag(column, format string, args ...any) {
	r.bad = append(r.bad, cellProblem{column, fmt.Sprintf(format, args...)})
}

// badOf joins the problems of the given columns into one reason ("" for none):
// what a model value's Bad field says.
func (r *row) badOf(columns ...string) string {
	var parts []string
	for _, p := range r.bad {
		for _, c := range columns {
			if p.Column == c {
				parts = append(parts, p.String())
			}
		}
	}
	return strings.Join(parts, "; ")
}

// allBad is every problem of the row as one reason.
func (r *row) allBad() string {
	parts := make([]string, len(r.bad))
	for i, p := range r.bad {
		parts[i] = p.String()
	}
	return strings.Join(parts, "; ")
}

// shown writes a raw cell for a problem report: short, quoted, and safe.
func shown(v any) string {
	var s string
	switch x := v.(type) {
	case nil:
		return "NULL"
	case []byte:
		return fmt.Sprintf("a %d-byte blob", len(x))
	case string:
		s = x
	case float64:
		return strconv.FormatFloat(x, 'g', 6, 64)
	default:
		s = fmt.Sprint(x)
	}
	if clean := model.Sanitize(s, false); clean != s {
		// what was stripped is what doctor must show: write it visibly (\x1b, \u202e)
		q := strconv.QuoteToGraphic(s)
		s = q[1 : len(q)-1]
	}
	if utf8.RuneCountInString(s) > 24 {
		s = string([]rune(s)[:24]) + "…"
	}
	return "'" + s + "'"
}

// rawText is a cell as text before it is cleaned, and whether it could be
// read as text at all (a number is written as digits; a blob as its bytes).
func rawText(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case []byte:
		return string(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	case bool:
		if x {
			return "1"
		}
		return "0"
	case time.Time:
		return timeText(x)
	}
	return fmt.Sprint(v)
}

// cleanText sanitises and bounds one cell of text.
func cleanText(s string, multiline bool) string {
	if len(s) > maxCellText {
		s = s[:maxCellText]
	}
	return strings.TrimSpace(model.Sanitize(s, multiline))
}

// text is the next column as one line of clean text.
func (r *row) text() string {
	v, _ := r.next()
	return cleanText(rawText(v), false)
}

// note is the next column as clean text that keeps its line breaks.
func (r *row) note() string {
	v, _ := r.next()
	return cleanText(rawText(v), true)
}

// whole is the next column as clean text of any length, for the change log's
// JSON, which must stay whole to be read back.
func (r *row) whole() string {
	v, _ := r.next()
	return strings.TrimSpace(model.Sanitize(rawText(v), true))
}

// integer is the next column as a whole number; ok is false (and the cell
// flagged) when it is not one. NULL is 0, unflagged: the schema's NOT NULL
// says where it cannot occur.
func (r *row) integer() (n int64, ok bool) {
	v, col := r.next()
	switch x := v.(type) {
	case nil:
		return 0, true
	case int64:
		return x, true
	case float64:
		if x == math.Trunc(x) && math.Abs(x) <= MaxNumber {
			return int64(x), true
		}
	case bool:
		if x {
			return 1, true
		}
		return 0, true
	case string:
		if n, err := strconv.ParseInt(strings.TrimSpace(x), 10, 64); err == nil {
			return n, true
		}
	}
	r.flag(col, "%s is not a whole number", shown(v))
	return 0, false
}

// id is the next column as a row id or link (0 for NULL or a bad cell).
func (r *row) id() int64 {
	n, _ := r.integer()
	return n
}

// count is the next column as a whole number in [lo, hi]; a cell outside is
// flagged and read as def.
func (r *row) count(lo, hi, def int64) int64 {
	i := r.at
	n, ok := r.integer()
	if !ok {
		return def
	}
	if (n < lo || n > hi) && i < len(r.raw) {
		r.flag(r.cols[i], "%s is outside %d to %d", shown(r.raw[i]), lo, hi)
		return def
	}
	return n
}

// flag01 is the next column as a boolean stored 0 or 1 (false if bad).
func (r *row) flag01() bool {
	return r.count(0, 1, 0) == 1
}

// number is the next column as a finite number within ±MaxNumber; has is
// false for NULL and for a bad cell, which is flagged.
func (r *row) number() (f float64, has bool) {
	v, col := r.next()
	switch x := v.(type) {
	case nil:
		return 0, false
	case int64:
		f = float64(x)
	case float64:
		f = x
	case string:
		r.flag(col, "%s is text, not a number", shown(v))
		return 0, false
	default:
		r.flag(col, "%s is not a number", shown(v))
		return 0, false
	}
	switch {
	case math.IsNaN(f) || math.IsInf(f, 0):
		r.flag(col, "%s is not a finite number", shown(v))
		return 0, false
	case math.Abs(f) > MaxNumber:
		r.flag(col, "%s is beyond ±1e15", shown(v))
		return 0, false
	}
	return f, true
}

// week is the next column as a week; canonical is false when the file writes
// it some other way than Week.String ("2026-w49", "2026-W49 "), which reads
// as the same week but is another key to SQLite. A cell that is no week is
// flagged and read as the zero week; "" is the zero week, unflagged.
func (r *row) week() (w model.Week, canonical bool) {
	v, col := r.next()
	s, isText := v.(string)
	if v == nil || (isText && s == "") {
		return model.Week{}, true
	}
	if !isText {
		r.flag(col, "%s is not a week", shown(v))
		return model.Week{}, false
	}
	w, err := model.ParseWeek(s)
	if err != nil || !strings.Contains(strings.ToUpper(s), "W") {
		r.flag(col, "%s is not a week like 2026-W47", shown(v))
		return model.Week{}, false
	}
	return w, w.String() == s
}

// anyWeek is week without caring how it was written.
func (r *row) anyWeek() model.Week {
	w, _ := r.week()
	return w
}

// time is the next column as an RFC 3339 time; "" and bad cells (flagged)
// are the zero time.
func (r *row) time() time.Time {
	v, col := r.next()
	switch x := v.(type) {
	case nil:
		return time.Time{}
	case time.Time:
		return x.UTC()
	case string:
		if x == "" {
			return time.Time{}
		}
		if t, err := time.Parse(time.RFC3339Nano, x); err == nil {
			return t.UTC()
		}
	}
	r.flag(col, "%s is not a time", shown(v))
	return time.Time{}
}

// stamp reads stampCols.
func (r *row) stamp() model.Stamp {
	var st model.Stamp
	st.Version = r.count(0, math.MaxInt64, 0)
	st.CreatedAt = r.time()
	st.UpdatedAt = r.time()
	st.UpdatedBy = r.text()
	return st
}

// queryRows runs a query inside tx and hands every row to each, decoded from
// raw cells: the one loop every read of a table goes through. Rows are closed
// and iteration errors returned; a cell's content is never an error.
func queryRows(ctx context.Context, tx *sql.Tx, each func(*row) error, q string, args ...any) error {
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return schemaHint(err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return err
	}
	r := &row{cols: cols, raw: make([]any, len(cols))}
	dest := make([]any, len(cols))
	for i := range dest {
		dest[i] = &r.raw[i]
	}
	for rows.Next() {
		clear(r.raw)
		r.at, r.bad = 0, r.bad[:0]
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		if err := each(r); err != nil {
			return err
		}
	}
	return rows.Err()
}

// queryAll is queryRows collecting what decode makes of each row.
func queryAll[T any](ctx context.Context, tx *sql.Tx, decode func(*row) T, q string, args ...any) ([]T, error) {
	var out []T
	err := queryRows(ctx, tx, func(r *row) error {
		out = append(out, decode(r))
		return nil
	}, q, args...)
	return out, err
}

// schemaHint turns SQLite's "no such column" or "no such table" — a file whose
// tables another tool changed — into what to do about it.
func schemaHint(err error) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	if strings.Contains(msg, "no such column") || strings.Contains(msg, "no such table") {
		return fmt.Errorf("the file's tables are not as kpi made them (%s); run `kpi doctor`, then `kpi doctor --repair`", model.Sanitize(msg, false))
	}
	return err
}
