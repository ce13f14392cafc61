package cli

import (
	"fmt"
	"strconv"
	"strings"

	"kpi/model"
)

// mapLong maps one row per KPI and week: --kpi-column (or kpi), the week or
// date column, --value-column (or value) and --note-column (or note).
func mapLong(sh *sheet, f columnFlags, probs *problems) (*mapping, error) {
	kc, err := flaggedOrNamed(sh, "--kpi-column", f.kpi, "kpi")
	if err != nil {
		return nil, err
	}
	vc, err := flaggedOrNamed(sh, "--value-column", f.value, "value")
	if err != nil {
		return nil, err
	}
	nc, err := flaggedOrNamed(sh, "--note-column", f.note, "note")
	if err != nil {
		return nil, err
	}
	wc, err := weekColumn(sh, f)
	if err != nil {
		return nil, err
	}
	if kc < 0 || vc < 0 || wc < 0 {
		return nil, &errNotKPIFormat{why: "the file has no kpi, week and value columns"}
	}
	ec, err := columnIndex(sh, "--event-column", f.event)
	if err != nil {
		return nil, err
	}
	df, err := dateFormatFor(sh.header[wc], f, column(sh, wc))
	if err != nil {
		return nil, err
	}
	m := &mapping{layout: layoutLong, format: formatName(df), records: make([]record, 0, len(sh.rows))}
	m.desc = []string{"KPI: " + sh.header[kc], "week: " + sh.header[wc] + dateNote(df), "value: " + sh.header[vc]}
	if nc >= 0 {
		m.desc = append(m.desc, "note: "+sh.header[nc])
	}
	events := newEventSet(f.event)
	for i, row := range sh.rows {
		if blankRow(row) {
			continue
		}
		r := record{line: sh.lines[i], kpi: cell(row, kc), column: sh.header[vc], value: cell(row, vc), note: cell(row, nc), noteCol: nc >= 0}
		if !parseRecordWeek(&r, df, sh.header[wc], cell(row, wc), probs) {
			continue
		}
		if r.kpi == "" {
			probs.add("nokpi", r.line, "every row needs its KPI", "%s is empty", sh.header[kc])
			continue
		}
		events.add(r.week, cell(row, ec))
		m.records = append(m.records, r)
	}
	m.events = events.list()
	m.ignored = unusedColumns(sh, kc, wc, vc, nc, ec)
	return m, nil
}

// flaggedOrNamed is the flagged column, or the one with the default name.
func flaggedOrNamed(sh *sheet, flag, name, def string) (int, error) {
	if name != "" {
		return columnIndex(sh, flag, name)
	}
	return headerIndex(sh, def), nil
}

// mapWide maps a week or date column plus one column per KPI, named by its
// header (Date,Revenue,Signups). An empty cell is no value for that week.
func mapWide(sh *sheet, f columnFlags, probs *problems) (*mapping, error) {
	wc, err := weekColumn(sh, f)
	if err != nil {
		return nil, err
	}
	if wc < 0 {
		return nil, &errNotKPIFormat{why: "the file has no week or date column"}
	}
	nc, err := columnIndex(sh, "--note-column", f.note)
	if err != nil {
		return nil, err
	}
	ec, err := columnIndex(sh, "--event-column", f.event)
	if err != nil {
		return nil, err
	}
	df, err := dateFormatFor(sh.header[wc], f, column(sh, wc))
	if err != nil {
		return nil, err
	}
	var kpiCols []int
	for c, h := range sh.header {
		if c != wc && c != nc && c != ec && h != "" {
			kpiCols = append(kpiCols, c)
		}
	}
	m := &mapping{layout: layoutWide, format: formatName(df)}
	m.desc = []string{"week: " + sh.header[wc] + dateNote(df), fmt.Sprintf("KPIs: %d columns (%s)", len(kpiCols), shortList(headersOf(sh, kpiCols), 6))}
	events := newEventSet(f.event)
	for i, row := range sh.rows {
		if blankRow(row) {
			continue
		}
		base := record{line: sh.lines[i], note: cell(row, nc), noteCol: nc >= 0}
		if !parseRecordWeek(&base, df, sh.header[wc], cell(row, wc), probs) {
			continue
		}
		events.add(base.week, cell(row, ec))
		for _, c := range kpiCols {
			if v := cell(row, c); v != "" {
				r := base
				r.kpi, r.column, r.value = sh.header[c], sh.header[c], v
				m.records = append(m.records, r)
			}
		}
	}
	m.events = events.list()
	return m, nil
}

