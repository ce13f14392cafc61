package cli

import (
	"bytes"
	"database/sql"
	"fmt"
	"github.com/BurntSushi/toml"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"kpi/db"
)

// backedUp matches `kpi backup`'s report and captures where it wrote.
var backedUp = regexp.MustCompile(`^Backed up (.+) to (.+) \([0-9.]+ (?:bytes|KB|MB), integrity checked\)\.\n$`)

// backupTo runs `kpi backup` and returns where it says it wrote.
func backupTo(t *testing.T, path string, dest ...string) string {
	t.Helper()
	r := run(t, nil, append([]string{"backup", "--db", path}, dest...)...)
	if r.code != ExitOK || r.stderr != "" {
		t.Fatalf("backup %v: exit %d, stderr %q", dest, r.code, r.stderr)
	}
	m := backedUp.FindStringSubmatch(r.stdout)
	if m == nil || m[1] != path {
		t.Fatalf("backup report %q", r.stdout)
	}
	return m[2]
}

// sameContents compares what `kpi list --json` and the change log say about two files.
func sameContents(t *testing.T, a, b string) {
	t.Helper()
	if ra, rb := listJSON(t, a, ""), listJSON(t, b, ""); !reflect.DeepEqual(ra, rb) {
		t.Errorf("%s and %s list differently", a, b)
	}
	ha := run(t, nil, "history", "--db", a, "--limit", "100000")
	hb := run(t, nil, "history", "--db", b, "--limit", "100000")
	if ha.code != 0 || ha.stdout != hb.stdout {
		t.Errorf("%s and %s have different change logs", a, b)
	}
}

func TestBackupDefaultsToATimestampedFileBesideTheTeamFile(t *testing.T) {
	fileOnly(t)
	path := demoFile(t)
	dest := backupTo(t, path)
	want := filepath.Join(filepath.Dir(path), "kpi-backups", "demo-2026-11-19T100000.db")
	if dest != want {
		t.Fatalf("backup went to %s, want %s", dest, want)
	}
	sameContents(t, path, dest)
	st, err := db.Open(dest, db.Options{User: "tester"})
	if err != nil {
		t.Fatalf("the backup does not open: %v", err)
	}
	if err := st.IntegrityCheck(); err != nil {
		t.Error(err)
	}
	if m, _ := st.JournalMode(); m != "delete" {
		t.Errorf("the backup's journal mode is %s", m)
	}
	st.Close()

	// Same second again (the clock is fixed): a new name, never an overwrite.
	before := sha(t, dest)
	second := backupTo(t, path)
	if second != strings.TrimSuffix(want, ".db")+"-2.db" {
		t.Errorf("second backup of the same second went to %s", second)
	}
	if sha(t, dest) != before {
		t.Error("the first backup was overwritten")
	}
	if !db.IsBackupOf(path, filepath.Base(second)) {
		t.Errorf("%s is not recognised as a backup of %s", second, path)
	}
}

func TestBackupToAFileOrAFolderAndNeverOverwrites(t *testing.T) {
	fileOnly(t)
	path := demoFile(t)
	out := t.TempDir()

	file := filepath.Join(out, "copy.db")
	if got := backupTo(t, path, file); got != file {
		t.Errorf("backup to a file went to %s", got)
	}
	sameContents(t, path, file)

	// An existing file is refused with one line, and left as it was.
	for _, existing := range []string{file, path} {
		before := sha(t, existing)
		r := run(t, nil, "backup", "--db", path, existing)
		if r.code != ExitError || r.stdout != "" {
			t.Errorf("backup onto %s: exit %d, stdout %q", existing, r.code, r.stdout)
		}
		want := "kpi: " + existing + " exists already; refusing to overwrite it"
		if !strings.HasPrefix(r.stderr, want) || strings.Count(r.stderr, "\n") != 1 {
			t.Errorf("stderr %q, want one line starting %q", r.stderr, want)
		}
		if sha(t, existing) != before {
			t.Errorf("%s changed", existing)
		}
	}

	// A folder means a timestamped file inside it.
	if got := backupTo(t, path, out); got != filepath.Join(out, "demo-2026-11-19T100000.db") {
		t.Errorf("backup into a folder went to %s", got)
	}

	// A missing folder is an error that says so; nothing is created.
	missing := filepath.Join(out, "nope", "copy.db")
	r := run(t, nil, "backup", "--db", path, missing)
	if r.code != ExitError || !strings.HasPrefix(r.stderr, "kpi: the folder "+filepath.Dir(missing)+" does not exist") {
		t.Errorf("backup into a missing folder: exit %d, %q", r.code, r.stderr)
	}
	if _, err := os.Stat(filepath.Dir(missing)); !os.IsNotExist(err) {
		t.Errorf("the missing folder was created: %v", err)
	}
}

