package db

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"kpi/model"
)

// creatingMark is in the name of the schema createServer builds a team in
// before renaming it into place; `kpi teams` leaves such schemas out.
const creatingMark = "__creating_"

// CreateServer makes a new team on a server, like CreateFilled makes a file:
// the schema is built and filled under a temporary name (TEAM__creating_RANDOM)
// and renamed to the team's key only when complete, so a `kpi demo` killed
// midway leaves no half-filled team that every command would take for a sound
// one. It refuses a team that exists. A failure of fill is returned as it is;
// every other failure is an *OpenError saying nothing was left behind.
func CreateServer(dsn string, opt Options, st model.Settings, fill func(*Store) error) (*Store, error) {
	opt = opt.withDefaults()
	t, err := parseTarget(dsn)
	if err != nil {
		return nil, err // a bad address is the address's problem, not the create's
	}
	ctx := context.Background()
	pool, err := connectServer(ctx, t, "pg_catalog", opt)
	if err != nil {
		if oe, ok := err.(*OpenError); ok { // always, today; a future error kind must not panic here
			oe.Op = "create"
		}
		return nil, err
	}
	defer pool.Close()
	fail := func(err error) (*Store, error) {
		var oe *OpenError
		if errors.As(err, &oe) {
			oe.Op = "create"
			return nil, oe
		}
		return nil, &OpenError{Op: "create", Path: t.display, Reason: cleanPGError(err), Hint: "nothing was left behind", Err: err}
	}
	if err := refuseExisting(ctx, pool, t); err != nil {
		return fail(err)
	}
	tmp := t.team + creatingMark + strings.ToLower(rand.Text()[:6])
	dropTmp := func() {
		pool.Exec(context.Background(), "DROP SCHEMA IF EXISTS "+pgx.Identifier{tmp}.Sanitize()+" CASCADE")
	}
	if err := buildSchema(ctx, pool, t, tmp); err != nil {
		dropTmp()
		return fail(err)
	}
	if err := fillTeam(ctx, t, tmp, opt, st, fill); err != nil {
		dropTmp()
		var oe *OpenError
		if errors.As(err, &oe) || fill == nil {
			return fail(err)
		}
		return nil, err
	}
	_, err = pool.Exec(ctx, fmt.Sprintf("ALTER SCHEMA %s RENAME TO %s", pgx.Identifier{tmp}.Sanitize(), pgx.Identifier{t.team}.Sanitize()))
	if err != nil {
		dropTmp()
		if pgCode(err) == "42P06" {
			return fail(existsError(t))
		}
		return fail(err)
	}
	return openServer(dsn, opt)
}

// refuseExisting fails when the team's schema exists already.
func refuseExisting(ctx context.Context, pool *pgxpool.Pool, t target) error {
	var exists bool
	if err := pool.QueryRow(ctx, "SELECT EXISTS (SELECT FROM pg_namespace WHERE nspname = $1)", t.team).Scan(&exists); err != nil {
		return err
	}
	if exists {
		return existsError(t)
	}
	return nil
}

func existsError(t target) *OpenError {
	return &OpenError{Op: "create", Path: t.display, Reason: "the team " + t.team + " exists already on this server",
		Hint: "refusing to overwrite it; choose another ?team=KEY, or open it with `kpi --db '" + t.display + "'`"}
}

// buildSchema creates schema tmp with the server schema and the team's roles,
// in one transaction.
func buildSchema(ctx context.Context, pool *pgxpool.Pool, t target, tmp string) error {
	tx, err := pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	ident := pgx.Identifier{tmp}.Sanitize()
	if _, err := tx.Exec(ctx, "CREATE SCHEMA "+ident); err != nil {
		if pgCode(err) == "42501" {
			return &OpenError{Path: t.display, Reason: "your login may not create a team's schema in this database (" + pgMessage(err) + ")",
				Hint: "ask the server's administrator for CREATE on the database (GRANT CREATE ON DATABASE …)", Err: err}
		}
		return err
	}
	if _, err := tx.Exec(ctx, "SET LOCAL search_path TO "+ident); err != nil {
		return err
	}
	if err := applyPGMigrations(ctx, tx, 0); err != nil {
		return err
	}
	if err := setupRoles(ctx, tx, t.team, tmp); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

// fillTeam writes the settings and fill's contents into the schema tmp.
func fillTeam(ctx context.Context, t target, tmp string, opt Options, st model.Settings, fill func(*Store) error) error {
	s, err := openTeam(ctx, t, tmp, opt)
	if err != nil {
		return err
	}
	defer s.Close()
	st = settingsOrDefault(st)
	if err := s.write(ctx, func(tx *sql.Tx) error { return s.insertSettings(ctx, tx, st) }); err != nil {
		return err
	}
	if fill != nil {
		return fill(s)
	}
	return nil
}

// pgMigration is one step of the server schema.
type pgMigration struct {
	version int
	name    string
	sql     string
}

// loadPGMigrations returns migrations/pg/NNN_*.sql in order, checked to run
// without gaps from 1 to PGSchemaVersion.
func loadPGMigrations() ([]pgMigration, error) {
	entries, err := fs.ReadDir(pgMigrationFiles, "migrations/pg")
	if err != nil {
		return nil, err
	}
	var ms []pgMigration
	for _, e := range entries {
		var v int
		if _, err := fmt.Sscanf(e.Name(), "%03d_", &v); err != nil {
			return nil, fmt.Errorf("server migration %s: name must be NNN_what.sql", e.Name())
		}
		b, err := pgMigrationFiles.ReadFile(path.Join("migrations/pg", e.Name()))
		if err != nil {
			return nil, err
		}
		ms = append(ms, pgMigration{v, e.Name(), string(b)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	for i, m := range ms {
		if m.version != i+1 {
			return nil, fmt.Errorf("server migration %s: expected number %d", m.name, i+1)
		}
	}
	if len(ms) != PGSchemaVersion {
		return nil, fmt.Errorf("%d server migrations embedded, but PGSchemaVersion is %d", len(ms), PGSchemaVersion)
	}
	return ms, nil
}

// applyPGMigrations runs every server migration above from in tx (whose
// search_path is the team's schema) and stamps kpi_meta.
func applyPGMigrations(ctx context.Context, tx pgx.Tx, from int) error {
	ms, err := loadPGMigrations()
	if err != nil {
		return err
	}
	for _, m := range ms {
		if m.version <= from {
			continue
		}
		if _, err := tx.Exec(ctx, m.sql); err != nil {
			return fmt.Errorf("server schema step %s: %w", m.name, err)
		}
	}
	_, err = tx.Exec(ctx, `INSERT INTO kpi_meta (id, application_id, schema_version) VALUES (1, $1, $2)
		ON CONFLICT (id) DO UPDATE SET schema_version = excluded.schema_version`, ApplicationID, PGSchemaVersion)
	return err
}

// pgCode is the SQLSTATE of a server error in err, or "".
func pgCode(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code
	}
	return ""
}

// pgMessage is the server's message in err, or err's text.
func pgMessage(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return model.Sanitize(pe.Message, false)
	}
	return cleanPGError(err)
}

// serverTeamExists says whether the team dsn names exists (false when the
// server cannot be asked: creating it will then say why).
func serverTeamExists(dsn string) bool {
	ctx := context.Background()
	t, pool, err := connectCatalog(ctx, dsn, Options{}.withDefaults())
	if err != nil {
		return false
	}
	defer pool.Close()
	return refuseExisting(ctx, pool, t) != nil
}
