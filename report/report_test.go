package report

import (
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"kpi/demo"
	"kpi/model"
)

func demoInput(t *testing.T) Input {
	t.Helper()
	now := time.Date(2026, 11, 18, 10, 0, 0, 0, time.UTC)
	ds := demo.Generate(demo.Options{Seed: 1, Now: now})
	w := model.MustWeek("2026-W45")
	from := w.Add(-(TrailWeeks - 1) - model.LookbackWeeks)
	series := model.AllSeries(ds.KPIs, ds.Values, from, w)
	in := Input{Week: w, Settings: ds.Settings, Objectives: ds.Objectives, Actions: ds.ActionItems, Trails: map[int64][]model.Sample{}}
	for _, r := range model.ReadAll(ds.KPIs, ds.Values, w) {
		in.Readings = append(in.Readings, r)
		in.Trails[r.KPI.ID] = model.Recent(r.KPI, series[r.KPI.ID], w, TrailWeeks)
	}
	for _, rv := range ds.Reviews {
		if rv.Week == w {
			in.Review, in.HasReview = rv, true
		}
	}
	if !in.HasReview {
		t.Fatal("the demo has no review for 2026-W45")
	}
	return in
}

func TestReportHasEverySectionAndIsDeterministic(t *testing.T) {
	in := demoInput(t)
	md := Markdown(in)
	for _, want := range []string{"# Northwind Analytics — weekly KPI review 2026-W45", "2–8 Nov 2026", "**Summary:** ✓ ",
		"## One Metric That Matters: Monthly recurring revenue", "## Key KPIs", "| KPI | Owner | Value | Target | Status | Change | Last 13 weeks |",
		"## Health metrics", "## Objectives", " on track ", "## Meeting", "- Attendees: ", "- Rating: ", "### Checklist", "- [x] ",
		"## Action items", "Key KPIs reviewed: "} {
		if !strings.Contains(md, want) {
			t.Errorf("the report lacks %q:\n%s", want, md)
		}
	}
	if again := Markdown(demoInput(t)); again != md {
		t.Error("two reports of the same data differ")
	}
	// every table row has as many cells as its header
	for _, l := range strings.Split(md, "\n") {
		if strings.HasPrefix(l, "| ") && strings.Count(l, " | ") != 6 && strings.Count(l, " | ") != 3 {
			t.Errorf("a table row has a stray cell: %q", l)
		}
	}
}

func TestReportCountsAndEscapes(t *testing.T) {
	in := demoInput(t)
	in.Readings[1].KPI.Name = "Pipes | and \x1b[2Jescapes"
	md := Markdown(in)
	if strings.ContainsRune(md, '\x1b') {
		t.Error("an escape sequence reached the report")
	}
	if in.Readings[1].KPI.Tier == model.TierKey && !strings.Contains(md, `Pipes \| and escapes`) {
		t.Errorf("a pipe in a name is not escaped in the table:\n%s", md)
	}
	s := model.Summarize(in.Readings)
	if !strings.Contains(md, "✗ "+strconv.Itoa(s.OffTrack)+" off track") {
		t.Errorf("the summary does not count %d off track", s.OffTrack)
	}
	in.HasReview = false
	if !strings.Contains(Markdown(in), "No review was held for this week.") {
		t.Error("a week without a review does not say so")
	}
}

func TestSparklineScalesToOwnRangeWithGaps(t *testing.T) {
	got := Sparkline([]model.Sample{{Number: 95, OK: true}, {}, {Number: 100, OK: true}, {Number: 97.5, OK: true}})
	if got != "▁ █▅" && got != "▁ █▄" {
		t.Errorf("Sparkline = %q, want the minimum low, a gap, the maximum full", got)
	}
	if flat := Sparkline([]model.Sample{{Number: 3, OK: true}, {Number: 3, OK: true}}); flat != "▄▄" {
		t.Errorf("a flat series = %q", flat)
	}
}

