package db

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"kpi/model"
)

// Multi-process tests re-run this test binary as child processes (the usual Go
// pattern): TestHelperProcess does nothing unless KPI_DB_TEST_ROLE names a role.
// Parent and children synchronise through lines on stdout and stdin, never by
// sleeping.

const roleEnv = "KPI_DB_TEST_ROLE"

// child is a running helper process.
type child struct {
	t      *testing.T
	name   string
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	lines  *bufio.Scanner
	stderr *bytes.Buffer
}

func startChild(t *testing.T, role string, env ...string) *child {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$", "-test.count=1")
	cmd.Env = append(append(os.Environ(), roleEnv+"="+role), env...)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	c := &child{t: t, name: role + strings.Join(env, ","), cmd: cmd, stdin: stdin, lines: bufio.NewScanner(stdout), stderr: &stderr}
	// A hung child must not hang the test run.
	watchdog := time.AfterFunc(2*time.Minute, func() { cmd.Process.Kill() })
	t.Cleanup(func() {
		watchdog.Stop()
		stdin.Close()
		cmd.Process.Kill()
		cmd.Wait()
	})
	return c
}

// await reads the child's stdout until the line want.
func (c *child) await(want string) {
	c.t.Helper()
	for c.lines.Scan() {
		if c.lines.Text() == want {
			return
		}
	}
	c.cmd.Wait()
	c.t.Fatalf("%s ended before saying %q; stderr:\n%s", c.name, want, c.stderr)
}

// tell writes a line to the child's stdin.
func (c *child) tell(line string) {
	c.t.Helper()
	if _, err := io.WriteString(c.stdin, line+"\n"); err != nil {
		c.t.Fatalf("%s: %v", c.name, err)
	}
}

// finish closes stdin and waits for a clean exit.
func (c *child) finish() {
	c.t.Helper()
	c.stdin.Close()
	for c.lines.Scan() { // drain
	}
	if err := c.cmd.Wait(); err != nil {
		c.t.Errorf("%s: %v; stderr:\n%s", c.name, err, c.stderr)
	}
}

// TestHelperProcess is the body of every child process.
func TestHelperProcess(t *testing.T) {
	role := os.Getenv(roleEnv)
	if role == "" {
		return
	}
	var err error
	switch role {
	case "writer":
		err = writerRole()
	case "holder":
		err = holderRole()
	case "walreader":
		err = walReaderRole()
	case "crasher":
		err = crasherRole()
	case "creator":
		err = creatorRole()
	default:
		err = fmt.Errorf("unknown role %q", role)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, role+":", err)
		os.Exit(1)
	}
	os.Exit(0)
}

func envInt(name string) int {
	n, _ := strconv.Atoi(os.Getenv(name))
	return n
}

// childClock is the children's clock: the parent's fixed testNow, so their
// stamps and sessions agree with the parent's store whatever the date.
func childClock() time.Time { return testNow }

// waitForStdin blocks until the parent writes a line or closes stdin.
func waitForStdin() { bufio.NewReader(os.Stdin).ReadString('\n') }

// writerRole does M version-checked writes on its own weeks of KPI "a", and every
// fourth time a read-modify-write of KPI "b"'s counter, retrying on conflict.
func writerRole() error {
	i, m := envInt("KPI_DB_TEST_INDEX"), envInt("KPI_DB_TEST_M")
	s, err := Open(os.Getenv("KPI_DB_TEST_PATH"), Options{User: fmt.Sprintf("w%d", i), Host: "child", Wait: 30 * time.Second, Now: childClock})
	if err != nil {
		return err
	}
	defer s.Close()
	if _, err := s.RegisterSession(os.Getpid()); err != nil {
		return err
	}
	ks, err := s.KPIs()
	if err != nil {
		return err
	}
	var a, b model.KPI
	for _, k := range ks {
		switch k.Key {
		case "a":
			a = k
		case "b":
			b = k
		}
	}
	fmt.Println("ready")
	waitForStdin()
	base := model.MustWeek("2000-W01")
	for j := 0; j < m; j++ {
		v := model.Value{KPIID: a.ID, Week: base.Add(i*m + j), Number: float64(i*1000 + j), HasNumber: true}
		if j%2 == 0 {
			_, err = s.SaveValue(v)
		} else {
			_, err = s.PutValue(v)
		}
		if err != nil {
			return fmt.Errorf("write %d: %w", j, err)
		}
		if j%4 != 0 {
			continue
		}
		for attempt := 0; ; attempt++ {
			k, err := s.KPI(b.ID)
			if err != nil {
				return err
			}
			n, _ := strconv.Atoi(k.Description)
			k.Description = strconv.Itoa(n + 1)
			if _, err = s.UpdateKPI(k); err == nil {
				break
			}
			if !errors.Is(err, ErrConflict) || attempt > 1000 {
				return fmt.Errorf("update b: %w", err)
			}
		}
	}
	fmt.Println("done")
	return nil
}

