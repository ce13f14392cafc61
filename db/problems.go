package db

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"kpi/model"
)

// Problem is one thing in the file kpi cannot use as written: a bad cell, a
// row that points at a row that does not exist, a formula cycle, a week
// written two ways, a column or table missing. `kpi doctor` names each with
// its table and row; Repair says what it did about each.
type Problem struct {
	Table string
	// RowID is the row's rowid (its id for every table that has one); 0 for a
	// problem of the table itself.
	RowID  int64
	Column string
	Reason string
	// fix is what Repair does about it (fixNone: it cannot).
	fix fix
}

// String is "kpi_values row 12, number: 'abc' is text, not a number".
func (p Problem) String() string {
	at := p.Table
	if p.RowID != 0 {
		at += fmt.Sprintf(" row %d", p.RowID)
	}
	if p.Column != "" {
		at += ", " + p.Column
	}
	return at + ": " + p.Reason
}

// Repairable says whether Repair can fix it.
func (p Problem) Repairable() bool { return p.fix.kind != fixNone }

// fixKind is what Repair does about a problem.
type fixKind int

const (
	fixNone       fixKind = iota
	fixQuarantine         // move the row to quarantine
	fixSet                // write expr over the column (the old row goes to quarantine as a record)
	fixAddColumn          // add the missing column back (expr is its definition)
	fixCreate             // create the missing table (expr is its CREATE statement)
)

type fix struct {
	kind fixKind
	expr string
}

// cellRepairs is what Repair writes over a bad cell of the columns that have a
// safe stand-in: the value the store reads in its place. A bad cell of any
// other column makes the row unusable, and it moves to quarantine.
var cellRepairs = map[string]string{
	"kpis.decimals": fmt.Sprint(fallbackDecimals), "kpis.tolerance_amount": "5", "kpis.tolerance_absolute": "0",
	"kpis.direction": "'up'", "kpis.tier": "'health'", "kpis.indicator": "''", "kpis.kind": "'quantitative'",
	"kpis.cadence": "'weekly'", "kpis.aggregate": "'last'", "kpis.omtm": "0", "kpis.archived": "0",
	"kpis.objective_id": "NULL", "kpis.key": "'" + BadKeyPrefix + "' || id", "kpis.definition_reviewed": "''",
	"objectives.state": "'active'", "objectives.start_week": "''", "objectives.end_week": "''", "objectives.archived": "0",
	"action_items.due": "''", "action_items.kpi_id": "NULL", "action_items.done": "0", "action_items.done_at": "''",
	"reviews.state": "'not_started'", "reviews.attendees": "'[]'", "reviews.rating": "0",
	"reviews.started_at": "''", "reviews.concluded_at": "''",
	"checklist_items.position": "0", "checklist_items.timebox_minutes": "0", "checklist_items.done": "0", "checklist_items.done_at": "''",
	"settings.review_weekday": "1", "settings.default_theme": "''", "kpi_values.entered_at": "''",
}

// repairFor is the fix of a bad cell of table.column.
func repairFor(table, column string) fix {
	if e, ok := cellRepairs[table+"."+column]; ok {
		return fix{fixSet, e}
	}
	switch {
	case table == "sessions" || table == "kpi_targets" || table == "review_kpis" || table == "kpi_values" && column != "version":
		return fix{kind: fixQuarantine}
	case column == "version":
		return fix{fixSet, "1"}
	case column == "created_at" || column == "updated_at":
		return fix{fixSet, "''"}
	case table == "settings" && column == "checklist_template":
		return fix{fixSet, "'" + strings.ReplaceAll(defaultTemplateJSON(), "'", "''") + "'"}
	}
	return fix{kind: fixQuarantine}
}

// tableCheck is how the cells of one table are checked: the query (rowid
// first) and the decoder that flags its bad cells.
type tableCheck struct {
	table, query string
	decode       func(*row)
}

