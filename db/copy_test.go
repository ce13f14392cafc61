package db

import (
	"encoding/json"
	"errors"
	"path/filepath"
	"testing"

	"kpi/model"
)

// TestCopyKeepsEverythingAndRefusesATeam: a team whose settings were saved
// twice (version 3) copies into a new file that exports as it does, and a copy
// into a team that holds data is refused with nothing changed. On the server
// engine (KPI_TEST_ENGINE=postgres) the source is a team on the server.
func TestCopyKeepsEverythingAndRefusesATeam(t *testing.T) {
	s := newStore(t)
	k := mustKPI(t, s, sampleKPI("mrr"))
	if _, err := s.PutValue(numValue(k.ID, "2026-W47", 7)); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"Growth 2", "Growth 3"} {
		st, err := s.Settings()
		if err != nil {
			t.Fatal(err)
		}
		st.TeamName = name
		if _, err := s.UpdateSettings(st); err != nil {
			t.Fatal(err)
		}
	}
	dest := filepath.Join(t.TempDir(), "copy.kpi")
	if err := CopyTeam(s, dest, testOptions("bo")); err != nil {
		t.Fatal(err)
	}
	c, err := Open(dest, testOptions("bo"))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	a, _ := s.Export()
	b, _ := c.Export()
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	if string(ja) != string(jb) || a.Settings.Version != 3 {
		t.Errorf("the copy exports differently (settings v%d, copy v%d)", a.Settings.Version, b.Settings.Version)
	}
	if err := CopyTeam(s, dest, testOptions("bo")); !errors.Is(err, ErrNotEmpty) {
		t.Errorf("a copy into a team with data: %v, want ErrNotEmpty", err)
	}
	if vs, _ := c.ValuesOf(k.ID, model.Week{}, model.Week{}); len(vs) != 1 {
		t.Errorf("the refused copy changed the destination: %d values", len(vs))
	}
}
