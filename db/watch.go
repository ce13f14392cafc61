package db

import (
	"context"
	"database/sql"
	"sync"
)

// watcher keeps one connection open for PRAGMA data_version, which only means
// something when read again on the same connection: the number moves when any
// other connection — another kpi, the sqlite3 shell, a script, or this Store's
// own pool — has committed to the file since the last reading. The connection
// holds no lock between readings.
type watcher struct {
	mu   sync.Mutex
	db   *sql.DB
	conn *sql.Conn
}

func (w *watcher) close() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.conn != nil {
		w.conn.Close()
		w.db.Close()
		w.conn, w.db = nil, nil
	}
}

// Generation is a number that changes whenever anyone commits to the file, by
// any means (kpi, SQL from another tool). The app polls it about once a second
// and reloads when it moves. Values are comparable only within one Store.
func (s *Store) fileGeneration() (int64, error) {
	w := &s.watch
	w.mu.Lock()
	defer w.mu.Unlock()
	ctx := context.Background()
	if w.conn == nil {
		db, err := sql.Open("sqlite", dsn(s.path, "ro-light", s.opt))
		if err != nil {
			return 0, err
		}
		conn, err := db.Conn(ctx)
		if err != nil {
			db.Close()
			return 0, err
		}
		w.db, w.conn = db, conn
	}
	var v int64
	if err := w.conn.QueryRowContext(ctx, "PRAGMA data_version").Scan(&v); err != nil {
		return 0, err
	}
	return v, nil
}
