package db

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"runtime"
	"strings"
	"time"
)

// Backoff between attempts while the file is busy: it starts short because most
// writes take milliseconds, doubles, and is capped so a waiting writer notices
// the lock going away soon after it does.
const (
	firstBackoff = 5 * time.Millisecond
	maxBackoff   = 200 * time.Millisecond
)

// write runs fn in one BEGIN IMMEDIATE transaction (the DSN's _txlock) and
// commits. If the file is busy at any point — BEGIN, a statement or COMMIT — the
// transaction is rolled back and the whole of fn runs again, with jittered
// backoff, until Options.Wait is used up; then the error wraps ErrBusy and
// nothing was saved. fn must therefore compute everything from what it reads in
// tx, and never wait for a user.
func (s *Store) write(ctx context.Context, fn func(tx *sql.Tx) error) error {
	return s.writeTx(ctx, plainWrite, fn)
}

// writeKind says how writeTx sets up the transaction's connection.
type writeKind int

const (
	plainWrite  writeKind = iota
	bulkRows              // bulkWrite
	bulkOwnRefs           // bulkWriteOwnRefs
)

// bulkWrite is write for a transaction of many rows (a JSON import, the
// demo, a copy): it runs with temporary storage in memory, which SQLite fixes
// for a transaction as it begins. A multi-row INSERT that may abort midway
// keeps a statement journal (the pages it changed, to undo just that
// statement); on disk it spills to a temporary file past 64 KiB, and an
// import of 100,000 values wrote over a hundred thousand pages there. Its
// pages stay in memory only until the statement ends. (A values import needs
// none: bulkWriteOwnRefs.)
func (s *Store) bulkWrite(ctx context.Context, fn func(tx *sql.Tx) error) error {
	return s.writeTx(ctx, bulkRows, fn)
}

// bulkWriteOwnRefs is bulkWrite for a transaction that checks every reference
// it writes against rows it read inside the transaction — writeImported each
// value's KPI, checkKPIAgainst a KPI's objective — so SQLite's foreign-key
// checks are off for it (PRAGMA foreign_keys, set before BEGIN and back on
// after). With them on, a multi-row INSERT into a table with a foreign key
// keeps a statement journal whatever its conflict clause (the check is
// counted up to the statement's end, which may then abort it) and looks each
// row's KPI up again: a fifth of a 100,000-value import. Its INSERTs are OR
// FAIL (batcher), so no constraint needs that journal either: the first
// failure ends the statement and the caller rolls the whole transaction back.
func (s *Store) bulkWriteOwnRefs(ctx context.Context, fn func(tx *sql.Tx) error) error {
	return s.writeTx(ctx, bulkOwnRefs, fn)
}

func (s *Store) writeTx(ctx context.Context, kind writeKind, fn func(tx *sql.Tx) error) error {
	if err := s.ensureChecked(ctx); err != nil {
		return fmt.Errorf("nothing was saved: %w", err)
	}
	if why := s.ReadOnlyReason(); why != "" {
		if s.srv != nil {
			return refused("nothing was saved: the team is read-only for you (" + why + ")")
		}
		return fmt.Errorf("nothing was saved: %w (%s)", ErrReadOnly, why)
	}
	start := time.Now()
	err := s.retry(ctx, func() error {
		tx, done, err := s.engine().beginWrite(ctx, kind)
		if err != nil {
			return err
		}
		defer done()
		if err := fn(tx); err != nil {
			tx.Rollback()
			return err
		}
		return tx.Commit()
	})
	s.logTimed(ctx, "write", start, err)
	if s.srv != nil {
		err = s.srv.refusal(err)
	}
	if isFull(err) {
		return fmt.Errorf("%w; nothing was saved (%v)", ErrFull, err)
	}
	return err
}

// writeSchema is write for schema changes: fn runs in one immediate
// transaction on a connection with foreign keys off, because rebuilding a
// table means dropping it, and with foreign keys on that would cascade to its
// children (kpi_targets) or null their references (kpis.objective_id).
// PRAGMA foreign_keys cannot change inside a transaction, so the connection
// is taken from the pool, switched off before BEGIN and on again after; a
// connection that cannot be switched back is discarded rather than reused.
// legacy_alter_table keeps RENAME from rewriting or checking other tables'
// views and triggers mid-rebuild, as SQLite's procedure expects.
func (s *Store) writeSchema(ctx context.Context, fn func(tx *sql.Tx) error) error {
	if s.readOnly != "" {
		return fmt.Errorf("nothing was saved: %w (%s)", ErrReadOnly, s.readOnly)
	}
	err := s.retry(ctx, func() error {
		conn, err := s.db.Conn(ctx)
		if err != nil {
			return err
		}
		defer conn.Close()
		defer restorePragmas(conn)
		for _, p := range []string{"PRAGMA foreign_keys = OFF", "PRAGMA legacy_alter_table = ON"} {
			if _, err := conn.ExecContext(ctx, p); err != nil {
				return err
			}
		}
		tx, err := conn.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		if err := fn(tx); err != nil {
			tx.Rollback()
			return err
		}
		return tx.Commit()
	})
	if isFull(err) {
		return fmt.Errorf("%w; nothing was saved (%v)", ErrFull, err)
	}
	return err
}

