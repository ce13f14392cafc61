package cli

import (
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"kpi/db"
	"kpi/model"
)

func newHistoryCmd(env *Env, g *globals) *cobra.Command {
	var kpiText string
	var limit int
	cmd := &cobra.Command{
		Use:   "history [--kpi K] [--limit N]",
		Short: "The change log, newest first: who changed what, when, old → new",
		Args:  argsBetween(0, 0, "[--kpi K] [--limit N]"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if limit < 1 {
				return usagef("--limit must be at least 1, not %d", limit)
			}
			st, err := openResolvedReading(env, g)
			if err != nil {
				return err
			}
			defer st.Close()
			f := db.ChangeFilter{Limit: limit}
			if kpiText != "" {
				kpis, err := st.KPIs()
				if err != nil {
					return err
				}
				k, err := findKPI(kpis, kpiText)
				if err != nil {
					return err
				}
				f.KPIID = k.ID
			}
			changes, err := st.Changes(f)
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			if len(changes) == 0 {
				fmt.Fprintln(out, "No changes recorded yet.")
				return nil
			}
			tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
			for _, c := range changes {
				fmt.Fprintf(tw, "%s\t%s@%s\t%s\n", c.At.Local().Format("2006-01-02 15:04"),
					model.Sanitize(c.User, false), model.Sanitize(c.Host, false), model.Sanitize(strings.TrimPrefix(c.Summary, c.User+" "), false))
			}
			return tw.Flush()
		},
	}
	cmd.Flags().StringVar(&kpiText, "kpi", "", "only changes to this KPI and its values")
	cmd.Flags().IntVar(&limit, "limit", 50, "at most N changes")
	cmd.RegisterFlagCompletionFunc("kpi", func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		return completeKPIKeys(env, g, toComplete)
	})
	return cmd
}
