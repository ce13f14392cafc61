package db

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"sync"
)

// schemaObject is one statement of a migration's schema, as SQLite itself parsed
// and stored it (sqlite_schema): a table, index or trigger.
type schemaObject struct {
	kind, name, table, sql string
}

// parseSchema runs ddl in a private in-memory database and returns what it
// created, in order. That way the migration never splits SQL text by hand: each
// CREATE statement comes back on its own, exactly as SQLite will store it.
func parseSchema(ctx context.Context, ddl string) ([]schemaObject, error) {
	mem, err := sql.Open("sqlite", "file::memory:")
	if err != nil {
		return nil, err
	}
	defer mem.Close()
	mem.SetMaxOpenConns(1) // one connection: every statement sees the one in-memory database
	if _, err := mem.ExecContext(ctx, ddl); err != nil {
		return nil, err
	}
	rows, err := mem.QueryContext(ctx, "SELECT type, name, tbl_name, sql FROM sqlite_schema WHERE sql IS NOT NULL ORDER BY rowid")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var objs []schemaObject
	for rows.Next() {
		var o schemaObject
		if err := rows.Scan(&o.kind, &o.name, &o.table, &o.sql); err != nil {
			return nil, err
		}
		objs = append(objs, o)
	}
	return objs, rows.Err()
}

// rebuild is one run of the table rebuild: the transaction, who and when for
// the quarantine rows, and how many rows it took out or repaired.
type rebuild struct {
	ctx            context.Context
	tx             *sql.Tx
	at, by         string
	version        int
	removed, fixed int
}

// rebuildTables brings the tables of ddl into the file, following SQLite's
// procedure for schema changes ALTER TABLE cannot make (lang_altertable.html,
// "Making Other Kinds Of Table Schema Changes"): for each table, create the new
// definition under a temporary name, copy the rows, drop the old table, rename
// the new one; then create the indexes and triggers, and check foreign keys.
// The caller runs it inside one immediate transaction on a connection with
// foreign_keys off (dropping a parent table with them on would cascade).
//
// Rows the new constraints refuse are never lost and never block the
// migration: each goes to the quarantine table with the rule it broke. Where a
// bad cell has a safe default (a KPI's decimals, an objective's week, a
// checklist template) the row stays with that cell reset, so one bad cell does
// not take a KPI and all its history out of the file; otherwise (a value's
// number or week, a target) the row is left out. Rows whose parent was left
// out follow it into quarantine.
func (r *rebuild) rebuildTables(ddl string) error {
	objs, err := parseSchema(r.ctx, ddl)
	if err != nil {
		return fmt.Errorf("reading the new schema: %w", err)
	}
	if _, err := r.tx.ExecContext(r.ctx, quarantineTableSQL); err != nil {
		return err
	}
	orphansBefore, err := r.foreignKeyViolations()
	if err != nil {
		return err
	}
	known := map[string]bool{}
	for _, o := range objs {
		known[strings.ToLower(o.name)] = true
	}
	var keep []string // foreign indexes and triggers on rebuilt tables, made again at the end
	for _, o := range objs {
		if o.kind != "table" {
			continue
		}
		foreign, err := r.rebuildTable(o, known)
		if err != nil {
			return fmt.Errorf("table %s: %w", o.name, err)
		}
		keep = append(keep, foreign...)
	}
	for _, o := range objs {
		if o.kind == "table" {
			continue
		}
		if _, err := r.tx.ExecContext(r.ctx, o.sql); err != nil {
			return fmt.Errorf("%s %s: %w", o.kind, o.name, err)
		}
	}
	for _, stmt := range keep {
		if _, err := r.tx.ExecContext(r.ctx, stmt); err != nil {
			return fmt.Errorf("re-creating %q: %w", stmt, err)
		}
	}
	return r.quarantineOrphans(orphansBefore)
}