func TestBackupRefusals(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "typo.db")
	r := run(t, nil, "backup", "--db", missing)
	if r.code != ExitError || !strings.HasPrefix(r.stderr, "kpi: cannot open "+missing+": no such file") {
		t.Errorf("backup of a missing file: exit %d, %q", r.code, r.stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "kpi-backups")); !os.IsNotExist(err) {
		t.Errorf("a backup folder was made for a missing file: %v", err)
	}
	if r := run(t, nil, "backup", "a.db", "b.db"); r.code != ExitUsage {
		t.Errorf("two destinations: exit %d", r.code)
	}
}

func TestBackupOfAFileOpenReadOnly(t *testing.T) {
	fileOnly(t)
	// A file made by a newer kpi opens read-only, even for root; a consistent
	// copy is still possible and the original is untouched.
	path := demoFile(t)
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(fmt.Sprintf("PRAGMA user_version = %d", db.SchemaVersion+1)); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	before := sha(t, path)
	dest := filepath.Join(t.TempDir(), "copy.db")
	if got := backupTo(t, path, dest); got != dest {
		t.Errorf("went to %s", got)
	}
	if sha(t, path) != before {
		t.Error("backing up changed the read-only file")
	}
	if sha(t, dest) == [32]byte{} {
		t.Error("empty backup")
	}
}

func TestHumanSize(t *testing.T) {
	for n, want := range map[int64]string{0: "0 bytes", 812: "812 bytes", 1024: "1.0 KB", 376832: "368.0 KB", 3 << 20: "3.0 MB", 5 << 30: "5.0 GB"} {
		if got := humanSize(n); got != want {
			t.Errorf("humanSize(%d) = %q, want %q", n, got, want)
		}
	}
}

// testEnv is an Env for calling helpers directly: only vars are visible (plus a
// private config dir) and the clock reads now.
func testEnv(t *testing.T, vars map[string]string, now time.Time) *Env {
	t.Helper()
	cfg := t.TempDir()
	return &Env{
		Stdout: &bytes.Buffer{}, Stderr: &bytes.Buffer{},
		Getenv: func(k string) string {
			if v, ok := vars[k]; ok {
				return v
			}
			if k == "XDG_CONFIG_HOME" {
				return cfg
			}
			return ""
		},
		Now: func() time.Time { return now },
	}
}

