package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReportPrintsAndWritesTheWeek(t *testing.T) {
	path := demoFile(t)
	r := run(t, nil, "report", "--db", path, "--week", "2026-W45")
	if r.code != 0 || !strings.HasPrefix(r.stdout, "# Northwind Analytics — weekly KPI review 2026-W45") || !strings.Contains(r.stdout, "## Key KPIs") {
		t.Fatalf("report: exit %d, stderr %q, stdout:\n%s", r.code, r.stderr, r.stdout)
	}
	out := filepath.Join(t.TempDir(), "review.md")
	w := run(t, nil, "report", "--db", path, "--week", "2026-W45", "--out", out)
	written, err := os.ReadFile(out)
	if w.code != 0 || err != nil || string(written) != r.stdout {
		t.Errorf("--out wrote something else than stdout (exit %d, %v)", w.code, err)
	}
	// a value set for the week shows in the next report
	if s := run(t, nil, "set", "nps", "61", "--week", "2026-W45", "--db", path); s.code != 0 {
		t.Fatalf("set: %s", s.stderr)
	}
	again := run(t, nil, "report", "--db", path, "--week", "2026-W45")
	// marked: the week's review was concluded before the value changed
	if !strings.Contains(again.stdout, "| Net Promoter Score | emma | 61 † |") {
		t.Errorf("the report does not show the new NPS:\n%s", again.stdout)
	}
	if bad := run(t, nil, "report", "--db", path, "--week", "2026-W99"); bad.code != 2 {
		t.Errorf("a bad week gave exit %d", bad.code)
	}
}
