package db

import (
	"database/sql"
	"fmt"
	"reflect"
	"testing"

	"kpi/model"
)

// TestKeptWeeksMatchTheFile: with KeepWeeks, every window Values returns —
// overlapping the last, disjoint, wider than the cache, after weeks were
// evicted — is exactly what a store without the cache reads, in the same order.
// Weeks differ in which KPIs have values, so the merge of cached weeks is
// tested on gaps.
func TestKeptWeeksMatchTheFile(t *testing.T) {
	st := newStore(t)
	var ids []int64
	for _, key := range []string{"a", "b", "c"} {
		ids = append(ids, mustKPI(t, st, sampleKPI(key)).ID)
	}
	for wk := 1; wk <= 30; wk++ {
		for i, id := range ids {
			if (i == 1 && wk%3 == 0) || (i == 2 && wk < 12) {
				continue // b misses every third week; c starts in week 12
			}
			if _, err := st.PutValue(numValue(id, fmt.Sprintf("2026-W%02d", wk), float64(100*i+wk))); err != nil {
				t.Fatal(err)
			}
		}
	}
	plain := reopen(t, st, "ben") // reads the file directly
	st.KeepWeeks(8)
	for _, win := range [][2]int{{5, 10}, {6, 11}, {4, 9}, {1, 3}, {10, 25}, {9, 12}, {11, 16}, {20, 27}, {5, 10}, {28, 30}} {
		from, to := model.MustWeek(fmt.Sprintf("2026-W%02d", win[0])), model.MustWeek(fmt.Sprintf("2026-W%02d", win[1]))
		got, err := st.Values(from, to)
		if err != nil {
			t.Fatal(err)
		}
		want, err := plain.Values(from, to)
		if err != nil {
			t.Fatal(err)
		}
		if len(want) == 0 || !reflect.DeepEqual(got, want) {
			t.Fatalf("weeks %v–%v: kept weeks give %d values, the file %d:\n got %v\nwant %v", from, to, len(got), len(want), got, want)
		}
		if n := len(st.cache.weeks); n > 8 {
			t.Fatalf("the cache holds %d weeks, more than the 8 it may keep", n)
		}
	}
}

