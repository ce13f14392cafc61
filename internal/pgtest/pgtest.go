// Package pgtest gives tests a real PostgreSQL server: the one named by
// KPI_TEST_POSTGRES (a URL or keyword DSN of a superuser login; .ci/run starts
// a cluster and sets it), or else a throwaway cluster this test process starts
// itself with initdb and pg_ctl, listening only on a Unix socket in a temporary
// folder, run as the unprivileged `postgres` user when the tests run as root
// (PostgreSQL refuses to run as root). Without PostgreSQL the tests that need
// it skip with a message, unless KPI_REQUIRE_POSTGRES=1 makes that a failure,
// as KPI_REQUIRE_TMUX does for the tmux tests.
//
// Every test gets a team of its own (a fresh schema, ?team=tN) on one
// database, so tests share the server without seeing each other's data.
package pgtest

import (
	"context"
	"crypto/rand"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// Database is the database every test's teams live in, in a cluster pgtest
// starts itself (KPI_TEST_POSTGRES names its own).
const Database = "kpitest"

var (
	once    sync.Once
	base    string // superuser connection URL of the server, no team
	skipWhy string // why there is no server
	stop    func() // stops the cluster this process started
)

// Main runs the tests and stops a cluster started for them. Packages whose
// tests use Team call it from TestMain.
func Main(m *testing.M) int {
	code := m.Run()
	if stop != nil {
		stop()
	}
	return code
}

// required says whether KPI_REQUIRE_POSTGRES asks for a failure instead of a skip.
func required() bool {
	v := os.Getenv("KPI_REQUIRE_POSTGRES")
	return v != "" && v != "0"
}

// Server returns the superuser URL of the test server (database Database),
// starting one on first use, or skips (fails, if required) without one.
func Server(t testing.TB) string {
	t.Helper()
	once.Do(setup)
	if base == "" {
		if required() {
			t.Fatalf("no PostgreSQL for the tests but KPI_REQUIRE_POSTGRES is set: %s", skipWhy)
		}
		t.Skipf("no PostgreSQL: %s; skipping the server test (set KPI_REQUIRE_POSTGRES=1 to make this a failure)", skipWhy)
	}
	return base
}

// Team returns the URL of a new, empty team on the test server for login
// (created with rights to create schemas when it does not exist; "" is the
// superuser). The team's schema does not exist yet: `kpi init`/db.Create makes it.
func Team(t testing.TB, login string) string {
	t.Helper()
	srv := Server(t)
	if login != "" {
		EnsureLogin(t, login)
	}
	return WithTeam(srv, login, "t"+strings.ToLower(rand.Text()[:10]))
}

// WithTeam is srv with login (unless "") and team set.
func WithTeam(srv, login, team string) string {
	u, err := url.Parse(srv)
	if err != nil {
		panic(err)
	}
	q := u.Query()
	if login != "" {
		q.Set("user", login)
	}
	q.Set("team", team)
	u.RawQuery = q.Encode()
	return u.String()
}

// EnsureLogin makes login a role that may create schemas and roles in the
// test database (what a team's first admin needs), creating it if needed; a
// login another test made plain gets those rights too.
func EnsureLogin(t testing.TB, login string) {
	t.Helper()
	Exec(t, fmt.Sprintf(`DO $$ BEGIN
		IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = %[1]s) THEN CREATE ROLE %[2]s LOGIN; END IF;
		ALTER ROLE %[2]s LOGIN CREATEROLE;
		EXECUTE format('GRANT CREATE ON DATABASE %%I TO %%I', current_database(), %[1]s);
	END $$`, quoteLiteral(login), pgx.Identifier{login}.Sanitize()))
}

// PlainLogin creates a login role with no rights at all, if it does not exist:
// what `kpi grant` gives rights to.
func PlainLogin(t testing.TB, login string) {
	t.Helper()
	Exec(t, fmt.Sprintf(`DO $$ BEGIN
		IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = %s) THEN CREATE ROLE %s LOGIN; END IF;
	END $$`, quoteLiteral(login), pgx.Identifier{login}.Sanitize()))
}

func quoteLiteral(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// Exec runs SQL on the test server as the superuser (another tool's writes).
// Test processes share the server, so creating the same login at once can
// collide ("already exists", "tuple concurrently updated"): such a statement
// is tried again, a bounded number of times.
func Exec(t testing.TB, sql string, args ...any) {
	t.Helper()
	conn := Connect(t, Server(t))
	defer conn.Close(context.Background())
	var err error
	for range 20 {
		if _, err = conn.Exec(context.Background(), sql, args...); err == nil || !collided(err) {
			break
		}
	}
	if err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

// collided says whether err is another test process doing the same at once.
func collided(err error) bool {
	m := err.Error()
	return strings.Contains(m, "already exists") || strings.Contains(m, "concurrently")
}

// Connect opens one plain connection (no kpi) to dsn; a team in it is ignored.
func Connect(t testing.TB, dsn string) *pgx.Conn {
	t.Helper()
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Del("team")
	u.RawQuery = q.Encode()
	conn, err := pgx.Connect(context.Background(), u.String())
	if err != nil {
		t.Fatalf("connecting to the test server: %v", err)
	}
	return conn
}

// setup finds or starts the server.
func setup() {
	if env := os.Getenv("KPI_TEST_POSTGRES"); env != "" {
		base = env
		return
	}
	bin, err := binDir()
	if err != nil {
		skipWhy = err.Error()
		return
	}
	b, s, err := startCluster(bin)
	if err != nil {
		skipWhy = "starting a throwaway cluster failed: " + err.Error()
		return
	}
	base, stop = b, s
}

// binDir finds initdb and pg_ctl: on PATH, or in Debian's versioned folder.
func binDir() (string, error) {
	if p, err := exec.LookPath("initdb"); err == nil {
		return filepath.Dir(p), nil
	}
	matches, _ := filepath.Glob("/usr/lib/postgresql/*/bin/initdb")
	if len(matches) == 0 {
		return "", fmt.Errorf("initdb is not on PATH nor in /usr/lib/postgresql/*/bin (install PostgreSQL 15 or later, or set KPI_TEST_POSTGRES)")
	}
	return filepath.Dir(matches[len(matches)-1]), nil
}

// startCluster runs initdb and pg_ctl start in a new temporary folder and
// creates Database. It returns the superuser URL and a function that stops
// the cluster and removes the folder.
func startCluster(bin string) (string, func(), error) {
	dir, err := os.MkdirTemp("", "kpi-pg-")
	if err != nil {
		return "", nil, err
	}
	run, err := asUser(dir)
	if err != nil {
		os.RemoveAll(dir)
		return "", nil, err
	}
	data := filepath.Join(dir, "data")
	steps := [][]string{
		{filepath.Join(bin, "initdb"), "-D", data, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8", "-N"},
		{filepath.Join(bin, "pg_ctl"), "-D", data, "-l", filepath.Join(dir, "log"), "-w", "-t", "60", "-o",
			fmt.Sprintf("-k %s -c listen_addresses='' -c fsync=off -c max_connections=300", dir), "start"},
	}
	for _, s := range steps {
		if out, err := run(s...).CombinedOutput(); err != nil {
			os.RemoveAll(dir)
			return "", nil, fmt.Errorf("%s: %v: %s", filepath.Base(s[0]), err, strings.TrimSpace(string(out)))
		}
	}
	stopFn := func() {
		run(filepath.Join(bin, "pg_ctl"), "-D", data, "-m", "immediate", "-w", "stop").Run()
		os.RemoveAll(dir)
	}
	srvURL := "postgres:///" + Database + "?host=" + url.QueryEscape(dir) + "&user=postgres"
	admin := "postgres:///postgres?host=" + url.QueryEscape(dir) + "&user=postgres"
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, admin)
	if err == nil {
		_, err = conn.Exec(ctx, "CREATE DATABASE "+Database)
		conn.Close(ctx)
	}
	if err != nil {
		stopFn()
		return "", nil, err
	}
	return srvURL, stopFn, nil
}

// asUser returns how to run the server's programs: as this user, or as
// `postgres` when this is root (the folder is given to that user).
func asUser(dir string) (func(args ...string) *exec.Cmd, error) {
	if os.Geteuid() != 0 {
		return func(args ...string) *exec.Cmd { return exec.Command(args[0], args[1:]...) }, nil
	}
	u, err := user.Lookup("postgres")
	if err != nil {
		return nil, fmt.Errorf("running as root and there is no `postgres` user to run the server as")
	}
	if out, err := exec.Command("chown", u.Username, dir).CombinedOutput(); err != nil {
		return nil, fmt.Errorf("chown %s: %v: %s", dir, err, out)
	}
	runuser, err := exec.LookPath("runuser")
	if err != nil {
		return func(args ...string) *exec.Cmd {
			return exec.Command("su", "postgres", "-s", "/bin/sh", "-c", shellJoin(args))
		}, nil
	}
	return func(args ...string) *exec.Cmd {
		return exec.Command(runuser, append([]string{"-u", "postgres", "--"}, args...)...)
	}, nil
}

func shellJoin(args []string) string {
	q := make([]string, len(args))
	for i, a := range args {
		q[i] = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
	}
	return strings.Join(q, " ")
}
