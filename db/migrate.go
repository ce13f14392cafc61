package db

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"os"
	"path"
	"sort"
	"strconv"
	"strings"

	"kpi/model"
)

// SchemaVersion is the schema this build reads and writes, kept in PRAGMA
// user_version. A file with a higher number was made by a newer kpi and opens
// read-only; a lower number is migrated at open, after a backup.
const SchemaVersion = 4

// ApplicationID ("KPI1") is kept in PRAGMA application_id so that a kpi team file
// can be told apart from any other SQLite database before anything touches it.
const ApplicationID = 0x4B504931

// migrationFiles holds migrations/NNN_name.sql; migration NNN brings a file from
// schema NNN-1 to NNN. It is read-only data, not state.
//
//go:embed migrations/*.sql
var migrationFiles embed.FS

// migration is one schema step.
type migration struct {
	version int
	name    string
	sql     string
}

// loadMigrations returns the embedded migrations in order and checks that they
// run without gaps from 1 to SchemaVersion.
func loadMigrations() ([]migration, error) {
	entries, err := fs.ReadDir(migrationFiles, "migrations")
	if err != nil {
		return nil, err
	}
	var ms []migration
	for _, e := range entries {
		name := e.Name()
		num, _, ok := strings.Cut(name, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || !strings.HasSuffix(name, ".sql") {
			return nil, fmt.Errorf("migration %s: name must be NNN_what.sql", name)
		}
		b, err := migrationFiles.ReadFile(path.Join("migrations", name))
		if err != nil {
			return nil, err
		}
		ms = append(ms, migration{version: v, name: name, sql: string(b)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	for i, m := range ms {
		if m.version != i+1 {
			return nil, fmt.Errorf("migration %s: expected number %d", m.name, i+1)
		}
	}
	if len(ms) != SchemaVersion {
		return nil, fmt.Errorf("%d migrations embedded, but SchemaVersion is %d", len(ms), SchemaVersion)
	}
	return ms, nil
}

// rebuildSteps are the migrations whose file is a complete definition of the
// tables it names, brought in by rebuilding them (rebuildTables) rather than by
// running the file as it is: SQLite cannot add a CHECK to an existing table.
var rebuildSteps = map[int]bool{2: true}

// migrationResult says what a migration did beyond changing the schema.
type migrationResult struct {
	removed, repaired int // rows put into quarantine, left out or kept with cells reset
}

// applyMigrations runs every migration above schema from inside tx and stamps the
// file with SchemaVersion and ApplicationID. The caller owns the transaction, so
// a failed step leaves the file exactly as it was; it also runs it with foreign
// keys off (see writeSchema), which rebuilding tables needs.
func (s *Store) applyMigrations(ctx context.Context, tx *sql.Tx, from int) (migrationResult, error) {
	var res migrationResult
	ms, err := loadMigrations()
	if err != nil {
		return res, err
	}
	for _, m := range ms {
		if m.version <= from {
			continue
		}
		if rebuildSteps[m.version] {
			r := rebuild{ctx: ctx, tx: tx, at: timeText(s.now()), by: s.opt.User, version: m.version}
			err = r.rebuildTables(m.sql)
			res.removed, res.repaired = res.removed+r.removed, res.repaired+r.fixed
		} else {
			_, err = tx.ExecContext(ctx, m.sql)
		}
		if err != nil {
			return res, fmt.Errorf("schema step %s: %w", m.name, err)
		}
	}
	// PRAGMA arguments cannot be bound parameters; both values are constants.
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", SchemaVersion)); err != nil {
		return res, err
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA application_id = %d", ApplicationID)); err != nil {
		return res, err
	}
	return res, nil
}

// migrationBackupName is the sibling file the pre-migration copy goes to:
// NAME.before-migration-vN.bak, or with a counter if that exists already (an
// earlier attempt), so a backup is never overwritten.
func migrationBackupName(dbPath string, from int) string {
	base := fmt.Sprintf("%s.before-migration-v%d", dbPath, from)
	name := base + ".bak"
	for i := 2; ; i++ {
		if _, err := os.Lstat(name); os.IsNotExist(err) {
			return name
		}
		name = fmt.Sprintf("%s-%d.bak", base, i)
	}
}

// schema1Tables are the tables every kpi file has had since schema 1.
var schema1Tables = []string{"settings", "objectives", "kpis", "kpi_targets", "kpi_values", "reviews", "review_kpis",
	"checklist_items", "action_items", "change_log", "sessions"}

// schemaNMarker is an object that schema N (and, for 3, later ones) creates:
// schema 4 replaces schema 2's triggers, so a schema-4 file has no schema2Marker.
const (
	schema2Marker = "kpis_version_moves"
	schema3Marker = "kpi_tags"
	schema4Marker = "kpis_foreign_write"
)

// fileSchema is the schema the file really has. user_version says so when it is
// one this kpi knows; 0 or a negative number (another tool reset it, or a copy
// lost it) says nothing, so the tables are looked at: none yet is schema 0, all
// of schema 1 is 1 (or 2 with schema 2's triggers). Some but not all is refused:
// migrating it would fail on every open, each time after a backup.
func fileSchema(ctx context.Context, tx *sql.Tx) (int, error) {
	var uv int
	if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&uv); err != nil {
		return 0, err
	}
	if uv >= 1 {
		return uv, nil
	}
	have := map[string]bool{}
	rows, err := tx.QueryContext(ctx, "SELECT lower(name) FROM sqlite_schema WHERE type IN ('table', 'trigger')")
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return 0, err
		}
		have[name] = true
	}
	if err := rows.Err(); err != nil {
		return 0, err
	}
	var missing []string
	for _, t := range schema1Tables {
		if !have[t] {
			missing = append(missing, t)
		}
	}
	switch {
	case len(missing) == len(schema1Tables):
		return 0, nil
	case len(missing) > 0:
		return 0, &OpenError{Reason: fmt.Sprintf("its schema version is unknown (user_version %d) and its tables are incomplete (missing: %s)", uv, strings.Join(missing, ", ")),
			Hint: "restore it from a backup, or check it with the sqlite3 shell; kpi did not change it"}
	case have[schema4Marker]:
		return 4, nil
	case have[schema3Marker]:
		return 3, nil
	case have[schema2Marker]:
		return 2, nil
	}
	return 1, nil
}

