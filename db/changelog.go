package db

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"time"

	"kpi/model"
)

// change is one change-log row before it is written.
type change struct {
	Entity   string
	EntityID int64
	KPIID    int64 // the KPI a value or KPI change belongs to, for history by KPI
	Action   string
	Summary  string
	Old, New any // model structs, stored as JSON; nil for none
}

const insertChangeSQL = `INSERT INTO change_log (at, user, host, entity, entity_id, kpi_id, action, summary, old, new)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`

// logChange appends c to the change log inside the caller's transaction, so the
// change and its record commit or vanish together.
func (s *Store) logChange(ctx context.Context, tx *sql.Tx, c change) error {
	if undone, ok := ctx.Value(undoKey{}).(model.Change); ok {
		c.Action = "undo"
		c.Summary = fmt.Sprintf("%s undid: %s", s.who(), undone.Summary)
	}
	args, err := s.changeArgs(c, s.now())
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, insertChangeSQL, args...)
	return err
}

// changeArgs are the insertChangeSQL arguments for c at time at.
func (s *Store) changeArgs(c change, at time.Time) ([]any, error) {
	old, err := logJSON(c.Old)
	if err != nil {
		return nil, err
	}
	nw, err := logJSON(c.New)
	if err != nil {
		return nil, err
	}
	return []any{timeText(at), s.opt.User, s.opt.Host,
		c.Entity, c.EntityID, c.KPIID, c.Action, model.Sanitize(c.Summary, false), old, nw}, nil
}

// jsonText is v as JSON, or "" for nil.
func jsonText(v any) (string, error) {
	if v == nil {
		return "", nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("change log: %w", err)
	}
	return string(b), nil
}

// changedFields names the JSON fields that differ between two versions of a row,
// leaving out the bookkeeping stamp, for summaries like "changed KPI mrr (name,
// targets)".
func changedFields(old, new any) []string {
	a, b := jsonFields(old), jsonFields(new)
	var names []string
	for k := range a {
		if _, ok := b[k]; !ok {
			b[k] = nil
		}
	}
	for k, v := range b {
		switch k {
		case "version", "created_at", "updated_at", "updated_by":
			continue
		}
		if !reflect.DeepEqual(a[k], v) {
			names = append(names, k)
		}
	}
	sort.Strings(names)
	return names
}

// jsonFields is v's JSON object as a map (empty if v is not an object).
func jsonFields(v any) map[string]any {
	m := map[string]any{}
	if b, err := json.Marshal(v); err == nil {
		json.Unmarshal(b, &m)
	}
	return m
}

// fieldList writes " (a, b)" for a summary, or "" when nothing is named.
func fieldList(names []string) string {
	if len(names) == 0 {
		return ""
	}
	return " (" + strings.Join(names, ", ") + ")"
}

// num writes a number for a summary: plain, shortest form.
func num(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// ChangeFilter selects change-log rows for the history view and `kpi history`.
// Zero fields do not filter; Limit 0 means all.
type ChangeFilter struct {
	// ID selects one change.
	ID       int64
	Entity   string
	EntityID int64
	// KPIID selects the value changes of that KPI and the edits of the KPI itself.
	KPIID int64
	// AfterID keeps the rows newer than this id: what others changed since the
	// app last looked (DataVersion).
	AfterID int64
	// User and Host select the changes one person made from one machine (undo
	// looks for this app's own).
	User, Host string
	Limit      int
}

// Changes returns change-log rows, newest first.
func (s *Store) Changes(f ChangeFilter) ([]model.Change, error) {
	var where []string
	var args []any
	for _, cond := range []struct {
		col string
		val any
		set bool
	}{{"id", f.ID, f.ID != 0}, {"user", f.User, f.User != ""}, {"host", f.Host, f.Host != ""}} {
		if cond.set {
			where = append(where, cond.col+" = ?")
			args = append(args, cond.val)
		}
	}
	if f.Entity != "" {
		where = append(where, "entity = ?")
		args = append(args, f.Entity)
	}
	if f.EntityID != 0 {
		where = append(where, "entity_id = ?")
		args = append(args, f.EntityID)
	}
	if f.KPIID != 0 {
		where = append(where, "kpi_id = ?")
		args = append(args, f.KPIID)
	}
	if f.AfterID != 0 {
		where = append(where, "id > ?")
		args = append(args, f.AfterID)
	}
	q := "SELECT id, at, user, host, entity, entity_id, action, summary, old, new FROM change_log"
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY id DESC"
	if f.Limit > 0 {
		q += " LIMIT ?"
		args = append(args, f.Limit)
	}
	var out []model.Change
	err := s.read(context.Background(), func(tx *sql.Tx) (err error) {
		if out, err = queryAll(context.Background(), tx, decodeChangeRow, q, args...); err != nil {
			return err
		}
		names := &refNames{ctx: context.Background(), tx: tx}
		for i := range out {
			out[i].Fields = fieldChanges(out[i].Entity, out[i].Old, out[i].New, names.name)
		}
		return names.err
	})
	return out, err
}

// decodeChangeRow reads a change-log row (see row: every cell checked and
// cleaned). Old and new are JSON, kept whole (undo reads them back) but
// cleaned like any text; Changes derives Fields from them, so no caller
// renders the raw JSON (see changedetail.go).
func decodeChangeRow(r *row) model.Change {
	var c model.Change
	c.ID, c.At, c.User, c.Host, c.Entity, c.EntityID = r.id(), r.time(), r.text(), r.text(), r.text(), r.id()
	c.Action, c.Summary, c.Old, c.New = r.text(), r.text(), r.whole(), r.whole()
	return c
}

// OwnChanges are the changes this store's user made from this host after id,
// newest first: what undo may reverse.
func (s *Store) OwnChanges(afterID int64, limit int) ([]model.Change, error) {
	return s.Changes(ChangeFilter{User: s.opt.User, Host: s.opt.Host, AfterID: afterID, Limit: limit})
}

// DataVersion changes whenever anyone commits a change to the file; the app polls
// it every second or two and reloads when it moves. It is the id of the last
// change-log row rather than PRAGMA data_version, because data_version belongs to
// one connection and the pool closes idle connections, so two readings from
// different connections could not be compared. Every write logs a change, so
// the number moves with every write (this process's own included; sessions'
// heartbeats, which are not data, leave it alone).
func (s *Store) DataVersion() (int64, error) {
	var v int64
	err := s.read(context.Background(), func(tx *sql.Tx) error {
		return tx.QueryRow("SELECT coalesce(max(id), 0) FROM change_log").Scan(&v)
	})
	return v, err
}
