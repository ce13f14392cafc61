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
	var weekText, out string
	cmd := &cobra.Command{
		Use:   "report [--week W] [--out FILE]",
		Short: "Write the week's review as Markdown",
		Long: "Write the week's review as Markdown for chat tools and wikis: summary, the OMTM,\n" +
			"key KPIs with 13-week sparklines, health metrics, objectives, notes, the checklist,\n" +
			"action items, rating and attendees. The same data always gives the same text.",
		Args: argsBetween(0, 0, "[--week W] [--out FILE]"),
		RunE: func(cmd *cobra.Command, _ []string) error {
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
			text := mdreport.Markdown(in)
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
	return cmd
}

// reportInput reads what the report of week w shows (the app's conclude reads
// it the same way).
func reportInput(st *db.Store, w model.Week) (mdreport.Input, error) { return mdreport.Gather(st, w) }
