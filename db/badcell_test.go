package db

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"kpi/model"
)

// valueAt is the value of kpi in week w among vals.
func valueAt(vals []model.Value, kpi int64, w string) (model.Value, int) {
	var found model.Value
	n := 0
	for _, v := range vals {
		if v.KPIID == kpi && v.Week == model.MustWeek(w) {
			found, n = v, n+1
		}
	}
	return found, n
}

func TestABadNumberSpoilsThatValueOnly(t *testing.T) {
	fileOnly(t)
	for _, tt := range []struct{ name, number, want string }{
		{"text", "'abc'", "is text"},
		{"infinity", "9e999", "not a finite"},
		{"minus infinity", "-9e999", "not a finite"},
		{"huge", "1.7e308", "beyond"},
		{"beyond 1e15", "2e15", "beyond"},
		{"blob", "X'00FF'", "not a number"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s, mrr := populated(t)
			plantSQL(t, s.Path(), fmt.Sprintf("UPDATE kpi_values SET number = %s WHERE kpi_id = %d AND week = '2026-W46'", tt.number, mrr.ID))
			got := readEverything(t, s, mrr) // no read fails
			vals := got["Values(all)"].([]model.Value)
			bad, _ := valueAt(vals, mrr.ID, "2026-W46")
			if !strings.Contains(bad.Bad, tt.want) || bad.HasNumber || bad.Number != 0 {
				t.Errorf("bad value = %+v, want Bad saying %q and no number", bad, tt.want)
			}
			if good, _ := valueAt(vals, mrr.ID, "2026-W47"); good.Bad != "" || !good.HasNumber || good.Number != 102 {
				t.Errorf("the next week's value = %+v, want 102 untouched", good)
			}
			cached, _ := valueAt(got["Values(cached)"].([]model.Value), mrr.ID, "2026-W46")
			if cached.Bad != bad.Bad {
				t.Errorf("through the week cache Bad = %q, want %q", cached.Bad, bad.Bad)
			}
			// Shown as bad, judged as bad, and left out of trends.
			k := got["KPI"].(model.KPI)
			ser := model.SortSeries(vals)
			if st := model.StatusOf(k, bad.Week, bad, true); st != model.BadValue {
				t.Errorf("status of the bad value = %q, want %q", st, model.BadValue)
			}
			if txt := model.ValueText(k, bad); txt != "⚠ bad value" {
				t.Errorf("value text %q, want ⚠ bad value", txt)
			}
			if sl, ok := model.Slope(ser); !ok || sl != 2.0/2 {
				t.Errorf("slope over 100, bad, 102 = %v %v, want 1 (the bad week left out)", sl, ok)
			}
		})
	}
}

func TestPutValueOverABadValueReplacesIt(t *testing.T) {
	fileOnly(t)
	s, mrr := populated(t)
	plantSQL(t, s.Path(), fmt.Sprintf("UPDATE kpi_values SET number = 'abc' WHERE kpi_id = %d AND week = '2026-W46'", mrr.ID))
	v, err := s.PutValue(numValue(mrr.ID, "2026-W46", 7))
	if err != nil || v.Bad != "" || v.Number != 7 {
		t.Fatalf("PutValue over a bad value = %+v, %v", v, err)
	}
	cs, err := s.Changes(ChangeFilter{Entity: "value", EntityID: v.ID, Limit: 1})
	if err != nil || len(cs) != 1 || !strings.Contains(cs[0].Summary, "bad value → $7") {
		t.Errorf("the change log should say the bad value was replaced: %+v %v", cs, err)
	}
}