// tableChecks are every table whose rows hold data (the change log is
// append-only history, cleaned as it is read).
func tableChecks(now time.Time) []tableCheck {
	return []tableCheck{
		{"settings", "SELECT id, team_name, review_weekday, checklist_template, default_theme, version FROM settings", func(r *row) { decodeSettings(r) }},
		{"objectives", "SELECT id, " + objectiveCols + " FROM objectives", func(r *row) { decodeObjective(r) }},
		{"kpis", "SELECT id, " + kpiCols + " FROM kpis", func(r *row) { decodeKPI(r) }},
		{"kpi_targets", "SELECT rowid, kpi_id, week, value, high FROM kpi_targets", func(r *row) { decodeTarget(r) }},
		{"kpi_values", "SELECT id, " + valueCols + " FROM kpi_values", func(r *row) {
			if vr := decodeValue(r); vr.v.Week.IsZero() && len(r.bad) == 0 {
				r.flag("week", "'' is not a week")
			}
		}},
		{"reviews", "SELECT id, " + reviewCols + " FROM reviews", func(r *row) {
			if rr := decodeReview(r); rr.r.Week.IsZero() && len(r.bad) == 0 {
				r.flag("week", "'' is not a week")
			}
		}},
		{"review_kpis", "SELECT rowid, review_id, kpi_id FROM review_kpis", func(r *row) { decodeReviewKPI(r) }},
		{"checklist_items", "SELECT id, " + checklistCols + " FROM checklist_items", func(r *row) { decodeChecklistItem(r) }},
		{"action_items", "SELECT id, " + actionCols + " FROM action_items", func(r *row) { decodeAction(r) }},
		{"sessions", "SELECT id, id, user, host, pid, started_at, heartbeat FROM sessions", func(r *row) {
			r.id()
			se := model.Session{}
			se.User, se.Host, se.PID, se.StartedAt = r.text(), r.text(), int(r.count(0, 1<<31-1, 0)), r.time()
			if hb := r.time(); hb.After(now.Add(staleSession)) {
				r.flag("heartbeat", "%s is in the future, so the session would show as open for ever", shown(timeText(hb)))
			}
		}},
	}
}

// cellProblems runs every table's decoder over all its rows and reports each
// bad cell with its table and row. Tables whose columns are not all there are
// left to the schema check.
func cellProblems(ctx context.Context, tx *sql.Tx, now time.Time, skip map[string]bool) ([]Problem, error) {
	var out []Problem
	for _, c := range tableChecks(now) {
		if skip[c.table] {
			continue
		}
		err := queryRows(ctx, tx, func(r *row) error {
			rowID := r.id()
			c.decode(r)
			for _, p := range r.bad {
				out = append(out, Problem{Table: c.table, RowID: rowID, Column: p.Column, Reason: p.Reason, fix: repairFor(c.table, p.Column)})
			}
			return nil
		}, c.query)
		if err != nil {
			return nil, fmt.Errorf("checking %s: %w", c.table, err)
		}
	}
	return out, nil
}

