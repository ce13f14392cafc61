package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeCSV(t *testing.T, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "kpis.csv")
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestImportKPIDefinitions(t *testing.T) {
	path := demoFile(t)
	rows := listJSON(t, path, "")
	objective := rowOf(t, rows, "mrr").Objective
	if objective == "" {
		t.Fatal("the demo's mrr serves no objective")
	}
	csv := "key,name,owner,objective,unit,decimals,direction,target,target_high,tolerance,tier,cadence\n" +
		"csat,Customer satisfaction,ana," + objective + ",%,1,range,80,90,2,health,weekly\n" +
		"mrr,Monthly recurring revenue (net),ben,,$,0,up,500000,,5%,key,weekly\n"
	r := run(t, nil, "import", writeCSV(t, csv), "--db", path)
	if r.code != 0 || !strings.Contains(r.stdout, "1 new, 1 redefined") {
		t.Fatalf("import: exit %d %q %q", r.code, r.stdout, r.stderr)
	}
	after := listJSON(t, path, "")
	c := rowOf(t, after, "csat")
	if c.Name != "Customer satisfaction" || c.Owner != "ana" || c.Objective != objective || c.Direction != "range" ||
		c.Decimals != 1 || c.Tier != "health" || c.Unit != "%" {
		t.Errorf("csat as imported: %+v", c)
	}
	if m := rowOf(t, after, "mrr"); m.Name != "Monthly recurring revenue (net)" || m.Owner != "ben" || m.Value == nil {
		t.Errorf("mrr redefined: %+v (its values must stay)", m)
	}
	if h := run(t, nil, "history", "--kpi", "mrr", "--db", path); !strings.Contains(h.stdout, "redefined KPI mrr") {
		t.Errorf("the redefinition is not in the change log:\n%s", h.stdout)
	}
}

func TestImportKPIDefinitionsRefusesBadRowsAndWritesNothing(t *testing.T) {
	path := demoFile(t)
	before := sha(t, path)
	for name, tc := range map[string]struct{ csv, want string }{
		"bad key":         {"key,name\nNot A Key!,Thing\n", "line 2"},
		"unknown formula": {"key,name,formula\nratio,Ratio,nosuch / mrr * 100\n", "nosuch"},
		"no objective":    {"key,name,objective\nx1,X,Conquer Mars\n", `no objective "Conquer Mars"`},
		"range no high":   {"key,name,direction,target\nx2,X,range,5\n", "target_high"},
		"duplicate":       {"key,name\nx3,A\nx3,B\n", "also on line 2"},
		"unknown column":  {"key,name,colour\nx4,X,red\n", `unknown CSV column "colour"`},
	} {
		r := run(t, nil, "import", writeCSV(t, tc.csv), "--db", path)
		if r.code == 0 || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%s: exit %d, stderr %q, want it to mention %q", name, r.code, r.stderr, tc.want)
		}
		if sha(t, path) != before {
			t.Fatalf("%s: a refused import changed the file", name)
		}
	}
}

// A name full of terminal escapes is stored and listed as plain text.
func TestImportedKPINameCannotDriveATerminal(t *testing.T) {
	path := demoFile(t)
	csv := "key,name\nevil,\"Evil \x1b]0;pwned\x07name\x1b[2J here\"\n"
	if r := run(t, nil, "import", writeCSV(t, csv), "--db", path); r.code != 0 {
		t.Fatalf("import: %d %s", r.code, r.stderr)
	}
	for _, args := range [][]string{{"list"}, {"list", "--json"}, {"history", "--kpi", "evil"}} {
		r := run(t, nil, append(args, "--db", path)...)
		if strings.ContainsAny(r.stdout, "\x1b\x07") || !strings.Contains(r.stdout, "Evil") {
			t.Errorf("kpi %s printed %q", strings.Join(args, " "), r.stdout)
		}
	}
}

// Columns left out default as a new KPI in the app's editor: a weekly, lagging
// health metric going up, aggregated by its latest value.
func TestImportedKPIDefaultsMatchTheEditor(t *testing.T) {
	path := demoFile(t)
	if r := run(t, nil, "import", writeCSV(t, "key,name\nnew_one,New one\n"), "--db", path); r.code != 0 {
		t.Fatalf("import: %d %s", r.code, r.stderr)
	}
	k := rowOf(t, listJSON(t, path, ""), "new_one")
	if k.Tier != "health" || k.Aggregate != "last" || k.Direction != "up" || k.Cadence != "weekly" || k.Kind != "quantitative" || k.Indicator != "lagging" {
		t.Errorf("defaults: %+v", k)
	}
}

// Redefining a KPI changes only the columns the CSV has.
func TestImportRedefinesOnlyTheListedColumns(t *testing.T) {
	path := demoFile(t)
	before := rowOf(t, listJSON(t, path, ""), "mrr")
	if r := run(t, nil, "import", writeCSV(t, "key,name,owner\nmrr,Revenue (monthly),zoe\n"), "--db", path); r.code != 0 {
		t.Fatalf("import: %d %s", r.code, r.stderr)
	}
	after := rowOf(t, listJSON(t, path, ""), "mrr")
	if after.Name != "Revenue (monthly)" || after.Owner != "zoe" {
		t.Errorf("the listed columns were not applied: %+v", after)
	}
	if after.Tier != before.Tier || after.Aggregate != before.Aggregate || after.Unit != before.Unit ||
		after.Objective != before.Objective || after.TargetText != before.TargetText || after.OMTM != before.OMTM {
		t.Errorf("columns the CSV did not have changed:\nbefore %+v\nafter  %+v", before, after)
	}
}
