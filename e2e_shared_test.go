package main

// End-to-end tests of the shared-drive promises (issue 7): several apps and tools
// on one file, read-only files, and text that must not drive another user's
// terminal. Each runs the real binary in tmux and polls; none sleeps.

import (
	"crypto/sha256"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// sqlWrite changes the file through SQL with a tool other than kpi: the sqlite3
// shell, or Python's sqlite3 module when the shell is missing.
func sqlWrite(t *testing.T, path, stmt string) {
	t.Helper()
	if sh, err := exec.LookPath("sqlite3"); err == nil {
		if out, err := exec.Command(sh, path, stmt).CombinedOutput(); err != nil {
			t.Fatalf("sqlite3: %v\n%s", err, out)
		}
		return
	}
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("neither the sqlite3 shell nor python3 is installed to write through SQL (CI installs sqlite3)")
	}
	script := "import sqlite3,sys\nc=sqlite3.connect(sys.argv[1])\nc.execute(sys.argv[2])\nc.commit()\n"
	if out, err := exec.Command(py, "-c", script, path, stmt).CombinedOutput(); err != nil {
		t.Fatalf("python3 sqlite3: %v\n%s", err, out)
	}
}

func hashFile(t *testing.T, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

// TestE2ETwoAppsOnOneFile: ana and ben have the file open; each header names the
// other; what cy sets with `kpi set` shows in both with a toast naming cy; what a
// script writes through SQL shows too; and an undo in ana's app reaches ben's.
func TestE2ETwoAppsOnOneFile(t *testing.T) {
	path := newDemo(t)
	week := isoWeek(testToday())
	ana := startAppAs(t, 120, 40, path, "ana")
	ana.waitFor(tabBar)
	ben := startAppAs(t, 120, 40, path, "ben")
	ben.waitFor("also here: ana")
	ana.waitFor("also here: ben")

	if code, _, stderr := kpi(t, []string{"KPI_USER=cy"}, "set", "nps", "77", "--week", week, "--db", path); code != 0 {
		t.Fatalf("kpi set: exit %d: %s", code, stderr)
	}
	ana.waitFor("cy set nps for " + week)
	ben.waitFor("cy set nps for " + week)

	sqlWrite(t, path, "UPDATE kpi_values SET number = 78, version = version + 1 WHERE week = '"+week+
		"' AND kpi_id = (SELECT id FROM kpis WHERE key = 'nps')")
	ben.waitFor("The file was changed outside kpi; reloaded.")

	// ben quits: ana's header stops naming him once his session is gone
	ben.send("q")
	if code := ben.waitExit(); code != 0 {
		t.Fatalf("ben's app exited %d", code)
	}
	ana.waitGone("also here: ben")
}

// TestE2EReadOnlyFileStaysUnchanged: a file made by a newer kpi (and, for a
// non-root user, a chmod 444 file) opens read-only with the reason in the header;
// trying to save or undo says why, and the file's bytes do not change.
func TestE2EReadOnlyFileStaysUnchanged(t *testing.T) {
	newer := newDemo(t)
	sqlWrite(t, newer, "PRAGMA user_version = 999")
	cases := map[string]string{"newer schema": newer}
	if os.Geteuid() != 0 {
		locked := newDemo(t)
		if err := os.Chmod(locked, 0o444); err != nil {
			t.Fatal(err)
		}
		cases["chmod 444"] = locked
	}
	for name, path := range cases {
		t.Run(name, func(t *testing.T) {
			before := hashFile(t, path)
			a := startApp(t, 120, 40, path)
			a.waitFor("READ-ONLY")
			a.send("e")
			a.waitFor("Nothing can be saved")
			a.send("u")
			a.waitFor("Nothing can be undone")
			a.send("q")
			if code := a.waitExit(); code != 0 {
				t.Fatalf("the app exited %d", code)
			}
			if hashFile(t, path) != before {
				t.Error("the read-only file's bytes changed")
			}
			if code, _, stderr := kpi(t, nil, "set", "nps", "50", "--db", path); code == 0 || !strings.Contains(stderr, "nothing was saved") && !strings.Contains(strings.ToLower(stderr), "read-only") {
				t.Errorf("kpi set on a read-only file: exit %d, %q", code, stderr)
			}
			if hashFile(t, path) != before {
				t.Error("kpi set changed the read-only file's bytes")
			}
		})
	}
}

// TestE2EEscapesFromAnotherUserArePlainText: cy imports a KPI whose name holds a
// title-setting OSC and a clear-screen CSI while ana has the file open; ana's app
// draws the name as plain text (the pane's title is not changed) and `kpi list`
// prints no escape byte.
func TestE2EEscapesFromAnotherUserArePlainText(t *testing.T) {
	path := newDemo(t)
	ana := startAppAs(t, 120, 40, path, "ana")
	ana.waitFor(tabBar)
	titleBefore := ana.display("#{pane_title}")

	csv := filepath.Join(t.TempDir(), "kpis.csv")
	name := "Evil \x1b]0;pwned\x07name\x1b[2J here"
	if err := os.WriteFile(csv, []byte("key,name,owner\nevil,\""+name+"\",\"cy\x1b[31m\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := kpi(t, []string{"KPI_USER=cy"}, "import", csv, "--db", path); code != 0 {
		t.Fatalf("import: exit %d: %s", code, stderr)
	}
	ana.waitFor("cy imported KPI evil")
	ana.send("/")
	ana.sendText("evil")
	ana.send("Enter")
	ana.waitFor("Evil name here")
	if title := ana.display("#{pane_title}"); title == "pwned" || title != titleBefore {
		t.Errorf("the pane title changed from %q to %q: an escape sequence reached the terminal", titleBefore, title)
	}
	_, out, _ := kpi(t, nil, "list", "--db", path)
	if strings.ContainsAny(out, "\x1b\x07") || !strings.Contains(out, "Evil") {
		t.Errorf("kpi list printed escape bytes or lost the name: %q", out)
	}
}

// TestE2EBusyFileInTheAppOffersRetry: while another program holds the write lock
// past the retry window, saving in the entry form says the file is busy and that
// nothing was saved, and keeps what was typed; once the lock is gone, Enter
// again saves it.
func TestE2EBusyFileInTheAppOffersRetry(t *testing.T) {
	path := newDemo(t)
	week := isoWeek(testToday())
	kpis, _ := listWeek(t, path, week)
	a := startAppAs(t, 120, 40, path, "ana")
	// the week's data, not just the tab bar: e before the first load is refused
	// ("Still loading"), which a loaded machine shows
	a.waitFor(tabBar, "Health metrics")
	a.send("e")
	a.waitFor("Enter values for " + week)
	_, first := focusQuantitative(t, a, kpis)
	a.send("C-u")
	a.sendText("777")

	// this test process takes the write lock, as the sqlite3 shell would
	holder, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(100)")
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close()
	ctx := t.Context()
	conn, err := holder.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		t.Fatalf("taking the write lock: %v", err)
	}
	a.send("Enter")
	a.waitFor("Press Enter to try again")
	if rows, _ := listWeek(t, path, week); valueOf(rows, first.Key) == "777" {
		t.Fatal("a save reported busy was written")
	}
	if _, err := conn.ExecContext(ctx, "ROLLBACK"); err != nil {
		t.Fatal(err)
	}
	conn.Close()
	a.send("Enter")
	a.waitUntil(first.Name+" to show saved", func(lines []string) error {
		for _, l := range lines {
			if strings.Contains(l, first.Name) && strings.Contains(l, "saved") {
				return nil
			}
		}
		return fmt.Errorf("no line shows %s saved", first.Name)
	})
	if rows, _ := listWeek(t, path, week); valueOf(rows, first.Key) != "777" {
		t.Errorf("after the retry %s is %s, want 777", first.Key, valueOf(rows, first.Key))
	}
}
