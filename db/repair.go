package db

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"

	"kpi/model"
)

// Repaired is one change Repair made, and the quarantine row that keeps what
// was there before.
type Repaired struct {
	Problem
	// Did says what was done: "moved to quarantine", "set to 2", "added back".
	Did          string
	QuarantineID int64
}

// String is "kpi_values row 12, number: 'abc' is text, not a number: moved to
// quarantine (#3)".
func (r Repaired) String() string {
	s := r.Problem.String() + ": " + r.Did
	if r.QuarantineID != 0 {
		s += fmt.Sprintf(" (quarantine #%d)", r.QuarantineID)
	}
	return s
}

// maxRepairRounds bounds how often Repair looks again: a fix can uncover a
// problem (a review moved aside leaves its checklist behind), but each round
// only moves or rewrites rows, so a few rounds settle it.
const maxRepairRounds = 4

// Repair fixes every problem Problems finds that can be fixed, in one
// transaction: bad rows move to the quarantine table, bad cells with a safe
// stand-in are written over (the old row kept in quarantine), missing columns
// and tables are added back. Each change is logged. It returns what it did and
// what is left that it cannot fix. Make a backup first: `kpi doctor --repair`
// does.
func (s *Store) Repair() (done []Repaired, left []Problem, err error) {
	ctx := context.Background()
	err = s.write(ctx, func(tx *sql.Tx) error {
		done, left = nil, nil
		if _, err := tx.ExecContext(ctx, quarantineTableSQL); err != nil {
			return err
		}
		for range maxRepairRounds {
			ps, err := findProblems(ctx, tx, s.now())
			if err != nil {
				return err
			}
			left = left[:0]
			fixed := 0
			for _, group := range byRow(ps) {
				if !group[0].Repairable() {
					left = append(left, group...)
					continue
				}
				rs, err := s.repairRow(ctx, tx, group)
				if err != nil {
					return fmt.Errorf("repairing %s: %w", group[0], err)
				}
				done = append(done, rs...)
				fixed++
			}
			if fixed == 0 {
				break
			}
		}
		return nil
	})
	return done, left, err
}

// byRow groups problems by their table and row, in order, so that all of a
// row's bad cells are fixed in one statement (a row with two bad cells passes
// the schema's checks only when both are fixed). A group is unrepairable if
// any of its problems is, and moves to quarantine if any of them says so.
func byRow(ps []Problem) [][]Problem {
	var out [][]Problem
	at := map[[2]any]int{}
	for _, p := range ps {
		k := [2]any{p.Table, p.RowID}
		if p.RowID == 0 || p.fix.kind == fixCreate || p.fix.kind == fixAddColumn {
			k = [2]any{p.Table + "." + p.Column, int64(-1)}
		}
		i, ok := at[k]
		if !ok {
			at[k] = len(out)
			out = append(out, []Problem{p})
			continue
		}
		g := out[i]
		switch {
		case !p.Repairable():
			g = append([]Problem{p}, g...)
		default:
			g = append(g, p)
		}
		out[i] = g
	}
	for i, g := range out {
		for _, p := range g {
			if p.fix.kind == fixQuarantine && g[0].Repairable() {
				g[0], out[i] = p, append([]Problem{p}, without(g, p)...)
				break
			}
		}
	}
	return out
}

// without is g without p.
func without(g []Problem, p Problem) []Problem {
	var out []Problem
	for _, q := range g {
		if q != p {
			out = append(out, q)
		}
	}
	return out
}

