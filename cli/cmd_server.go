package cli

import (
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"kpi/db"
	"kpi/model"
)

// The commands that exist for teams on a database server: listing the teams,
// granting roles, and copying a team between a file and a server.

func newTeamsCmd(env *Env, g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "teams --db postgres://USER@HOST/DB",
		Short: "List the teams on a database server",
		Args:  argsBetween(0, 0, "--db postgres://USER@HOST/DB"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			dsn, err := resolvePath(env, g)
			if err != nil {
				return err
			}
			if !db.IsServerDSN(dsn) {
				return usagef("kpi teams lists the teams on a server: give --db postgres://USER@HOST/DB (a team file holds one team)")
			}
			teams, err := db.Teams(dsn, storeOptions(env, g))
			if err != nil {
				return err
			}
			out := newSafeWriter(cmd.OutOrStdout())
			if len(teams) == 0 {
				fmt.Fprintln(out, "No teams on this server yet. Create one with: kpi init 'postgres://…?team=KEY' --team \"Name\"")
				return nil
			}
			w := 3
			for _, t := range teams {
				w = max(w, len(t.Key))
			}
			fmt.Fprintf(out, "%-*s  %s\n", w, "KEY", "NAME")
			for _, t := range teams {
				fmt.Fprintf(out, "%-*s  %s\n", w, t.Key, t.Name)
			}
			return nil
		},
	}
}

func newGrantCmd(env *Env, g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "grant --db postgres://…?team=KEY LOGIN viewer|editor|admin",
		Short: "Give a server login a role on the team: viewer, editor or admin",
		Long: "Give a PostgreSQL login a role on the team (creating the login if it does not exist;\n" +
			"how it authenticates is the server's business): a viewer reads; an editor also writes\n" +
			"values, notes, reviews and action items; an admin also changes definitions, objectives\n" +
			"and settings, and grants roles. The server enforces them; only an admin may grant.",
		Args: argsBetween(2, 2, "LOGIN viewer|editor|admin"),
		RunE: func(cmd *cobra.Command, args []string) error {
			login, role := args[0], strings.ToLower(args[1])
			if !validRole(role) {
				return usagef("%q is not a role: use viewer, editor or admin", model.Sanitize(args[1], false))
			}
			dsn, err := resolvePath(env, g)
			if err != nil {
				return err
			}
			if !db.IsServerDSN(dsn) {
				return usagef("roles are granted on a server: give --db postgres://…?team=KEY (a team file's access is its file permissions)")
			}
			st, err := openStore(env, g, dsn)
			if err != nil {
				return err
			}
			defer st.Close()
			if err := st.Grant(login, role); err != nil {
				return err
			}
			fmt.Fprintf(newSafeWriter(cmd.OutOrStdout()), "%s is now %s of team %s.\n", login, article(role), db.TeamKey(dsn))
			return nil
		},
	}
}

func validRole(role string) bool {
	for _, r := range db.Roles {
		if r == role {
			return true
		}
	}
	return false
}

func article(role string) string {
	if role == "admin" || role == "editor" {
		return "an " + role
	}
	return "a " + role
}

func newCopyCmd(env *Env, g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "copy SRC DEST",
		Short: "Copy a team between team files and servers, verified",
		Long: "Copy everything in a team — from a file to a server, from a server to a file, or\n" +
			"between servers (SRC and DEST are paths or postgres://…?team=KEY). DEST must be new, or\n" +
			"an empty team; the copy keeps who entered what and is verified: its JSON export must\n" +
			"equal SRC's.",
		Args: argsBetween(2, 2, "SRC DEST"),
		RunE: func(cmd *cobra.Command, args []string) error {
			src, err := teamPath(args[0])
			if err != nil {
				return err
			}
			dest, err := teamPath(args[1])
			if err != nil {
				return err
			}
			if src == dest {
				return usagef("SRC and DEST are the same team; give another DEST")
			}
			st, err := openReading(env, g, src)
			if err != nil {
				return err
			}
			defer st.Close()
			if err := db.CopyTeam(st, dest, storeOptions(env, g)); err != nil {
				if errors.Is(err, db.ErrNotEmpty) {
					return fmt.Errorf("refusing to copy into %s: it already holds a team; nothing was copied", shownPath(dest))
				}
				return err
			}
			if err := checkAfterRead(g); err != nil {
				return err
			}
			fmt.Fprintf(newSafeWriter(cmd.OutOrStdout()), "Copied %s to %s (verified: the exports are equal).\n", st.Path(), shownTeam(dest))
			return nil
		},
	}
}

// shownTeam is a team path or server DSN as a message shows it (a server's
// without its password).
func shownTeam(p string) string {
	if db.IsServerDSN(p) {
		return db.DisplayDSN(p)
	}
	return shownPath(p)
}

// doctorServer is `kpi doctor` for a team on a server: the file checks
// (SQLite's integrity checks, the file's place, bad cells another tool wrote
// past the file's checks) do not apply, since the server's typed columns and
// constraints refuse what kpi would never write; what is left to tell is
// whether the team opens, as whom, and with which rights.
func doctorServer(cmd *cobra.Command, env *Env, g *globals, dsn string, repair bool) error {
	if repair {
		return exitError{ExitUsage, "--repair works on a team file; on a server, fix the rows `kpi doctor` names with SQL, or `kpi copy` the team to a file, repair it there and copy it back to a new team"}
	}
	st, err := openStore(env, g, dsn)
	if err != nil {
		return err
	}
	defer st.Close()
	out := newSafeWriter(cmd.OutOrStdout())
	fmt.Fprintf(out, "Checking %s\n", st.Path())
	fs := []finding{{fine, "server", fmt.Sprintf("the team opens as %s (%s)", st.User(), st.Role())}}
	if why := st.ReadOnlyReason(); why != "" {
		fs = append(fs, finding{note, "access", "read-only — " + why})
	}
	fs = append(fs, finding{fine, "integrity", "the server keeps it (back it up with pg_dump; `kpi backup` writes a team file copy)"})
	fs = append(fs, serverDataFindings(st)...)
	hy, err := hygieneFindings(st, env.Now())
	if err != nil {
		fs = append(fs, finding{problem, "hygiene", "cannot read the KPIs: " + err.Error()})
	}
	return reportFindings(out, append(fs, hy...))
}

// serverDataFindings name every cell of the team that kpi cannot use as
// written (another tool's SQL: control characters, a stamp in the future), as
// a file's doctor does; on a server they are fixed with SQL, not --repair.
func serverDataFindings(st *db.Store) []finding {
	ps, err := st.Problems()
	if err != nil {
		return []finding{{problem, "data", "cannot check the rows: " + err.Error()}}
	}
	var out []finding
	for _, p := range ps {
		out = append(out, finding{problem, "data", p.String() + "; fix the row with SQL on the server"})
	}
	if len(out) == 0 {
		out = append(out, finding{fine, "data", "every row is as kpi writes it"})
	}
	return out
}
