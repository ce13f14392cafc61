package db

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"kpi/model"
)

// A team on a PostgreSQL server (15 or later): one schema per team in one
// database, named by the DSN's `team` (default "main"); every connection's
// search_path is that schema, so the store's queries name no schema. Who writes
// is the server login (session_user); what a login may do is what the server
// grants it (pg_roles.go).

// PGSchemaVersion is the server schema this build reads and writes, kept in
// the team's kpi_meta row; numbered apart from the file's SchemaVersion, since
// each engine keeps its own migrations (migrations/pg/NNN_*.sql).
const PGSchemaVersion = 1

//go:embed migrations/pg/*.sql
var pgMigrationFiles embed.FS

// DefaultTeam is the team a DSN without `team` names.
const DefaultTeam = "main"

// serverKeywords are the keywords that make a string a keyword DSN
// ("host=db dbname=kpi team=sales") rather than a file name.
var serverKeywords = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^\s*(host|hostaddr|port|dbname|user|password|service|sslmode|team)\s*=`)
})

// IsServerDSN says whether s names a team on a server rather than a team file:
// a postgres:// or postgresql:// URL, or a keyword DSN.
func IsServerDSN(s string) bool {
	l := strings.ToLower(strings.TrimSpace(s))
	return strings.HasPrefix(l, "postgres://") || strings.HasPrefix(l, "postgresql://") || serverKeywords().MatchString(s)
}

// teamKey is a team's key: its schema's name.
var teamKey = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[a-z][a-z0-9_]{0,39}$`) })

// target is a parsed server DSN: how to connect (without the team, which is
// kpi's, not the server's) and which team.
type target struct {
	conn    string // the DSN without team
	team    string
	display string // the DSN without a password, for headers and messages
}

// parseTarget splits the team out of a URL or keyword DSN and checks it.
func parseTarget(dsn string) (target, error) {
	t := target{team: DefaultTeam}
	if l := strings.ToLower(strings.TrimSpace(dsn)); strings.HasPrefix(l, "postgres://") || strings.HasPrefix(l, "postgresql://") {
		u, err := url.Parse(strings.TrimSpace(dsn))
		if err != nil {
			return t, &OpenError{Path: "the server address", Reason: "it is not a valid URL (" + err.Error() + ")", Hint: "write it as postgres://USER@HOST/DATABASE?team=KEY"}
		}
		q, err := url.ParseQuery(u.RawQuery)
		if err != nil {
			return t, &OpenError{Path: "the server address", Reason: "its parameters cannot be read (" + err.Error() + ")", Hint: "write it as postgres://USER@HOST/DATABASE?team=KEY"}
		}
		if v := q.Get("team"); v != "" {
			t.team = v
		}
		q.Del("team")
		u.RawQuery = q.Encode()
		t.conn = u.String()
	} else {
		var kept []string
		for _, f := range keywordFields(dsn) {
			if v, ok := strings.CutPrefix(f, "team="); ok {
				t.team = strings.Trim(v, "'")
				continue
			}
			kept = append(kept, f)
		}
		t.conn = strings.Join(kept, " ")
	}
	cfg, err := pgx.ParseConfig(t.conn)
	if err != nil {
		return t, &OpenError{Path: "the server address", Reason: "it cannot be read (" + cleanPGError(err) + ")", Hint: "write it as postgres://USER@HOST/DATABASE?team=KEY"}
	}
	t.display = displayDSN(cfg, t.team)
	if !teamKey().MatchString(t.team) || t.team == "public" || strings.HasPrefix(t.team, "pg_") {
		return t, &OpenError{Path: t.display, Reason: fmt.Sprintf("%q is not a team key", model.Sanitize(t.team, false)),
			Hint: "a team key is a lower-case letter, then up to 39 lower-case letters, digits or _ (not public, not pg_…)"}
	}
	return t, nil
}

// keywordFields splits a keyword DSN into key=value fields, keeping quoted
// values ('a b') whole.
func keywordFields(dsn string) []string {
	var out []string
	var b strings.Builder
	quoted := false
	for _, r := range dsn {
		switch {
		case r == '\'':
			quoted = !quoted
			b.WriteRune(r)
		case (r == ' ' || r == '\t') && !quoted:
			if b.Len() > 0 {
				out = append(out, b.String())
				b.Reset()
			}
		default:
			b.WriteRune(r)
		}
	}
	if b.Len() > 0 {
		out = append(out, b.String())
	}
	return out
}

