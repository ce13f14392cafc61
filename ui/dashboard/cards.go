package dashboard

import (
	"strings"

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
func drawCard(st *themes.Styles, it item, width int, selected bool, sz sizes) string {
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
		obj := frame.ClipWords(it.objective, iw/2)
		fc := frame.ClipWords(forecastText(r), iw-frame.Width(obj)-1) // cut at a word
		lines = append(lines, frame.Spread(st.Muted.Render(fc), st.Muted.Render(obj), iw))
	}
	sparkW := min(iw/2, 3*len(it.trail))
	if sparkW < len(it.trail) {
		sparkW = min(iw, len(it.trail))
	}
	sp := spark.Draw(it.trail, sparkW, sparkRows, st.Chart)
	sparkLines := strings.Split(sp, "\n")
	for i, l := range sparkLines {
		right := ""
		if i == len(sparkLines)-1 && r.HasValue && r.Value.Note != "" {
			// the note, cut at a word inside closed quotes (the detail line has it whole)
			right = st.Muted.Render(frame.Quote(r.Value.Note, iw-frame.Width(l)-1))
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
