package db

import (
	"fmt"
	"sync"
	"testing"
	"unsafe"

	"modernc.org/libc"
	sqlite3 "modernc.org/sqlite/lib"

	"kpi/model"
)

// TestSQLiteUsesKpisMutexes: SQLite hands out the mutexes installMutexes
// installed (its static main mutex is ours), not the libc ones.
func TestSQLiteUsesKpisMutexes(t *testing.T) {
	st := newStore(t)
	if _, err := st.KPIs(); err != nil { // SQLite is initialised by now
		t.Fatal(err)
	}
	tls := libc.NewTLS()
	defer tls.Close()
	got := sqlite3.Xsqlite3_mutex_alloc(tls, sqlite3.SQLITE_MUTEX_STATIC_MAIN)
	if want := uintptr(unsafe.Pointer(&staticMutexes[sqlite3.SQLITE_MUTEX_STATIC_MAIN])); !installed || got != want {
		t.Fatalf("SQLite's main mutex is at %#x, kpi's at %#x (installed: %v)", got, want, installed)
	}
}

// TestSQLiteMutexesUnderConcurrentStores: stores on one file, each on its own
// goroutine, write and read at once; every write lands and every read sees
// whole rows.
func TestSQLiteMutexesUnderConcurrentStores(t *testing.T) {
	first := newStore(t)
	path := first.Path()
	k := mustKPI(t, first, sampleKPI("mrr"))
	const writers, weeks = 4, 15
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for i := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			st, err := Open(path, testOptions(fmt.Sprint("w", i)))
			if err != nil {
				errs <- err
				return
			}
			defer st.Close()
			for j := range weeks {
				w := model.MustWeek("2026-W01").Add(i*weeks + j)
				if _, err := st.SaveValue(model.Value{KPIID: k.ID, Week: w, Number: float64(j), HasNumber: true}); err != nil {
					errs <- err
					return
				}
				if _, err := st.Values(model.Week{}, model.Week{}); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	vals, err := first.Values(model.Week{}, model.Week{})
	if err != nil || len(vals) != writers*weeks {
		t.Fatalf("%d values after %d writes (%v)", len(vals), writers*weeks, err)
	}
}

// TestConnectionMutexIsThePlaceholder: once SQLite has initialised, the
// recursive mutex a connection gets is connMutex (entering it from two
// threads at once does not wait), while the static and fast mutexes stay
// real ones (a second thread cannot take a held one).
func TestConnectionMutexIsThePlaceholder(t *testing.T) {
	if _, err := newStore(t).KPIs(); err != nil {
		t.Fatal(err)
	}
	a, b := libc.NewTLS(), libc.NewTLS()
	defer a.Close()
	defer b.Close()
	rec := sqlite3.Xsqlite3_mutex_alloc(a, sqlite3.SQLITE_MUTEX_RECURSIVE)
	if !initialised.Load() || !isConnMutex(rec) {
		t.Fatalf("a recursive mutex is at %#x, not the placeholder (initialised: %v)", rec, initialised.Load())
	}
	sqlite3.Xsqlite3_mutex_enter(a, rec)
	if sqlite3.Xsqlite3_mutex_try(b, rec) != sqlite3.SQLITE_OK {
		t.Error("the placeholder was held")
	}
	sqlite3.Xsqlite3_mutex_leave(b, rec)
	sqlite3.Xsqlite3_mutex_leave(a, rec)
	sqlite3.Xsqlite3_mutex_free(a, rec)

	fast := sqlite3.Xsqlite3_mutex_alloc(a, sqlite3.SQLITE_MUTEX_FAST)
	defer sqlite3.Xsqlite3_mutex_free(a, fast)
	sqlite3.Xsqlite3_mutex_enter(a, fast)
	if sqlite3.Xsqlite3_mutex_try(b, fast) != sqlite3.SQLITE_BUSY {
		t.Error("a fast mutex held by one thread was taken by another")
	}
	sqlite3.Xsqlite3_mutex_leave(a, fast)
}
