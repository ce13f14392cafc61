package bigdigits

import (
	"strings"
	"testing"
	"unicode/utf8"

	"kpi/model"
)

func TestEveryGlyphIsFivePixelRowsOfOneWidth(t *testing.T) {
	for r, g := range font {
		w := utf8.RuneCountInString(g[0])
		for y, row := range g {
			if utf8.RuneCountInString(row) != w || strings.Trim(row, "# ") != "" {
				t.Errorf("%q row %d is %q; every row must be %d of '#' and ' '", r, y, row, w)
			}
		}
	}
}

func TestRenderSizes(t *testing.T) {
	for _, c := range []struct {
		scale, lines int
	}{{1, 3}, {2, 5}, {3, 8}, {4, 10}} {
		for _, s := range []string{"$425,856", "-0.38%", "12.1k", "3.4M", "n/a", "✓", "—"} {
			out := Render(s, c.scale)
			if len(out) != c.lines || Height(c.scale) != c.lines {
				t.Errorf("%q at scale %d: %d lines (Height %d), want %d", s, c.scale, len(out), Height(c.scale), c.lines)
			}
			for i, l := range out {
				if w := utf8.RuneCountInString(l); w != Width(s, c.scale) {
					t.Errorf("%q at scale %d: line %d is %d wide, Width says %d", s, c.scale, i, w, Width(s, c.scale))
				}
			}
		}
	}
	if Render("1", 0) != nil || Height(0) != 0 || Width("1", 0) != 0 {
		t.Error("scale 0 draws something")
	}
}

func TestRenderDrawsThePixels(t *testing.T) {
	// "1" at scale 2: each pixel two cells wide and one line tall
	want := []string{
		"  ██  ",
		"████  ",
		"  ██  ",
		"  ██  ",
		"██████",
	}
	if got := Render("1", 2); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("1 at scale 2:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// scale 1 uses half blocks: rows 0+1, 2+3, 4
	want = []string{"█▀█", "█ █", "▀▀▀"}
	if got := Render("0", 1); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("0 at scale 1:\n%s", strings.Join(got, "\n"))
	}
	// two glyphs are one pixel apart
	if got := Render("11", 1)[2]; got != "▀▀▀ ▀▀▀" {
		t.Errorf("11 at scale 1, last line %q", got)
	}
}

func TestFitChoosesTheLargestScaleThatFits(t *testing.T) {
	s := "$425,856"
	for _, c := range []struct {
		width, height, max, want int
	}{
		{200, 20, 4, 4},
		{200, 9, 4, 3},
		{200, 5, 4, 2},
		{Width(s, 2), 20, 4, 2},
		{Width(s, 2) - 1, 20, 4, 1},
		{200, 20, 2, 2},
		{10, 20, 4, 0},
		{200, 2, 4, 0},
	} {
		if got := Fit(s, c.width, c.height, c.max); got != c.want {
			t.Errorf("Fit(%q, %d, %d, %d) = %d, want %d", s, c.width, c.height, c.max, got, c.want)
		}
	}
	if Fit("12 days", 200, 20, 4) != 0 || Supported("") {
		t.Error("text with letters outside the font fits")
	}
}

// TestTheValuesKPIsWriteAreSupported: whatever number FormatValue or
// FormatCompact writes with a currency or % unit, or none, has a glyph for every
// rune, as do the texts of a value without a number.
func TestTheValuesKPIsWriteAreSupported(t *testing.T) {
	for _, v := range []float64{0, 1, -3, 0.38, 12.5, 1234.5, -98765.4321, 425856, 3.4e6, 2.1e9, -7e12} {
		for _, unit := range []string{"", "$", "€", "£", "%"} {
			for _, d := range []int{0, 1, 2} {
				for _, s := range []string{model.FormatValue(v, unit, d), model.FormatCompact(v, unit, d), model.FormatDelta(v, unit, d)} {
					if !Supported(s) {
						t.Errorf("%q (%v %q %d) has a rune without a glyph", s, v, unit, d)
					}
				}
			}
		}
	}
	for _, s := range []string{"n/a", "—", model.OnTrack.Glyph(), model.AtRisk.Glyph(), model.OffTrack.Glyph(), model.Missing.Glyph()} {
		if !Supported(s) {
			t.Errorf("%q has no glyph", s)
		}
	}
}
