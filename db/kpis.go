package db

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"kpi/model"
)

const kpiCols = `id, key, name, description, owner, objective_id, unit, decimals, direction,
	tolerance_amount, tolerance_absolute, tier, omtm, indicator, kind, cadence, aggregate,
	formula, archived, definition_reviewed, ` + stampCols

// kpiOrder puts the One Metric That Matters first, then key KPIs, then health
// metrics, each by key: the scorecard's order.
const kpiOrder = ` ORDER BY omtm DESC, CASE tier WHEN 'key' THEN 0 ELSE 1 END, lower(key), key`

// decodeKPI reads kpiCols (see row: every cell checked and cleaned). A field
// the file holds in a form kpi cannot use is replaced by a safe default and
// named in Bad, so the KPI still shows.
func decodeKPI(r *row) model.KPI {
	var k model.KPI
	k.ID = r.id()
	k.Key = decodeKey(r, k.ID)
	k.Name, k.Description, k.Owner, k.ObjectiveID, k.Unit = r.text(), r.note(), r.text(), r.id(), r.text()
	k.Decimals = int(r.count(0, 6, fallbackDecimals))
	k.Direction = enumCell(r, "direction", model.Up, model.Down, model.Range, model.None)
	k.Tolerance = decodeTolerance(r)
	k.Tier = enumCell(r, "tier", model.TierHealth, model.TierKey)
	k.OMTM = r.flag01()
	k.Indicator = enumCell(r, "indicator", "", model.Leading, model.Lagging)
	k.Kind = enumCell(r, "kind", model.Quantitative, model.Qualitative)
	k.Cadence = enumCell(r, "cadence", model.Weekly, model.Monthly)
	k.Aggregate = enumCell(r, "aggregate", model.AggLast, model.AggSum, model.AggAvg)
	k.Formula, k.Archived, k.DefinitionReviewed = r.text(), r.flag01(), r.time()
	k.Stamp = r.stamp()
	k.Bad = r.allBad()
	return k
}

// fallbackDecimals stands in for a KPI's decimals when the file's cannot be
// used: two places hide little (0.34 % stays 0.34 %, not 0 %).
const fallbackDecimals = 2

// BadKeyPrefix starts the key the store gives a KPI whose key in the file is
// not a valid one (it held control characters, or is no slug): "bad_key_12"
// for KPI 12, so it can still be named on the command line and shown.
const BadKeyPrefix = "bad_key_"

// decodeKey reads the key column: a key is used only as it is written, a valid
// slug with nothing to clean, so a cleaned key can never pass for another KPI's.
func decodeKey(r *row, id int64) string {
	v, col := r.next()
	raw := rawText(v)
	if s, ok := v.(string); ok && model.ValidKey(s) == nil {
		return s
	}
	r.flag(col, "%s is not a valid key (a-z, 0-9 and _)", shown(raw))
	return fmt.Sprintf("%s%d", BadKeyPrefix, id)
}

// enumCell reads one of allowed (the first is the stand-in for a bad cell).
func enumCell[T ~string](r *row, column string, allowed ...T) T {
	s := r.text()
	for _, a := range allowed {
		if string(a) == s {
			return a
		}
	}
	r.flag(column, "%s is not one of the allowed words", shown(s))
	return allowed[0]
}

// decodeTolerance reads tolerance_amount and tolerance_absolute; an amount that
// is not a number ≥ 0 (and at most 100 for a percentage) is the default band.
func decodeTolerance(r *row) model.Tolerance {
	at := r.at
	amount, has := r.number()
	t := model.Tolerance{Amount: amount, Absolute: r.flag01()}
	switch {
	case !has && r.raw[at] == nil:
		r.flag(r.cols[at], "NULL is not a tolerance")
	case !has:
	case amount < 0 || (!t.Absolute && amount > 100):
		r.flag(r.cols[at], "%s is not a tolerance (0 to 100 %%, or an amount ≥ 0)", shown(r.raw[at]))
	default:
		return t
	}
	return model.Tolerance{Amount: model.DefaultTolerance.Amount, Absolute: t.Absolute}
}

// targetRow is one point of a target path as decoded, with its KPI and what
// was wrong with it ("" when nothing).
type targetRow struct {
	kpiID     int64
	p         model.TargetPoint
	canonical bool
	bad       string
}

