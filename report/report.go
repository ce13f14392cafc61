// Package report writes a week's review as Markdown that pastes well into chat
// tools and wikis: `kpi report` prints it, and concluding a review in the app
// writes it. It depends on model only and on nothing but its input, so the same
// data always gives the same text.
package report

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"kpi/model"
)

// TrailWeeks is how many weeks the sparklines of the report cover.
const TrailWeeks = 13

// Input is everything a report shows for one week.
type Input struct {
	Week       model.Week
	Settings   model.Settings
	Objectives []model.Objective
	// Readings are the active KPIs' readings for Week.
	Readings []model.Reading
	// Trails are each KPI's last TrailWeeks numbers (by KPI id), oldest first.
	Trails map[int64][]model.Sample
	// Review is the week's review; HasReview is false when none was started.
	Review    model.Review
	HasReview bool
	Actions   []model.ActionItem
	// Events are the week's events (a holiday, a launch).
	Events []model.Event
}

// Markdown renders the report. Every text in it comes from the shared file, so
// units are cleaned before numbers are formatted with them, every other text as
// it is written (text, cell), and the whole report once more at the end: no
// escape sequence or control character reaches the file written when a review
// concludes or the terminal `kpi report` prints to.
func Markdown(in Input) string {
	in.Readings = cleanUnits(in.Readings)
	return model.Sanitize(markdown(in), true)
}

// cleanUnits is rs with each KPI's unit cleaned (a copy: the input is untouched),
// so "\x1b[31m$" formats as dollars rather than as an unknown unit with an escape.
func cleanUnits(rs []model.Reading) []model.Reading {
	out := make([]model.Reading, len(rs))
	for i, r := range rs {
		r.KPI.Unit = text(r.KPI.Unit)
		out[i] = r
	}
	return out
}

// markdown renders the report from in.
func markdown(in Input) string {
	var b strings.Builder
	w := in.Week
	team := text(in.Settings.TeamName)
	if team == "" {
		team = "Team"
	}
	fmt.Fprintf(&b, "# %s — weekly KPI review %s\n\n", team, w)
	fmt.Fprintf(&b, "_%s_", w.Dates())
	if in.HasReview {
		fmt.Fprintf(&b, " · review %s", stateText(in.Review.State))
	}
	b.WriteString("\n\n")
	if t := model.EventText(in.Events, w); t != "" {
		fmt.Fprintf(&b, "**This week:** %s\n\n", text(t))
	}

	s := model.Summarize(in.Readings)
	fmt.Fprintf(&b, "**Summary:** ✓ %d on track · ! %d at risk · ✗ %d off track · · %d missing", s.OnTrack, s.AtRisk, s.OffTrack, s.Missing)
	if s.NoTarget > 0 {
		fmt.Fprintf(&b, " · ○ %d without a target", s.NoTarget)
	}
	fmt.Fprintf(&b, " (%d KPIs)\n\n", len(in.Readings))

	var omtm *model.Reading
	var key, health []model.Reading
	for i, r := range in.Readings {
		switch {
		case r.KPI.OMTM:
			omtm = &in.Readings[i]
		case r.KPI.Tier == model.TierKey:
			key = append(key, r)
		default:
			health = append(health, r)
		}
	}
	if omtm != nil {
		r := *omtm
		fmt.Fprintf(&b, "## One Metric That Matters: %s\n\n", text(r.KPI.Name))
		fmt.Fprintf(&b, "**%s** against a target of %s — %s %s", r.ValueText(), model.TargetText(r.KPI, r.Target), r.Status.Glyph(), r.Status.Label())
		if c := changeText(r); c != "" {
			fmt.Fprintf(&b, ", %s %s", c, r.KPI.SinceLast())
		}
		fmt.Fprintf(&b, ". `%s`\n\n", Sparkline(in.Trails[r.KPI.ID]))
		key = append([]model.Reading{r}, key...)
	}
	if len(key) > 0 {
		b.WriteString("## Key KPIs\n\n")
		b.WriteString("| KPI | Owner | Value | Target | Status | Change | Last 13 weeks |\n|---|---|---|---|---|---|---|\n")
		for _, r := range key {
			fmt.Fprintf(&b, "| %s | %s | %s | %s | %s %s | %s | `%s` |\n", cell(nameWithTags(r.KPI)), cell(r.KPI.Owner), cell(r.ValueText()),
				cell(model.TargetText(r.KPI, r.Target)), r.Status.Glyph(), r.Status.Label(), cell(changeText(r)), Sparkline(in.Trails[r.KPI.ID]))
		}
		b.WriteString("\n")
	}
	if len(health) > 0 {
		b.WriteString("## Health metrics\n\n| KPI | Value | Target | Status |\n|---|---|---|---|\n")
		for _, r := range health {
			fmt.Fprintf(&b, "| %s | %s | %s | %s %s |\n", cell(nameWithTags(r.KPI)), cell(r.ValueText()), cell(model.TargetText(r.KPI, r.Target)), r.Status.Glyph(), r.Status.Label())
		}
		b.WriteString("\n")
	}
	writeObjectives(&b, in)
	writeNotes(&b, in.Readings, w)
	writeReview(&b, in, key)
	writeActions(&b, in)
	return strings.TrimRight(b.String(), "\n") + "\n"
}

