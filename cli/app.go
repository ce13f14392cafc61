package cli

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"time"

	"kpi/db"
	"kpi/model"
	"kpi/themes"
)

// App is the interactive app as the command line sees it. cli never imports the
// ui (only main knows both db and ui), so main passes an App that hands the open
// store to the ui.
type App interface {
	// Run runs the app on st until the user quits.
	Run(st *db.Store, o AppOptions) error
	// Snapshot draws one frame of the app exactly as Run would.
	Snapshot(st *db.Store, o AppOptions, s SnapshotRequest) (string, error)
	// KeyBindings is every binding of every scope with the overrides of the
	// personal config applied, or a *KeyProblem naming the override's line when
	// one cannot be (unknown name, bad key, a clash within a scope).
	KeyBindings(overrides []KeyOverride) ([]KeyRow, error)
}

// KeyRow is one binding as the app has it: its scope and name in the config,
// its keys as help shows them, what it does, and the config line that rebound
// it (0: the default).
type KeyRow struct {
	Scope, Name, Keys, Help string
	Line                    int
}

// KeyProblem is a [keys] override the app cannot apply, at Line of the config.
type KeyProblem struct {
	Line int
	Msg  string
}

func (p *KeyProblem) Error() string { return p.Msg }

// AppOptions are what the command line resolved for the app.
type AppOptions struct {
	Path string
	User string
	// OnServer says the team lives on a database server, not in a file: the
	// app's words name the team, not a file.
	OnServer bool
	// Theme is the chosen palette; ThemeExplicit says the user chose it (flag,
	// $KPI_THEME, personal config or NO_COLOR) rather than the team default.
	Theme         themes.Theme
	ThemeExplicit bool
	// NoColor says $NO_COLOR is set: the theme is mono and stays mono, and the
	// app still draws attributes (the cursor's reverse video, bold, faint),
	// which are not colour.
	NoColor bool

	Week model.Week // zero: the current week
	Now  func() time.Time
	// Notice is a warning to show when the app starts (e.g. the daily backup
	// failed), since the app's screen hides anything printed before it.
	Notice string
	// Warning is a lasting one-line warning about where the file lives (a sync
	// folder, conflict copies beside it), shown under the header.
	Warning string
	// DailyBackup makes today's backup if none was made yet; the app runs it in
	// the background after its first frame, so a large file does not delay it.
	DailyBackup func() error
	// IntegrityCheck is the file's quick_check, which the open left for the app
	// to run after its first frame; nil when the file was checked unchanged.
	IntegrityCheck func(ctx context.Context) error
	// ReadCache is the file in the user's cache folder the app keeps its first
	// screen's reads in (db.Store.PersistReads); "" for none (a server team).
	ReadCache string
	// Keys are the personal config's [keys] overrides, checked already.
	Keys []KeyOverride
	// Log is the debug log (a no-op logger without --debug).
	Log *slog.Logger
}

// SnapshotRequest is what `kpi snapshot` asks to draw.
type SnapshotRequest struct {
	View          string
	KPI           string // a KPI key for views that show one KPI
	Width, Height int
	// Color draws ANSI colour; false draws plain text.
	Color bool
}

// appOptions resolves the theme by spec §6 — --theme, $KPI_THEME, the personal
// config, the team default — with NO_COLOR forcing mono.
func appOptions(env *Env, g *globals, st *db.Store) (AppOptions, error) {
	o := AppOptions{Path: st.Path(), User: whoAmI(env), Now: env.Now, Log: env.logger(), Notice: env.configNotice}
	if st.IsServer() {
		// The header names the team by its key, reports of concluded reviews go
		// to ./kpi-reports/KEY-WEEK.md, and the user is the server login.
		path, err := filepath.Abs(db.TeamKey(st.Path()))
		if err != nil {
			return o, err
		}
		o.Path, o.User, o.OnServer = path, st.User(), true
	} else if v := verifiedCachePath(env); v != "" {
		o.ReadCache = db.ReadCachePath(filepath.Dir(v), st.Path())
	}
	cfg, err := loadConfig(env)
	if err != nil {
		return o, err
	}
	if len(cfg.Keys) > 0 { // without overrides the keys are the defaults, checked by their tests
		if _, err := checkKeys(env); err != nil {
			return o, err
		}
	}
	o.Keys = cfg.Keys
	team := ""
	if s, err := st.Settings(); err == nil {
		team = s.DefaultTheme
	}
	if _, err := themes.Lookup(team); err != nil {
		// the team's default is read from the shared file, which any tool can
		// write: an unknown name is no choice, not a reason to refuse to open
		team = ""
	}
	noColor := env.Getenv("NO_COLOR") != ""
	o.Theme, err = themes.Choose(g.theme, env.Getenv("KPI_THEME"), cfg.Theme, team, noColor)
	if err != nil {
		if strings.TrimSpace(g.theme) != "" {
			return o, usagef("--theme: %v", err)
		}
		return o, err
	}
	o.NoColor = noColor
	o.ThemeExplicit = noColor || strings.TrimSpace(g.theme+env.Getenv("KPI_THEME")+cfg.Theme) != ""
	return o, nil
}

// logger is the debug log, a no-op one when none was set up (tests that build an
// Env by hand).
func (env *Env) logger() *slog.Logger {
	if env.Log == nil {
		return discardLog()
	}
	return env.Log
}

// checkKeys applies the personal config's [keys] overrides to the app's key
// maps, before anything opens, so a bad one is one line naming the file and the
// line, exit 1. Without an app (tests) there is nothing to check against.
func checkKeys(env *Env) ([]KeyRow, error) {
	cfg, err := loadConfig(env)
	if err != nil || env.App == nil {
		return nil, err
	}
	rows, err := env.App.KeyBindings(cfg.Keys)
	var kp *KeyProblem
	if errors.As(err, &kp) {
		return nil, fmt.Errorf("%s:%d: %s", cfg.path, kp.Line, kp.Msg)
	}
	return rows, err
}
