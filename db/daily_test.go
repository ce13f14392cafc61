package db

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"kpi/model"
)

// dirNames lists the names in dir, sorted; a missing dir is empty.
func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		out = append(out, e.Name())
	}
	sort.Strings(out)
	return out
}

func TestBackupNames(t *testing.T) {
	at := time.Date(2026, 11, 22, 10, 15, 0, 0, time.UTC)
	tests := []struct{ team, manual, daily string }{
		{"/srv/ops/team.db", "team-2026-11-22T101500.db", "team-daily-2026-11-22.db"},
		{"/srv/ops/team.kpi", "team-2026-11-22T101500.kpi", "team-daily-2026-11-22.kpi"},
		{"/srv/ops/team", "team-2026-11-22T101500", "team-daily-2026-11-22"},
		{"/srv/ops/.kpi", ".kpi-2026-11-22T101500", ".kpi-daily-2026-11-22"},
		{"/srv/ops/q4.team.db", "q4.team-2026-11-22T101500.db", "q4.team-daily-2026-11-22.db"},
	}
	for _, tt := range tests {
		if got := BackupName(tt.team, at); got != tt.manual {
			t.Errorf("BackupName(%s) = %s, want %s", tt.team, got, tt.manual)
		}
		if got := dailyName(tt.team, at); got != tt.daily {
			t.Errorf("dailyName(%s) = %s, want %s", tt.team, got, tt.daily)
		}
		if !IsBackupOf(tt.team, tt.manual) || !IsBackupOf(tt.team, tt.daily) {
			t.Errorf("IsBackupOf(%s) does not recognise its own names %s, %s", tt.team, tt.manual, tt.daily)
		}
	}
	if got := BackupDir("/srv/ops/team.db"); got != filepath.Join("/srv/ops", "kpi-backups") {
		t.Errorf("BackupDir = %s", got)
	}
	for _, name := range []string{
		"team.db", "team-daily-2026-11-22.db.bak", "other-daily-2026-11-22.db",
		"team-daily-2026-11-22.kpi", "team-x-daily-2026-11-22.db", "team-2026-11-22T1015.db",
		".team-daily-2026-11-22.db.123-ABCD.tmp", "notes.txt",
	} {
		if IsBackupOf("/srv/ops/team.db", name) {
			t.Errorf("IsBackupOf(team.db, %q) = true", name)
		}
	}
	if !IsBackupOf("/srv/ops/team.db", "team-2026-11-22T101500-2.db") {
		t.Error("a second manual backup of the same second is not recognised")
	}
}

