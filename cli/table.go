package cli

import (
	"os"
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/term"
	"github.com/mattn/go-isatty"
)

// outputWidth is how wide a table may be: $COLUMNS when it is a positive number
// (so a user or a script can ask for any width), else the terminal's width when
// stdout is a terminal, else 0 — no limit: output piped into a file or another
// program is never cut (scripts read `--json`).
func outputWidth(env *Env) int {
	if n, err := strconv.Atoi(strings.TrimSpace(env.Getenv("COLUMNS"))); err == nil && n > 0 {
		return n
	}
	f, ok := env.Stdout.(*os.File)
	if !ok || !isatty.IsTerminal(f.Fd()) {
		return 0
	}
	if w, _, err := term.GetSize(f.Fd()); err == nil && w > 0 {
		return w
	}
	return 0
}

// tableColumn is one column of a text table; numbers are right-aligned.
type tableColumn struct {
	title string
	right bool
	cells []string
}

// shrink is one step of fitting a table: column col gives up room down to min
// columns, cutting its cells with "…"; a min of 0 drops the column.
type shrink struct{ col, min int }

// formatTable lays cols out as lines no wider than width (0: any width): while
// the table is wider, the steps shrink their columns in order, and last the gap
// between columns narrows from two spaces to one. A table that cannot fit even
// then is written at its narrowest.
func formatTable(cols []tableColumn, width int, steps ...shrink) []string {
	widths := make([]int, len(cols))
	for i, c := range cols {
		widths[i] = ansi.StringWidth(c.title)
		for _, s := range c.cells {
			widths[i] = max(widths[i], ansi.StringWidth(s))
		}
	}
	gap := 2
	total := func() int {
		t, n := 0, 0
		for _, w := range widths {
			if w > 0 {
				t, n = t+w, n+1
			}
		}
		return t + gap*max(n-1, 0)
	}
	for _, st := range steps {
		over := total() - width
		switch {
		case width <= 0 || over <= 0 || widths[st.col] <= st.min:
		case st.min == 0:
			widths[st.col] = 0 // dropped whole, never a stub of it
		default:
			widths[st.col] = max(st.min, widths[st.col]-over)
		}
	}
	if width > 0 && total() > width {
		gap = 1
	}
	return tableLines(cols, widths, gap)
}

// tableLines writes the heading and the rows at the given widths (0: left out).
func tableLines(cols []tableColumn, widths []int, gap int) []string {
	rows := 1
	if len(cols) > 0 {
		rows += len(cols[0].cells)
	}
	lines := make([]string, rows)
	for r := range rows {
		var b strings.Builder
		for i, c := range cols {
			if widths[i] == 0 {
				continue
			}
			text := c.title
			if r > 0 {
				text = c.cells[r-1]
			}
			if b.Len() > 0 {
				b.WriteString(strings.Repeat(" ", gap))
			}
			b.WriteString(fitCell(text, widths[i], c.right))
		}
		lines[r] = strings.TrimRight(b.String(), " ")
	}
	return lines
}

// fitCell pads text to width, on the left when right-aligned, cutting it with
// "…" when it is wider.
func fitCell(text string, width int, right bool) string {
	if ansi.StringWidth(text) > width {
		text = ansi.Truncate(text, width, "…")
	}
	pad := strings.Repeat(" ", max(width-ansi.StringWidth(text), 0))
	if right {
		return pad + text
	}
	return text + pad
}