func TestBadDefinitionCellsFallBackAndAreNamed(t *testing.T) {
	fileOnly(t)
	for _, tt := range []struct {
		name, set string
		check     func(model.KPI) bool
		want      string
	}{
		{"negative decimals", "decimals = -3", func(k model.KPI) bool { return k.Decimals == fallbackDecimals }, "decimals"},
		{"text decimals", "decimals = 'two'", func(k model.KPI) bool { return k.Decimals == fallbackDecimals }, "decimals"},
		{"text tolerance", "tolerance_amount = 'x'", func(k model.KPI) bool { return k.Tolerance.Amount == 5 }, "tolerance_amount"},
		{"negative tolerance", "tolerance_amount = -4", func(k model.KPI) bool { return k.Tolerance.Amount == 5 }, "tolerance_amount"},
		{"infinite tolerance", "tolerance_amount = 9e999", func(k model.KPI) bool { return k.Tolerance.Amount == 5 }, "tolerance_amount"},
		{"unknown direction", "direction = 'sideways'", func(k model.KPI) bool { return k.Direction == model.Up }, "direction"},
		{"text archived", "archived = 'yes'", func(k model.KPI) bool { return !k.Archived }, "archived"},
		{"text version", "version = 'v2'", func(k model.KPI) bool { return k.Version == 0 }, "version"},
		{"bad time", "definition_reviewed = 'last tuesday'", func(k model.KPI) bool { return k.DefinitionReviewed.IsZero() }, "definition_reviewed"},
		{"blob name", "name = X'1b5b33316d41'", func(k model.KPI) bool { return k.Name == "A" }, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s, mrr := populated(t)
			plantSQL(t, s.Path(), fmt.Sprintf("UPDATE kpis SET %s WHERE id = %d", tt.set, mrr.ID))
			got := readEverything(t, s, mrr)
			k := got["KPI"].(model.KPI)
			if !tt.check(k) || !strings.Contains(k.Bad, tt.want) {
				t.Errorf("KPI = %+v\nwant the stand-in and Bad naming %q", k, tt.want)
			}
			if tt.want == "" && k.Bad != "" {
				t.Errorf("a blob of printable text is not bad: %q", k.Bad)
			}
			if v, _ := valueAt(got["Values(all)"].([]model.Value), mrr.ID, "2026-W47"); v.Number != 102 {
				t.Errorf("the KPI's values should still read: %+v", v)
			}
		})
	}
}

func TestNegativeDecimalsNoLongerHideAFraction(t *testing.T) {
	fileOnly(t)
	s, mrr := populated(t)
	plantSQL(t, s.Path(), fmt.Sprintf("UPDATE kpis SET decimals = -1, unit = '%%' WHERE id = %d", mrr.ID),
		fmt.Sprintf("UPDATE kpi_values SET number = 0.34 WHERE kpi_id = %d AND week = '2026-W47'", mrr.ID))
	k, err := s.KPI(mrr.ID)
	if err != nil {
		t.Fatal(err)
	}
	v, _, _ := s.Value(mrr.ID, model.MustWeek("2026-W47"))
	if got := model.ValueText(k, v); got != "0.34%" {
		t.Errorf("0.34 with decimals -1 shows as %q, want 0.34%%", got)
	}
}

func TestABadTargetRowSpoilsThatPointOnly(t *testing.T) {
	fileOnly(t)
	for _, tt := range []struct{ name, stmt string }{
		{"week zzz", "INSERT INTO kpi_targets (kpi_id, week, value) VALUES (%d, 'zzz', 150)"},
		{"text value", "INSERT INTO kpi_targets (kpi_id, week, value) VALUES (%d, '2026-W30', 'lots')"},
		{"infinite value", "INSERT INTO kpi_targets (kpi_id, week, value) VALUES (%d, '2026-W30', 9e999)"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s, mrr := populated(t)
			plantSQL(t, s.Path(), fmt.Sprintf(tt.stmt, mrr.ID))
			got := readEverything(t, s, mrr)
			k := got["KPI"].(model.KPI)
			if len(k.Targets) != 2 || !strings.Contains(k.Bad, "target") {
				t.Errorf("targets %v, bad %q: want the two good points and the bad one named", k.Targets, k.Bad)
			}
			// The KPI can still be saved (the bad point is left out of the path).
			if _, err := s.UpdateKPI(k); err != nil {
				t.Errorf("UpdateKPI after a bad target row: %v", err)
			}
		})
	}
}