// holderRole registers a session, takes the write lock with BEGIN IMMEDIATE and
// holds it until stdin closes, then rolls back.
func holderRole() error {
	path := os.Getenv("KPI_DB_TEST_PATH")
	opt := Options{User: "holder", Host: "childhost", Now: childClock}.withDefaults()
	s, err := Open(path, opt)
	if err != nil {
		return err
	}
	defer s.Close()
	if _, err := s.RegisterSession(os.Getpid()); err != nil {
		return err
	}
	ctx := context.Background()
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		return err
	}
	fmt.Println("locked")
	waitForStdin()
	_, err = conn.ExecContext(ctx, "ROLLBACK")
	return err
}

// walReaderRole keeps a read transaction open on a WAL file until stdin closes.
func walReaderRole() error {
	db, err := sql.Open("sqlite", os.Getenv("KPI_DB_TEST_PATH"))
	if err != nil {
		return err
	}
	defer db.Close()
	ctx := context.Background()
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	var n int
	if _, err := conn.ExecContext(ctx, "BEGIN"); err != nil {
		return err
	}
	if err := conn.QueryRowContext(ctx, "SELECT count(*) FROM kpis").Scan(&n); err != nil {
		return err
	}
	fmt.Println("reading")
	waitForStdin()
	_, err = conn.ExecContext(ctx, "ROLLBACK")
	return err
}

// crasherRole writes a large transaction (more than SQLite's page cache, so
// pages reach the file before COMMIT), says so, and waits to be killed.
func crasherRole() error {
	s, err := Open(os.Getenv("KPI_DB_TEST_PATH"), Options{User: "crasher", Host: "child", Now: childClock})
	if err != nil {
		return err
	}
	ks, err := s.KPIs()
	if err != nil {
		return err
	}
	return s.write(context.Background(), func(tx *sql.Tx) error {
		w := model.MustWeek("2010-W01")
		note := strings.Repeat("n", 400)
		for i := 0; i < 20000; i++ {
			if _, err := tx.Exec("INSERT INTO kpi_values (kpi_id, week, number, note) VALUES (?, ?, ?, ?)", ks[0].ID, w.Add(i).String(), i, note); err != nil {
				return err
			}
		}
		fmt.Println("mid-transaction")
		select {} // until killed
	})
}

func TestManyProcessesWriteAtOnce(t *testing.T) {
	fileOnly(t)
	if testing.Short() {
		t.Skip("multi-process test skipped in -short mode")
	}
	const n, m = 6, 40
	s := newStore(t)
	a := mustKPI(t, s, sampleKPI("a"))
	bk := sampleKPI("b")
	bk.Description = "0"
	b := mustKPI(t, s, bk)

	var children []*child
	for i := 0; i < n; i++ {
		children = append(children, startChild(t, "writer",
			"KPI_DB_TEST_PATH="+s.Path(), fmt.Sprintf("KPI_DB_TEST_INDEX=%d", i), fmt.Sprintf("KPI_DB_TEST_M=%d", m)))
	}
	for _, c := range children {
		c.await("ready")
	}
	start := time.Now()
	for _, c := range children {
		c.tell("go")
	}
	var wg sync.WaitGroup
	for _, c := range children {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c.finish()
		}()
	}
	wg.Wait()
	t.Logf("%d processes × %d writes took %v", n, m, time.Since(start))
	if t.Failed() {
		return
	}

	vals, err := s.ValuesOf(a.ID, model.Week{}, model.Week{})
	if err != nil {
		t.Fatal(err)
	}
	if len(vals) != n*m {
		t.Errorf("%d values, want %d", len(vals), n*m)
	}
	base := model.MustWeek("2000-W01")
	got := map[model.Week]float64{}
	for _, v := range vals {
		got[v.Week] = v.Number
	}
	for i := 0; i < n; i++ {
		for j := 0; j < m; j++ {
			if x, ok := got[base.Add(i*m+j)]; !ok || x != float64(i*1000+j) {
				t.Errorf("writer %d write %d: %v, %v", i, j, x, ok)
			}
		}
	}
	kb, _ := s.KPI(b.ID)
	updates := n * ((m + 3) / 4)
	if kb.Description != strconv.Itoa(updates) || kb.Version != int64(1+updates) {
		t.Errorf("counter KPI = %q at version %d, want %d at %d", kb.Description, kb.Version, updates, 1+updates)
	}
	if cs, _ := s.Changes(ChangeFilter{Entity: "value"}); len(cs) != n*m {
		t.Errorf("%d value changes logged, want %d", len(cs), n*m)
	}
	if cs, _ := s.Changes(ChangeFilter{KPIID: b.ID}); len(cs) != 1+updates {
		t.Errorf("%d changes of b logged, want %d", len(cs), 1+updates)
	}
	if err := s.IntegrityCheck(); err != nil {
		t.Error(err)
	}
}

