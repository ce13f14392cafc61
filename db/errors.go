package db

import (
	"errors"
	"fmt"
	"time"

	"modernc.org/sqlite"

	"kpi/model"
)

// Sentinel errors callers test with errors.Is to pick a message, an exit code or
// a retry. They are model's, so the app can test for them without importing db.
var (
	ErrNotFound = model.ErrNotFound
	ErrConflict = model.ErrConflict
	ErrReadOnly = model.ErrReadOnly
	ErrBusy     = model.ErrBusy
	ErrFull     = model.ErrFull
)

// OpenError explains why a team file could not be opened or created, in one line
// that says what to do about it.
type OpenError struct {
	Op     string // "open" (the default when empty) or "create"
	Path   string
	Reason string // what is wrong with the file, e.g. "it is empty (0 bytes)"
	Hint   string // what to do about it; may be empty
	Err    error  // the underlying error, if any
}

// Error is "cannot open PATH: REASON; WHAT TO DO".
func (e *OpenError) Error() string {
	op := e.Op
	if op == "" {
		op = "open"
	}
	msg := "cannot " + op + " " + e.Path + ": " + e.Reason
	if e.Hint != "" {
		msg += "; " + e.Hint
	}
	return msg
}

// Unwrap exposes the underlying error (often nil) to errors.Is and errors.As.
func (e *OpenError) Unwrap() error { return e.Err }

// ConflictError is returned by version-checked saves when the row changed since
// the caller read it. Theirs is the row as it is now (the model type, e.g.
// model.KPI), or nil when it was deleted, so the caller can show theirs and yours
// and let the user choose. It wraps ErrConflict.
type ConflictError struct {
	Entity string    // "value", "kpi", "objective", ...
	ID     int64     // the row's id (theirs)
	Theirs any       // the current row, re-read in the same transaction; nil if deleted
	By     string    // who saved it last
	At     time.Time // when they saved it
}

// Error says who changed what and that nothing was saved.
func (e *ConflictError) Error() string {
	if e.Theirs == nil {
		return fmt.Sprintf("%s %d was deleted by someone else; nothing was saved", e.Entity, e.ID)
	}
	who := e.By
	if who == "" {
		who = "someone else"
	}
	when := ""
	if !e.At.IsZero() {
		when = " at " + e.At.Local().Format("2006-01-02 15:04")
	}
	return fmt.Sprintf("%s %d was changed by %s%s after you loaded it; nothing was saved — reload and apply your change again", e.Entity, e.ID, who, when)
}

// Unwrap makes errors.Is(err, ErrConflict) true.
func (e *ConflictError) Unwrap() error { return ErrConflict }

// SQLite primary result codes this package reacts to (sqlite3.h).
const (
	codeCorrupt  = 11
	codeFull     = 13
	codeNotADB   = 26
	codeBusy     = 5
	codeLocked   = 6
	codeReadOnly = 8
	// codeReadOnlyRollback is SQLITE_READONLY_ROLLBACK: a hot journal needs
	// rolling back but the connection cannot write.
	codeReadOnlyRollback = codeReadOnly | 3<<8
)

// sqliteCode is the extended SQLite result code inside err, or 0.
func sqliteCode(err error) int {
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code()
	}
	return 0
}

// isBusy reports whether err means "another connection holds the lock".
// On a server it is a serialization failure, a deadlock or a lock wait past
// lock_timeout (pgBusy): the whole write runs again, as on a busy file.
func isBusy(err error) bool {
	c := sqliteCode(err) & 0xff
	return c == codeBusy || c == codeLocked || pgBusy(err)
}

// isFull reports whether err is SQLITE_FULL (disk full or max_page_count).
func isFull(err error) bool { return sqliteCode(err)&0xff == codeFull || pgFull(err) }
