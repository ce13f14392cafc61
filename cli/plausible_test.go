package cli

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// TestSetRefusesImplausibleValuesUnlessForced is issue 17's "must hold": on
// the demo, `kpi set mrr 12k` exits non-zero, says why with a hint, and leaves
// the file as it was; with --force it saves. A value in another unit (€ on a
// $ KPI, % on a plain one) or a fraction for a percentage is refused too, and
// a value typed the way it is shown ("204 ms") saves.
func TestSetRefusesImplausibleValuesUnlessForced(t *testing.T) {
	path := demoFile(t)
	before := sha(t, path)
	for _, c := range []struct{ key, value, says string }{
		{"mrr", "12k", "12k is 34× below the last 8 weeks' median"},
		{"cac", "€1,200", "typed in € but cac is in $"},
		{"nps", "45%", "typed in % but nps is a plain number"},
		{"trial_conversion", "0.157", "stores the percentage"},
	} {
		r := run(t, nil, "set", c.key, c.value, "--week", "2026-W47", "--db", path)
		lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
		if r.code != ExitError || !strings.Contains(r.stderr, c.says) || !strings.Contains(r.stderr, "use --force to keep "+c.value) || len(lines) != 1 {
			t.Errorf("set %s %s: exit %d, stderr %q; want 1 and one line saying %q and how to force it", c.key, c.value, r.code, r.stderr, c.says)
		}
	}
	if sha(t, path) != before {
		t.Fatal("a refused value changed the file")
	}
	if r := run(t, nil, "set", "mrr", "12k", "--force", "--week", "2026-W47", "--db", path); r.code != 0 {
		t.Fatalf("set mrr 12k --force: exit %d %s", r.code, r.stderr)
	}
	if v := rowOf(t, listJSON(t, path, "2026-W47"), "mrr").Value; v == nil || *v != 12000 {
		t.Errorf("after --force mrr is %v, want 12000", v)
	}
	r := run(t, nil, "set", "p95_latency", "204 ms", "--week", "2026-W47", "--db", path)
	if r.code != 0 {
		t.Fatalf("set p95_latency '204 ms': exit %d %s", r.code, r.stderr)
	}
	if v := rowOf(t, listJSON(t, path, "2026-W47"), "p95_latency").Value; v == nil || *v != 204 {
		t.Errorf("p95_latency after '204 ms' is %v", v)
	}
	if r := run(t, nil, "set", "wau", "12.6k users", "--db", path, "--week", "2026-W47"); r.code != 0 {
		t.Errorf("set wau '12.6k users': exit %d %s", r.code, r.stderr)
	}
}

// TestImportIsNotRefusedForPlausibility: history brought in by `kpi import`
// may hold real 10× steps, so a row kpi set would question imports as it is.
func TestImportIsNotRefusedForPlausibility(t *testing.T) {
	path := demoFile(t)
	csv := filepath.Join(t.TempDir(), "history.csv")
	if err := os.WriteFile(csv, []byte("kpi,week,value,note\nmrr,2026-W47,12000,\nnps,2026-W47,45%,\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if r := run(t, nil, "import", csv, "--db", path); r.code != 0 {
		t.Fatalf("import of a 12k mrr row: exit %d %s", r.code, r.stderr)
	}
	if v := rowOf(t, listJSON(t, path, "2026-W47"), "mrr").Value; v == nil || *v != 12000 {
		t.Errorf("after the import mrr is %v, want 12000", v)
	}
}

// TestImportReadsValuesAsKpiShowsThem: a cell written as kpi shows the value,
// with the KPI's unit after the number ("204 ms", "12.6k users", "$1,200"),
// imports as that number, as `kpi set` takes it; a cell in another unit
// ("€900" on a $ KPI, "2 s" on one in ms, "5%" on one in users) refuses the
// file with the KPI, the unit and the lines, and writes nothing.
func TestImportReadsValuesAsKpiShowsThem(t *testing.T) {
	path := demoFile(t)
	dir := t.TempDir()
	shown := filepath.Join(dir, "shown.csv")
	if err := os.WriteFile(shown, []byte("kpi,week,value\np95_latency,2026-W47,204 ms\nwau,2026-W47,12.6k users\nmrr,2026-W47,\"$1,200\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if r := run(t, nil, "import", shown, "--db", path); r.code != 0 {
		t.Fatalf("import of values as shown: exit %d %s", r.code, r.stderr)
	}
	rows := listJSON(t, path, "2026-W47")
	for key, want := range map[string]float64{"p95_latency": 204, "wau": 12600, "mrr": 1200} {
		if v := rowOf(t, rows, key).Value; v == nil || *v != want {
			t.Errorf("%s after the import is %v, want %v", key, v, want)
		}
	}

	other := filepath.Join(dir, "other.csv")
	if err := os.WriteFile(other, []byte("kpi,week,value\nmrr,2026-W46,€900\nmrr,2026-W45,€800\np95_latency,2026-W46,2 s\nwau,2026-W46,5%\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	before := listJSON(t, path, "2026-W46")
	r := run(t, nil, "import", other, "--db", path)
	if r.code == 0 {
		t.Fatalf("values in another unit imported: %s", r.stdout)
	}
	for _, want := range []string{
		"mrr is in $ but values are written in € (nothing is converted): 2 rows (lines 2, 3)",
		"p95_latency is in ms but values are written in s",
		"wau is in users but values are written in %",
		"nothing was imported",
	} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
	if after := listJSON(t, path, "2026-W46"); !reflect.DeepEqual(after, before) {
		t.Errorf("a refused import changed the file")
	}
}
