package db

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"time"

	"kpi/model"
)

// staleSession is how old a heartbeat may be before its session is taken for a
// crashed app: it is left out of "who has the file open" and removed when the
// next app registers.
const staleSession = 10 * time.Minute

// readSessions reads every session row, oldest first. A heartbeat further in
// the future than staleSession (a clock far off, or a row another tool wrote)
// is read as no heartbeat at all, so the session counts as stale instead of
// showing "also here" forever; a little skew between machines is kept.
func readSessions(ctx context.Context, tx *sql.Tx, now time.Time) ([]model.Session, error) {
	return queryAll(ctx, tx, func(r *row) model.Session {
		var se model.Session
		se.ID, se.User, se.Host, se.PID = r.id(), r.text(), r.text(), int(r.count(0, math.MaxInt32, 0))
		se.StartedAt, se.Heartbeat = r.time(), r.time()
		if se.Heartbeat.After(now.Add(staleSession)) {
			r.flag("heartbeat", "%s is in the future", shown(timeText(se.Heartbeat)))
			se.Heartbeat = time.Time{}
		}
		return se
	}, "SELECT id, user, host, pid, started_at, heartbeat FROM sessions ORDER BY started_at, id")
}

// Sessions lists the apps that have registered as having the file open (presence,
// never a lock), oldest first; callers judge staleness by Heartbeat.
func (s *Store) Sessions() ([]model.Session, error) {
	var out []model.Session
	err := s.read(context.Background(), func(tx *sql.Tx) (err error) {
		out, err = readSessions(context.Background(), tx, s.now())
		return err
	})
	return out, err
}

// RegisterSession records that this app has the file open, so others can see who
// is in it; it also clears sessions of apps that stopped heartbeating long ago.
// Sessions are presence, not data, so they are not in the change log.
func (s *Store) RegisterSession(pid int) (model.Session, error) {
	ctx := context.Background()
	var se model.Session
	err := s.write(ctx, func(tx *sql.Tx) error {
		now := s.now()
		all, err := readSessions(ctx, tx, s.now())
		if err != nil {
			return err
		}
		for _, o := range all {
			if now.Sub(o.Heartbeat) > staleSession {
				if _, err := tx.ExecContext(ctx, "DELETE FROM sessions WHERE id = ?", o.ID); err != nil {
					return err
				}
			}
		}
		se = model.Session{User: s.opt.User, Host: s.opt.Host, PID: pid, StartedAt: now, Heartbeat: now}
		se.ID, err = insertID(ctx, tx, "INSERT INTO sessions (user, host, pid, started_at, heartbeat) VALUES (?, ?, ?, ?, ?)",
			se.User, se.Host, se.PID, timeText(now), timeText(now))
		return err
	})
	if err == nil {
		s.session.Store(se.ID)
	}
	return se, err
}

// Heartbeat tells the others this app is still open; call it every minute or so.
// ErrNotFound means the session was cleared as stale: register again.
func (s *Store) Heartbeat(id int64) error {
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

// EndSession removes this app's session when it closes the file.
func (s *Store) EndSession(id int64) error {
	ctx := context.Background()
	err := s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "DELETE FROM sessions WHERE id = ?", id)
		return err
	})
	if err == nil {
		s.session.CompareAndSwap(id, 0)
	}
	return err
}

// otherSessions names the other live sessions ("ana@laptop") for the busy
// message. It makes one short attempt and gives up quietly: it only decorates
// an error.
func (s *Store) otherSessions(ctx context.Context) []string {
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil
	}
	defer tx.Rollback()
	all, err := readSessions(ctx, tx, s.now())
	if err != nil {
		return nil
	}
	now, own := s.now(), s.session.Load()
	var names []string
	for _, o := range all {
		if o.ID == own || now.Sub(o.Heartbeat) > staleSession {
			continue
		}
		name := o.User + "@" + o.Host
		names = append(names, name)
	}
	return names
}
