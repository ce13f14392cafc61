package db

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// damagedFile makes a team file with a few hundred KPIs, then damages a page in
// its middle without touching the header, the way a bad sector or a sync tool
// would: every open that checks it finds the damage.
func damagedFile(t *testing.T) string {
	t.Helper()
	s := newStore(t)
	for i := range 200 {
		mustKPI(t, s, sampleKPI("k"+string(rune('a'+i%26))+string(rune('a'+i/26))))
	}
	path := s.Path()
	s.Close()
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteAt([]byte{0xff, 0xff, 0xff, 0xff}, 4096*3); err != nil {
		t.Fatal(err)
	}
	f.Close()
	return path
}

// TestDeferredCheckOpensThenTurnsReadOnly: with DeferCheck a damaged file opens
// (the reads that work, work), CheckIntegrity then finds the damage, and from
// then on the store is read-only with the reason and refuses writes.
func TestDeferredCheckOpensThenTurnsReadOnly(t *testing.T) {
	fileOnly(t)
	path := damagedFile(t)
	opt := testOptions("ana")
	opt.DeferCheck = true
	s, err := Open(path, opt)
	if err != nil {
		t.Fatalf("a deferred check still stood before the open: %v", err)
	}
	defer s.Close()
	if !s.CheckPending() || s.ReadOnlyReason() != "" {
		t.Fatalf("pending %v, read-only %q before the check", s.CheckPending(), s.ReadOnlyReason())
	}
	if _, err := s.Settings(); err != nil {
		t.Errorf("reading the settings page of a file damaged elsewhere: %v", err)
	}
	err = s.CheckIntegrity(context.Background())
	var de *DamagedError
	if !errors.As(err, &de) || !strings.Contains(err.Error(), path) {
		t.Fatalf("CheckIntegrity = %v, want a DamagedError naming the file", err)
	}
	if why := s.ReadOnlyReason(); !strings.HasPrefix(why, "damaged (") {
		t.Errorf("ReadOnlyReason after a failed check = %q", why)
	}
	if _, err := s.CreateKPI(sampleKPI("new")); !errors.Is(err, ErrReadOnly) {
		t.Errorf("a write after a failed check: %v", err)
	}
	if err := s.CheckIntegrity(context.Background()); !errors.As(err, &de) {
		t.Errorf("a second CheckIntegrity forgot the failure: %v", err)
	}
}

// TestWriteRunsThePendingCheck: a write before the deferred check ran runs it
// first, so nothing is written into a damaged file.
func TestWriteRunsThePendingCheck(t *testing.T) {
	fileOnly(t)
	path := damagedFile(t)
	before := fileHash(t, path)
	opt := testOptions("ana")
	opt.DeferCheck = true
	s, err := Open(path, opt)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.CreateKPI(sampleKPI("new")); !errors.Is(err, ErrReadOnly) || !strings.Contains(err.Error(), "damaged") {
		t.Errorf("a write into an unchecked damaged file: %v", err)
	}
	if s.CheckPending() {
		t.Error("the write did not run the check")
	}
	if fileHash(t, path) != before {
		t.Error("the damaged file was written to")
	}
}

// TestCancelledCheckStaysPending: a check cancelled (the app quit) neither
// passes nor fails the file; the next caller runs it again.
func TestCancelledCheckStaysPending(t *testing.T) {
	fileOnly(t)
	s := newStore(t)
	path := s.Path()
	s.Close()
	opt := testOptions("ana")
	opt.DeferCheck = true
	st, err := Open(path, opt)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := st.CheckIntegrity(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("a cancelled check = %v", err)
	}
	if !st.CheckPending() || st.ReadOnlyReason() != "" {
		t.Errorf("after a cancelled check: pending %v, read-only %q", st.CheckPending(), st.ReadOnlyReason())
	}
	if err := st.CheckIntegrity(context.Background()); err != nil || st.CheckPending() {
		t.Errorf("the check after it: %v, pending %v", err, st.CheckPending())
	}
}

// TestPresenceLeavesTheFileAsChecked: registering, heartbeats and leaving do
// not change the team file, so the verified-file cache still vouches for it
// and the next open runs no check.
func TestPresenceLeavesTheFileAsChecked(t *testing.T) {
	fileOnly(t)
	s := newStore(t)
	mustKPI(t, s, sampleKPI("mrr"))
	path := s.Path()
	s.Close()
	opt := testOptions("ana")
	opt.VerifiedCache = filepath.Join(t.TempDir(), "verified")
	opt.DeferCheck = true

	st, err := Open(path, opt)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.CheckIntegrity(context.Background()); err != nil {
		t.Fatal(err)
	}
	before := fileHash(t, path)
	fi, _ := os.Stat(path)
	se, err := st.RegisterSession(7)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Heartbeat(se.ID); err != nil {
		t.Fatal(err)
	}
	if all, err := st.Sessions(); err != nil || len(all) != 1 || all[0].ID != se.ID {
		t.Fatalf("sessions = %+v, %v", all, err)
	}
	if err := st.EndSession(se.ID); err != nil {
		t.Fatal(err)
	}
	st.Close()
	after, _ := os.Stat(path)
	if fileHash(t, path) != before || !after.ModTime().Equal(fi.ModTime()) {
		t.Fatal("presence wrote to the team file")
	}
	again, err := Open(path, opt)
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	if again.CheckPending() {
		t.Error("after an app opened and closed the file, the next open checks it again")
	}
}

// TestSessionFilesAreUntrusted: garbage and foreign files in the presence folder
// are skipped, text is cleaned, and stale sessions are cleared by the next app.
func TestSessionFilesAreUntrusted(t *testing.T) {
	fileOnly(t)
	s := newStore(t)
	dir := sessionsDir(s.Path())
	if err := os.MkdirAll(dir, 0o777); err != nil {
		t.Fatal(err)
	}
	old := testNow.Add(-2 * staleSession).Format("2006-01-02T15:04:05Z")
	for name, body := range map[string]string{
		"5.json":     `{"id":5,"user":"eve\u001b[2J","host":"h","pid":1,"started_at":"` + old + `","heartbeat":"` + testNow.Format("2006-01-02T15:04:05Z") + `"}`,
		"6.json":     `{"id":6,"user":"gone","host":"h","pid":1,"started_at":"` + old + `","heartbeat":"` + old + `"}`,
		"7.json":     `not json`,
		"8.json":     `{"id":9,"user":"liar"}`,
		"notes.txt":  `hello`,
		"big.json":   strings.Repeat("x", maxSessionBytes+10),
		".tmp-1":     `{}`,
		"10.json.gz": `{}`,
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o666); err != nil {
			t.Fatal(err)
		}
	}
	all, err := s.Sessions()
	if err != nil || len(all) != 2 || all[0].User != "eve" {
		t.Fatalf("sessions = %+v, %v", all, err)
	}
	if strings.ContainsRune(all[0].User, 0x1b) {
		t.Errorf("an escape reached the caller: %q", all[0].User)
	}
	if _, err := s.RegisterSession(1); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "6.json")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a stale session was not cleared: %v", err)
	}
	if all, _ := s.Sessions(); len(all) != 2 {
		t.Errorf("after registering: %+v", all)
	}
}
