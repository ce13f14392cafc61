package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Must hold (issue 17): `kpi history --kpi K` after a definition change shows
// the field with old → new, here through the real binary: a KPI CSV that
// gives MRR a new owner and target, then the history of MRR.
func TestHistoryOfADefinitionChangeShowsOldToNew(t *testing.T) {
	path := newDemo(t)
	defs := filepath.Join(t.TempDir(), "defs.csv")
	if err := os.WriteFile(defs, []byte("key,name,owner,unit,target\nmrr,Monthly recurring revenue,farid,$,1500000\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, e := kpi(t, nil, "import", defs, "--db", path); code != 0 {
		t.Fatalf("import: %d %s", code, e)
	}
	code, out, e := kpi(t, nil, "history", "--kpi", "mrr", "--db", path)
	if code != 0 {
		t.Fatalf("history: %d %s", code, e)
	}
	lines := strings.Split(out, "\n")
	if len(lines) < 3 || !strings.Contains(lines[0], "redefined KPI mrr") ||
		!strings.HasSuffix(lines[1], "owner: ana → farid") || !strings.Contains(lines[2], "targets: ") || !strings.Contains(lines[2], " 1500000") {
		t.Errorf("history after the redefinition:\n%s", out)
	}
	if !strings.Contains(out, "came with the demo") {
		t.Errorf("the demo's values are not explained:\n%s", out)
	}
}