// TestHostileTextAndNumbersMakeACleanReport: a unit with an escape is cleaned
// before it formats a number (so "$" still leads), every text field's escapes
// and bidi controls are gone, and ±Inf or values whose difference overflows
// draw gaps in the sparkline instead of panicking.
func TestHostileTextAndNumbersMakeACleanReport(t *testing.T) {
	in := demoInput(t)
	var omtm *model.Reading
	for i := range in.Readings {
		if in.Readings[i].KPI.OMTM {
			omtm = &in.Readings[i]
		}
	}
	if omtm == nil || omtm.KPI.Unit != "$" {
		t.Fatalf("the demo's OMTM is not in dollars: %+v", omtm)
	}
	omtm.KPI.Unit = "\x1b[31m$"
	omtm.KPI.Owner = "eve\u202eevil\x1b]52;c;Y3VybA==\x07"
	in.Settings.TeamName = "Team\u009b2J\x1b]0;title\x07"
	in.Review.Notes = "notes\x1bPq#0\x1b\\ end"
	in.Trails[omtm.KPI.ID] = []model.Sample{{Number: 1.7e308, OK: true}, {Number: -1.7e308, OK: true}, {Number: math.Inf(1), OK: true}, {Number: 5, OK: true}, {Number: math.NaN(), OK: true}}
	md := Markdown(in)
	if bad := strings.IndexFunc(md, func(r rune) bool {
		return r == 0x1b || (r >= 0x80 && r <= 0x9f) || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) || (r < 0x20 && r != '\n' && r != '\t')
	}); bad >= 0 {
		t.Errorf("the report keeps a control at byte %d: %q", bad, md[max(0, bad-20):min(len(md), bad+20)])
	}
	if !strings.Contains(md, "**"+model.ValueText(model.KPI{Unit: "$"}, omtm.Value)+"**") {
		t.Errorf("the OMTM's value is not written in dollars:\n%s", md)
	}
	if got := Sparkline(in.Trails[omtm.KPI.ID]); got != "   ▄ " {
		t.Errorf("Sparkline of 1.7e308, -1.7e308, Inf, 5, NaN = %q, want only 5 drawn", got)
	}
	if got := Sparkline([]model.Sample{{Number: -1e15, OK: true}, {Number: 1e15, OK: true}, {Number: 0, OK: true}}); []rune(got)[0] != '▁' || []rune(got)[1] != '█' {
		t.Errorf("Sparkline over the full range = %q", got)
	}
}

func TestReportShowsEventsAndTags(t *testing.T) {
	w := model.MustWeek("2026-W47")
	k := model.KPI{ID: 1, Key: "store_1", Name: "Store 1", Tags: []string{"store"}, Tier: model.TierHealth, Direction: model.None, Kind: model.Quantitative, Cadence: model.Weekly}
	in := Input{Week: w, Readings: []model.Reading{model.Evaluate(k, nil, w)}, Events: []model.Event{{Week: w, Text: "Black Friday"}, {Week: w.Next(), Text: "Not this week"}}}
	md := Markdown(in)
	for _, want := range []string{"**This week:** Black Friday", "Store 1 (store)", "~ context"} {
		if !strings.Contains(md, want) {
			t.Errorf("report lacks %q:\n%s", want, md)
		}
	}
	if strings.Contains(md, "Not this week") {
		t.Errorf("another week's event is in the report")
	}
}

// TestReportSaysSinceLastMonthForAMonthlyOMTM: a monthly KPI's change is the
// change since last month, and the report says so.
func TestReportSaysSinceLastMonthForAMonthlyOMTM(t *testing.T) {
	w := model.MustWeek("2026-W49") // December's due week
	k := model.KPI{ID: 1, Key: "burn", Name: "Net burn", Unit: "$", Direction: model.Down, Kind: model.Quantitative,
		Cadence: model.Monthly, Tier: model.TierKey, OMTM: true, Tolerance: model.DefaultTolerance}
	nov := model.DueWeekOf(model.Monthly, w.Prev())
	s := model.Series{{KPIID: 1, Week: nov, Number: 90000, HasNumber: true}, {KPIID: 1, Week: w, Number: 95000, HasNumber: true}}
	md := Markdown(Input{Week: w, Readings: []model.Reading{model.Evaluate(k, s, w)}})
	if !strings.Contains(md, "+$5,000 (worse) since last month") || strings.Contains(md, "since last week") {
		t.Errorf("the monthly OMTM's change is not since last month:\n%s", md)
	}
}
