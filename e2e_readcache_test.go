package main

// End-to-end test of the read cache (db/readcache.go) with the real binary in
// tmux: an app opened and quit leaves its first screen's reads in the user's
// cache folder; a value set from the command line while no app is open shows
// in the next app, which must read the changed file, not the cache; and a
// third app on the unchanged file shows the same screen again.

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestE2EReopenShowsWhatChangedWhileClosed(t *testing.T) {
	db := newDemo(t)
	cache := t.TempDir()
	open := func() *tmuxApp {
		a := startSession(t, appSpec{width: 120, height: 40, db: db, env: []string{"XDG_CACHE_HOME=" + cache}})
		a.waitFor(tabBar, "Monthly recurring revenue")
		return a
	}
	quit := func(a *tmuxApp) {
		a.send("q")
		if code := a.waitExit(); code != 0 {
			t.Fatalf("the app exited with %d", code)
		}
	}
	quit(open())
	kept, _ := filepath.Glob(filepath.Join(cache, "kpi", "reads-*"))
	if len(kept) != 1 {
		t.Fatalf("after one app, the cache folder holds %v, want one read cache", kept)
	}

	if code, _, e := kpi(t, nil, "set", "mrr", "777777", "--force", "--db", db); code != 0 {
		t.Fatalf("kpi set: %d %s", code, e)
	}
	a := open()
	a.waitFor("$777,777")
	quit(a)

	info, err := os.Stat(kept[0])
	if err != nil {
		t.Fatal(err)
	}
	a = open()
	screen := strings.Join(a.waitFor("$777,777"), "\n")
	quit(a)
	if after, err := os.Stat(kept[0]); err != nil || !after.ModTime().Equal(info.ModTime()) {
		t.Errorf("an app on the unchanged file rewrote the read cache (%v)", err)
	}
	if strings.Contains(screen, "$426,232") {
		t.Errorf("the old value shows beside the new one:\n%s", screen)
	}
}
