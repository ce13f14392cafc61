package cli

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"

	"kpi/internal/xlsx"
	"kpi/model"
)

// sheet is an import file read into cells: the header, the data rows and each
// row's line number in the file (the row number in a spreadsheet), so every
// problem can name where it is. decimalComma is set for a ;-separated CSV,
// where "1234,5" is a decimal number.
type sheet struct {
	header       []string
	rows         [][]string
	lines        []int
	dialect      string // "CSV, UTF-8 with a BOM, ; separated" or "sheet Sales of book.xlsx"
	decimalComma bool
}

// readOptions say how to read a file when detection is not wanted.
type readOptions struct {
	encoding  string // "", utf-8, utf-16, utf-16le, utf-16be, latin-1, windows-1252
	separator string // "", ",", ";", "tab"
	sheet     string // an .xlsx sheet; "" is the first
}

// isXLSX tells a spreadsheet from a CSV by its name or its zip signature.
func isXLSX(name string, data []byte) bool {
	return strings.EqualFold(filepath.Ext(name), ".xlsx") || bytes.HasPrefix(data, []byte("PK\x03\x04"))
}

// readSheet reads an .xlsx or a CSV of any dialect into a sheet.
func readSheet(name string, data []byte, opt readOptions) (*sheet, error) {
	var sh *sheet
	var err error
	if isXLSX(name, data) {
		sh, err = readXLSX(data, opt.sheet)
	} else {
		sh, err = readDelimited(data, opt)
	}
	if err != nil {
		return nil, err
	}
	for len(sh.header) > 0 && strings.TrimSpace(sh.header[len(sh.header)-1]) == "" && allEmptyColumn(sh, len(sh.header)-1) {
		sh.header = sh.header[:len(sh.header)-1] // a spreadsheet's trailing empty columns
	}
	for i := range sh.header {
		sh.header[i] = strings.TrimSpace(model.Sanitize(sh.header[i], false))
	}
	return sh, nil
}

func allEmptyColumn(sh *sheet, c int) bool {
	for _, r := range sh.rows {
		if c < len(r) && strings.TrimSpace(r[c]) != "" {
			return false
		}
	}
	return true
}

// decodeText turns the file's bytes into UTF-8: a BOM decides, then the
// --encoding named, then UTF-16 recognised by its zero bytes, then UTF-8 if the
// bytes are valid UTF-8, else Latin-1 (as Windows-1252, its superset that
// Excel writes), so "café" is never stored as "caf".
func decodeText(data []byte, name string) (string, string, error) {
	var enc encoding.Encoding
	label := ""
	switch strings.ToLower(strings.ReplaceAll(name, "_", "-")) {
	case "":
	case "utf-8", "utf8":
		enc, label = unicode.UTF8BOM, "UTF-8"
	case "utf-16", "utf16":
		enc, label = unicode.UTF16(unicode.LittleEndian, unicode.UseBOM), "UTF-16"
	case "utf-16le":
		enc, label = unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM), "UTF-16LE"
	case "utf-16be":
		enc, label = unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM), "UTF-16BE"
	case "latin-1", "latin1", "iso-8859-1":
		enc, label = charmap.ISO8859_1, "Latin-1"
	case "windows-1252", "cp1252":
		enc, label = charmap.Windows1252, "Windows-1252"
	default:
		return "", "", fmt.Errorf("unknown --encoding %q; use utf-8, utf-16, utf-16le, utf-16be, latin-1 or windows-1252", model.Sanitize(name, false))
	}
	if enc == nil {
		enc, label = detectEncoding(data)
	}
	out, err := enc.NewDecoder().Bytes(data)
	if err != nil {
		return "", "", fmt.Errorf("the file is not valid %s (%v); name its encoding with --encoding", label, err)
	}
	if label == "UTF-8" && !utf8.Valid(out) {
		return "", "", fmt.Errorf("the file is not valid UTF-8; name its encoding with --encoding latin-1 (or windows-1252, utf-16)")
	}
	return strings.TrimPrefix(string(out), "\ufeff"), label, nil
}