func TestDailyBackupOncePerDayAndKeepsTheNewest(t *testing.T) {
	fileOnly(t)
	s := newStore(t)
	k := mustKPI(t, s, sampleKPI("mrr"))
	if _, err := s.PutValue(numValue(k.ID, "2026-W47", 7)); err != nil {
		t.Fatal(err)
	}
	dir := BackupDir(s.Path())
	day := time.Date(2026, 11, 16, 9, 0, 0, 0, time.UTC)

	path, made, err := s.DailyBackup(dir, 3, day)
	if err != nil || !made {
		t.Fatalf("first backup: made=%v err=%v", made, err)
	}
	if want := filepath.Join(dir, "team-daily-2026-11-16.kpi"); path != want {
		t.Errorf("path = %s, want %s", path, want)
	}
	c, err := Open(path, testOptions("bo"))
	if err != nil {
		t.Fatalf("the backup does not open: %v", err)
	}
	if v, ok, err := c.Value(k.ID, model.MustWeek("2026-W47")); err != nil || !ok || v.Number != 7 {
		t.Errorf("value in the backup: %+v %v %v", v, ok, err)
	}
	if err := c.IntegrityCheck(); err != nil {
		t.Error(err)
	}
	c.Close()
	first := fileHash(t, path)

	// Later the same day: nothing new, the morning's copy untouched.
	if _, err := s.PutValue(numValue(k.ID, "2026-W47", 8)); err != nil {
		t.Fatal(err)
	}
	again, made, err := s.DailyBackup(dir, 3, day.Add(10*time.Hour))
	if err != nil || made || again != path {
		t.Errorf("second backup of the day: %s made=%v err=%v", again, made, err)
	}
	if fileHash(t, path) != first {
		t.Error("the day's backup was rewritten")
	}

	// Things that are not this file's daily backups stay, whatever their age.
	others := []string{"team-2026-01-01T101500.kpi", "other-daily-2026-01-01.kpi", "notes.txt", "team-daily-2026-01-01.kpi.keep"}
	for _, n := range others {
		if err := os.WriteFile(filepath.Join(dir, n), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// A temporary file of a crashed copy from an earlier day goes; today's (another
	// kpi copying right now) stays.
	staleTmp := ".team-daily-2026-11-10.kpi.4711-ABCDEFGH.tmp"
	liveTmp := ".team-daily-2026-11-20.kpi.4712-ABCDEFGH.tmp"
	for _, n := range []string{staleTmp, liveTmp} {
		if err := os.WriteFile(filepath.Join(dir, n), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}

	for d := 1; d <= 4; d++ {
		if _, made, err := s.DailyBackup(dir, 3, day.AddDate(0, 0, d)); err != nil || !made {
			t.Fatalf("day +%d: made=%v err=%v", d, made, err)
		}
	}
	want := append([]string{liveTmp, "team-daily-2026-11-18.kpi", "team-daily-2026-11-19.kpi", "team-daily-2026-11-20.kpi"}, others...)
	sort.Strings(want)
	if got := dirNames(t, dir); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("backup folder:\n got %q\nwant %q", got, want)
	}
	if got := plainString(t, filepath.Join(dir, "team-daily-2026-11-20.kpi"), "SELECT number FROM kpi_values"); got != "8" {
		t.Errorf("the newest backup holds %s, want the latest value 8", got)
	}

	// Keeping fewer prunes on the next call, even when the day's copy exists.
	if _, made, err := s.DailyBackup(dir, 1, day.AddDate(0, 0, 4)); err != nil || made {
		t.Errorf("keep 1: made=%v err=%v", made, err)
	}
	for _, n := range []string{"team-daily-2026-11-18.kpi", "team-daily-2026-11-19.kpi"} {
		if _, err := os.Stat(filepath.Join(dir, n)); !os.IsNotExist(err) {
			t.Errorf("%s survived keep=1: %v", n, err)
		}
	}
}

func TestDailyBackupOffAndReadOnly(t *testing.T) {
	s := newStore(t)
	dir := BackupDir(s.Path())
	for _, keep := range []int{0, -1} {
		if p, made, err := s.DailyBackup(dir, keep, testNow); p != "" || made || err != nil {
			t.Errorf("keep %d: %q %v %v", keep, p, made, err)
		}
	}
	if names := dirNames(t, dir); len(names) != 0 {
		t.Errorf("backups turned off made %q", names)
	}

	path := kpiFile(t, t.TempDir(), 3)
	plainExec(t, path, fmt.Sprintf("PRAGMA user_version = %d", SchemaVersion+1))
	ro, err := Open(path, testOptions("ana"))
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	if ro.ReadOnlyReason() == "" {
		t.Fatal("a newer file opened writable")
	}
	roDir := BackupDir(path)
	if p, made, err := ro.DailyBackup(roDir, 7, testNow); p != "" || made || err != nil {
		t.Errorf("read-only store: %q %v %v", p, made, err)
	}
	if _, err := os.Stat(roDir); !os.IsNotExist(err) {
		t.Errorf("a read-only store made its backup folder: %v", err)
	}
}

func TestDailyBackupErrorsSayWhere(t *testing.T) {
	fileOnly(t)
	s := newStore(t)
	// A file where the backup folder should be.
	blocker := filepath.Join(t.TempDir(), "kpi-backups")
	if err := os.WriteFile(blocker, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, made, err := s.DailyBackup(blocker, 7, testNow)
	if err == nil || made {
		t.Fatalf("backup into a file: made=%v err=%v", made, err)
	}
	if got := err.Error(); !containsAll(got, "daily backup", blocker) {
		t.Errorf("error %q does not say what and where", got)
	}
}

func TestJournalMode(t *testing.T) {
	fileOnly(t)
	s := newStore(t)
	if m, err := s.JournalMode(); err != nil || m != "delete" {
		t.Errorf("JournalMode of a new file = %q, %v", m, err)
	}
}

func containsAll(s string, subs ...string) bool {
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			return false
		}
	}
	return true
}
