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
	// Changed are, for a concluded review, the week's values changed after it
	// concluded (by KPI id): the report marks them, so a review that reads as
	// settled does not silently show other figures than the meeting saw.
	Changed map[int64]model.Value
}

// Markdown renders the report in Markdown (Render in FormatMarkdown).
func Markdown(in Input) string { return Render(in, FormatMarkdown) }

// Render renders the report in format f. Every text in it comes from the
// shared file, so units are cleaned before numbers are formatted with them,
// every other text as it is written (text, cell), and the whole report once
// more at the end: no escape sequence or control character reaches the file
// written when a review concludes or the terminal `kpi report` prints to.
func Render(in Input, f Format) string {
	in.Readings = cleanUnits(in.Readings)
	return model.Sanitize(render(in, f), true)
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

// render writes the report from in in format f.
func render(in Input, f Format) string {
	b := &writer{f: f}
	w := in.Week
	team := text(in.Settings.TeamName)
	if team == "" {
		team = "Team"
	}
	b.heading(1, fmt.Sprintf("%s — weekly KPI review %s", team, w))
	fmt.Fprintf(b, "_%s_", w.Dates())
	if in.HasReview {
		fmt.Fprintf(b, " · review %s", stateText(in.Review.State))
	}
	b.WriteString("\n\n")
	if t := model.EventText(in.Events, w); t != "" {
		fmt.Fprintf(b, "%s %s\n\n", b.bold("This week:"), text(t))
	}
	fmt.Fprintf(b, "%s %s (%s)\n\n", b.bold("Summary:"), summaryText(model.Summarize(in.Readings)), model.Count(len(in.Readings), "KPI"))
	writeChangedSince(b, in)

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
		b.heading(2, "One Metric That Matters: "+text(r.KPI.Name))
		fmt.Fprintf(b, "%s against a target of %s — %s", b.bold(valueText(in, r)), model.TargetText(r.KPI, r.Target), r.Status.Text())
		if c := changeText(r); c != "" {
			fmt.Fprintf(b, ", %s %s", c, r.KPI.SinceLast())
		}
		fmt.Fprintf(b, ". `%s`\n\n", Sparkline(in.Trails[r.KPI.ID]))
		key = append([]model.Reading{r}, key...)
	}
	if len(key) > 0 {
		b.heading(2, "Key KPIs")
		var rows [][]string
		for _, r := range key {
			rows = append(rows, []string{nameWithTags(r.KPI), r.KPI.Owner, valueText(in, r), model.TargetText(r.KPI, r.Target),
				r.Status.Text(), changeText(r), "`" + Sparkline(in.Trails[r.KPI.ID]) + "`"})
		}
		b.table([]string{"KPI", "Owner", "Value", "Target", "Status", "Change", "Last 13 weeks"}, rows, map[int]bool{4: true, 6: true})
	}
	if len(health) > 0 {
		b.heading(2, "Health metrics")
		var rows [][]string
		for _, r := range health {
			rows = append(rows, []string{nameWithTags(r.KPI), valueText(in, r), model.TargetText(r.KPI, r.Target), r.Status.Text()})
		}
		b.table([]string{"KPI", "Value", "Target", "Status"}, rows, map[int]bool{3: true})
	}
	writeObjectives(b, in)
	writeNotes(b, in.Readings, w)
	writeReview(b, in, key)
	writeActions(b, in)
	return strings.TrimRight(b.String(), "\n") + "\n"
}

// changedMark follows a figure that changed after the review concluded.
const changedMark = "†"

// valueText is a reading's value, marked when it changed after the review
// concluded.
func valueText(in Input, r model.Reading) string {
	if _, changed := in.Changed[r.KPI.ID]; changed {
		return r.ValueText() + " " + changedMark
	}
	return r.ValueText()
}

// writeChangedSince says, for a concluded review whose figures changed since,
// which changed, by whom and when: the report shows the figures as they are
// now, each changed one marked.
func writeChangedSince(b *writer, in Input) {
	if len(in.Changed) == 0 {
		return
	}
	var parts []string
	for _, r := range in.Readings {
		if v, ok := in.Changed[r.KPI.ID]; ok {
			parts = append(parts, fmt.Sprintf("%s (%s, %s)", text(r.KPI.Name), text(v.UpdatedBy), v.UpdatedAt.UTC().Format("2 Jan 15:04")))
		}
	}
	fmt.Fprintf(b, "%s Changed after the review concluded on %s: %s. The report shows these figures as they are now.\n\n", changedMark,
		in.Review.ConcludedAt.UTC().Format("2 Jan 2006 15:04 UTC"), strings.Join(parts, "; "))
}

// summaryText counts the KPIs by status in words, each with its glyph:
// "✓ 9 on track, ! 2 at risk, ✗ 1 off track, · 3 missing". Commas part them:
// a "·" between them ran into the glyph of missing ("· · 3 missing").
func summaryText(s model.Summary) string {
	parts := []string{
		fmt.Sprintf("%s %d on track", model.OnTrack.Glyph(), s.OnTrack),
		fmt.Sprintf("%s %d at risk", model.AtRisk.Glyph(), s.AtRisk),
		fmt.Sprintf("%s %d off track", model.OffTrack.Glyph(), s.OffTrack),
		fmt.Sprintf("%s %d missing", model.Missing.Glyph(), s.Missing),
	}
	if s.NoTarget > 0 {
		parts = append(parts, fmt.Sprintf("%s %d without a target", model.NoTarget.Glyph(), s.NoTarget))
	}
	return strings.Join(parts, ", ")
}

