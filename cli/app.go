package cli

import (
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
}

// AppOptions are what the command line resolved for the app.
type AppOptions struct {
	Path string
	User string
	// Theme is the chosen palette; ThemeExplicit says the user chose it (flag,
	// $KPI_THEME, personal config or NO_COLOR) rather than the team default.
	Theme         themes.Theme
	ThemeExplicit bool
	Week          model.Week // zero: the current week
	Now           func() time.Time
	// Notice is a warning to show when the app starts (e.g. the daily backup
	// failed), since the app's screen hides anything printed before it.
	Notice string
	// Warning is a lasting one-line warning about where the file lives (a sync
	// folder, conflict copies beside it), shown under the header.
	Warning string
	// DailyBackup makes today's backup if none was made yet; the app runs it in
	// the background after its first frame, so a large file does not delay it.
	DailyBackup func() error
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
	o := AppOptions{Path: st.Path(), User: whoAmI(env), Now: env.Now}
	cfg, err := loadConfig(env)
	if err != nil {
		return o, err
	}
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
	o.ThemeExplicit = noColor || strings.TrimSpace(g.theme+env.Getenv("KPI_THEME")+cfg.Theme) != ""
	return o, nil
}
