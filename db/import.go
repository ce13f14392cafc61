package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"kpi/model"
)

// ImportRow is one value of a file import, naming its KPI by key so that a KPI
// the same import creates can be named before it has an id.
type ImportRow struct {
	Key   string
	Value model.Value
}

// Import is everything one `kpi import` of a values file writes: KPIs to create
// first, the values, and week events. KeepNotes keeps the stored note of a
// value when the file has no note column, so a re-import does not wipe notes
// written in the app.
type Import struct {
	Create    []model.KPI
	Rows      []ImportRow
	Events    []model.Event
	KeepNotes bool
	// DryRun runs the whole import in its transaction and rolls it back, so the
	// counts are exactly those a real import would report.
	DryRun bool
}

// ImportResult counts what an import did (or, in a dry run, would do).
// Unchanged values and events the file already had are not written or logged.
type ImportResult struct {
	Created                 []string // keys of the KPIs created
	New, Changed, Unchanged int
	EventsAdded, EventsKept int
}

// errDryRun rolls a dry run's transaction back.
var errDryRun = errors.New("dry run")

// ImportBatch is the values import of a file: KPIs created, values written
// and events added in one transaction, all or nothing. A value equal to the
// stored one (number, status, override reason and note) is left alone and
// logs nothing, so importing the same file twice changes nothing the second time.
func (s *Store) ImportBatch(in Import) (ImportResult, error) {
	ctx := context.Background()
	create := make([]model.KPI, len(in.Create))
	for i, k := range in.Create {
		var err error
		if create[i], err = cleanKPI(k); err != nil {
			return ImportResult{}, err
		}
	}
	var res ImportResult
	err := s.bulkWriteOwnRefs(ctx, func(tx *sql.Tx) error {
		res = ImportResult{}
		defer s.bigCache(ctx, tx)()
		now := s.now()
		for _, k := range create {
			if _, err := s.importKPI(ctx, tx, k, now, "create"); err != nil {
				return err
			}
			res.Created = append(res.Created, k.Key)
		}
		if err := s.importRows(ctx, tx, in, now, &res); err != nil {
			return err
		}
		for _, e := range in.Events {
			c, err := cleanEvent(e)
			if err != nil {
				return err
			}
			_, added, err := s.addEvent(ctx, tx, c, now)
			if err != nil {
				return err
			}
			if added {
				res.EventsAdded++
			} else {
				res.EventsKept++
			}
		}
		if in.DryRun {
			return errDryRun
		}
		return nil
	})
	if errors.Is(err, errDryRun) {
		err = nil
	}
	return res, err
}

// valueSlot is one KPI's week.
type valueSlot struct {
	kpi  int64
	week model.Week
}

// importRows writes the values of in, addressed by key: the keys are resolved
// here and the values written by writeImported.
func (s *Store) importRows(ctx context.Context, tx *sql.Tx, in Import, now time.Time, res *ImportResult) error {
	kpis, err := readKPIs(ctx, tx, "")
	if err != nil {
		return err
	}
	byKey := make(map[string]int64, len(kpis))
	for _, k := range kpis {
		byKey[strings.ToLower(k.Key)] = k.ID
	}
	vals := make([]model.Value, len(in.Rows))
	for i, r := range in.Rows {
		id, ok := byKey[strings.ToLower(r.Key)]
		if !ok {
			return fmt.Errorf("value %d of %d: no KPI %q: %w; nothing was imported", i+1, len(in.Rows), r.Key, ErrNotFound)
		}
		vals[i] = r.Value
		vals[i].KPIID = id
	}
	return s.writeImported(ctx, tx, kpis, vals, in.KeepNotes, now, res)
}

