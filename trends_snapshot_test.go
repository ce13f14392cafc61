package main

// Issue 5 through the real binary: `kpi snapshot --view trends` draws one KPI's
// chart, stats and table at any size; a KPI that moves between 95 and 100 fills
// the chart; a formula KPI computes 25 from won 5 and created 20 and says "n/a"
// when created is 0, in `kpi list` and in Trends alike.

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"kpi/model"
)

// trendsFile writes a fresh team file holding ds (`kpi init`, then `kpi import`
// of the JSON export format) and returns its path.
func trendsFile(t *testing.T, ds model.Dataset) string {
	t.Helper()
	dir := t.TempDir()
	path := filepath.Join(dir, "team.db")
	if code, _, e := kpi(t, nil, "init", path); code != 0 {
		t.Fatalf("init: %s", e)
	}
	ds.Format = model.DatasetFormat
	ds.Settings = model.DefaultSettings("Trend team")
	b, err := json.Marshal(ds)
	if err != nil {
		t.Fatal(err)
	}
	src := filepath.Join(dir, "team.json")
	if err := os.WriteFile(src, b, 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, e := kpi(t, nil, "import", src, "--db", path); code != 0 {
		t.Fatalf("import: %s", e)
	}
	return path
}

func trendsKPI(id int64, key string, unit string, decimals int, target float64) model.KPI {
	return model.KPI{ID: id, Key: key, Name: strings.ToUpper(key[:1]) + key[1:], Owner: "ops", Unit: unit, Decimals: decimals,
		Direction: model.Up, Targets: model.TargetPath{{Week: model.MustWeek("2020-W01"), Value: target}},
		Tolerance: model.DefaultTolerance, Tier: model.TierKey, Indicator: model.Lagging, Kind: model.Quantitative,
		Cadence: model.Weekly, Aggregate: model.AggAvg}
}

// trendsSnapshot runs `kpi snapshot --view trends --kpi key` at w×h and checks
// the frame is exactly h lines, none wider than w.
func trendsSnapshot(t *testing.T, path, key string, w, h int) []string {
	t.Helper()
	code, out, e := kpi(t, nil, "snapshot", "--db", path, "--view", "trends", "--kpi", key,
		"--week", testWeek().String(), "--width", itoa(w), "--height", itoa(h))
	if code != 0 {
		t.Fatalf("snapshot %s %dx%d: exit %d: %s", key, w, h, code, e)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != h {
		t.Errorf("snapshot %s %dx%d: %d lines", key, w, h, len(lines))
	}
	for i, l := range lines {
		if n := ansi.StringWidth(l); n > w {
			t.Errorf("snapshot %s %dx%d: line %d is %d wide", key, w, h, i, n)
		}
	}
	return lines
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// trendsChart finds the chart in a frame: the time axis (the line with "└"
// followed by the axis) and the rows above it that continue the value axis in
// the same column. It returns the first and last of those rows that hold a rune
// of the values' line, how many rows there are, and how wide the time axis is.
func trendsChart(lines []string) (first, last, rows, axisWidth int) {
	first, last = -1, -1
	for i, l := range lines {
		r := []rune(l)
		col := strings.IndexRune(string(r), '└')
		if col < 0 || !strings.Contains(l, "└──────") {
			continue
		}
		col = len([]rune(l[:col]))
		axisWidth = strings.Count(l, "─") + 1
		for j := i - 1; j >= 0; j-- {
			rj := []rune(lines[j])
			if col >= len(rj) || rj[col] != '│' {
				break
			}
			rows++
			if strings.ContainsAny(string(rj[col+1:]), "─╭╮╰╯●•") {
				if last < 0 {
					last = j
				}
				first = j
			}
		}
		return first, last, rows, axisWidth
	}
	return -1, -1, 0, 0
}

func TestTrendsSnapshotThroughTheBinary(t *testing.T) {
	path := newDemo(t)
	code, out, e := kpi(t, nil, "list", "--db", path, "--week", testWeek().String(), "--json")
	if code != 0 {
		t.Fatalf("list: %s", e)
	}
	var rows []struct {
		Key       string `json:"key"`
		Name      string `json:"name"`
		ValueText string `json:"value_text"`
	}
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatal(err)
	}
	var name, value string
	for _, r := range rows {
		if r.Key == "mrr" {
			name, value = r.Name, r.ValueText
		}
	}
	if !strings.HasPrefix(value, "$") {
		t.Fatalf("the demo's mrr has no value this week: %q", value)
	}
	for _, size := range [][2]int{{80, 24}, {120, 40}, {200, 60}} {
		lines := trendsSnapshot(t, path, "mrr", size[0], size[1])
		screen := strings.Join(lines, "\n")
		if size[0] == 120 {
			for _, want := range []string{"[4 Trends]", name, value, "Forecast", "under review"} {
				if !strings.Contains(screen, want) {
					t.Errorf("120x40: the trends of mrr lack %q:\n%s", want, screen)
				}
			}
		}
		first, last, chartRows, axis := trendsChart(lines)
		if axis < size[0]*8/10 {
			t.Errorf("%dx%d: the chart's time axis is %d wide; want most of the width:\n%s", size[0], size[1], axis, screen)
		}
		if first < 0 || chartRows < 5 || last-first+1 < chartRows/3 {
			t.Errorf("%dx%d: the chart's line spans rows %d–%d of %d:\n%s", size[0], size[1], first, last, chartRows, screen)
		}
	}
}

// TestTrendsNarrowBandFillsTheChart is issue 5's must-hold: values all between 95
// and 100 use more than half of the chart's height, for a KPI made for the test
// and for the demo's uptime.
func TestTrendsNarrowBandFillsTheChart(t *testing.T) {
	w := testWeek()
	k := trendsKPI(1, "availability", "%", 2, 97)
	ds := model.Dataset{KPIs: []model.KPI{k}}
	for i := 0; i < 52; i++ {
		n := 95 + 5*float64((i*7)%11)/10 // 95.0 … 100.0, in a zigzag
		ds.Values = append(ds.Values, model.Value{ID: int64(i + 1), KPIID: 1, Week: w.Add(-i), Number: n, HasNumber: true, EnteredBy: "ops"})
	}
	custom := trendsFile(t, ds)
	demo := newDemo(t)
	for _, c := range []struct{ path, key string }{{custom, "availability"}, {demo, "uptime"}} {
		for _, size := range [][2]int{{80, 24}, {120, 40}, {200, 60}} {
			lines := trendsSnapshot(t, c.path, c.key, size[0], size[1])
			first, last, rows, _ := trendsChart(lines)
			if rows == 0 || first < 0 || 2*(last-first+1) <= rows {
				t.Errorf("%s %dx%d: the line spans rows %d–%d of the chart's %d; want more than half:\n%s",
					c.key, size[0], size[1], first, last, rows, strings.Join(lines, "\n"))
			}
		}
	}
}

// TestFormulaKPIThroughTheBinary: win_rate = won / created * 100 is 25 for won 5
// and created 20, "n/a" (never Inf or NaN) when created is 0, and missing when an
// input is; `kpi set` refuses it; Trends shows the same.
func TestFormulaKPIThroughTheBinary(t *testing.T) {
	rate := trendsKPI(3, "win_rate", "%", 1, 25)
	rate.Formula = "won / created * 100"
	path := trendsFile(t, model.Dataset{KPIs: []model.KPI{trendsKPI(1, "won", "", 0, 10), trendsKPI(2, "created", "", 0, 40), rate}})
	w := testWeek()
	set := func(key, value string, week model.Week) {
		t.Helper()
		if code, _, e := kpi(t, nil, "set", key, value, "--week", week.String(), "--db", path); code != 0 {
			t.Fatalf("set %s %s: %s", key, value, e)
		}
	}
	set("won", "5", w)
	set("created", "20", w)
	set("won", "3", w.Prev())
	set("created", "0", w.Prev())
	set("won", "4", w.Add(-2))      // created missing
	set("created", "18", w.Add(-3)) // so that its history starts before: W-2 is due
	type row struct {
		Key       string   `json:"key"`
		Value     *float64 `json:"value"`
		ValueText string   `json:"value_text"`
		Status    string   `json:"status"`
	}
	rateIn := func(week model.Week) row {
		t.Helper()
		code, out, e := kpi(t, nil, "list", "--db", path, "--week", week.String(), "--json")
		if code != 0 {
			t.Fatalf("list: %s", e)
		}
		var rows []row
		if err := json.Unmarshal([]byte(out), &rows); err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			if r.Key == "win_rate" {
				return r
			}
		}
		t.Fatalf("no win_rate in the list:\n%s", out)
		return row{}
	}
	if r := rateIn(w); r.Value == nil || *r.Value != 25 || r.ValueText != "25.0%" {
		t.Errorf("won 5 / created 20 * 100: %+v, want 25", r)
	}
	if r := rateIn(w.Prev()); r.Value != nil || r.ValueText != "n/a" || r.Status != "n/a" {
		t.Errorf("created 0: %+v, want n/a", r)
	}
	if r := rateIn(w.Add(-2)); r.Value != nil || r.Status != "missing" {
		t.Errorf("created missing: %+v, want missing", r)
	}
	if code, _, e := kpi(t, nil, "set", "win_rate", "30", "--db", path); code == 0 || !strings.Contains(e, "derived") {
		t.Errorf("kpi set on a derived KPI: exit %d, %q; want a refusal saying it is derived", code, e)
	}

	screen := strings.Join(trendsSnapshot(t, path, "win_rate", 120, 40), "\n")
	for _, want := range []string{"ƒ Win_rate", "ƒ = won / created * 100", "25.0%", "n/a", "missing: no value for created"} {
		if !strings.Contains(screen, want) {
			t.Errorf("the trends of win_rate lack %q:\n%s", want, screen)
		}
	}
	for _, bad := range []string{"Inf", "NaN"} {
		if strings.Contains(screen, bad) {
			t.Errorf("the trends of win_rate show %s:\n%s", bad, screen)
		}
	}
}