// repairRow fixes one row's problems (see byRow): the row to quarantine, or all
// its cells written over in one UPDATE. If the schema still refuses the row
// after that, it goes to quarantine instead.
func (s *Store) repairRow(ctx context.Context, tx *sql.Tx, g []Problem) ([]Repaired, error) {
	switch g[0].fix.kind {
	case fixQuarantine:
		return s.quarantineRow(ctx, tx, merged(g, ""), 0)
	case fixSet:
	default:
		return s.repairOne(ctx, tx, g[0])
	}
	old, err := rowJSON(ctx, tx, g[0].Table, g[0].RowID)
	if err != nil || old == "" {
		return nil, err
	}
	var sets []string
	for _, p := range g {
		sets = append(sets, fmt.Sprintf("%q = %s", p.Column, p.fix.expr))
	}
	if _, err := tx.ExecContext(ctx, "SAVEPOINT repair_row"); err != nil {
		return nil, err
	}
	q := fmt.Sprintf("UPDATE %q SET %s WHERE rowid = ?", g[0].Table, strings.Join(sets, ", "))
	if _, err := tx.ExecContext(ctx, q, g[0].RowID); err != nil {
		if _, rerr := tx.ExecContext(ctx, "ROLLBACK TO repair_row"); rerr != nil {
			return nil, rerr
		}
		return s.quarantineRow(ctx, tx, merged(g, "the schema still refuses it: "+model.Sanitize(err.Error(), false)), 0)
	}
	if _, err := tx.ExecContext(ctx, "RELEASE repair_row"); err != nil {
		return nil, err
	}
	var out []Repaired
	for _, p := range g {
		rs, err := s.logRepair(ctx, tx, Repaired{Problem: p, Did: "set to " + model.Sanitize(p.fix.expr, false)}, old)
		if err != nil {
			return nil, err
		}
		out = append(out, rs...)
	}
	return out, nil
}

// merged is a row's problems as one (its first, when there is one and no
// more is said), for the record of moving the row to quarantine.
func merged(g []Problem, more string) Problem {
	p := g[0]
	if len(g) == 1 && more == "" {
		return p
	}
	var parts []string
	for _, q := range g {
		parts = append(parts, q.Column+": "+q.Reason)
	}
	if more != "" {
		parts = append(parts, more)
	}
	p.Column, p.Reason = "", strings.Join(parts, "; ")
	return p
}

// repairOne applies p's fix and logs it; moving a row aside moves the rows
// that cannot stand without it first.
func (s *Store) repairOne(ctx context.Context, tx *sql.Tx, p Problem) ([]Repaired, error) {
	switch p.fix.kind {
	case fixCreate:
		if _, err := tx.ExecContext(ctx, p.fix.expr); err != nil {
			return nil, err
		}
		return s.logRepair(ctx, tx, Repaired{Problem: p, Did: "created again, empty"}, "")
	case fixAddColumn:
		if _, err := tx.ExecContext(ctx, fmt.Sprintf("ALTER TABLE %q ADD COLUMN %s", p.Table, p.fix.expr)); err != nil {
			return nil, err
		}
		return s.logRepair(ctx, tx, Repaired{Problem: p, Did: "added back with its default"}, "")
	case fixSet:
		old, err := rowJSON(ctx, tx, p.Table, p.RowID)
		if err != nil || old == "" {
			return nil, err // moved to quarantine already, for another of its cells
		}
		q := fmt.Sprintf("UPDATE %q SET %q = %s WHERE rowid = ?", p.Table, p.Column, p.fix.expr)
		if _, err := tx.ExecContext(ctx, q, p.RowID); err != nil {
			return nil, err
		}
		return s.logRepair(ctx, tx, Repaired{Problem: p, Did: "set to " + model.Sanitize(p.fix.expr, false)}, old)
	}
	return s.quarantineRow(ctx, tx, p, 0)
}

// quarantineRow moves p's row to quarantine, after the rows of other tables
// that point at it (which the file's foreign keys would otherwise delete with
// it, or refuse).
func (s *Store) quarantineRow(ctx context.Context, tx *sql.Tx, p Problem, depth int) ([]Repaired, error) {
	var out []Repaired
	if depth < 3 {
		kids, err := childRows(ctx, tx, p.Table, p.RowID)
		if err != nil {
			return nil, err
		}
		for _, k := range kids {
			rs, err := s.quarantineRow(ctx, tx, k, depth+1)
			if err != nil {
				return nil, err
			}
			out = append(out, rs...)
		}
	}
	old, err := rowJSON(ctx, tx, p.Table, p.RowID)
	if err != nil || old == "" {
		return out, err // gone already (moved with its parent)
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("DELETE FROM %q WHERE rowid = ?", p.Table), p.RowID); err != nil {
		return nil, err
	}
	rs, err := s.logRepair(ctx, tx, Repaired{Problem: p, Did: "moved to quarantine"}, old)
	return append(out, rs...), err
}