func decodeTarget(r *row) targetRow {
	var t targetRow
	t.kpiID = r.id()
	t.p.Week, t.canonical = r.week()
	var ok bool
	if t.p.Value, ok = r.number(); !ok && len(r.bad) == 0 {
		r.flag("value", "NULL is not a target")
	}
	t.p.High, _ = r.number()
	if t.p.Week.IsZero() && len(r.bad) == 0 {
		r.flag("week", "'' is not a week")
	}
	t.bad = r.allBad()
	return t
}

// attachTargets adds each usable target point to its KPI (out, by id in index).
// A bad point is left out and named in the KPI's Bad; of two points that read
// as the same week, the canonically written one is kept (see placedValues).
func attachTargets(out []model.KPI, index map[int64]int, targets []targetRow) {
	for _, t := range targets {
		i, ok := index[t.kpiID]
		if !ok {
			continue
		}
		k := &out[i]
		if t.bad != "" {
			k.Bad = joinBad(k.Bad, "target "+t.bad)
			continue
		}
		dup := slices.IndexFunc(k.Targets, func(p model.TargetPoint) bool { return p.Week == t.p.Week })
		switch {
		case dup < 0:
			k.Targets = append(k.Targets, t.p)
		case t.canonical:
			k.Targets[dup] = t.p
		}
	}
	for i := range out {
		out[i].Targets = out[i].Targets.Sorted()
		if len(out[i].Targets) == 0 {
			out[i].Targets = nil
		}
	}
}

// joinBad adds a reason to a Bad field.
func joinBad(have, more string) string {
	if have == "" {
		return more
	}
	return have + "; " + more
}

// readKPIs reads KPIs (all, or those matching where) with their target paths.
func readKPIs(ctx context.Context, tx *sql.Tx, where string, args ...any) ([]model.KPI, error) {
	q := "SELECT " + kpiCols + " FROM kpis"
	if where != "" {
		q += " WHERE " + where
	}
	out, err := queryAll(ctx, tx, decodeKPI, q+kpiOrder, args...)
	if err != nil || len(out) == 0 {
		return out, err
	}
	index := make(map[int64]int, len(out))
	for i, k := range out {
		index[k.ID] = i
	}
	tq := "SELECT kpi_id, week, value, high FROM kpi_targets ORDER BY kpi_id, week"
	var targs []any
	if len(out) == 1 {
		tq = "SELECT kpi_id, week, value, high FROM kpi_targets WHERE kpi_id = ? ORDER BY week"
		targs = []any{out[0].ID}
	}
	targets, err := queryAll(ctx, tx, decodeTarget, tq, targs...)
	if err != nil {
		return nil, err
	}
	attachTargets(out, index, targets)
	if err := attachFirstValues(ctx, tx, out, index); err != nil {
		return nil, err
	}
	if where == "" { // every KPI: a derived one's inputs are among them
		model.FillDerivedFirstValues(out)
	}
	return out, attachTags(ctx, tx, out, index)
}

// firstValueSQL is each KPI's earliest week with a value (model.KPI.FirstValue):
// one seek per KPI down the (kpi_id, week) index, so it costs about as much on
// the large demo (1,000 KPIs, 520,000 values) as on a small file. Only weeks
// written like 2026-W47 count; a row with any other week text is left to the
// value reads, which name it.
const firstValueSQL = `SELECT k.id, (SELECT v.week FROM kpi_values v WHERE v.kpi_id = k.id
	AND v.week GLOB '[0-9][0-9][0-9][0-9]-W[0-9][0-9]' ORDER BY v.week LIMIT 1) FROM kpis k`

// attachFirstValues fills in each KPI's FirstValue, which decides the first
// week it is due (model.KPI.FirstWeek). A week that does not parse is left
// zero: the KPI is then due from its creation week, as before any value.
func attachFirstValues(ctx context.Context, tx *sql.Tx, out []model.KPI, index map[int64]int) error {
	q, args := firstValueSQL, []any(nil)
	if len(out) == 1 {
		q, args = firstValueSQL+" WHERE k.id = ?", []any{out[0].ID}
	}
	return queryRows(ctx, tx, func(r *row) error {
		id := r.id()
		raw, _ := r.next()
		text, isText := raw.(string)
		i, ok := index[id]
		if !ok || !isText {
			return nil
		}
		if w, err := model.ParseWeek(text); err == nil {
			out[i].FirstValue = w
		}
		return nil
	}, q, args...)
}

// readKPI reads one KPI inside tx; ErrNotFound if there is none.
func readKPI(ctx context.Context, tx *sql.Tx, id int64) (model.KPI, error) {
	ks, err := readKPIs(ctx, tx, "id = ?", id)
	if err != nil {
		return model.KPI{}, err
	}
	if len(ks) == 0 {
		return model.KPI{}, fmt.Errorf("kpi %d: %w", id, ErrNotFound)
	}
	return ks[0], nil
}

