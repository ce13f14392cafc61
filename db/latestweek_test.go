package db

import (
	"database/sql"
	"fmt"
	"testing"

	"kpi/model"
)

// TestLatestValueWeekPassesOverOddWeekTexts: week texts another tool wrote
// that sort apart from the rest do not hide the newest good week: a look-alike
// (" 2026-W09", read as 2026-W09) counts, a text that is no week
// ("2026-W08x", which sorts above every canonical 2026-W08) does not, and a
// text above the bound is left out.
func TestLatestValueWeekPassesOverOddWeekTexts(t *testing.T) {
	st, _, _ := readCacheTeam(t) // values in 2026-W01..W10
	raw, err := sql.Open("sqlite", st.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	k, _ := cachedKPIByKey(t, st, "a")
	for _, q := range []string{
		"PRAGMA ignore_check_constraints = ON",
		"DELETE FROM kpi_values WHERE week IN ('2026-W09', '2026-W10')",
		fmt.Sprintf("INSERT INTO kpi_values (kpi_id, week, number) VALUES (%d, ' 2026-W09', 1), (%d, '2026-W08x', 2), (%d, '2026-W30', 3)", k.ID, k.ID, k.ID),
	} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	got, ok, err := st.LatestValueWeek(t.Context(), model.MustWeek("2026-W20"))
	if err != nil || !ok || got != model.MustWeek("2026-W09") {
		t.Errorf("LatestValueWeek(2026-W20) = %s %v %v, want 2026-W09 (the look-alike)", got, ok, err)
	}
	got, ok, err = st.LatestValueWeek(t.Context(), model.MustWeek("2026-W08"))
	if err != nil || !ok || got != model.MustWeek("2026-W08") {
		t.Errorf("LatestValueWeek(2026-W08) = %s %v %v, want 2026-W08", got, ok, err)
	}
}
