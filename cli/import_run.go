package cli

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"kpi/db"
	"kpi/model"
)

// dryRunRows is how many mapped rows --dry-run shows; maxCauses how many
// causes of problems are listed (45 unknown stores need not be 45 lines).
const (
	dryRunRows = 10
	maxCauses  = 12
)

// importValues is `kpi import` of a values file: read in any dialect and
// layout, mapped, checked in full, then written in one transaction (or, with
// --dry-run, checked and rolled back).
func importValues(env *Env, g *globals, out io.Writer, file string, data []byte, opt importOptions) error {
	sh, err := readSheet(file, data, opt.read)
	if err != nil {
		return fmt.Errorf("nothing was imported: %s: %w", model.Sanitize(file, false), err)
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
	probs := newProblems()
	plan, err := planImport(sh, opt, kpis, probs)
	var notOurs *errNotKPIFormat
	if errors.As(err, &notOurs) {
		printGuess(out, file, sh, notOurs.why)
		return fmt.Errorf("nothing was imported: run the command above, or name the columns yourself")
	}
	if err != nil {
		return fmt.Errorf("nothing was imported: %w", err)
	}
	if !probs.empty() {
		lines := probs.lines()
		for _, l := range lines[:min(len(lines), maxCauses)] {
			fmt.Fprintln(env.Stderr, "  "+oneLine(l))
		}
		if len(lines) > maxCauses {
			fmt.Fprintf(env.Stderr, "  … and %d more like these\n", len(lines)-maxCauses)
		}
		return probs.summary(file)
	}
	if len(plan.batch.Rows) == 0 && len(plan.batch.Events) == 0 {
		return fmt.Errorf("nothing was imported: %s has no values", model.Sanitize(file, false))
	}
	plan.batch.DryRun = opt.dryRun
	res, err := st.ImportBatch(plan.batch)
	if err != nil {
		return fmt.Errorf("nothing was imported: %w", err)
	}
	printImport(out, file, plan, res, opt.dryRun)
	return nil
}

// printImport is the summary of a values import: how the file was read, the
// KPIs created, "N new, M changed, K unchanged", events and unused columns.
func printImport(out io.Writer, file string, plan *importPlan, res db.ImportResult, dryRun bool) {
	m := plan.mapping
	fmt.Fprintf(out, "Read %s (%s) as the %s layout: %s.\n", model.Sanitize(file, false), plan.sheet.dialect, m.layout, strings.Join(m.desc, ", "))
	verb, created, added := "Imported", "Created", "Added"
	if dryRun {
		verb, created, added = "Would import", "Would create", "Would add"
	}
	if n := len(res.Created); n > 0 {
		list := strings.Join(res.Created, ", ")
		if n > 8 {
			list = fmt.Sprintf("%s and %d more", strings.Join(res.Created[:8], ", "), n-8)
		}
		fmt.Fprintf(out, "%s %d %s: %s.\n", created, n, plural(n, "KPI", "KPIs"), list)
	}
	n := res.New + res.Changed + res.Unchanged
	fmt.Fprintf(out, "%s %s %s: %s new, %s changed, %s unchanged.\n", verb, thousands(n), plural(n, "value", "values"),
		thousands(res.New), thousands(res.Changed), thousands(res.Unchanged))
	if e := res.EventsAdded + res.EventsKept; e > 0 {
		fmt.Fprintf(out, "%s %d %s (%d there already).\n", added, res.EventsAdded, plural(res.EventsAdded, "event", "events"), res.EventsKept)
	}
	if len(m.ignored) > 0 {
		fmt.Fprintf(out, "Ignored %s: %s.\n", plural(len(m.ignored), "column", "columns"), model.Sanitize(strings.Join(m.ignored, ", "), false))
	}
	if dryRun {
		printMappedRows(out, plan.rows, len(plan.batch.Rows))
		fmt.Fprintln(out, "Dry run: nothing was written.")
	}
}

// printMappedRows is --dry-run's table of the first rows as they will be
// written, of total.
func printMappedRows(out io.Writer, rows []planRow, total int) {
	if len(rows) == 0 {
		return
	}
	fmt.Fprintf(out, "The first %d of %s rows as they will be written:\n", min(dryRunRows, len(rows)), thousands(total))
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  LINE\tKPI\tWEEK\tVALUE\tNOTE")
	for _, r := range rows[:min(dryRunRows, len(rows))] {
		line := fmt.Sprint(r.line)
		if r.combinedLines > 1 {
			line += fmt.Sprintf(" (+%d)", r.combinedLines-1)
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\n", line, r.key, r.week, r.value, model.Sanitize(oneLine(r.note), false))
	}
	tw.Flush()
}

// thousands writes 6435 as 6,435.
func thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
