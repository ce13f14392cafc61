package cli

import (
	"fmt"
	"strings"
	"time"

	"kpi/model"
)

// Layouts of a values file.
const (
	layoutLong      = "long"      // one row per KPI and week: kpi,week,value,note
	layoutWide      = "wide"      // a week or date column and one column per KPI
	layoutScorecard = "scorecard" // one row per KPI and one column per week or date
)

// columnFlags are the mapping flags of `kpi import`.
type columnFlags struct {
	kpi, week, date, value, note, event string
	dateFormat, layout                  string
}

// record is one value a file holds, mapped: which KPI (as the file names it),
// which week, the value and note as written, and where it came from.
type record struct {
	line    int
	kpi     string
	column  string // the column the value is in (wide, scorecard) or the value column
	week    model.Week
	date    time.Time
	value   string
	note    string
	noteCol bool
}

// mapping is a file turned into records, with what it was taken as.
type mapping struct {
	layout  string
	records []record
	events  []model.Event
	ignored []string // columns the import does not use
	format  string   // the date format used, "" for weeks
	desc    []string // "KPI: Store", "week: Date (dd-mm-yyyy)", ...
}

// errNotKPIFormat means the file's header says nothing about which column is
// what: the caller prints a guess instead of importing.
type errNotKPIFormat struct{ why string }

func (e *errNotKPIFormat) Error() string { return e.why }

// columnIndex finds a column by name, without case; -1 when name is "".
func columnIndex(sh *sheet, flag, name string) (int, error) {
	if name == "" {
		return -1, nil
	}
	for i, h := range sh.header {
		if strings.EqualFold(h, strings.TrimSpace(name)) {
			return i, nil
		}
	}
	return -1, fmt.Errorf("%s %q: the file has no such column (its columns: %s)", flag, model.Sanitize(name, false), model.Sanitize(strings.Join(sh.header, ", "), false))
}

// headerIndex finds the first of names in the header, -1 when none is there.
func headerIndex(sh *sheet, names ...string) int {
	for _, n := range names {
		for i, h := range sh.header {
			if strings.EqualFold(h, n) {
				return i
			}
		}
	}
	return -1
}

// cell is row's cell c, trimmed; "" beyond the row's end or for c < 0.
func cell(row []string, c int) string {
	if c < 0 || c >= len(row) {
		return ""
	}
	return strings.TrimSpace(row[c])
}

// column is every cell of column c.
func column(sh *sheet, c int) []string {
	out := make([]string, len(sh.rows))
	for i, r := range sh.rows {
		out[i] = cell(r, c)
	}
	return out
}

// chooseLayout is --layout, or the layout the header shows: weeks or dates
// across it is a scorecard; kpi and value columns (named or flagged) are long;
// a week or date column whose weeks do not repeat is wide.
func chooseLayout(sh *sheet, f columnFlags) (string, error) {
	switch f.layout {
	case layoutLong, layoutWide, layoutScorecard:
		return f.layout, nil
	case "":
	default:
		return "", fmt.Errorf("unknown --layout %q; use long, wide or scorecard", model.Sanitize(f.layout, false))
	}
	if f.kpi != "" && f.value != "" || headerIndex(sh, "kpi") >= 0 && headerIndex(sh, "value") >= 0 {
		return layoutLong, nil
	}
	if scorecardHeader(sh) {
		return layoutScorecard, nil
	}
	if f.kpi != "" || f.value != "" {
		return layoutLong, nil
	}
	wc, err := weekColumn(sh, f)
	if err != nil {
		return "", err
	}
	if wc >= 0 && uniqueCells(column(sh, wc)) && len(sh.header) > 1 {
		return layoutWide, nil
	}
	return "", &errNotKPIFormat{why: "the header names no kpi, week and value columns"}
}

// scorecardHeader: after the first column, at least two header cells are
// weeks or dates (a single one may be a wide file's date column named by a
// date), or every one is.
func scorecardHeader(sh *sheet) bool {
	n, other := 0, 0
	for _, h := range sh.header[min(1, len(sh.header)):] {
		switch {
		case h == "":
		case looksLikeWeekOrDate(h):
			n++
		default:
			other++
		}
	}
	return n >= 2 || n == 1 && other == 0
}

// weekColumn is the column of weeks or dates: flagged, named week or date, or
// else the first column whose every cell is one (-1 when none).
func weekColumn(sh *sheet, f columnFlags) (int, error) {
	if f.week != "" && f.date != "" {
		return -1, fmt.Errorf("give --week-column or --date-column, not both")
	}
	if f.week != "" || f.date != "" {
		return columnIndex(sh, map[bool]string{true: "--week-column", false: "--date-column"}[f.week != ""], f.week+f.date)
	}
	if c := headerIndex(sh, "week", "date", "week_start", "week start", "day"); c >= 0 {
		return c, nil
	}
	for c := range sh.header {
		cells := column(sh, c)
		if len(cells) > 0 && allCells(cells, looksLikeWeekOrDate) {
			return c, nil
		}
	}
	return -1, nil
}

func allCells(cells []string, ok func(string) bool) bool {
	for _, c := range cells {
		if c != "" && !ok(c) {
			return false
		}
	}
	return true
}

func uniqueCells(cells []string) bool {
	seen := map[string]bool{}
	for _, c := range cells {
		if c == "" {
			continue
		}
		if seen[c] {
			return false
		}
		seen[c] = true
	}
	return true
}

// dateFormatFor is --date-format, or the one format every cell is in.
func dateFormatFor(name string, f columnFlags, cells []string) (*dateFormat, error) {
	if f.dateFormat != "" {
		df, err := lookupDateFormat(f.dateFormat)
		return &df, err
	}
	return detectDateFormat(name, cells)
}

// mapSheet turns the sheet into records by its layout. Cells that are not a
// week are problems with their line; a file that is in no layout is an
// *errNotKPIFormat.
func mapSheet(sh *sheet, f columnFlags, probs *problems) (*mapping, error) {
	layout, err := chooseLayout(sh, f)
	if err != nil {
		return nil, err
	}
	switch layout {
	case layoutScorecard:
		return mapScorecard(sh, f, probs)
	case layoutWide:
		return mapWide(sh, f, probs)
	}
	return mapLong(sh, f, probs)
}

// readWeek parses a week cell into r, or records the problem.
func parseRecordWeek(r *record, df *dateFormat, colName, text string, probs *problems) bool {
	if text == "" {
		probs.add("noweek:"+colName, r.line, "", "%s is empty", colName)
		return false
	}
	w, t, err := weekOfDate(df, text)
	if err != nil {
		probs.add("badweek:"+colName, r.line, "write weeks like 2026-W47 or give --date-format", "%s: %v", colName, err)
		return false
	}
	r.week, r.date = w, t
	return true
}
