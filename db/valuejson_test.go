package db

import (
	"encoding/json"
	"math"
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
	for _, tm := range []time.Time{{}, time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.UTC), time.Date(2026, 1, 1, 0, 0, 0, 0, time.Local)} {
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
