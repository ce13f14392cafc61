package db

import (
	"context"
	"database/sql"
	"time"

	"kpi/model"
)

// engine is what differs between a team file (SQLite, shared-drive.md) and a
// team on a database server (PostgreSQL, one schema per team): how
// transactions begin, which errors mean "busy, try again", how a commit by
// anyone is noticed, where presence lives, and how a copy is made. Opening and
// migrations differ too; they happen before a Store exists (Open and Create for
// a file, openServer and createServer for a server). Every query above this
// seam is shared: the server's connections speak the store's SQL through
// pg_dialect.go.
type engine interface {
	// beginRead starts a read-only transaction that sees one state of the data.
	beginRead(ctx context.Context) (*sql.Tx, error)
	// beginWrite starts a write transaction that behaves as if it ran alone
	// (or fails busy, and the whole function is retried); done returns any
	// connection it took to the pool.
	beginWrite(ctx context.Context, kind writeKind) (tx *sql.Tx, done func(), err error)
	// generation moves whenever anyone commits, by any means.
	generation() (int64, error)
	sessions() ([]model.Session, error)
	registerSession(pid int) (model.Session, error)
	heartbeat(id int64) error
	endSession(id int64) error
	otherSessions(ctx context.Context) []string
	// backup writes a consistent copy of the team to a new team file at dest.
	backup(dest string) error
	dailyBackup(dir string, keep int, now time.Time) (string, bool, error)
	close() error
}

// engine is the store's engine: the server's when it has one, else the file's.
func (s *Store) engine() engine {
	if s.srv != nil {
		return s.srv
	}
	return fileEngine{s}
}

// IsServer says whether the store is a team on a database server rather than
// a team file: `kpi doctor` and the file-only checks ask.
func (s *Store) IsServer() bool { return s.srv != nil }

// Generation is a number that changes whenever anyone commits to the team's
// data, by any means (kpi, SQL from another tool). The app polls it about once a
// second and reloads when it moves. Values are comparable only within one Store.
func (s *Store) Generation() (int64, error) { return s.engine().generation() }

// Sessions lists the apps that have registered as having the team open
// (presence, never a lock), oldest first; callers judge staleness by Heartbeat.
func (s *Store) Sessions() ([]model.Session, error) { return s.engine().sessions() }

// RegisterSession records that this app has the team open, so others can see
// who is in it; it also clears sessions of apps that stopped heartbeating long ago.
func (s *Store) RegisterSession(pid int) (model.Session, error) {
	return s.engine().registerSession(pid)
}

// Heartbeat tells the others this app is still open; call it every minute or so.
// ErrNotFound means the session was cleared as stale: register again.
func (s *Store) Heartbeat(id int64) error { return s.engine().heartbeat(id) }

// EndSession removes this app's session when it closes the team.
func (s *Store) EndSession(id int64) error { return s.engine().endSession(id) }

// otherSessions names the other live sessions ("ana@laptop") for the busy message.
func (s *Store) otherSessions(ctx context.Context) []string { return s.engine().otherSessions(ctx) }

// Backup writes a consistent, checked copy of the team to a new team file at
// dest (which must not exist). On a file it is VACUUM INTO; on a server, the
// team read in one snapshot and written into a new file (as `kpi copy`).
func (s *Store) Backup(dest string) error { return s.engine().backup(dest) }

// DailyBackup makes the day's backup into dir, keeping keep of them (see
// fileDailyBackup). On a server it makes none: the server's backups are
// pg_dump's (the README says how), and one app per person copying a whole
// team every day would be a load on the server, not a safety net.
func (s *Store) DailyBackup(dir string, keep int, now time.Time) (path string, made bool, err error) {
	return s.engine().dailyBackup(dir, keep, now)
}

// fileEngine is a team file's engine: the code of shared-drive.md.
type fileEngine struct{ s *Store }

func (e fileEngine) beginRead(ctx context.Context) (*sql.Tx, error) {
	return e.s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
}

func (e fileEngine) beginWrite(ctx context.Context, kind writeKind) (*sql.Tx, func(), error) {
	return e.s.beginFileWrite(ctx, kind)
}

func (e fileEngine) generation() (int64, error)                 { return e.s.fileGeneration() }
func (e fileEngine) sessions() ([]model.Session, error)         { return e.s.fileSessions() }
func (e fileEngine) heartbeat(id int64) error                   { return e.s.fileHeartbeat(id) }
func (e fileEngine) endSession(id int64) error                  { return e.s.fileEndSession(id) }
func (e fileEngine) otherSessions(ctx context.Context) []string { return e.s.fileOtherSessions(ctx) }
func (e fileEngine) backup(dest string) error                   { return e.s.fileBackup(dest) }
func (e fileEngine) close() error                               { e.s.watch.close(); return nil }

func (e fileEngine) registerSession(pid int) (model.Session, error) {
	return e.s.fileRegisterSession(pid)
}

func (e fileEngine) dailyBackup(dir string, keep int, now time.Time) (string, bool, error) {
	return e.s.fileDailyBackup(dir, keep, now)
}