// writeImported writes imported values addressed by KPI id: each checked
// against its KPI like PutValue, two for one KPI and week refused, then each
// compared with the stored value and inserted, updated or left alone (counted
// in res). The first problem refuses the whole import. The values are
// cleaned in place: vals is the caller's to give (a copy of 100,000 values
// is 22 MB).
func (s *Store) writeImported(ctx context.Context, tx *sql.Tx, kpis []model.KPI, vals []model.Value, keepNotes bool, now time.Time, res *ImportResult) error {
	byID := make(map[int64]model.KPI, len(kpis))
	for _, k := range kpis {
		byID[k.ID] = k
	}
	clean := vals
	seen := make(map[valueSlot]int, len(vals))
	perKPI := make(map[int64]int, len(kpis))
	for i, v := range vals {
		k, ok := byID[v.KPIID]
		if !ok {
			return fmt.Errorf("value %d of %d: kpi %d: %w; nothing was imported", i+1, len(vals), v.KPIID, ErrNotFound)
		}
		var err error
		if clean[i], err = s.cleanValue(k, v, now); err != nil {
			return fmt.Errorf("value %d of %d: %w; nothing was imported", i+1, len(vals), err)
		}
		at := valueSlot{k.ID, v.Week}
		if j, dup := seen[at]; dup {
			return fmt.Errorf("values %d and %d are both for %s %s; nothing was imported", j+1, i+1, k.Key, v.Week)
		}
		seen[at] = i
		perKPI[k.ID]++
	}
	existing, err := storedValues(ctx, tx, clean)
	if err != nil {
		return err
	}
	w, err := s.newValueWriter(ctx, tx, now)
	if err != nil {
		return err
	}
	defer w.close()
	w.logs.expect = perKPI
	for _, v := range clean {
		old, found := existing[valueSlot{v.KPIID, v.Week}]
		if found && keepNotes {
			v.Note = old.Note
		}
		switch {
		case found && sameValue(old, v):
			res.Unchanged++
			continue
		case found:
			res.Changed++
		default:
			res.New++
		}
		if err := w.write(byID[v.KPIID], v, old, found); err != nil {
			return err
		}
	}
	return w.close()
}

// sameValue reports whether an import row says what is stored already.
func sameValue(old, v model.Value) bool {
	return old.HasNumber == v.HasNumber && (!v.HasNumber || old.Number == v.Number) && old.Status == v.Status &&
		old.OverrideReason == v.OverrideReason && old.Note == v.Note
}

// storedValues reads the stored values of the KPIs and weeks vals cover: per
// KPI, one range read from its first to its last week.
func storedValues(ctx context.Context, tx *sql.Tx, vals []model.Value) (map[valueSlot]model.Value, error) {
	span := map[int64][2]model.Week{}
	for _, v := range vals {
		sp, ok := span[v.KPIID]
		if !ok || v.Week.Before(sp[0]) {
			sp[0] = v.Week
		}
		if !ok || v.Week.After(sp[1]) {
			sp[1] = v.Week
		}
		span[v.KPIID] = sp
	}
	existing := map[valueSlot]model.Value{}
	for id, sp := range span {
		old, err := readValues(ctx, tx, "kpi_id = ? AND week BETWEEN ? AND ?", id, sp[0].String(), sp[1].String())
		if err != nil {
			return nil, err
		}
		for _, o := range old {
			existing[valueSlot{o.KPIID, o.Week}] = o
		}
	}
	return existing, nil
}

// valueWriter writes imported values: new ones in multi-row batches with the
// CHECK constraints off (skipChecks says why that is safe), then, with them
// on again, changed ones with a prepared UPDATE, and one change-log row per
// KPI (importLogs).
type valueWriter struct {
	s   *Store
	ctx context.Context
	tx  *sql.Tx
	now time.Time
	// now as stored and the user, each formatted and boxed for the INSERTs
	// once, not for every row (an import's rows are entered now, mostly)
	nowArg, userArg any
	nextID          int64
	// givenIDs says the INSERTs name each row's id (on a server); on a file
	// SQLite numbers them as nextID counts, and the batcher checks it did.
	givenIDs bool
	ins      *batcher
	checks   func() error // turns the CHECKs back on; nil once it has
	updates  []update
	logs     importLogs
}

// update is a changed value waiting for its UPDATE.
type update struct {
	v  model.Value
	id int64
}

