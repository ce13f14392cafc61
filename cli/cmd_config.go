package cli

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"kpi/db"
	"kpi/themes"
)

// setting is one effective personal setting and where its value came from.
type setting struct{ name, value, from string }

func newConfigCmd(env *Env, g *globals) *cobra.Command {
	var allKeys bool
	cmd := &cobra.Command{
		Use:   "config [--keys]",
		Short: "Print your effective settings and where each one came from",
		Long: "Print the settings kpi runs with — team file, theme, daily backups, the name recorded on\n" +
			"your changes, the debug log, rebound keys — and where each came from: a flag, the\n" +
			"environment, your config file (with its line), the team file's default, or kpi's default.\n" +
			"Your config is $XDG_CONFIG_HOME/kpi/config.toml (~/.config/kpi/config.toml).",
		Args: argsBetween(0, 0, "[--keys]"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := loadConfig(env)
			if err != nil {
				return err
			}
			rows, err := checkKeys(env)
			if err != nil {
				return err
			}
			settings, err := effectiveSettings(env, g, cfg)
			if err != nil {
				return err
			}
			return printSettings(cmd.OutOrStdout(), settings, rows, allKeys)
		},
	}
	cmd.Flags().BoolVar(&allKeys, "keys", false, "list every key binding of every scope, not only the ones you rebound")
	return cmd
}

// effectiveSettings resolves each setting the way the commands and the app do.
func effectiveSettings(env *Env, g *globals, cfg personalConfig) ([]setting, error) {
	p, _ := configPath(env)
	file := setting{"config", p, "missing: every setting is a default"}
	if cfg.path != "" {
		file.from = "read"
	}
	dbPath, err := resolvePath(env, g)
	if err != nil {
		return nil, err
	}
	out := []setting{file,
		pick("db", dbPath, firstSet(g.dbPath, "--db", env.Getenv("KPI_DB"), "$KPI_DB", cfg.DB, cfg.configLine("db")), "default (./kpi.db)")}
	out = append(out, themeSetting(env, g, cfg, dbPath))
	keep, err := backupsToKeep(env)
	if err != nil {
		return nil, err
	}
	cfgBackups := ""
	if cfg.Backups != nil {
		cfgBackups = strconv.Itoa(*cfg.Backups)
	}
	out = append(out,
		pick("backups", strconv.Itoa(keep), firstSet("", "", env.Getenv("KPI_BACKUPS"), "$KPI_BACKUPS", cfgBackups, cfg.configLine("backups")), "default"),
		userSetting(env, cfg, dbPath),
		pick("debug", orOff(debugPath(env, g)), firstSet(g.debug, "--debug", env.Getenv("KPI_DEBUG"), "$KPI_DEBUG", "", ""), "default"))
	return out, nil
}

// firstSet is the source of the first non-empty value of (value, source) pairs.
func firstSet(pairs ...string) string {
	for i := 0; i+1 < len(pairs); i += 2 {
		if strings.TrimSpace(pairs[i]) != "" {
			return pairs[i+1]
		}
	}
	return ""
}

// pick is a setting whose source is from, or fallback when nothing set it.
func pick(name, value, from, fallback string) setting {
	if from == "" {
		from = fallback
	}
	return setting{name, value, from}
}

func orOff(s string) string {
	if s == "" {
		return "off"
	}
	return s
}

// themeSetting resolves the theme as the app does — --theme, $KPI_THEME, your
// config, the team's default, NO_COLOR forcing mono — reading the team's default
// from the file when it opens (a file that does not is named, not fatal).
func themeSetting(env *Env, g *globals, cfg personalConfig, dbPath string) setting {
	team, teamFrom := "", "the team's default"
	if st, err := db.Open(dbPath, storeOptions(env, g)); err == nil {
		if s, err := st.Settings(); err == nil {
			team = s.DefaultTheme
		}
		st.Close()
	} else {
		teamFrom = "kpi's default (the team file did not open, so its default is unknown)"
	}
	from := firstSet(g.theme, "--theme", env.Getenv("KPI_THEME"), "$KPI_THEME", cfg.Theme, cfg.configLine("theme"), team, teamFrom)
	noColor := env.Getenv("NO_COLOR") != ""
	if noColor {
		from = "$NO_COLOR"
	}
	t, err := themes.Choose(g.theme, env.Getenv("KPI_THEME"), cfg.Theme, team, noColor)
	if err != nil {
		return setting{"theme", "?", from + ": " + err.Error()}
	}
	if from == "" {
		from = "kpi's default"
	}
	return setting{"theme", t.Name, from}
}

// printSettings writes the settings as aligned columns, then the rebound keys
// (or every key with allKeys) with the config line that set each.
func printSettings(w io.Writer, settings []setting, rows []KeyRow, allKeys bool) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, s := range settings {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", s.name, safeText(s.value), safeText(s.from))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	rebound := 0
	for _, r := range rows {
		if r.Line > 0 {
			rebound++
		}
	}
	if !allKeys {
		fmt.Fprintf(w, "keys     %d rebound in your config (kpi config --keys lists every key)\n", rebound)
	}
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, r := range rows {
		if r.Line == 0 && !allKeys {
			continue
		}
		from := "default"
		if r.Line > 0 {
			from = fmt.Sprintf("config line %d", r.Line)
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", qualifiedKey(r), safeText(r.Keys), r.Help, from)
	}
	return tw.Flush()
}

// qualifiedKey names a binding as the config does: quit, trends.next_kpi.
func qualifiedKey(r KeyRow) string {
	if r.Scope == "global" {
		return r.Name
	}
	return r.Scope + "." + r.Name
}

// userSetting is who writes: on a server always the login (KPI_USER and the
// config's user do not apply there), else $KPI_USER, the config's user or the
// OS user.
func userSetting(env *Env, cfg personalConfig, dbPath string) setting {
	if db.IsServerDSN(dbPath) {
		return setting{"user", db.ServerLogin(dbPath), "the server login (KPI_USER does not apply on a server)"}
	}
	return pick("user", whoAmI(env), firstSet("", "", env.Getenv("KPI_USER"), "$KPI_USER", strings.TrimSpace(cfg.User), cfg.configLine("user")), "the OS user")
}
