package cli

import (
	"strings"
	"testing"
	"time"

	"kpi/db"
	"kpi/model"
)

// addKPI creates a KPI in the file at path, stamped at fixedNow (2026-W47), as
// the app's editor would.
func addKPI(t *testing.T, path string, k model.KPI) model.KPI {
	t.Helper()
	st, err := db.Open(path, db.Options{User: "tester", Now: func() time.Time { return fixedNow }})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	made, err := st.CreateKPI(k)
	if err != nil {
		t.Fatal(err)
	}
	return made
}

// TestDueAndListLeaveWeeksBeforeAKPIsFirstWeekBlank: a KPI created in W47 is
// not due in W40 (`kpi due` does not list it, `kpi list` does not call it
// missing), and is due from W47 on; a value entered for W38 moves its first
// week there, so W40 is missing again.
func TestDueAndListLeaveWeeksBeforeAKPIsFirstWeekBlank(t *testing.T) {
	path := demoFile(t)
	addKPI(t, path, model.KPI{Key: "fresh_kpi", Name: "Fresh", Owner: "ana", Direction: model.Up, Tolerance: model.DefaultTolerance,
		Tier: model.TierHealth, Indicator: model.Lagging, Kind: model.Quantitative, Cadence: model.Weekly, Aggregate: model.AggLast})
	r := run(t, nil, "due", "--db", path, "--week", "2026-W40")
	if r.code != 0 || strings.Contains(r.stdout, "fresh_kpi") {
		t.Errorf("due --week 2026-W40 lists a KPI created in W47 (exit %d):\n%s%s", r.code, r.stdout, r.stderr)
	}
	if row := rowOf(t, listJSON(t, path, "2026-W40"), "fresh_kpi"); row.Due || row.Status == string(model.Missing) {
		t.Errorf("list --week 2026-W40: fresh_kpi due %v status %q; want not due, not missing", row.Due, row.Status)
	}
	if r := run(t, nil, "due", "--db", path, "--week", "2026-W47"); !strings.Contains(r.stdout, "fresh_kpi") {
		t.Errorf("due in its creation week does not list fresh_kpi:\n%s%s", r.stdout, r.stderr)
	}
	if r := run(t, nil, "set", "fresh_kpi", "5", "--week", "2026-W38", "--db", path); r.code != 0 {
		t.Fatalf("set for W38: exit %d %s", r.code, r.stderr)
	}
	if r := run(t, nil, "due", "--db", path, "--week", "2026-W40"); !strings.Contains(r.stdout, "fresh_kpi") {
		t.Errorf("after a W38 value, W40 is not due:\n%s%s", r.stdout, r.stderr)
	}
	if r := run(t, nil, "due", "--db", path, "--week", "2026-W37"); strings.Contains(r.stdout, "fresh_kpi") {
		t.Errorf("W37, before the first value, is due:\n%s", r.stdout)
	}
}
