package cli

import (
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"kpi/db"
	"kpi/model"
	"kpi/where"
)

// reportLine matches every line of doctor's report after the heading.
var reportLine = regexp.MustCompile(`^[✓!✗] [a-z ]+: \S`)

// checkReport asserts the shape of doctor's output: a heading naming the file,
// then one glyph line per check, then (on success) the summary.
func checkReport(t *testing.T, r result, path string) []string {
	t.Helper()
	lines := strings.Split(strings.TrimRight(r.stdout, "\n"), "\n")
	if len(lines) < 5 || lines[0] != "Checking "+path {
		t.Fatalf("report does not start with the file:\n%s", r.stdout)
	}
	body := lines[1:]
	if r.code == ExitOK {
		body = lines[1 : len(lines)-1]
		if !strings.HasPrefix(lines[len(lines)-1], "No problems found") {
			t.Errorf("last line %q is not the summary", lines[len(lines)-1])
		}
	}
	for _, l := range body {
		if !reportLine.MatchString(l) {
			t.Errorf("report line %q is not \"<glyph> topic: text\"", l)
		}
	}
	return body
}

// lineOf is the report line about topic; it fails the test when there is none.
func lineOf(t *testing.T, lines []string, topic string) string {
	t.Helper()
	for _, l := range lines {
		if strings.HasPrefix(l[strings.Index(l, " ")+1:], topic+":") {
			return l
		}
	}
	t.Fatalf("no %q line in the report:\n%s", topic, strings.Join(lines, "\n"))
	return ""
}

// problemsSummary is the one-line stderr of a doctor that found n problems.
func problemsSummary(n int) string {
	if n == 1 {
		return "kpi: 1 problem found; see above\n"
	}
	return fmt.Sprintf("kpi: %d problems found; see above\n", n)
}

func TestDoctorOnTheDemoPassesAndSaysTheFileIsLocal(t *testing.T) {
	fileOnly(t)
	path := demoFile(t)
	r := run(t, nil, "doctor", "--db", path)
	if r.code != ExitOK || r.stderr != "" {
		t.Fatalf("doctor on the demo: exit %d, stderr %q\n%s", r.code, r.stderr, r.stdout)
	}
	lines := checkReport(t, r, path)
	if strings.Contains(r.stdout, "✗") {
		t.Errorf("the demo has problems:\n%s", r.stdout)
	}
	fsLine := lineOf(t, lines, "filesystem")
	switch kind := where.Of(path).FS.Kind; {
	case runtime.GOOS != "linux":
		if !strings.Contains(fsLine, "unknown") {
			t.Errorf("off Linux the filesystem should be unknown: %q", fsLine)
		}
	case kind == where.KindLocal:
		if !strings.HasPrefix(fsLine, "✓ filesystem: the file is local") {
			t.Errorf("filesystem line %q does not say the file is local", fsLine)
		}
	default:
		t.Logf("the temp dir is on %s; skipping the 'local' wording check", kind)
	}
	for topic, want := range map[string]string{
		"sync folder":     "✓ sync folder: not in a sync folder",
		"conflict copies": "✓ conflict copies: none",
		"access":          "✓ access: you can write to it",
		"journal":         "✓ journal: delete (rollback journal)",
		"schema":          fmt.Sprintf("✓ schema: version %d,", db.SchemaVersion),
		"integrity":       "✓ integrity: ok",
		"backups":         "! backups: none in " + filepath.Join(filepath.Dir(path), "kpi-backups"),
	} {
		if l := lineOf(t, lines, topic); !strings.HasPrefix(l, want) {
			t.Errorf("%s line %q, want it to start with %q", topic, l, want)
		}
	}
	// The demo carries a few hygiene hints on purpose; they are notes, not problems.
	if l := lineOf(t, lines, "hygiene"); !strings.HasPrefix(l, "! hygiene: ") {
		t.Errorf("hygiene line %q", l)
	}

	// After a backup the backups line names it.
	if r := run(t, nil, "backup", "--db", path); r.code != ExitOK {
		t.Fatalf("backup: %d %s", r.code, r.stderr)
	}
	r = run(t, nil, "doctor", "--db", path)
	if l := lineOf(t, checkReport(t, r, path), "backups"); !strings.HasPrefix(l, "✓ backups: newest demo-2026-11-19T100000.db") {
		t.Errorf("backups line after a backup: %q", l)
	}
}

