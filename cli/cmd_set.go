package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"kpi/model"
)

func newSetCmd(env *Env, g *globals) *cobra.Command {
	var weekText, note, status, reason string
	var force bool
	cmd := &cobra.Command{
		Use:   "set KPI VALUE [--week W] [--note TEXT]",
		Short: "Record a KPI's value for a week (default: this week)",
		Long: "Record a value. KPI is a key or a unique prefix of a key or name. VALUE accepts\n" +
			"1,234.5  12k  3.4M  45%  $1,200  -3  1.2e3. For a qualitative KPI, VALUE is a status:\n" +
			"\"on track\", \"at risk\" or \"off track\" (give the why with --note).\n\n" +
			"A value typed in another unit than the KPI's (€ for $, % for a plain number), a\n" +
			"fraction for a percentage (0.157 for 15.7 %), or 10× or more above or below the\n" +
			"median of the KPI's last 8 values is refused with the reason; --force saves it.",
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
			v, err := setValue(k, week, args[1], note, status, reason)
			if err != nil {
				return err
			}
			if err := model.ValidateValue(k, v); err != nil {
				return err
			}
			if !force {
				if err := vetValue(st, k, week, args[1]); err != nil {
					return err
				}
			}
			old, hadOld, err := st.Value(k.ID, week)
			if err != nil {
				return err
			}
			saved, err := st.PutValue(v)
			if err != nil {
				return err
			}
			printSet(cmd.OutOrStdout(), k, week, saved, old, hadOld)
			printConcluded(cmd.OutOrStdout(), st, week)
			return nil
		},
	}
	cmd.Flags().StringVar(&weekText, "week", "", "ISO week like 2026-W47, or a date (default: this week)")
	cmd.Flags().StringVar(&note, "note", "", "a note on this week's value")
	cmd.Flags().StringVar(&status, "status", "", "override the computed status (on track, at risk, off track); needs --reason")
	cmd.Flags().StringVar(&reason, "reason", "", "why the status is overridden")
	cmd.Flags().BoolVar(&force, "force", false, "save a value that looks implausible (another unit, 10× off the recent median)")
	return cmd
}

// vetWeeks is how far around the week `kpi set` reads a KPI's values for the
// plausibility check: enough for 8 monthly values with gaps.
const vetWeeks = 104

// vetValue refuses a value that looks implausible for KPI k (model.Vet: a
// unit that is not the KPI's, a fraction for a percentage, 10× off the recent
// median), with the reason and how to keep it anyway.
func vetValue(st valueReader, k model.KPI, week model.Week, text string) error {
	if k.Kind == model.Qualitative {
		return nil
	}
	typed, err := model.ParseFor(k, text)
	if err != nil {
		return nil // setValue parsed it already; nothing more to question
	}
	vals, err := st.ValuesOf(k.ID, week.Add(-vetWeeks), week.Add(vetWeeks/2))
	if err != nil {
		return err
	}
	d, doubt := model.Vet(k, typed, model.SortSeries(vals), week)
	if !doubt {
		return nil
	}
	return fmt.Errorf("%s %s: %s", k.Key, week, d.Message("use --force to keep "+model.Sanitize(typed.Text, false)))
}

// valueReader is the read vetValue makes.
type valueReader interface {
	ValuesOf(kpiID int64, from, to model.Week) ([]model.Value, error)
}

// setValue is the value `kpi set` records for KPI k in week: the number (or a
// qualitative KPI's status) from text, the note, and an overridden status with
// its reason.
func setValue(k model.KPI, week model.Week, text, note, status, reason string) (model.Value, error) {
	v := model.Value{KPIID: k.ID, Week: week}
	var err error
	if v.Note, err = model.CleanText("note", note, model.MaxTextLen, true); err != nil {
		return v, err
	}
	if k.Kind == model.Qualitative {
		s, ok := model.ParseStatus(text)
		if !ok {
			return v, fmt.Errorf("%s is qualitative: the value must be a status (on track, at risk, off track), not %q", k.Key, model.Sanitize(text, false))
		}
		v.Status = s
		return v, nil
	}
	typed, err := model.ParseFor(k, text)
	if err != nil {
		return v, fmt.Errorf("%s: %v", k.Key, err)
	}
	v.Number, v.HasNumber = typed.Number, true
	if status == "" {
		return v, nil
	}
	s, ok := model.ParseStatus(status)
	if !ok {
		return v, usagef("--status must be on track, at risk or off track, not %q", model.Sanitize(status, false))
	}
	if strings.TrimSpace(reason) == "" {
		return v, usagef("--status overrides the computed status: say why with --reason")
	}
	v.Status = s
	v.OverrideReason, err = model.CleanText("reason", reason, model.MaxShortLen, false)
	return v, err
}

// printSet says what `kpi set` saved, what it replaced, and the status now.
func printSet(out io.Writer, k model.KPI, week model.Week, saved, old model.Value, hadOld bool) {
	r := model.Evaluate(k, model.Series{saved}, week)
	was := ""
	if hadOld {
		was = " (was " + model.ValueText(k, old) + ")"
	}
	if k.Kind == model.Qualitative {
		fmt.Fprintf(out, "%s %s: %s%s\n", k.Key, week, r.Status.Text(), was)
		return
	}
	fmt.Fprintf(out, "%s %s: %s%s — %s\n", k.Key, week, model.ValueText(k, saved), was, r.Status.Text())
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