// stampSchema writes the schema number into a file whose tables are already
// that schema but whose user_version was lost: no backup, nothing else changes.
func (s *Store) stampSchema(ctx context.Context, version int) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", version))
		return err
	})
}

// upgrade migrates an open, writable file from schema `from` to SchemaVersion:
// first a VACUUM INTO copy beside it (never a file copy: closing a descriptor of
// the open database would drop SQLite's locks), then every step in one immediate
// transaction, which looks at the schema again in case another kpi migrated
// first. When a step fails the transaction leaves the file as it was, so the
// backup is removed again: a file that cannot be migrated must not gain a
// full-size copy on every open.
func (s *Store) upgrade(ctx context.Context, from int) error {
	backup := migrationBackupName(s.path, from)
	err := s.retry(ctx, func() error {
		_, err := s.db.ExecContext(ctx, "VACUUM INTO ?", backup)
		return err
	})
	if err != nil {
		os.Remove(backup)
		return fmt.Errorf("backup before migration to %s: %w", backup, err)
	}
	stepFailed := false
	err = s.writeSchema(ctx, func(tx *sql.Tx) error {
		stepFailed = true
		uv, err := fileSchema(ctx, tx)
		if err != nil || uv >= SchemaVersion {
			return err
		}
		res, err := s.applyMigrations(ctx, tx, uv)
		if err != nil {
			return err
		}
		if err := s.defaultSettings(ctx, tx); err != nil {
			return err
		}
		stepFailed = false
		return s.logChange(ctx, tx, change{Entity: "file", Action: "migrate", Summary: migrateSummary(s.who(), uv, backup, res)})
	})
	if err != nil && stepFailed {
		os.Remove(backup)
	}
	return err
}

// defaultSettings gives a file from before settings existed (or whose settings
// row the migration took out) the default settings.
func (s *Store) defaultSettings(ctx context.Context, tx *sql.Tx) error {
	var n int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM settings").Scan(&n); err != nil || n > 0 {
		return err
	}
	return s.insertSettings(ctx, tx, model.DefaultSettings(""))
}

// migrateSummary is the change-log line of a migration: who, from what, where
// the backup is, and what went into quarantine.
func migrateSummary(who string, from int, backup string, res migrationResult) string {
	line := fmt.Sprintf("%s upgraded the file from schema %d to %d (backup: %s)", who, from, SchemaVersion, backup)
	if res.removed+res.repaired > 0 {
		line += fmt.Sprintf("; the new checks refused %d rows: %d left out and %d kept with bad cells reset, all recorded in the quarantine table",
			res.removed+res.repaired, res.removed, res.repaired)
	}
	return line
}