func writeObjectives(b *strings.Builder, in Input) {
	var lines []string
	for _, o := range in.Objectives {
		if o.Archived || o.State != model.ObjectiveActive {
			continue
		}
		var rs []model.Reading
		for _, r := range in.Readings {
			if r.KPI.ObjectiveID == o.ID {
				rs = append(rs, r)
			}
		}
		s := model.Summarize(rs)
		glyphs := ""
		for _, r := range rs {
			glyphs += r.Status.Glyph()
		}
		line := fmt.Sprintf("- **%s**", text(o.Title))
		if o.Owner != "" {
			line += " (" + text(o.Owner) + ")"
		}
		if len(rs) == 0 {
			line += " — no KPIs measure it"
		} else {
			line += fmt.Sprintf(" — %d of %d on track %s", s.OnTrack, len(rs), glyphs)
		}
		lines = append(lines, line)
	}
	if len(lines) > 0 {
		b.WriteString("## Objectives\n\n" + strings.Join(lines, "\n") + "\n\n")
	}
}

func writeNotes(b *strings.Builder, rs []model.Reading, w model.Week) {
	var lines []string
	for _, r := range rs {
		if r.HasValue && r.Value.Week == w && strings.TrimSpace(r.Value.Note) != "" {
			lines = append(lines, fmt.Sprintf("- **%s** (%s): %s", text(r.KPI.Name), text(r.Value.EnteredBy), text(r.Value.Note)))
		}
	}
	if len(lines) > 0 {
		b.WriteString("## Notes\n\n" + strings.Join(lines, "\n") + "\n\n")
	}
}

// writeReview writes the meeting: who, the rating, how many key KPIs were marked
// reviewed, the checklist with ticks, and the notes.
func writeReview(b *strings.Builder, in Input, key []model.Reading) {
	b.WriteString("## Meeting\n\n")
	if !in.HasReview {
		b.WriteString("No review was held for this week.\n\n")
		return
	}
	r := in.Review
	if r.Facilitator != "" {
		fmt.Fprintf(b, "- Facilitator: %s\n", text(r.Facilitator))
	}
	if len(r.Attendees) > 0 {
		names := make([]string, len(r.Attendees))
		for i, a := range r.Attendees {
			names[i] = text(a)
		}
		fmt.Fprintf(b, "- Attendees: %s\n", strings.Join(names, ", "))
	}
	if r.Rating > 0 {
		fmt.Fprintf(b, "- Rating: %d/10\n", r.Rating)
	}
	if len(key) > 0 {
		reviewed := map[int64]bool{}
		for _, id := range r.ReviewedKPIs {
			reviewed[id] = true
		}
		n := 0
		for _, k := range key {
			if reviewed[k.KPI.ID] {
				n++
			}
		}
		fmt.Fprintf(b, "- Key KPIs reviewed: %d of %d\n", n, len(key))
	}
	b.WriteString("\n")
	if len(r.Checklist) > 0 {
		b.WriteString("### Checklist\n\n")
		items := append([]model.ChecklistItem(nil), r.Checklist...)
		sort.SliceStable(items, func(i, j int) bool { return items[i].Position < items[j].Position })
		for _, it := range items {
			tick := " "
			if it.Done {
				tick = "x"
			}
			line := fmt.Sprintf("- [%s] %s", tick, text(it.Text))
			if it.TimeboxMinutes > 0 {
				line += fmt.Sprintf(" (%d min)", it.TimeboxMinutes)
			}
			if it.Done && it.DoneBy != "" {
				line += " — " + text(it.DoneBy)
			}
			if it.Note != "" {
				line += ": " + text(it.Note)
			}
			b.WriteString(line + "\n")
		}
		b.WriteString("\n")
	}
	if strings.TrimSpace(r.Notes) != "" {
		b.WriteString("### Meeting notes\n\n" + model.Sanitize(r.Notes, true) + "\n\n")
	}
}