// TestKeptWeeksFollowEveryCommit: a kept week is never older than the file. A
// value changed by another kpi, a note changed by a script straight through SQL
// (no change log), and this store's own write each show in the next Values;
// a KPI renamed by another kpi shows in the next KPIs.
func TestKeptWeeksFollowEveryCommit(t *testing.T) {
	fileOnly(t)
	st, k := eightWeeksOfMRR(t)
	st.KeepWeeks(20)
	from, to := model.MustWeek("2026-W40"), model.MustWeek("2026-W47")
	numberOf := func(week string) model.Value {
		t.Helper()
		vals, err := st.Values(from, to)
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range vals {
			if v.Week == model.MustWeek(week) {
				return v
			}
		}
		t.Fatalf("no value for %s", week)
		return model.Value{}
	}
	if v := numberOf("2026-W45"); v.Number != 45 {
		t.Fatalf("W45 = %v before any change", v.Number)
	}
	if _, err := st.KPIs(); err != nil { // now kept too
		t.Fatal(err)
	}

	other := reopen(t, st, "ben")
	v, _, err := other.Value(k.ID, model.MustWeek("2026-W45"))
	if err != nil {
		t.Fatal(err)
	}
	v.Number = 4500
	if _, err := other.PutValue(v); err != nil {
		t.Fatal(err)
	}
	if v := numberOf("2026-W45"); v.Number != 4500 {
		t.Errorf("after another kpi's write W45 = %v, want 4500", v.Number)
	}

	raw, err := sql.Open("sqlite", "file:"+st.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.Exec("UPDATE kpi_values SET note = 'by a script' WHERE week = '2026-W46'"); err != nil {
		t.Fatal(err)
	}
	if v := numberOf("2026-W46"); v.Note != "by a script" {
		t.Errorf("after a script's write W46's note = %q", v.Note)
	}

	own, _, _ := st.Value(k.ID, model.MustWeek("2026-W47"))
	own.Number = 4700
	if _, err := st.PutValue(own); err != nil {
		t.Fatal(err)
	}
	if v := numberOf("2026-W47"); v.Number != 4700 {
		t.Errorf("after this store's own write W47 = %v, want 4700", v.Number)
	}

	renamed := k
	renamed.Name = "Monthly recurring revenue"
	if cur, err := other.KPI(k.ID); err == nil {
		renamed.Version = cur.Version
	}
	if _, err := other.UpdateKPI(renamed); err != nil {
		t.Fatal(err)
	}
	kpis, err := st.KPIs()
	if err != nil || len(kpis) != 1 || kpis[0].Name != "Monthly recurring revenue" {
		t.Errorf("after another kpi renamed it, KPIs = %+v, %v", kpis, err)
	}
}

// TestKeptKPIsAreCopies: changing a KPI (its target path too) that KPIs
// returned does not change what the next call returns.
func TestKeptKPIsAreCopies(t *testing.T) {
	st := newStore(t)
	mustKPI(t, st, sampleKPI("mrr"))
	st.KeepWeeks(4)
	first, err := st.KPIs()
	if err != nil {
		t.Fatal(err)
	}
	first[0].Name, first[0].Targets[0].Value = "changed", -1
	again, err := st.KPIs()
	if err != nil {
		t.Fatal(err)
	}
	if again[0].Name != "KPI mrr" || again[0].Targets[0].Value != 100 {
		t.Errorf("a caller's change reached the kept KPIs: %q, first target %v", again[0].Name, again[0].Targets[0].Value)
	}
}

// TestUnwatchedKeptWeeksOpenNoWatch: a one-shot command's kept weeks
// (KeepWeeksUnwatched) serve overlapping windows from what was read first,
// open no connection to watch the file, and read the weeks not kept.
func TestUnwatchedKeptWeeksOpenNoWatch(t *testing.T) {
	fileOnly(t)
	st, k := eightWeeksOfMRR(t)
	st = reopen(t, st, "ana") // a fresh store, as the command's
	st.KeepWeeksUnwatched(20)
	first, err := st.Values(model.MustWeek("2026-W44"), model.MustWeek("2026-W47"))
	if err != nil || len(first) != 4 {
		t.Fatalf("first read: %d values, %v", len(first), err)
	}
	other := reopen(t, st, "ben")
	for _, week := range []string{"2026-W41", "2026-W45"} {
		v, _, err := other.Value(k.ID, model.MustWeek(week))
		if err != nil {
			t.Fatal(err)
		}
		v.Number *= 100
		if _, err := other.PutValue(v); err != nil {
			t.Fatal(err)
		}
	}
	vals, err := st.Values(model.MustWeek("2026-W40"), model.MustWeek("2026-W47"))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]float64{}
	for _, v := range vals {
		got[v.Week.String()] = v.Number
	}
	if got["2026-W45"] != 45 || got["2026-W41"] != 4100 || len(vals) != 8 {
		t.Errorf("W45 (kept) = %v, want 45; W41 (not kept) = %v, want 4100; %d values", got["2026-W45"], got["2026-W41"], len(vals))
	}
	if st.watch.conn != nil {
		t.Error("an unwatched store opened a connection to watch the file")
	}
}

// eightWeeksOfMRR is a file with one KPI, mrr, and its values 40 to 47 for
// 2026-W40 to W47.
func eightWeeksOfMRR(t *testing.T) (*Store, model.KPI) {
	t.Helper()
	st := newStore(t)
	k := mustKPI(t, st, sampleKPI("mrr"))
	for wk := 40; wk <= 47; wk++ {
		if _, err := st.PutValue(numValue(k.ID, fmt.Sprintf("2026-W%02d", wk), float64(wk))); err != nil {
			t.Fatal(err)
		}
	}
	return st, k
}