// writeConfig writes the personal config the env will read.
func writeConfig(t *testing.T, env *Env, c map[string]any) {
	t.Helper()
	p, err := configPath(env)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := toml.NewEncoder(&b).Encode(c); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

func openDemo(t *testing.T) *db.Store {
	t.Helper()
	st, err := db.Open(demoFile(t), db.Options{User: "tester"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func backupNames(t *testing.T, st *db.Store) []string {
	t.Helper()
	es, err := os.ReadDir(db.BackupDir(st.Path()))
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

func TestDailyBackupKeepsAWeekByDefault(t *testing.T) {
	fileOnly(t)
	st := openDemo(t)
	day := time.Date(2026, 11, 10, 8, 30, 0, 0, time.UTC)
	for d := 0; d < 9; d++ {
		path, made, err := dailyBackup(testEnv(t, nil, day.AddDate(0, 0, d)), st)
		if err != nil || !made {
			t.Fatalf("day %d: made=%v err=%v", d, made, err)
		}
		if want := filepath.Join(db.BackupDir(st.Path()), "demo-daily-"+day.AddDate(0, 0, d).Format("2006-01-02")+".db"); path != want {
			t.Errorf("day %d: %s, want %s", d, path, want)
		}
	}
	// A second open the same day makes nothing.
	if _, made, err := dailyBackup(testEnv(t, nil, day.AddDate(0, 0, 8).Add(6*time.Hour)), st); made || err != nil {
		t.Errorf("second open of the day: made=%v err=%v", made, err)
	}
	var want []string
	for d := 2; d < 9; d++ {
		want = append(want, "demo-daily-"+day.AddDate(0, 0, d).Format("2006-01-02")+".db")
	}
	if got := backupNames(t, st); !reflect.DeepEqual(got, want) {
		t.Errorf("kept %q, want the newest %d: %q", got, db.DefaultDailyBackups, want)
	}
}

func TestDailyBackupSettings(t *testing.T) {
	fileOnly(t)
	zero, two, neg := 0, 2, -3
	tests := []struct {
		name   string
		vars   map[string]string
		config map[string]any
		made   int    // backups after three days
		err    string // the start of the error, if any
	}{
		{"KPI_BACKUPS=0 turns it off", map[string]string{"KPI_BACKUPS": "0"}, nil, 0, ""},
		{"config 0 turns it off", nil, map[string]any{"backups": zero}, 0, ""},
		{"config keeps 2", nil, map[string]any{"backups": two}, 2, ""},
		{"KPI_BACKUPS wins over the config", map[string]string{"KPI_BACKUPS": " 1 "}, map[string]any{"backups": zero}, 1, ""},
		{"KPI_BACKUPS not a number", map[string]string{"KPI_BACKUPS": "lots"}, nil, 0, `KPI_BACKUPS must be how many daily backups to keep (0 turns them off), not "lots"`},
		{"KPI_BACKUPS negative", map[string]string{"KPI_BACKUPS": "-1"}, nil, 0, "KPI_BACKUPS must be"},
		{"config negative", nil, map[string]any{"backups": neg}, 0, `config.toml:1: backups must be how many daily backups to keep`},
		{"config broken", nil, map[string]any{"backups": "seven"}, 0, "config.toml: "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := openDemo(t)
			for d := 0; d < 3; d++ {
				env := testEnv(t, tt.vars, fixedNow.AddDate(0, 0, d))
				if tt.config != nil {
					writeConfig(t, env, tt.config)
				}
				path, made, err := dailyBackup(env, st)
				if tt.err != "" {
					if err == nil || !strings.Contains(err.Error(), tt.err) || made || path != "" {
						t.Fatalf("want error %q, got %q %v %v", tt.err, path, made, err)
					}
					continue
				}
				if err != nil || made != (tt.made > 0) {
					t.Fatalf("day %d: %q made=%v err=%v", d, path, made, err)
				}
			}
			if got := len(backupNames(t, st)); got != tt.made {
				t.Errorf("%d backups after three days, want %d: %q", got, tt.made, backupNames(t, st))
			}
		})
	}
}

func TestShortCommandsMakeNoDailyBackup(t *testing.T) {
	path := demoFile(t)
	for _, args := range [][]string{
		{"set", "mrr", "48.2k", "--db", path},
		{"list", "--db", path},
		{"due", "--db", path},
		{"doctor", "--db", path},
	} {
		if r := run(t, nil, args...); r.code != ExitOK {
			t.Fatalf("kpi %s: exit %d %s", args[0], r.code, r.stderr)
		}
		if _, err := os.Stat(db.BackupDir(path)); !os.IsNotExist(err) {
			t.Fatalf("`kpi %s` made a backup folder: %v", args[0], err)
		}
	}
}
