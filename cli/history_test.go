package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Must hold (issue 17): `kpi history --kpi K` after a definition change shows
// the field with old → new, not only its name.
func TestHistoryShowsDefinitionFieldsOldToNew(t *testing.T) {
	path := demoFile(t)
	defs := filepath.Join(t.TempDir(), "defs.csv")
	if err := os.WriteFile(defs, []byte("key,name,owner,unit,target\nmrr,Monthly recurring revenue,farid,$,1500000\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if r := run(t, nil, "import", defs, "--db", path); r.code != 0 {
		t.Fatalf("import of the redefinition: exit %d: %s", r.code, r.stderr)
	}
	r := run(t, nil, "history", "--kpi", "mrr", "--limit", "1", "--db", path)
	if r.code != 0 {
		t.Fatalf("history: exit %d: %s", r.code, r.stderr)
	}
	if !strings.Contains(r.stdout, "redefined KPI mrr") || !strings.Contains(r.stdout, "owner: ana → farid") ||
		!strings.Contains(r.stdout, " 1500000") {
		t.Errorf("history of the redefinition lacks owner: ana → farid and the targets old → new:\n%s", r.stdout)
	}
}

// A value entered with --note shows the note in its history.
func TestHistoryShowsTheNoteOfASet(t *testing.T) {
	path := demoFile(t)
	k := firstQuantitativeKey(t, listJSON(t, path, ""))
	if r := run(t, nil, "set", k.Key, "41", "--force", "--week", "2026-W45", "--note", "Thanksgiving push", "--db", path); r.code != 0 {
		t.Fatalf("set: exit %d: %s", r.code, r.stderr)
	}
	r := run(t, nil, "history", "--kpi", k.Key, "--limit", "1", "--db", path)
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if r.code != 0 || len(lines) != 2 || !strings.Contains(lines[0], "for 2026-W45") || !strings.HasSuffix(lines[1], "note: (none) → Thanksgiving push") {
		t.Errorf("history of a set with --note:\n%s%s", r.stdout, r.stderr)
	}
}

// A demo KPI's values have no rows of their own (the demo is logged as one
// batch): its history says they came with the demo instead of "No changes
// recorded yet".
func TestHistoryOfADemoKPISaysItsValuesCameWithTheDemo(t *testing.T) {
	path := demoFile(t)
	r := run(t, nil, "history", "--kpi", "mrr", "--db", path)
	if r.code != 0 || strings.Contains(r.stdout, "No changes recorded yet") || !strings.Contains(r.stdout, "came with the demo") {
		t.Errorf("history of the demo's MRR: exit %d:\n%s%s", r.code, r.stdout, r.stderr)
	}
}
