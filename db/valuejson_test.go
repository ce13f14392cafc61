package db

import (
	"encoding/json"
	"math"
	"reflect"
	"testing"
	"time"

	"kpi/model"
)

// valueJSON must write exactly what encoding/json writes, for every field and
// for the text, numbers and times it leaves to encoding/json.
func TestValueJSONIsEncodingJSON(t *testing.T) {
	at := time.Date(2026, 11, 18, 10, 4, 5, 123456789, time.FixedZone("", 5*3600+30*60))
	full := model.Value{ID: 7, KPIID: 3, Week: model.Week{Year: 2026, Num: 47}, Number: 1643690.9, HasNumber: true,
		Status: model.AtRisk, OverrideReason: "late invoices", Note: "a note", EnteredBy: "ann", EnteredAt: at,
		Bad: "number 'abc' is text", Stamp: model.Stamp{Version: 4, CreatedAt: at.UTC(), UpdatedAt: at, UpdatedBy: "bob"}}
	var cases []model.Value
	cases = append(cases, model.Value{}, full)
	for _, n := range []float64{0, math.Copysign(0, -1), 1, -1.5, 1e-6, 9.99e-7, 1e-7, 1.5e-10, 1e20, 1e21, -1e21, 123456789012345678, 1e15, 0.1 + 0.2, math.MaxFloat64, math.SmallestNonzeroFloat64} {
		v := full
		v.Number = n
		cases = append(cases, v)
	}
	for _, s := range []string{"", "plain", `quote " here`, `back\slash`, "<b>&amp;</b>", "tab\tnew\nline\r", "\x00\x01\x1f\x7f", "\b\f", "café ☕", "\u2028\u2029", "bad \xff utf-8", "\x1b[31mred"} {
		v := full
		v.Note, v.OverrideReason, v.EnteredBy, v.UpdatedBy, v.Bad, v.Status = s, s, s, s, s, model.Status(s)
		cases = append(cases, v)
	}
	for _, tm := range []time.Time{{}, time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.UTC), time.Date(2026, 1, 1, 0, 0, 0, 0, time.Local),
		time.Date(0, 1, 1, 0, 0, 0, 1, time.UTC), time.Date(2026, 6, 1, 12, 0, 0, 100, time.FixedZone("", -(23*3600+59*60))),
		time.Date(2026, 6, 1, 12, 0, 0, 0, time.FixedZone("", 5*3600+30*60+15)), time.Now(), time.Now().Round(0)} {
		v := full
		v.EnteredAt, v.CreatedAt, v.UpdatedAt = tm, tm, tm
		cases = append(cases, v)
	}
	for i, v := range cases {
		want, err := json.Marshal(v)
		if err != nil {
			t.Fatalf("case %d: encoding/json: %v", i, err)
		}
		for _, arg := range []any{v, &v} {
			got, err := logJSON(arg)
			if err != nil || got != string(want) {
				t.Errorf("case %d (%T):\n got %s (%v)\nwant %s", i, arg, got, err, want)
			}
		}
	}
}

// What encoding/json refuses, valueJSON refuses too, with its error.
func TestValueJSONRefusesWhatEncodingJSONRefuses(t *testing.T) {
	for _, v := range []model.Value{
		{Number: math.NaN(), HasNumber: true},
		{Number: math.Inf(-1), HasNumber: true},
		{EnteredAt: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)},
		{Stamp: model.Stamp{UpdatedAt: time.Date(-1, 1, 1, 0, 0, 0, 0, time.UTC)}},
		{Stamp: model.Stamp{CreatedAt: time.Date(2026, 1, 1, 0, 0, 0, 0, time.FixedZone("", 24*3600))}},
		{EnteredAt: time.Date(2026, 1, 1, 0, 0, 0, 0, time.FixedZone("", -30*3600))},
	} {
		if _, err := valueJSON(v); err == nil {
			t.Errorf("valueJSON(%+v) gave no error; encoding/json refuses it", v)
		}
	}
	var none *model.Value
	if got, err := logJSON(none); err != nil || got != "null" {
		t.Errorf("logJSON(nil *Value) = %q, %v; want null as encoding/json", got, err)
	}
	if got, _ := logJSON(nil); got != "" {
		t.Errorf("logJSON(nil) = %q; want empty", got)
	}
}