func TestATemplateThatIsNotAListReadsAsTheDefaultAgenda(t *testing.T) {
	fileOnly(t)
	s, mrr := populated(t)
	plantSQL(t, s.Path(), `UPDATE settings SET checklist_template = '{"text": "not a list"}'`)
	got := readEverything(t, s, mrr)
	st := got["Settings"].(model.Settings)
	if len(st.Checklist) != len(model.DefaultChecklist()) || !strings.Contains(st.Bad, "checklist_template") {
		t.Errorf("settings = %+v, want the default agenda and Bad naming the template", st)
	}
	if _, err := s.StartReview(model.MustWeek("2026-W48")); err != nil {
		t.Errorf("a review starts with the default agenda: %v", err)
	}
	plantSQL(t, s.Path(), `UPDATE settings SET checklist_template = '[{"text": "ok", "timebox_minutes": 5}, {"text": 7}, "x"]'`)
	st, err := s.Settings()
	if err != nil || len(st.Checklist) != 1 || st.Checklist[0].Text != "ok" || !strings.Contains(st.Bad, "item 2") {
		t.Errorf("a template with two bad items = %+v, %v; want the good one kept and both named", st, err)
	}
}

func TestWeeksWrittenAnotherWayReadAsOneCanonicalWeek(t *testing.T) {
	fileOnly(t)
	s, mrr := populated(t)
	plantSQL(t, s.Path(),
		fmt.Sprintf("INSERT INTO kpi_values (kpi_id, week, number) VALUES (%d, '2026-w47', 999)", mrr.ID),
		fmt.Sprintf("INSERT INTO kpi_values (kpi_id, week, number) VALUES (%d, '2026-W47 ', 998)", mrr.ID),
		fmt.Sprintf("INSERT INTO kpi_values (kpi_id, week, number) VALUES (%d, ' 2026-W44', 44)", mrr.ID),
		fmt.Sprintf("INSERT INTO kpi_values (kpi_id, week, number) VALUES (%d, 'zzz', 1)", mrr.ID),
		"UPDATE reviews SET week = '2026-w47'")
	got := readEverything(t, s, mrr)
	for _, name := range []string{"Values(all)", "ValuesOf", "Values(window)", "Values(cached)"} {
		vals := got[name].([]model.Value)
		if v, n := valueAt(vals, mrr.ID, "2026-W47"); n != 1 || v.Number != 102 {
			t.Errorf("%s: %d values for 2026-W47 (%+v), want the canonical 102 only", name, n, v)
		}
		if strings.HasPrefix(name, "Values(all)") || name == "ValuesOf" {
			if v, n := valueAt(vals, mrr.ID, "2026-W44"); n != 1 || v.Number != 44 {
				t.Errorf("%s: ' 2026-W44' alone should read as 2026-W44: %d %+v", name, n, v)
			}
		}
		for _, v := range vals {
			if v.Week.IsZero() {
				t.Errorf("%s: a value without a week was returned: %+v", name, v)
			}
		}
	}
	if r := got["Review"].(model.Review); r.ID == 0 {
		t.Errorf("the review written as 2026-w47 is not found by its week")
	}
	// The export has one value per KPI and week, so it imports into a new file.
	ds := got["Export"].(model.Dataset)
	fresh, err := Create(t.TempDir()+"/restored.kpi", testOptions("ana"), model.DefaultSettings("x"))
	if err != nil {
		t.Fatal(err)
	}
	defer fresh.Close()
	if err := fresh.ImportDataset(ds); err != nil {
		t.Errorf("the export of a file with look-alike weeks does not import: %v", err)
	}
}

func TestFutureHeartbeatsAreStale(t *testing.T) {
	fileOnly(t)
	s, mrr := populated(t)
	// presence lives in files beside the team file (sessions.go): another tool,
	// or a machine with its clock a year ahead, wrote these
	future := testNow.Add(365 * 24 * time.Hour).Format(time.RFC3339)
	near := testNow.Add(time.Minute).Format(time.RFC3339)
	dir := sessionsDir(s.Path())
	if err := os.MkdirAll(dir, 0o777); err != nil {
		t.Fatal(err)
	}
	for id, body := range map[int]string{
		11: `{"id":11,"user":"eve","host":"far","pid":1,"started_at":"` + future + `","heartbeat":"` + future + `"}`,
		12: `{"id":12,"user":"bo","host":"skew","pid":1,"started_at":"` + near + `","heartbeat":"` + near + `"}`,
	} {
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%d.json", id)), []byte(body), 0o666); err != nil {
			t.Fatal(err)
		}
	}
	ses := readEverything(t, s, mrr)["Sessions"].([]model.Session)
	seen := 0
	for _, se := range ses {
		switch se.User {
		case "eve":
			seen++
			if !se.Heartbeat.IsZero() {
				t.Errorf("a heartbeat a year ahead reads as %v, want none (stale)", se.Heartbeat)
			}
		case "bo":
			seen++
			if se.Heartbeat.IsZero() {
				t.Errorf("a minute of clock skew is not a bad heartbeat")
			}
		}
	}
	if seen != 2 {
		t.Fatalf("sessions = %+v, want eve's and bo's among them", ses)
	}
	if names := s.otherSessions(t.Context()); strings.Contains(strings.Join(names, ","), "eve") {
		t.Errorf("eve is shown as here: %v", names)
	}
	// The next app to register clears it like any stale session.
	if _, err := s.RegisterSession(7); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "11.json")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("eve's session is still there after a register: %v", err)
	}
}