// displayDSN names the team without its password: postgres://USER@HOST/DB?team=KEY.
func displayDSN(cfg *pgx.ConnConfig, team string) string {
	host := cfg.Host
	q := "team=" + team
	if strings.HasPrefix(host, "/") {
		q = "host=" + url.QueryEscape(host) + "&" + q
		host = ""
	} else if cfg.Port != 0 && cfg.Port != 5432 {
		host = fmt.Sprintf("%s:%d", host, cfg.Port)
	}
	return fmt.Sprintf("postgres://%s@%s/%s?%s", cfg.User, host, cfg.Database, q)
}

// serverLockTimeout bounds one statement's wait for a lock, so that retry (with
// Options.Wait) bounds waiting, as maxBusyTimeout does on a file.
const serverLockTimeout = 250 * time.Millisecond

// connectServer opens a pool to the server with the team's schema as every
// connectCatalog parses dsn and connects to its server outside any team's
// schema, for what is asked of the server as a whole: which teams exist,
// making a new one.
func connectCatalog(ctx context.Context, dsn string, opt Options) (target, *pgxpool.Pool, error) {
	t, err := parseTarget(dsn)
	if err != nil {
		return t, nil, err
	}
	pool, err := connectServer(ctx, t, "pg_catalog", opt)
	return t, pool, err
}

// connection's search_path, and checks that the server answers.
func connectServer(ctx context.Context, t target, schema string, opt Options) (*pgxpool.Pool, error) {
	cfg, err := pgxpool.ParseConfig(t.conn)
	if err != nil {
		return nil, &OpenError{Path: t.display, Reason: cleanPGError(err)}
	}
	rt := cfg.ConnConfig.RuntimeParams
	rt["search_path"] = pgx.Identifier{schema}.Sanitize()
	rt["lock_timeout"] = fmt.Sprint(min(opt.Wait, serverLockTimeout).Milliseconds())
	rt["idle_in_transaction_session_timeout"] = "60000"
	if rt["application_name"] == "" {
		rt["application_name"] = "kpi"
	}
	if cfg.ConnConfig.ConnectTimeout == 0 {
		cfg.ConnConfig.ConnectTimeout = 10 * time.Second
	}
	cfg.MaxConnIdleTime = 30 * time.Second
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, &OpenError{Path: t.display, Reason: cleanPGError(err)}
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, connectError(t, cfg.ConnConfig.User, err)
	}
	return pool, nil
}

// connectError is the one line for a server that cannot be reached or refuses
// the login.
func connectError(t target, login string, err error) *OpenError {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch {
		case pe.Code == "28P01" || pe.Code == "28000":
			return &OpenError{Path: t.display, Reason: fmt.Sprintf("the server refused the login %s (%s)", login, pe.Message),
				Hint: "check the user name and password (PGPASSWORD or ~/.pgpass)", Err: err}
		case pe.Code == "3D000":
			return &OpenError{Path: t.display, Reason: "the server has no such database (" + pe.Message + ")",
				Hint: "create it with createdb, or check the name", Err: err}
		}
		return &OpenError{Path: t.display, Reason: "the server refused the connection (" + pe.Message + ")", Err: err}
	}
	return &OpenError{Path: t.display, Reason: "cannot reach the server (" + cleanPGError(err) + ")",
		Hint: "check that it is running and the host and port are right", Err: err}
}

// cleanPGError is an error's text without pgx's prefixes, on one line.
func cleanPGError(err error) string {
	msg := err.Error()
	if i := strings.LastIndex(msg, ": "); i >= 0 && strings.Contains(msg, "failed to connect") {
		msg = msg[i+2:]
	}
	return model.Sanitize(strings.ReplaceAll(msg, "\n", " "), false)
}

// openServer opens an existing team on a server. It never creates one (only
// `kpi init`, `kpi demo` and `kpi copy` do, through createServer). A login
// without write rights, or a schema made by a newer kpi, opens read-only with
// the reason.
func openServer(dsn string, opt Options) (*Store, error) {
	opt = opt.withDefaults()
	t, err := parseTarget(dsn)
	if err != nil {
		return nil, err
	}
	ctx := context.Background()
	start := time.Now()
	s, err := openTeam(ctx, t, t.team, opt)
	opt.Log.Debug("open", "server", t.display, "took", time.Since(start), "err", err)
	return s, err
}