func writeObjectives(b *writer, in Input) {
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
		line := b.bold(text(o.Title))
		if o.Owner != "" {
			line += " (" + text(o.Owner) + ")"
		}
		if len(rs) == 0 {
			line += " — no KPIs measure it"
		} else {
			line += " — " + objectiveText(model.Summarize(rs), len(rs))
		}
		lines = append(lines, b.bullet(line))
	}
	if len(lines) > 0 {
		b.heading(2, "Objectives")
		b.WriteString(strings.Join(lines, "\n") + "\n\n")
	}
}

// objectiveText says in words how an objective's n KPIs stand: "3 of 8 on
// track, 2 off track, 1 missing", the counts that are not zero after the
// first. A string of glyphs ("!✓✓!✗!✓✓") had to be counted by eye.
func objectiveText(s model.Summary, n int) string {
	out := fmt.Sprintf("%d of %d on track", s.OnTrack, n)
	for _, c := range []struct {
		n    int
		what string
	}{{s.AtRisk, "at risk"}, {s.OffTrack, "off track"}, {s.Missing, "missing"}, {s.NoTarget, "without a target"}} {
		if c.n > 0 {
			out += fmt.Sprintf(", %d %s", c.n, c.what)
		}
	}
	return out
}

func writeNotes(b *writer, rs []model.Reading, w model.Week) {
	var lines []string
	for _, r := range rs {
		if r.HasValue && r.Value.Week == w && strings.TrimSpace(r.Value.Note) != "" {
			lines = append(lines, b.bullet(fmt.Sprintf("%s (%s): %s", b.bold(text(r.KPI.Name)), text(r.Value.EnteredBy), text(r.Value.Note))))
		}
	}
	if len(lines) > 0 {
		b.heading(2, "Notes")
		b.WriteString(strings.Join(lines, "\n") + "\n\n")
	}
}

// writeReview writes the meeting: who, the rating, how many key KPIs were marked
// reviewed, the checklist with ticks, and the notes.
func writeReview(b *writer, in Input, key []model.Reading) {
	b.heading(2, "Meeting")
	if !in.HasReview {
		b.WriteString("No review was held for this week.\n\n")
		return
	}
	r := in.Review
	if r.Facilitator != "" {
		b.WriteString(b.bullet("Facilitator: "+text(r.Facilitator)) + "\n")
	}
	if len(r.Attendees) > 0 {
		names := make([]string, len(r.Attendees))
		for i, a := range r.Attendees {
			names[i] = text(a)
		}
		b.WriteString(b.bullet("Attendees: "+strings.Join(names, ", ")) + "\n")
	}
	if r.Rating > 0 {
		b.WriteString(b.bullet(fmt.Sprintf("Rating: %d/10", r.Rating)) + "\n")
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
		b.WriteString(b.bullet(fmt.Sprintf("Key KPIs reviewed: %d of %d", n, len(key))) + "\n")
	}
	b.WriteString("\n")
	if len(r.Checklist) > 0 {
		b.heading(3, "Checklist")
		items := append([]model.ChecklistItem(nil), r.Checklist...)
		sort.SliceStable(items, func(i, j int) bool { return items[i].Position < items[j].Position })
		for _, it := range items {
			line := text(it.Text)
			if it.TimeboxMinutes > 0 {
				line += fmt.Sprintf(" (%d min)", it.TimeboxMinutes)
			}
			if it.Done && it.DoneBy != "" {
				line += " — " + text(it.DoneBy)
			}
			if it.Note != "" {
				line += ": " + text(it.Note)
			}
			b.WriteString(b.task(it.Done, line) + "\n")
		}
		b.WriteString("\n")
	}
	if strings.TrimSpace(r.Notes) != "" {
		b.heading(3, "Meeting notes")
		b.WriteString(model.Sanitize(r.Notes, true) + "\n\n")
	}
}

func writeActions(b *writer, in Input) {
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
		done = append(done, b.task(true, item(a)))
	}
	for _, a := range g.New {
		added = append(added, b.task(false, item(a)))
	}
	for _, a := range g.Carried {
		weeks := a.OpenWeeks(w)
		extra := fmt.Sprintf(" · open %d week%s", weeks, plural(weeks))
		if a.Overdue(w) {
			extra += " · " + b.bold("overdue")
		}
		open = append(open, b.task(false, item(a)+extra))
	}
	if len(added)+len(done)+len(open) == 0 {
		return
	}
	b.heading(2, "Action items")
	for _, g := range []struct {
		title string
		lines []string
	}{{"New", added}, {"Done this week", done}, {"Still open", open}} {
		if len(g.lines) > 0 {
			b.heading(3, g.title)
			b.WriteString(strings.Join(g.lines, "\n") + "\n\n")
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