// KPIs returns every KPI, archived ones included, with its target path, in
// scorecard order: the OMTM first, then key KPIs, then health metrics, by key.
func (s *Store) KPIs() ([]model.KPI, error) { return s.KPIsContext(context.Background()) }

// KPIsContext is KPIs, given up when ctx is cancelled (a newer load in the app
// made this one stale).
func (s *Store) KPIsContext(ctx context.Context) ([]model.KPI, error) {
	if out, ok, err := s.cachedKPIs(ctx); ok {
		return out, err
	}
	var out []model.KPI
	err := s.read(ctx, func(tx *sql.Tx) (err error) {
		out, err = readKPIs(ctx, tx, "")
		return err
	})
	return out, err
}

// KPI returns one KPI with its target path; the error wraps ErrNotFound if there
// is no such KPI.
func (s *Store) KPI(id int64) (model.KPI, error) {
	var k model.KPI
	err := s.read(context.Background(), func(tx *sql.Tx) (err error) {
		k, err = readKPI(context.Background(), tx, id)
		return err
	})
	return k, err
}

// cleanKPI strips what could drive a terminal from k's text and validates it on
// its own (model.ValidateKPI); checks against the other KPIs happen in the
// transaction.
func cleanKPI(k model.KPI) (model.KPI, error) {
	line := func(s string) string { return strings.TrimSpace(model.Sanitize(s, false)) }
	k.Key = line(k.Key)
	k.Name = line(k.Name)
	k.Description = strings.TrimSpace(model.Sanitize(k.Description, true))
	k.Owner = line(k.Owner)
	k.Unit = line(k.Unit)
	k.Formula = line(k.Formula)
	k.Targets = k.Targets.Sorted()
	tags, err := model.NormalizeTags(k.Tags)
	if err != nil {
		return k, fmt.Errorf("kpi %s: %w", k.Key, err)
	}
	k.Tags = tags
	if err := model.ValidateKPI(k); err != nil {
		return k, fmt.Errorf("kpi %s: %w", k.Key, err)
	}
	return k, nil
}

// checkKPIAgainst checks k against the other KPIs of the file: a unique key, an
// existing objective, and formulas over all KPIs (unknown keys, cycles).
func checkKPIAgainst(ctx context.Context, tx *sql.Tx, k model.KPI) error {
	all, err := readKPIs(ctx, tx, "")
	if err != nil {
		return err
	}
	next := make([]model.KPI, 0, len(all)+1)
	for _, o := range all {
		if o.ID == k.ID {
			continue
		}
		if strings.EqualFold(o.Key, k.Key) {
			return fmt.Errorf("a KPI with the key %q exists already (%s)", o.Key, o.Name)
		}
		next = append(next, o)
	}
	if k.ObjectiveID != 0 {
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM objectives WHERE id = ?", k.ObjectiveID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return fmt.Errorf("kpi %s: objective %d: %w", k.Key, k.ObjectiveID, ErrNotFound)
		}
	}
	if err := model.FormulaCycle(append(next, k)); err != nil {
		return fmt.Errorf("kpi %s: %w", k.Key, err)
	}
	return nil
}

// kpiArgs are the column values of k in kpiCols order, without id and stamp.
func kpiArgs(k model.KPI) []any {
	return []any{k.Key, k.Name, k.Description, k.Owner, nullID(k.ObjectiveID), k.Unit, k.Decimals, string(k.Direction),
		k.Tolerance.Amount, k.Tolerance.Absolute, string(k.Tier), k.OMTM, string(k.Indicator), string(k.Kind), string(k.Cadence), string(k.Aggregate),
		k.Formula, k.Archived, timeText(k.DefinitionReviewed)}
}

const insertKPISQL = `INSERT INTO kpis (id, key, name, description, owner, objective_id, unit, decimals, direction,
	tolerance_amount, tolerance_absolute, tier, omtm, indicator, kind, cadence, aggregate,
	formula, archived, definition_reviewed, version, created_at, updated_at, updated_by)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`

// updateKPISQL saves a KPI's definition (kpiArgs, then updated_at, updated_by)
// if it is still at the version read (id, version).
const updateKPISQL = `UPDATE kpis SET key = ?, name = ?, description = ?, owner = ?, objective_id = ?, unit = ?,
	decimals = ?, direction = ?, tolerance_amount = ?, tolerance_absolute = ?, tier = ?, omtm = ?, indicator = ?, kind = ?,
	cadence = ?, aggregate = ?, formula = ?, archived = ?, definition_reviewed = ?,
	version = version + 1, updated_at = ?, updated_by = ? WHERE id = ? AND version = ?`

