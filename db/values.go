package db

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"kpi/model"
)

const valueCols = "id, kpi_id, week, number, status, override_reason, note, entered_by, entered_at, " + stampCols

// windowCols are the columns of a value that views, lists and reports use when
// they read a window of weeks for every KPI: all but the times (entered, created,
// updated) and the override reason, which nothing reading windows shows. On the
// large demo the three timestamps were a third of the time of the read.
const windowCols = "id, kpi_id, week, number, status, note, entered_by, version, updated_by"

// valueRow is a value as decoded from its row, with what reading many of them
// needs to know about the row: whether its week was written canonically and
// whether it can be placed at all (a KPI and a week).
type valueRow struct {
	v         model.Value
	canonical bool
	placed    bool
}

// decodeValueHead reads the columns both value reads start with: id, kpi_id,
// week, number, status.
func decodeValueHead(r *row) valueRow {
	var vr valueRow
	v := &vr.v
	v.ID = r.id()
	kpiID, okKPI := r.integer()
	v.KPIID = kpiID
	v.Week, vr.canonical = r.week()
	v.Number, v.HasNumber = r.number()
	v.Status = model.Status(r.text())
	switch v.Status {
	case model.NoneGiven, model.OnTrack, model.AtRisk, model.OffTrack:
	default:
		r.flag("status", "%s is not a status (on_track, at_risk, off_track)", shown(string(v.Status)))
		v.Status = model.NoneGiven
	}
	vr.placed = okKPI && kpiID != 0 && !v.Week.IsZero()
	return vr
}

// finishValue sets Bad from the cells that make a value unusable.
func finishValue(r *row, vr valueRow) valueRow {
	if vr.v.Bad = r.badOf("number", "status"); vr.v.Bad != "" {
		vr.v.Number, vr.v.HasNumber = 0, false
	}
	return vr
}

func decodeWindowValue(r *row) valueRow {
	vr := decodeValueHead(r)
	v := &vr.v
	v.Note, v.EnteredBy = r.note(), r.text()
	v.Version = r.count(0, math.MaxInt64, 0)
	v.UpdatedBy = r.text()
	return finishValue(r, vr)
}

func decodeValue(r *row) valueRow {
	vr := decodeValueHead(r)
	v := &vr.v
	v.OverrideReason, v.Note, v.EnteredBy, v.EnteredAt = r.text(), r.note(), r.text(), r.time()
	v.Stamp = r.stamp()
	return finishValue(r, vr)
}

// placedValues are the values that can be shown: those with a KPI and a week,
// one per KPI and week. Two rows can read as the same week when another tool
// wrote one of them another way ("2026-w49", "2026-W49 "); the one written
// canonically wins (else the older row), so the views, sums and exports see one
// value per week. The others stay in the file for `kpi doctor` to name and
// `kpi doctor --repair` to move to quarantine.
func placedValues(rows []valueRow) []model.Value {
	p := placer[model.Value]{out: make([]model.Value, 0, len(rows)), key: func(v model.Value) slot { return slot{v.KPIID, v.Week} }}
	for _, vr := range rows {
		p.add(vr, vr.v)
	}
	return p.out
}

// slot is where a value is shown: its KPI and week.
type slot struct {
	kpi  int64
	week model.Week
}

// placer applies placedValues' rule row by row, so a large read can keep each
// row in the form it is kept in (keptValue) without collecting every row first.
type placer[T any] struct {
	out []T
	at  map[slot]int // built only when some week was not canonical
	key func(T) slot
}

// add places t, the form kept of the row vr.
func (p *placer[T]) add(vr valueRow, t T) {
	if !vr.placed {
		return
	}
	if !vr.canonical && p.at == nil {
		p.at = make(map[slot]int, len(p.out))
		for i, o := range p.out {
			p.at[p.key(o)] = i
		}
	}
	if p.at != nil {
		k := slot{vr.v.KPIID, vr.v.Week}
		if i, dup := p.at[k]; dup {
			if vr.canonical {
				p.out[i] = t
			}
			return
		}
		p.at[k] = len(p.out)
	}
	p.out = append(p.out, t)
}

