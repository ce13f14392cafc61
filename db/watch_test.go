package db

import (
	"database/sql"
	"testing"
)

// TestGenerationMovesOnEveryCommit: a write through kpi, and a write by another
// tool straight through SQL (no change-log row), both move Generation, and a
// read does not.
func TestGenerationMovesOnEveryCommit(t *testing.T) {
	fileOnly(t)
	st := newStore(t)
	path := st.Path()
	k := mustKPI(t, st, sampleKPI("mrr"))
	g0, err := st.Generation()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Settings(); err != nil {
		t.Fatal(err)
	}
	if g, _ := st.Generation(); g != g0 {
		t.Fatalf("a read moved the generation from %d to %d", g0, g)
	}
	other := reopen(t, st, "ben")
	if _, err := other.PutValue(numValue(k.ID, "2026-W47", 1)); err != nil {
		t.Fatal(err)
	}
	g1, _ := st.Generation()
	if g1 == g0 {
		t.Fatal("another store's write did not move the generation")
	}
	raw, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.Exec("UPDATE kpi_values SET note = 'by a script'"); err != nil {
		t.Fatal(err)
	}
	if g2, _ := st.Generation(); g2 == g1 {
		t.Error("a write straight through SQL did not move the generation")
	}
	changes, err := st.Changes(ChangeFilter{AfterID: 0, Limit: 1})
	if err != nil || len(changes) != 1 {
		t.Fatalf("newest change: %v %v", changes, err)
	}
	if after, _ := st.Changes(ChangeFilter{AfterID: changes[0].ID}); len(after) != 0 {
		t.Errorf("AfterID the newest id still returned %d rows", len(after))
	}
}