// rebuildTable replaces one table by its new definition and returns the CREATE
// statements of indexes and triggers on it that neither schema defines (another
// tool's), to be made again once every table is in place.
func (r *rebuild) rebuildTable(o schemaObject, known map[string]bool) ([]string, error) {
	oldCols, err := r.columns(o.name)
	if err != nil {
		return nil, err
	}
	if len(oldCols) == 0 { // a table the file does not have yet
		_, err := r.tx.ExecContext(r.ctx, o.sql)
		return nil, err
	}
	foreign, err := r.foreignObjects(o.name, known)
	if err != nil {
		return nil, err
	}
	tmp := o.name + "__rebuilt"
	create := strings.Replace(o.sql, "CREATE TABLE "+o.name+" ", "CREATE TABLE "+tmp+" ", 1)
	if create == o.sql {
		return nil, fmt.Errorf("its definition must start with %q", "CREATE TABLE "+o.name+" (")
	}
	if _, err := r.tx.ExecContext(r.ctx, create); err != nil {
		return nil, err
	}
	newCols, err := r.keepForeignColumns(tmp, oldCols)
	if err != nil {
		return nil, err
	}
	cols := commonColumns(oldCols, newCols)
	if err := r.copyRows(o.name, tmp, cols, newCols); err != nil {
		return nil, err
	}
	for _, q := range []string{"DROP TABLE " + quoteIdent(o.name), "ALTER TABLE " + quoteIdent(tmp) + " RENAME TO " + quoteIdent(o.name)} {
		if _, err := r.tx.ExecContext(r.ctx, q); err != nil {
			return nil, err
		}
	}
	return foreign, nil
}

// column is one row of PRAGMA table_info.
type column struct {
	name, typ string
	notNull   bool
	dflt      sql.NullString // the DEFAULT as SQL text
	pk        int
}

// columns lists a table's columns (none when it does not exist).
func (r *rebuild) columns(table string) ([]column, error) {
	rows, err := r.tx.QueryContext(r.ctx, "SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info(?)", table)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var cols []column
	for rows.Next() {
		var c column
		if err := rows.Scan(&c.name, &c.typ, &c.notNull, &c.dflt, &c.pk); err != nil {
			return nil, err
		}
		cols = append(cols, c)
	}
	return cols, rows.Err()
}

// foreignObjects are the indexes and triggers on table that no kpi schema
// defines, which dropping the table would otherwise lose.
func (r *rebuild) foreignObjects(table string, known map[string]bool) ([]string, error) {
	rows, err := r.tx.QueryContext(r.ctx, "SELECT name, sql FROM sqlite_schema WHERE tbl_name = ? AND type IN ('index', 'trigger') AND sql IS NOT NULL", table)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var name, stmt string
		if err := rows.Scan(&name, &stmt); err != nil {
			return nil, err
		}
		if !known[strings.ToLower(name)] {
			out = append(out, stmt)
		}
	}
	return out, rows.Err()
}

// keepForeignColumns adds to the new table any column another tool added to the
// old one, so that the rebuild never drops data, and returns the new table's
// columns.
func (r *rebuild) keepForeignColumns(tmp string, oldCols []column) ([]column, error) {
	newCols, err := r.columns(tmp)
	if err != nil {
		return nil, err
	}
	have := map[string]bool{}
	for _, c := range newCols {
		have[strings.ToLower(c.name)] = true
	}
	added := false
	for _, c := range oldCols {
		if !have[strings.ToLower(c.name)] {
			if _, err := r.tx.ExecContext(r.ctx, fmt.Sprintf("ALTER TABLE %s ADD COLUMN %s %s", quoteIdent(tmp), quoteIdent(c.name), c.typ)); err != nil {
				return nil, err
			}
			added = true
		}
	}
	if !added {
		return newCols, nil
	}
	return r.columns(tmp)
}

// commonColumns are the new table's columns the old one has too; a column the
// old table lacks (dropped by another tool) takes its default.
func commonColumns(oldCols, newCols []column) []column {
	have := map[string]bool{}
	for _, c := range oldCols {
		have[strings.ToLower(c.name)] = true
	}
	var out []column
	for _, c := range newCols {
		if have[strings.ToLower(c.name)] {
			out = append(out, c)
		}
	}
	return out
}

// rowidAlias reports whether the table's rowid is one of its columns (an
// INTEGER PRIMARY KEY), so copying the columns keeps the rowid; otherwise the
// rowid is copied on its own, so quarantine rows and foreign-key checks name
// the same rows before and after.
func rowidAlias(cols []column) bool {
	n, integer := 0, false
	for _, c := range cols {
		if c.pk > 0 {
			n++
			integer = strings.EqualFold(c.typ, "INTEGER")
		}
	}
	return n == 1 && integer
}