// childRows are the rows of other tables whose links point at table's row.
func childRows(ctx context.Context, tx *sql.Tx, table string, rowID int64) ([]Problem, error) {
	type link struct{ child, from, to string }
	links, err := queryAll(ctx, tx, func(r *row) link { return link{r.text(), r.text(), r.text()} },
		`SELECT m.name, p."from", coalesce(p."to", 'rowid') FROM sqlite_master m, pragma_foreign_key_list(m.name) p
		 WHERE m.type = 'table' AND p."table" = ?`, table)
	if err != nil {
		return nil, err
	}
	var out []Problem
	for _, l := range links {
		ids, err := queryAll(ctx, tx, func(r *row) int64 { return r.id() },
			fmt.Sprintf("SELECT c.rowid FROM %q c JOIN %q p ON c.%q = p.%q WHERE p.rowid = ?", l.child, table, l.from, l.to), rowID)
		if err != nil {
			return nil, err
		}
		for _, id := range ids {
			out = append(out, Problem{Table: l.child, RowID: id, Column: l.from,
				Reason: fmt.Sprintf("belongs to %s row %d, which was moved to quarantine", table, rowID), fix: fix{kind: fixQuarantine}})
		}
	}
	return out, nil
}

// logRepair records one repair in quarantine (with the row as it was, when
// there was one) and in the change log, and returns it.
func (s *Store) logRepair(ctx context.Context, tx *sql.Tx, r Repaired, old string) ([]Repaired, error) {
	action := "repaired"
	if r.Did == "moved to quarantine" {
		action = "removed"
	}
	if old == "" {
		old = "{}"
	}
	now := timeText(s.now())
	id, err := insertID(ctx, tx, `INSERT INTO quarantine (source_table, source_rowid, row_json, reason, action, quarantined_at, quarantined_by)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, r.Table, r.RowID, old, r.Problem.String()+": "+r.Did, action, now, s.opt.User)
	if err != nil {
		return nil, err
	}
	r.QuarantineID = id
	c := change{Entity: "repair", EntityID: id, Action: "repair",
		Summary: fmt.Sprintf("%s repaired the file: %s", s.who(), r)}
	if old != "{}" {
		c.Old = json.RawMessage(old)
	}
	if r.Table == "kpis" {
		c.KPIID = r.RowID
	}
	return []Repaired{r}, s.logChange(ctx, tx, c)
}

// rowJSON is a row as a JSON object of its columns ("" when there is no such
// row);
// control characters are escaped by JSON, so the record itself is safe.
// Numbers JSON cannot hold (±Inf) are written as text, blobs as x'hex'.
func rowJSON(ctx context.Context, tx *sql.Tx, table string, rowID int64) (string, error) {
	var out string
	err := queryRows(ctx, tx, func(r *row) error {
		m := make(map[string]any, len(r.cols))
		for i, c := range r.cols {
			v := r.raw[i]
			switch x := v.(type) {
			case float64:
				if math.IsInf(x, 0) || math.IsNaN(x) {
					v = strconv.FormatFloat(x, 'g', -1, 64)
				}
			case []byte: // as the migration writes blobs: x'hex'
				v = fmt.Sprintf("x'%X'", x)
			}
			m[c] = v
		}
		b, err := json.Marshal(m)
		out = string(b)
		return err
	}, fmt.Sprintf("SELECT * FROM %q WHERE rowid = ?", table), rowID)
	return out, err
}

// QuarantineRow is one record of the quarantine table (quarantineTableSQL):
// a row the schema-2 migration or Repair took out ("removed") or wrote over
// ("repaired").
type QuarantineRow struct {
	ID      int64
	Table   string
	RowID   int64
	RowJSON string
	Reason  string
	Action  string
	At      string
	By      string
}

// Quarantine lists the quarantine table, oldest first; none when there is no
// such table.
func (s *Store) Quarantine() ([]QuarantineRow, error) {
	var out []QuarantineRow
	err := s.read(context.Background(), func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRow("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'quarantine'").Scan(&n); err != nil || n == 0 {
			return err
		}
		var err error
		out, err = queryAll(context.Background(), tx, func(r *row) QuarantineRow {
			return QuarantineRow{ID: r.id(), Table: r.text(), RowID: r.id(), RowJSON: r.whole(), Reason: r.text(), Action: r.text(), At: r.text(), By: r.text()}
		}, "SELECT id, source_table, source_rowid, row_json, reason, action, quarantined_at, quarantined_by FROM quarantine ORDER BY id")
		return err
	})
	return out, err
}
