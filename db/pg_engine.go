package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"kpi/model"
)

// server is a team on a PostgreSQL server: the engine behind a Store whose
// srv is set.
type server struct {
	pool   *pgxpool.Pool
	target target
	schema string // the team's schema (its key, or the temporary name while created)
	role   string // this login's role: viewer, editor or admin
	store  *Store
	// lockKey is the team's advisory lock: ApplicationID in the high half,
	// the schema's oid in the low one, so teams never share a lock.
	lockKey int64

	listen listener
	// bulk holds the connection of each bulk write transaction open now
	// (*sql.Tx → *bulkConn), for COPY (pg_copy.go).
	bulk sync.Map
}

// Writers of a team take turns, as on a file: each write transaction first
// takes the team's advisory lock (pg_advisory_xact_lock, released at COMMIT or
// ROLLBACK), so it runs alone among kpi's writers and reads, under READ
// COMMITTED, everything committed before it, as a file's BEGIN IMMEDIATE
// makes it. A wait past Options.Wait for the team's lock, or past
// lock_timeout for a row or table another tool holds (or a deadlock) is busy: retry runs the whole function again with backoff until
// Options.Wait, then ErrBusy (exit 4). Other tools' SQL takes no such lock;
// the version checks (UPDATE … WHERE id = ? AND version = ?, atomic under
// READ COMMITTED) and the triggers that move versions catch it. SERIALIZABLE
// would also keep writes apart, but 200 writers inserting into the same index
// pages abort each other faster than they commit.
//
// A bulk transaction runs on a connection taken from the pool for it and kept
// in bulk while it lasts, so that its batchers can COPY on it (pg_copy.go).
// A server checks every foreign key itself, as each COPY arrives: the kinds
// of bulk transaction differ only on a file.
func (v *server) beginWrite(ctx context.Context, kind writeKind) (*sql.Tx, func(), error) {
	tx, done, err := v.begin(ctx, kind != plainWrite)
	if err != nil {
		return nil, nil, err
	}
	// The writers' queue is the server's (first come, first served): wait in
	// it for up to Options.Wait, then lock_timeout is the short one again;
	// one statement, one round trip (a select list runs left to right).
	wait := max(v.store.opt.Wait.Milliseconds(), 1)
	short := max(min(v.store.opt.Wait, serverLockTimeout).Milliseconds(), 1)
	q := fmt.Sprintf("SELECT set_config('lock_timeout', '%d', true), pg_advisory_xact_lock(%d), set_config('lock_timeout', '%d', true)",
		wait, v.lockKey, short)
	if _, err := tx.ExecContext(ctx, q); err != nil {
		tx.Rollback()
		done()
		return nil, nil, err
	}
	return tx, done, nil
}

// begin starts a write transaction: on any pool connection, or for a bulk one
// on a connection of its own, known to copier until done gives it back.
func (v *server) begin(ctx context.Context, bulk bool) (*sql.Tx, func(), error) {
	if !bulk {
		tx, err := v.store.db.BeginTx(ctx, nil)
		return tx, func() {}, err
	}
	conn, err := v.store.db.Conn(ctx)
	if err != nil {
		return nil, nil, err
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		conn.Close()
		return nil, nil, err
	}
	v.bulk.Store(tx, &bulkConn{conn: conn})
	return tx, func() { v.bulk.Delete(tx); conn.Close() }, nil
}

// Reads see one snapshot (REPEATABLE READ), as a file's read transaction does,
// and never block a writer.
func (v *server) beginRead(ctx context.Context) (*sql.Tx, error) {
	return v.store.db.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true})
}

// pgBusy says whether err is a server's "try again": a serialization failure,
// a deadlock, or a lock not granted within lock_timeout.
func pgBusy(err error) bool {
	switch pgCode(err) {
	case "40001", "40P01", "55P03":
		return true
	}
	return false
}

// pgFull says whether the server is out of disk (or of memory for it).
func pgFull(err error) bool {
	switch pgCode(err) {
	case "53100", "53200":
		return true
	}
	return false
}

