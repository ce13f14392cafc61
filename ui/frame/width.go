package frame

import (
	"sync/atomic"
	"unicode/utf8"

	"github.com/charmbracelet/lipgloss"
)

// Width is the cells the widest line of s takes on a terminal, exactly as
// lipgloss.Width counts them, without its grapheme segmentation when every
// character of s is one cell on its own and can join no other into one
// grapheme (printable ASCII; Latin-1; punctuation, arrows, symbols, box
// drawing, blocks, shapes and braille from U+2010 to U+2BFF), between CSI
// sequences (a style's colours and attributes) — nearly every line kpi draws.
// Segmenting was a tenth of a dashboard snapshot's own time. Anything else
// (other escapes, control characters, combining marks, joiners, variation
// selectors, wide characters) goes to lipgloss.Width.
func Width(s string) int {
	widest, w := 0, 0
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c >= 0x20 && c < 0x7f:
			w++
			i++
		case c == '\n':
			widest, w = max(widest, w), 0
			i++
		case c == 0x1b:
			end, ok := csiEnd(s, i)
			if !ok {
				return lipgloss.Width(s)
			}
			i = end + 1
		default:
			r, size := utf8.DecodeRuneInString(s[i:])
			if !singleCell(r) {
				return lipgloss.Width(s)
			}
			w++
			i += size
		}
	}
	return max(widest, w)
}

// csiEnd is the index of the final byte of the CSI sequence at s[i] ("\x1b["
// then parameter bytes 0x30–0x3f, intermediate bytes 0x20–0x2f and one final
// byte 0x40–0x7e, ECMA-48 §5.4); ok is false when s[i:] does not start one.
func csiEnd(s string, i int) (end int, ok bool) {
	if i+1 >= len(s) || s[i+1] != '[' {
		return 0, false
	}
	j := i + 2
	for j < len(s) && s[j] >= 0x30 && s[j] <= 0x3f {
		j++
	}
	for j < len(s) && s[j] >= 0x20 && s[j] <= 0x2f {
		j++
	}
	if j >= len(s) || s[j] < 0x40 || s[j] > 0x7e {
		return 0, false
	}
	return j, true
}

// maxSingle bounds the characters singleCell knows: up to the end of U+2BFF.
const maxSingle = 0x2c00

// cellWidths remembers, two bits a character, what lipgloss.Width said of each
// character below maxSingle that Width met: 01 one cell, 10 anything else.
var cellWidths [maxSingle / 16]atomic.Uint32

// singleCell reports whether r alone is one cell wide and starts or extends
// no grapheme cluster with its neighbours: no Unicode property in the ranges
// allowed lets two of them join (the combining marks for symbols,
// U+20D0–U+20FF, the joiners and the bidi and invisible format characters are
// left out). Its width is lipgloss.Width's own answer, asked once.
func singleCell(r rune) bool {
	if !(r >= 0xa0 && r < 0x300 || r >= 0x2010 && r < maxSingle) ||
		r >= 0x2028 && r <= 0x202f || r >= 0x205f && r <= 0x206f || r >= 0x20d0 && r <= 0x20ff {
		return false
	}
	word, shift := &cellWidths[r/16], uint(r%16)*2
	switch word.Load() >> shift & 3 {
	case 1:
		return true
	case 2:
		return false
	}
	one := lipgloss.Width(string(r)) == 1
	bits := uint32(2)
	if one {
		bits = 1
	}
	word.Or(bits << shift)
	return one
}
