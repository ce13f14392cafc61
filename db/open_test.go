package db

import (
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"kpi/model"
)

// plainExec runs statements on a file with a plain connection, the way another
// tool (or an older kpi) would, and closes it again.
func plainExec(t *testing.T, path string, stmts ...string) {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range stmts {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

// plainInt reads one integer pragma with a plain connection.
func plainString(t *testing.T, path, q string) string {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var v string
	if err := db.QueryRow(q).Scan(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

// kpiFile makes a closed kpi team file with one KPI and a few values.
func kpiFile(t *testing.T, dir string, values int) string {
	t.Helper()
	path := filepath.Join(dir, "team.kpi")
	s, err := Create(path, testOptions("ana"), model.DefaultSettings("Growth"))
	if err != nil {
		t.Fatal(err)
	}
	k := mustKPI(t, s, sampleKPI("mrr"))
	var vals []model.Value
	w := model.MustWeek("2000-W01")
	for i := 0; i < values; i++ {
		v := numValue(k.ID, w.String(), float64(i))
		v.Note = strings.Repeat("note ", 10)
		vals = append(vals, v)
		w = w.Next()
	}
	if _, err := s.ImportValues(vals); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestCreateStampsTheFile(t *testing.T) {
	fileOnly(t)
	s := newStore(t)
	for q, want := range map[string]string{
		"PRAGMA application_id": fmt.Sprint(ApplicationID),
		"PRAGMA user_version":   fmt.Sprint(SchemaVersion),
		"PRAGMA journal_mode":   "delete",
	} {
		var got string
		if err := s.db.QueryRow(q).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("%s = %s, want %s", q, got, want)
		}
	}
	if v, err := s.SchemaVersion(); err != nil || v != SchemaVersion {
		t.Errorf("SchemaVersion() = %d, %v", v, err)
	}
	st, err := s.Settings()
	if err != nil {
		t.Fatal(err)
	}
	want := model.DefaultSettings("Growth")
	want.Version = 1
	if fmt.Sprint(st) != fmt.Sprint(want) {
		t.Errorf("settings = %+v, want %+v", st, want)
	}
	if err := s.IntegrityCheck(); err != nil {
		t.Error(err)
	}
	if s.ReadOnlyReason() != "" {
		t.Errorf("new file is read-only: %s", s.ReadOnlyReason())
	}
}

func TestCreateWithZeroSettingsUsesDefaults(t *testing.T) {
	s, err := Create(filepath.Join(t.TempDir(), "t.kpi"), testOptions("ana"), model.Settings{TeamName: "Ops"})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	st, _ := s.Settings()
	if st.TeamName != "Ops" || len(st.Checklist) != len(model.DefaultChecklist()) || st.ReviewWeekday != time.Monday {
		t.Errorf("settings = %+v", st)
	}
}

func TestCreateRefusesExistingPathAndCleansUpFailures(t *testing.T) {
	dir := t.TempDir()
	path := kpiFile(t, dir, 3)
	before := fileHash(t, path)
	_, err := Create(path, testOptions("ana"), model.DefaultSettings("x"))
	var oe *OpenError
	if !errors.As(err, &oe) || !strings.Contains(err.Error(), "already exists") {
		t.Fatalf("Create over an existing file: %v", err)
	}
	if fileHash(t, path) != before {
		t.Error("Create changed an existing file")
	}

	bad := filepath.Join(dir, "bad.kpi")
	st := model.DefaultSettings("x")
	st.ReviewWeekday = 9
	if _, err := Create(bad, testOptions("ana"), st); err == nil {
		t.Fatal("Create with a bad weekday succeeded")
	}
	if _, err := os.Lstat(bad); !os.IsNotExist(err) {
		t.Errorf("failed Create left %s behind (%v)", bad, err)
	}
	if _, err := Create(filepath.Join(dir, "no", "such", "dir.kpi"), testOptions("ana"), st); err == nil || !strings.Contains(err.Error(), "folder does not exist") {
		t.Errorf("Create in a missing folder: %v", err)
	}
}

func TestPathWithURICharacters(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a b?c#d%e&f=g")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "team file.kpi")
	s, err := Create(path, testOptions("ana"), model.DefaultSettings("x"))
	if err != nil {
		t.Fatal(err)
	}
	mustKPI(t, s, sampleKPI("mrr"))
	s.Close()
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 || entries[0].Name() != "team file.kpi" {
		t.Fatalf("files in %s: %v", dir, entries)
	}
	o, err := Open(path, testOptions("bo"))
	if err != nil {
		t.Fatal(err)
	}
	defer o.Close()
	if ks, err := o.KPIs(); err != nil || len(ks) != 1 {
		t.Errorf("KPIs after reopen: %v %v", ks, err)
	}
}

// pragmaState reads the per-connection settings shared-drive.md requires.
func pragmaState(t *testing.T, s *Store) string {
	t.Helper()
	var busy, fk, sync int
	var journal string
	for q, dest := range map[string]any{
		"PRAGMA busy_timeout": &busy, "PRAGMA foreign_keys": &fk, "PRAGMA synchronous": &sync, "PRAGMA journal_mode": &journal,
	} {
		if err := s.db.QueryRow(q).Scan(dest); err != nil {
			t.Fatal(err)
		}
	}
	return fmt.Sprintf("busy_timeout=%d foreign_keys=%d synchronous=%d journal_mode=%s", busy, fk, sync, journal)
}

func TestPragmasHoldOnEveryPooledConnection(t *testing.T) {
	fileOnly(t)
	s := reopen(t, newStore(t), "bo")
	const want = "busy_timeout=250 foreign_keys=1 synchronous=2 journal_mode=delete"
	if got := pragmaState(t, s); got != want {
		t.Fatalf("first connection: %s, want %s", got, want)
	}

	// With no idle connections kept, every query runs on a fresh connection.
	s.db.SetMaxIdleConns(0)
	closedBefore := s.db.Stats().MaxIdleClosed
	if got := pragmaState(t, s); got != want {
		t.Errorf("fresh connection: %s, want %s", got, want)
	}
	if s.db.Stats().MaxIdleClosed <= closedBefore {
		t.Errorf("connections were not closed and reopened (stats %+v)", s.db.Stats())
	}

	// An idle app holds no handle: the idle connection is closed after the idle
	// time, and the next one has the same settings.
	s.db.SetMaxIdleConns(1)
	s.db.SetConnMaxIdleTime(10 * time.Millisecond)
	if _, err := s.KPIs(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for s.db.Stats().OpenConnections > 0 {
		if time.Now().After(deadline) {
			t.Fatalf("idle connection never closed: %+v", s.db.Stats())
		}
		time.Sleep(20 * time.Millisecond) // polling a condition, not synchronising
	}
	if got := pragmaState(t, s); got != want {
		t.Errorf("connection after idle close: %s, want %s", got, want)
	}
	if s.db.Stats().MaxIdleTimeClosed == 0 {
		t.Errorf("no connection closed for idleness: %+v", s.db.Stats())
	}
}

func TestWaitShorterThanBusyTimeout(t *testing.T) {
	dir := t.TempDir()
	path := kpiFile(t, dir, 1)
	o := testOptions("ana")
	o.Wait = 100 * time.Millisecond
	s, err := Open(path, o)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var busy int
	s.db.QueryRow("PRAGMA busy_timeout").Scan(&busy)
	if busy != 100 {
		t.Errorf("busy_timeout = %d, want 100 (never longer than Wait)", busy)
	}
}

// TestOpenRefusesBadFiles checks every file Open must refuse: the message, and
// that the file is byte for byte what it was.
func TestOpenRefusesBadFiles(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	truncated := func() string {
		src := kpiFile(t, t.TempDir(), 3000)
		b, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		if len(b) < 5*4096 {
			t.Fatalf("test file too small to truncate: %d bytes", len(b))
		}
		return write("truncated.kpi", b[:len(b)/3])
	}
	foreign := func() string {
		p := filepath.Join(dir, "foreign.db")
		plainExec(t, p, "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)", "INSERT INTO customers (name) VALUES ('x')")
		return p
	}
	emptyDB := func() string {
		p := filepath.Join(dir, "empty.db")
		plainExec(t, p, "CREATE TABLE x (a)", "DROP TABLE x")
		return p
	}
	if err := os.Mkdir(filepath.Join(dir, "folder"), 0o755); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		path string
		want string
	}{
		{"directory", filepath.Join(dir, "folder"), "it is a folder"},
		{"zero bytes", write("zero.kpi", nil), "it is empty (0 bytes); refusing to touch it — a kpi file is never empty"},
		{"text file", write("notes.txt", []byte("hello, this is a text file that is long enough\n")), "it is not an SQLite database"},
		{"short file", write("short.kpi", []byte("SQLite")), "it is not an SQLite database"},
		{"header only", write("header.kpi", []byte("SQLite format 3\x00")), ""},
		{"truncated", truncated(), "damaged"},
		{"foreign SQLite", foreign(), "it is an SQLite database but not a kpi team file"},
		{"empty SQLite", emptyDB(), "not a kpi team file"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var before [32]byte
			if fi, err := os.Stat(c.path); err == nil && fi.Mode().IsRegular() {
				before = fileHash(t, c.path)
			}
			s, err := Open(c.path, testOptions("ana"))
			if err == nil {
				s.Close()
				t.Fatalf("Open(%s) succeeded", c.name)
			}
			var oe *OpenError
			if !errors.As(err, &oe) {
				t.Errorf("error is %T, not *OpenError: %v", err, err)
			}
			if !strings.HasPrefix(err.Error(), "cannot open "+c.path+": ") || !strings.Contains(err.Error(), c.want) || strings.Contains(err.Error(), "\n") {
				t.Errorf("error = %q, want one line containing %q", err, c.want)
			}
			if fi, err := os.Stat(c.path); err == nil && fi.Mode().IsRegular() && fileHash(t, c.path) != before {
				t.Error("the refused file was changed")
			}
			for _, sib := range []string{"-journal", "-wal", "-shm"} {
				if _, err := os.Stat(c.path + sib); err == nil {
					t.Errorf("refused file got a %s sibling", sib)
				}
			}
		})
	}

	t.Run("missing", func(t *testing.T) {
		p := filepath.Join(dir, "typo.kpi")
		_, err := Open(p, testOptions("ana"))
		if err == nil || !strings.Contains(err.Error(), "no such file; check the path, or create one with `kpi init") {
			t.Errorf("error = %v", err)
		}
		if _, err := os.Stat(p); !os.IsNotExist(err) {
			t.Error("Open created the missing file")
		}
	})
}

func TestOpenNewerSchemaIsReadOnly(t *testing.T) {
	path := kpiFile(t, t.TempDir(), 5)
	plainExec(t, path, fmt.Sprintf("PRAGMA user_version = %d", SchemaVersion+1))
	before := fileHash(t, path)

	s, err := Open(path, testOptions("ana"))
	if err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprintf("made by a newer kpi (schema %d); update kpi to edit it", SchemaVersion+1)
	if s.ReadOnlyReason() != want {
		t.Errorf("ReadOnlyReason = %q, want %q", s.ReadOnlyReason(), want)
	}
	if vs, err := s.Values(model.Week{}, model.Week{}); err != nil || len(vs) != 5 {
		t.Errorf("reads on a read-only store: %d values, %v", len(vs), err)
	}
	ks, _ := s.KPIs()
	_, err = s.PutValue(numValue(ks[0].ID, "2026-W47", 1))
	if !errors.Is(err, ErrReadOnly) || !strings.Contains(err.Error(), want) {
		t.Errorf("PutValue on a newer file: %v", err)
	}
	if _, err := s.RegisterSession(1); !errors.Is(err, ErrReadOnly) {
		t.Errorf("RegisterSession on a newer file: %v", err)
	}
	s.Close()
	if fileHash(t, path) != before {
		t.Error("opening a newer file changed it")
	}
}

func TestOpenMigratesOlderSchemaAfterBackup(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "old.kpi")
	// A kpi file from before schema 1: stamped but without tables.
	plainExec(t, path, fmt.Sprintf("PRAGMA application_id = %d", ApplicationID), "CREATE TABLE x (a)", "DROP TABLE x")
	s, err := Open(path, testOptions("ana"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if v, _ := s.SchemaVersion(); v != SchemaVersion {
		t.Errorf("schema after migration = %d", v)
	}
	if _, err := s.Settings(); err != nil {
		t.Errorf("settings after migration: %v", err)
	}
	backup := path + ".before-migration-v0.bak"
	if got := plainString(t, backup, "PRAGMA application_id"); got != fmt.Sprint(ApplicationID) {
		t.Errorf("backup application_id = %s", got)
	}
	if got := plainString(t, backup, "PRAGMA user_version"); got != "0" {
		t.Errorf("backup user_version = %s", got)
	}
	cs, _ := s.Changes(ChangeFilter{Entity: "file"})
	if len(cs) != 1 || cs[0].Action != "migrate" {
		t.Errorf("change log after migration: %+v", cs)
	}
	if _, err := s.CreateKPI(sampleKPI("mrr")); err != nil {
		t.Errorf("write after migration: %v", err)
	}
}

func TestOpenSwitchesWALBack(t *testing.T) {
	path := kpiFile(t, t.TempDir(), 5)
	if got := plainString(t, path, "PRAGMA journal_mode = WAL"); got != "wal" {
		t.Fatalf("could not make a WAL file: %s", got)
	}
	s, err := Open(path, testOptions("ana"))
	if err != nil {
		t.Fatal(err)
	}
	if s.ReadOnlyReason() != "" {
		t.Fatalf("read-only: %s", s.ReadOnlyReason())
	}
	if got := pragmaState(t, s); !strings.HasSuffix(got, "journal_mode=delete") {
		t.Errorf("after open: %s", got)
	}
	s.Close()
	if got := plainString(t, path, "PRAGMA journal_mode"); got != "delete" {
		t.Errorf("file journal mode after open = %s", got)
	}
}

func TestOpenReadOnlyFileAndFolder(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("running as root, which ignores file permissions: read-only file and folder cannot be tested")
	}
	t.Run("file", func(t *testing.T) {
		path := kpiFile(t, t.TempDir(), 5)
		if err := os.Chmod(path, 0o444); err != nil {
			t.Fatal(err)
		}
		checkReadOnlyOpen(t, path, "you may not write to it")
	})
	t.Run("folder", func(t *testing.T) {
		dir := t.TempDir()
		path := kpiFile(t, dir, 5)
		if err := os.Chmod(dir, 0o555); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(dir, 0o755) })
		checkReadOnlyOpen(t, path, "its folder is read-only, so SQLite cannot write its journal")
	})
}

func checkReadOnlyOpen(t *testing.T, path, reason string) {
	t.Helper()
	before := fileHash(t, path)
	s, err := Open(path, testOptions("ana"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(s.ReadOnlyReason(), reason) {
		t.Errorf("ReadOnlyReason = %q, want it to start with %q", s.ReadOnlyReason(), reason)
	}
	if vs, err := s.Values(model.Week{}, model.Week{}); err != nil || len(vs) != 5 {
		t.Errorf("reads: %d values, %v", len(vs), err)
	}
	ks, _ := s.KPIs()
	if _, err := s.PutValue(numValue(ks[0].ID, "2026-W47", 1)); !errors.Is(err, ErrReadOnly) {
		t.Errorf("PutValue: %v", err)
	}
	s.Close()
	if fileHash(t, path) != before {
		t.Error("the read-only file changed")
	}
}

func TestBackup(t *testing.T) {
	s := newStore(t)
	k := mustKPI(t, s, sampleKPI("mrr"))
	if _, err := s.PutValue(numValue(k.ID, "2026-W47", 7)); err != nil {
		t.Fatal(err)
	}
	dest := filepath.Join(t.TempDir(), "copy.kpi")
	if err := s.Backup(dest); err != nil {
		t.Fatal(err)
	}
	if err := s.Backup(dest); err == nil || !strings.Contains(err.Error(), "exists already") {
		t.Errorf("second backup to the same path: %v", err)
	}
	c, err := Open(dest, testOptions("bo"))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if v, ok, err := c.Value(k.ID, model.MustWeek("2026-W47")); err != nil || !ok || v.Number != 7 {
		t.Errorf("value in the backup: %+v %v %v", v, ok, err)
	}
}
