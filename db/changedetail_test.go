package db

import (
	"fmt"
	"strings"
	"testing"

	"kpi/model"
)

// fieldsOf is the newest change's fields as "name: old → new" lines.
func fieldsOf(t *testing.T, s *Store, f ChangeFilter) []string {
	t.Helper()
	f.Limit = 1
	cs, err := s.Changes(f)
	if err != nil || len(cs) != 1 {
		t.Fatalf("changes: %v %v", cs, err)
	}
	var out []string
	for _, fc := range cs[0].Fields {
		out = append(out, fc.String())
	}
	return out
}

// A definition change names every field it changed with its old and new
// text, not only the field's name; bookkeeping (version, stamps) is left out.
func TestChangeLogShowsDefinitionFieldsOldToNew(t *testing.T) {
	s := newStore(t)
	k := mustKPI(t, s, sampleKPI("close_rate"))
	o, err := s.CreateObjective(model.Objective{Title: "Grow revenue", Start: model.MustWeek("2026-W01"), End: model.MustWeek("2026-W52"), State: model.ObjectiveActive})
	if err != nil {
		t.Fatal(err)
	}
	k.Formula, k.Owner, k.ObjectiveID = "", "ben", o.ID
	k.Targets = model.TargetPath{{Week: model.MustWeek("2026-W10"), Value: 0.78}}
	if _, err := s.UpdateKPI(k); err != nil {
		t.Fatal(err)
	}
	got := fieldsOf(t, s, ChangeFilter{KPIID: k.ID})
	want := []string{"objective_id: (none) → Grow revenue", "owner: ana → ben", "targets: 2026-W01 100, 2026-W52 200 → 2026-W10 0.78"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("fields of the KPI change:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// A review change shows its notes and rating old → new, and the KPIs marked
// reviewed by their keys, not their ids.
func TestChangeLogShowsReviewFieldsOldToNew(t *testing.T) {
	s := newStore(t)
	mrr, churn := mustKPI(t, s, sampleKPI("mrr")), mustKPI(t, s, sampleKPI("churn"))
	r, err := s.StartReview(model.MustWeek("2026-W47"))
	if err != nil {
		t.Fatal(err)
	}
	r.Notes, r.Rating, r.ReviewedKPIs = "Pipeline looks thin", 7, []int64{mrr.ID}
	if r, err = s.UpdateReview(r); err != nil {
		t.Fatal(err)
	}
	r.ReviewedKPIs = []int64{mrr.ID, churn.ID}
	if _, err := s.UpdateReview(r); err != nil {
		t.Fatal(err)
	}
	if got := fieldsOf(t, s, ChangeFilter{Entity: "review"}); len(got) != 1 || got[0] != "reviewed_kpis: mrr → mrr, churn" {
		t.Errorf("marking churn reviewed shows %q", got)
	}
	cs, _ := s.Changes(ChangeFilter{Entity: "review", Limit: 2})
	var fields []string
	for _, f := range cs[1].Fields {
		fields = append(fields, f.String())
	}
	got := strings.Join(fields, "\n")
	for _, want := range []string{"notes: (none) → Pipeline looks thin", "rating: (none) → 7", "reviewed_kpis: (none) → mrr"} {
		if !strings.Contains(got, want) {
			t.Errorf("review fields lack %q:\n%s", want, got)
		}
	}
}

// A value's note shows in its history, on a new value and when it changes;
// the number is left to the summary ("set mrr for …: 1 → 2").
func TestChangeLogShowsAValuesNote(t *testing.T) {
	s := newStore(t)
	k := mustKPI(t, s, sampleKPI("mrr"))
	v := numValue(k.ID, "2026-W47", 410)
	v.Note = "Thanksgiving push"
	if _, err := s.PutValue(v); err != nil {
		t.Fatal(err)
	}
	if got := fieldsOf(t, s, ChangeFilter{KPIID: k.ID}); len(got) != 1 || got[0] != "note: Thanksgiving push" {
		t.Errorf("a new value's fields = %q, want its note", got)
	}
	v.Number, v.Note = 420, "Thanksgiving push, revised"
	if _, err := s.PutValue(v); err != nil {
		t.Fatal(err)
	}
	if got := fieldsOf(t, s, ChangeFilter{KPIID: k.ID}); len(got) != 1 || got[0] != "note: Thanksgiving push → Thanksgiving push, revised" {
		t.Errorf("a changed value's fields = %q, want the note old → new only", got)
	}
}

// The old and new JSON come from the file like any cell: escapes inside JSON
// strings ("\u001b") are cleaned after decoding, numbers out of range are not
// shown as numbers, malformed JSON gives no fields (the summary stands), and
// nothing panics.
func TestChangeFieldsFromHostileJSONAreClean(t *testing.T) {
	s := newStore(t)
	k := mustKPI(t, s, sampleKPI("mrr"))
	deep := strings.Repeat(`{"a":`, 50) + "1" + strings.Repeat("}", 50)
	plant := []struct{ old, new string }{
		{`{"name":"a"}`, `{"name":"\u001b]52;c;aGk=\u0007evil\u001b[2J","note":"x\u0000y"}`},
		{`{"decimals":1}`, `{"decimals":1e999}`},
		{`{"name":"a"}`, `not json`},
		{`[1,2]`, `{"name":"b"}`},
		{`{"x":1}`, `{"x":` + deep + `}`},
	}
	for _, p := range plant {
		if _, err := s.db.Exec(`INSERT INTO change_log (at, user, host, entity, entity_id, kpi_id, action, summary, old, new)
			VALUES ('2026-11-19T10:00:00Z', 'mallory', 'h', 'kpi', ?, ?, 'update', 'planted', ?, ?)`, k.ID, k.ID, p.old, p.new); err != nil {
			t.Fatal(err)
		}
	}
	cs, err := s.Changes(ChangeFilter{KPIID: k.ID, Limit: len(plant)})
	if err != nil {
		t.Fatal(err)
	}
	shown := map[string][]string{}
	for i, c := range cs {
		p := plant[len(plant)-1-i]
		for _, f := range c.Fields {
			line := f.String()
			shown[p.new] = append(shown[p.new], line)
			if strings.ContainsAny(line, "\x1b\x07\x00") {
				t.Errorf("a field of %s reaches the terminal with a control character: %q", p.new, line)
			}
		}
	}
	if got := strings.Join(shown[plant[0].new], "|"); !strings.Contains(got, "name: a → ") || !strings.Contains(got, "evil") {
		t.Errorf("the cleaned name lost its printable text: %q", got)
	}
	if got := strings.Join(shown[plant[1].new], "|"); got != "decimals: 1 → (not a usable number)" {
		t.Errorf("an out-of-range number shows as %q", got)
	}
	if len(shown["not json"]) != 0 || len(shown[plant[3].new]) != 0 {
		t.Errorf("unreadable JSON gave fields: %v", shown)
	}
	if got := strings.Join(shown[plant[4].new], "|"); !strings.HasPrefix(got, "x: 1 → ") || !strings.Contains(got, "…") {
		t.Errorf("deep nesting shows as %q, want it cut with …", got)
	}
}

// A KPI whose values came with the demo or a JSON import (logged as one batch
// row for the whole file) says so in its history, with the batch's author,
// instead of showing nothing; values with their own rows need no such line.
func TestKPIHistorySaysWhereUnloggedValuesCameFrom(t *testing.T) {
	for _, tc := range []struct {
		name   string
		load   func(*Store, model.Dataset) error
		wanted string
	}{
		{"demo", (*Store).ImportDemo, "came with the demo"},
		{"import", (*Store).ImportDataset, "came from a JSON import"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newStore(t)
			k := sampleKPI("mrr")
			k.ID = 7
			ds := model.Dataset{Settings: model.DefaultSettings("Growth"), KPIs: []model.KPI{k}}
			for i, w := range []string{"2025-W50", "2026-W01", "2026-W02"} {
				ds.Values = append(ds.Values, numValue(7, w, float64(100+i)))
				ds.Values[i].ID = int64(i + 1)
			}
			if err := tc.load(s, ds); err != nil {
				t.Fatal(err)
			}
			cs, err := s.KPIHistory(7, 50)
			if err != nil {
				t.Fatal(err)
			}
			if len(cs) != 1 || cs[0].ID != 0 || cs[0].User != "ana" ||
				cs[0].Summary != fmt.Sprintf("3 values for 2025-W50 – 2026-W02 %s (logged as one batch)", tc.wanted) {
				t.Fatalf("history of a KPI with only batch values: %+v", cs)
			}
			if _, err := s.PutValue(numValue(7, "2026-W03", 110)); err != nil {
				t.Fatal(err)
			}
			cs, _ = s.KPIHistory(7, 50)
			if len(cs) != 2 || !strings.HasPrefix(cs[1].Summary, "3 values for") {
				t.Errorf("the new value has its own row and the batch line stays last: %+v", cs)
			}
		})
	}
}

// Values no row explains (another tool wrote them) are counted too.
func TestKPIHistoryNamesValuesNoBatchExplains(t *testing.T) {
	s := newStore(t)
	k := mustKPI(t, s, sampleKPI("mrr"))
	if _, err := s.db.Exec(`INSERT INTO kpi_values (kpi_id, week, number, entered_by, entered_at, version, created_at, updated_at, updated_by)
		VALUES (?, '2026-W40', 5, 'x', '2026-10-01T00:00:00Z', 1, '2026-10-01T00:00:00Z', '2026-10-01T00:00:00Z', 'x')`, k.ID); err != nil {
		t.Fatal(err)
	}
	cs, err := s.KPIHistory(k.ID, 50)
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 2 || cs[1].Summary != "1 value for 2026-W40 has no change-log row of its own: another tool wrote it, or it predates the log" {
		t.Errorf("history: %+v", cs)
	}
}
