package db

import (
	"math"
	"strconv"
	"time"

	"kpi/model"
)

// valueJSON is json.Marshal(v) for a value, byte for byte, written by hand: an
// import logs the new (and old) version of every value it writes, and
// reflection with three time.Time marshalers per value was a tenth of a large
// import's time. What the fast path does not handle exactly — a number that is
// NaN or infinite, text with characters JSON escapes — goes to encoding/json,
// so the output (or the error) is always encoding/json's. valuejson_test.go
// compares the two on every field.
func valueJSON(v model.Value) (string, error) {
	b := make([]byte, 0, 384)
	b = append(b, `{"id":`...)
	b = strconv.AppendInt(b, v.ID, 10)
	b = append(b, `,"kpi_id":`...)
	b = strconv.AppendInt(b, v.KPIID, 10)
	b = append(b, `,"week":`...)
	b, ok := appendPlainString(b, v.Week.String())
	b = append(b, `,"number":`...)
	b, okNum := appendJSONFloat(b, v.Number)
	b = append(b, `,"has_number":`...)
	b = strconv.AppendBool(b, v.HasNumber)
	ok = ok && okNum
	for _, f := range []struct{ name, s string }{{`,"status":`, string(v.Status)}, {`,"override_reason":`, v.OverrideReason}, {`,"note":`, v.Note}} {
		if f.s != "" && ok {
			b = append(b, f.name...)
			b, ok = appendPlainString(b, f.s)
		}
	}
	if ok {
		b = append(b, `,"entered_by":`...)
		b, ok = appendPlainString(b, v.EnteredBy)
	}
	if ok {
		b = append(b, `,"entered_at":`...)
		b, ok = appendJSONTime(b, v.EnteredAt)
	}
	if v.Bad != "" && ok {
		b = append(b, `,"bad":`...)
		b, ok = appendPlainString(b, v.Bad)
	}
	if ok {
		b = append(b, `,"version":`...)
		b = strconv.AppendInt(b, v.Version, 10)
		b = append(b, `,"created_at":`...)
		b, ok = appendJSONTime(b, v.CreatedAt)
	}
	if ok {
		b = append(b, `,"updated_at":`...)
		b, ok = appendJSONTime(b, v.UpdatedAt)
	}
	if ok {
		b = append(b, `,"updated_by":`...)
		b, ok = appendPlainString(b, v.UpdatedBy)
	}
	if !ok {
		return jsonText(v)
	}
	return string(append(b, '}')), nil
}

// appendPlainString quotes s when every byte is printable ASCII that
// encoding/json writes as it is (it escapes " \ < > & and control characters);
// otherwise it reports false and the caller leaves it to encoding/json.
func appendPlainString(b []byte, s string) ([]byte, bool) {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c < 0x20 || c >= 0x7f, c == '"', c == '\\', c == '<', c == '>', c == '&':
			return b, false
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"'), true
}

// appendJSONFloat writes f as encoding/json does (its floatEncoder): plain
// digits, or an exponent below 1e-6 and from 1e21 on, "e-07" shortened to
// "e-7". NaN and infinities, which encoding/json refuses, report false.
func appendJSONFloat(b []byte, f float64) ([]byte, bool) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return b, false
	}
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if n := len(b); format == 'e' && n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
		b[n-2] = b[n-1]
		b = b[:n-1]
	}
	return b, true
}

// appendJSONTime writes t as its MarshalJSON does; a time it refuses (a year
// outside 0–9999) reports false.
func appendJSONTime(b []byte, t time.Time) ([]byte, bool) {
	if y := t.Year(); y < 0 || y > 9999 {
		return b, false
	}
	text, err := t.MarshalJSON()
	if err != nil {
		return b, false
	}
	return append(b, text...), true
}

// logJSON is a change-log column's JSON: values by the fast path, the rest
// by encoding/json.
func logJSON(v any) (string, error) {
	switch x := v.(type) {
	case model.Value:
		return valueJSON(x)
	case *model.Value:
		if x != nil {
			return valueJSON(*x)
		}
	}
	return jsonText(v)
}
