package db

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"kpi/model"
)

// An import logs one change-log row per KPI it writes values of, not one per
// value: 100,000 imported values were 100,000 change-log rows, each with its
// two indexes, which was a third of the import's time in SQLite. The row is an
// ordinary value change (entity "value", action "import", the KPI's id) whose
// new column is a JSON array of the values as saved and whose old column is a
// JSON array of the same length holding each value's previous version, or
// null where the value is new. A new version leaves out the fields equal to
// the row's own time and user, and a version of 1 (logDefaults;
// decodeImported fills them in). Entity id is 0: the row names many values.
// History by KPI lists it as one line; undo reverses all of it or nothing
// (undoImport). Rows written before this (one per value, JSON objects) are
// still read and undone as before.

// importLog collects the change-log row of one KPI's values in one import.
type importLog struct {
	k           model.KPI
	old, new    []byte // JSON arrays, closed by arrays
	n, changed  int
	first, last model.Week
	single      string // the one value's summary, for an import of one value
}

// importLogs are an import's logs by KPI, in the order the KPIs first appear.
// expect, when set, is how many values each KPI will have, so each array is
// made its full size once instead of grown by copying (a 100,000-value
// import writes 25 MB of JSON).
type importLogs struct {
	byKPI  map[int64]*importLog
	order  []*importLog
	expect map[int64]int
	times  timeMemo
	// defaults, when set, are the rows' time and user — the now write is
	// given and the store's user (newValueWriter sets both from one now) —
	// and the new values' fields equal to them are left out.
	defaults *logDefaults
}

// add records that saved replaced old (found) or is new.
func (ls *importLogs) add(s *Store, k model.KPI, saved, old model.Value, found bool) error {
	if ls.byKPI == nil {
		ls.byKPI = map[int64]*importLog{}
	}
	l := ls.byKPI[k.ID]
	if l == nil {
		l = &importLog{k: k}
		ls.byKPI[k.ID] = l
		ls.order = append(ls.order, l)
	}
	sep := byte(',')
	if l.n == 0 {
		sep = '['
	}
	start := len(l.new)
	nw, err := appendLoggedValue(append(l.new, sep), saved, &ls.times, ls.defaults)
	if err != nil {
		return err
	}
	if n := ls.expect[k.ID]; l.n == 0 && n > 1 {
		// the first value's size, a quarter more, for each of the rest
		nw = slices.Grow(nw, (n-1)*(len(nw)-start)*5/4)
	}
	l.new = nw
	if l.old = append(l.old, sep); found {
		if l.old, err = appendValueJSON(l.old, old, &ls.times); err != nil {
			return err
		}
		l.changed++
	} else {
		l.old = append(l.old, "null"...)
	}
	if l.n == 0 || saved.Week.Before(l.first) {
		l.first = saved.Week
	}
	if l.n == 0 || saved.Week.After(l.last) {
		l.last = saved.Week
	}
	if l.n++; l.n == 1 {
		var from *model.Value
		if found {
			from = &old
		}
		l.single = s.valueSummary(k, from, saved)
	}
	return nil
}

// arrays closes the JSON arrays and returns them: the old and new columns.
func (l *importLog) arrays() (old, nw string) {
	return string(append(l.old, ']')), string(append(l.new, ']'))
}

// write inserts each KPI's change-log row, at now.
func (ls *importLogs) write(ctx context.Context, s *Store, tx *sql.Tx, now time.Time) error {
	for _, l := range ls.order {
		summary := l.single
		if l.n > 1 {
			summary = fmt.Sprintf("%s imported %s values of %s for %s … %s (%d new, %d changed)",
				s.who(), countText(l.n), l.k.Key, l.first, l.last, l.n-l.changed, l.changed)
		}
		old, nw := l.arrays()
		_, err := tx.ExecContext(ctx, insertChangeSQL, timeText(now), s.opt.User, s.opt.Host, "value", 0, l.k.ID, "import",
			model.Sanitize(summary, false), old, nw)
		if err != nil {
			return err
		}
	}
	ls.byKPI, ls.order = nil, nil
	return nil
}

// countText writes n with thousands separated by commas: 12,500.
func countText(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// isImportLog reports whether c is an import's row of many values (JSON arrays).
func isImportLog(c model.Change) bool {
	return c.Entity == "value" && strings.HasPrefix(c.New, "[")
}

// importedValue is one new version in an import's change-log row: the fields
// a compact row leaves out (logDefaults) are pointers here, nil when absent.
// They shadow model.Value's own, as encoding/json prefers the shallower field.
type importedValue struct {
	model.Value
	EnteredBy *string    `json:"entered_by"`
	EnteredAt *time.Time `json:"entered_at"`
	Version   *int64     `json:"version"`
	CreatedAt *time.Time `json:"created_at"`
	UpdatedAt *time.Time `json:"updated_at"`
	UpdatedBy *string    `json:"updated_by"`
}

// decodeImported reads the new versions of import row c, each field it left
// out taken from the row (its time and user) or a new value's version, 1.
// A row written whole before the compact form reads the same.
func decodeImported(c model.Change) ([]model.Value, error) {
	var in []importedValue
	if err := json.Unmarshal([]byte(c.New), &in); err != nil {
		return nil, err
	}
	out := make([]model.Value, len(in))
	for i, iv := range in {
		v := iv.Value
		v.EnteredBy, v.UpdatedBy = orDefault(iv.EnteredBy, c.User), orDefault(iv.UpdatedBy, c.User)
		v.EnteredAt, v.CreatedAt, v.UpdatedAt = orDefault(iv.EnteredAt, c.At), orDefault(iv.CreatedAt, c.At), orDefault(iv.UpdatedAt, c.At)
		v.Version = orDefault(iv.Version, 1)
		out[i] = v
	}
	return out, nil
}

func orDefault[T any](p *T, d T) T {
	if p == nil {
		return d
	}
	return *p
}
