package db

import (
	"context"
	"database/sql"
	"strings"
)

// batchRows is how many rows go into one multi-row INSERT in bulk writes: far
// fewer statements make a large import several times faster, and 64 rows × 13
// columns stays well below SQLite's limit on bound parameters (32,766).
const batchRows = 64

// serverBatchRows is batchRows on a server, where each statement is a round
// trip: 1,000 rows × 13 columns stays below PostgreSQL's 65,535 parameters.
const serverBatchRows = 1000

// batcher collects rows for one table and inserts them batchRows at a time with a
// prepared statement (the last, shorter batch with its own statement).
type batcher struct {
	ctx  context.Context
	tx   *sql.Tx
	head string // INSERT INTO t (a, b, c) VALUES
	row  string // (?, ?, ?)
	full *sql.Stmt
	args []any
	n    int
	rows int // rows per full batch
	// send, when set, writes the queued rows instead of an INSERT: a server's
	// bulk transaction COPYs them (pg_copy.go).
	send func(args []any, n int) error
	// inserted, when set, is told each INSERT's last rowid and row count.
	inserted func(lastID int64, rows int) error
}

// newBatcher prepares the full-batch INSERT of cols columns, of batchRows
// rows on a file and serverBatchRows on a server; in a server's bulk
// transaction it COPYs serverCopyRows rows at a time instead.
func (s *Store) newBatcher(ctx context.Context, tx *sql.Tx, table string, cols ...string) (*batcher, error) {
	b := &batcher{ctx: ctx, tx: tx, rows: batchRows,
		head: "INSERT OR FAIL INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES ",
		row:  "(" + strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ") + ")",
	}
	if s.IsServer() {
		b.rows, b.head = serverBatchRows, strings.Replace(b.head, "INSERT OR FAIL", "INSERT", 1)
		if b.send = s.srv.copier(ctx, tx, table, cols); b.send != nil {
			b.rows = serverCopyRows
			b.args = make([]any, 0, len(cols)*b.rows)
			return b, nil
		}
	}
	full, err := tx.PrepareContext(ctx, b.sql(b.rows))
	if err != nil {
		return nil, err
	}
	b.full = full
	b.args = make([]any, 0, len(cols)*b.rows)
	return b, nil
}

func (b *batcher) sql(rows int) string {
	return b.head + strings.TrimSuffix(strings.Repeat(b.row+", ", rows), ", ")
}

// add queues one row (its values in column order) and writes a full batch.
func (b *batcher) add(vals ...any) error {
	b.args = append(b.args, vals...)
	if b.n++; b.n == b.rows {
		return b.flush()
	}
	return nil
}

// flush writes the queued rows.
func (b *batcher) flush() error {
	if b.n == 0 {
		return nil
	}
	var err error
	var res sql.Result
	switch {
	case b.send != nil:
		err = b.send(b.args, b.n)
	case b.n == b.rows:
		res, err = b.full.ExecContext(b.ctx, b.args...)
	default:
		res, err = b.tx.ExecContext(b.ctx, b.sql(b.n), b.args...)
	}
	if err == nil && res != nil && b.inserted != nil {
		var last int64
		if last, err = res.LastInsertId(); err == nil {
			err = b.inserted(last, b.n)
		}
	}
	b.args, b.n = b.args[:0], 0
	return err
}

// close flushes what is left and releases the prepared statement.
func (b *batcher) close() error {
	err := b.flush()
	if b.full != nil { // a COPYing batcher prepares none
		b.full.Close()
	}
	return err
}

// bigCache lets one bulk transaction keep its changes in memory (up to 256 MiB)
// instead of spilling pages to the file mid-transaction, which costs extra
// journal syncs and takes the exclusive lock early, shutting out readers. The
// returned function puts SQLite's default back; cache_size belongs to the
// connection and is not transactional. (Bulk transactions also keep their
// statement journals in memory: see bulkWrite.)
// A server sizes its own caches: there it does nothing (and must not send a
// PRAGMA, whose error would abort the transaction).
func (s *Store) bigCache(ctx context.Context, tx *sql.Tx) func() {
	if s.IsServer() {
		return func() {}
	}
	tx.ExecContext(ctx, "PRAGMA cache_size = -262144")
	return func() { tx.ExecContext(ctx, "PRAGMA cache_size = -2000") }
}

// skipChecks turns off SQLite's CHECK constraints on tx's connection for the
// inserts of a bulk import, which evaluate the 13 CHECKs of kpi_values (the
// week's needs a date computation) for every row: about an eighth of a large
// import. It is safe only because of what runs while it is on, and
// valueWriter keeps it to that: multi-row INSERTs of new kpi_values rows whose
// every column is a Go value the store built and checked itself —
// cleanValue and model.ValidateValue (a valid week, a finite number within
// ±1e15, one of the four statuses), ids and the KPI's id as integers, version
// 1, every text column a Go string. Updates of stored rows (version + 1 of
// a stored version, which could overflow) and the change log run after the
// checks are back on. NOT NULL, UNIQUE and the foreign key to the KPI are
// not CHECKs and stay on throughout. import_checks_test.go proves every
// imported row passes every CHECK by copying them into a fresh file.
//
// The returned function turns the checks back on and says whether it could;
// bulk transactions also turn them on when they give their connection back
// (beginFileWrite), so a failure between the two cannot leave them off for
// the next transaction. Only for bulkWrite's transactions; on a server it does
// nothing (a PRAGMA there would abort the transaction).
func (s *Store) skipChecks(ctx context.Context, tx *sql.Tx) func() error {
	if s.IsServer() {
		return func() error { return nil }
	}
	if _, err := tx.ExecContext(ctx, "PRAGMA ignore_check_constraints = ON"); err != nil {
		return func() error { return nil } // the CHECKs stay on: only slower
	}
	return func() error {
		_, err := tx.ExecContext(context.WithoutCancel(ctx), "PRAGMA ignore_check_constraints = OFF")
		return err
	}
}