// refusal turns the server's refusal of a write (insufficient_privilege) into
// the read-only error with the reason: the app shows it, `kpi` exits 1.
func (v *server) refusal(err error) error {
	if pgCode(err) != "42501" {
		return err
	}
	what := "write to this team"
	if v.role == "editor" {
		what = "change definitions, objectives or settings (an editor writes values, notes, reviews and action items)"
	}
	return refused(fmt.Sprintf("nothing was saved: the server refused: your login %s may not %s; an admin can change that with `kpi grant`",
		v.store.opt.User, what))
}

// refusedError is a write the server's roles refuse: it is ErrReadOnly to
// errors.Is (the app shows it as a refusal, `kpi` exits 1), with words about a
// team on a server rather than a file.
type refusedError struct{ msg string }

func refused(msg string) error              { return refusedError{msg} }
func (e refusedError) Error() string        { return e.msg }
func (e refusedError) Is(target error) bool { return target == ErrReadOnly }

func (v *server) close() error {
	v.listen.stop()
	v.pool.Close()
	return nil
}

// listener keeps one connection LISTENing on the team's channel, which the
// schema's triggers notify at every commit that changes data, whoever made it
// (kpi or psql): generation counts the notifications. It starts with the first
// generation call (the app's; commands never ask) and reconnects after a
// lost connection, counting that as a change, since one may have been missed.
type listener struct {
	mu      sync.Mutex
	started bool
	cancel  context.CancelFunc
	done    chan struct{}
	count   atomic.Int64
}

func (v *server) generation() (int64, error) {
	l := &v.listen
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.started {
		ctx, cancel := context.WithCancel(context.Background())
		conn, err := v.listenConn(ctx)
		if err != nil {
			cancel()
			return 0, err
		}
		l.started, l.cancel, l.done = true, cancel, make(chan struct{})
		go v.listenLoop(ctx, conn)
	}
	return l.count.Load(), nil
}

// listenConn opens a connection of its own and LISTENs on the team's channel.
func (v *server) listenConn(ctx context.Context) (*pgx.Conn, error) {
	conn, err := pgx.ConnectConfig(ctx, v.pool.Config().ConnConfig.Copy())
	if err != nil {
		return nil, err
	}
	if _, err := conn.Exec(ctx, "LISTEN "+pgx.Identifier{"kpi_" + v.schema}.Sanitize()); err != nil {
		conn.Close(ctx)
		return nil, err
	}
	return conn, nil
}

func (v *server) listenLoop(ctx context.Context, conn *pgx.Conn) {
	l := &v.listen
	defer close(l.done)
	for {
		_, err := conn.WaitForNotification(ctx)
		if err == nil {
			l.count.Add(1)
			continue
		}
		conn.Close(context.Background())
		for ctx.Err() == nil {
			t := time.NewTimer(time.Second)
			select {
			case <-ctx.Done():
				t.Stop()
				return
			case <-t.C:
			}
			if conn, err = v.listenConn(ctx); err == nil {
				l.count.Add(1) // a commit may have come while nobody listened
				break
			}
		}
		if ctx.Err() != nil {
			return
		}
	}
}

func (l *listener) stop() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.started {
		l.cancel()
		<-l.done
		l.started = false
	}
}

// Presence on a server is the team's sessions table: a heartbeat is an UPDATE
// of one row, which notifies no one (the table has no notify trigger).

func (v *server) sessions() ([]model.Session, error) {
	s := v.store
	var out []model.Session
	err := s.read(context.Background(), func(tx *sql.Tx) (err error) {
		out, err = queryAll(context.Background(), tx, decodeSessionRow,
			"SELECT id, user, host, pid, started_at, heartbeat FROM sessions ORDER BY started_at, id LIMIT ?", maxSessionFiles)
		return err
	})
	return out, err
}

// decodeSessionRow reads a sessions row, cleaned like every cell.
func decodeSessionRow(r *row) model.Session {
	var se model.Session
	se.ID, se.User, se.Host = r.id(), r.text(), r.text()
	se.PID = int(r.id())
	se.StartedAt, se.Heartbeat = r.time(), r.time()
	return se
}

