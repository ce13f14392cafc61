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
	b, err := appendValueJSON(make([]byte, 0, 384), v, nil)
	return string(b), err
}

// appendValueJSON appends valueJSON(v) to b; on an error b is as it was.
// times, when not nil, remembers the last time written: an import's values
// mostly share one (entered, created and updated now).
func appendValueJSON(b []byte, v model.Value, times *timeMemo) ([]byte, error) {
	return appendLoggedValue(b, v, times, nil)
}

// logDefaults are what an import's change-log row says once for all its
// values — when, by whom — and the version a new value has. A value's field
// equal to them is left out of the row's JSON, and decodeImported puts it
// back: three times and two names were two thirds of the 27 MB of log of a
// 100,000-value import.
type logDefaults struct {
	at   time.Time
	user string
}

// appendLoggedValue is appendValueJSON leaving out, when d is set, the
// fields equal to d (a value the fast path cannot write is written whole:
// decodeImported reads both).
func appendLoggedValue(b []byte, v model.Value, times *timeMemo, d *logDefaults) ([]byte, error) {
	start := len(b)
	b, ok := appendValueFast(b, v, times, d)
	if ok {
		return b, nil
	}
	text, err := jsonText(v)
	if err != nil {
		return b[:start], err
	}
	return append(b[:start], text...), nil
}

// appendValueFast is the hand-written encoding; false leaves v to
// encoding/json (and b to be cut back by the caller).
func appendValueFast(b []byte, v model.Value, times *timeMemo, d *logDefaults) ([]byte, bool) {
	byDefault := func(name string) bool { return d != nil && d.user == name }
	atDefault := func(t time.Time) bool { return d != nil && t.Equal(d.at) }
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
	for _, f := range [...]struct{ name, s string }{{`,"status":`, string(v.Status)}, {`,"override_reason":`, v.OverrideReason}, {`,"note":`, v.Note}} {
		if f.s != "" && ok {
			b = append(b, f.name...)
			b, ok = appendPlainString(b, f.s)
		}
	}
	if ok && !byDefault(v.EnteredBy) {
		b = append(b, `,"entered_by":`...)
		b, ok = appendPlainString(b, v.EnteredBy)
	}
	if ok && !atDefault(v.EnteredAt) {
		b = append(b, `,"entered_at":`...)
		b, ok = times.append(b, v.EnteredAt)
	}
	if v.Bad != "" && ok {
		b = append(b, `,"bad":`...)
		b, ok = appendPlainString(b, v.Bad)
	}
	if ok && (d == nil || v.Version != 1) {
		b = append(b, `,"version":`...)
		b = strconv.AppendInt(b, v.Version, 10)
	}
	if ok && !atDefault(v.CreatedAt) {
		b = append(b, `,"created_at":`...)
		b, ok = times.append(b, v.CreatedAt)
	}
	if ok && !atDefault(v.UpdatedAt) {
		b = append(b, `,"updated_at":`...)
		b, ok = times.append(b, v.UpdatedAt)
	}
	if ok && !byDefault(v.UpdatedBy) {
		b = append(b, `,"updated_by":`...)
		b, ok = appendPlainString(b, v.UpdatedBy)
	}
	return append(b, '}'), ok
}

// timeMemo is the last time appendJSONTime wrote and its text. A time equal
// to it in every field (==: the same instant, location and monotonic
// reading) is written the same, so its text is copied instead.
type timeMemo struct {
	t    time.Time
	text []byte
}

// append is appendJSONTime through the memo; a nil memo only writes.
func (m *timeMemo) append(b []byte, t time.Time) ([]byte, bool) {
	if m == nil {
		return appendJSONTime(b, t)
	}
	if m.text != nil && t == m.t {
		return append(b, m.text...), true
	}
	n := len(b)
	b, ok := appendJSONTime(b, t)
	if ok {
		m.t, m.text = t, append(m.text[:0], b[n:]...)
	}
	return b, ok
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

// appendJSONTime writes t as its MarshalJSON does: RFC 3339 with
// nanoseconds, quoted (AppendFormat's own fast path for that layout, without
// MarshalJSON's allocation), with MarshalJSON's two refusals: a year outside
// 0–9999 and a zone offset of 24 hours or more report false.
func appendJSONTime(b []byte, t time.Time) ([]byte, bool) {
	if y := t.Year(); y < 0 || y > 9999 {
		return b, false
	}
	b = append(b, '"')
	n := len(b)
	b = t.AppendFormat(b, time.RFC3339Nano)
	if len(b)-n < len("2006-01-02T15:04:05Z") || b[n+4] != '-' {
		return b, false
	}
	if end := len(b); b[end-1] != 'Z' {
		c := b[end-len("Z07:00")]
		if '0' <= c && c <= '9' || 10*(b[end-5]-'0')+(b[end-4]-'0') >= 24 {
			return b, false
		}
	}
	return append(b, '"'), true
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
