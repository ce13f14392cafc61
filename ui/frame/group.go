package frame

import (
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/key"

	"kpi/model"
)

// Grouping is what the dashboard and the Scorecard group their KPIs by: the
// objective they serve (the zero value), a tag word ("store", or "region" for
// region:north and region:south), or nothing. A team of 45 stores tags them
// and groups by the tag instead of reading 45 rows to see how the stores do.
type Grouping struct {
	// Tag is the tag word grouped by; "" with None false is by objective.
	Tag  string
	None bool
}

// EventGlyph marks a week with an event on the Scorecard's week headings, the
// Trends chart's time axis and the walkthrough: one cell wide, like the
// status glyphs.
const EventGlyph = "◆"

// ByObjective and Ungrouped are the two groupings that need no tag.
var (
	ByObjective = Grouping{}
	Ungrouped   = Grouping{None: true}
)

// Label is the grouping in the words the title line uses ("by objective",
// "by tag region", "not grouped").
func (g Grouping) Label() string {
	switch {
	case g.None:
		return "not grouped"
	case g.Tag != "":
		return "by tag " + g.Tag
	}
	return "by objective"
}

// GroupKey is the key that cycles the grouping, shared by both views so they
// name it alike.
func GroupKey() key.Binding {
	return key.NewBinding(key.WithKeys("b"), key.WithHelp("b", "group by objective/tag/none"))
}

// TagWords are the tag words the KPIs carry, sorted: "region" for
// region:north, "store" for store.
func TagWords(kpis []model.KPI) []string {
	var out []string
	for _, t := range model.AllTags(kpis) {
		w, _, _ := strings.Cut(t, ":")
		out = append(out, w)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// NextGrouping is the grouping after g in the cycle by objective, by each tag
// word the KPIs carry, not grouped; a tag no KPI carries any more moves on to
// the start of the cycle.
func NextGrouping(g Grouping, kpis []model.KPI) Grouping {
	cycle := []Grouping{ByObjective}
	for _, w := range TagWords(kpis) {
		cycle = append(cycle, Grouping{Tag: w})
	}
	cycle = append(cycle, Ungrouped)
	i := slices.Index(cycle, g)
	if i < 0 {
		return cycle[0]
	}
	return cycle[(i+1)%len(cycle)]
}

// TagGroup is one group of a tag grouping: its title ("region:north", or
// "no region tag" for the KPIs without one) and its KPIs' readings.
type TagGroup struct {
	Title    string
	Readings []model.Reading
}

// GroupByTag splits readings by the value of tag word: one group per value,
// sorted, and the KPIs without the tag last. A KPI carrying two values of the
// word (region:north and region:south) is in its first, so it counts once.
func GroupByTag(readings []model.Reading, word string) []TagGroup {
	by := map[string][]model.Reading{}
	for _, r := range readings {
		v := r.KPI.TagGroup(word)
		by[v] = append(by[v], r)
	}
	var values []string
	for v := range by {
		if v != "" {
			values = append(values, v)
		}
	}
	slices.Sort(values)
	var out []TagGroup
	for _, v := range values {
		title := word + ":" + v
		if v == word {
			title = word // a plain tag ("store") has no value
		}
		out = append(out, TagGroup{Title: title, Readings: by[v]})
	}
	if rest := by[""]; len(rest) > 0 {
		out = append(out, TagGroup{Title: "no " + word + " tag", Readings: rest})
	}
	return out
}