// An import's change-log columns are JSON arrays of the values as saved and
// of what they replaced (null for a new value), appended value by value with
// times remembered between values: they must be exactly encoding/json's
// arrays, whatever mix of times, zones and text the values have.
func TestImportLogArraysAreEncodingJSON(t *testing.T) {
	now := time.Now() // with a monotonic reading, as s.now() gives it
	zoned := now.In(time.FixedZone("", -(3*3600 + 1800)))
	far := time.Date(2026, 1, 1, 0, 0, 0, 0, time.FixedZone("far", 25*3600)) // MarshalJSON refuses it
	s := &Store{opt: Options{User: "ana"}}
	k := sampleKPI("mrr")
	k.ID = 3
	var saved []model.Value
	var olds []*model.Value
	for i, tm := range []time.Time{now, now, now.Round(0), zoned, now.UTC(), {}, now, time.Date(2026, 5, 5, 1, 2, 3, 0, time.UTC), now} {
		v := model.Value{ID: int64(100 + i), KPIID: k.ID, Week: model.Week{Year: 2026, Num: i + 1}, Number: float64(i) * 1e14, HasNumber: true,
			Note: []string{"", "plain", "quote \" <b>", "café ☕\n"}[i%4], EnteredBy: "ann", EnteredAt: tm,
			Stamp: model.Stamp{Version: 1, CreatedAt: now, UpdatedAt: tm, UpdatedBy: "ana"}}
		var old *model.Value
		if i%3 == 1 {
			o := v
			o.Number, o.Version, o.UpdatedAt, o.Note = -1.5, int64(i), zoned, "was "+v.Note
			old = &o
			v.Version = o.Version + 1
		}
		saved, olds = append(saved, v), append(olds, old)
	}
	var ls importLogs
	ls.expect = map[int64]int{k.ID: len(saved)}
	for i, v := range saved {
		var old model.Value
		if olds[i] != nil {
			old = *olds[i]
		}
		if err := ls.add(s, k, v, old, olds[i] != nil); err != nil {
			t.Fatal(err)
		}
	}
	gotOld, gotNew := ls.order[0].arrays()
	wantNew, _ := json.Marshal(saved)
	wantOld, _ := json.Marshal(olds)
	if gotNew != string(wantNew) || gotOld != string(wantOld) {
		t.Errorf("new:\n got %s\nwant %s\nold:\n got %s\nwant %s", gotNew, wantNew, gotOld, wantOld)
	}
	bad := saved[0]
	bad.UpdatedAt = far
	if err := ls.add(s, k, bad, model.Value{}, false); err == nil {
		t.Errorf("a time encoding/json refuses (zone offset 25 h) was logged")
	}
	if _, err := json.Marshal(bad); err == nil {
		t.Fatal("encoding/json took a 25 h offset; the case above tests nothing")
	}
}

// A compact import row (logDefaults) leaves out what the row says once — its
// time and user, and version 1 — and decodeImported gives back exactly the
// values as saved, whether a field equals the row's or not (another user, an
// earlier time, a later version, text the fast path hands to encoding/json),
// and reads a row written whole the same. The compact row is under half
// the whole one.
func TestCompactImportRowsReadBackWhole(t *testing.T) {
	at := time.Date(2026, 12, 1, 14, 37, 56, 105501425, time.UTC)
	d := &logDefaults{at: at, user: "ana"}
	s := &Store{opt: Options{User: "ana"}}
	k := sampleKPI("mrr")
	k.ID = 3
	var saved []model.Value
	for i := range 40 {
		v := model.Value{ID: int64(100 + i), KPIID: k.ID, Week: model.Week{Year: 2026, Num: i%52 + 1}, Number: float64(i), HasNumber: true,
			EnteredBy: "ana", EnteredAt: at, Stamp: model.Stamp{Version: 1, CreatedAt: at, UpdatedAt: at, UpdatedBy: "ana"}}
		switch i % 8 {
		case 1:
			v.EnteredBy = "ben"
		case 2:
			v.EnteredAt = at.Add(-time.Hour)
		case 3:
			v.Version, v.CreatedAt = 4, at.AddDate(0, -1, 0)
		case 4:
			v.Note, v.EnteredBy = "quote \" and ☕", "" // encoding/json's, and an empty name kept empty
		}
		saved = append(saved, v)
	}
	compact := importLogs{defaults: d}
	whole := importLogs{}
	for _, v := range saved {
		if err := compact.add(s, k, v, model.Value{}, false); err != nil {
			t.Fatal(err)
		}
		if err := whole.add(s, k, v, model.Value{}, false); err != nil {
			t.Fatal(err)
		}
	}
	_, small := compact.order[0].arrays()
	_, big := whole.order[0].arrays()
	for _, row := range []string{small, big} {
		got, err := decodeImported(model.Change{At: at, User: "ana", New: row})
		if err != nil || !reflect.DeepEqual(got, saved) {
			t.Fatalf("decoded %d values (%v) differ from the %d saved:\n got %+v\nwant %+v", len(got), err, len(saved), got[:2], saved[:2])
		}
	}
	if len(small)*2 > len(big) {
		t.Errorf("the compact row is %d bytes, the whole one %d", len(small), len(big))
	}
}
