package db

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// A server's bulk writes (an import, `kpi demo`, `kpi copy` into a server)
// send their new rows with COPY instead of multi-row INSERTs. The rows are
// the ones the shared code builds for its batchers (batch.go), column for
// column; only the way they travel differs. An INSERT of 1,000 rows is
// 13,000 bound parameters, each encoded as text and parsed again by the
// server, and a round trip per statement; COPY streams the rows in
// PostgreSQL's binary format. `kpi import` of 100,000 values took a quarter
// less time and 30 % less of the server's CPU (the README's "Measured on a
// server"); what is left is the server's own work for each row.
//
// The rows go straight into the tables, not through a staging table, because
// COPY keeps everything an INSERT into the same table does:
//   - every CHECK, NOT NULL, foreign key and unique key judges each row; a
//     row the server refuses fails the COPY with the server's reason, and
//     writeTx rolls the whole transaction back, so an import is still all or
//     nothing;
//   - the triggers fire: the row triggers (an id for a row without one) and,
//     after each COPY, the statement triggers (the id sequence follows the
//     ids given; the team's channel is notified at COMMIT, so open apps
//     refresh);
//   - it runs inside the write transaction, after the team's advisory lock,
//     so kpi's writers still take turns.
//
// Conflicts are as on a file: a value already stored never reaches a
// batcher, since the shared code compares it and UPDATEs it or leaves it
// alone, and a row another tool inserted after that read is a unique-key
// error that refuses the import, as an INSERT's would.
//
// The COPYs run one after the other, between the shared code's other
// statements. Sending them from a goroutine while the next rows are built
// was tried and was no faster: on a busy machine the client and the server
// compete for the same cores, and a failed COPY would then surface as the
// next statement's "transaction is aborted" instead of its own reason.

// serverCopyRows is how many rows one COPY sends: enough that a COPY's own
// costs (a round trip for the statement description, the statement
// triggers) do not count, few enough that the queued rows stay small.
const serverCopyRows = 10_000

// copier returns how a batcher of tx COPYs its rows into table, or nil when
// tx is not a bulk transaction of this server (beginWrite keeps the
// connection of those, which COPY must run on).
//
// After a COPY of the transaction failed, the server has aborted the
// transaction: it cannot commit (its COMMIT is a ROLLBACK, which pgx reports
// as an error), so the later COPYs are not sent. Sending them would only add
// "current transaction is aborted" to the one line that says why the server
// refused the row.
func (v *server) copier(ctx context.Context, tx *sql.Tx, table string, cols []string) func(args []any, n int) error {
	c, ok := v.bulk.Load(tx)
	if !ok {
		return nil
	}
	b := c.(*bulkConn)
	name := pgx.Identifier{table}
	return func(args []any, n int) error {
		if b.failed {
			return nil
		}
		err := b.conn.Raw(func(dc any) error {
			pc, ok := dc.(pgConn)
			if !ok {
				return fmt.Errorf("copy into %s: the connection is a %T, not the server's", table, dc)
			}
			_, err := pc.Conn.Conn().CopyFrom(ctx, name, cols, &flatRows{args: args, width: len(cols), n: n, row: -1})
			return err
		})
		b.failed = err != nil
		return err
	}
}

// bulkConn is the connection of a bulk write transaction, and whether a COPY
// on it failed. One goroutine runs the transaction, so it needs no lock.
type bulkConn struct {
	conn   *sql.Conn
	failed bool
}

// flatRows is a batcher's queued rows (one flat slice, width values a row)
// as pgx's CopyFromSource. Its values are converted as pgConn converts a
// statement's arguments: booleans become the 0/1 the columns hold.
type flatRows struct {
	args     []any
	width, n int
	row      int
	vals     []any // the current row, reused: pgx encodes it before asking for the next
}

func (r *flatRows) Next() bool {
	r.row++
	return r.row < r.n
}

func (r *flatRows) Values() ([]any, error) {
	if r.vals == nil {
		r.vals = make([]any, r.width)
	}
	for i, a := range r.args[r.row*r.width : (r.row+1)*r.width] {
		if b, ok := a.(bool); ok {
			a = int64(0)
			if b {
				a = int64(1)
			}
		}
		r.vals[i] = a
	}
	return r.vals, nil
}

func (r *flatRows) Err() error { return nil }
