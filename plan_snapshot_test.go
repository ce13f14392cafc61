package main

// Issue 4 through the real binary: `kpi snapshot --view objectives` and `--view
// scorecard` draw the demo team's objectives and KPIs in exactly the size asked
// for, and the scorecard judges each week against that week's target on a
// glide path.

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"kpi/db"
	"kpi/model"
)

// planSnapshot runs `kpi snapshot --view view` at w×h and checks the frame is
// exactly h lines, none wider than w.
func planSnapshot(t *testing.T, path, view string, w, h int, extra ...string) string {
	t.Helper()
	args := append([]string{"snapshot", "--db", path, "--view", view, "--width", itoa(w), "--height", itoa(h)}, extra...)
	code, out, stderr := kpi(t, nil, args...)
	if code != 0 {
		t.Fatalf("kpi %v: exit %d: %s", args, code, stderr)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != h {
		t.Errorf("%s %d×%d: %d lines, want %d", view, w, h, len(lines), h)
	}
	for i, l := range lines {
		if lw := ansi.StringWidth(l); lw > w {
			t.Errorf("%s %d×%d: line %d is %d wide: %q", view, w, h, i+1, lw, l)
		}
	}
	return out
}

func TestObjectivesAndScorecardSnapshotsOfTheDemo(t *testing.T) {
	path := newDemo(t)
	st, err := db.Open(path, db.Options{User: "tester", Now: testClock})
	if err != nil {
		t.Fatal(err)
	}
	objs, err := st.Objectives()
	if err != nil {
		t.Fatal(err)
	}
	kpis, err := st.KPIs()
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	var titles, names []string
	for _, o := range objs {
		if !o.Archived {
			titles = append(titles, o.Title)
		}
	}
	for _, k := range kpis {
		if !k.Archived {
			names = append(names, k.Name)
		}
	}
	count := func(out string, list []string) (n int) {
		for _, s := range list {
			if strings.Contains(out, s) {
				n++
			}
		}
		return n
	}

	// 80×24: every objective, and the KPIs of the first one unfolded
	out := planSnapshot(t, path, "objectives", 80, 24)
	if n := count(out, titles); n != len(titles) {
		t.Errorf("objectives at 80×24 shows %d of %d objectives:\n%s", n, len(titles), out)
	}
	if n := count(out, names); n < 5 {
		t.Errorf("objectives at 80×24 shows %d KPI names, want at least 5:\n%s", n, out)
	}
	out = planSnapshot(t, path, "scorecard", 80, 24)
	if n := count(out, titles); n < 2 {
		t.Errorf("scorecard at 80×24 shows %d objective headings, want at least 2:\n%s", n, out)
	}
	if n := count(out, names); n < 10 {
		t.Errorf("scorecard at 80×24 shows %d KPI names, want at least 10:\n%s", n, out)
	}
	for _, want := range []string{"[3 Scorecard]", "Owner", "Target", "│"} { // the totals are one → away
		if !strings.Contains(out, want) {
			t.Errorf("scorecard at 80×24 lacks %q:\n%s", want, out)
		}
	}

	// 160×50: everything
	for _, view := range []string{"objectives", "scorecard"} {
		out := planSnapshot(t, path, view, 160, 50)
		if n := count(out, titles); view == "objectives" && n != len(titles) {
			t.Errorf("%s at 160×50 shows %d of %d objectives:\n%s", view, n, len(titles), out)
		}
		if n := count(out, names); n != len(names) {
			t.Errorf("%s at 160×50 shows %d of %d KPI names:\n%s", view, n, len(names), out)
		}
	}
}

func TestScorecardGlidePathThroughTheBinary(t *testing.T) {
	w := model.MustWeek
	k := trendsKPI(1, "signups", "", 0, 0)
	// 100 in W40 rising to 200 in W50: W44's target is 140, W46's is 160
	k.Targets = model.TargetPath{{Week: w("2026-W40"), Value: 100}, {Week: w("2026-W50"), Value: 200}}
	var vals []model.Value
	for week, n := range map[string]float64{"2026-W43": 111, "2026-W44": 150, "2026-W45": 122, "2026-W46": 150, "2026-W47": 133} {
		vals = append(vals, model.Value{KPIID: 1, Week: w(week), Number: n, HasNumber: true, EnteredBy: "ops"})
	}
	path := trendsFile(t, model.Dataset{KPIs: []model.KPI{k}, Values: vals})
	out := planSnapshot(t, path, "scorecard", 160, 30, "--week", "2026-W47")
	var line string
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, "▸ Signups") {
			line = l
		}
	}
	on, off := strings.Index(line, "✓ 150"), strings.Index(line, "✗ 150")
	if on < 0 || off < 0 || on > off {
		t.Errorf("150 should be on track in W44 (target 140) and off track in W46 (target 160):\n%s", out)
	}
}