// copyRows copies every row the new table's constraints accept in one
// statement (OR IGNORE skips a row that breaks a CHECK, NOT NULL or UNIQUE
// rule), then deals with the rows left behind one by one.
func (r *rebuild) copyRows(from, to string, cols, newCols []column) error {
	names := make([]string, 0, len(cols)+1)
	if !rowidAlias(newCols) {
		names = append(names, "rowid")
	}
	for _, c := range cols {
		names = append(names, quoteIdent(c.name))
	}
	list := strings.Join(names, ", ")
	if _, err := r.tx.ExecContext(r.ctx, fmt.Sprintf("INSERT OR IGNORE INTO %s (%s) SELECT %s FROM %s", quoteIdent(to), list, list, quoteIdent(from))); err != nil {
		return err
	}
	left, err := r.rowids(fmt.Sprintf("SELECT rowid FROM %s WHERE rowid NOT IN (SELECT rowid FROM %s) ORDER BY rowid", quoteIdent(from), quoteIdent(to)))
	if err != nil {
		return err
	}
	for _, id := range left {
		if err := r.placeRow(from, to, id, cols, newCols); err != nil {
			return err
		}
	}
	return nil
}

// rowids runs a query of rowids.
func (r *rebuild) rowids(query string, args ...any) ([]int64, error) {
	rows, err := r.tx.QueryContext(r.ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// notRepaired are the cells whose default would change what a row says: a
// value without its number would look like a qualitative entry, a target point
// with high 0 like a real target. A row with one of these bad is left out whole.
var notRepaired = map[string]bool{"kpi_values.number": true, "kpi_targets.high": true}

// placeRow tries a refused row again, replacing each cell a CHECK names by the
// column's default (or NULL where the column allows it) when that is safe, and
// records the row in quarantine either way: "repaired" if it went in with
// cells reset, "removed" if it could not.
func (r *rebuild) placeRow(from, to string, rowid int64, cols, newCols []column) error {
	reset := map[string]string{} // column → the SQL that replaces its value
	var broken []string
	for {
		err := r.insertOne(from, to, rowid, cols, newCols, reset)
		if err == nil {
			return r.quarantine(from, rowid, "repaired", fmt.Sprintf("schema %d refused %s; kept with %s", r.version, strings.Join(broken, "; "), describeReset(reset)))
		}
		rule := refusal(err)
		broken = append(broken, rule)
		col, _, isCheck := strings.Cut(rule, ":")
		c, ok := findColumn(cols, col)
		if !isCheck || !ok || reset[c.name] != "" || notRepaired[from+"."+c.name] || (!c.dflt.Valid && c.notNull) {
			return r.removeRow(from, rowid, fmt.Sprintf("schema %d refused %s", r.version, strings.Join(broken, "; ")))
		}
		reset[c.name] = "NULL"
		if c.dflt.Valid {
			reset[c.name] = c.dflt.String
		}
	}
}

// insertOne copies one row with some cells replaced.
func (r *rebuild) insertOne(from, to string, rowid int64, cols, newCols []column, reset map[string]string) error {
	var names, values []string
	if !rowidAlias(newCols) {
		names, values = append(names, "rowid"), append(values, "rowid")
	}
	for _, c := range cols {
		names = append(names, quoteIdent(c.name))
		v := quoteIdent(c.name)
		if e, ok := reset[c.name]; ok {
			v = e
		}
		values = append(values, v)
	}
	_, err := r.tx.ExecContext(r.ctx, fmt.Sprintf("INSERT INTO %s (%s) SELECT %s FROM %s WHERE rowid = ?",
		quoteIdent(to), strings.Join(names, ", "), strings.Join(values, ", "), quoteIdent(from)), rowid)
	return err
}

func findColumn(cols []column, name string) (column, bool) {
	for _, c := range cols {
		if strings.EqualFold(c.name, strings.TrimSpace(name)) {
			return c, true
		}
	}
	return column{}, false
}

// describeReset says which cells a repair reset: "decimals = 0, version = 1".
func describeReset(reset map[string]string) string {
	var parts []string
	for c, v := range reset {
		parts = append(parts, c+" = "+v)
	}
	sort.Strings(parts)
	return strings.Join(parts, ", ")
}

// sqliteCodeSuffix is the " (275)" modernc puts after SQLite's message.
var sqliteCodeSuffix = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(` \(\d+\)$`) })

