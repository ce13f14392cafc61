package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"sync/atomic"
)

// integrity is the state of the quick_check an Open with DeferCheck left for
// later. The first frame of the app and the output of a read command do not
// wait for it (on the large demo it takes a second or more); writes do, so no
// write reaches a file that was not checked since it last changed.
type integrity struct {
	mu      sync.Mutex               // held while a check runs; a second caller waits for its result
	pending atomic.Bool              // the check has not run (or was cancelled)
	damaged atomic.Pointer[string]   // why the file is read-only after a failed check
	lastErr atomic.Pointer[errorBox] // the failed check's error, for callers after the first
}

type errorBox struct{ err error }

// DamagedError says that the file failed its integrity check after it was
// opened: what was read from it may be wrong, and nothing more is written.
type DamagedError struct {
	Path     string
	Problems string // SQLite's complaints, joined
	Err      error  // the SQLite error when the check itself hit the damage
}

func (e *DamagedError) Error() string {
	return e.Path + " is " + e.Reason() + "; restore it from a backup (`kpi doctor` tells more)"
}

// Reason is the read-only reason the app shows: "damaged (…)".
func (e *DamagedError) Reason() string { return "damaged (" + e.Problems + ")" }

func (e *DamagedError) Unwrap() error { return e.Err }

// CheckPending reports that the file's quick_check has not run yet: Open was
// asked to defer it and the file was not checked unchanged before.
func (s *Store) CheckPending() bool { return s.integ.pending.Load() }

// CheckIntegrity runs the quick_check Open deferred, on a connection of its own,
// so the store's connection stays free for the app's reads while it runs (and it
// may run after Close: the command line checks after printing). It is a no-op
// when nothing is pending, apart from returning an earlier failure. A failure is
// a *DamagedError and turns the store read-only with the reason; a cancelled
// ctx leaves the check pending. A pass is remembered in the verified-file cache
// when the file did not change while it ran.
func (s *Store) CheckIntegrity(ctx context.Context) error {
	s.integ.mu.Lock()
	defer s.integ.mu.Unlock()
	if !s.integ.pending.Load() {
		if b := s.integ.lastErr.Load(); b != nil {
			return b.err
		}
		return nil
	}
	problems, unchanged, err := s.quickCheckApart(ctx)
	code := sqliteCode(err) & 0xff
	switch {
	case err != nil && (code == codeCorrupt || code == codeNotADB):
		problems = []string{err.Error()}
	case err != nil:
		return err // cancelled, busy, gone: still pending
	}
	s.integ.pending.Store(false)
	if len(problems) == 0 {
		if unchanged {
			markVerified(s.opt.VerifiedCache, s.path, s.opt.stamp)
		}
		return nil
	}
	de := &DamagedError{Path: s.path, Problems: strings.Join(problems, "; "), Err: err}
	reason := de.Reason() + "; restore it from a backup"
	s.integ.damaged.Store(&reason)
	s.integ.lastErr.Store(&errorBox{de})
	return de
}

// quickCheckApart runs PRAGMA quick_check on a new read-only connection, and
// says whether the file's size and time inside the check's read transaction
// (no writer can commit while it holds its shared lock) were those preflight
// stamped, so that the pass can be remembered for that stamp.
func (s *Store) quickCheckApart(ctx context.Context) (problems []string, unchanged bool, err error) {
	conn, err := connect(s.path, "ro", s.opt)
	if err != nil {
		return nil, false, err
	}
	defer conn.Close()
	tx, err := conn.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, false, err
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, "PRAGMA quick_check(100)")
	if err != nil {
		return nil, false, err
	}
	defer rows.Close()
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return nil, false, err
		}
		if line != "ok" && !constraintLine(line) {
			problems = append(problems, line)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, false, err
	}
	if ctx.Err() != nil {
		return nil, false, ctx.Err()
	}
	return problems, s.stampStill(), nil
}

// stampStill reports whether the file's size and time are those in the stamp
// preflight took (its change counter cannot be read without a descriptor on the
// file, which would drop SQLite's locks).
func (s *Store) stampStill() bool {
	fi, err := os.Stat(s.path)
	if err != nil || s.opt.stamp == "" {
		return false
	}
	_, sizeTime, _ := strings.Cut(s.opt.stamp, "/")
	return sizeTime == fmt.Sprintf("%d/%d", fi.Size(), fi.ModTime().UnixNano())
}

// ensureChecked runs a pending check before a write, so nothing is written into
// a file that was not checked since it last changed.
func (s *Store) ensureChecked(ctx context.Context) error {
	if !s.integ.pending.Load() {
		return nil
	}
	err := s.CheckIntegrity(ctx)
	var de *DamagedError
	if errors.As(err, &de) {
		return nil // the read-only reason refuses the write
	}
	return err
}

// damageReason is why a failed check made the store read-only ("" if none).
func (s *Store) damageReason() string {
	if r := s.integ.damaged.Load(); r != nil {
		return *r
	}
	return ""
}
