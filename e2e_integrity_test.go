package main

import (
	"database/sql"
	"os"
	"strings"
	"testing"
)

// damageChangeLog overwrites the page type of the change log's root page: a
// page the first screen never reads, damaged without touching the header, the
// way a bad sector or a sync tool copying half a file would. quick_check finds it.
func damageChangeLog(t *testing.T, path string) {
	t.Helper()
	conn, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	var root, pageSize int64
	err = conn.QueryRow("SELECT rootpage FROM sqlite_schema WHERE name = 'change_log'").Scan(&root)
	if err == nil {
		err = conn.QueryRow("PRAGMA page_size").Scan(&pageSize)
	}
	conn.Close()
	if err != nil || root < 2 {
		t.Fatalf("finding the change log's root page: %v (page %d)", err, root)
	}
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteAt([]byte{0xff, 0xff, 0xff, 0xff}, (root-1)*pageSize); err != nil {
		t.Fatal(err)
	}
}

// TestE2EDamagedFileOpensThenTurnsReadOnly: a file checked once and damaged
// after it opens in the app with its KPIs on screen, and within seconds the
// background check turns the app read-only with the reason; nothing is saved.
// `kpi list` prints first and then says the file is damaged (exit 1).
func TestE2EDamagedFileOpensThenTurnsReadOnly(t *testing.T) {
	path := newDemo(t)
	home := t.TempDir()
	if code, _, stderr := kpi(t, []string{"HOME=" + home}, "list", "--db", path); code != 0 {
		t.Fatalf("list before the damage: exit %d %s", code, stderr)
	}
	damageChangeLog(t, path)
	before := hashFile(t, path)

	code, stdout, stderr := kpi(t, []string{"HOME=" + home}, "list", "--db", path)
	if code != 1 || !strings.Contains(stdout, "Monthly recurring revenue") || !strings.Contains(stderr, "is damaged (") ||
		!strings.Contains(stderr, "what was printed above may be wrong") {
		t.Errorf("kpi list on a damaged file: exit %d\nstdout:\n%s\nstderr: %s", code, stdout, stderr)
	}

	a := startApp(t, 120, 40, path)
	a.waitFor("Monthly recurring revenue")
	lines := a.waitFor("READ-ONLY — damaged (")
	if !strings.Contains(strings.Join(lines, "\n"), "Monthly recurring revenue") {
		t.Errorf("the KPIs left the screen when the file turned read-only:\n%s", strings.Join(lines, "\n"))
	}
	a.send("e")
	a.waitFor("Nothing can be saved: damaged")
	a.send("q")
	if code := a.waitExit(); code != 0 {
		t.Fatalf("the app exited %d", code)
	}
	if hashFile(t, path) != before {
		t.Error("the damaged file was written to")
	}
}
