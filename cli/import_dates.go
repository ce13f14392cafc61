package cli

import (
	"fmt"
	"strings"
	"time"

	"kpi/model"
)

// dateFormat is one way of writing dates that --date-format names.
type dateFormat struct {
	name   string // dd-mm-yyyy
	layout string // Go's layout, with one-digit days and months allowed
}

// dateFormats are the formats kpi knows by name, in the order detection tries
// them.
var dateFormats = []dateFormat{
	{"yyyy-mm-dd", "2006-1-2"},
	{"yyyy/mm/dd", "2006/1/2"},
	{"dd-mm-yyyy", "2-1-2006"},
	{"mm-dd-yyyy", "1-2-2006"},
	{"dd/mm/yyyy", "2/1/2006"},
	{"mm/dd/yyyy", "1/2/2006"},
	{"dd.mm.yyyy", "2.1.2006"},
}

// dateFormatNames lists the names for messages.
func dateFormatNames() string {
	var names []string
	for _, f := range dateFormats {
		names = append(names, f.name)
	}
	return strings.Join(names, ", ")
}

// lookupDateFormat reads --date-format: a name above, or a Go layout (any text
// holding 2006, Go's reference year).
func lookupDateFormat(s string) (dateFormat, error) {
	for _, f := range dateFormats {
		if strings.EqualFold(f.name, s) {
			return f, nil
		}
	}
	if strings.Contains(s, "2006") {
		return dateFormat{name: s, layout: s}, nil
	}
	return dateFormat{}, fmt.Errorf("unknown --date-format %q; use one of %s, or a Go layout like 2 Jan 2006", model.Sanitize(s, false), dateFormatNames())
}

// datePart drops a time after the date ("2010-02-05 00:00:00", "2010-02-05T00:00").
func datePart(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, " T"); i >= 8 {
		return s[:i]
	}
	return s
}

// parse reads one date in this format.
func (f dateFormat) parse(s string) (time.Time, error) {
	t, err := time.Parse(f.layout, datePart(s))
	if err != nil && f.layout != "2006-1-2" {
		t, err = time.Parse(f.layout, s) // a Go layout with a time of day in it
	}
	if err != nil {
		return t, fmt.Errorf("%q is not a date in the format %s", s, f.name)
	}
	if t.Year() < 1900 || t.Year() > 9999 {
		return t, fmt.Errorf("%q: year %d is out of range", s, t.Year())
	}
	return t, nil
}

// weekOfDate reads a week cell: an ISO week (2026-W47) as it is, otherwise a
// date in format f, taken as the ISO week that contains it.
func weekOfDate(f *dateFormat, s string) (model.Week, time.Time, error) {
	if isISOWeek(s) || f == nil {
		w, err := model.ParseWeek(s)
		return w, w.Monday(), err
	}
	t, err := f.parse(s)
	if err != nil {
		return model.Week{}, t, err
	}
	return model.WeekOf(t), t, nil
}

// detectDateFormat finds the one format every date of a column is in. Weeks
// written as 2026-W47 need no format (nil). When two formats read every date
// but disagree on one, the column is ambiguous: the error shows both readings
// of that date and the flags that settle it.
func detectDateFormat(column string, cells []string) (*dateFormat, error) {
	var dates, others []string
	for _, c := range cells {
		switch c = strings.TrimSpace(c); {
		case c == "" || isISOWeek(c):
		case looksLikeWeekOrDate(c):
			dates = append(dates, c)
		default:
			others = append(others, c) // each a problem of its row later
		}
	}
	if len(dates) == 0 && len(others) == 0 || len(dates) == 0 && len(others) < len(cells)/2 {
		return nil, nil
	}
	if len(dates) == 0 {
		dates = others
	}
	var fits []dateFormat
	for _, f := range dateFormats {
		if allParse(f, dates) {
			fits = append(fits, f)
		}
	}
	if len(fits) == 0 {
		return nil, fmt.Errorf("%s: dates like %q are in no format kpi knows; add --date-format (%s, or a Go layout)",
			model.Sanitize(column, false), model.Sanitize(dates[0], false), dateFormatNames())
	}
	for _, other := range fits[1:] {
		for _, d := range dates {
			a, _ := fits[0].parse(d)
			b, _ := other.parse(d)
			if !a.Equal(b) {
				return nil, fmt.Errorf("%s: the dates are ambiguous: %q is %s (%s) or %s (%s); add --date-format %s or --date-format %s",
					model.Sanitize(column, false), model.Sanitize(d, false), a.Format("2 January 2006"), fits[0].name, b.Format("2 January 2006"), other.name, fits[0].name, other.name)
			}
		}
	}
	return &fits[0], nil
}

func allParse(f dateFormat, dates []string) bool {
	for _, d := range dates {
		if _, err := f.parse(d); err != nil {
			return false
		}
	}
	return true
}

// looksLikeWeekOrDate reports whether a header cell or a first-column cell is
// a week or a date in a known format: how the scorecard and wide layouts are
// recognised.
func looksLikeWeekOrDate(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" {
		return false
	}
	if _, err := model.ParseWeek(s); err == nil {
		return true
	}
	for _, f := range dateFormats {
		if _, err := f.parse(s); err == nil {
			return true
		}
	}
	return false
}

// isISOWeek is true for text written like a week (2026-W47), valid or not:
// such a cell is read as a week, so a wrong week number is said as such. It
// matches `(?i)^\s*\d{4}-?W\d+\s*$` (import_values_test.go checks the two
// agree), by hand: an import asks it twice of every row.
func isISOWeek(s string) bool {
	s = strings.TrimRight(strings.TrimLeft(s, asciiSpace), asciiSpace)
	if len(s) < 6 || !allDigits(s[:4]) {
		return false
	}
	s = s[4:]
	if s[0] == '-' {
		s = s[1:]
	}
	return len(s) >= 2 && (s[0] == 'W' || s[0] == 'w') && allDigits(s[1:])
}

// asciiSpace is what \s matches in Go's regexp.
const asciiSpace = "\t\n\f\r "

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
