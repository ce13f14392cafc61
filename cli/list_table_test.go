package cli

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// TestListFitsTheWidthAndRightAlignsNumbers: `kpi list` with COLUMNS=80 writes
// no line wider than 80, shortens names with "…", and right-aligns values and
// targets under their headings; piped without COLUMNS it cuts nothing.
func TestListFitsTheWidthAndRightAlignsNumbers(t *testing.T) {
	path := demoFile(t)
	rows := listJSON(t, path, "2026-W47")
	r := run(t, map[string]string{"COLUMNS": "80"}, "list", "--db", path, "--week", "2026-W47")
	if r.code != 0 {
		t.Fatalf("list: exit %d: %s", r.code, r.stderr)
	}
	lines := strings.Split(strings.TrimRight(r.stdout, "\n"), "\n")
	if len(lines) != len(rows)+2 {
		t.Fatalf("%d lines for %d KPIs:\n%s", len(lines), len(rows), r.stdout)
	}
	for _, l := range lines {
		if w := ansi.StringWidth(l); w > 80 {
			t.Errorf("a line is %d wide at COLUMNS=80: %q", w, l)
		}
	}
	if !strings.Contains(lines[2], "Monthly") || !strings.Contains(lines[2], "…") || strings.Contains(lines[2], "revenue") {
		t.Errorf("long names are not shortened with …:\n%s", r.stdout)
	}
	// values and targets end in the column where their heading ends
	header := []rune(lines[1])
	for _, field := range []string{"VALUE", "TARGET"} {
		end := strings.Index(string(header), field)
		end = len([]rune(string(header)[:end])) + len(field) - 1
		for i, l := range lines[2:] {
			row := []rune(l + " ")
			if end >= len(row) || row[end] == ' ' || row[end+1] != ' ' {
				t.Errorf("the %s of %s does not end under its heading:\n%s\n%s", field, rows[i].Key, lines[1], l)
			}
		}
	}
	piped := run(t, nil, "list", "--db", path, "--week", "2026-W47")
	if strings.Contains(piped.stdout, "…") || !strings.Contains(piped.stdout, "Monthly recurring revenue ★") {
		t.Errorf("piped output without COLUMNS is cut:\n%s", piped.stdout)
	}
}
