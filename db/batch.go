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
}

// newBatcher prepares the full-batch INSERT of cols columns, of batchRows
// rows on a file and serverBatchRows on a server.
func (s *Store) newBatcher(ctx context.Context, tx *sql.Tx, table string, cols ...string) (*batcher, error) {
	b := &batcher{ctx: ctx, tx: tx, rows: batchRows,
		head: "INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES ",
		row:  "(" + strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ") + ")",
	}
	if s.IsServer() {
		b.rows = serverBatchRows
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
	if b.n == b.rows {
		_, err = b.full.ExecContext(b.ctx, b.args...)
	} else {
		_, err = b.tx.ExecContext(b.ctx, b.sql(b.n), b.args...)
	}
	b.args, b.n = b.args[:0], 0
	return err
}

// close flushes what is left and releases the prepared statement.
func (b *batcher) close() error {
	err := b.flush()
	b.full.Close()
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