// openTeam opens the team whose schema is schema (t.team, or the temporary
// schema createServer fills).
func openTeam(ctx context.Context, t target, schema string, opt Options) (*Store, error) {
	pool, err := connectServer(ctx, t, schema, opt)
	if err != nil {
		return nil, err
	}
	srv := &server{pool: pool, target: t, schema: schema}
	db := sql.OpenDB(newPGConnector(pool))
	db.SetMaxIdleConns(0) // the pgx pool keeps the idle connections
	s := &Store{db: db, path: t.display, opt: opt, srv: srv}
	srv.store = s
	if err := srv.checkTeam(ctx); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// checkTeam reads who this login is and the team's schema version, and
// decides whether the store is read-only.
func (v *server) checkTeam(ctx context.Context) error {
	s := v.store
	var login string
	var appID, version, schemaOID int64
	var canWrite, canDefine bool
	err := s.db.QueryRowContext(ctx, `SELECT session_user, m.application_id, m.schema_version,
		has_table_privilege('kpi_values', 'INSERT'), has_table_privilege('kpis', 'UPDATE'),
		(SELECT oid::bigint FROM pg_namespace WHERE nspname = current_schema())
		FROM kpi_meta m WHERE m.id = 1`).Scan(&login, &appID, &version, &canWrite, &canDefine, &schemaOID)
	if err != nil {
		return v.teamError(ctx, err)
	}
	if appID != ApplicationID {
		return &OpenError{Path: v.target.display, Reason: "its schema " + v.schema + " is not a kpi team", Hint: "check the team key"}
	}
	s.opt.User = model.Sanitize(login, false)
	v.lockKey = int64(ApplicationID)<<32 | schemaOID
	v.role = "admin"
	switch {
	case !canWrite:
		v.role = "viewer"
		s.readOnly = fmt.Sprintf("your login %s is a viewer of this team: it may read, not write; an admin can change that with `kpi grant`", s.opt.User)
	case !canDefine:
		v.role = "editor"
	}
	if version > PGSchemaVersion {
		s.readOnly = fmt.Sprintf("made by a newer kpi (server schema %d); update kpi to edit it", version)
	}
	return nil
}

// teamError explains a team that could not be read: missing, or not this
// login's to read.
func (v *server) teamError(ctx context.Context, err error) error {
	var pe *pgconn.PgError
	if !errors.As(err, &pe) {
		return &OpenError{Path: v.target.display, Reason: cleanPGError(err), Err: err}
	}
	if pe.Code == "42501" {
		return &OpenError{Path: v.target.display, Reason: "your login may not read team " + v.target.team + " (" + pe.Message + ")",
			Hint: "ask one of its admins for `kpi grant --db URL LOGIN viewer`", Err: err}
	}
	if pe.Code == "42P01" {
		var exists bool
		v.store.db.QueryRowContext(ctx, "SELECT EXISTS (SELECT FROM pg_namespace WHERE nspname = ?)", v.schema).Scan(&exists)
		if exists {
			return &OpenError{Path: v.target.display, Reason: "the schema " + v.schema + " is not a kpi team (or your login may not see it)",
				Hint: "check the team key; `kpi teams --db URL` lists the teams", Err: err}
		}
		return &OpenError{Path: v.target.display, Reason: "there is no team " + v.target.team + " on this server",
			Hint: "create it with `kpi init '" + v.target.display + "' --team NAME`; `kpi teams --db URL` lists the teams", Err: err}
	}
	return &OpenError{Path: v.target.display, Reason: cleanPGError(err), Err: err}
}

// TeamKey is the team a server DSN names (DefaultTeam when it names none), or
// "" when it cannot be read.
func TeamKey(dsn string) string {
	t, err := parseTarget(dsn)
	if err != nil {
		return ""
	}
	return t.team
}

// DisplayDSN is a server DSN as messages show it: without its password.
func DisplayDSN(dsn string) string {
	t, err := parseTarget(dsn)
	if err != nil || t.display == "" {
		return "the server"
	}
	return t.display
}

// ServerLogin is the login a server DSN connects as (the OS user when it names
// none, as for psql), or "" when it cannot be read.
func ServerLogin(dsn string) string {
	t, err := parseTarget(dsn)
	if err != nil {
		return ""
	}
	cfg, err := pgx.ParseConfig(t.conn)
	if err != nil {
		return ""
	}
	return model.Sanitize(cfg.User, false)
}
