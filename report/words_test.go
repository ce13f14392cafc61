package report

import (
	"strings"
	"testing"
	"time"

	"kpi/demo"
	"kpi/model"
)

// The summary parts its counts with commas, so missing's glyph does not run
// into a separator ("· · 3 missing"), and each objective says in words how its
// KPIs stand instead of a string of glyphs (issue 17, item 17).
func TestTheSummaryAndObjectivesAreInWords(t *testing.T) {
	in := demoInput(t)
	md := Markdown(in)
	s := model.Summarize(in.Readings)
	want := "**Summary:** " + summaryText(s)
	if !strings.Contains(md, want) || strings.Contains(md, "· ·") {
		t.Errorf("the summary is not %q without “· ·”:\n%s", want, md)
	}
	if got := summaryText(model.Summary{OnTrack: 9, AtRisk: 2, OffTrack: 1, Missing: 3}); got != "✓ 9 on track, ! 2 at risk, ✗ 1 off track, · 3 missing" {
		t.Errorf("summaryText = %q", got)
	}
	if got := objectiveText(model.Summary{OnTrack: 3, OffTrack: 2, AtRisk: 0, Missing: 3}, 8); got != "3 of 8 on track, 2 off track, 3 missing" {
		t.Errorf("objectiveText = %q", got)
	}
	section := md[strings.Index(md, "## Objectives"):]
	section = section[:strings.Index(section, "\n\n## ")]
	for _, l := range strings.Split(section, "\n")[2:] {
		if !strings.Contains(l, " on track") || strings.ContainsAny(l, "✓✗") {
			t.Errorf("an objective line is not in words: %q", l)
		}
	}
}

// --format slack writes Slack's mrkdwn: bold in single asterisks, bullets,
// boxes for the checklist, and no heading, table or task list, which Slack
// shows as typed.
func TestTheSlackFormatHasNoTablesOrTaskLists(t *testing.T) {
	in := demoInput(t)
	sl := Render(in, FormatSlack)
	for _, l := range strings.Split(sl, "\n") {
		if strings.HasPrefix(l, "#") || strings.HasPrefix(l, "|") || strings.HasPrefix(l, "- [") || strings.Contains(l, "**") {
			t.Errorf("Slack's mrkdwn cannot show %q", l)
		}
	}
	for _, want := range []string{"*Northwind Analytics — weekly KPI review 2026-W45*", "*Summary:* ✓ ", "*Key KPIs*",
		"• *Monthly recurring revenue*: owner ana, value ", "☑ Check-in and wins", "*Objectives*", " on track"} {
		if !strings.Contains(sl, want) {
			t.Errorf("the Slack report lacks %q:\n%s", want, sl)
		}
	}
	if f, err := ParseFormat("slack"); err != nil || f != FormatSlack {
		t.Errorf("ParseFormat(slack) = %v, %v", f, err)
	}
	if _, err := ParseFormat("html"); err == nil || !strings.Contains(err.Error(), "markdown or slack") {
		t.Errorf("ParseFormat(html): %v", err)
	}
}

// stampedSource is the benchmarks' datasetSource with WeekValues, so it can
// tell when each value last changed.
type stampedSource struct{ datasetSource }

func (s stampedSource) WeekValues(w model.Week) ([]model.Value, error) { return s.Values(w, w) }

// A concluded review's report marks each figure changed after it concluded,
// and says by whom and when; one whose figures are as the meeting saw them
// marks none.
func TestAConcludedReviewMarksTheFiguresChangedSince(t *testing.T) {
	now := time.Date(2026, 11, 18, 10, 0, 0, 0, time.UTC)
	ds := demo.Generate(demo.Options{Seed: 1, Now: now})
	w := model.MustWeek("2026-W45")
	in, err := Gather(stampedSource{datasetSource{ds}}, w)
	if err != nil || !in.HasReview || in.Review.State != model.ReviewConcluded {
		t.Fatalf("the demo's 2026-W45 review: %+v %v", in.Review.State, err)
	}
	if md := Markdown(in); strings.Contains(md, changedMark) {
		t.Fatalf("an unchanged concluded review marks a change:\n%s", md)
	}
	var nps model.KPI
	for _, k := range ds.KPIs {
		if k.Key == "nps" {
			nps = k
		}
	}
	for i, v := range ds.Values {
		if v.KPIID == nps.ID && v.Week == w {
			ds.Values[i].Number, ds.Values[i].UpdatedBy = v.Number+3, "ana"
			ds.Values[i].UpdatedAt = in.Review.ConcludedAt.Add(48 * time.Hour)
		}
	}
	in, _ = Gather(stampedSource{datasetSource{ds}}, w)
	md := Markdown(in)
	if len(in.Changed) != 1 || !strings.Contains(md, "† Changed after the review concluded on ") || !strings.Contains(md, "Net Promoter Score (ana, ") {
		t.Errorf("the changed NPS is not said:\n%s", md)
	}
	if !strings.Contains(md, "| "+model.ValueText(nps, in.Changed[nps.ID])+" † |") {
		t.Errorf("the changed figure is not marked in its table:\n%s", md)
	}
}
