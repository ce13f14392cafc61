package dashboard

import (
	"strings"

	"github.com/charmbracelet/lipgloss"

	"kpi/model"
	"kpi/themes"
	"kpi/ui/frame"
	"kpi/ui/spark"
)

// Card geometry. A card is its content plus a border of one cell on each side and
// one cell of padding left and right: chrome is 4 cells wide and 2 lines high.
const (
	cardChromeW = 4
	cardChromeH = 2
	// minCardWidth decides the columns: 80 cells give one column, 120 two.
	minCardWidth = 42
	// minPresentationCardWidth gives fewer, larger cards when screen sharing.
	minPresentationCardWidth = 56
	maxColumns               = 5
	// healthColumnWidth is the width one column of the health list wants.
	healthColumnWidth = 62
)

// sizes are the heights of the dashboard's blocks, which depend on the mode.
type sizes struct {
	keyLines, omtmLines int // content lines of a key card and of the OMTM card
	keySpark, omtmSpark int // sparkline rows in each
}

// sizesFor gives a key card three lines of text (name and status; value and
// target; change and owner) above its sparkline, and the OMTM card a fourth (the
// forecast and objective). Presentation mode makes the sparklines taller.
func sizesFor(presentation bool) sizes {
	s := sizes{keySpark: 1, omtmSpark: 2}
	if presentation {
		s = sizes{keySpark: 3, omtmSpark: 4}
	}
	s.keyLines, s.omtmLines = 3+s.keySpark, 4+s.omtmSpark
	return s
}

// drawCard renders a key or OMTM card of the given outer width.
func drawCard(st themes.Styles, it item, width int, selected bool, sz sizes) string {
	iw := width - cardChromeW
	if iw < 8 {
		iw = 8
	}
	r := it.reading
	k := r.KPI
	name := k.Name
	if k.Derived() {
		name += " ƒ"
	}
	if it.tier == tierOMTM {
		name = "★ " + name
	}
	lines := []string{frame.Spread(st.Bold.Render(frame.Clip(name, iw)), frame.StatusBadge(st, r.Status), iw)}

	value := st.BigValue.Render(frame.ValueText(r))
	switch {
	case r.Before:
		value = st.Muted.Render("tracked from " + k.FirstWeek().String())
	case !r.HasValue && r.Due:
		value = st.Muted.Render("· no value yet")
	}
	target := st.Muted.Render("target ") + st.Target.Render(model.TargetText(k, r.Target))
	lines = append(lines, frame.Spread(value, target, iw))

	change := frame.ChangeText(st, r)
	if change != "" {
		change += st.Muted.Render(" vs last " + k.Period())
	}
	lines = append(lines, frame.Spread(change, st.Muted.Render(k.Owner), iw))

	sparkRows := sz.keySpark
	if it.tier == tierOMTM {
		sparkRows = sz.omtmSpark
		lines = append(lines, frame.Spread(st.Muted.Render(forecastText(r)), st.Muted.Render(frame.Clip(it.objective, iw/2)), iw))
	}
	sparkW := min(iw/2, 3*len(it.trail))
	if sparkW < len(it.trail) {
		sparkW = min(iw, len(it.trail))
	}
	sp := spark.Draw(it.trail, sparkW, sparkRows, st.Chart)
	note := ""
	if r.HasValue && r.Value.Note != "" {
		note = "“" + r.Value.Note + "”"
	}
	sparkLines := strings.Split(sp, "\n")
	for i, l := range sparkLines {
		right := ""
		if i == len(sparkLines)-1 {
			right = st.Muted.Render(frame.Clip(note, iw-lipgloss.Width(l)-1))
		}
		lines = append(lines, frame.Spread(l, right, iw))
	}
	style := st.Card
	if it.tier == tierOMTM {
		style = st.OMTMCard
	}
	if selected {
		style = st.CardSelected
	}
	want := sz.keyLines
	if it.tier == tierOMTM {
		want = sz.omtmLines
	}
	content := frame.PadBlock(strings.Join(lines, "\n"), iw, want)
	return style.Width(iw + 2).Render(content)
}

// forecastText says when the KPI reaches its final target if it keeps going
// as over the last model.DefaultForecast weeks (model.Project).
func forecastText(r model.Reading) string {
	p := r.Forecast
	switch p.Kind {
	case model.ForecastNoTarget:
		return ""
	case model.ForecastReached:
		return "at its final target"
	case model.ForecastNoData:
		return "not enough data for a forecast"
	case model.ForecastNotOnPace:
		if r.KPI.Direction == model.Range {
			return ""
		}
		return "not on pace for its final target"
	case model.ForecastWeek:
		return p.Text(r.KPI) + " at this pace"
	}
	return p.Text(r.KPI)
}

// drawHealthLine renders one health metric as a single line of the given width:
// marker, status glyph, name, value, target, change, sparkline, owner. Narrow
// widths drop the target and owner columns first.
func drawHealthLine(st themes.Styles, it item, width int, selected bool) string {
	r := it.reading
	k := r.KPI
	marker := "  "
	if selected {
		marker = "▸ "
	}
	glyph := frame.StatusStyle(st, r.Status).Render(r.Status.Glyph())
	value := frame.ValueText(r)
	cols := []string{}
	sparkW := len(it.trail)
	valueW, targetW, changeW, ownerW := 11, 13, 11, 7
	showTarget, showOwner := width >= 60, width >= 72
	if showOwner {
		targetW = 14 // a band ("120 ms–250 ms") is 13 cells and its space
	}
	// the name takes what is left of width after the marker (2), the glyph and
	// its space (2), the value and change columns, the sparkline and its space,
	// the target and owner columns when shown, and the space that ends the line
	// (1, so that lines side by side never touch)
	rest := width - 2 - 2 - valueW - changeW - sparkW - 1 - 1
	if showTarget {
		rest -= targetW
	}
	if showOwner {
		rest -= ownerW
	}
	// up to a width that keeps the columns together
	nameW := min(max(rest, 6), 36)
	name := k.Name
	if k.Derived() {
		name += " ƒ"
	}
	cols = append(cols, frame.Pad(frame.Clip(name, nameW-1), nameW))
	cols = append(cols, frame.Pad(st.Bold.Render(frame.Clip(value, valueW-1)), valueW))
	if showTarget {
		cols = append(cols, frame.Pad(st.Target.Render(frame.Clip(model.TargetText(k, r.Target), targetW-1)), targetW))
	}
	cols = append(cols, frame.Pad(frame.Clip(frame.ChangeText(st, r), changeW-1), changeW))
	cols = append(cols, spark.Draw(it.trail, sparkW, 1, st.Chart)+" ")
	if showOwner {
		cols = append(cols, st.Muted.Render(frame.Clip(k.Owner, ownerW)))
	}
	line := frame.Pad(marker+glyph+" "+strings.Join(cols, ""), width-1) + " "
	if selected {
		return st.Selected.Render(line)
	}
	return line
}
