package model

import (
	"errors"
	"math"
	"testing"
)

func TestParseValue(t *testing.T) {
	tests := []struct {
		in   string
		want float64
	}{
		{"1,234.5", 1234.5},
		{"1,234,567.89", 1234567.89},
		{"12k", 12000},
		{"12K", 12000},
		{"1.5k", 1500},
		{"12 k", 12000},
		{"3.4M", 3.4e6},
		{"3.4m", 3.4e6},
		{"2bn", 2e9},
		{"2.1bn", 2.1e9},
		{"2B", 2e9},
		{"45%", 45},
		{"45 %", 45},
		{"4.5%", 4.5},
		{"$1,200", 1200},
		{"€3.5k", 3500},
		{"£99", 99},
		{"-3", -3},
		{"−3", -3}, // U+2212 minus sign
		{"-$1,200", -1200},
		{"$-3", -3},
		{"-12k", -12000},
		{"1.2e3", 1200},
		{"1.2E3", 1200},
		{"1e-3", 0.001},
		{"+7", 7},
		{" 42 ", 42},
		{"42", 42},
		{"0", 0},
		{".5", 0.5},
		{"1 234", 1234},
		{"1\u00a0234", 1234}, // no-break space as a thousands separator
		{"1e15", 1e15},
		{"1000000bn", 1e15},
	}
	for _, tt := range tests {
		got, err := ParseValue(tt.in)
		if err != nil {
			t.Errorf("ParseValue(%q): unexpected error %v", tt.in, err)
			continue
		}
		if !near(got, tt.want) {
			t.Errorf("ParseValue(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestParseValueRefuses(t *testing.T) {
	for _, in := range []string{
		"", "  ", "abc", "NaN", "nan", "Inf", "-Inf", "+inf", "infinity", "infk",
		"1,23", "1,2345", ",123", "12,", "1,234,5", "1.5,000",
		"12kk", "12kb", "k", "%", "$", "$%", "bn", "45%%",
		"1e400", "1e308k", "1e16", "-1.1e15", "1000001bn",
		"0x10", "0X1p4", "1_000", "0b101",
		"--3", "-+3", "+-3", "++3", "-$-3", "$$3", "$€3",
		"(120)", "1.2.3", "1e", "e3", "12 apples", "3-4",
	} {
		got, err := ParseValue(in)
		if err == nil {
			t.Errorf("ParseValue(%q) = %v, want an error", in, got)
			continue
		}
		if !errors.Is(err, ErrBadValue) {
			t.Errorf("ParseValue(%q) error %v does not wrap ErrBadValue", in, err)
		}
	}
}

func TestFormatValue(t *testing.T) {
	tests := []struct {
		v        float64
		unit     string
		decimals int
		want     string
	}{
		{12000, "$", 0, "$12,000"},
		{1234.5, "$", 2, "$1,234.50"},
		{1234.5, "$", 0, "$1,235"}, // half away from zero
		{-1200, "$", 0, "-$1,200"},
		{999.999, "$", 2, "$1,000.00"}, // rounding carries into a new group
		{3500, "€", 1, "€3,500.0"},
		{1234567, "£", 0, "£1,234,567"},
		{45, "%", 0, "45%"},
		{45.25, "%", 1, "45.3%"},
		{45.2, "%", 2, "45.20%"},
		{-3.5, "%", 1, "-3.5%"},
		{12, "days", 0, "12 days"},
		{1.5, "days", 1, "1.5 days"},
		{340, "ms", 0, "340 ms"},
		{1250.4, "ms", 0, "1,250 ms"},
		{1250, "", 0, "1,250"},
		{1234567.891, "", 2, "1,234,567.89"},
		{999, "", 0, "999"},
		{0, "", 0, "0"},
		{2.5, "", 0, "3"},
		{-2.5, "", 0, "-3"},
		{0.5, "", 1, "0.5"},
		{-0.004, "", 2, "0.00"}, // no "-0.00"
		{-0.4, "%", 0, "0%"},
		{-0.4, "$", 0, "$0"},
		{-1234.5, "", 1, "-1,234.5"},
		{7, "", -1, "7"},                // negative decimals (a bad cell) show up to two, trimmed
		{0.34, "%", -1, "0.34%"},        // ... so a bad setting never hides 0.34 % as "0%"
		{1234.5, "", -3, "1,234.5"},     //
		{0.333333, "%", -1, "0.33%"},    //
		{1.23456789, "", 9, "1.234568"}, // more than 6 decimals clamp to 6
		{math.NaN(), "$", 0, "⚠ bad value"},
		{math.Inf(1), "", 0, "⚠ bad value"},
		{math.Inf(-1), "%", 2, "⚠ bad value"},
		{1e15, "", 0, "1,000,000,000,000,000"}, // the limit itself is a number
		{1.0000001e15, "", 0, "⚠ bad value"},
		{-1.7e308, "$", 0, "⚠ bad value"},
	}
	for _, tt := range tests {
		if got := FormatValue(tt.v, tt.unit, tt.decimals); got != tt.want {
			t.Errorf("FormatValue(%v, %q, %d) = %q, want %q", tt.v, tt.unit, tt.decimals, got, tt.want)
		}
	}
}

func TestFormatValueParsesBack(t *testing.T) {
	// what FormatValue writes, ParseValue reads back (the entry form shows last week's value)
	for _, tt := range []struct {
		v        float64
		unit     string
		decimals int
	}{
		{12000, "$", 0}, {-1234.5, "€", 2}, {45.5, "%", 1}, {1234567, "", 0}, {-3, "", 0},
	} {
		s := FormatValue(tt.v, tt.unit, tt.decimals)
		got, err := ParseValue(s)
		if err != nil || !near(got, tt.v) {
			t.Errorf("ParseValue(FormatValue(%v, %q)) = ParseValue(%q) = %v, %v", tt.v, tt.unit, s, got, err)
		}
	}
}

func TestFormatCompact(t *testing.T) {
	tests := []struct {
		v        float64
		unit     string
		decimals int
		want     string
	}{
		{12000, "", 0, "12k"},
		{12345, "", 0, "12.3k"},
		{3.4e6, "", 0, "3.4M"},
		{1.2e6, "$", 0, "$1.2M"},
		{-1.2e6, "$", 0, "-$1.2M"},
		{2e9, "", 0, "2B"},
		{45, "%", 0, "45%"},
		{45.67, "%", 1, "45.7%"},
		{9999, "", 0, "9,999"},
		{-12000, "", 0, "-12k"},
		{12000, "days", 0, "12k days"},
		{340, "ms", 0, "340 ms"},
		{0, "", 0, "0"},
		// rounding must not produce "1000k" or "10,000": the next scale takes over
		{999999, "", 0, "1M"},
		{999950000, "", 0, "1B"},
		{9999.6, "", 0, "10k"},
		// a value that rounds to zero has no sign
		{-0.4, "", 0, "0"},
		{-0.04, "", 1, "0.0"},
		{math.NaN(), "", 0, "⚠ bad"},
		{math.Inf(-1), "$", 0, "⚠ bad"},
		{2e15, "", 0, "⚠ bad"},
		{0.34, "%", -1, "0.34%"},
	}
	for _, tt := range tests {
		if got := FormatCompact(tt.v, tt.unit, tt.decimals); got != tt.want {
			t.Errorf("FormatCompact(%v, %q, %d) = %q, want %q", tt.v, tt.unit, tt.decimals, got, tt.want)
		}
	}
}

func TestFormatDelta(t *testing.T) {
	tests := []struct {
		d        float64
		unit     string
		decimals int
		want     string
	}{
		{1200, "", 0, "+1,200"},
		{-1200, "", 0, "-1,200"},
		{1200, "$", 0, "+$1,200"},
		{-1200, "$", 0, "-$1,200"},
		{-3.5, "%", 1, "-3.5%"},
		{3.5, "%", 1, "+3.5%"},
		{2, "days", 0, "+2 days"},
		{0, "", 0, "0"},
		{0.004, "", 2, "0.00"}, // rounds to zero: no sign either way
		{-0.004, "", 2, "0.00"},
		{0.006, "", 2, "+0.01"},
	}
	for _, tt := range tests {
		if got := FormatDelta(tt.d, tt.unit, tt.decimals); got != tt.want {
			t.Errorf("FormatDelta(%v, %q, %d) = %q, want %q", tt.d, tt.unit, tt.decimals, got, tt.want)
		}
	}
}