// readValues reads values matching where, by KPI and week (placedValues).
func readValues(ctx context.Context, tx *sql.Tx, where string, args ...any) ([]model.Value, error) {
	q := "SELECT " + valueCols + " FROM kpi_values"
	if where != "" {
		q += " WHERE " + where
	}
	rows, err := queryAll(ctx, tx, decodeValue, q+" ORDER BY kpi_id, week", args...)
	return placedValues(rows), err
}

// readValue reads the value of one KPI in one week inside tx.
func readValue(ctx context.Context, tx *sql.Tx, kpiID int64, w model.Week) (model.Value, bool, error) {
	// the week as another tool may have written it too (see placedValues)
	vs, err := readValues(ctx, tx, "kpi_id = ? AND (week = ? OR upper(trim(week)) = ?)", kpiID, w.String(), w.String())
	if err != nil || len(vs) == 0 {
		return model.Value{}, false, err
	}
	return vs[0], true, nil
}

// weekRange is the SQL condition for weeks in [from, to]; a zero bound is open.
func weekRange(from, to model.Week) (string, []any) {
	var where []string
	var args []any
	if !from.IsZero() {
		where = append(where, "week >= ?")
		args = append(args, from.String())
	}
	if !to.IsZero() {
		where = append(where, "week <= ?")
		args = append(args, to.String())
	}
	return strings.Join(where, " AND "), args
}

// Values returns the values of every KPI for the weeks from..to inclusive (a zero
// week leaves that end open), ordered by KPI and week: what the scorecard and the
// charts load in one go. The values are read without their times and override
// reason (windowCols); Value and ValuesOf read whole rows.
//
// The rows come in the order the week index finds them and are sorted here: on
// a large file SQLite's sort of tens of thousands of rows in a temporary b-tree
// took as long as reading them, and Go sorts them in a few milliseconds.
//
// After KeepWeeks, the weeks come from the cache while the file is unchanged.
func (s *Store) Values(from, to model.Week) ([]model.Value, error) {
	return s.ValuesContext(context.Background(), from, to)
}

// ValuesContext is Values, given up when ctx is cancelled.
func (s *Store) ValuesContext(ctx context.Context, from, to model.Week) ([]model.Value, error) {
	if out, ok, err := s.cachedValues(ctx, from, to); ok {
		return out, err
	}
	var kept []keptValue
	err := s.read(ctx, func(tx *sql.Tx) (err error) {
		kept, err = readWindow(ctx, tx, from, to, 0)
		return err
	})
	out := make([]model.Value, len(kept))
	for i, k := range kept {
		out[i] = k.value()
	}
	slices.SortFunc(out, model.CompareByKPIAndWeek)
	return out, err
}

// readWindow reads every KPI's values for the weeks from..to (windowCols), in
// the order the week index finds them, each kept as it is decoded: on the large
// demo, collecting the decoded rows first and copying them twice was most of
// what a snapshot allocated. rows, when known, is about how many rows the
// window holds: room for them is made once, where growing the list as it
// fills copied it over and over (a twelfth of a large snapshot).
func readWindow(ctx context.Context, tx *sql.Tx, from, to model.Week, rows int) ([]keptValue, error) {
	where, args := weekRange(from, to)
	q := "SELECT " + windowCols + " FROM kpi_values"
	if where != "" {
		q += " WHERE " + where
	}
	p := placer[keptValue]{out: make([]keptValue, 0, min(max(rows, 0), maxWindowHint)), key: func(k keptValue) slot { return slot{k.kpiID, k.week} }}
	err := queryRows(ctx, tx, func(r *row) error {
		vr := decodeWindowValue(r)
		p.add(vr, keep(vr.v))
		return nil
	}, q, args...)
	return p.out, err
}

// maxWindowHint bounds the room readWindow makes up front: the KPI count
// comes from the file, which any tool can write.
const maxWindowHint = 1 << 20

// latestWeeksRead is how many of the newest week texts LatestValueWeek reads:
// enough that a few rows written some other way than Week.String (" 2026-W44",
// "zzz"), which sort apart from the rest, cannot hide the newest good week.
const latestWeeksRead = 16