// writeTargets replaces k's target path.
func writeTargets(ctx context.Context, tx *sql.Tx, id int64, path model.TargetPath) error {
	if _, err := tx.ExecContext(ctx, "DELETE FROM kpi_targets WHERE kpi_id = ?", id); err != nil {
		return err
	}
	for _, p := range path {
		if _, err := tx.ExecContext(ctx, "INSERT INTO kpi_targets (kpi_id, week, value, high) VALUES (?, ?, ?, ?)",
			id, p.Week.String(), p.Value, p.High); err != nil {
			return err
		}
	}
	return nil
}

// clearOMTM takes the OMTM mark off whichever other KPI has it, logged, so that
// the KPI being saved can take it in the same transaction.
func (s *Store) clearOMTM(ctx context.Context, tx *sql.Tx, keep model.KPI, now time.Time) error {
	prev, err := readKPIs(ctx, tx, "omtm = 1 AND id <> ?", keep.ID)
	if err != nil || len(prev) == 0 {
		return err
	}
	old := prev[0]
	if _, err := tx.ExecContext(ctx, "UPDATE kpis SET omtm = 0, version = version + 1, updated_at = ?, updated_by = ? WHERE id = ?",
		timeText(now), s.opt.User, old.ID); err != nil {
		return err
	}
	nw, err := readKPI(ctx, tx, old.ID)
	if err != nil {
		return err
	}
	return s.logChange(ctx, tx, change{Entity: "kpi", EntityID: old.ID, KPIID: old.ID, Action: "update",
		Summary: fmt.Sprintf("%s made %s the OMTM instead of %s", s.who(), keep.Key, old.Key), Old: old, New: nw})
}

// CreateKPI adds a KPI after validating it on its own and against the others
// (unique key, formula keys and cycles). Marking it the OMTM takes the mark off
// the previous one in the same transaction.
func (s *Store) CreateKPI(k model.KPI) (model.KPI, error) {
	ctx := context.Background()
	k, err := cleanKPI(k)
	if err != nil {
		return k, err
	}
	var saved model.KPI
	err = s.write(ctx, func(tx *sql.Tx) error {
		k := k
		k.ID = 0
		if err := checkKPIAgainst(ctx, tx, k); err != nil {
			return err
		}
		now := s.now()
		if k.OMTM {
			if err := s.clearOMTM(ctx, tx, k, now); err != nil {
				return err
			}
		}
		args := append([]any{nil}, kpiArgs(k)...)
		args = append(args, 1, timeText(now), timeText(now), s.opt.User)
		id, err := insertID(ctx, tx, insertKPISQL, args...)
		if err != nil {
			return err
		}
		if err := writeTargets(ctx, tx, id, k.Targets); err != nil {
			return err
		}
		if err := writeTags(ctx, tx, id, k.Tags); err != nil {
			return err
		}
		if saved, err = readKPI(ctx, tx, id); err != nil {
			return err
		}
		return s.logChange(ctx, tx, change{Entity: "kpi", EntityID: id, KPIID: id, Action: "create",
			Summary: fmt.Sprintf("%s created KPI %s (%s)", s.who(), saved.Key, saved.Name), New: saved})
	})
	return saved, err
}

// UpdateKPI saves an edited KPI if nobody changed it since it was read
// (k.Version); otherwise it returns a *ConflictError with theirs. The target path
// is replaced; marking it the OMTM takes the mark off the previous one in the
// same transaction (logged too).
func (s *Store) UpdateKPI(k model.KPI) (model.KPI, error) {
	return s.updateKPI(context.Background(), k)
}

