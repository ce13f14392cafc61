package cli

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"kpi/model"
)

// csvRow is one data row of an import CSV: its line number and its fields by
// column name (trimmed; "" for a column the file does not have).
type csvRow struct {
	line  int
	field func(name string) string
}

// readCSV reads an import CSV whose header names some of columns (in any order,
// without case) and all of need. Bad rows become problems with their line
// numbers, so the user fixes them all at once; a bad header or an unreadable file
// is an error. Blank lines are skipped.
func readCSV(data []byte, columns, need []string) ([]csvRow, []string, error) {
	usage := "the header must be " + strings.Join(columns, ",")
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\ufeff"))))
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if err == io.EOF {
		return nil, nil, fmt.Errorf("the CSV is empty; %s", usage)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("cannot read the CSV header: %v", err)
	}
	col := map[string]int{}
	for i, h := range header {
		name := strings.ToLower(strings.TrimSpace(h))
		if !contains(columns, name) {
			return nil, nil, fmt.Errorf("unknown CSV column %q; %s", model.Sanitize(h, false), usage)
		}
		col[name] = i
	}
	for _, n := range need {
		if _, ok := col[n]; !ok {
			return nil, nil, fmt.Errorf("the CSV header has no %q column; %s", n, usage)
		}
	}
	var rows []csvRow
	var problems []string
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				problems = append(problems, fmt.Sprintf("line %d: %v", pe.Line, pe.Err))
				if errors.Is(pe.Err, csv.ErrQuote) || errors.Is(pe.Err, csv.ErrBareQuote) {
					continue
				}
			}
			return nil, problems, fmt.Errorf("cannot read the CSV: %v", err)
		}
		line, _ := r.FieldPos(0) // only after a successful read: a failed one has no fields
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		if len(rec) != len(header) {
			problems = append(problems, fmt.Sprintf("line %d: %d fields, the header has %d", line, len(rec), len(header)))
			continue
		}
		rows = append(rows, csvRow{line: line, field: func(name string) string {
			if i, ok := col[name]; ok {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}})
	}
	if len(rows) == 0 && len(problems) == 0 {
		return nil, nil, fmt.Errorf("the CSV has a header but no rows")
	}
	return rows, problems, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// csvHeader is the first record of a CSV, lower-cased, to tell which kind of
// import it is (values, or KPI definitions); nil when it cannot be read.
func csvHeader(data []byte) []string {
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\ufeff"))))
	r.FieldsPerRecord = -1
	h, err := r.Read()
	if err != nil {
		return nil
	}
	for i := range h {
		h[i] = strings.ToLower(strings.TrimSpace(h[i]))
	}
	return h
}

// valueColumns are the columns of a values CSV (spec §4).
var valueColumns = []string{"kpi", "week", "value", "note"}
