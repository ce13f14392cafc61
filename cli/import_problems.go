package cli

import (
	"fmt"
	"strconv"
	"strings"

	"kpi/model"
)

// problems groups what is wrong with an import's rows by cause, so 6,435 rows
// with one wrong date format are one line, not 6,435: each cause is said once,
// with how many rows have it and the first few line numbers.
type problems struct {
	order  []string
	groups map[string]*problemGroup
	rows   map[int]bool
}

// problemGroup is one cause: its text, what to do about it, and where.
type problemGroup struct {
	text, hint string
	lines      []int
	count      int
}

// shownLines is how many line numbers a cause lists before "…".
const shownLines = 3

func newProblems() *problems {
	return &problems{groups: map[string]*problemGroup{}, rows: map[int]bool{}}
}

// add records one row's problem; key groups problems of one cause (text and
// hint are those of the first).
func (p *problems) add(key string, line int, hint, format string, args ...any) {
	g, ok := p.groups[key]
	if !ok {
		g = &problemGroup{text: model.Sanitize(fmt.Sprintf(format, args...), false), hint: hint}
		p.groups[key] = g
		p.order = append(p.order, key)
	}
	g.count++
	if len(g.lines) < shownLines+1 && (len(g.lines) == 0 || g.lines[len(g.lines)-1] != line) {
		g.lines = append(g.lines, line)
	}
	p.rows[line] = true
}

// empty reports whether no row has a problem.
func (p *problems) empty() bool { return len(p.order) == 0 }

// lines are the causes as printed: `no KPI "1": 143 rows (lines 2, 45, 88, …);
// add --create, or define it first`.
func (p *problems) lines() []string {
	var out []string
	for _, key := range p.order {
		g := p.groups[key]
		where := "line " + strconv.Itoa(g.lines[0])
		if g.count > 1 {
			var nums []string
			for i, l := range g.lines {
				if i == shownLines {
					nums = append(nums, "…")
					break
				}
				nums = append(nums, strconv.Itoa(l))
			}
			where = fmt.Sprintf("%d rows (lines %s)", g.count, strings.Join(nums, ", "))
		}
		line := g.text + ": " + where
		if g.hint != "" {
			line += "; " + g.hint
		}
		out = append(out, line)
	}
	return out
}

// summary is the one-line error after the causes.
func (p *problems) summary(file string) error {
	n := len(p.order)
	return fmt.Errorf("nothing was imported: %d %s in %d %s of %s; fix %s and import again", n, plural(n, "problem", "problems"),
		len(p.rows), plural(len(p.rows), "row", "rows"), model.Sanitize(file, false), plural(n, "it", "them"))
}
