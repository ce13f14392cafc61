package cli

import (
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"kpi/model"
	"kpi/themes"
)

// snapshotViews are the views `kpi snapshot --view` draws, in tab order.
var snapshotViews = []string{"dashboard", "objectives", "scorecard", "trends", "review", "walkthrough"}

// registerCompletions teaches shell completion the values kpi knows: the team
// file's KPI keys for every --kpi flag (the team file found by --db, $KPI_DB or
// your config), weeks near today for every --week, the themes, the snapshot's
// views, the export formats and the file's owners for `due --owner`.
//
// Main registers them only when the shell asks for completions (cobra's hidden
// __complete commands): walking every command's flags costs every other run
// of kpi a few hundred microseconds of start-up for nothing.
func registerCompletions(root *cobra.Command, env *Env, g *globals) {
	root.RegisterFlagCompletionFunc("theme", fixedCompletion(themes.Names()...))
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		local := c.LocalNonPersistentFlags() // builds a new set each call
		for name, fn := range map[string]cobra.CompletionFunc{
			"kpi": func(_ *cobra.Command, _ []string, p string) ([]string, cobra.ShellCompDirective) {
				return completeKPIs(env, g, p, true)
			},
			"week": func(_ *cobra.Command, _ []string, p string) ([]string, cobra.ShellCompDirective) {
				return completeWeeks(env, p)
			},
			"view":   fixedCompletion(snapshotViews...),
			"format": fixedCompletion("csv", "json"),
			"owner": func(_ *cobra.Command, _ []string, p string) ([]string, cobra.ShellCompDirective) {
				return completeOwners(env, g, p)
			},
		} {
			if local.Lookup(name) == nil {
				continue
			}
			if _, done := c.GetFlagCompletionFunc(name); !done {
				c.RegisterFlagCompletionFunc(name, fn)
			}
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
}

// completing reports whether args ask for shell completions rather than run a
// command (cobra.ShellCompRequestCmd and ShellCompNoDescRequestCmd).
func completing(args []string) bool {
	return len(args) > 0 && (args[0] == cobra.ShellCompRequestCmd || args[0] == cobra.ShellCompNoDescRequestCmd)
}

// fixedCompletion offers a fixed list of values.
func fixedCompletion(values ...string) cobra.CompletionFunc {
	return func(_ *cobra.Command, _ []string, prefix string) ([]string, cobra.ShellCompDirective) {
		var out []string
		for _, v := range values {
			if strings.HasPrefix(v, prefix) {
				out = append(out, v)
			}
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}

// completeWeeks offers the weeks near today, newest first: two ahead, this
// week, and twelve back, each with what it is ("this week", "3 weeks ago").
func completeWeeks(env *Env, prefix string) ([]string, cobra.ShellCompDirective) {
	now := model.CurrentWeek(env.Now())
	var out []string
	for n := 2; n >= -12; n-- {
		w := now.Add(n)
		if !strings.HasPrefix(w.String(), prefix) {
			continue
		}
		out = append(out, w.String()+"\t"+weeksFromNow(n))
	}
	return out, cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveKeepOrder
}

// weeksFromNow says a week's distance from this one in words.
func weeksFromNow(n int) string {
	switch {
	case n == 0:
		return "this week"
	case n == -1:
		return "last week"
	case n == 1:
		return "next week"
	case n < 0:
		return fmt.Sprintf("%d weeks ago", -n)
	}
	return fmt.Sprintf("in %d weeks", n)
}

// completeKPIs offers the file's active KPI keys with their names; derived
// KPIs only where the command can use them (not `set`: they are computed).
func completeKPIs(env *Env, g *globals, prefix string, derived bool) ([]string, cobra.ShellCompDirective) {
	st, err := openResolved(env, g)
	if err != nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	defer st.Close()
	kpis, err := st.KPIs()
	if err != nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	var out []string
	for _, k := range kpis {
		if !k.Archived && (derived || !k.Derived()) && strings.HasPrefix(k.Key, prefix) {
			out = append(out, model.Sanitize(k.Key, false)+"\t"+model.Sanitize(k.Name, false))
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}

// completeOwners offers the owners of the file's active KPIs.
func completeOwners(env *Env, g *globals, prefix string) ([]string, cobra.ShellCompDirective) {
	st, err := openResolved(env, g)
	if err != nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	defer st.Close()
	kpis, err := st.KPIs()
	if err != nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	seen := map[string]bool{}
	var out []string
	for _, k := range kpis {
		o := model.Sanitize(k.Owner, false)
		if !k.Archived && o != "" && !seen[o] && strings.HasPrefix(o, prefix) {
			seen[o] = true
			out = append(out, o)
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}

// newManCmd writes kpi's man pages (kpi.1, kpi-set.1, …) into a folder, from
// the same command definitions as --help. The date is today's (KPI_NOW pins
// it), so the pages of one release are the same however often they are made.
func newManCmd(env *Env) *cobra.Command {
	return &cobra.Command{
		Use:   "man DIR",
		Short: "Write kpi's man pages into DIR (install them with: sudo cp DIR/*.1 /usr/local/share/man/man1/)",
		Args:  argsBetween(1, 1, "DIR"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := os.MkdirAll(args[0], 0o755); err != nil {
				return fmt.Errorf("cannot make the folder for the man pages: %v", err)
			}
			if err := writeManTree(cmd.Root(), args[0], env.Now()); err != nil {
				return fmt.Errorf("cannot write the man pages: %v", err)
			}
			fmt.Fprintf(cmd.OutOrStdout(), "Wrote the man pages to %s (read one with: man -l %s)\n", args[0], shellQuote(args[0]+"/kpi.1"))
			return nil
		},
	}
}