func writeActions(b *strings.Builder, in Input) {
	w := in.Week
	kpiName := map[int64]string{}
	for _, r := range in.Readings {
		kpiName[r.KPI.ID] = r.KPI.Name
	}
	item := func(a model.ActionItem) string {
		line := text(a.Text)
		if a.Owner != "" {
			line += " — " + text(a.Owner)
		}
		line += ", due " + a.Due.String()
		if n, ok := kpiName[a.KPIID]; ok {
			line += " (" + text(n) + ")"
		}
		return line
	}
	// the same groups the Review view shows (model.GroupActions)
	g := model.GroupActions(in.Actions, w, in.Review, in.HasReview)
	var added, done, open []string
	for _, a := range g.Done {
		done = append(done, "- [x] "+item(a))
	}
	for _, a := range g.New {
		added = append(added, "- [ ] "+item(a))
	}
	for _, a := range g.Carried {
		weeks := a.OpenWeeks(w)
		extra := fmt.Sprintf(" · open %d week%s", weeks, plural(weeks))
		if a.Overdue(w) {
			extra += " · **overdue**"
		}
		open = append(open, "- [ ] "+item(a)+extra)
	}
	if len(added)+len(done)+len(open) == 0 {
		return
	}
	b.WriteString("## Action items\n\n")
	for _, g := range []struct {
		title string
		lines []string
	}{{"New", added}, {"Done this week", done}, {"Still open", open}} {
		if len(g.lines) > 0 {
			fmt.Fprintf(b, "### %s\n\n%s\n\n", g.title, strings.Join(g.lines, "\n"))
		}
	}
}

// Sparkline draws samples with the eight block characters ▁▂▃▄▅▆▇█, scaled to
// the series' own min and max; a week without a number, or with one that is not
// model.Usable, is a space. model.Position keeps the index in range whatever
// the numbers.
func Sparkline(samples []model.Sample) string {
	const bars = "▁▂▃▄▅▆▇█"
	levels := []rune(bars)
	lo, hi, _ := model.SampleRange(samples)
	out := make([]rune, len(samples))
	for i, s := range samples {
		switch {
		case !s.OK || !model.Usable(s.Number):
			out[i] = ' '
		case hi == lo:
			out[i] = levels[3]
		default:
			out[i] = levels[int(math.Round(model.Position(s.Number, lo, hi)*float64(len(levels)-1)))]
		}
	}
	return string(out)
}

func stateText(s model.ReviewState) string {
	switch s {
	case model.ReviewInProgress:
		return "in progress"
	case model.ReviewConcluded:
		return "concluded"
	}
	return "not started"
}

// changeText is the change since last week with ▲/▼ and whether it is good news.
func changeText(r model.Reading) string {
	if !r.HasChange {
		return ""
	}
	s := model.ChangeArrow(r.Change) + " " + model.FormatDelta(r.Change, r.KPI.Unit, r.KPI.Decimals)
	switch r.Verdict {
	case model.Better:
		s += " (better)"
	case model.Worse:
		s += " (worse)"
	}
	return s
}

// text is a single line of user text, with control characters and escape
// sequences removed.
func text(s string) string { return model.Sanitize(s, false) }

// cell is text safe inside a Markdown table cell.
func cell(s string) string {
	return strings.ReplaceAll(text(s), "|", `\|`)
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// nameWithTags is a KPI's name with its tags, for the report's tables:
// "Store 1 (store, region:north)".
func nameWithTags(k model.KPI) string {
	if len(k.Tags) == 0 {
		return k.Name
	}
	return k.Name + " (" + strings.Join(k.Tags, ", ") + ")"
}
