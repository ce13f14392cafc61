package db

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestVerifiedCacheTrustsOnlyUnchangedFiles: a file that passed quick_check is
// not checked again while its stamp (change counter, size, time) is the same;
// any write moves the stamp and the next open checks again.
func TestVerifiedCacheTrustsOnlyUnchangedFiles(t *testing.T) {
	fileOnly(t)
	s := newStore(t)
	for i := range 200 {
		mustKPI(t, s, sampleKPI("k"+strings.Repeat("x", i%7)+string(rune('a'+i%26))+string(rune('a'+i/26))))
	}
	path := s.Path()
	s.Close()
	cache := filepath.Join(t.TempDir(), "kpi", "verified")
	opt := testOptions("ana")
	opt.VerifiedCache = cache

	st, err := Open(path, opt)
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	if b, err := os.ReadFile(cache); err != nil || !strings.Contains(string(b), path+"\t") {
		t.Fatalf("a checked file was not remembered: %q %v", b, err)
	}

	// damage a page in the middle without touching the header, and put the
	// file's time back: to the cache it is the file it checked
	fi, _ := os.Stat(path)
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteAt([]byte{0xff, 0xff, 0xff, 0xff}, 4096*3); err != nil {
		t.Fatal(err)
	}
	f.Close()
	if err := os.Chtimes(path, fi.ModTime(), fi.ModTime()); err != nil {
		t.Fatal(err)
	}
	if st, err := Open(path, opt); err != nil {
		t.Errorf("an unchanged stamp was checked again: %v", err)
	} else {
		st.Close()
	}
	if _, err := Open(path, testOptions("ana")); err == nil || !strings.Contains(err.Error(), "damaged") {
		t.Fatalf("without the cache the damage is not found (%v): the test does not damage the file", err)
	}
	// the file changed (its time moved): the cache no longer vouches for it
	later := fi.ModTime().Add(time.Minute)
	os.Chtimes(path, later, later)
	if _, err := Open(path, opt); err == nil || !strings.Contains(err.Error(), "damaged") {
		t.Errorf("a changed file was trusted from the cache: %v", err)
	}
}
