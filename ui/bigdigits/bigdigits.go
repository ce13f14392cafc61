// Package bigdigits draws a KPI's value in block digits, large enough to read on
// a screen share that the video call has shrunk to a thumbnail. One small pixel
// font (5 pixels tall) covers what model.ValueText and model.FormatCompact write
// — digits, sign, decimal point, thousands separator, %, $ € £, k M B — plus the
// status glyphs and "n/a" of a value that has no number. It is drawn with half
// blocks (▀ ▄ █) at any scale: scale 1 is 3 lines tall, 2 is 5, 3 is 8, 4 is 10.
package bigdigits

import (
	"strings"
	"unicode/utf8"
)

// font holds each glyph as 5 rows of pixels ('#' lit). Rows of one glyph have
// the same width; glyphs differ in width (a point is one pixel wide).
var font = map[rune][5]string{
	'0': {"###", "# #", "# #", "# #", "###"},
	'1': {" # ", "## ", " # ", " # ", "###"},
	'2': {"###", "  #", "###", "#  ", "###"},
	'3': {"###", "  #", "###", "  #", "###"},
	'4': {"# #", "# #", "###", "  #", "  #"},
	'5': {"###", "#  ", "###", "  #", "###"},
	'6': {"###", "#  ", "###", "# #", "###"},
	'7': {"###", "  #", "  #", "  #", "  #"},
	'8': {"###", "# #", "###", "# #", "###"},
	'9': {"###", "# #", "###", "  #", "###"},
	'.': {" ", " ", " ", " ", "#"},
	',': {"  ", "  ", "  ", " #", "# "},
	'-': {"   ", "   ", "###", "   ", "   "},
	'+': {"   ", " # ", "###", " # ", "   "},
	'%': {"# #", "  #", " # ", "#  ", "# #"},
	'$': {" ####", "# #  ", " ### ", "  # #", "#### "},
	'€': {" ###", "### ", "#   ", "### ", " ###"},
	'£': {" ## ", "#   ", "### ", "#   ", "####"},
	'k': {"#  ", "# #", "## ", "# #", "# #"},
	'M': {"#   #", "## ##", "# # #", "#   #", "#   #"},
	'B': {"## ", "# #", "## ", "# #", "## "},
	'x': {"   ", "   ", "# #", " # ", "# #"},
	'n': {"   ", "   ", "## ", "# #", "# #"},
	'a': {"   ", " ##", "# #", "# #", " ##"},
	'/': {"  #", "  #", " # ", "#  ", "#  "},
	'✓': {"      ", "     #", "#   # ", " # #  ", "  #   "},
	'✗': {"#   #", " # # ", "  #  ", " # # ", "#   #"},
	'!': {"#", "#", "#", " ", "#"},
	'·': {" ", " ", "#", " ", " "},
	'—': {"    ", "    ", "####", "    ", "    "},
	' ': {"  ", "  ", "  ", "  ", "  "},
}

// rows is the font's height in pixels.
const rows = 5

// MaxScale is the largest scale Fit chooses: 10 lines tall, enough for the
// largest screen the app supports.
const MaxScale = 4

// Supported reports whether every rune of s has a glyph (and s is not empty).
func Supported(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if _, ok := font[r]; !ok {
			return false
		}
	}
	return true
}

// Height is how many lines text drawn at scale takes: 5 pixel rows of scale half
// lines each, rounded up to whole lines.
func Height(scale int) int {
	if scale < 1 {
		return 0
	}
	return (rows*scale + 1) / 2
}

// Width is how many cells s takes at scale: each pixel is scale cells wide, and
// glyphs are one pixel apart.
func Width(s string, scale int) int {
	if scale < 1 || s == "" {
		return 0
	}
	px := 0
	for _, r := range s {
		px += glyphWidth(r) + 1
	}
	return (px - 1) * scale
}

func glyphWidth(r rune) int {
	g, ok := font[r]
	if !ok {
		return 0
	}
	return utf8.RuneCountInString(g[0])
}

// Render draws s at scale as Height(scale) lines of exactly Width(s, scale)
// cells. Runes without a glyph are left out (check Supported first); a scale
// below 1 draws nothing.
func Render(s string, scale int) []string {
	if scale < 1 {
		return nil
	}
	// the pixel rows of the whole text, glyphs one pixel apart
	var px [rows][]bool
	first := true
	for _, r := range s {
		g, ok := font[r]
		if !ok {
			continue
		}
		for y := range rows {
			if !first {
				px[y] = append(px[y], false)
			}
			for _, c := range g[y] {
				px[y] = append(px[y], c == '#')
			}
		}
		first = false
	}
	lit := func(halfRow, col int) bool {
		y := halfRow / scale
		return y < rows && px[y][col/scale]
	}
	cols := len(px[0]) * scale
	out := make([]string, Height(scale))
	for line := range out {
		var b strings.Builder
		for col := range cols {
			top, bottom := lit(2*line, col), lit(2*line+1, col)
			switch {
			case top && bottom:
				b.WriteRune('█')
			case top:
				b.WriteRune('▀')
			case bottom:
				b.WriteRune('▄')
			default:
				b.WriteByte(' ')
			}
		}
		out[line] = b.String()
	}
	return out
}

// Fit is the largest scale, up to maxScale, at which s fits in width×height, or
// 0 when it does not fit even at scale 1 (or has a rune without a glyph).
func Fit(s string, width, height, maxScale int) int {
	if !Supported(s) {
		return 0
	}
	for sc := min(maxScale, MaxScale); sc >= 1; sc-- {
		if Width(s, sc) <= width && Height(sc) <= height {
			return sc
		}
	}
	return 0
}
