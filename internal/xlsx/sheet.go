package xlsx

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// Excel's own limits on a sheet; a cell reference beyond them is not one.
const (
	maxColumns = 16384
	maxRows    = 1 << 20
	// maxCells bounds the cells a sheet's rows may span (empty ones included):
	// one cell written at column XFD of every row would otherwise make
	// gigabytes of empty cells.
	maxCells = 16 << 20
)

// Rows reads the named sheet's rows from row 1 to its last non-empty one, each
// from column A to its last non-empty cell (a missing row or cell is empty):
// text as typed (shared or inline), numbers as number describes, booleans as
// 1 or 0, errors as Excel shows them (#DIV/0!).
func (b *Book) Rows(name string) ([][]string, error) {
	part := ""
	for _, s := range b.sheets {
		if s.name == name {
			part = s.part
		}
	}
	r, err := b.open(part)
	if err != nil {
		return nil, err
	}
	if r == nil {
		return nil, fmt.Errorf("the workbook has no cells for sheet %q", name)
	}
	defer r.Close()
	rd := sheetReader{b: b, d: xml.NewDecoder(r)}
	if err := rd.read(); err != nil {
		return nil, fmt.Errorf("cannot read sheet %q: %v", name, err)
	}
	for len(rd.rows) > 0 && len(rd.rows[len(rd.rows)-1]) == 0 {
		rd.rows = rd.rows[:len(rd.rows)-1]
	}
	return rd.rows, nil
}

// sheetReader streams one sheet's XML into rows.
type sheetReader struct {
	b     *Book
	d     *xml.Decoder
	rows  [][]string
	cells int
	row   []string
	col   int // the last cell's column, 1-based
	cell  cell
	text  *strings.Builder // the element whose text is being read (<v>, <t>)
}

// cell is the cell being read: its attributes and text.
type cell struct {
	typ    string // the t attribute: s, inlineStr, str, b, e, d, or "" for a number
	style  int
	value  strings.Builder // <v>
	inline strings.Builder // <is><t>
}

func (rd *sheetReader) read() error {
	for {
		tok, err := rd.d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if err := rd.start(t); err != nil {
				return err
			}
		case xml.EndElement:
			if err := rd.end(t.Name.Local); err != nil {
				return err
			}
		case xml.CharData:
			if rd.text != nil {
				rd.text.Write(t)
			}
		}
	}
}

func (rd *sheetReader) start(t xml.StartElement) error {
	switch t.Name.Local {
	case "row":
		n := len(rd.rows) + 1
		if r := attr(t, "r"); r != "" {
			v, err := strconv.Atoi(r)
			if err != nil || v < n || v > maxRows {
				return fmt.Errorf("row %q is out of order", r)
			}
			n = v
		}
		for len(rd.rows) < n-1 {
			rd.rows = append(rd.rows, nil)
		}
		rd.row, rd.col = nil, 0
	case "c":
		col := rd.col + 1
		if ref := attr(t, "r"); ref != "" {
			c, ok := column(ref)
			if !ok || c <= rd.col {
				return fmt.Errorf("cell %q is out of order", ref)
			}
			col = c
		}
		rd.col = col
		rd.cell.typ, rd.cell.style = attr(t, "t"), 0
		if s := attr(t, "s"); s != "" {
			rd.cell.style, _ = strconv.Atoi(s)
		}
		rd.cell.value.Reset()
		rd.cell.inline.Reset()
	case "v":
		rd.text = &rd.cell.value
	case "t":
		rd.text = &rd.cell.inline // inside <is>; a <t> elsewhere in a sheet is not a cell's
	}
	return nil
}

func (rd *sheetReader) end(name string) error {
	switch name {
	case "v", "t":
		rd.text = nil
	case "c":
		v := rd.b.value(&rd.cell)
		if v == "" {
			return nil
		}
		if rd.cells += rd.col - len(rd.row); rd.cells > maxCells {
			return errors.New("it has more cells than kpi reads (16 million)")
		}
		for len(rd.row) < rd.col-1 {
			rd.row = append(rd.row, "")
		}
		rd.row = append(rd.row, v)
	case "row":
		rd.rows = append(rd.rows, rd.row)
	}
	return nil
}

// value is a read cell's text (see Rows).
func (b *Book) value(c *cell) string {
	v := c.value.String()
	switch c.typ {
	case "s":
		i, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil || i < 0 || i >= len(b.shared) {
			return "" // a shared string the workbook lacks: the cell alone is lost
		}
		return b.shared[i]
	case "inlineStr":
		return c.inline.String()
	case "str", "e", "b":
		return v
	case "d":
		if t, err := time.Parse("2006-01-02T15:04:05", strings.TrimSuffix(v, "Z")); err == nil {
			return t.Format("2006-01-02")
		}
		return v
	}
	return b.number(v, c.style)
}

// column is the 1-based column of a cell reference ("C7" is 3).
func column(ref string) (int, bool) {
	n, i := 0, 0
	for ; i < len(ref); i++ {
		c := ref[i] | 0x20 // lower case
		if c < 'a' || c > 'z' {
			break
		}
		n = n*26 + int(c-'a'+1)
		if n > maxColumns {
			return 0, false
		}
	}
	return n, i > 0
}

func attr(t xml.StartElement, name string) string {
	for _, a := range t.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}
