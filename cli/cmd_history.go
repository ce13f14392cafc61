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
			changes, err := readHistory(st, kpiText, limit)
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
				writeChange(tw, c)
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

// readHistory is the whole file's change log, or with kpiText one KPI's
// (KPIHistory: with a line for values the log holds no rows of).
func readHistory(st *db.Store, kpiText string, limit int) ([]model.Change, error) {
	if kpiText == "" {
		return st.Changes(db.ChangeFilter{Limit: limit})
	}
	kpis, err := st.KPIs()
	if err != nil {
		return nil, err
	}
	k, err := findKPI(kpis, kpiText)
	if err != nil {
		return nil, err
	}
	return st.KPIHistory(k.ID, limit)
}

// writeChange writes one change: when, who@host, what; then one line per field
// it set, old → new, under "what". Every part is cleaned again before it is
// printed, though the store cleaned it already.
func writeChange(tw *tabwriter.Writer, c model.Change) {
	when := ""
	if !c.At.IsZero() {
		when = c.At.Local().Format("2006-01-02 15:04")
	}
	who := model.Sanitize(c.User, false)
	if c.Host != "" {
		who += "@" + model.Sanitize(c.Host, false)
	}
	fmt.Fprintf(tw, "%s\t%s\t%s\n", when, who, model.Sanitize(strings.TrimPrefix(c.Summary, c.User+" "), false))
	for _, f := range c.Fields {
		fmt.Fprintf(tw, "\t\t  %s\n", model.Sanitize(f.String(), false))
	}
}
