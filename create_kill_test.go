package main

import (
	"database/sql"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestKilledDemoLeavesNoHalfFile is case 6 of issue 15 with the real binary: a
// `kpi demo` killed while it builds leaves either nothing at its path or a
// complete file, never one with the schema and no data; and a second `kpi demo`
// on the same path then succeeds despite what the first left behind.
func TestKilledDemoLeavesNoHalfFile(t *testing.T) {
	if testing.Short() {
		t.Skip("process test skipped in -short mode")
	}
	// Kill points, each seen in the folder: the first file the run makes, and
	// the journal of its big import transaction (the data half written).
	points := map[string]func(name string) bool{
		"first file":     func(name string) bool { return strings.HasPrefix(name, ".team.db.creating-") || name == "team.db" },
		"import journal": func(name string) bool { return strings.HasSuffix(name, "-journal") },
	}
	for point, seen := range points {
		t.Run(point, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "team.db")
			cmd := exec.Command(kpiBin, "demo", "--db", path, "--no-open", "--kpis", "400")
			cmd.Env = []string{"HOME=" + t.TempDir(), "PATH=" + os.Getenv("PATH"), "KPI_USER=tester", "KPI_NOW=2026-11-19"}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			finished := false
		poll: // until the point is seen in the folder, or the demo finished first
			for {
				select {
				case <-done:
					finished = true
					break poll
				default:
				}
				if folderHas(t, dir, seen) {
					cmd.Process.Kill()
					<-done
					break
				}
				time.Sleep(500 * time.Microsecond)
			}
			if finished {
				t.Fatal("the demo finished before the kill point was seen; nothing was tested")
			}
			if _, err := os.Lstat(path); err == nil {
				assertCompleteDemo(t, path)
			}
			if code, _, e := kpi(t, []string{"KPI_NOW=2026-11-19"}, "demo", "--db", filepath.Join(dir, "again.db"), "--no-open"); code != 0 {
				t.Fatalf("a demo beside the leftovers: %d %s", code, e)
			}
			if _, err := os.Lstat(path); err != nil {
				if code, _, e := kpi(t, []string{"KPI_NOW=2026-11-19"}, "demo", "--db", path, "--no-open"); code != 0 {
					t.Fatalf("retrying the killed demo: %d %s", code, e)
				}
			}
			assertCompleteDemo(t, path)
		})
	}
}

// folderHas reports whether any name in dir satisfies seen.
func folderHas(t *testing.T, dir string, seen func(string) bool) bool {
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if seen(e.Name()) {
			return true
		}
	}
	return false
}

// assertCompleteDemo checks that the file at path holds a whole demo: KPIs and
// values, not just the schema and settings.
func assertCompleteDemo(t *testing.T, path string) {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var kpis, values int
	if err := db.QueryRow("SELECT (SELECT count(*) FROM kpis), (SELECT count(*) FROM kpi_values)").Scan(&kpis, &values); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if kpis == 0 || values == 0 {
		t.Errorf("%s is a half-made demo: %d KPIs, %d values", path, kpis, values)
	}
}