func (v *server) registerSession(pid int) (model.Session, error) {
	s := v.store
	if why := s.ReadOnlyReason(); why != "" {
		return model.Session{}, fmt.Errorf("no session registered: %w (%s)", ErrReadOnly, why)
	}
	now := s.now()
	v.clearStale(now)
	se := model.Session{User: s.opt.User, Host: s.opt.Host, PID: pid, StartedAt: now, Heartbeat: now}
	ctx := context.Background()
	err := s.write(ctx, func(tx *sql.Tx) (err error) {
		se.ID, err = insertID(ctx, tx, "INSERT INTO sessions (user, host, pid, started_at, heartbeat) VALUES (?, ?, ?, ?, ?)",
			se.User, se.Host, pid, timeText(now), timeText(now))
		return err
	})
	if err != nil {
		return model.Session{}, fmt.Errorf("cannot record that you have the team open: %w", err)
	}
	s.session.Store(se.ID)
	return se, nil
}

// clearStale removes sessions whose heartbeat is long gone; housekeeping, so
// failures are ignored.
func (v *server) clearStale(now time.Time) {
	all, err := v.sessions()
	if err != nil {
		return
	}
	for _, se := range all {
		if now.Sub(se.Heartbeat) > staleSession || se.Heartbeat.After(now.Add(staleSession)) {
			v.store.db.Exec("DELETE FROM sessions WHERE id = ?", se.ID)
		}
	}
}

func (v *server) heartbeat(id int64) error {
	s := v.store
	ctx := context.Background()
	return s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "UPDATE sessions SET heartbeat = ? WHERE id = ?", timeText(s.now()), id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("session %d: %w", id, ErrNotFound)
		}
		return nil
	})
}

func (v *server) endSession(id int64) error {
	s := v.store
	_, err := s.db.Exec("DELETE FROM sessions WHERE id = ?", id)
	if err == nil {
		s.session.CompareAndSwap(id, 0)
	}
	return err
}

func (v *server) otherSessions(context.Context) []string {
	all, err := v.sessions()
	if err != nil {
		return nil
	}
	now, own := v.store.now(), v.store.session.Load()
	var names []string
	for _, o := range all {
		if o.ID != own && now.Sub(o.Heartbeat) <= staleSession {
			names = append(names, o.User+"@"+o.Host)
		}
	}
	return names
}

// backup copies the team, read in one snapshot, into a new team file at dest,
// and checks the copy by comparing the two exports: what `kpi backup` does on
// a server (a copy anyone can open without the server). The server's own
// backups are pg_dump's.
func (v *server) backup(dest string) error {
	abs, err := filepath.Abs(dest)
	if err != nil {
		return err
	}
	if _, err := os.Lstat(abs); err == nil {
		return fmt.Errorf("backup to %s: it exists already; refusing to overwrite it", abs)
	}
	if err := CopyTeam(v.store, abs, v.store.opt); err != nil {
		return fmt.Errorf("backup to %s: %w", abs, err)
	}
	return nil
}

// dailyBackup makes none on a server (see DailyBackup).
func (v *server) dailyBackup(string, int, time.Time) (string, bool, error) { return "", false, nil }

// Teams lists the teams on the server that dsn names (its team is ignored):
// each kpi schema's key and team name, in key order. A team this login may
// not read is listed with its name as "(no access)".
func Teams(dsn string, opt Options) ([]Team, error) {
	opt = opt.withDefaults()
	ctx := context.Background()
	_, pool, err := connectCatalog(ctx, dsn, opt)
	if err != nil {
		return nil, err
	}
	defer pool.Close()
	rows, err := pool.Query(ctx, `SELECT n.nspname FROM pg_namespace n JOIN pg_class c ON c.relnamespace = n.oid
		WHERE c.relname = 'kpi_meta' AND c.relkind = 'r' AND strpos(n.nspname, $1) = 0 ORDER BY n.nspname`, creatingMark)
	if err != nil {
		return nil, err
	}
	keys, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, err
	}
	out := make([]Team, 0, len(keys))
	for _, k := range keys {
		tm := Team{Key: model.Sanitize(k, false), Name: "(no access)"}
		var name string
		q := fmt.Sprintf("SELECT team_name FROM %s.settings WHERE id = 1", pgx.Identifier{k}.Sanitize())
		if err := pool.QueryRow(ctx, q).Scan(&name); err == nil {
			tm.Name = model.Sanitize(strings.TrimSpace(name), false)
		} else if !errors.Is(err, pgx.ErrNoRows) && pgCode(err) != "42501" {
			return nil, err
		}
		out = append(out, tm)
	}
	return out, nil
}

// Team is one team on a server: its key (the DSN's team) and its name.
type Team struct {
	Key  string
	Name string
}