// latestWeeksSQL is the newest distinct week texts up to ?, at most ?: each
// the largest below the one before, one seek of the week index apiece. (A
// DISTINCT over the index read every value of those weeks: 16,000 on the
// large demo, a few milliseconds before the app's first frame.)
const latestWeeksSQL = `WITH RECURSIVE newest(week, n) AS (
	SELECT (SELECT max(week) FROM kpi_values WHERE week <= ?), 1
	UNION ALL
	SELECT (SELECT max(v.week) FROM kpi_values v WHERE v.week < newest.week), n + 1 FROM newest
	WHERE newest.week IS NOT NULL AND n < ?
) SELECT week FROM newest WHERE week IS NOT NULL`

// LatestValueWeek is the newest week up to `to` that holds a value of any KPI;
// ok is false when none does. It reads the newest distinct week texts through
// the week index, and the newest that is a week wins.
func (s *Store) LatestValueWeek(ctx context.Context, to model.Week) (model.Week, bool, error) {
	var latest model.Week
	err := s.read(ctx, func(tx *sql.Tx) error {
		weeks, err := queryAll(ctx, tx, func(r *row) model.Week { return r.anyWeek() }, latestWeeksSQL, to.String(), latestWeeksRead)
		for _, w := range weeks {
			if !w.IsZero() && !w.After(to) && w.After(latest) {
				latest = w
			}
		}
		return err
	})
	return latest, !latest.IsZero(), err
}

// WeekValues are every KPI's values of week w, whole (with when and by whom
// each was last changed), in one read: what a concluded review's report
// checks for changes since it concluded.
func (s *Store) WeekValues(w model.Week) ([]model.Value, error) {
	var out []model.Value
	err := s.read(context.Background(), func(tx *sql.Tx) (err error) {
		out, err = readValues(context.Background(), tx, "week = ?", w.String())
		return err
	})
	return out, err
}

// ValuesOf returns one KPI's values for the weeks from..to inclusive, by week.
func (s *Store) ValuesOf(kpiID int64, from, to model.Week) ([]model.Value, error) {
	return s.ValuesOfContext(context.Background(), kpiID, from, to)
}

// ValuesOfContext is ValuesOf, given up when ctx is cancelled.
func (s *Store) ValuesOfContext(ctx context.Context, kpiID int64, from, to model.Week) ([]model.Value, error) {
	where, args := weekRange(from, to)
	if where != "" {
		where = " AND " + where
	}
	var out []model.Value
	err := s.read(ctx, func(tx *sql.Tx) (err error) {
		out, err = readValues(ctx, tx, "kpi_id = ?"+where, append([]any{kpiID}, args...)...)
		return err
	})
	return out, err
}

// Value returns the value of one KPI in one week; ok is false when there is none.
func (s *Store) Value(kpiID int64, w model.Week) (v model.Value, ok bool, err error) {
	err = s.read(context.Background(), func(tx *sql.Tx) (err error) {
		v, ok, err = readValue(context.Background(), tx, kpiID, w)
		return err
	})
	return v, ok, err
}

// cleanValue strips terminal controls from v's text, fills who entered it and
// when, and validates it against its KPI (model.ValidateValue).
func (s *Store) cleanValue(k model.KPI, v model.Value, now time.Time) (model.Value, error) {
	v.Note = strings.TrimSpace(model.Sanitize(v.Note, true))
	v.OverrideReason = strings.TrimSpace(model.Sanitize(v.OverrideReason, false))
	v.EnteredBy = strings.TrimSpace(model.Sanitize(v.EnteredBy, false))
	if v.EnteredBy == "" {
		v.EnteredBy = s.opt.User
	}
	if v.EnteredAt.IsZero() {
		v.EnteredAt = now
	}
	if !v.HasNumber {
		v.Number = 0
	}
	if err := checkFinite("the value", v.Number); err != nil {
		return v, fmt.Errorf("%s %s: %w", k.Key, v.Week, err)
	}
	if err := model.ValidateValue(k, v); err != nil {
		return v, fmt.Errorf("%s %s: %w", k.Key, v.Week, err)
	}
	return v, nil
}

// numberArg is the number column of v: NULL for a qualitative entry.
func numberArg(v model.Value) any {
	if !v.HasNumber {
		return nil
	}
	return v.Number
}

