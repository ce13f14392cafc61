package cli

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"kpi/model"
)

func newSetCmd(env *Env, g *globals) *cobra.Command {
	var weekText, note, status, reason string
	cmd := &cobra.Command{
		Use:   "set KPI VALUE [--week W] [--note TEXT]",
		Short: "Record a KPI's value for a week (default: this week)",
		Long: "Record a value. KPI is a key or a unique prefix of a key or name. VALUE accepts\n" +
			"1,234.5  12k  3.4M  45%  $1,200  -3  1.2e3. For a qualitative KPI, VALUE is a status:\n" +
			"\"on track\", \"at risk\" or \"off track\" (give the why with --note).",
		Args: argsBetween(2, 2, "KPI VALUE [--week W] [--note TEXT]"),
		ValidArgsFunction: func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
			if len(args) > 0 {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			return completeKPIKeys(env, g, toComplete)
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			week, err := weekFlag(env, weekText)
			if err != nil {
				return err
			}
			st, err := openResolved(env, g)
			if err != nil {
				return err
			}
			defer st.Close()
			kpis, err := st.KPIs()
			if err != nil {
				return err
			}
			k, err := findKPI(kpis, args[0])
			if err != nil {
				return err
			}
			if k.Derived() || k.Archived {
				// refuse before parsing: the value's form is beside the point
				return model.ValidateValue(k, model.Value{Week: week})
			}
			v := model.Value{KPIID: k.ID, Week: week}
			if v.Note, err = model.CleanText("note", note, model.MaxTextLen, true); err != nil {
				return err
			}
			if k.Kind == model.Qualitative {
				s, ok := model.ParseStatus(args[1])
				if !ok {
					return fmt.Errorf("%s is qualitative: the value must be a status (on track, at risk, off track), not %q", k.Key, model.Sanitize(args[1], false))
				}
				v.Status = s
			} else {
				n, err := model.ParseValue(args[1])
				if err != nil {
					return fmt.Errorf("%s: %v", k.Key, err)
				}
				v.Number, v.HasNumber = n, true
				if status != "" {
					s, ok := model.ParseStatus(status)
					if !ok {
						return usagef("--status must be on track, at risk or off track, not %q", model.Sanitize(status, false))
					}
					if strings.TrimSpace(reason) == "" {
						return usagef("--status overrides the computed status: say why with --reason")
					}
					v.Status = s
					if v.OverrideReason, err = model.CleanText("reason", reason, model.MaxShortLen, false); err != nil {
						return err
					}
				}
			}
			if err := model.ValidateValue(k, v); err != nil {
				return err
			}
			old, hadOld, err := st.Value(k.ID, week)
			if err != nil {
				return err
			}
			saved, err := st.PutValue(v)
			if err != nil {
				return err
			}
			r := model.Evaluate(k, model.Series{saved}, week)
			was := ""
			if hadOld {
				was = " (was " + model.ValueText(k, old) + ")"
			}
			if k.Kind == model.Qualitative {
				fmt.Fprintf(cmd.OutOrStdout(), "%s %s: %s %s%s\n", k.Key, week, r.Status.Glyph(), r.Status.Label(), was)
				return nil
			}
			fmt.Fprintf(cmd.OutOrStdout(), "%s %s: %s%s — %s %s\n", k.Key, week, model.ValueText(k, saved), was, r.Status.Glyph(), r.Status.Label())
			return nil
		},
	}
	cmd.Flags().StringVar(&weekText, "week", "", "ISO week like 2026-W47, or a date (default: this week)")
	cmd.Flags().StringVar(&note, "note", "", "a note on this week's value")
	cmd.Flags().StringVar(&status, "status", "", "override the computed status (on track, at risk, off track); needs --reason")
	cmd.Flags().StringVar(&reason, "reason", "", "why the status is overridden")
	return cmd
}

// weekFlag parses a --week flag; empty means the current week.
func weekFlag(env *Env, s string) (model.Week, error) {
	if strings.TrimSpace(s) == "" {
		return model.CurrentWeek(env.Now()), nil
	}
	w, err := model.ParseWeek(s)
	if err != nil {
		return model.Week{}, usageError{"--week: " + err.Error()}
	}
	return w, nil
}

// completeKPIKeys offers the keys of the KPIs a value can be set for.
func completeKPIKeys(env *Env, g *globals, prefix string) ([]string, cobra.ShellCompDirective) {
	return completeKPIs(env, g, prefix, false)
}
