package db

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"kpi/model"
)

// readCacheTeam is a team file with three KPIs and ten weeks of values, and
// the window the tests read (weeks 3–10).
func readCacheTeam(t *testing.T) (st *Store, from, to model.Week) {
	t.Helper()
	fileOnly(t)
	st = newStore(t)
	for i, key := range []string{"a", "b", "c"} {
		id := mustKPI(t, st, sampleKPI(key)).ID
		for wk := 1; wk <= 10; wk++ {
			if _, err := st.PutValue(numValue(id, fmt.Sprintf("2026-W%02d", wk), float64(100*i+wk))); err != nil {
				t.Fatal(err)
			}
		}
	}
	return st, model.MustWeek("2026-W03"), model.MustWeek("2026-W10")
}

// appStore opens the file as the app does: weeks kept, reads persisted at cache.
func appStore(t *testing.T, path, cache string) *Store {
	t.Helper()
	s, err := Open(path, testOptions("ben"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	s.KeepWeeks(20)
	s.PersistReads(cache)
	return s
}

// firstScreen reads what the app's first screen reads: the KPIs and a window.
func firstScreen(t *testing.T, s *Store, from, to model.Week) ([]model.KPI, []model.Value) {
	t.Helper()
	kpis, err := s.KPIs()
	if err != nil {
		t.Fatal(err)
	}
	vals, err := s.Values(from, to)
	if err != nil {
		t.Fatal(err)
	}
	return kpis, vals
}

// saveAfterFirstScreen is an app that read its first screen, saved the read
// cache and quit; it returns what it read.
func saveAfterFirstScreen(t *testing.T, path, cache string, from, to model.Week) ([]model.KPI, []model.Value) {
	t.Helper()
	s := appStore(t, path, cache)
	kpis, vals := firstScreen(t, s, from, to)
	if err := s.SaveReads(t.Context()); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(cache); err != nil {
		t.Fatalf("SaveReads wrote no read cache: %v", err)
	}
	s.Close()
	return kpis, vals
}

// TestReadCacheServesAnUnchangedFile: the next app on an unchanged file reads
// its first screen from the read cache, and what it reads is what the file
// holds. To tell the cache from the file, the test rewrites the cache with one
// note changed (and the real stamp): the next app shows that note, so it read
// the cache; without the cache file it shows the file's.
func TestReadCacheServesAnUnchangedFile(t *testing.T) {
	st, from, to := readCacheTeam(t)
	cache := filepath.Join(t.TempDir(), "reads")
	wantKPIs, wantVals := saveAfterFirstScreen(t, st.Path(), cache, from, to)

	gotKPIs, gotVals := firstScreen(t, appStore(t, st.Path(), cache), from, to)
	if !reflect.DeepEqual(gotKPIs, wantKPIs) || !reflect.DeepEqual(gotVals, wantVals) {
		t.Fatalf("from the read cache:\n got %v\n     %v\nwant %v\n     %v", gotKPIs, gotVals, wantKPIs, wantVals)
	}

	p, ok := readPersisted(cache)
	if !ok || len(p.Weeks) == 0 || len(p.Weeks[0].Values) == 0 {
		t.Fatalf("the read cache does not decode (%v) or is empty: %+v", ok, p)
	}
	p.Weeks[0].Values[0].Note = "from the cache"
	if err := writePersisted(cache, p); err != nil {
		t.Fatal(err)
	}
	_, vals := firstScreen(t, appStore(t, st.Path(), cache), from, to)
	if !hasNote(vals, "from the cache") {
		t.Fatalf("an app on the unchanged file did not read the read cache: %v", vals)
	}
	os.Remove(cache)
	_, vals = firstScreen(t, appStore(t, st.Path(), cache), from, to)
	if hasNote(vals, "from the cache") {
		t.Fatal("without the cache file the note still shows")
	}
}

func hasNote(vals []model.Value, note string) bool {
	for _, v := range vals {
		if v.Note == note {
			return true
		}
	}
	return false
}

// TestReadCacheNeverServesAChangedFile: after a commit by another kpi, by a
// script through SQL, or a touch of the file (its time moved: a copy put in
// place, pages written by something other than SQLite), the next app reads
// the file, not the cache.
func TestReadCacheNeverServesAChangedFile(t *testing.T) {
	for name, change := range map[string]func(t *testing.T, st *Store){
		"another kpi sets a value": func(t *testing.T, st *Store) {
			k, _ := cachedKPIByKey(t, st, "a")
			if _, err := st.PutValue(numValue(k.ID, "2026-W10", 4242)); err != nil {
				t.Fatal(err)
			}
		},
		"a script changes a number": func(t *testing.T, st *Store) {
			raw, err := sql.Open("sqlite", st.Path())
			if err != nil {
				t.Fatal(err)
			}
			defer raw.Close()
			if _, err := raw.Exec("UPDATE kpi_values SET number = 4242 WHERE week = '2026-W10' AND kpi_id = (SELECT id FROM kpis WHERE key = 'a')"); err != nil {
				t.Fatal(err)
			}
		},
		"the file is touched": func(t *testing.T, st *Store) {
			later := time.Now().Add(time.Hour)
			if err := os.Chtimes(st.Path(), later, later); err != nil {
				t.Fatal(err)
			}
		},
	} {
		t.Run(name, func(t *testing.T) {
			st, from, to := readCacheTeam(t)
			cache := filepath.Join(t.TempDir(), "reads")
			saveAfterFirstScreen(t, st.Path(), cache, from, to)
			p, _ := readPersisted(cache)
			p.Weeks[0].Values[0].Note = "from the cache"
			if err := writePersisted(cache, p); err != nil {
				t.Fatal(err)
			}
			change(t, st)
			app := appStore(t, st.Path(), cache)
			gotKPIs, gotVals := firstScreen(t, app, from, to)
			wantKPIs, wantVals := firstScreen(t, reopen(t, st, "cy"), from, to)
			if hasNote(gotVals, "from the cache") || !reflect.DeepEqual(gotKPIs, wantKPIs) || !reflect.DeepEqual(gotVals, wantVals) {
				t.Fatalf("after the change the app read\n %v\nnot the file's\n %v", gotVals, wantVals)
			}
		})
	}
}

// cachedKPIByKey finds a KPI of st by key.
func cachedKPIByKey(t *testing.T, st *Store, key string) (model.KPI, bool) {
	t.Helper()
	kpis, err := st.KPIs()
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range kpis {
		if k.Key == key {
			return k, true
		}
	}
	t.Fatalf("no KPI %q", key)
	return model.KPI{}, false
}

// TestReadCacheFollowsCommitsAfterTheLoad: an app that started from the cache
// still shows a commit made after it opened (the live refresh's generation
// was read with the stamp), and SaveReads then keeps the new state, not the
// cached one.
func TestReadCacheFollowsCommitsAfterTheLoad(t *testing.T) {
	st, from, to := readCacheTeam(t)
	cache := filepath.Join(t.TempDir(), "reads")
	saveAfterFirstScreen(t, st.Path(), cache, from, to)
	app := appStore(t, st.Path(), cache)
	firstScreen(t, app, from, to)
	k, _ := cachedKPIByKey(t, st, "b")
	if _, err := st.PutValue(numValue(k.ID, "2026-W09", 9999)); err != nil {
		t.Fatal(err)
	}
	_, vals := firstScreen(t, app, from, to)
	if !hasNumber(vals, k.ID, "2026-W09", 9999) {
		t.Fatalf("a commit after the app started from the cache does not show: %v", vals)
	}
	if err := app.SaveReads(t.Context()); err != nil {
		t.Fatal(err)
	}
	_, vals = firstScreen(t, appStore(t, st.Path(), cache), from, to)
	if !hasNumber(vals, k.ID, "2026-W09", 9999) {
		t.Fatalf("the next app does not show the commit: %v", vals)
	}
}

func hasNumber(vals []model.Value, kpi int64, week string, n float64) bool {
	for _, v := range vals {
		if v.KPIID == kpi && v.Week.String() == week && v.Number == n {
			return true
		}
	}
	return false
}

// TestSaveReadsKeepsNothingStale: when the file changed after the app read
// its weeks and before it saved, SaveReads writes nothing.
func TestSaveReadsKeepsNothingStale(t *testing.T) {
	st, from, to := readCacheTeam(t)
	cache := filepath.Join(t.TempDir(), "reads")
	app := appStore(t, st.Path(), cache)
	firstScreen(t, app, from, to)
	k, _ := cachedKPIByKey(t, st, "c")
	if _, err := st.PutValue(numValue(k.ID, "2026-W08", 7)); err != nil {
		t.Fatal(err)
	}
	if err := app.SaveReads(t.Context()); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(cache); err == nil {
		t.Fatal("SaveReads kept weeks read before the file changed")
	}
}

// TestDamagedReadCacheIsIgnored: a cache file cut short, with a flipped byte,
// of garbage, holding a non-finite number or a KPI name with an escape
// sequence, or written by another build of kpi is not used; the app reads the
// file and shows what it holds.
func TestDamagedReadCacheIsIgnored(t *testing.T) {
	st, from, to := readCacheTeam(t)
	dir := t.TempDir()
	good := filepath.Join(dir, "good")
	saveAfterFirstScreen(t, st.Path(), good, from, to)
	b, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	flipped := append([]byte(nil), b...)
	flipped[len(flipped)/2] ^= 0x40
	p, _ := readPersisted(good)
	p.Weeks[0].Values[0].Number = posInf()
	p.Weeks[0].Values[1].Note = "from the cache"
	infinite := filepath.Join(dir, "infinite")
	if err := writePersisted(infinite, p); err != nil {
		t.Fatal(err)
	}
	hostile, _ := readPersisted(good)
	hostile.KPIs[0].Name = "evil\x1b]52;c;aGk=\a"
	if err := writePersisted(filepath.Join(dir, "hostile text"), hostile); err != nil {
		t.Fatal(err)
	}
	other, _ := readPersisted(good)
	other.Head.Binary = "another build"
	other.Weeks[0].Values[1].Note = "from the cache"
	if err := writePersisted(filepath.Join(dir, "another build"), other); err != nil {
		t.Fatal(err)
	}
	wantKPIs, wantVals := firstScreen(t, reopen(t, st, "cy"), from, to)
	for name, content := range map[string][]byte{"cut short": b[:len(b)/2], "a flipped byte": flipped, "garbage": []byte("not a cache")} {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, content, 0o600); err != nil {
			t.Fatal(err)
		}
		if _, ok := readPersisted(path); ok {
			t.Errorf("%s: the read cache decodes", name)
		}
	}
	for _, name := range []string{"cut short", "a flipped byte", "garbage", "infinite", "another build", "hostile text"} {
		gotKPIs, gotVals := firstScreen(t, appStore(t, st.Path(), filepath.Join(dir, name)), from, to)
		if !reflect.DeepEqual(gotKPIs, wantKPIs) || !reflect.DeepEqual(gotVals, wantVals) {
			t.Errorf("%s: the app read %v, not the file's %v", name, gotVals, wantVals)
		}
	}
}

func posInf() float64 { f := 1e308; return f * 10 }

// TestSaveReadsGivesUpWithItsContext: while another program holds the file
// exclusively, SaveReads gives up when its context ends (the app bounds it,
// so a writer cannot keep an app that quit from exiting) and writes nothing;
// once the file is free it saves.
func TestSaveReadsGivesUpWithItsContext(t *testing.T) {
	st, from, to := readCacheTeam(t)
	cache := filepath.Join(t.TempDir(), "reads")
	app := appStore(t, st.Path(), cache)
	firstScreen(t, app, from, to)
	raw, err := sql.Open("sqlite", st.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	conn, err := raw.Conn(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.ExecContext(t.Context(), "BEGIN EXCLUSIVE"); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
	defer cancel()
	if err := app.SaveReads(ctx); err == nil {
		t.Error("SaveReads succeeded while another program held the file exclusively")
	}
	if _, err := os.Stat(cache); err == nil {
		t.Error("SaveReads wrote the cache without reading the file's stamp")
	}
	if _, err := conn.ExecContext(t.Context(), "ROLLBACK"); err != nil {
		t.Fatal(err)
	}
	if err := app.SaveReads(t.Context()); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(cache); err != nil {
		t.Errorf("once the file was free SaveReads wrote nothing: %v", err)
	}
}
