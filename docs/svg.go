package docs

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// The picture's grid: a cell is cellW × lineH pixels at fontSize (a monospace
// advance is 0.6 em, so 15 px type is 9 px wide), inside a frame of pad pixels.
const (
	cellW    = 9
	lineH    = 18
	fontSize = 15
	pad      = 14
	// baseline is how far below a line's top its text sits.
	baseline = 14
)

// The terminal's own colours, for text and background without an SGR colour:
// a dark terminal, as the default dark theme expects.
const (
	defaultFG = "#d0d0d0"
	defaultBG = "#1c1c1c"
)

// cellStyle is the SGR state a run of cells is drawn in.
type cellStyle struct {
	fg, bg          string // "" is the terminal's default
	bold, underline bool
}

// segment is a run of cells on one line in one style.
type segment struct {
	col, cells int
	text       string
	style      cellStyle
}

// SVG draws the ANSI text of `kpi snapshot --color` (width × height cells) as an
// SVG picture of a terminal: each run of cells of one style is one <text> with
// its exact length in cells (textLength), so columns stay aligned whatever
// monospace font the viewer has; backgrounds are rectangles under them.
func SVG(text string, width, height int) []byte {
	var b bytes.Buffer
	w, h := width*cellW+2*pad, height*lineH+2*pad
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d">`+"\n", w, h, w, h)
	fmt.Fprintf(&b, `<rect width="%d" height="%d" rx="8" fill="%s"/>`+"\n", w, h, defaultBG)
	fmt.Fprintf(&b, `<g font-family="ui-monospace, 'DejaVu Sans Mono', Menlo, Consolas, monospace" font-size="%d" xml:space="preserve">`+"\n", fontSize)
	for row, line := range strings.Split(strings.TrimSuffix(text, "\n"), "\n") {
		if row >= height {
			break
		}
		for _, s := range segments(line) {
			writeSegment(&b, s, row)
		}
	}
	b.WriteString("</g>\n</svg>\n")
	return b.Bytes()
}

// writeSegment draws one run: its background, then its text.
func writeSegment(b *bytes.Buffer, s segment, row int) {
	x, y := pad+s.col*cellW, pad+row*lineH
	if s.style.bg != "" {
		fmt.Fprintf(b, `<rect x="%d" y="%d" width="%d" height="%d" fill="%s"/>`+"\n", x, y, s.cells*cellW, lineH, s.style.bg)
	}
	if strings.TrimSpace(s.text) == "" && !s.style.underline {
		return
	}
	fg := s.style.fg
	if fg == "" {
		fg = defaultFG
	}
	attrs := ""
	if s.style.bold {
		attrs += ` font-weight="bold"`
	}
	if s.style.underline {
		attrs += ` text-decoration="underline"`
	}
	fmt.Fprintf(b, `<text x="%d" y="%d" fill="%s"%s textLength="%d" lengthAdjust="spacingAndGlyphs">%s</text>`+"\n",
		x, y+baseline, fg, attrs, s.cells*cellW, xmlEscape(s.text))
}

// segments splits one line of ANSI text into runs of one style, counting cells
// by display width.
func segments(line string) []segment {
	var out []segment
	var st cellStyle
	col := 0
	for len(line) > 0 {
		if strings.HasPrefix(line, "\x1b[") {
			end := strings.IndexFunc(line[2:], func(r rune) bool { return r >= 0x40 && r <= 0x7e })
			if end < 0 {
				break
			}
			if line[2+end] == 'm' {
				st = applySGR(st, line[2:2+end])
			}
			line = line[3+end:]
			continue
		}
		next := strings.IndexByte(line, '\x1b')
		if next < 0 {
			next = len(line)
		}
		chunk := line[:next]
		line = line[next:]
		cells := ansi.StringWidth(chunk)
		if n := len(out); n > 0 && out[n-1].style == st && out[n-1].col+out[n-1].cells == col {
			out[n-1].text += chunk
			out[n-1].cells += cells
		} else if cells > 0 {
			out = append(out, segment{col: col, cells: cells, text: chunk, style: st})
		}
		col += cells
	}
	return out
}

// applySGR updates st by one Select Graphic Rendition sequence's parameters:
// reset, bold, underline and 8-, 16-, 256- and 24-bit colours.
func applySGR(st cellStyle, params string) cellStyle {
	ps := strings.Split(params, ";")
	if params == "" {
		ps = []string{"0"}
	}
	for i := 0; i < len(ps); i++ {
		n, _ := strconv.Atoi(ps[i])
		switch {
		case n == 0:
			st = cellStyle{}
		case n == 1:
			st.bold = true
		case n == 22:
			st.bold = false
		case n == 4:
			st.underline = true
		case n == 24:
			st.underline = false
		case n == 39:
			st.fg = ""
		case n == 49:
			st.bg = ""
		case n >= 30 && n <= 37, n >= 90 && n <= 97:
			st.fg = palette(basicIndex(n, 30, 90))
		case n >= 40 && n <= 47, n >= 100 && n <= 107:
			st.bg = palette(basicIndex(n, 40, 100))
		case n == 38 || n == 48:
			c, used := extendedColour(ps[i+1:])
			i += used
			if n == 38 {
				st.fg = c
			} else {
				st.bg = c
			}
		}
	}
	return st
}

// basicIndex is the palette index of a 16-colour SGR code.
func basicIndex(n, normal, bright int) int {
	if n >= bright {
		return n - bright + 8
	}
	return n - normal
}

// extendedColour reads "5;N" or "2;R;G;B" after a 38 or 48, and how many
// parameters it took.
func extendedColour(ps []string) (string, int) {
	if len(ps) >= 2 && ps[0] == "5" {
		n, _ := strconv.Atoi(ps[1])
		return palette(n), 2
	}
	if len(ps) >= 4 && ps[0] == "2" {
		var rgb [3]int
		for j := range rgb {
			rgb[j], _ = strconv.Atoi(ps[1+j])
		}
		return fmt.Sprintf("#%02x%02x%02x", rgb[0], rgb[1], rgb[2]), 4
	}
	return "", len(ps)
}

// basic16 is xterm's default first sixteen colours.
var basic16 = [16]string{
	"#000000", "#cd0000", "#00cd00", "#cdcd00", "#0000ee", "#cd00cd", "#00cdcd", "#e5e5e5",
	"#7f7f7f", "#ff0000", "#00ff00", "#ffff00", "#5c5cff", "#ff00ff", "#00ffff", "#ffffff",
}

// palette is xterm's 256-colour palette: 16 basic colours, a 6×6×6 cube, then
// 24 greys.
func palette(n int) string {
	switch {
	case n < 0 || n > 255:
		return ""
	case n < 16:
		return basic16[n]
	case n < 232:
		levels := [6]int{0, 95, 135, 175, 215, 255}
		n -= 16
		return fmt.Sprintf("#%02x%02x%02x", levels[n/36], levels[n/6%6], levels[n%6])
	}
	g := 8 + 10*(n-232)
	return fmt.Sprintf("#%02x%02x%02x", g, g, g)
}

// xmlEscape makes text safe inside an SVG element.
func xmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&apos;").Replace(s)
}
