package db

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"kpi/internal/pgtest"
	"kpi/model"
)

// Tests of the server engine against a real PostgreSQL (kpi/internal/pgtest:
// KPI_TEST_POSTGRES, or a throwaway cluster; skipped without one unless
// KPI_REQUIRE_POSTGRES=1).

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// newServerTeam creates an empty team on the test server as login owner and
// opens it.
func newServerTeam(t *testing.T, owner string) (*Store, string) {
	t.Helper()
	url := pgtest.Team(t, owner)
	s, err := Create(url, testOptions(owner), model.Settings{TeamName: "Test"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, url
}

// openAs opens the team at url as another login.
func openAs(t *testing.T, url, login string) *Store {
	t.Helper()
	s, err := Open(pgtest.WithTeam(url, login, TeamKey(url)), testOptions("ignored"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestParseTargetTakesTheTeamOutOfEveryForm(t *testing.T) {
	for _, c := range []struct{ dsn, team, conn string }{
		{"postgres://ana@db.example/kpi?team=sales", "sales", "postgres://ana@db.example/kpi"},
		{"postgresql://ana@db.example/kpi", "main", "postgresql://ana@db.example/kpi"},
		{"host=db.example dbname=kpi user=ana team=ops", "ops", "host=db.example dbname=kpi user=ana"},
		{"dbname='k p i' team=x1", "x1", "dbname='k p i'"},
	} {
		if !IsServerDSN(c.dsn) {
			t.Errorf("%s is not taken for a server", c.dsn)
		}
		tg, err := parseTarget(c.dsn)
		if err != nil || tg.team != c.team || tg.conn != c.conn {
			t.Errorf("parseTarget(%q) = team %q conn %q, %v; want %q %q", c.dsn, tg.team, tg.conn, err, c.team, c.conn)
		}
	}
	for _, file := range []string{"team.db", "/tmp/host=x.db", "./postgres/team.db"} {
		if IsServerDSN(file) {
			t.Errorf("the file %s is taken for a server", file)
		}
	}
	for _, bad := range []string{"postgres://a@b/c?team=Sales", "postgres://a@b/c?team=public", "postgres://a@b/c?team=pg_x", "postgres://a@b/c?team=a%3Bdrop"} {
		if _, err := parseTarget(bad); err == nil || !strings.Contains(err.Error(), "not a team key") {
			t.Errorf("parseTarget(%q): %v, want a refused team key", bad, err)
		}
	}
	tg, _ := parseTarget("postgres://ana:secret@db/kpi?team=t")
	if strings.Contains(tg.display, "secret") {
		t.Errorf("the display %q shows the password", tg.display)
	}
}

func TestRebindNumbersPlaceholdersAndQuotesUser(t *testing.T) {
	got := rebind(`SELECT user, 'a?b', "x?" FROM change_log WHERE user = ? AND id > ? AND host = 'it''s?'`)
	want := `SELECT "user", 'a?b', "x?" FROM change_log WHERE "user" = $1 AND id > $2 AND host = 'it''s?'`
	if got != want {
		t.Errorf("rebind:\n got %s\nwant %s", got, want)
	}
	if got := rebind("SELECT updated_by, users FROM t WHERE $$?$$ = ?"); got != "SELECT updated_by, users FROM t WHERE $$?$$ = $1" {
		t.Errorf("rebind touched words that only contain user, or a dollar-quoted body: %s", got)
	}
}

func TestServerMissingTeamAndDownServerAreOneLine(t *testing.T) {
	srv := pgtest.Server(t)
	_, err := Open(pgtest.WithTeam(srv, "", "nosuchteam"), testOptions("x"))
	var oe *OpenError
	if !errors.As(err, &oe) || !strings.Contains(err.Error(), "there is no team nosuchteam") || strings.Contains(err.Error(), "\n") {
		t.Errorf("a missing team: %v", err)
	}
	_, err = Open("postgres:///kpitest?host="+t.TempDir()+"&team=x", testOptions("x"))
	if !errors.As(err, &oe) || !strings.Contains(err.Error(), "cannot reach the server") {
		t.Errorf("no server: %v", err)
	}
}

func TestServerCommitsByOtherToolsMoveGeneration(t *testing.T) {
	s, url := newServerTeam(t, "owner")
	k := mustKPI(t, s, sampleKPI("mrr"))
	g0, err := s.Generation()
	if err != nil {
		t.Fatal(err)
	}
	// another tool's SQL: the trigger notifies, and the version moves
	pgtest.Exec(t, fmt.Sprintf(`UPDATE %s.kpis SET name = 'Renamed' WHERE id = %d`, TeamKey(url), k.ID))
	waitFor(t, "the generation to move after a psql UPDATE", func() bool {
		g, err := s.Generation()
		return err == nil && g != g0
	})
	got, err := s.KPI(k.ID)
	if err != nil || got.Name != "Renamed" || got.Version != k.Version+1 || got.UpdatedBy != "another tool" {
		t.Fatalf("after the foreign write: %+v %v", got.Stamp, err)
	}
	k.Name = "Mine"
	if _, err := s.UpdateKPI(k); !errors.Is(err, ErrConflict) {
		t.Errorf("saving over another tool's write: %v, want a conflict", err)
	}
	// a kpi write from another store moves it too
	g1, _ := s.Generation()
	other := openAs(t, url, "owner")
	if _, err := other.SaveValue(numValue(k.ID, "2026-W40", 5)); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the generation to move after another store's write", func() bool {
		g, err := s.Generation()
		return err == nil && g != g1
	})
}

// waitFor polls cond until it holds or a generous deadline passes.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestServerRolesAreTheServers(t *testing.T) {
	s, url := newServerTeam(t, "owner")
	k := mustKPI(t, s, sampleKPI("mrr"))
	pgtest.PlainLogin(t, "vera")
	pgtest.PlainLogin(t, "ed")
	if err := s.Grant("vera", "viewer"); err != nil {
		t.Fatal(err)
	}
	if err := s.Grant("ed", "editor"); err != nil {
		t.Fatal(err)
	}
	viewer := openAs(t, url, "vera")
	if why := viewer.ReadOnlyReason(); !strings.Contains(why, "vera is a viewer") {
		t.Errorf("the viewer's read-only reason is %q", why)
	}
	if _, err := viewer.SaveValue(numValue(k.ID, "2026-W40", 1)); !errors.Is(err, ErrReadOnly) {
		t.Errorf("a viewer's save: %v", err)
	}
	editor := openAs(t, url, "ed")
	if editor.ReadOnlyReason() != "" || editor.Role() != "editor" {
		t.Fatalf("the editor opens read-only (%q) or as %q", editor.ReadOnlyReason(), editor.Role())
	}
	v, err := editor.SaveValue(numValue(k.ID, "2026-W40", 2))
	if err != nil || v.UpdatedBy != "ed" {
		t.Fatalf("the editor's value: %+v, %v (want it saved by the login ed)", v.Stamp, err)
	}
	k2 := k
	k2.Name = "Edited by an editor"
	_, err = editor.UpdateKPI(k2)
	if !errors.Is(err, ErrReadOnly) || !strings.Contains(err.Error(), "the server refused") || !strings.Contains(err.Error(), "definitions") {
		t.Errorf("an editor's definition edit: %v, want the server's refusal with the reason", err)
	}
	if got, _ := s.KPI(k.ID); got.Name != k.Name {
		t.Errorf("the refused edit changed the KPI: %q", got.Name)
	}
	if err := editor.Grant("vera", "admin"); err == nil || !strings.Contains(err.Error(), "may not grant") {
		t.Errorf("an editor granting admin: %v", err)
	}
	if viewer.Role() != "viewer" {
		t.Errorf("vera is still a %s", viewer.Role())
	}
}

func TestServerLockHeldPastWaitIsBusyAndSavesNothing(t *testing.T) {
	s, url := newServerTeam(t, "owner")
	k := mustKPI(t, s, sampleKPI("mrr"))
	ctx := context.Background()
	holder := pgtest.Connect(t, pgtest.Server(t))
	defer holder.Close(ctx)
	tx, err := holder.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(ctx, fmt.Sprintf("LOCK TABLE %s.kpi_values IN EXCLUSIVE MODE", TeamKey(url))); err != nil {
		t.Fatal(err)
	}
	opt := testOptions("owner")
	opt.Wait = 300 * time.Millisecond
	w, err := Open(url, opt)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	_, err = w.SaveValue(numValue(k.ID, "2026-W40", 1))
	if !errors.Is(err, ErrBusy) {
		t.Fatalf("a save while the table is locked: %v, want ErrBusy", err)
	}
	if msg := err.Error(); !strings.Contains(msg, "busy on the server") || strings.Contains(msg, "file") {
		t.Errorf("a server's busy error speaks of a file: %q", msg)
	}
	tx.Rollback(ctx)
	if vs, err := w.ValuesOf(k.ID, model.Week{}, model.Week{}); err != nil || len(vs) != 0 {
		t.Fatalf("after the busy save: %v values, %v", len(vs), err)
	}
	if _, err := w.SaveValue(numValue(k.ID, "2026-W40", 1)); err != nil {
		t.Errorf("the store is not usable after the lock went: %v", err)
	}
}

func TestServerConcurrentVersionCheckedWritesAllLand(t *testing.T) {
	s, url := newServerTeam(t, "owner")
	k := mustKPI(t, s, sampleKPI("mrr"))
	const writers, each = 8, 10
	var wg sync.WaitGroup
	errs := make(chan error, writers*each)
	for i := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			st, err := Open(url, testOptions("owner"))
			if err != nil {
				errs <- err
				return
			}
			defer st.Close()
			for j := range each {
				week := model.MustWeek("2020-W01").Add(i*each + j)
				if _, err := st.SaveValue(model.Value{KPIID: k.ID, Week: week, Number: float64(j), HasNumber: true}); err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	vs, err := s.ValuesOf(k.ID, model.Week{}, model.Week{})
	if err != nil || len(vs) != writers*each {
		t.Errorf("%d values present, want %d (%v)", len(vs), writers*each, err)
	}
}

func TestServerPresenceAndAFailedCreateLeavesNoTeam(t *testing.T) {
	s, url := newServerTeam(t, "owner")
	other := openAs(t, url, "owner")
	mine, err := s.RegisterSession(11)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := other.RegisterSession(22); err != nil {
		t.Fatal(err)
	}
	all, err := s.Sessions()
	if err != nil || len(all) != 2 {
		t.Fatalf("sessions: %+v, %v", all, err)
	}
	if err := s.Heartbeat(mine.ID); err != nil {
		t.Error(err)
	}
	if err := s.EndSession(mine.ID); err != nil {
		t.Error(err)
	}
	if err := s.Heartbeat(mine.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("a heartbeat of an ended session: %v", err)
	}
	fresh := pgtest.Team(t, "owner")
	boom := errors.New("the fill failed")
	if _, err := CreateFilled(fresh, testOptions("owner"), model.Settings{TeamName: "X"}, func(*Store) error { return boom }); !errors.Is(err, boom) {
		t.Fatalf("a failed fill: %v", err)
	}
	teams, err := Teams(fresh, testOptions("owner"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tm := range teams {
		if tm.Key == TeamKey(fresh) || strings.Contains(tm.Key, creatingMark) {
			t.Errorf("a failed create left the team %s", tm.Key)
		}
	}
}

// TestServerKeptWeeksFollowOtherWrites: the week cache (KeepWeeks) is emptied
// when another client's commit is notified, so a read after that sees it.
func TestServerKeptWeeksFollowOtherWrites(t *testing.T) {
	s, url := newServerTeam(t, "owner")
	k := mustKPI(t, s, sampleKPI("mrr"))
	if _, err := s.SaveValue(numValue(k.ID, "2026-W45", 45)); err != nil {
		t.Fatal(err)
	}
	s.KeepWeeks(8)
	w := model.MustWeek("2026-W45")
	if vs, err := s.Values(w, w); err != nil || len(vs) != 1 || vs[0].Number != 45 {
		t.Fatalf("first read: %+v %v", vs, err)
	}
	g0, _ := s.Generation()
	other := openAs(t, url, "owner")
	v, _, _ := other.Value(k.ID, w)
	v.Number = 4500
	if _, err := other.SaveValue(v); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the other client's commit to be notified", func() bool {
		g, err := s.Generation()
		return err == nil && g != g0
	})
	if vs, err := s.Values(w, w); err != nil || len(vs) != 1 || vs[0].Number != 4500 {
		t.Errorf("after another client's write: %+v %v, want 4500", vs, err)
	}
}

// TestServerOtherToolsInsertRowsAndIDsFollow: psql, with its own search_path,
// inserts rows with and without ids; the triggers work for it, and kpi's next
// row gets an id past them.
func TestServerOtherToolsInsertRowsAndIDsFollow(t *testing.T) {
	s, url := newServerTeam(t, "owner")
	k := mustKPI(t, s, sampleKPI("mrr"))
	team := TeamKey(url)
	pgtest.Exec(t, fmt.Sprintf(`INSERT INTO %s.kpi_values (id, kpi_id, week, number) VALUES (100, %d, '2026-W01', 1)`, team, k.ID))
	pgtest.Exec(t, fmt.Sprintf(`INSERT INTO %s.kpi_values (kpi_id, week, number) VALUES (%d, '2026-W02', 2)`, team, k.ID))
	v, err := s.SaveValue(numValue(k.ID, "2026-W03", 3))
	if err != nil {
		t.Fatal(err)
	}
	if v.ID <= 101 {
		t.Errorf("kpi's new value has id %d, want one past the rows psql inserted (100, 101)", v.ID)
	}
	vs, err := s.ValuesOf(k.ID, model.Week{}, model.Week{})
	if err != nil || len(vs) != 3 {
		t.Errorf("%d values, %v", len(vs), err)
	}
}