// setKeyKPIs makes exactly n of the file's active KPIs key KPIs.
func setKeyKPIs(t *testing.T, path string, n int) {
	t.Helper()
	st, err := db.Open(path, db.Options{User: "tester", Now: func() time.Time { return fixedNow }})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	kpis, err := st.KPIs()
	if err != nil {
		t.Fatal(err)
	}
	key := 0
	for _, k := range kpis {
		if k.Archived {
			continue
		}
		want := model.TierHealth
		if key < n {
			want = model.TierKey
			key++
		}
		if k.Tier == want {
			continue
		}
		k.Tier = want
		if _, err := st.UpdateKPI(k); err != nil {
			t.Fatalf("make %s %s: %v", k.Key, want, err)
		}
	}
	if key != n {
		t.Fatalf("the file has only %d active KPIs", key)
	}
}

func TestDoctorFailsOnTooManyKeyKPIs(t *testing.T) {
	fileOnly(t)
	path := demoFile(t)
	setKeyKPIs(t, path, 7)
	r := run(t, nil, "doctor", "--db", path)
	if r.code != ExitError || r.stderr != problemsSummary(1) {
		t.Fatalf("7 key KPIs: exit %d, stderr %q\n%s", r.code, r.stderr, r.stdout)
	}
	lines := checkReport(t, r, path)
	var found bool
	for _, l := range lines {
		if strings.HasPrefix(l, "✗ hygiene: too many key KPIs: 7") {
			found = true
		}
	}
	if !found {
		t.Errorf("no \"too many key KPIs\" problem:\n%s", r.stdout)
	}

	setKeyKPIs(t, path, 5)
	if r := run(t, nil, "doctor", "--db", path); r.code != ExitOK || strings.Contains(r.stdout, "too many key KPIs") {
		t.Errorf("5 key KPIs: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

func TestDoctorFailsInASyncFolderAndOnConflictCopies(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "Dropbox", "ops")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "team.db")
	if r := run(t, nil, "demo", "--db", path, "--no-open"); r.code != 0 {
		t.Fatalf("demo: %s", r.stderr)
	}
	r := run(t, nil, "doctor", "--db", path)
	if r.code != ExitError || r.stderr != problemsSummary(1) {
		t.Fatalf("in Dropbox: exit %d, stderr %q\n%s", r.code, r.stderr, r.stdout)
	}
	lines := checkReport(t, r, path)
	if l := lineOf(t, lines, "sync folder"); !strings.HasPrefix(l, `✗ sync folder: the file is in a Dropbox folder ("Dropbox" in its path)`) {
		t.Errorf("sync line: %q", l)
	}

	copies := []string{"team (Ana's conflicted copy 2026-11-18).db", "team.sync-conflict-20261118-101500-ABCDEFG.db"}
	for _, c := range copies {
		if err := os.WriteFile(filepath.Join(dir, c), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	r = run(t, nil, "doctor", "--db", path)
	if r.code != ExitError || r.stderr != problemsSummary(2) {
		t.Fatalf("with conflict copies: exit %d, stderr %q", r.code, r.stderr)
	}
	want := "✗ conflict copies: 2 beside the file (" + strings.Join(copies, ", ") + ")"
	if l := lineOf(t, checkReport(t, r, path), "conflict copies"); !strings.HasPrefix(l, want) {
		t.Errorf("conflict line %q, want it to start with %q", l, want)
	}
}

func TestDoctorFindsASyncthingFolderByItsMarker(t *testing.T) {
	root := t.TempDir()
	if err := os.Mkdir(filepath.Join(root, ".stfolder"), 0o755); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(root, "team")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "kpi.db")
	if r := run(t, nil, "demo", "--db", path, "--no-open"); r.code != 0 {
		t.Fatalf("demo: %s", r.stderr)
	}
	r := run(t, nil, "doctor", "--db", path)
	want := "✗ sync folder: the file is in a Syncthing folder (found " + filepath.Join(root, ".stfolder") + ")"
	if r.code != ExitError || !strings.Contains(r.stdout, want) {
		t.Errorf("exit %d, want a line starting %q:\n%s", r.code, want, r.stdout)
	}
}

func TestDoctorDrawsHostileFileNamesAsPlainText(t *testing.T) {
	fileOnly(t)
	path := demoFile(t)
	evil := "demo (conflicted copy \x1b]0;pwned\x07\x1b[2J).db"
	if err := os.WriteFile(filepath.Join(filepath.Dir(path), evil), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := run(t, nil, "doctor", "--db", path)
	if r.code != ExitError || !strings.Contains(r.stdout, "✗ conflict copies: 1 beside the file") {
		t.Fatalf("exit %d\n%s", r.code, r.stdout)
	}
	if strings.ContainsAny(r.stdout+r.stderr, "\x1b\x07") {
		t.Errorf("an escape sequence from a file name reached the terminal: %q", r.stdout)
	}
}

func TestDoctorOnANewerSchemaSaysUpdate(t *testing.T) {
	fileOnly(t)
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
	r := run(t, nil, "doctor", "--db", path)
	if r.code != ExitError || r.stderr != problemsSummary(1) {
		t.Fatalf("newer schema: exit %d, stderr %q\n%s", r.code, r.stderr, r.stdout)
	}
	lines := checkReport(t, r, path)
	if l := lineOf(t, lines, "schema"); !strings.HasPrefix(l, fmt.Sprintf("✗ schema: version %d, made by a newer kpi", db.SchemaVersion+1)) {
		t.Errorf("schema line %q", l)
	}
	if l := lineOf(t, lines, "access"); !strings.HasPrefix(l, "! access: read-only for you: made by a newer kpi") {
		t.Errorf("access line %q", l)
	}
	if sha(t, path) != before {
		t.Error("doctor changed a file made by a newer kpi")
	}
}

func TestDoctorReportsAReadOnlyFileAsANote(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("running as root, which ignores file permissions: a read-only file cannot be tested")
	}
	path := demoFile(t)
	if err := os.Chmod(path, 0o444); err != nil {
		t.Fatal(err)
	}
	before := sha(t, path)
	r := run(t, nil, "doctor", "--db", path)
	if r.code != ExitOK {
		t.Fatalf("read-only file: exit %d %s\n%s", r.code, r.stderr, r.stdout)
	}
	if l := lineOf(t, checkReport(t, r, path), "access"); !strings.HasPrefix(l, "! access: read-only for you: you may not write to it") {
		t.Errorf("access line %q", l)
	}
	if sha(t, path) != before {
		t.Error("doctor changed a read-only file")
	}
}

func TestDoctorOnADamagedFileStillSaysWhereItLives(t *testing.T) {
	fileOnly(t)
	path := demoFile(t)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// Overwrite pages 4 to 7 (the first tables' b-trees) with garbage; the
	// SQLite header stays, so the file gets past the header check.
	const page = 4096
	for i := 3 * page; i < 7*page && i < len(b); i++ {
		b[i] = 0xff
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	r := run(t, nil, "doctor", "--db", path)
	if r.code != ExitError || r.stderr != problemsSummary(1) {
		t.Fatalf("damaged file: exit %d, stderr %q\n%s", r.code, r.stderr, r.stdout)
	}
	lines := checkReport(t, r, path)
	lineOf(t, lines, "filesystem")
	lineOf(t, lines, "conflict copies")
	lineOf(t, lines, "backups")
	if l := lineOf(t, lines, "open"); !strings.HasPrefix(l, "✗ open: cannot open it: it is damaged") || !strings.HasSuffix(l, "restore it from a backup") {
		t.Errorf("open line %q", l)
	}
}

func TestDoctorOnAMissingFileIsAOneLineError(t *testing.T) {
	path := filepath.Join(t.TempDir(), "typo.db")
	r := run(t, nil, "doctor", "--db", path)
	if r.code != ExitError || r.stdout != "" {
		t.Fatalf("missing file: exit %d, stdout %q", r.code, r.stdout)
	}
	if !strings.HasPrefix(r.stderr, "kpi: cannot open "+path+": no such file") || strings.Count(r.stderr, "\n") != 1 {
		t.Errorf("stderr %q", r.stderr)
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("doctor created the missing file: %v", err)
	}
	if r := run(t, nil, "doctor", "extra"); r.code != ExitUsage {
		t.Errorf("doctor with an argument: exit %d", r.code)
	}
}

func TestJournalFinding(t *testing.T) {
	tests := []struct {
		mode string
		sev  severity
		text string
	}{
		{"delete", fine, "delete (rollback journal)"},
		{"truncate", fine, "truncate (rollback journal)"},
		{"persist", fine, "persist (rollback journal)"},
		{"wal", problem, "WAL, which breaks on shared drives"},
		{"WAL", problem, "WAL, which breaks on shared drives"},
		{"off", problem, "off: without a rollback journal"},
		{"memory", problem, "memory: without a rollback journal"},
	}
	for _, tt := range tests {
		f := journalFinding(tt.mode)
		if f.sev != tt.sev || f.topic != "journal" || !strings.HasPrefix(f.text, tt.text) {
			t.Errorf("journalFinding(%q) = %+v, want %v %q...", tt.mode, f, tt.sev, tt.text)
		}
	}
}

func TestSchemaFinding(t *testing.T) {
	if f := schemaFinding(db.SchemaVersion); f.sev != fine {
		t.Errorf("current schema: %+v", f)
	}
	if f := schemaFinding(db.SchemaVersion + 1); f.sev != problem || !strings.Contains(f.text, "update kpi") {
		t.Errorf("newer schema: %+v", f)
	}
	if f := schemaFinding(db.SchemaVersion - 1); f.sev != problem || !strings.Contains(f.text, "older") {
		t.Errorf("older schema: %+v", f)
	}
}

func TestFilesystemFinding(t *testing.T) {
	tests := []struct {
		fs   where.Filesystem
		err  error
		sev  severity
		text string
	}{
		{where.Filesystem{Kind: where.KindLocal, Type: "ext4"}, nil, fine, "the file is local, on this machine's disk (ext4)"},
		{where.Filesystem{Kind: where.KindLocal}, nil, fine, "the file is local, on this machine's disk"},
		{where.Filesystem{Kind: where.KindNFS, Type: "nfs4"}, nil, note, "the file is on an NFS share (nfs4): safe while NFS locking works"},
		{where.Filesystem{Kind: where.KindSMB, Type: "cifs"}, nil, note, "the file is on an SMB/CIFS share (cifs): safe while the server's locks work"},
		{where.Filesystem{Kind: where.KindFUSE, Type: "fuse.sshfs"}, nil, note, "the file is on a FUSE filesystem (fuse.sshfs): SQLite's locks may not reach"},
		{where.Filesystem{Kind: where.KindNetwork, Type: "9p"}, nil, note, "the file is on a network filesystem (9p)"},
		{where.Filesystem{}, where.ErrUnsupported, note, "unknown (this system does not say what kind of filesystem a file is on)"},
		{where.Filesystem{}, &os.PathError{Op: "statfs", Path: "/x", Err: errors.New("permission denied")}, note, "unknown (permission denied)"},
	}
	for _, tt := range tests {
		f := filesystemFinding(tt.fs, tt.err)
		if f.sev != tt.sev || !strings.HasPrefix(f.text, tt.text) {
			t.Errorf("filesystemFinding(%+v, %v) = %v %q, want %v %q...", tt.fs, tt.err, f.sev, f.text, tt.sev, tt.text)
		}
	}
}

func TestHygieneFindingSeverity(t *testing.T) {
	for _, r := range []model.Rule{model.RuleNoOwner, model.RuleNoTarget, model.RuleNoObjective, model.RuleNoRecentValue, model.RuleDefinitionStale, model.RuleVanity} {
		if f := hygieneFinding(model.Finding{Rule: r, Message: "m"}); f.sev != note {
			t.Errorf("%s is %v, want a note", r, f.sev)
		}
	}
	if f := hygieneFinding(model.Finding{Rule: model.RuleTooManyKey, Message: "too many key KPIs: 6"}); f.sev != problem || f.text != "too many key KPIs: 6" {
		t.Errorf("too many key KPIs: %+v", f)
	}
}

func TestReportFindingsSummary(t *testing.T) {
	tests := []struct {
		fs      []finding
		code    int
		msg     string
		summary string
	}{
		{[]finding{{fine, "a", "x"}}, ExitOK, "", "No problems found.\n"},
		{[]finding{{fine, "a", "x"}, {note, "b", "y"}}, ExitOK, "", "No problems found (1 note).\n"},
		{[]finding{{note, "a", "x"}, {note, "b", "y"}}, ExitOK, "", "No problems found (2 notes).\n"},
		{[]finding{{problem, "a", "x"}, {note, "b", "y"}}, ExitError, "1 problem found; see above", ""},
		{[]finding{{problem, "a", "x"}, {problem, "b", "y\x1b[2J"}}, ExitError, "2 problems found; see above", ""},
	}
	for _, tt := range tests {
		var b strings.Builder
		err := reportFindings(&b, tt.fs)
		code, msg := ExitOK, ""
		var ee exitError
		if errors.As(err, &ee) {
			code, msg = ee.code, ee.msg
		} else if err != nil {
			t.Fatalf("unexpected error %v", err)
		}
		if code != tt.code || msg != tt.msg || !strings.HasSuffix(b.String(), tt.summary) {
			t.Errorf("%+v: code %d msg %q output %q", tt.fs, code, msg, b.String())
		}
		wantLines := len(tt.fs)
		if tt.summary != "" {
			wantLines++
		}
		if lines := strings.Count(b.String(), "\n"); lines != wantLines {
			t.Errorf("%+v: %d lines:\n%s", tt.fs, lines, b.String())
		}
		if strings.Contains(b.String(), "\x1b") {
			t.Errorf("an escape sequence reached the output: %q", b.String())
		}
	}
}

func TestListSomeAndAgo(t *testing.T) {
	if got := listSome([]string{"a", "b"}, 3); got != "a, b" {
		t.Errorf("listSome 2 of 3 = %q", got)
	}
	if got := listSome([]string{"a", "b", "c", "d", "e"}, 3); got != "a, b, c and 2 more" {
		t.Errorf("listSome 5 of 3 = %q", got)
	}
	now := fixedNow
	for _, tt := range []struct {
		at   time.Time
		want string
	}{
		{now.Add(-10 * time.Minute), "less than an hour ago"},
		{now.Add(time.Minute), "less than an hour ago"}, // a clock slightly ahead
		{now.Add(-5 * time.Hour), "5 hours ago"},
		{now.Add(-72 * time.Hour), "3 days ago"},
	} {
		if got := ago(now, tt.at); got != tt.want {
			t.Errorf("ago(%v) = %q, want %q", now.Sub(tt.at), got, tt.want)
		}
	}
}
