package frame

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// Overrun is one place where a drawing does not fit the space it was given: a
// line wider than the width, or a line with text below the last row. Either way
// the root's Fit would cut text without an ellipsis.
type Overrun struct {
	Line  int    // 0-based line of the drawing
	Width int    // the line's width in cells
	Text  string // the line without escape sequences
	Below bool   // the line is below the height (else: wider than the width)
}

// String says where the drawing overruns and shows the line.
func (o Overrun) String() string {
	if o.Below {
		return fmt.Sprintf("line %d is below the last row: %q", o.Line+1, o.Text)
	}
	return fmt.Sprintf("line %d is %d cells wide: %q", o.Line+1, o.Width, o.Text)
}

// Overflow reports every line of s that Fit(s, width, height) would cut: lines
// wider than width, and lines past height that hold more than spaces (an empty
// line past the end loses nothing). It is pure so that tests check what a view
// drew before the root fitted it; an empty report means Fit only pads.
func Overflow(s string, width, height int) []Overrun {
	var out []Overrun
	for i, l := range strings.Split(s, "\n") {
		plain := ansi.Strip(l)
		w := Width(plain)
		switch {
		case i >= height && strings.TrimSpace(plain) != "":
			out = append(out, Overrun{Line: i, Width: w, Text: plain, Below: true})
		case i < height && w > width:
			out = append(out, Overrun{Line: i, Width: w, Text: plain})
		}
	}
	return out
}
