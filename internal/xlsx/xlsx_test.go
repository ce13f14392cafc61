package xlsx

import (
	"archive/zip"
	"bytes"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// excelizeBook writes cells (by reference) into the sheets of a workbook made
// by a full spreadsheet library, each cell with the number format given (0 is
// General; a string is a custom format code), and returns its bytes.
func excelizeBook(t *testing.T, sheets []string, cells map[string]map[string]any, formats map[string]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, name := range sheets {
		if i == 0 {
			f.SetSheetName("Sheet1", name)
		} else if _, err := f.NewSheet(name); err != nil {
			t.Fatal(err)
		}
		for ref, v := range cells[name] {
			if err := f.SetCellValue(name, ref, v); err != nil {
				t.Fatal(err)
			}
			var style int
			switch fm := formats[ref].(type) {
			case int:
				style, _ = f.NewStyle(&excelize.Style{NumFmt: fm})
			case string:
				style, _ = f.NewStyle(&excelize.Style{CustomNumFmt: &fm})
			default:
				continue
			}
			f.SetCellStyle(name, ref, ref, style)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func rowsOf(t *testing.T, data []byte, sheet string) [][]string {
	t.Helper()
	b, err := Open(data)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := b.Rows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// TestCellsAsImported: text as typed, numbers as stored whatever their
// format, dates as dates (built-in and custom formats), percentages as shown,
// times of day as their serial; gaps are empty cells and trailing ones cut.
func TestCellsAsImported(t *testing.T) {
	day := time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)
	data := excelizeBook(t, []string{"Weekly", "Other"}, map[string]map[string]any{
		"Weekly": {
			"A1": "Date", "B1": "Revenue", "C1": "Share", "D1": "Note",
			"A2": day, "B2": 1643690.9, "C2": 0.455, "D2": "it's “fine”",
			"A3": day.AddDate(0, 0, 7), "B3": 12, "C3": 0.4567, "E3": true,
			"A5": 46031.5, "B5": 0.5, "C5": 0.25,
		},
		"Other": {"A1": "x"},
	}, map[string]any{
		"A2": 14, "B2": "#,##0.00", "C2": 9, "A3": "dd/mm/yyyy", "C3": 10,
		"A5": "[$-409]mmm d, yyyy", "B5": "h:mm", "C5": `0.0" pct"%`,
	})
	got := rowsOf(t, data, "Weekly")
	want := [][]string{
		{"Date", "Revenue", "Share", "Note"},
		{"2026-01-05", "1643690.9", "46%", "it's “fine”"},
		{"2026-01-12", "12", "45.67%", "", "1"},
		nil,
		{"2026-01-09", "0.5", "25.0%"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("rows:\n got %q\nwant %q", got, want)
	}
	b, _ := Open(data)
	if s := b.Sheets(); !reflect.DeepEqual(s, []string{"Weekly", "Other"}) {
		t.Errorf("sheets %q", s)
	}
	if other := rowsOf(t, data, "Other"); !reflect.DeepEqual(other, [][]string{{"x"}}) {
		t.Errorf("the second sheet: %q", other)
	}
}

// handBook is a workbook written as other programs write them: inline
// strings, rich-text shared strings with a phonetic guide in a part of
// another case named by its relationship, the strict namespace, the 1904 date
// system, cells without references, a formula's text.
func handBook(t testing.TB, sheet string) []byte {
	t.Helper()
	parts := map[string]string{
		"[Content_Types].xml": `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`,
		"xl/workbook.xml": `<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://purl.oclc.org/ooxml/officeDocument/relationships">` +
			`<workbookPr date1904="1"/><sheets><sheet name="Data" sheetId="1" r:id="rId7"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels": `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId7" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/data.xml"/>` +
			`<Relationship Id="rId8" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="SharedStrings.xml"/></Relationships>`,
		"xl/SharedStrings.xml": `<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
			`<si><t>kpi</t></si><si><r><t>Re</t></r><r><rPr><b/></rPr><t xml:space="preserve">venue </t></r><rPh><t>レベニュー</t></rPh></si></sst>`,
		"xl/styles.xml": `<?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
			`<cellStyleXfs><xf numFmtId="14"/></cellStyleXfs><cellXfs><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs></styleSheet>`,
		"xl/worksheets/data.xml": sheet,
	}
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	for name, body := range parts {
		w, err := z.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(body))
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestOtherProgramsWorkbooks(t *testing.T) {
	data := handBook(t, `<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`+
		`<row><c t="s"><v>0</v></c><c t="s"><v>1</v></c><c t="inlineStr"><is><t>Week</t></is></c></row>`+
		`<row r="2"><c r="A2" t="inlineStr"><is><r><t>mr</t></r><r><t>r</t></r></is></c><c r="B2"><v>1200.5</v></c><c r="C2" s="1"><v>44197</v></c>`+
		`<c r="D2" t="str"><f>B2*2</f><v>2401</v></c><c r="E2" t="e"><v>#DIV/0!</v></c><c r="F2" t="s"><v>99</v></c></row>`+
		`<row r="3"><c r="A3" t="inlineStr"><is><t></t></is></c></row>`+
		`</sheetData></worksheet>`)
	got := rowsOf(t, data, "Data")
	want := [][]string{
		{"kpi", "Revenue ", "Week"},
		{"mrr", "1200.5", "2025-01-02", "2401", "#DIV/0!"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("rows:\n got %q\nwant %q", got, want)
	}
}

// TestBadWorkbooks: what is not a workbook, or a sheet out of order, is an
// error that says what it is; a cell far away is refused, not allocated.
func TestBadWorkbooks(t *testing.T) {
	if _, err := Open([]byte("kpi,week\n")); err == nil || !strings.Contains(err.Error(), "not a zip") {
		t.Errorf("a CSV opened as a workbook: %v", err)
	}
	for name, sheet := range map[string]string{
		"rows out of order":  `<row r="5"><c><v>1</v></c></row><row r="2"><c><v>1</v></c></row>`,
		"cells out of order": `<row><c r="C1"><v>1</v></c><c r="A1"><v>1</v></c></row>`,
		"beyond column XFD":  `<row><c r="XFE1"><v>1</v></c></row>`,
		"broken XML":         `<row><c><v>1</c></row>`,
	} {
		data := handBook(t, `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`+sheet+`</sheetData></worksheet>`)
		b, err := Open(data)
		if err != nil {
			t.Fatal(err)
		}
		if rows, err := b.Rows("Data"); err == nil {
			t.Errorf("%s: read as %q", name, rows)
		}
	}
}

func TestSerialDates(t *testing.T) {
	for _, c := range []struct {
		n      float64
		is1904 bool
		want   string
	}{
		{1, false, "1900-01-01"}, {59, false, "1900-02-28"}, {61, false, "1900-03-01"},
		{46027, false, "2026-01-05"}, {46027.9999999999, false, "2026-01-06"}, {46027.99999999, false, "2026-01-05"}, {46027.75, false, "2026-01-05"},
		{0, true, "1904-01-01"}, {44561, true, "2026-01-01"},
	} {
		if got, ok := serialDate(c.n, c.is1904); !ok || got != c.want {
			t.Errorf("serialDate(%v, %v) = %q, %v; want %q", c.n, c.is1904, got, ok, c.want)
		}
	}
	for _, n := range []float64{-1, 0, 3e6} {
		if got, ok := serialDate(n, false); ok {
			t.Errorf("serialDate(%v) = %q, a date", n, got)
		}
	}
}

// FuzzSheet: whatever a sheet's XML holds, reading it returns rows or an
// error, never a panic, and no row is wider than Excel's widest.
func FuzzSheet(f *testing.F) {
	for _, seed := range []string{
		`<row><c t="s"><v>1</v></c><c t="inlineStr"><is><t>x</t></is></c></row>`,
		`<row r="2"><c r="B2" s="1"><v>44197</v></c><c r="C2" t="b"><v>1</v></c></row>`,
		`<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>`,
		`<row><c s="-1"><v>1e400</v></c><c t="s"><v>-3</v></c></row>`,
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, sheet string) {
		data := handBook(t, `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`+sheet+`</sheetData></worksheet>`)
		b, err := Open(data)
		if err != nil {
			t.Fatal(err)
		}
		rows, err := b.Rows("Data")
		for _, r := range rows {
			if len(r) > maxColumns {
				t.Fatalf("a row of %d cells", len(r))
			}
		}
		_ = err
	})
}
