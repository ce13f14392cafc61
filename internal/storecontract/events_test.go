package storecontract

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"kpi/db"
	"kpi/demo"
	"kpi/model"
	"kpi/ui/fakestore"
)

// TestEventsAgree gives both stores the demo team with week events out of
// order, two in one week and one whose text carries a terminal control, and
// checks they return the same events, by week then id, with the text cleaned.
func TestEventsAgree(t *testing.T) {
	ds := demo.Generate(demo.Options{Seed: 1, Now: testNow})
	stamp := model.Stamp{Version: 1, CreatedAt: testNow, UpdatedAt: testNow, UpdatedBy: "tester"}
	ds.Events = []model.Event{
		{ID: 4, Week: w47, Text: "Launch", Stamp: stamp},
		{ID: 2, Week: w47.Add(-6), Text: "Holiday", Stamp: stamp},
		{ID: 3, Week: w47, Text: "Outage \x1b[31mred\x1b[0m", Stamp: stamp},
	}
	fake := fakestore.NewFrom(ds, fakestore.Options{Now: func() time.Time { return testNow }, User: "tester"})
	path := filepath.Join(t.TempDir(), "team.kpi")
	s, err := db.Create(path, dbOptions("tester"), ds.Settings)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.ImportDataset(ds); err != nil {
		t.Fatal(err)
	}
	s.Close()
	file := open(t, path, "tester")
	print := func(es []model.Event, err error) string {
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		for _, e := range es {
			fmt.Fprintf(&b, "%d %s %q v%d\n", e.ID, e.Week, e.Text, e.Version)
		}
		return b.String()
	}
	f, d := print(fake.Events()), print(file.Events())
	if f != d {
		t.Errorf("events differ:\nfake:\n%s\ndb:\n%s", f, d)
	}
	want := fmt.Sprintf("2 %s \"Holiday\" v1\n3 %s \"Outage red\" v1\n4 %s \"Launch\" v1\n", w47.Add(-6), w47, w47)
	if f != want {
		t.Errorf("fake events:\n%s\nwant:\n%s", f, want)
	}
}

// tagsNormalised: a KPI's tags are saved lower-cased, sorted and without
// repeats, read back so, and a tag outside model's rules is refused.
func tagsNormalised(t *testing.T, s subject) {
	k := kpiByKey(t, s, "mrr")
	k.Tags = []string{"Store", "region:north", "store"}
	saved := must(s.UpdateKPI(k))
	want := []string{"region:north", "store"}
	if !slices.Equal(saved.Tags, want) {
		t.Errorf("saved tags %q, want %q", saved.Tags, want)
	}
	if got := must(s.KPI(k.ID)).Tags; !slices.Equal(got, want) {
		t.Errorf("read back tags %q, want %q", got, want)
	}
	saved.Tags = []string{"not a tag!"}
	if _, err := s.UpdateKPI(saved); err == nil || !strings.Contains(err.Error(), "lower-case word") {
		t.Errorf("a bad tag: error %v, want the tag rule", err)
	}
	if got := kpiByKey(t, s, "mrr").Tags; !slices.Equal(got, want) {
		t.Errorf("after the refused save tags are %q, want %q", got, want)
	}
}