func TestBusyFileFailsCleanlyAndRecovers(t *testing.T) {
	fileOnly(t)
	s := newStore(t)
	k := mustKPI(t, s, sampleKPI("mrr"))
	o := testOptions("bo")
	o.Wait = 300 * time.Millisecond
	bo, err := Open(s.Path(), o)
	if err != nil {
		t.Fatal(err)
	}
	defer bo.Close()

	holder := startChild(t, "holder", "KPI_DB_TEST_PATH="+s.Path())
	holder.await("locked")
	start := time.Now()
	_, err = bo.PutValue(numValue(k.ID, "2026-W47", 1))
	took := time.Since(start)
	if !errors.Is(err, ErrBusy) {
		t.Fatalf("PutValue while another process holds the lock: %v", err)
	}
	msg := err.Error()
	if !strings.Contains(msg, "nothing was saved") || !strings.Contains(msg, "holder@childhost") || strings.Contains(msg, "\n") {
		t.Errorf("busy message = %q", msg)
	}
	if took < 300*time.Millisecond {
		t.Errorf("gave up after %v, before the 300 ms it was told to wait", took)
	}
	// Reads still work while someone holds the write lock (rollback mode).
	if _, ok, err := bo.Value(k.ID, model.MustWeek("2026-W47")); err != nil || ok {
		t.Errorf("value after the busy write: ok=%v err=%v", ok, err)
	}
	holder.finish()

	if _, err := bo.PutValue(numValue(k.ID, "2026-W48", 2)); err != nil {
		t.Fatalf("the store is not usable after ErrBusy: %v", err)
	}
	if cs, _ := bo.Changes(ChangeFilter{Entity: "value"}); len(cs) != 1 || !strings.Contains(cs[0].Summary, "2026-W48") {
		t.Errorf("value changes = %+v", cs)
	}
}

func TestWALFileHeldElsewhereOpensReadOnly(t *testing.T) {
	path := kpiFile(t, t.TempDir(), 5)
	plainString(t, path, "PRAGMA journal_mode = WAL")
	reader := startChild(t, "walreader", "KPI_DB_TEST_PATH="+path)
	reader.await("reading")
	before := fileHash(t, path)
	s, err := Open(path, testOptions("ana"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(s.ReadOnlyReason(), "WAL mode") {
		t.Errorf("ReadOnlyReason = %q", s.ReadOnlyReason())
	}
	if vs, err := s.Values(model.Week{}, model.Week{}); err != nil || len(vs) != 5 {
		t.Errorf("reads: %d, %v", len(vs), err)
	}
	if _, err := s.CreateObjective(model.Objective{Title: "x"}); !errors.Is(err, ErrReadOnly) {
		t.Errorf("write: %v", err)
	}
	s.Close()
	if fileHash(t, path) != before {
		t.Error("the WAL file changed")
	}
	reader.finish()
}

func TestKilledWriterLeavesAllOrNothing(t *testing.T) {
	dir := t.TempDir()
	path := kpiFile(t, dir, 10)
	crasher := startChild(t, "crasher", "KPI_DB_TEST_PATH="+path)
	crasher.await("mid-transaction")
	if _, err := os.Stat(path + "-journal"); err != nil {
		t.Fatalf("no hot journal mid-transaction: %v", err)
	}
	crasher.cmd.Process.Kill() // SIGKILL: no rollback, no cleanup
	crasher.cmd.Wait()

	if os.Geteuid() != 0 {
		if err := os.Chmod(dir, 0o555); err != nil {
			t.Fatal(err)
		}
		_, err := Open(path, testOptions("ana"))
		os.Chmod(dir, 0o755)
		if err == nil || !strings.Contains(err.Error(), "the last writer crashed; someone with write access must open the file to recover it") {
			t.Errorf("read-only open of a crashed file: %v", err)
		}
	}

	s, err := Open(path, testOptions("ana"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if vs, _ := s.Values(model.Week{}, model.Week{}); len(vs) != 10 {
		t.Errorf("%d values after the crash, want the 10 from before", len(vs))
	}
	if err := s.IntegrityCheck(); err != nil {
		t.Error(err)
	}
	if _, err := os.Stat(path + "-journal"); !os.IsNotExist(err) {
		t.Errorf("hot journal still there after recovery: %v", err)
	}
}
