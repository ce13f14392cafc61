package xlsx

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// format is what a cell's number format says about its number: a date, a
// percentage (with how many decimals it shows), or a plain number.
type format struct {
	kind     int // plain, date or percent
	decimals int // for percent
}

const (
	plain = iota
	date
	percent
)

// builtinFormats are the built-in number formats (ids below 164) that show a
// date or a percentage; the time-of-day formats (18–21, 45–47) show no date.
var builtinFormats = map[int]format{
	9: {percent, 0}, 10: {percent, 2},
	14: {kind: date}, 15: {kind: date}, 16: {kind: date}, 17: {kind: date}, 22: {kind: date},
	// the East Asian locales' dates
	27: {kind: date}, 28: {kind: date}, 29: {kind: date}, 30: {kind: date}, 31: {kind: date},
	34: {kind: date}, 35: {kind: date}, 36: {kind: date},
	50: {kind: date}, 51: {kind: date}, 52: {kind: date}, 53: {kind: date}, 54: {kind: date},
	55: {kind: date}, 56: {kind: date}, 57: {kind: date}, 58: {kind: date},
}

// readStyles reads the number format of each cell style (cellXfs).
func (b *Book) readStyles() error {
	var st struct {
		NumFmts []struct {
			ID   int    `xml:"numFmtId,attr"`
			Code string `xml:"formatCode,attr"`
		} `xml:"numFmts>numFmt"`
		Xfs []struct {
			NumFmt int `xml:"numFmtId,attr"`
		} `xml:"cellXfs>xf"`
	}
	if _, err := b.decodePart(b.parts["styles"], &st); err != nil {
		return err
	}
	custom := make(map[int]format, len(st.NumFmts))
	for _, f := range st.NumFmts {
		custom[f.ID] = classify(f.Code)
	}
	b.formats = make([]format, len(st.Xfs))
	for i, x := range st.Xfs {
		if f, ok := custom[x.NumFmt]; ok {
			b.formats[i] = f
		} else {
			b.formats[i] = builtinFormats[x.NumFmt]
		}
	}
	return nil
}

// classify reads a custom format code ("0.0%", "dd/mm/yyyy", "[$-409]mmm d",
// `#,##0 "units"`): its first section, without quoted text, escaped
// characters and [brackets]. A % makes it a percentage; a year or day — or a
// month (m) without hours or seconds beside it, which would make m minutes —
// makes it a date.
func classify(code string) format {
	if i := strings.IndexByte(code, ';'); i >= 0 {
		code = code[:i]
	}
	var b strings.Builder
	for i := 0; i < len(code); i++ {
		switch c := code[i]; c {
		case '"':
			if j := strings.IndexByte(code[i+1:], '"'); j >= 0 {
				i += j + 1
			} else {
				i = len(code)
			}
		case '\\', '_', '*':
			i++ // the next character is shown (or spaced) as is
		case '[':
			if j := strings.IndexByte(code[i:], ']'); j >= 0 {
				i += j
			} else {
				i = len(code)
			}
		default:
			b.WriteByte(c)
		}
	}
	s := strings.ToLower(b.String())
	switch {
	case strings.Contains(s, "%"):
		f := format{kind: percent}
		if dot := strings.IndexByte(s, '.'); dot >= 0 {
			for _, c := range s[dot+1:] {
				if c != '0' && c != '#' && c != '?' {
					break
				}
				f.decimals++
			}
		}
		return f
	case strings.ContainsAny(s, "yd"),
		strings.Contains(s, "m") && !strings.ContainsAny(s, "hs"):
		return format{kind: date}
	}
	return format{}
}

// number is a numeric cell's text as kpi imports it: a date serial as its
// yyyy-mm-dd date, a percentage as shown ("45%", "45.50%"), any other number
// as stored (not as formatted: "1,643,690.90" is 1643690.9).
func (b *Book) number(v string, style int) string {
	v = strings.TrimSpace(v)
	if style < 0 || style >= len(b.formats) || b.formats[style].kind == plain {
		return v
	}
	n, err := strconv.ParseFloat(v, 64)
	if err != nil || math.IsInf(n, 0) || math.IsNaN(n) {
		return v
	}
	switch f := b.formats[style]; f.kind {
	case percent:
		return strconv.FormatFloat(n*100, 'f', f.decimals, 64) + "%"
	default:
		if d, ok := serialDate(n, b.date1904); ok {
			return d
		}
	}
	return v
}

// serialDate is the date of an Excel date serial: days since 1899-12-31 in
// the 1900 date system, which counts a 29 February 1900 that never was
// (serial 60), or since 1904-01-01 in the 1904 one. The time of day is dropped.
func serialDate(n float64, date1904 bool) (string, bool) {
	days := math.Floor(n + 0.5/86400e3) // half a millisecond, for serials written as 45292.99999999
	if days < 0 || days > 2958465 {     // up to 9999-12-31
		return "", false
	}
	var t time.Time
	switch {
	case date1904:
		t = time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, int(days))
	case days < 1:
		return "", false
	case days < 61:
		t = time.Date(1899, 12, 31, 0, 0, 0, 0, time.UTC).AddDate(0, 0, int(days))
		if days == 60 {
			t = time.Date(1900, 2, 28, 0, 0, 0, 0, time.UTC)
		}
	default:
		t = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC).AddDate(0, 0, int(days))
	}
	return t.Format("2006-01-02"), true
}
