package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/user"
	"path/filepath"
	"strings"

	"kpi/db"
)

// resolvePath finds the team file: --db, then $KPI_DB, then the personal config's
// default file, then ./kpi.db (spec §3). A server DSN is returned as it is.
func resolvePath(env *Env, g *globals) (string, error) {
	p := g.dbPath
	if p == "" {
		p = env.Getenv("KPI_DB")
	}
	if p == "" {
		c, err := loadConfig(env)
		if err != nil {
			return "", err
		}
		p = c.DB
	}
	if p == "" {
		p = "kpi.db"
	}
	if db.IsServerDSN(p) {
		return p, nil // a team on a server: postgres://…?team=KEY, or a keyword DSN
	}
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", fmt.Errorf("cannot resolve the path %q: %v", p, err)
	}
	return abs, nil
}

// whoAmI is the name written into the change log: $KPI_USER, else the personal
// config's user, else the OS user.
func whoAmI(env *Env) string {
	if u := env.Getenv("KPI_USER"); u != "" {
		return u
	}
	if c, err := loadConfig(env); err == nil && strings.TrimSpace(c.User) != "" {
		return strings.TrimSpace(c.User)
	}
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	if u := env.Getenv("USER"); u != "" {
		return u
	}
	return "unknown"
}

func storeOptions(env *Env, g *globals) db.Options {
	host, _ := os.Hostname()
	return db.Options{User: whoAmI(env), Host: host, Wait: g.wait, Now: env.Now, VerifiedCache: verifiedCachePath(env), Log: env.Log}
}

// verifiedCachePath is the cache of team files that passed their integrity check
// unchanged since ($XDG_CACHE_HOME/kpi/verified, beside a chosen config folder,
// or the OS cache folder); "" when there is none, and every open checks.
func verifiedCachePath(env *Env) string {
	for _, v := range []string{"XDG_CACHE_HOME", "XDG_CONFIG_HOME"} {
		if x := env.Getenv(v); x != "" {
			return filepath.Join(x, "kpi", "verified")
		}
	}
	if dir, err := os.UserCacheDir(); err == nil {
		return filepath.Join(dir, "kpi", "verified")
	}
	return ""
}

// openStore opens an existing team file.
func openStore(env *Env, g *globals, path string) (*db.Store, error) {
	return db.Open(path, storeOptions(env, g))
}

// openReading opens the file for a read command: the integrity check the open
// would run (a second or more on a large file not checked since it changed) is
// left until the command has printed its output, and then runs (checkAfterRead).
func openReading(env *Env, g *globals, path string) (*db.Store, error) {
	opt := storeOptions(env, g)
	opt.DeferCheck = true
	st, err := db.Open(path, opt)
	if err == nil && st.CheckPending() {
		g.afterRead = st.CheckIntegrity
	}
	return st, err
}

// openResolvedReading resolves the path and opens the file for a read command.
func openResolvedReading(env *Env, g *globals) (*db.Store, error) {
	path, err := resolvePath(env, g)
	if err != nil {
		return nil, err
	}
	return openReading(env, g, path)
}

// checkAfterRead runs the integrity check a read command deferred, after its
// output: a damaged file is an error (exit 1) that says the output may be wrong.
func checkAfterRead(g *globals) error {
	if g.afterRead == nil {
		return nil
	}
	check := g.afterRead
	g.afterRead = nil
	var de *db.DamagedError
	if err := check(context.Background()); errors.As(err, &de) {
		return fmt.Errorf("%s is %s, so what was printed above may be wrong or incomplete; restore it from a backup (`kpi doctor` tells more)", de.Path, de.Reason())
	} else if err != nil {
		return fmt.Errorf("the integrity check of the file did not run (%v); `kpi doctor` runs it", err)
	}
	return nil
}

// openResolved resolves the path and opens the file.
func openResolved(env *Env, g *globals) (*db.Store, error) {
	path, err := resolvePath(env, g)
	if err != nil {
		return nil, err
	}
	return openStore(env, g, path)
}

// teamPath is p made absolute, or p itself when it names a team on a server.
func teamPath(p string) (string, error) {
	if db.IsServerDSN(p) {
		return p, nil
	}
	return filepath.Abs(p)
}
