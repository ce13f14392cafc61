package cli

import (
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"kpi/model"
)

func newDueCmd(env *Env, g *globals) *cobra.Command {
	var weekText, owner string
	var exitCode bool
	cmd := &cobra.Command{
		Use:   "due [--week W] [--owner NAME] [--exit-code]",
		Short: "KPIs still missing a value for the week (exit 3 with --exit-code when any are)",
		Args:  argsBetween(0, 0, "[--week W] [--owner NAME] [--exit-code]"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			week, rs, _, err := readWeek(env, g, weekText, false)
			if err != nil {
				return err
			}
			var missing []model.Reading
			for _, r := range rs {
				if r.Due && !r.HasValue && (owner == "" || strings.EqualFold(r.KPI.Owner, owner)) {
					missing = append(missing, r)
				}
			}
			out := cmd.OutOrStdout()
			if len(missing) == 0 {
				fmt.Fprintf(out, "Nothing is due for %s%s.\n", week, ownerSuffix(owner))
				return nil
			}
			fmt.Fprintf(out, "%d missing for %s%s:\n", len(missing), week, ownerSuffix(owner))
			tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
			for _, r := range missing {
				fmt.Fprintf(tw, "  %s\t%s\t%s\n", r.KPI.Key, model.Sanitize(r.KPI.Name, false), model.Sanitize(r.KPI.Owner, false))
			}
			tw.Flush()
			fmt.Fprintf(out, "Enter one with: kpi set %s VALUE --week %s\n", missing[0].KPI.Key, week)
			if exitCode {
				return exitError{code: ExitDue}
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&weekText, "week", "", "ISO week like 2026-W47, or a date (default: this week)")
	cmd.Flags().StringVar(&owner, "owner", "", "only this owner's KPIs")
	cmd.Flags().BoolVar(&exitCode, "exit-code", false, "exit with status 3 when anything is missing (for cron reminders)")
	return cmd
}

func ownerSuffix(owner string) string {
	if owner == "" {
		return ""
	}
	return " (owner " + model.Sanitize(owner, false) + ")"
}
