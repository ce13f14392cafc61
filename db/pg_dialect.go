package db

import (
	"context"
	"database/sql/driver"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
)

// The dialect differences between SQLite and PostgreSQL that the shared query
// code does not see, in one place. The store's queries are written once, for
// database/sql with SQLite's spelling; on a server every connection is a pgx
// stdlib connection wrapped by pgConn, which rewrites each statement (rebind)
// and each argument (CheckNamedValue) on its way to the server:
//   - `?` placeholders become `$1`, `$2`, …;
//   - the column `user` (change_log, sessions) is quoted: to PostgreSQL a bare
//     `user` is the current_user function;
//   - Go booleans become 0/1, as SQLite stores them (the flag columns are
//     integers on both engines, so the same CHECKs and scans hold).
//
//   - a statement whose SQLite spelling has no PostgreSQL equivalent is swapped
//     for its server spelling (serverSQL): the statement, or the start of one
//     that adds a WHERE to it, as its exact text.
//
// What cannot be rewritten mechanically (PRAGMAs, file checks) is asked of the
// engine where it happens.

// serverSQL maps the store's statements that differ on a server to their
// server spelling.
var serverSQL = map[string]string{
	// GLOB keeps a week written another way out of the file's first values; the
	// server's CHECK admits canonical weeks only, so it needs no filter.
	firstValueSQL: `SELECT k.id, (SELECT v.week FROM kpi_values v WHERE v.kpi_id = k.id ORDER BY v.week LIMIT 1) FROM kpis k`,
}

// pgSQL is q as the server takes it.
func pgSQL(q string) string {
	for sqlite, server := range serverSQL {
		if rest, ok := strings.CutPrefix(q, sqlite); ok {
			q = server + rest
			break
		}
	}
	return rebind(q)
}

// pgConnector hands out pool connections wrapped by pgConn.
type pgConnector struct{ inner driver.Connector }

func newPGConnector(pool *pgxpool.Pool) pgConnector {
	return pgConnector{inner: stdlib.GetPoolConnector(pool)}
}

func (c pgConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.inner.Connect(ctx)
	if err != nil {
		return nil, err
	}
	return pgConn{conn.(*stdlib.Conn)}, nil
}

func (c pgConnector) Driver() driver.Driver { return c.inner.Driver() }

// pgConn is a stdlib connection that speaks the store's SQL.
type pgConn struct{ *stdlib.Conn }

func (c pgConn) PrepareContext(ctx context.Context, q string) (driver.Stmt, error) {
	return c.Conn.PrepareContext(ctx, pgSQL(q))
}

func (c pgConn) Prepare(q string) (driver.Stmt, error) {
	return c.PrepareContext(context.Background(), q)
}

func (c pgConn) ExecContext(ctx context.Context, q string, args []driver.NamedValue) (driver.Result, error) {
	return c.Conn.ExecContext(ctx, pgSQL(q), args)
}

func (c pgConn) QueryContext(ctx context.Context, q string, args []driver.NamedValue) (driver.Rows, error) {
	return c.Conn.QueryContext(ctx, pgSQL(q), args)
}

// CheckNamedValue writes booleans as the integers the columns hold; anything
// else goes to pgx as it is.
func (c pgConn) CheckNamedValue(v *driver.NamedValue) error {
	if b, ok := v.Value.(bool); ok {
		v.Value = int64(0)
		if b {
			v.Value = int64(1)
		}
	}
	return nil
}

// rebind rewrites one statement of the store's SQL for PostgreSQL: numbered
// placeholders and a quoted `user` column, never inside a quoted string or
// identifier, nor inside a dollar-quoted body (the migrations' functions).
func rebind(q string) string {
	if !strings.ContainsAny(q, "?") && !strings.Contains(strings.ToLower(q), "user") {
		return q
	}
	var b strings.Builder
	b.Grow(len(q) + 16)
	n := 0
	for i := 0; i < len(q); {
		c := q[i]
		switch {
		case c == '\'' || c == '"':
			j := closing(q, i+1, c)
			b.WriteString(q[i:j])
			i = j
		case c == '$' && i+1 < len(q) && q[i+1] == '$':
			j := strings.Index(q[i+2:], "$$")
			if j < 0 {
				b.WriteString(q[i:])
				return b.String()
			}
			b.WriteString(q[i : i+2+j+2])
			i += j + 4
		case c == '?':
			n++
			b.WriteString("$" + strconv.Itoa(n))
			i++
		case isWordStart(c) && (i == 0 || !isWordByte(q[i-1])):
			j := i
			for j < len(q) && isWordByte(q[j]) {
				j++
			}
			if w := q[i:j]; strings.EqualFold(w, "user") && (j >= len(q) || q[j] != '(') {
				b.WriteString(`"user"`)
			} else {
				b.WriteString(w)
			}
			i = j
		default:
			b.WriteByte(c)
			i++
		}
	}
	return b.String()
}

// closing is the index just past the quote that closes one opened before from
// (” and "" inside stay inside).
func closing(q string, from int, quote byte) int {
	for i := from; i < len(q); i++ {
		if q[i] == quote {
			if i+1 < len(q) && q[i+1] == quote {
				i++
				continue
			}
			return i + 1
		}
	}
	return len(q)
}

func isWordStart(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func isWordByte(c byte) bool { return isWordStart(c) || c >= '0' && c <= '9' }