// weekProblems finds weeks written another way than kpi writes them
// ("2026-w49", "2026-W49 "). Alone, such a row is rewritten canonically; beside
// a row of the same KPI and week it is a duplicate the reads leave out, and it
// moves to quarantine.
func weekProblems(ctx context.Context, tx *sql.Tx, skip map[string]bool) ([]Problem, error) {
	var out []Problem
	for _, t := range []struct{ table, owner, col string }{
		{"kpi_values", "kpi_id", "week"}, {"kpi_targets", "kpi_id", "week"}, {"reviews", "0", "week"},
		{"action_items", "id", "due"}, {"action_items", "id", "created_week"},
		{"objectives", "id", "start_week"}, {"objectives", "id", "end_week"},
	} {
		if skip[t.table] {
			continue
		}
		q := fmt.Sprintf("SELECT rowid, %s, %s FROM %s WHERE typeof(%s) = 'text' AND %s <> ''", t.owner, t.col, t.table, t.col, t.col)
		type cand struct {
			rowID, owner int64
			raw          string
			w            model.Week
		}
		var found []cand
		err := queryRows(ctx, tx, func(r *row) error {
			id, owner := r.id(), r.id()
			raw, _ := r.raw[2].(string)
			w, canonical := r.week()
			if !canonical && !w.IsZero() {
				found = append(found, cand{id, owner, raw, w})
			}
			return nil
		}, q)
		if err != nil {
			return nil, fmt.Errorf("checking %s: %w", t.table, err)
		}
		for _, c := range found {
			var n int
			dupQ := fmt.Sprintf("SELECT count(*) FROM %s WHERE rowid <> ? AND %s = ? AND upper(trim(%s)) = ?", t.table, t.owner, t.col)
			if err := tx.QueryRowContext(ctx, dupQ, c.rowID, c.owner, c.w.String()).Scan(&n); err != nil {
				return nil, err
			}
			p := Problem{Table: t.table, RowID: c.rowID, Column: t.col}
			if n > 0 && t.owner != "id" {
				p.Reason = fmt.Sprintf("%s is written another way than kpi writes weeks and duplicates %s", shown(c.raw), c.w)
				p.fix = fix{kind: fixQuarantine}
			} else {
				p.Reason = fmt.Sprintf("%s is written another way than kpi writes weeks (%s)", shown(c.raw), c.w)
				p.fix = fix{fixSet, "'" + c.w.String() + "'"}
			}
			out = append(out, p)
		}
	}
	return out, nil
}

// linkProblems finds rows that point at a row that does not exist (SQLite's
// foreign_key_check, which holds whether or not a writer enforced the keys):
// an optional link is cleared, a row that cannot stand without its parent
// moves to quarantine.
func linkProblems(ctx context.Context, tx *sql.Tx, skip map[string]bool) ([]Problem, error) {
	type fk struct {
		table, parent string
		rowID, fkid   int64
	}
	found, err := queryAll(ctx, tx, func(r *row) fk {
		return fk{table: r.text(), rowID: r.id(), parent: r.text(), fkid: r.id()}
	}, "PRAGMA foreign_key_check")
	if err != nil {
		return nil, err
	}
	var out []Problem
	for _, f := range found {
		if skip[f.table] {
			continue
		}
		cols, err := queryAll(ctx, tx, func(r *row) [2]string { return [2]string{r.text(), r.text()} },
			"SELECT \"from\", \"to\" FROM pragma_foreign_key_list(?) WHERE id = ?", f.table, f.fkid)
		if err != nil || len(cols) == 0 {
			return nil, fmt.Errorf("checking the links of %s: %v", f.table, err)
		}
		col := cols[0][0]
		p := Problem{Table: f.table, RowID: f.rowID, Column: col,
			Reason: fmt.Sprintf("points at %s %s that does not exist", f.parent, linkTarget(ctx, tx, f.table, col, f.rowID)),
			fix:    fix{kind: fixQuarantine}}
		if nullable(ctx, tx, f.table, col) {
			p.fix = fix{fixSet, "NULL"}
		}
		out = append(out, p)
	}
	return out, nil
}

// linkTarget is the id a dangling link holds, for the report.
func linkTarget(ctx context.Context, tx *sql.Tx, table, col string, rowID int64) string {
	ids, _ := queryAll(ctx, tx, func(r *row) string { return rawText(r.raw[0]) },
		fmt.Sprintf("SELECT %q FROM %s WHERE rowid = ?", col, table), rowID)
	if len(ids) == 0 {
		return "?"
	}
	return model.Sanitize(ids[0], false)
}

// nullable reports whether table.col may be NULL.
func nullable(ctx context.Context, tx *sql.Tx, table, col string) bool {
	var notNull int
	err := tx.QueryRowContext(ctx, "SELECT \"notnull\" FROM pragma_table_info(?) WHERE name = ?", table, col).Scan(&notNull)
	return err == nil && notNull == 0
}

