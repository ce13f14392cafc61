package db

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
)

// Access control on a server is the server's: each team has three group roles,
// and what a role may not do the server refuses, whatever the app shows.
//   - viewer: reads everything (USAGE on the schema, SELECT on its tables);
//   - editor: a viewer that also writes values, notes, reviews, their
//     checklists, action items and events (and the change log and presence
//     rows those writes make);
//   - admin: an editor that also changes definitions (KPIs, their targets and
//     tags), objectives and settings, and grants the roles to others.
// Roles are cluster-wide, so their names carry the database and the team:
// kpi_DATABASE_TEAM_viewer.

// Roles are the role names `kpi grant` takes, weakest first.
var Roles = []string{"viewer", "editor", "admin"}

// editorTables are the tables an editor writes.
const editorTables = "kpi_values, reviews, review_kpis, checklist_items, action_items, events, sessions"

// adminTables are the tables only an admin writes.
const adminTables = "settings, objectives, kpis, kpi_targets, kpi_tags"

// roleName is the group role of role for team in the current database.
func roleName(ctx context.Context, q interface {
	QueryRow(context.Context, string, ...any) pgx.Row
}, team, role string) (string, error) {
	var db string
	if err := q.QueryRow(ctx, "SELECT current_database()").Scan(&db); err != nil {
		return "", err
	}
	name := fmt.Sprintf("kpi_%s_%s_%s", db, team, role)
	if len(name) > 63 {
		return "", fmt.Errorf("the role name %s would be longer than PostgreSQL's 63 bytes; use a shorter team key or database name", name)
	}
	return name, nil
}

// setupRoles creates the team's group roles (if they exist from an earlier
// team of that key they are reused) and grants them on schema, in tx.
func setupRoles(ctx context.Context, tx pgx.Tx, team, schema string) error {
	names := map[string]string{}
	for _, r := range Roles {
		n, err := roleName(ctx, tx, team, r)
		if err != nil {
			return err
		}
		names[r] = pgx.Identifier{n}.Sanitize()
		create := fmt.Sprintf(`DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '%s') THEN CREATE ROLE %s NOLOGIN; END IF; END $$`,
			strings.ReplaceAll(n, "'", "''"), names[r])
		if _, err := tx.Exec(ctx, create); err != nil {
			if pgCode(err) == "42501" {
				return fmt.Errorf("your login may not create the team's roles (%s); it needs CREATEROLE: ask the server's administrator", pgMessage(err))
			}
			return err
		}
	}
	sch := pgx.Identifier{schema}.Sanitize()
	for _, g := range []string{
		"GRANT USAGE ON SCHEMA " + sch + " TO " + names["viewer"],
		"GRANT SELECT ON ALL TABLES IN SCHEMA " + sch + " TO " + names["viewer"],
		"GRANT SELECT ON ALL SEQUENCES IN SCHEMA " + sch + " TO " + names["viewer"],
		"GRANT " + names["viewer"] + " TO " + names["editor"],
		"GRANT " + names["editor"] + " TO " + names["admin"],
		"GRANT INSERT, UPDATE, DELETE ON " + editorTables + " TO " + names["editor"],
		"GRANT INSERT ON change_log TO " + names["editor"],
		"GRANT USAGE, UPDATE ON ALL SEQUENCES IN SCHEMA " + sch + " TO " + names["editor"],
		"GRANT INSERT, UPDATE, DELETE ON " + adminTables + " TO " + names["admin"],
	} {
		if _, err := tx.Exec(ctx, g); err != nil {
			return fmt.Errorf("%s: %w", g, err)
		}
	}
	return nil
}

// Grant gives login the team's role (viewer, editor or admin), creating the
// login (without a password: the server's authentication decides how it logs
// in) when it does not exist, and taking away the team's other roles. The
// server decides whether this store's login may: an admin may, others are
// refused with the server's reason.
func (s *Store) Grant(login, role string) error {
	if s.srv == nil {
		return errors.New("roles are granted on a server; a team file's access is its file permissions")
	}
	login = strings.TrimSpace(login)
	if login == "" || strings.ContainsAny(login, "\x00") {
		return errors.New("give the login to grant a role to")
	}
	want := -1
	for i, r := range Roles {
		if r == role {
			want = i
		}
	}
	if want < 0 {
		return fmt.Errorf("%q is not a role; use viewer, editor or admin", role)
	}
	ctx := context.Background()
	tx, err := s.srv.pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	if err := s.srv.grantIn(ctx, tx, login, want); err != nil {
		if pgCode(err) == "42501" {
			return fmt.Errorf("the server refused: your login %s may not grant roles on team %s (%s); ask one of its admins; nothing was changed",
				s.opt.User, s.srv.target.team, pgMessage(err))
		}
		return err
	}
	return tx.Commit(ctx)
}

// grantIn does Grant's work in tx.
func (v *server) grantIn(ctx context.Context, tx pgx.Tx, login string, want int) error {
	who := pgx.Identifier{login}.Sanitize()
	var exists bool
	if err := tx.QueryRow(ctx, "SELECT EXISTS (SELECT FROM pg_roles WHERE rolname = $1)", login).Scan(&exists); err != nil {
		return err
	}
	if !exists {
		if _, err := tx.Exec(ctx, "CREATE ROLE "+who+" LOGIN"); err != nil {
			return err
		}
	}
	var all []string
	for _, r := range Roles {
		n, err := roleName(ctx, tx, v.target.team, r)
		if err != nil {
			return err
		}
		all = append(all, pgx.Identifier{n}.Sanitize())
	}
	if _, err := tx.Exec(ctx, "REVOKE "+strings.Join(all, ", ")+" FROM "+who); err != nil {
		return err
	}
	grant := "GRANT " + all[want] + " TO " + who
	if Roles[want] == "admin" {
		grant = "GRANT " + strings.Join(all, ", ") + " TO " + who + " WITH ADMIN OPTION"
	}
	_, err := tx.Exec(ctx, grant)
	return err
}

// Role is this login's role on the team ("viewer", "editor" or "admin"; ""
// on a team file), read at open from what the server grants it.
func (s *Store) Role() string {
	if s.srv == nil {
		return ""
	}
	return s.srv.role
}

// User is who this store writes as: on a server the login (session_user),
// on a file Options.User.
func (s *Store) User() string { return s.opt.User }