// showValue writes a value for a change-log summary as people read it: the
// number in the KPI's unit, or the status of a qualitative entry, with an
// override in brackets.
func showValue(k model.KPI, v model.Value) string {
	switch {
	case v.Bad != "":
		return "bad value"
	case v.HasNumber && v.Status != "":
		return model.FormatValue(v.Number, k.Unit, k.Decimals) + " (" + v.Status.Label() + ")"
	case v.HasNumber:
		return model.FormatValue(v.Number, k.Unit, k.Decimals)
	default:
		return v.Status.Label()
	}
}

// valueSummary is "ana set mrr for 2026-W47: $12,000 → $12,500".
func (s *Store) valueSummary(k model.KPI, old *model.Value, nw model.Value) string {
	from := ""
	if old != nil {
		from = showValue(k, *old) + " → "
	}
	return fmt.Sprintf("%s set %s for %s: %s%s", s.who(), k.Key, nw.Week, from, showValue(k, nw))
}

const (
	insertValueSQL = `INSERT INTO kpi_values (kpi_id, week, number, status, override_reason, note, entered_by, entered_at,
		version, created_at, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?)`
	updateValueSQL = `UPDATE kpi_values SET number = ?, status = ?, override_reason = ?, note = ?, entered_by = ?, entered_at = ?,
		version = version + 1, updated_at = ?, updated_by = ? WHERE id = ?`
)

// insertValueArgs and updateValueArgs are the arguments of the statements above.
func (s *Store) insertValueArgs(v model.Value, now time.Time) []any {
	return []any{v.KPIID, v.Week.String(), numberArg(v), string(v.Status), v.OverrideReason, v.Note, v.EnteredBy, timeText(v.EnteredAt),
		timeText(now), timeText(now), s.opt.User}
}

func (s *Store) updateValueArgs(v model.Value, id int64, now time.Time) []any {
	return []any{numberArg(v), string(v.Status), v.OverrideReason, v.Note, v.EnteredBy, timeText(v.EnteredAt),
		timeText(now), s.opt.User, id}
}

// prepareValue is the start of every value write, inside its transaction: the
// KPI it belongs to, the value cleaned and checked against it, and the week's
// current row if there is one.
func (s *Store) prepareValue(ctx context.Context, tx *sql.Tx, v model.Value, now time.Time) (k model.KPI, clean, old model.Value, found bool, err error) {
	if k, err = readKPI(ctx, tx, v.KPIID); err != nil {
		return
	}
	if clean, err = s.cleanValue(k, v, now); err != nil {
		return
	}
	old, found, err = readValue(ctx, tx, clean.KPIID, clean.Week)
	return
}

// PutValue records an explicit new entry for v.KPIID in v.Week (`kpi set`): it
// inserts, or replaces the week's existing value (its version goes up by one).
// The change log keeps the old and the new entry, so nothing is lost.
func (s *Store) PutValue(v model.Value) (model.Value, error) {
	ctx := context.Background()
	var saved model.Value
	err := s.write(ctx, func(tx *sql.Tx) error {
		now := s.now()
		k, v, old, found, err := s.prepareValue(ctx, tx, v, now)
		if err != nil {
			return err
		}
		var logOld any
		var prev *model.Value
		if found {
			_, err = tx.ExecContext(ctx, updateValueSQL, s.updateValueArgs(v, old.ID, now)...)
			logOld, prev = old, &old
		} else {
			_, err = tx.ExecContext(ctx, insertValueSQL, s.insertValueArgs(v, now)...)
		}
		if err != nil {
			return err
		}
		if saved, _, err = readValue(ctx, tx, v.KPIID, v.Week); err != nil {
			return err
		}
		action := "create"
		if found {
			action = "update"
		}
		return s.logChange(ctx, tx, change{Entity: "value", EntityID: saved.ID, KPIID: k.ID, Action: action,
			Summary: s.valueSummary(k, prev, saved), Old: logOld, New: saved})
	})
	return saved, err
}