func TestBadCellsInReviewsActionsObjectivesAndSessionsDoNotFailReads(t *testing.T) {
	fileOnly(t)
	s, mrr := populated(t)
	plantSQL(t, s.Path(),
		"UPDATE reviews SET attendees = '{\"not\": \"a list\"}', rating = 'great', started_at = 'x'",
		"UPDATE checklist_items SET timebox_minutes = 'long', done = 2, position = X'00'",
		"UPDATE action_items SET due = 'soon', created_week = '', done = 'no'",
		"UPDATE objectives SET start_week = 'zzz', state = 'paused', archived = 'x'",
		"UPDATE sessions SET pid = 'abc', started_at = 7",
		fmt.Sprintf("UPDATE kpi_values SET entered_at = 'x', version = 'y', kpi_id = 'z' WHERE week = '2026-W45' AND kpi_id = %d", mrr.ID),
		fmt.Sprintf("UPDATE kpi_values SET status = 'purple' WHERE week = '2026-W47' AND kpi_id = %d", mrr.ID))
	got := readEverything(t, s, mrr)
	if as := got["ActionItems"].([]model.ActionItem); len(as) != 1 || as[0].OpenWeeks(model.MustWeek("2026-W47")) != 0 {
		t.Errorf("the action item without a created week: %+v, want it read, open 0 weeks", as)
	}
	if v, _ := valueAt(got["Values(all)"].([]model.Value), mrr.ID, "2026-W47"); !strings.Contains(v.Bad, "status") {
		t.Errorf("an unknown status should make the value bad: %+v", v)
	}
	if _, n := valueAt(got["Values(all)"].([]model.Value), mrr.ID, "2026-W45"); n != 0 {
		t.Errorf("a value whose KPI id is text cannot be placed and is left out of reads")
	}
}

// TestBadTagRowsAreSkipped: a kpi_tags row whose KPI id is text, or whose tag
// is not a tag, is left out; the KPIs and their good tags still read.
func TestBadTagRowsAreSkipped(t *testing.T) {
	fileOnly(t)
	s, mrr := populated(t)
	mrr.Tags = []string{"revenue"}
	if _, err := s.UpdateKPI(mrr); err != nil {
		t.Fatal(err)
	}
	plantSQL(t, s.Path(),
		"INSERT INTO kpi_tags (kpi_id, tag) VALUES ('abc', 'store')",
		fmt.Sprintf("INSERT INTO kpi_tags (kpi_id, tag) VALUES (%d, 'x\x1b]0;evil\x07')", mrr.ID),
		fmt.Sprintf("INSERT INTO kpi_tags (kpi_id, tag) VALUES (%d, X'00ff')", mrr.ID))
	ks, err := s.KPIs()
	if err != nil {
		t.Fatalf("KPIs with bad tag rows: %v", err)
	}
	for _, k := range ks {
		if k.ID == mrr.ID && !slices.Equal(k.Tags, []string{"revenue"}) {
			t.Errorf("mrr's tags = %q, want only its good tag", k.Tags)
		}
	}
	if k, err := s.KPI(mrr.ID); err != nil || !slices.Equal(k.Tags, []string{"revenue"}) {
		t.Errorf("KPI(mrr) = %q, %v", k.Tags, err)
	}
}
