package db

// quarantineTableSQL creates the table that rows go to when kpi takes them out
// of the team file because they break its rules: the migration to schema 2 puts
// rows there that its CHECK constraints refuse, and `kpi doctor --repair` puts
// bad rows there later. Both create it on demand with this one statement, so
// they agree on its shape. Nothing is dropped silently: every row keeps the
// whole original row as JSON, the table and rowid it came from, why it was
// taken out, and what (if anything) was kept in its place.
//
//   - source_table, source_rowid: where the row was (its rowid, = id for tables
//     with an id).
//   - reason: one line saying which rule it broke, for `kpi doctor` to list.
//   - action: what was done: "removed" (left out of its table) or "repaired"
//     (the row stayed, with the bad cells replaced as reason says).
//   - row_json: the original row, column by column (a BLOB cell as the text x'4142', its bytes in hex).
//   - quarantined_at, quarantined_by: when and by whom (RFC 3339 UTC; the user).
//
// The table is not append-only: someone restoring a row by hand may delete it.
const quarantineTableSQL = `CREATE TABLE IF NOT EXISTS quarantine (
    id             INTEGER PRIMARY KEY,
    source_table   TEXT    NOT NULL,
    source_rowid   INTEGER NOT NULL DEFAULT 0,
    reason         TEXT    NOT NULL,
    action         TEXT    NOT NULL DEFAULT 'removed' CHECK (action IN ('removed', 'repaired')),
    row_json       TEXT    NOT NULL DEFAULT '{}',
    quarantined_at TEXT    NOT NULL DEFAULT '',
    quarantined_by TEXT    NOT NULL DEFAULT ''
)`