// actionWeekProblems finds action items that do not say when they were agreed,
// which would show as open for centuries; Repair dates them to the week they
// were created in (or this week).
func actionWeekProblems(ctx context.Context, tx *sql.Tx, now time.Time) ([]Problem, error) {
	ids, err := queryAll(ctx, tx, func(r *row) int64 { return r.id() }, "SELECT id FROM action_items WHERE created_week = '' OR created_week IS NULL")
	if err != nil {
		return nil, err
	}
	var out []Problem
	for _, id := range ids {
		out = append(out, Problem{Table: "action_items", RowID: id, Column: "created_week",
			Reason: "is empty, so the item would show as open since forever",
			fix:    fix{fixSet, "'" + model.CurrentWeek(now).String() + "'"}})
	}
	return out, nil
}

// formulaProblems finds derived KPIs whose formula depends on itself through
// others (a cycle another tool wrote: kpi refuses to save one). Repair clears
// the formula of the first KPI of each cycle, which breaks it; the old formula
// stays in the change log and the quarantine record.
func formulaProblems(kpis []model.KPI) []Problem {
	refs := map[string][]string{}
	byKey := map[string]model.KPI{}
	for _, k := range kpis {
		byKey[k.Key] = k
		if f, err := model.ParseFormula(k.Formula); err == nil && k.Derived() && !k.Archived {
			refs[k.Key] = f.Refs()
		}
	}
	inCycle := func(start string) bool {
		seen := map[string]bool{}
		stack := append([]string(nil), refs[start]...)
		for len(stack) > 0 {
			k := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if k == start {
				return true
			}
			if !seen[k] {
				seen[k] = true
				stack = append(stack, refs[k]...)
			}
		}
		return false
	}
	var out []Problem
	for _, k := range kpis {
		if _, derived := refs[k.Key]; derived && inCycle(k.Key) {
			out = append(out, Problem{Table: "kpis", RowID: k.ID, Column: "formula",
				Reason: fmt.Sprintf("%s = %s depends on itself, so it cannot be computed", k.Key, k.Formula),
				fix:    fix{fixSet, "''"}})
		}
	}
	return out
}

// Problems finds everything in the file kpi cannot use as written: columns and
// tables missing against the schema this kpi writes, bad cells of every table,
// weeks written two ways, rows pointing at nothing, action items with no week,
// formula cycles and heartbeats in the future. They are sorted by table and
// row; nil means the file is clean.
func (s *Store) Problems() ([]Problem, error) {
	var out []Problem
	err := s.read(context.Background(), func(tx *sql.Tx) (err error) {
		if s.IsServer() {
			// The server's schema is the server's (no dropped columns to
			// find), its foreign keys allow no orphans and its CHECKs no
			// look-alike weeks; but any tool's SQL may still write text kpi
			// cannot show or stamps in the future, so the cells are checked.
			out, err = cellProblems(context.Background(), tx, s.now(), nil)
			return err
		}
		out, err = findProblems(context.Background(), tx, s.now())
		return err
	})
	return out, err
}

// findProblems is Problems inside tx (Repair runs it in its write).
func findProblems(ctx context.Context, tx *sql.Tx, now time.Time) ([]Problem, error) {
	out, err := schemaProblems(ctx, tx)
	if err != nil {
		return nil, err
	}
	skip := map[string]bool{}
	for _, p := range out {
		skip[p.Table] = true
	}
	for _, find := range []func() ([]Problem, error){
		func() ([]Problem, error) { return cellProblems(ctx, tx, now, skip) },
		func() ([]Problem, error) { return weekProblems(ctx, tx, skip) },
		func() ([]Problem, error) { return linkProblems(ctx, tx, skip) },
		func() ([]Problem, error) {
			if skip["action_items"] {
				return nil, nil
			}
			return actionWeekProblems(ctx, tx, now)
		},
		func() ([]Problem, error) {
			if skip["kpis"] || skip["kpi_targets"] {
				return nil, nil
			}
			kpis, err := readKPIs(ctx, tx, "")
			return formulaProblems(kpis), err
		},
	} {
		ps, err := find()
		if err != nil {
			return nil, err
		}
		out = append(out, ps...)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Table != out[j].Table {
			return out[i].Table < out[j].Table
		}
		return out[i].RowID < out[j].RowID
	})
	return out, nil
}