// detectEncoding picks the encoding of a file that does not name one.
func detectEncoding(data []byte) (encoding.Encoding, string) {
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		return unicode.UTF8BOM, "UTF-8 with a BOM"
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}):
		return unicode.UTF16(unicode.LittleEndian, unicode.UseBOM), "UTF-16LE"
	case bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		return unicode.UTF16(unicode.BigEndian, unicode.UseBOM), "UTF-16BE"
	}
	if len(data) >= 4 {
		head := data[:min(len(data), 512)]
		even, odd := 0, 0
		for i, b := range head {
			if b == 0 && i%2 == 0 {
				even++
			} else if b == 0 {
				odd++
			}
		}
		if odd > len(head)/4 {
			return unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM), "UTF-16LE"
		}
		if even > len(head)/4 {
			return unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM), "UTF-16BE"
		}
	}
	if utf8.Valid(data) {
		return unicode.UTF8, "UTF-8"
	}
	return charmap.Windows1252, "Latin-1"
}

// detectSeparator picks , ; or tab: whichever the first line holds most of
// outside quotes (a comma on a tie, as in kpi's own files).
func detectSeparator(text string) rune {
	line, _, _ := strings.Cut(text, "\n")
	counts := map[rune]int{}
	quoted := false
	for _, r := range line {
		switch {
		case r == '"':
			quoted = !quoted
		case !quoted && (r == ',' || r == ';' || r == '\t'):
			counts[r]++
		}
	}
	best := ','
	for _, r := range []rune{';', '\t'} {
		if counts[r] > counts[best] {
			best = r
		}
	}
	return best
}

// readDelimited reads a CSV (or ;- or tab-separated) file. A row with a quote
// problem is reported with its line, like every other bad row.
func readDelimited(data []byte, opt readOptions) (*sheet, error) {
	text, label, err := decodeText(data, opt.encoding)
	if err != nil {
		return nil, err
	}
	sep := detectSeparator(text)
	switch opt.separator {
	case "":
	case ",", ";":
		sep = rune(opt.separator[0])
	case "tab", "\\t", "\t":
		sep = '\t'
	default:
		return nil, fmt.Errorf("unknown --separator %q; use , ; or tab", model.Sanitize(opt.separator, false))
	}
	r := csv.NewReader(strings.NewReader(text))
	r.Comma, r.FieldsPerRecord = sep, -1
	sh := &sheet{dialect: fmt.Sprintf("CSV, %s, %s separated", label, sepName(sep)), decimalComma: sep == ';'}
	header, err := r.Read()
	if err == io.EOF {
		return nil, fmt.Errorf("the file is empty; it needs a header row and data rows")
	}
	if err != nil {
		return nil, fmt.Errorf("cannot read the header row: %v", err)
	}
	sh.header = header
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return nil, fmt.Errorf("line %d: %v; fix the quotes and import again", pe.Line, pe.Err)
		}
		if err != nil {
			return nil, fmt.Errorf("cannot read the file: %v", err)
		}
		line, _ := r.FieldPos(0)
		sh.rows, sh.lines = append(sh.rows, rec), append(sh.lines, line)
	}
	return sh, nil
}

func sepName(r rune) string {
	switch r {
	case ';':
		return "semicolon"
	case '\t':
		return "tab"
	}
	return "comma"
}

// readXLSX reads one sheet of a workbook (the first unless named). A cell
// Excel keeps as a date serial is written as its yyyy-mm-dd date, a number as
// the number stored (not as formatted: "1,643,690.90" and 1643690.9 are the
// same), a percentage as shown ("45%": kpi stores the percentage); see
// internal/xlsx.
func readXLSX(data []byte, name string) (*sheet, error) {
	book, err := xlsx.Open(data)
	if err != nil {
		return nil, fmt.Errorf("cannot read the spreadsheet: %v; save it again as .xlsx, or as CSV", err)
	}
	sheets := book.Sheets()
	if len(sheets) == 0 {
		return nil, fmt.Errorf("the workbook has no sheets")
	}
	if name == "" {
		name = sheets[0]
	} else if !contains(sheets, name) {
		return nil, fmt.Errorf("the workbook has no sheet %q; its sheets are %s", model.Sanitize(name, false), model.Sanitize(strings.Join(sheets, ", "), false))
	}
	rows, err := book.Rows(name)
	if err != nil {
		return nil, fmt.Errorf("cannot read the spreadsheet: %s; save it again as .xlsx, or as CSV", model.Sanitize(err.Error(), false))
	}
	sh := &sheet{dialect: fmt.Sprintf("spreadsheet, sheet %q", model.Sanitize(name, false))}
	for i, row := range rows {
		if i == 0 {
			sh.header = row
			continue
		}
		sh.rows, sh.lines = append(sh.rows, row), append(sh.lines, i+1)
	}
	if sh.header == nil {
		return nil, fmt.Errorf("sheet %q is empty; it needs a header row and data rows", model.Sanitize(name, false))
	}
	return sh, nil
}
