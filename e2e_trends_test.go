package main

// End-to-end test of the Trends view (issue 5) with the real binary in tmux:
// Enter on the dashboard opens Trends for the selected KPI, + widens the range,
// a past week is edited in the table, the chart and the table change, and the
// file has the value (`kpi list --week`) and the change-log entry (`kpi
// history`). It runs on the harness of e2e_harness_test.go: every wait polls
// the screen, never a fixed sleep.

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"kpi/model"
)

// trendsChartRows are the lines of a screen from the first line of the chart
// (the one after the KPI's about line) through the time axis' labels.
func trendsChartRows(screen string) string {
	lines := strings.Split(screen, "\n")
	for i, l := range lines {
		if strings.Contains(l, "└──────") && i+1 < len(lines) {
			start := i
			for start > 0 && strings.ContainsRune(lines[start-1], '│') {
				start--
			}
			return strings.Join(lines[start:i+2], "\n")
		}
	}
	return ""
}

func TestE2ETrendsInTmux(t *testing.T) {
	needTmux(t)
	path := newDemo(t)
	week := testWeek()
	past := week.Add(-3)
	a := startApp(t, 120, 40, path)
	a.waitFor("Northwind Analytics", "[1 Dashboard]", "Monthly recurring revenue")

	// Enter on the selected card (the OMTM) opens its trends
	a.send("Enter")
	first := screenOf(a.waitFor("[4 Trends]", "★ Monthly recurring revenue", "26 weeks (+/-)", week.String()+" under review", "Forecast"))
	chart26 := trendsChartRows(first)
	if chart26 == "" {
		t.Fatalf("no chart on the screen:\n%s", first)
	}
	if axisReaches(chart26, week, 46, 51) {
		t.Errorf("the 26-week chart's time axis names a week from a year back:\n%s", first)
	}

	// + widens the range to 52 weeks: the time axis starts a year back
	a.sendText("+")
	wide := screenOf(a.waitFor("52 weeks (+/-)"))
	chart52 := trendsChartRows(wide)
	if chart52 == chart26 || !axisReaches(chart52, week, 46, 51) {
		t.Errorf("the chart did not change to 52 weeks (no time-axis label 46 to 51 weeks before %s):\n%s", week, wide)
	}

	// three weeks back, Enter edits that week in the table
	a.send("Left", "Left", "Left")
	a.waitFor("● " + past.String() + " selected")
	a.send("Enter")
	a.waitFor("Editing " + past.String())
	a.send("C-u")
	a.sendText("123456")
	a.send("Tab")
	a.sendText("edited in tmux")
	a.send("Enter")
	saved := screenOf(a.waitFor("Saved Monthly recurring revenue for "+past.String()+": $123,456", "edited in tmux"))
	var row string
	for _, l := range strings.Split(saved, "\n") {
		if strings.Contains(l, past.String()+"  ") {
			row = l
		}
	}
	if !strings.Contains(row, "$123,456") || !strings.Contains(row, "edited in tmux") {
		t.Errorf("the table row of %s is %q, want the new value and note:\n%s", past, row, saved)
	}
	if after := trendsChartRows(saved); after == chart52 {
		t.Errorf("the chart did not change after the edit:\n%s", saved)
	}

	// the file has it: kpi list for that week, and the change log
	code, out, e := kpi(t, nil, "list", "--db", path, "--week", past.String(), "--json")
	if code != 0 {
		t.Fatalf("list: %s", e)
	}
	var rows []struct {
		Key   string   `json:"key"`
		Value *float64 `json:"value"`
		Note  string   `json:"note"`
	}
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, r := range rows {
		if r.Key == "mrr" {
			found = true
			if r.Value == nil || *r.Value != 123456 || r.Note != "edited in tmux" {
				t.Errorf("kpi list --week %s shows mrr %v %q, want 123456 with the note", past, r.Value, r.Note)
			}
		}
	}
	if !found {
		t.Errorf("kpi list --week %s has no mrr:\n%s", past, out)
	}
	code, out, e = kpi(t, nil, "history", "--db", path, "--kpi", "mrr", "--limit", "5")
	if code != 0 {
		t.Fatalf("history: %s", e)
	}
	if !strings.Contains(out, "e2e") || !strings.Contains(out, "set mrr for "+past.String()) || !strings.Contains(out, "$123,456") {
		t.Errorf("kpi history lacks the edit of %s by e2e:\n%s", past, out)
	}

	// q leaves the app
	a.sendText("q")
	if code := a.waitExit(); code != 0 {
		t.Errorf("kpi exited with status %d after q, want 0", code)
	}
	a.waitGone("[4 Trends]")
}

// axisReaches reports whether the time axis of chart (its last line, the labels)
// names a week from newest-oldest to newest-youngest weeks back. The axis labels
// every second week or so, and which ones depends on the date, so a range of
// weeks is looked for rather than one; no label of a 26-week axis falls in it.
func axisReaches(chart string, newest model.Week, youngest, oldest int) bool {
	lines := strings.Split(chart, "\n")
	labels := strings.Fields(lines[len(lines)-1])
	for back := youngest; back <= oldest; back++ {
		if slices.Contains(labels, fmt.Sprintf("W%02d", newest.Add(-back).Num)) {
			return true
		}
	}
	return false
}

// screenOf joins captured lines into one screen.
func screenOf(lines []string) string { return strings.Join(lines, "\n") }