// beginFileWrite begins a write transaction on a file, for a bulk one on a
// connection of its own with temp_store = MEMORY, which done sets back, with
// the CHECK constraints on whatever the transaction did (skipChecks) — or,
// failing that, makes the pool throw the connection away — and returns to the pool.
func (s *Store) beginFileWrite(ctx context.Context, kind writeKind) (*sql.Tx, func(), error) {
	if kind == plainWrite {
		tx, err := s.db.BeginTx(ctx, nil)
		return tx, func() {}, err
	}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return nil, nil, err
	}
	done := func() {
		if !resetBulkPragmas(conn) {
			conn.Raw(func(any) error { return driver.ErrBadConn })
		}
		conn.Close()
	}
	conn.ExecContext(ctx, "PRAGMA temp_store = MEMORY") // failing only costs speed
	if kind == bulkOwnRefs {
		conn.ExecContext(ctx, "PRAGMA foreign_keys = OFF") // failing only costs speed
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		done()
		return nil, nil, err
	}
	return tx, done, nil
}

// resetBulkPragmas puts back what a bulk transaction may have changed on its
// connection and reports whether the CHECK constraints and the foreign keys
// are on again.
func resetBulkPragmas(conn *sql.Conn) bool {
	ctx := context.Background()
	var ignoring, fks int
	_, err1 := conn.ExecContext(ctx, "PRAGMA temp_store = DEFAULT")
	_, err2 := conn.ExecContext(ctx, "PRAGMA ignore_check_constraints = OFF")
	err3 := conn.QueryRowContext(ctx, "PRAGMA ignore_check_constraints").Scan(&ignoring)
	_, err4 := conn.ExecContext(ctx, "PRAGMA foreign_keys = ON")
	err5 := conn.QueryRowContext(ctx, "PRAGMA foreign_keys").Scan(&fks)
	return err1 == nil && err2 == nil && err3 == nil && ignoring == 0 && err4 == nil && err5 == nil && fks == 1
}

// restorePragmas turns foreign keys back on after writeSchema, or makes the pool
// throw the connection away.
func restorePragmas(conn *sql.Conn) {
	ctx := context.Background()
	var on int
	_, err1 := conn.ExecContext(ctx, "PRAGMA legacy_alter_table = OFF")
	_, err2 := conn.ExecContext(ctx, "PRAGMA foreign_keys = ON")
	err3 := conn.QueryRowContext(ctx, "PRAGMA foreign_keys").Scan(&on)
	if err1 != nil || err2 != nil || err3 != nil || on != 1 {
		conn.Raw(func(any) error { return driver.ErrBadConn })
	}
}

// read runs fn in a short deferred (read) transaction so that several queries
// see one state of the file, retrying like write while a writer holds the file
// exclusively for its commit. The transaction always ends before read returns:
// in rollback mode an open read would block everyone else's COMMIT.
func (s *Store) read(ctx context.Context, fn func(tx *sql.Tx) error) error {
	start := time.Now()
	err := s.retry(ctx, func() error {
		tx, err := s.engine().beginRead(ctx)
		if err != nil {
			return err
		}
		defer tx.Rollback()
		return fn(tx)
	})
	s.logTimed(ctx, "read", start, err)
	return err
}

// logTimed records a read or write in the debug log with what asked for it
// (the Store method two frames up: Values, SetValue…) and how long it took.
// Without a debug log it costs one call.
func (s *Store) logTimed(ctx context.Context, what string, start time.Time, err error) {
	if !s.opt.Log.Enabled(ctx, slog.LevelDebug) {
		return
	}
	by := "?"
	if pc, _, _, ok := runtime.Caller(2); ok {
		if f := runtime.FuncForPC(pc); f != nil {
			by = strings.TrimPrefix(f.Name(), "kpi/db.")
		}
	}
	s.opt.Log.Debug(what, "by", by, "took", time.Since(start), "err", err)
}

// retry runs attempt until it succeeds, fails with something other than
// SQLITE_BUSY/LOCKED, or Options.Wait is over.
func (s *Store) retry(ctx context.Context, attempt func() error) error {
	deadline := time.Now().Add(s.opt.Wait)
	backoff := firstBackoff
	for try := 1; ; try++ {
		err := attempt()
		if err == nil || !isBusy(err) {
			return err
		}
		left := time.Until(deadline)
		if left <= 0 {
			s.opt.Log.Warn("busy: gave up", "attempts", try, "waited", s.opt.Wait)
			return s.busyError(ctx)
		}
		// Full jitter around the current step keeps processes that collided
		// from colliding again in lockstep.
		pause := min(backoff/2+rand.N(backoff), left)
		s.opt.Log.Debug("busy: retrying", "attempt", try, "pause", pause, "err", err)
		t := time.NewTimer(pause)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
		backoff = min(backoff*2, maxBackoff)
	}
}

// busyError says that nothing was saved and, when the sessions table tells,
// who else has the file open.
func (s *Store) busyError(ctx context.Context) error {
	who := ""
	if others := s.otherSessions(ctx); len(others) > 0 {
		who = "; open now: " + strings.Join(others, ", ")
	}
	if s.IsServer() {
		return serverBusy{fmt.Sprintf("the team is busy on the server (another client is writing%s), nothing was saved; try again", who)}
	}
	return fmt.Errorf("%w (another program is writing%s), nothing was saved; try again", ErrBusy, who)
}

// serverBusy is ErrBusy in a server's words: there is no file to be busy, but
// callers (exit 4, the forms' "keeps what you typed") still see ErrBusy.
type serverBusy struct{ msg string }

func (e serverBusy) Error() string        { return e.msg }
func (e serverBusy) Is(target error) bool { return target == ErrBusy }

// now is the store's clock in UTC, for stamps and the change log.
func (s *Store) now() time.Time { return s.opt.Now().UTC() }

// who names the user in change-log summaries.
func (s *Store) who() string {
	if s.opt.User == "" {
		return "someone"
	}
	return s.opt.User
}
