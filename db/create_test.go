package db

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"kpi/model"
)

// creatorRole creates the file at KPI_DB_TEST_PATH with a first content, says
// "filled" when the content is written but the file not yet in place, and
// waits there until killed or told to go on.
func creatorRole() error {
	st, err := CreateFilled(os.Getenv("KPI_DB_TEST_PATH"), Options{User: "creator"}, model.DefaultSettings("Growth"), func(s *Store) error {
		if _, err := s.CreateKPI(sampleKPI("mrr")); err != nil {
			return err
		}
		fmt.Println("filled")
		waitForStdin()
		return nil
	})
	if err != nil {
		return err
	}
	return st.Close()
}

// creatingTemps lists the temporary files Create has beside path.
func creatingTemps(t *testing.T, path string) []string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(filepath.Dir(path), creatingPrefix(path)+"*"))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestKilledCreateLeavesNoFile is case 6 of the issue at the store: a creation
// killed as soon as its temporary file exists, or after its content is written
// but before it is in place, leaves nothing at the path; a retry succeeds
// despite the leftover; and the next Create removes the killed run's leftovers and day-old ones,
// but keeps one whose process still runs.
func TestKilledCreateLeavesNoFile(t *testing.T) {
	if testing.Short() {
		t.Skip("multi-process test skipped in -short mode")
	}
	for _, point := range []string{"temp file made", "content written"} {
		t.Run(point, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "team.kpi")
			c := startChild(t, "creator", "KPI_DB_TEST_PATH="+path)
			if point == "content written" {
				c.await("filled")
			} else {
				// poll: the child makes it within milliseconds; the bound only
				// keeps a broken child from hanging the run
				for give := time.Now().Add(time.Minute); len(creatingTemps(t, path)) == 0; time.Sleep(time.Millisecond) {
					if time.Now().After(give) {
						t.Fatalf("the child made no temporary file; stderr:\n%s", c.stderr)
					}
				}
			}
			c.cmd.Process.Kill()
			c.cmd.Wait()
			if _, err := os.Lstat(path); !os.IsNotExist(err) {
				t.Fatalf("a killed create left %s (%v)", path, err)
			}
			left := creatingTemps(t, path)
			if len(left) == 0 {
				t.Fatal("no leftover temporary file to retry against (the kill came too late to test anything)")
			}
			// beside the killed child's leftovers: one of a process that still
			// runs (this one), and one of another machine, two days old
			live := filepath.Join(filepath.Dir(path), creatingPrefix(path)+tempOwner(hostName(), os.Getpid())+"abcdef")
			old := filepath.Join(filepath.Dir(path), creatingPrefix(path)+"elsewhere-12-abcdef")
			for _, f := range []string{live, old} {
				if err := os.WriteFile(f, []byte("x"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			twoDays := time.Now().Add(-48 * time.Hour) // file times are the real clock's
			os.Chtimes(old, twoDays, twoDays)

			st, err := Create(path, testOptions("ana"), model.DefaultSettings("Growth"))
			if err != nil {
				t.Fatalf("retry after the kill: %v", err)
			}
			defer st.Close()
			if s, err := st.Settings(); err != nil || s.TeamName != "Growth" {
				t.Errorf("the retried file: %+v, %v", s, err)
			}
			if got := creatingTemps(t, path); len(got) != 1 || got[0] != live {
				t.Errorf("leftovers after the retry: %v; want only %s (its process still runs: it may be creating the file); the killed child's %v and the day-old one gone", got, live, left)
			}
		})
	}
}

// TestCreateIsCompleteOrAbsent: a creation that finishes puts a complete file in
// place and leaves no temporary file; one whose content fails leaves nothing;
// one onto an existing path refuses and leaves that file alone.
func TestCreateIsCompleteOrAbsent(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "team.kpi")
	st, err := CreateFilled(path, testOptions("ana"), model.DefaultSettings("Growth"), func(s *Store) error {
		if s.Path() == path {
			t.Error("the content was written under the final name")
		}
		_, err := s.CreateKPI(sampleKPI("mrr"))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if ks, err := st.KPIs(); err != nil || len(ks) != 1 || st.Path() != path {
		t.Errorf("created store: %d KPIs, %v, path %s", len(ks), err, st.Path())
	}
	st.Close()
	if left := creatingTemps(t, path); len(left) != 0 {
		t.Errorf("temporary files left: %v", left)
	}

	failed := filepath.Join(dir, "failed.kpi")
	_, err = CreateFilled(failed, testOptions("ana"), model.DefaultSettings("Growth"), func(s *Store) error {
		return fmt.Errorf("the demo broke")
	})
	if err == nil || err.Error() != "the demo broke" {
		t.Errorf("fill failure: %v", err)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".failed") || e.Name() == "failed.kpi" {
			t.Errorf("a failed create left %s", e.Name())
		}
	}

	before := fileHash(t, path)
	if _, err := Create(path, testOptions("ana"), model.DefaultSettings("x")); err == nil || !strings.Contains(err.Error(), "it already exists") {
		t.Errorf("create over an existing file: %v", err)
	}
	if fileHash(t, path) != before {
		t.Error("create over an existing file changed it")
	}
}
