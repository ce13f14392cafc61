package model

import (
	"errors"
	"math"
	"testing"
	"unicode/utf8"
)

func FuzzParseValue(f *testing.F) {
	for _, s := range []string{
		"1,234.5", "12k", "3.4M", "2bn", "2.1bn", "45%", "$1,200", "€3.5k", "£99", "-3", "−3", "$-3",
		"1.2e3", "+7", " 42 ", "", "abc", "NaN", "Inf", "1,23", "12kk", "1e400", "0x10", "--3",
		"1e308k", "-$-3", "1e15", "1000001bn", ".5", "1\u00a0234",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ParseValue(s)
		if err != nil {
			if !errors.Is(err, ErrBadValue) {
				t.Fatalf("ParseValue(%q) error %v does not wrap ErrBadValue", s, err)
			}
			return
		}
		if math.IsNaN(v) || math.IsInf(v, 0) {
			t.Fatalf("ParseValue(%q) = %v, not a finite number", s, v)
		}
		if math.Abs(v) > 1e15 {
			t.Fatalf("ParseValue(%q) = %v, beyond the 1e15 limit", s, v)
		}
	})
}

func FuzzSanitize(f *testing.F) {
	for _, s := range []string{
		"\x1b]0;pwned\x07Name\x1b[2J", "\x1b[1;31mred\x1b[0m", "\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\",
		"\u009b2Jok", "\u009d0;t\u009cok", "a\x7fb", "abc\u202edef", "a\xffb", "line 1\r\nline 2\tend",
		"\x1b\x1b[2J", "\x1bPq\x1b\\", "Café ✓", "",
	} {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, s string, multiline bool) {
		out := Sanitize(s, multiline)
		if !utf8.ValidString(out) {
			t.Fatalf("Sanitize(%q, %v) = %q is not valid UTF-8", s, multiline, out)
		}
		for i := 0; i < len(out); i++ {
			c := out[i]
			if c == 0x1b || c == 0x7f || (c < 0x20 && !(multiline && (c == '\n' || c == '\t'))) {
				t.Fatalf("Sanitize(%q, %v) = %q keeps byte %#x", s, multiline, out, c)
			}
		}
		for _, r := range out {
			if r >= 0x80 && r <= 0x9f {
				t.Fatalf("Sanitize(%q, %v) = %q keeps C1 control %U", s, multiline, out, r)
			}
		}
		if again := Sanitize(out, multiline); again != out {
			t.Fatalf("Sanitize not idempotent: %q → %q → %q", s, out, again)
		}
	})
}

func FuzzParseWeek(f *testing.F) {
	for _, s := range []string{
		"2026-W47", "2026w47", "2026-11-19", "2021-01-03", "2024-12-30", "", "2026-W00", "2026-W54",
		"abc", "2021-W53", "2020-W53", "2026-W53", "2026-W1", "9999-12-31", "1900-01-01", "+202-W01",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		w, err := ParseWeek(s)
		if err != nil {
			if !errors.Is(err, ErrBadWeek) {
				t.Fatalf("ParseWeek(%q) error %v does not wrap ErrBadWeek", s, err)
			}
			return
		}
		if w.Num < 1 || w.Num > WeeksInYear(w.Year) {
			t.Fatalf("ParseWeek(%q) = %#v, not a week of its year", s, w)
		}
		back, err := ParseWeek(w.String())
		if err != nil || back != w {
			t.Fatalf("ParseWeek(%q) = %v, but ParseWeek(%q) = %v, %v", s, w, w.String(), back, err)
		}
		if got := WeekOf(w.Monday()); got != w {
			t.Fatalf("WeekOf(%v.Monday()) = %v", w, got)
		}
	})
}

// FuzzParseForAndVet: whatever is typed for a KPI in any unit, ParseFor gives
// a finite number or an ErrBadValue, and Vet's question never panics and holds
// no control character.
func FuzzParseForAndVet(f *testing.F) {
	units := []string{"ms", "$", "%", "", "users"}
	for i, s := range []string{"204 ms", "12.6k users", "€1,200", "1,200 EUR", "45%", "0.157", "12k", "1 user",
		"3.2×", "\x1b[2J5 ms", "5 \x1b]0;x\x07", "1e15 ms", "-3$", ""} {
		f.Add(s, uint8(i))
	}
	w := MustWeek("2026-W47")
	s := Series{{Week: w.Add(-2), Number: 200, HasNumber: true}, {Week: w.Add(-1), Number: 210, HasNumber: true}}
	f.Fuzz(func(t *testing.T, in string, unit uint8) {
		k := KPI{Key: "k", Unit: units[int(unit)%len(units)], Kind: Quantitative, Cadence: Weekly, Decimals: 1}
		typed, err := ParseFor(k, in)
		if err != nil {
			if !errors.Is(err, ErrBadValue) {
				t.Fatalf("ParseFor(%q) error %v does not wrap ErrBadValue", in, err)
			}
			return
		}
		if !Usable(typed.Number) {
			t.Fatalf("ParseFor(%q) = %v", in, typed.Number)
		}
		d, _ := Vet(k, typed, s, w)
		for _, r := range d.Message("keep") {
			if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
				t.Fatalf("Vet(%q) says %q, with a control character", in, d.Message("keep"))
			}
		}
	})
}
