package cli

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
)

// Snapshot sizes: the app's own range (spec §5) with room to spare.
const (
	maxSnapshotWidth  = 1000
	maxSnapshotHeight = 500
)

func newSnapshotCmd(env *Env, g *globals) *cobra.Command {
	var (
		req      SnapshotRequest
		weekText string
	)
	cmd := &cobra.Command{
		Use:   "snapshot [--view V] [--kpi K] [--week W] [--width N] [--height N] [--color]",
		Short: "Print one view of the app exactly as it draws it, then exit",
		Long: "Print one view of the app, drawn by the app's own code at the given size: exactly\n" +
			"--height lines, none wider than --width. Plain text unless --color (NO_COLOR wins).\n" +
			"Views: dashboard, objectives, scorecard, trends, review, and walkthrough (the Review\n" +
			"view's walkthrough of one KPI: --kpi K, else the One Metric That Matters).",
		Args: argsBetween(0, 0, "[--view V] [--kpi K] [--week W] [--width N] [--height N] [--color]"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if req.Width < 1 || req.Width > maxSnapshotWidth || req.Height < 1 || req.Height > maxSnapshotHeight {
				return usagef("--width must be 1–%d and --height 1–%d", maxSnapshotWidth, maxSnapshotHeight)
			}
			week, err := weekFlag(env, weekText)
			if err != nil {
				return err
			}
			if env.App == nil {
				return fmt.Errorf("this build of kpi has no app to draw")
			}
			st, err := openResolvedReading(env, g)
			if err != nil {
				return err
			}
			defer st.Close()
			if req.KPI != "" {
				kpis, err := st.KPIs()
				if err != nil {
					return err
				}
				k, err := findKPI(kpis, req.KPI)
				if err != nil {
					return err
				}
				req.KPI = k.Key
			}
			o, err := appOptions(env, g, st)
			if err != nil {
				return err
			}
			if strings.TrimSpace(weekText) != "" {
				o.Week = week // else the week the app would open at (this week, or the latest with values)
			}
			if env.Getenv("NO_COLOR") != "" {
				req.Color = false
			}
			frame, err := env.App.Snapshot(st, o, req)
			if err != nil {
				return err
			}
			if !strings.HasSuffix(frame, "\n") {
				frame += "\n"
			}
			if !req.Color {
				_, err = fmt.Fprint(cmd.OutOrStdout(), frame)
				return err
			}
			out := styledOutput(cmd.OutOrStdout())
			if _, err := fmt.Fprint(out, frame); err != nil {
				return err
			}
			return out.Flush()
		},
	}
	cmd.Flags().StringVar(&req.View, "view", "dashboard", "the view: dashboard, objectives, scorecard, trends, review, walkthrough")
	cmd.Flags().StringVar(&req.KPI, "kpi", "", "the KPI (key or unique prefix) for views that show one")
	cmd.Flags().StringVar(&weekText, "week", "", "the week under review (default: the week the app opens at: this week, or the latest week with values when this week and the four before have none)")
	cmd.Flags().IntVar(&req.Width, "width", 120, "columns")
	cmd.Flags().IntVar(&req.Height, "height", 40, "lines")
	cmd.Flags().BoolVar(&req.Color, "color", false, "draw ANSI colours (NO_COLOR turns them off)")
	return cmd
}
