// Package xlsx reads the cells of one sheet of an Excel workbook (.xlsx), for
// `kpi import`: text as typed, numbers as stored, dates as dates and
// percentages as shown. It reads only what that needs — the sheet list, the
// shared strings, the number formats and one sheet's rows, streamed — with
// archive/zip and encoding/xml.
//
// kpi used a full spreadsheet library before; its package initialisation
// (tables and regular expressions built at start-up) cost every run of kpi,
// `kpi snapshot` and the app included, about 2 ms, a third of the start-up.
package xlsx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
)

// maxPart bounds how much of one part of the workbook (a sheet, the shared
// strings) is read once unzipped: a small hostile file must not unzip into
// gigabytes of memory.
const maxPart = 512 << 20

// Book is an opened workbook.
type Book struct {
	files    map[string]*zip.File // by lower-case name: part names are case-insensitive
	sheets   []sheetRef
	parts    map[string]string // the shared strings' and styles' part, by relationship type
	date1904 bool
	shared   []string
	formats  []format // by cell style index (the s attribute)
}

type sheetRef struct{ name, part string }

// Open reads a workbook's structure from the bytes of an .xlsx file.
func Open(data []byte) (*Book, error) {
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, errors.New("it is not an .xlsx workbook (not a zip file)")
	}
	b := &Book{files: make(map[string]*zip.File, len(z.File))}
	for _, f := range z.File {
		b.files[strings.ToLower(strings.TrimPrefix(f.Name, "/"))] = f
	}
	if err := b.readWorkbook(); err != nil {
		return nil, err
	}
	if err := b.readShared(); err != nil {
		return nil, err
	}
	if err := b.readStyles(); err != nil {
		return nil, err
	}
	return b, nil
}

// Sheets are the workbook's sheet names, in the workbook's order.
func (b *Book) Sheets() []string {
	out := make([]string, len(b.sheets))
	for i, s := range b.sheets {
		out[i] = s.name
	}
	return out
}

// open unzips one part of the workbook, bounded by maxPart; a missing part
// is (nil, nil).
func (b *Book) open(name string) (io.ReadCloser, error) {
	f, ok := b.files[strings.ToLower(name)]
	if !ok {
		return nil, nil
	}
	r, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("cannot unzip %s: %v", name, err)
	}
	return struct {
		io.Reader
		io.Closer
	}{&limited{r: r, left: maxPart, name: name}, r}, nil
}

// limited is an io.LimitReader that says so when the limit is reached.
type limited struct {
	r    io.Reader
	left int64
	name string
}

func (l *limited) Read(p []byte) (int, error) {
	if l.left <= 0 {
		return 0, fmt.Errorf("%s is larger than %d MB unzipped", l.name, maxPart>>20)
	}
	if int64(len(p)) > l.left {
		p = p[:l.left]
	}
	n, err := l.r.Read(p)
	l.left -= int64(n)
	return n, err
}

// decodePart decodes a whole small part (workbook, relationships, styles).
func (b *Book) decodePart(name string, v any) (bool, error) {
	r, err := b.open(name)
	if r == nil || err != nil {
		return false, err
	}
	defer r.Close()
	if err := xml.NewDecoder(r).Decode(v); err != nil {
		return true, fmt.Errorf("cannot read %s: %v", name, err)
	}
	return true, nil
}

// readWorkbook reads the sheet names and where each sheet's cells are.
func (b *Book) readWorkbook() error {
	var wb struct {
		Pr struct {
			Date1904 string `xml:"date1904,attr"`
		} `xml:"workbookPr"`
		Sheets []struct {
			Name string `xml:"name,attr"`
			RID  string `xml:"id,attr"` // r:id, in the transitional or the strict namespace
		} `xml:"sheets>sheet"`
	}
	if ok, err := b.decodePart("xl/workbook.xml", &wb); err != nil || !ok {
		if err == nil {
			err = errors.New("it is not an .xlsx workbook (no xl/workbook.xml)")
		}
		return err
	}
	b.date1904 = wb.Pr.Date1904 == "1" || strings.EqualFold(wb.Pr.Date1904, "true")
	var rels struct {
		Rels []struct {
			ID     string `xml:"Id,attr"`
			Type   string `xml:"Type,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if _, err := b.decodePart("xl/_rels/workbook.xml.rels", &rels); err != nil {
		return err
	}
	target := make(map[string]string, len(rels.Rels))
	b.parts = map[string]string{"sharedStrings": "xl/sharedStrings.xml", "styles": "xl/styles.xml"}
	for _, r := range rels.Rels {
		t := r.Target
		if strings.HasPrefix(t, "/") {
			t = strings.TrimPrefix(t, "/")
		} else {
			t = path.Join("xl", t)
		}
		target[r.ID] = t
		if kind := path.Base(r.Type); kind == "sharedStrings" || kind == "styles" {
			b.parts[kind] = t
		}
	}
	for i, s := range wb.Sheets {
		part, ok := target[s.RID]
		if !ok {
			part = fmt.Sprintf("xl/worksheets/sheet%d.xml", i+1)
		}
		b.sheets = append(b.sheets, sheetRef{s.Name, part})
	}
	return nil
}

// readShared reads the shared strings: each is the text of its runs (<t>),
// without phonetic guides (<rPh>).
func (b *Book) readShared() error {
	r, err := b.open(b.parts["sharedStrings"])
	if r == nil || err != nil {
		return err
	}
	defer r.Close()
	d := xml.NewDecoder(r)
	var cur strings.Builder
	inSI, inT, phonetic := false, false, 0
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("cannot read the shared strings: %v", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "si":
				inSI = true
				cur.Reset()
			case "rPh":
				phonetic++
			case "t":
				inT = inSI && phonetic == 0
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "si":
				b.shared, inSI = append(b.shared, cur.String()), false
			case "rPh":
				phonetic--
			case "t":
				inT = false
			}
		case xml.CharData:
			if inT {
				cur.Write(t)
			}
		}
	}
}
