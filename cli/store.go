package cli

import (
	"fmt"
	"os"
	"os/user"
	"path/filepath"
	"strings"

	"kpi/db"
)

// resolvePath finds the team file: --db, then $KPI_DB, then the personal config's
// default file, then ./kpi.db (spec §3).
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

// openResolved resolves the path and opens the file.
func openResolved(env *Env, g *globals) (*db.Store, error) {
	path, err := resolvePath(env, g)
	if err != nil {
		return nil, err
	}
	return openStore(env, g, path)
}
