package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"kpi/model"
)

// listRow is one KPI in `kpi list --json`: stable field names for scripts.
type listRow struct {
	Key        string   `json:"key"`
	Name       string   `json:"name"`
	Owner      string   `json:"owner"`
	Objective  string   `json:"objective,omitempty"`
	Unit       string   `json:"unit"`
	Decimals   int      `json:"decimals"`
	Direction  string   `json:"direction"`
	Tier       string   `json:"tier"`
	OMTM       bool     `json:"omtm"`
	Kind       string   `json:"kind"`
	Indicator  string   `json:"indicator"`
	Cadence    string   `json:"cadence"`
	Aggregate  string   `json:"aggregate"`
	Formula    string   `json:"formula,omitempty"`
	Archived   bool     `json:"archived,omitempty"`
	Week       string   `json:"week"`
	Due        bool     `json:"due"`
	Value      *float64 `json:"value"`
	ValueText  string   `json:"value_text"`
	ValueWeek  string   `json:"value_week,omitempty"`
	Target     *float64 `json:"target"`
	TargetHigh *float64 `json:"target_high,omitempty"`
	TargetText string   `json:"target_text"`
	Status     string   `json:"status"`
	Change     *float64 `json:"change"`
	ChangeGood string   `json:"change_good,omitempty"`
	Note       string   `json:"note,omitempty"`
	EnteredBy  string   `json:"entered_by,omitempty"`
}

func newListCmd(env *Env, g *globals) *cobra.Command {
	var weekText string
	var asJSON, archived bool
	cmd := &cobra.Command{
		Use:   "list [--week W] [--json]",
		Short: "KPIs with value, target, status, change and owner for a week",
		Args:  argsBetween(0, 0, "[--week W] [--json]"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			week, rs, objs, err := readWeek(env, g, weekText, archived)
			if err != nil {
				return err
			}
			titles := map[int64]string{}
			for _, o := range objs {
				titles[o.ID] = o.Title
			}
			rows := make([]listRow, 0, len(rs))
			for _, r := range rs {
				rows = append(rows, toListRow(r, titles))
			}
			if asJSON {
				enc := json.NewEncoder(cmd.OutOrStdout())
				enc.SetIndent("", "  ")
				return enc.Encode(rows)
			}
			return writeListTable(cmd.OutOrStdout(), week, rows, outputWidth(env))
		},
	}
	cmd.Flags().StringVar(&weekText, "week", "", "ISO week like 2026-W47, or a date (default: this week)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON for scripts")
	cmd.Flags().BoolVar(&archived, "archived", false, "include archived KPIs")
	return cmd
}

func toListRow(r model.Reading, objectives map[int64]string) listRow {
	clean := func(s string) string { return model.Sanitize(s, false) }
	k := r.KPI
	// cleaned before anything is measured or formatted with them, so the table
	// lines up and a unit like "\x1b[31m$" is still written as a currency
	k.Key, k.Unit = clean(k.Key), clean(k.Unit)
	row := listRow{
		Key: k.Key, Name: clean(k.Name), Owner: clean(k.Owner), Objective: clean(objectives[k.ObjectiveID]),
		Unit: k.Unit, Decimals: k.Decimals, Direction: string(k.Direction), Tier: string(k.Tier), OMTM: k.OMTM,
		Kind: string(k.Kind), Indicator: string(k.Indicator), Cadence: string(k.Cadence), Aggregate: string(k.Aggregate),
		Formula: k.Formula, Archived: k.Archived, Week: r.Week.String(), Due: r.Due, Status: string(r.Status),
		ValueText: "—", TargetText: "—",
	}
	if r.HasValue {
		row.ValueText = model.ValueText(k, r.Value)
		if r.Value.HasNumber && model.Usable(r.Value.Number) { // JSON has no Inf; a bad number is null and "⚠ bad value"
			n := r.Value.Number
			row.Value = &n
		}
		if r.Value.Week != r.Week {
			row.ValueWeek = r.Value.Week.String()
		}
		row.Note = model.Sanitize(r.Value.Note, true)
		row.EnteredBy = clean(r.Value.EnteredBy)
	}
	if r.Target.OK {
		lo, hi := r.Target.Low, r.Target.High
		row.Target = &lo
		row.TargetText = model.TargetText(k, r.Target)
		if k.Direction == model.Range {
			row.TargetHigh = &hi
		}
	}
	if r.HasChange {
		c := r.Change
		row.Change = &c
		row.ChangeGood = verdictText(r.Verdict)
	}
	return row
}

func verdictText(v model.Verdict) string {
	switch v {
	case model.Better:
		return "better"
	case model.Worse:
		return "worse"
	}
	return "flat"
}

// writeListTable is the week's KPIs as a table that fits width (0: any width),
// numbers right-aligned in their columns. When it would be wider, names and then
// owners are shortened with "…", the (better/worse) column goes, then keys and
// names are shortened further.
func writeListTable(w io.Writer, week model.Week, rows []listRow, width int) error {
	const keyCol, nameCol, ownerCol, verdictCol = 0, 1, 2, 7
	cols := []tableColumn{
		{title: "KEY"}, {title: "NAME"}, {title: "OWNER"},
		{title: "VALUE", right: true}, {title: "TARGET", right: true}, {title: "STATUS"},
		{title: "CHANGE", right: true}, {title: ""},
	}
	steps := []shrink{{nameCol, 14}, {ownerCol, 6}, {verdictCol, 0}, {keyCol, 12}, {nameCol, 8}}
	for _, r := range rows {
		name := r.Name
		if r.OMTM {
			name += " ★"
		}
		if r.Formula != "" {
			name += " (derived)"
		}
		change, verdict := "", ""
		if r.Change != nil {
			arrow := "▲"
			if *r.Change < 0 {
				arrow = "▼"
			} else if *r.Change == 0 {
				arrow = "="
			}
			change, verdict = arrow+" "+model.FormatDelta(*r.Change, r.Unit, r.Decimals), "("+r.ChangeGood+")"
		}
		status := model.Status(r.Status)
		for i, cell := range []string{r.Key, name, r.Owner, r.ValueText, r.TargetText, status.Text(), change, verdict} {
			cols[i].cells = append(cols[i].cells, cell)
		}
	}
	if _, err := fmt.Fprintf(w, "%s  (%s)\n", week, week.Dates()); err != nil {
		return err
	}
	_, err := io.WriteString(w, strings.Join(formatTable(cols, width, steps...), "\n")+"\n")
	return err
}
