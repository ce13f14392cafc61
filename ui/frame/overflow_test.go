package frame

import (
	"strings"
	"testing"
)

func TestOverflowReportsWhatFitWouldCut(t *testing.T) {
	for _, c := range []struct {
		name          string
		s             string
		width, height int
		want          []string
	}{
		{"fits", "abc\nde", 3, 2, nil},
		{"padding is no overrun", "a", 10, 5, nil},
		{"too wide", "abc\nabcd", 3, 2, []string{`line 2 is 4 cells wide: "abcd"`}},
		{"wide glyphs count as two", "日本", 3, 1, []string{`line 1 is 4 cells wide: "日本"`}},
		{"escapes do not count", "\x1b[1mabc\x1b[0m", 3, 1, nil},
		{"text below the last row", "a\nb\nc", 3, 2, []string{`line 3 is below the last row: "c"`}},
		{"blank lines below are lost harmlessly", "a\nb\n  \n", 3, 2, nil},
		{"a clipped line fits", Clip("abcdef", 4), 4, 1, nil},
	} {
		var got []string
		for _, o := range Overflow(c.s, c.width, c.height) {
			got = append(got, o.String())
		}
		if strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("%s: Overflow = %q, want %q", c.name, got, c.want)
		}
	}
}

func TestPadAndCellNeverCutWithoutAnEllipsis(t *testing.T) {
	if got := Pad("abcdef", 4); got != "abcdef" {
		t.Errorf("Pad cut the line: %q", got)
	}
	if got := Pad("ab", 4); got != "ab  " {
		t.Errorf("Pad(ab, 4) = %q", got)
	}
	if got := Cell("abcdef", 4); got != "abc…" {
		t.Errorf("Cell(abcdef, 4) = %q", got)
	}
	if got := PadBlock("abcdef\nx", 4, 3); got != "abcdef\nx   \n    " {
		t.Errorf("PadBlock = %q", got)
	}
	if got := Spread("left", "a long right part", 6); got != "a lon…" {
		t.Errorf("Spread with too long a right part = %q", got)
	}
}

// Paint puts the background back after every reset, so no cell shows the
// terminal's own background, and ends each line reset.
func TestPaintKeepsTheBackgroundBehindEveryCell(t *testing.T) {
	bg := "\x1b[48;5;255m"
	got := Paint("a\x1b[1mb\x1b[0mc\x1b[49md\nplain", bg)
	want := bg + "a\x1b[1mb\x1b[0m" + bg + "c" + bg + "d\x1b[0m\n" + bg + "plain\x1b[0m"
	if got != want {
		t.Errorf("Paint = %q\nwant    %q", got, want)
	}
	if Paint("a\x1b[0mb", "") != "a\x1b[0mb" {
		t.Error("Paint without a background changed the text")
	}
}