// mapScorecard maps the spreadsheet scorecard: one row per KPI (named in the
// first column, or --kpi-column) and one column per week or date. Columns that
// are not weeks (owner, unit, target) are ignored and named in the summary.
func mapScorecard(sh *sheet, f columnFlags, probs *problems) (*mapping, error) {
	kc := 0
	if f.kpi != "" {
		var err error
		if kc, err = columnIndex(sh, "--kpi-column", f.kpi); err != nil {
			return nil, err
		}
	}
	var weekCols []int
	var heads []string
	for c, h := range sh.header {
		if c != kc && looksLikeWeekOrDate(h) {
			weekCols, heads = append(weekCols, c), append(heads, h)
		}
	}
	if len(weekCols) == 0 {
		return nil, &errNotKPIFormat{why: "the header has no weeks or dates"}
	}
	df, err := dateFormatFor("the header", f, heads)
	if err != nil {
		return nil, err
	}
	weeks := make(map[int]record, len(weekCols))
	for _, c := range weekCols {
		r := record{line: 1}
		if !parseRecordWeek(&r, df, "the header", sh.header[c], probs) {
			continue
		}
		weeks[c] = r
	}
	m := &mapping{layout: layoutScorecard, format: formatName(df)}
	m.desc = []string{"KPI: " + nameOr(sh.header[kc], "the first column"), fmt.Sprintf("weeks: %d columns (%s to %s)%s", len(weekCols), heads[0], heads[len(heads)-1], dateNote(df))}
	for i, row := range sh.rows {
		name := cell(row, kc)
		if blankRow(row) || name == "" {
			continue
		}
		for _, c := range weekCols {
			w, ok := weeks[c]
			if v := cell(row, c); ok && v != "" {
				m.records = append(m.records, record{line: sh.lines[i], kpi: name, column: sh.header[c], week: w.week, date: w.date, value: v})
			}
		}
	}
	m.ignored = unusedColumns(sh, append([]int{kc}, weekCols...)...)
	return m, nil
}

func nameOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func formatName(df *dateFormat) string {
	if df == nil {
		return ""
	}
	return df.name
}

func dateNote(df *dateFormat) string {
	if df == nil {
		return ""
	}
	return " (" + df.name + ")"
}

func blankRow(row []string) bool {
	for _, c := range row {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

func headersOf(sh *sheet, cols []int) []string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = sh.header[c]
	}
	return out
}

// shortList is the first n items and "…" for the rest.
func shortList(items []string, n int) string {
	if len(items) > n {
		return strings.Join(items[:n], ", ") + ", …"
	}
	return strings.Join(items, ", ")
}

// unusedColumns are the header's columns other than used.
func unusedColumns(sh *sheet, used ...int) []string {
	var out []string
	for c, h := range sh.header {
		if !containsInt(used, c) && h != "" {
			out = append(out, h)
		}
	}
	return out
}

func containsInt(list []int, x int) bool {
	for _, v := range list {
		if v == x {
			return true
		}
	}
	return false
}

// eventSet collects the events of an --event-column: one per week and text.
type eventSet struct {
	column string
	seen   map[string]bool
	events []model.Event
}

func newEventSet(column string) *eventSet { return &eventSet{column: column, seen: map[string]bool{}} }

// add records the event a cell makes, if any: a flag (1, yes, true, x, any
// number but 0) is an event named after the column; other text names itself.
func (s *eventSet) add(w model.Week, text string) {
	name := eventName(s.column, text)
	if name == "" || s.seen[w.String()+"\x00"+name] {
		return
	}
	s.seen[w.String()+"\x00"+name] = true
	s.events = append(s.events, model.Event{Week: w, Text: name})
}

func (s *eventSet) list() []model.Event { return s.events }

// eventName is the event a cell of an event column makes ("" for none).
func eventName(column, text string) string {
	t := strings.TrimSpace(model.Sanitize(text, false))
	switch strings.ToLower(t) {
	case "", "0", "false", "no", "n", "-", "0.0":
		return ""
	case "1", "true", "yes", "y", "x", "✓":
		return column
	}
	if n, err := strconv.ParseFloat(t, 64); err == nil {
		if n == 0 {
			return ""
		}
		return column
	}
	if len([]rune(t)) > model.MaxEventLen {
		t = string([]rune(t)[:model.MaxEventLen])
	}
	return t
}
