package frame

import (
	"github.com/charmbracelet/lipgloss"
)

// Width is the cells the widest line of s takes on a terminal, exactly as
// lipgloss.Width counts them, without its grapheme segmentation when s is
// printable ASCII with at most CSI sequences (a style's colours and
// attributes) — nearly every line kpi draws. Segmenting was a tenth of a
// dashboard snapshot's own time; anything else (other escapes, control
// characters, any byte above 0x7e) goes to lipgloss.Width.
func Width(s string) int {
	widest, w := 0, 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= 0x20 && c < 0x7f:
			w++
		case c == '\n':
			widest, w = max(widest, w), 0
		case c == 0x1b:
			end, ok := csiEnd(s, i)
			if !ok {
				return lipgloss.Width(s)
			}
			i = end
		default:
			return lipgloss.Width(s)
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
