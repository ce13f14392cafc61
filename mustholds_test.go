package main

import (
	"crypto/sha256"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestIssue17NumbersMustHoldThroughTheBinary is issue 17's "must hold" for its
// items 1 and 2, on the real binary and the demo: `kpi due --week` for a week
// before a new KPI's first week does not list it; `kpi set mrr 12k` exits
// non-zero and changes nothing, and saves with --force; `kpi set cac
// '€1,200'` is refused; `kpi set p95_latency '204 ms'` saves.
func TestIssue17NumbersMustHoldThroughTheBinary(t *testing.T) {
	path := newDemo(t)
	week := testWeek()
	defs := filepath.Join(t.TempDir(), "kpis.csv")
	if err := os.WriteFile(defs, []byte("key,name,owner,unit,direction,tier,indicator,kind,cadence,aggregate\n"+
		"fresh,Fresh KPI,ana,$,up,key,lagging,quantitative,weekly,last\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if code, _, e := kpi(t, nil, "import", defs, "--db", path); code != 0 {
		t.Fatalf("import of a KPI definition: exit %d %s", code, e)
	}
	if code, out, e := kpi(t, nil, "due", "--db", path, "--week", week.Add(-9).String()); code != 0 || strings.Contains(out, "fresh") {
		t.Errorf("due --week %s lists a KPI created in %s (exit %d):\n%s%s", week.Add(-9), week, code, out, e)
	}
	if _, out, _ := kpi(t, nil, "due", "--db", path, "--week", week.String()); !strings.Contains(out, "fresh") {
		t.Errorf("due in its creation week does not list the new KPI:\n%s", out)
	}

	sum := func() [32]byte {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return sha256.Sum256(b)
	}
	before := sum()
	if code, _, e := kpi(t, nil, "set", "mrr", "12k", "--db", path); code == 0 || !strings.Contains(e, "--force") {
		t.Errorf("set mrr 12k: exit %d %q; want a refusal that names --force", code, e)
	}
	if code, _, e := kpi(t, nil, "set", "cac", "€1,200", "--db", path); code == 0 || !strings.Contains(e, "€") {
		t.Errorf("set cac €1,200: exit %d %q; want a refusal", code, e)
	}
	if sum() != before {
		t.Fatal("a refused kpi set changed the file")
	}
	if code, out, e := kpi(t, nil, "set", "mrr", "12k", "--force", "--db", path); code != 0 || !strings.Contains(out, "$12,000") {
		t.Errorf("set mrr 12k --force: exit %d %s%s", code, out, e)
	}
	if code, out, e := kpi(t, nil, "set", "p95_latency", "204 ms", "--db", path); code != 0 || !strings.Contains(out, "204 ms") {
		t.Errorf("set p95_latency '204 ms': exit %d %s%s", code, out, e)
	}
}
