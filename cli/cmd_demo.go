package cli

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"kpi/db"
	"kpi/demo"
)

func newDemoCmd(env *Env, g *globals) *cobra.Command {
	var (
		kpis, weeks int
		seed        int64
		noOpen      bool
	)
	cmd := &cobra.Command{
		Use:   "demo [--db PATH] [--kpis N] [--weeks N] [--seed N] [--no-open]",
		Short: "Write a realistic demo team to a new file and open it",
		Args:  argsBetween(0, 0, "[--db PATH] [--kpis N] [--weeks N] [--seed N] [--no-open]"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if kpis < 0 || kpis > 100000 {
				return usagef("--kpis must be 0 (the normal demo) to 100000, not %d", kpis)
			}
			if weeks < 0 || weeks > 5200 {
				return usagef("--weeks must be 0 (two years) to 5200, not %d", weeks)
			}
			path := g.dbPath
			if path == "" {
				dir, err := os.MkdirTemp("", "kpi-demo-")
				if err != nil {
					return fmt.Errorf("cannot make a folder for the demo in %s: %v; pass --db PATH", os.TempDir(), err)
				}
				path = filepath.Join(dir, "demo.db")
			}
			abs, err := teamPath(path)
			if err != nil {
				return err
			}
			ds := demo.Generate(demo.Options{Seed: seed, KPIs: kpis, Weeks: weeks, Now: env.Now()})
			// Built under a temporary name and put in place when complete: a
			// killed demo leaves no half-made file that looks like a team file.
			st, err := db.CreateFilled(abs, storeOptions(env, g), ds.Settings, func(st *db.Store) error {
				return st.ImportDemo(ds)
			})
			var oe *db.OpenError
			if err != nil && !errors.As(err, &oe) {
				return fmt.Errorf("writing the demo failed: %w (nothing was left behind)", err)
			}
			if err != nil {
				return err
			}
			if err := st.Close(); err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			fmt.Fprintf(out, "Wrote the demo team %q to %s: %d objectives, %d KPIs, %d values, %d reviews, %d action items.\n",
				ds.Settings.TeamName, shownPath(abs), len(ds.Objectives), len(ds.KPIs), len(ds.Values), len(ds.Reviews), len(ds.ActionItems))
			if noOpen || env.App == nil {
				fmt.Fprintf(out, "Look at it with: kpi --db %s (or kpi list --db %s)\n", shellQuote(abs), shellQuote(abs))
				return nil
			}
			return openApp(cmd, env, g, abs)
		},
	}
	cmd.Flags().IntVar(&kpis, "kpis", 0, "number of KPIs (0: the curated 12–20; more for benchmarks)")
	cmd.Flags().IntVar(&weeks, "weeks", 0, "weeks of history (0: two years)")
	cmd.Flags().Int64Var(&seed, "seed", 1, "random seed: the same seed gives the same demo")
	cmd.Flags().BoolVar(&noOpen, "no-open", false, "write the file but do not open the app")
	return cmd
}