func (s *Store) newValueWriter(ctx context.Context, tx *sql.Tx, now time.Time) (*valueWriter, error) {
	w := &valueWriter{s: s, ctx: ctx, tx: tx, now: now, nowArg: timeText(now), userArg: s.opt.User}
	var last int64
	if err := tx.QueryRowContext(ctx, "SELECT coalesce(max(id), 0) FROM kpi_values").Scan(&last); err != nil {
		return nil, err
	}
	if last == math.MaxInt64 {
		return nil, fmt.Errorf("the file's value ids have run out: another tool wrote a value with id %d, the largest SQLite allows (run `kpi doctor`); nothing was imported", last)
	}
	w.nextID = last + 1
	w.logs.defaults = &logDefaults{at: now, user: s.opt.User}
	w.checks = s.skipChecks(ctx, tx)
	cols := []string{"kpi_id", "week", "number", "status", "override_reason", "note",
		"entered_by", "entered_at", "version", "created_at", "updated_at", "updated_by"}
	w.givenIDs = s.IsServer()
	if w.givenIDs {
		cols = append([]string{"id"}, cols...)
	}
	var err error
	if w.ins, err = s.newBatcher(ctx, tx, "kpi_values", cols...); err != nil {
		return nil, errors.Join(err, w.checksOn())
	}
	if !w.givenIDs {
		w.ins.inserted = w.numbered(w.nextID - 1)
	}
	return w, nil
}

// numbered checks each batch's rows got the ids write gave them in the change
// log. On a file SQLite numbers them, as the largest id so far plus one (the
// table has no AUTOINCREMENT; nobody else can insert while this holds the
// lock): naming the id in the INSERT made SQLite check it was an integer,
// and for that keep a statement journal of every page the INSERT touched, a
// third of a 100,000-value import. Only a file whose largest id is the
// largest SQLite allows is numbered otherwise; its import is refused.
func (w *valueWriter) numbered(last int64) func(lastID int64, rows int) error {
	return func(lastID int64, rows int) error {
		if last += int64(rows); lastID != last {
			return fmt.Errorf("SQLite numbered an imported value %d, not %d: the file's value ids have run out of order (run `kpi doctor`); nothing was imported", lastID, last)
		}
		return nil
	}
}

// write saves v (replacing old when found) and adds it to its KPI's
// change-log row. A new value is queued for the INSERTs; a changed one waits
// for close, which updates it once the CHECKs are on again.
func (w *valueWriter) write(k model.KPI, v, old model.Value, found bool) error {
	s, now := w.s, w.now
	saved := v
	if found {
		w.updates = append(w.updates, update{v, old.ID})
		saved.ID, saved.Stamp = old.ID, model.Stamp{Version: old.Version + 1, CreatedAt: old.CreatedAt, UpdatedAt: now, UpdatedBy: s.opt.User}
	} else {
		// The change log names each id without a read back: given here on a
		// server, the next SQLite takes on a file (numbered checks it).
		saved.ID, w.nextID = w.nextID, w.nextID+1
		saved.Stamp = model.Stamp{Version: 1, CreatedAt: now, UpdatedAt: now, UpdatedBy: s.opt.User}
		entered := w.nowArg
		if !v.EnteredAt.Equal(now) { // timeText writes the instant, in UTC
			entered = timeText(v.EnteredAt)
		}
		row := []any{v.KPIID, v.Week.String(), numberArg(v), string(v.Status), v.OverrideReason,
			v.Note, v.EnteredBy, entered, 1, w.nowArg, w.nowArg, w.userArg}
		if w.givenIDs {
			row = append([]any{saved.ID}, row...)
		}
		if err := w.ins.add(row...); err != nil {
			return err
		}
	}
	return w.logs.add(s, k, saved, old, found)
}

// checksOn turns the CHECK constraints back on, once.
func (w *valueWriter) checksOn() error {
	if w.checks == nil {
		return nil
	}
	err := w.checks()
	w.checks = nil
	return err
}

// close writes what is queued — the last INSERTs, then with the CHECKs on the
// UPDATEs and the change log — and releases the statements. It may be called
// again, and it is deferred, so the CHECKs are on again whatever failed.
func (w *valueWriter) close() error {
	if w.ins == nil {
		return w.checksOn()
	}
	err := w.ins.close()
	w.ins = nil
	if err = errors.Join(err, w.checksOn()); err != nil {
		return err
	}
	if err := w.update(); err != nil {
		return err
	}
	return w.logs.write(w.ctx, w.s, w.tx, w.now)
}

// update writes the changed values.
func (w *valueWriter) update() error {
	if len(w.updates) == 0 {
		return nil
	}
	upd, err := w.tx.PrepareContext(w.ctx, updateValueSQL)
	if err != nil {
		return err
	}
	defer upd.Close()
	for _, u := range w.updates {
		if _, err := upd.ExecContext(w.ctx, w.s.updateValueArgs(u.v, u.id, w.now)...); err != nil {
			return err
		}
	}
	w.updates = nil
	return nil
}