// SaveValue is the version-checked edit of the entry form. v.Version 0 means a new
// entry: if the week has a value already (someone entered it meanwhile), the
// result is a *ConflictError with theirs. Otherwise the week's value is updated
// only if it is still at v.Version. The row is found by (KPIID, Week).
func (s *Store) SaveValue(v model.Value) (model.Value, error) {
	return s.saveValue(context.Background(), v)
}

// saveValue is SaveValue in ctx, which Undo marks so the change log says undo.
func (s *Store) saveValue(ctx context.Context, v model.Value) (model.Value, error) {
	var saved model.Value
	err := s.write(ctx, func(tx *sql.Tx) error {
		now := s.now()
		k, v, old, found, err := s.prepareValue(ctx, tx, v, now)
		if err != nil {
			return err
		}
		switch {
		case v.Version == 0 && found:
			return &ConflictError{Entity: "value", ID: old.ID, Theirs: old, By: old.UpdatedBy, At: old.UpdatedAt}
		case v.Version != 0 && !found:
			return &ConflictError{Entity: "value", ID: v.ID}
		case v.Version == 0:
			_, err = tx.ExecContext(ctx, insertValueSQL, s.insertValueArgs(v, now)...)
		default:
			var res sql.Result
			res, err = tx.ExecContext(ctx, updateValueSQL+" AND version = ?", append(s.updateValueArgs(v, old.ID, now), v.Version)...)
			if err == nil {
				if n, _ := res.RowsAffected(); n == 0 {
					return &ConflictError{Entity: "value", ID: old.ID, Theirs: old, By: old.UpdatedBy, At: old.UpdatedAt}
				}
			}
		}
		if err != nil {
			return err
		}
		if saved, _, err = readValue(ctx, tx, v.KPIID, v.Week); err != nil {
			return err
		}
		c := change{Entity: "value", EntityID: saved.ID, KPIID: k.ID, Action: "create", Summary: s.valueSummary(k, nil, saved), New: saved}
		if found {
			c.Action, c.Old, c.Summary = "update", old, s.valueSummary(k, &old, saved)
		}
		return s.logChange(ctx, tx, c)
	})
	return saved, err
}

// DeleteValue removes a value if it is still at version (otherwise a
// *ConflictError with theirs); the change log keeps what it was, for undo.
func (s *Store) DeleteValue(id, version int64) error {
	return s.deleteValue(context.Background(), id, version)
}

// deleteValue is DeleteValue in ctx, which Undo marks so the change log says undo.
func (s *Store) deleteValue(ctx context.Context, id, version int64) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		vs, err := readValues(ctx, tx, "id = ?", id)
		if err != nil {
			return err
		}
		if len(vs) == 0 {
			return fmt.Errorf("value %d: %w", id, ErrNotFound)
		}
		old := vs[0]
		res, err := tx.ExecContext(ctx, "DELETE FROM kpi_values WHERE id = ? AND version = ?", id, version)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return &ConflictError{Entity: "value", ID: id, Theirs: old, By: old.UpdatedBy, At: old.UpdatedAt}
		}
		k, err := readKPI(ctx, tx, old.KPIID)
		if err != nil {
			return err
		}
		return s.logChange(ctx, tx, change{Entity: "value", EntityID: id, KPIID: old.KPIID, Action: "delete",
			Summary: fmt.Sprintf("%s deleted %s for %s (was %s)", s.who(), k.Key, old.Week, showValue(k, old)), Old: old})
	})
}

// ImportValues records many values at once, addressed by KPI id: all of them
// or none, through the same path as ImportBatch (each value checked like
// PutValue, one refused as ambiguous when two are for the same KPI and week, a
// value equal to the stored one left alone, every other one logged with action
// "import"). It returns how many values it was given, all of which are now
// stored.
func (s *Store) ImportValues(vals []model.Value) (int, error) {
	ctx := context.Background()
	err := s.bulkWriteOwnRefs(ctx, func(tx *sql.Tx) error {
		defer s.bigCache(ctx, tx)()
		kpis, err := readKPIs(ctx, tx, "")
		if err != nil {
			return err
		}
		var res ImportResult
		return s.writeImported(ctx, tx, kpis, slices.Clone(vals), false, s.now(), &res)
	})
	if err != nil {
		return 0, err
	}
	return len(vals), nil
}