// defaultTemplateJSON is the default agenda as the settings row stores it.
func defaultTemplateJSON() string {
	b, _ := json.Marshal(model.DefaultChecklist())
	return string(b)
}

// referenceColumn is one column of a table as this kpi's migrations make it.
type referenceColumn struct {
	name, typ string
	notNull   bool
	dflt      sql.NullString
}

// referenceSchema builds the schema this kpi writes in a database in memory
// and returns each table's columns and CREATE statement: what a file's tables
// are checked against, so a migration that adds a column is covered too.
func referenceSchema(ctx context.Context) (map[string][]referenceColumn, map[string]string, error) {
	mem, err := sql.Open("sqlite", "file::memory:")
	if err != nil {
		return nil, nil, err
	}
	defer mem.Close()
	mem.SetMaxOpenConns(1) // one connection: each would have its own memory database
	tx, err := mem.BeginTx(ctx, nil)
	if err != nil {
		return nil, nil, err
	}
	defer tx.Rollback()
	ref := &Store{opt: Options{}.withDefaults()}
	if _, err := ref.applyMigrations(ctx, tx, 0); err != nil {
		return nil, nil, err
	}
	return tableColumns(ctx, tx)
}

// tableColumns lists the columns and CREATE statement of every table in tx's
// database (SQLite's own tables aside).
func tableColumns(ctx context.Context, tx *sql.Tx) (map[string][]referenceColumn, map[string]string, error) {
	type col struct {
		table string
		c     referenceColumn
	}
	rows, err := tx.QueryContext(ctx, `SELECT m.name, m.sql, p.name, p.type, p."notnull", p.dflt_value
		FROM sqlite_master m, pragma_table_info(m.name) p WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'`)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	cols, creates := map[string][]referenceColumn{}, map[string]string{}
	for rows.Next() {
		var table, create string
		var c referenceColumn
		if err := rows.Scan(&table, &create, &c.name, &c.typ, &c.notNull, &c.dflt); err != nil {
			return nil, nil, err
		}
		cols[table] = append(cols[table], c)
		creates[table] = create
	}
	return cols, creates, rows.Err()
}

// schemaProblems compares the file's tables with the reference schema: a
// missing table is created again, empty; a missing column is added back with
// its default when it has one (a column that must be given a value cannot be).
func schemaProblems(ctx context.Context, tx *sql.Tx) ([]Problem, error) {
	want, creates, err := referenceSchema(ctx)
	if err != nil {
		return nil, fmt.Errorf("building the reference schema: %w", err)
	}
	have, _, err := tableColumns(ctx, tx)
	if err != nil {
		return nil, err
	}
	var out []Problem
	for table, cols := range want {
		if table == "quarantine" {
			continue // made on demand, by a migration or a repair
		}
		got, ok := have[table]
		if !ok {
			out = append(out, Problem{Table: table, Reason: "the table is missing", fix: fix{fixCreate, creates[table]}})
			continue
		}
		names := map[string]bool{}
		for _, c := range got {
			names[strings.ToLower(c.name)] = true
		}
		for _, c := range cols {
			if names[strings.ToLower(c.name)] {
				continue
			}
			p := Problem{Table: table, Column: c.name, Reason: "the column is missing (another tool dropped it)"}
			if def := columnDef(c); def != "" {
				p.fix = fix{fixAddColumn, def}
			} else {
				p.Reason += "; it has no default, so restore the newest backup"
			}
			out = append(out, p)
		}
	}
	return out, nil
}

// columnDef is the ADD COLUMN definition of c, or "" when SQLite cannot add it
// back (NOT NULL without a default).
func columnDef(c referenceColumn) string {
	def := fmt.Sprintf("%q %s", c.name, c.typ)
	if c.notNull {
		if !c.dflt.Valid {
			return ""
		}
		def += " NOT NULL"
	}
	if c.dflt.Valid {
		def += " DEFAULT " + c.dflt.String
	}
	return def
}
