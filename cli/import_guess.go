package cli

import (
	"fmt"
	"io"
	"strings"

	"kpi/model"
)

// guess is the mapping kpi would use for a file whose header does not say
// which column is what: the week or date column, the KPI column (whose count
// of different values matches the rows per week), the first numeric column
// left as the value, and a 0/1 column as events.
type guess struct {
	week, kpi, value, event int
	format                  string
	ambiguous               string
	keyFormat               string
}

// guessMapping looks at the columns' cells; -1 for what it cannot find.
func guessMapping(sh *sheet) guess {
	g := guess{week: -1, kpi: -1, value: -1, event: -1}
	g.week, _ = weekColumn(sh, columnFlags{})
	if g.week < 0 {
		return g
	}
	weeks := column(sh, g.week)
	if df, err := detectDateFormat(sh.header[g.week], weeks); err != nil {
		g.ambiguous = err.Error()
	} else if df != nil {
		g.format = df.name
	}
	for c := range sh.header {
		if c != g.week && isFlagColumn(column(sh, c)) {
			g.event = c
			break
		}
	}
	g.kpi = guessKPIColumn(sh, g.week, g.event, len(nonEmpty(weeks))/max(1, distinct(weeks)))
	for c := range sh.header {
		if c != g.week && c != g.kpi && c != g.event && allCells(column(sh, c), isNumber) {
			g.value = c
			break
		}
	}
	if g.kpi >= 0 && allCells(column(sh, g.kpi), isNumber) {
		g.keyFormat = slugPart(sh.header[g.kpi]) + "_{}"
	}
	return g
}

// guessKPIColumn is the column that names KPIs: one whose values repeat, and
// best one with as many different values as each week has rows.
func guessKPIColumn(sh *sheet, week, event, perWeek int) int {
	best, bestN := -1, 0
	for c := range sh.header {
		cells := column(sh, c)
		n := distinct(cells)
		if c == week || c == event || n < 2 || n >= len(nonEmpty(cells)) {
			continue
		}
		if n == perWeek {
			return c
		}
		if best < 0 || n < bestN {
			best, bestN = c, n
		}
	}
	return best
}

func isNumber(s string) bool {
	_, err := model.ParseValue(s)
	return err == nil
}

func isFlagColumn(cells []string) bool {
	seen := false
	for _, c := range cells {
		switch strings.ToLower(c) {
		case "0", "1", "true", "false", "yes", "no", "":
			seen = seen || c != ""
		default:
			return false
		}
	}
	return seen
}

func nonEmpty(cells []string) []string {
	var out []string
	for _, c := range cells {
		if c != "" {
			out = append(out, c)
		}
	}
	return out
}

// distinct is how many different non-empty cells there are.
func distinct(cells []string) int { return len(distinctList(cells)) }

// printGuess tells the user how kpi would read the file and the exact command
// that does it; nothing is imported.
func printGuess(out io.Writer, file string, sh *sheet, why string) {
	g := guessMapping(sh)
	fmt.Fprintf(out, "%s is not in kpi's format (kpi,week,value,note): %s. Nothing was imported.\n", model.Sanitize(file, false), why)
	if g.week < 0 || g.kpi < 0 || g.value < 0 {
		fmt.Fprintln(out, "Name its columns: kpi import FILE --kpi-column COL --date-column COL --value-column COL [--create]")
		fmt.Fprintln(out, "(or --layout wide for a date column plus one column per KPI, --layout scorecard for one row per KPI and one column per week)")
		return
	}
	weeks := column(sh, g.week)
	fmt.Fprintln(out, "It looks like one row per KPI and week:")
	kpis := distinctList(column(sh, g.kpi))
	fmt.Fprintf(out, "  KPI    %s (%d different: %s)\n", sh.header[g.kpi], len(kpis), shortList(kpis, 3))
	fmt.Fprintf(out, "  week   %s (%s, %d weeks)\n", sh.header[g.week], nameOr(g.format, "ISO weeks"), distinct(weeks))
	fmt.Fprintf(out, "  value  %s\n", sh.header[g.value])
	if g.event >= 0 {
		fmt.Fprintf(out, "  event  %s (a week event where it is 1)\n", sh.header[g.event])
	}
	if unused := unusedColumns(sh, g.week, g.kpi, g.value, g.event); len(unused) > 0 {
		fmt.Fprintf(out, "  unused %s\n", strings.Join(unused, ", "))
	}
	if g.ambiguous != "" {
		fmt.Fprintf(out, "Its dates need a format: %s\n", g.ambiguous)
	}
	fmt.Fprintln(out, "To import it:")
	fmt.Fprintln(out, "  "+guessCommand(file, sh, g))
}

// guessCommand is the command line that applies guess g.
func guessCommand(file string, sh *sheet, g guess) string {
	args := []string{"kpi", "import", file, "--kpi-column", sh.header[g.kpi]}
	if g.keyFormat != "" {
		args = append(args, "--key-format", g.keyFormat)
	}
	args = append(args, "--date-column", sh.header[g.week])
	if g.format != "" && g.format != "yyyy-mm-dd" {
		args = append(args, "--date-format", g.format)
	}
	args = append(args, "--value-column", sh.header[g.value], "--create")
	if g.event >= 0 {
		args = append(args, "--event-column", sh.header[g.event])
	}
	for i, a := range args {
		args[i] = shellQuote(model.Sanitize(a, false))
	}
	return strings.Join(args, " ")
}

func distinctList(cells []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, c := range cells {
		if c != "" && !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	return out
}
