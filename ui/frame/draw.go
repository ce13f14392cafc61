package frame

import (
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"kpi/model"
	"kpi/themes"
)

// Fit makes s exactly height lines, each exactly width cells: longer lines are cut
// (escape sequences kept intact), shorter ones padded, missing lines added, extra
// lines dropped. The root fits every frame, so no view can push the layout past
// the terminal whatever it draws. Views never call it (nor FitLine): a cut here
// has no ellipsis, and the layout check (Overflow) must be able to see what a view
// drew before the root's Fit hides it. Views pad with Pad and PadBlock, and cut
// with Clip or Cell.
func Fit(s string, width, height int) string {
	if width < 0 {
		width = 0
	}
	if height <= 0 {
		return ""
	}
	lines := strings.Split(s, "\n")
	if len(lines) > height {
		lines = lines[:height]
	}
	for len(lines) < height {
		lines = append(lines, "")
	}
	for i, l := range lines {
		lines[i] = FitLine(l, width)
	}
	return strings.Join(lines, "\n")
}

// Paint sets the background seq (themes.Styles.Paint) behind every cell of the
// frame s: at the start of each line, and again after every reset a style
// ends with, since a reset ("\x1b[0m", "\x1b[m") or a background reset
// ("\x1b[49m") would let the terminal's own background through. Each line
// ends reset, so nothing bleeds past the frame. "" leaves s as it is.
func Paint(s, seq string) string {
	if seq == "" || s == "" {
		return s
	}
	again := strings.NewReplacer("\x1b[0m", "\x1b[0m"+seq, "\x1b[m", "\x1b[m"+seq, "\x1b[49m", seq)
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = seq + again.Replace(l) + "\x1b[0m"
	}
	return strings.Join(lines, "\n")
}

// FitLine cuts or pads one line to exactly width cells, as Fit does (the root's
// own lines; views use Pad or Cell).
func FitLine(l string, width int) string {
	w := Width(l)
	if w > width {
		l = ansi.Truncate(l, width, "")
		w = Width(l)
	}
	if w < width {
		l += strings.Repeat(" ", width-w)
	}
	return l
}

// Clip shortens plain text to at most width cells, ending in "…" when cut.
func Clip(s string, width int) string {
	if width <= 0 {
		return ""
	}
	if Width(s) <= width {
		return s
	}
	return ansi.Truncate(s, width, "…")
}

// Pad widens one line with spaces to width cells and never cuts it: a line that
// is already wider stays wider, so the layout check sees the overflow instead of
// the root's Fit cutting it without a mark.
func Pad(l string, width int) string {
	if w := Width(l); w < width {
		return l + strings.Repeat(" ", width-w)
	}
	return l
}

// Cell is text clipped to width cells (ending in "…" when cut) and padded to
// exactly width: one column of a table whose text may be longer than the column.
func Cell(s string, width int) string { return Pad(Clip(s, width), width) }

// PadBlock pads every line of s to width cells and the block to height lines,
// cutting nothing: a block that is too wide or too tall stays so, for the layout
// check to report.
func PadBlock(s string, width, height int) string {
	lines := strings.Split(s, "\n")
	for len(lines) < height {
		lines = append(lines, "")
	}
	for i, l := range lines {
		lines[i] = Pad(l, width)
	}
	return strings.Join(lines, "\n")
}

// Spread puts left and right on one line of width cells with spaces between;
// when both do not fit, left is clipped first, keeping at least one space.
func Spread(left, right string, width int) string {
	lw, rw := Width(left), Width(right)
	if rw >= width {
		return Clip(right, width)
	}
	if lw+1+rw > width {
		left = ansi.Truncate(left, width-rw-1, "…")
		lw = Width(left)
	}
	return left + strings.Repeat(" ", width-lw-rw) + right
}

// StatusStyle is the colour of a status: good, warn, bad, or muted for the rest.
func StatusStyle(st *themes.Styles, s model.Status) lipgloss.Style {
	switch s {
	case model.OnTrack:
		return st.Good
	case model.AtRisk:
		return st.Warn
	case model.OffTrack:
		return st.Bad
	case model.BadValue:
		return st.Warn
	}
	return st.Muted
}

// StatusBadge is a status as glyph and words in its colour ("✓ on track"), so
// colour is never the only signal.
func StatusBadge(st *themes.Styles, s model.Status) string {
	return StatusStyle(st, s).Render(s.Text())
}

// ChangeText is the change since last week with ▲/▼ coloured by whether it is good
// for the KPI's direction ("▲ +3,200"), or "" when there is no change to show.
func ChangeText(st *themes.Styles, r model.Reading) string {
	if !r.HasChange {
		return ""
	}
	return VerdictStyle(st, r.Verdict).Render(model.ChangeArrow(r.Change) + " " + model.FormatDelta(r.Change, r.KPI.Unit, r.KPI.Decimals))
}

// VerdictStyle is how a change is coloured: good when it is better for the
// KPI's direction, bad when worse, muted otherwise.
func VerdictStyle(st *themes.Styles, v model.Verdict) lipgloss.Style {
	switch v {
	case model.Better:
		return st.Good
	case model.Worse:
		return st.Bad
	}
	return st.Muted
}

// ValueText is a reading's value as the KPI shows it (see model.Reading.ValueText).
func ValueText(r model.Reading) string { return r.ValueText() }

// ClipWords shortens plain text to at most width cells like Clip, but cuts at
// the last word boundary that keeps most of the line, so a note reads "Pricing
// change went…" rather than "Pricing change we…". A text with no space late
// enough is cut like Clip.
func ClipWords(s string, width int) string {
	if width <= 0 {
		return ""
	}
	if Width(s) <= width {
		return s
	}
	cut := ansi.Truncate(s, width-1, "")
	if strings.HasPrefix(s[len(cut):], " ") { // the cut is between words already
		return strings.TrimRight(cut, " ·,;:") + "…"
	}
	if i := strings.LastIndex(cut, " "); i > 0 && Width(cut[:i]) >= width*2/3 {
		cut = strings.TrimRight(cut[:i], " ·,;:")
	}
	return cut + "…"
}

// Quote is text in quotes in at most width cells, cut at a word boundary
// inside them ("“Annual renewals…”"), so an opening quote is always closed.
func Quote(s string, width int) string {
	if width < 3 {
		return "" // no room for a word between the quotes
	}
	return "“" + ClipWords(s, width-2) + "”"
}

// Wrap breaks plain text into lines of at most width cells at spaces, at most
// n lines, the last one cut at a word with "…" when the text is longer: a
// detail or message line that would be cut on one line is read whole on two.
func Wrap(text string, width, n int) []string {
	if width <= 0 || n <= 0 {
		return nil
	}
	var out []string
	cur := ""
	for _, word := range strings.Fields(text) {
		switch {
		case cur == "":
			cur = word
		case Width(cur)+1+Width(word) <= width:
			cur += " " + word
		default:
			out = append(out, cur)
			cur = word
		}
	}
	if cur != "" {
		out = append(out, cur)
	}
	if len(out) > n {
		out[n-1] = strings.Join(out[n-1:], " ")
		out = out[:n]
	}
	for i, l := range out {
		if i < len(out)-1 {
			l = strings.TrimSuffix(l, " ·") // a separator ends no line but the last
		}
		out[i] = ClipWords(l, width)
	}
	return out
}
