package model

import "errors"

// Sentinel errors of a store, declared here so that both the db implementation and
// the app (which must not import db) can test for them with errors.Is and pick a
// message, an exit code or a retry. The wrapping error carries the details.
var (
	// ErrNotFound means the row asked for does not exist (any more).
	ErrNotFound = errors.New("not found")
	// ErrConflict means someone else saved the row after the caller read it.
	ErrConflict = errors.New("someone else changed it first")
	// ErrReadOnly means the file was opened read-only; the wrapping error says why.
	ErrReadOnly = errors.New("the file is open read-only")
	// ErrBusy means another process held the write lock for longer than the
	// caller would wait; nothing was saved.
	ErrBusy = errors.New("the file is busy")
	// ErrFull means the disk is full or the file reached its size limit; the
	// transaction was rolled back and earlier data is intact.
	ErrFull = errors.New("the file cannot grow (disk full or size limit reached)")
)