// updateKPI is UpdateKPI in ctx, which Undo marks so the change log says undo.
func (s *Store) updateKPI(ctx context.Context, k model.KPI) (model.KPI, error) {
	k, err := cleanKPI(k)
	if err != nil {
		return k, err
	}
	var saved model.KPI
	err = s.write(ctx, func(tx *sql.Tx) error {
		old, err := readKPI(ctx, tx, k.ID)
		if err != nil {
			return err
		}
		if err := checkKPIAgainst(ctx, tx, k); err != nil {
			return err
		}
		now := s.now()
		if k.OMTM {
			if err := s.clearOMTM(ctx, tx, k, now); err != nil {
				return err
			}
		}
		args := append(kpiArgs(k), timeText(now), s.opt.User, k.ID, k.Version)
		res, err := tx.ExecContext(ctx, updateKPISQL, args...)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return &ConflictError{Entity: "kpi", ID: old.ID, Theirs: old, By: old.UpdatedBy, At: old.UpdatedAt}
		}
		if err := writeTargets(ctx, tx, k.ID, k.Targets); err != nil {
			return err
		}
		if err := writeTags(ctx, tx, k.ID, k.Tags); err != nil {
			return err
		}
		if saved, err = readKPI(ctx, tx, k.ID); err != nil {
			return err
		}
		verb := "changed"
		switch {
		case saved.Archived && !old.Archived:
			verb = "archived"
		case !saved.Archived && old.Archived:
			verb = "restored"
		}
		return s.logChange(ctx, tx, change{Entity: "kpi", EntityID: k.ID, KPIID: k.ID, Action: "update",
			Summary: fmt.Sprintf("%s %s KPI %s%s", s.who(), verb, saved.Key, fieldList(changedFields(old, saved))),
			Old:     old, New: saved})
	})
	return saved, err
}

// ImportKPIs creates or redefines KPIs by key (`kpi import` of a KPI CSV): all of
// them or none, in one transaction, each change logged. A KPI whose key exists is
// redefined in place (an import is an explicit overwrite, like `kpi set`), keeping
// its values, OMTM mark and archive state; rows are taken in order, so a formula
// may read a KPI defined on an earlier row.
func (s *Store) ImportKPIs(ks []model.KPI) (created, updated int, err error) {
	ctx := context.Background()
	clean := make([]model.KPI, len(ks))
	for i, k := range ks {
		if clean[i], err = cleanKPI(k); err != nil {
			return 0, 0, err
		}
	}
	err = s.write(ctx, func(tx *sql.Tx) error {
		created, updated = 0, 0
		now := s.now()
		for _, k := range clean {
			isNew, err := s.importKPI(ctx, tx, k, now, "")
			if err != nil {
				return err
			}
			if isNew {
				created++
			} else {
				updated++
			}
		}
		return nil
	})
	return created, updated, err
}

// importKPI creates k, or redefines the KPI with its key (keeping its id,
// version, OMTM mark, archive state and review date), and logs it. only
// "create" refuses a key that exists already (a values import creates only
// what the file lacks).
func (s *Store) importKPI(ctx context.Context, tx *sql.Tx, k model.KPI, now time.Time, only string) (created bool, err error) {
	old, found, err := kpiByKey(ctx, tx, k.Key)
	if err != nil {
		return false, err
	}
	if found && only == "create" {
		return false, fmt.Errorf("a KPI with the key %q exists already (%s)", old.Key, old.Name)
	}
	action, summary := "create", "%s imported KPI %s (%s)"
	if found {
		k.ID, k.Version, k.OMTM, k.Archived, k.DefinitionReviewed = old.ID, old.Version, old.OMTM, old.Archived, old.DefinitionReviewed
		action, summary = "update", "%s redefined KPI %s (%s) by import"
	}
	if err := checkKPIAgainst(ctx, tx, k); err != nil {
		return false, err
	}
	if found {
		args := append(kpiArgs(k), timeText(now), s.opt.User, k.ID, k.Version)
		if _, err := tx.ExecContext(ctx, updateKPISQL, args...); err != nil {
			return false, err
		}
	} else {
		args := append([]any{nil}, kpiArgs(k)...)
		args = append(args, 1, timeText(now), timeText(now), s.opt.User)
		if k.ID, err = insertID(ctx, tx, insertKPISQL, args...); err != nil {
			return false, err
		}
	}
	if err := writeTargets(ctx, tx, k.ID, k.Targets); err != nil {
		return false, err
	}
	if err := writeTags(ctx, tx, k.ID, k.Tags); err != nil {
		return false, err
	}
	saved, err := readKPI(ctx, tx, k.ID)
	if err != nil {
		return false, err
	}
	c := change{Entity: "kpi", EntityID: k.ID, KPIID: k.ID, Action: action,
		Summary: fmt.Sprintf(summary, s.who(), saved.Key, saved.Name), New: saved}
	if found {
		c.Old = old
	}
	return !found, s.logChange(ctx, tx, c)
}

// kpiByKey is the KPI with key (compared without case), if any.
func kpiByKey(ctx context.Context, tx *sql.Tx, key string) (model.KPI, bool, error) {
	ks, err := readKPIs(ctx, tx, "lower(key) = lower(?)", key)
	if err != nil || len(ks) == 0 {
		return model.KPI{}, false, err
	}
	return ks[0], true, nil
}
