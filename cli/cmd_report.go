package cli

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"kpi/db"
	"kpi/model"
	mdreport "kpi/report"
)

func newReportCmd(env *Env, g *globals) *cobra.Command {
	var weekText, out, format string
	cmd := &cobra.Command{
		Use:   "report [--week W] [--out FILE] [--format markdown|slack]",
		Short: "Write the week's review as Markdown (or Slack's mrkdwn)",
		Long: "Write the week's review as Markdown for wikis, or with --format slack as Slack's\n" +
			"mrkdwn for a chat message (no tables or task lists): summary, the OMTM, key KPIs\n" +
			"with 13-week sparklines, health metrics, objectives, notes, the checklist, action\n" +
			"items, rating and attendees. A concluded review marks the figures changed since it\n" +
			"concluded. The same data always gives the same text.",
		Args: argsBetween(0, 0, "[--week W] [--out FILE] [--format markdown|slack]"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			f, err := mdreport.ParseFormat(format)
			if err != nil {
				return usagef("--format: %v", err)
			}
			week, err := weekFlag(env, weekText)
			if err != nil {
				return err
			}
			st, err := openResolvedReading(env, g)
			if err != nil {
				return err
			}
			in, err := reportInput(st, week)
			st.Close()
			if err != nil {
				return err
			}
			text := mdreport.Render(in, f)
			if out == "" {
				_, err = fmt.Fprint(cmd.OutOrStdout(), text)
				return err
			}
			if err := writeFileAtomically(out, func(w io.Writer) error {
				_, err := io.WriteString(w, text)
				return err
			}); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "Wrote the %s report to %s\n", week, shownPath(out))
			return nil
		},
	}
	cmd.Flags().StringVar(&weekText, "week", "", "ISO week like 2026-W47, or a date (default: this week)")
	cmd.Flags().StringVar(&out, "out", "", "write to FILE instead of standard output")
	cmd.Flags().StringVar(&format, "format", "markdown", "markdown, or slack for Slack's mrkdwn (no tables, no task lists)")
	return cmd
}

// reportInput reads what the report of week w shows (the app's conclude reads
// it the same way).
func reportInput(st *db.Store, w model.Week) (mdreport.Input, error) { return mdreport.Gather(st, w) }