// refusal is the rule a constraint error names: the constraint's name for a
// CHECK ("decimals: an integer 0 to 6"), SQLite's words for the others
// ("UNIQUE constraint failed: kpis.key").
func refusal(err error) string {
	msg := sqliteCodeSuffix().ReplaceAllString(err.Error(), "")
	msg = strings.TrimPrefix(msg, "constraint failed: ")
	if rule, ok := strings.CutPrefix(msg, "CHECK constraint failed: "); ok {
		return rule
	}
	return msg
}

// removeRow quarantines a row and leaves it out of its table.
func (r *rebuild) removeRow(table string, rowid int64, reason string) error {
	return r.quarantine(table, rowid, "removed", reason)
}

// quarantine copies row rowid of table, as JSON, into the quarantine table.
func (r *rebuild) quarantine(table string, rowid int64, action, reason string) error {
	obj, err := r.rowJSON(table)
	if err != nil {
		return err
	}
	_, err = r.tx.ExecContext(r.ctx, fmt.Sprintf(`INSERT INTO quarantine (source_table, source_rowid, reason, action, row_json, quarantined_at, quarantined_by)
		SELECT ?, rowid, ?, ?, %s, ?, ? FROM %s WHERE rowid = ?`, obj, quoteIdent(table)), table, reason, action, r.at, r.by, rowid)
	if action == "removed" {
		r.removed++
	} else {
		r.fixed++
	}
	return err
}

// rowJSON is the SQL expression of a row of table as a JSON object, every
// column by name; a BLOB (which JSON cannot hold) as the text x'hex'.
func (r *rebuild) rowJSON(table string) (string, error) {
	cols, err := r.columns(table)
	if err != nil {
		return "", err
	}
	var parts []string
	for _, c := range cols {
		q := quoteIdent(c.name)
		parts = append(parts, fmt.Sprintf("%s, CASE typeof(%s) WHEN 'blob' THEN 'x''' || hex(%s) || '''' ELSE %s END", quoteLiteral(c.name), q, q, q))
	}
	return "json_object(" + strings.Join(parts, ", ") + ")", nil
}

// fkViolation is one row of PRAGMA foreign_key_check.
type fkViolation struct {
	table, parent string
	rowid         int64
}

// foreignKeyViolations lists the rows whose parent row is missing.
func (r *rebuild) foreignKeyViolations() (map[fkViolation]bool, error) {
	rows, err := r.tx.QueryContext(r.ctx, "PRAGMA foreign_key_check")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[fkViolation]bool{}
	for rows.Next() {
		var v fkViolation
		var rowid sql.NullInt64
		var fkid int
		if err := rows.Scan(&v.table, &rowid, &v.parent, &fkid); err != nil {
			return nil, err
		}
		v.rowid = rowid.Int64
		out[v] = true
	}
	return out, rows.Err()
}

// quarantineOrphans takes out the rows whose parent the rebuild left out (a
// checklist item of a review with a malformed week), and again for their
// children. Orphans the file had before are left for `kpi doctor`: the
// migration did not make them and must not hide them.
func (r *rebuild) quarantineOrphans(before map[fkViolation]bool) error {
	for {
		now, err := r.foreignKeyViolations()
		if err != nil {
			return err
		}
		moved := false
		for v := range now {
			if before[v] {
				continue
			}
			if err := r.removeRow(v.table, v.rowid, fmt.Sprintf("its %s row was taken out by the migration to schema %d", v.parent, r.version)); err != nil {
				return err
			}
			if _, err := r.tx.ExecContext(r.ctx, "DELETE FROM "+quoteIdent(v.table)+" WHERE rowid = ?", v.rowid); err != nil {
				return err
			}
			moved = true
		}
		if !moved {
			return nil
		}
	}
}

// quoteIdent quotes an SQL identifier.
func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// quoteLiteral quotes an SQL string literal.
func quoteLiteral(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }
