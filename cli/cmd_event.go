package cli

import (
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"kpi/model"
)

// newEventCmd is `kpi event`: the week events (a holiday, a launch, an outage)
// that explain a week's numbers, shown on charts and week headers.
func newEventCmd(env *Env, g *globals) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "event add WEEK TEXT | list | rm ID",
		Short: "Week events (holidays, launches, outages): add, list, remove — shown on the Trends chart, the Scorecard and in reports",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return usagef("usage: %s add WEEK TEXT | list | rm ID", cmd.CommandPath())
		},
	}
	cmd.AddCommand(newEventAddCmd(env, g), newEventListCmd(env, g), newEventRmCmd(env, g))
	return cmd
}

func newEventAddCmd(env *Env, g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "add WEEK TEXT",
		Short: "Record an event for a week (2026-W47 or a date in it); one line of text",
		Args:  argsBetween(2, 64, "WEEK TEXT"),
		RunE: func(cmd *cobra.Command, args []string) error {
			w, err := model.ParseWeek(args[0])
			if err != nil {
				return usagef("%v", err)
			}
			st, err := openResolved(env, g)
			if err != nil {
				return err
			}
			defer st.Close()
			e, err := st.AddEvent(model.Event{Week: w, Text: strings.Join(args[1:], " ")})
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "Event %d in %s: %s\n", e.ID, e.Week, model.Sanitize(e.Text, false))
			return nil
		},
	}
}

func newEventListCmd(env *Env, g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "list",
		Short: "Every week event, by week",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			st, err := openResolved(env, g)
			if err != nil {
				return err
			}
			defer st.Close()
			es, err := st.Events()
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			if len(es) == 0 {
				fmt.Fprintln(out, "No events yet; add one with `kpi event add WEEK TEXT`.")
				return nil
			}
			tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tWEEK\tDATES\tEVENT")
			for _, e := range es {
				fmt.Fprintf(tw, "%d\t%s\t%s\t%s\n", e.ID, e.Week, e.Week.Dates(), model.Sanitize(e.Text, false))
			}
			return tw.Flush()
		},
	}
}

func newEventRmCmd(env *Env, g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "rm ID",
		Short: "Remove an event (`kpi event list` shows the ids); undoable in the app's history",
		Args:  argsBetween(1, 1, "ID"),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := strconv.ParseInt(args[0], 10, 64)
			if err != nil || id < 1 {
				return usagef("%q is not an event id; `kpi event list` shows them", model.Sanitize(args[0], false))
			}
			st, err := openResolved(env, g)
			if err != nil {
				return err
			}
			defer st.Close()
			e, err := st.DeleteEvent(id)
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "Removed event %d in %s: %s\n", e.ID, e.Week, model.Sanitize(e.Text, false))
			return nil
		},
	}
}
