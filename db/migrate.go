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
const SchemaVersion = 1

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

// applyMigrations runs every migration above schema from inside tx and stamps the
// file with SchemaVersion and ApplicationID. The caller owns the transaction, so
// a failed step leaves the file exactly as it was.
func applyMigrations(ctx context.Context, tx *sql.Tx, from int) error {
	ms, err := loadMigrations()
	if err != nil {
		return err
	}
	for _, m := range ms {
		if m.version <= from {
			continue
		}
		if _, err := tx.ExecContext(ctx, m.sql); err != nil {
			return fmt.Errorf("schema step %s: %w", m.name, err)
		}
	}
	// PRAGMA arguments cannot be bound parameters; both values are constants.
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", SchemaVersion)); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA application_id = %d", ApplicationID)); err != nil {
		return err
	}
	return nil
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

// upgrade migrates an open, writable file from schema `from` to SchemaVersion:
// first a VACUUM INTO copy beside it (never a file copy: closing a descriptor of
// the open database would drop SQLite's locks), then every step in one immediate
// transaction, which re-reads user_version in case another kpi migrated first.
func (s *Store) upgrade(ctx context.Context, from int) error {
	backup := migrationBackupName(s.path, from)
	if _, err := s.db.ExecContext(ctx, "VACUUM INTO ?", backup); err != nil {
		return fmt.Errorf("backup before migration to %s: %w", backup, err)
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		var uv int
		if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&uv); err != nil {
			return err
		}
		if uv >= SchemaVersion {
			return nil
		}
		if err := applyMigrations(ctx, tx, uv); err != nil {
			return err
		}
		// A file from before settings existed gets the defaults.
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM settings").Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			if err := s.insertSettings(ctx, tx, model.DefaultSettings("")); err != nil {
				return err
			}
		}
		return s.logChange(ctx, tx, change{
			Entity: "file", Action: "migrate",
			Summary: fmt.Sprintf("%s upgraded the file from schema %d to %d (backup: %s)", s.who(), uv, SchemaVersion, backup),
		})
	})
}
