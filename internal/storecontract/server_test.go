package storecontract

import (
	"net/url"
	"os"
	"testing"

	"kpi/db"
	"kpi/demo"
	"kpi/internal/pgtest"
)

// The contract runs against a third store: the same demo team on a
// PostgreSQL server (see kpi/internal/pgtest for where the server comes from;
// without one these cases skip, or fail under KPI_REQUIRE_POSTGRES=1).

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// demoServer writes the demo team into a new team on the test server, created
// by the login "tester", and returns its URL.
func demoServer(t *testing.T) string {
	t.Helper()
	team := pgtest.Team(t, "tester")
	ds := demo.Generate(demo.Options{Seed: 1, Now: testNow})
	s, err := db.CreateFilled(team, dbOptions("tester"), ds.Settings, func(s *db.Store) error { return s.ImportDataset(ds) })
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return team
}

// newServer is a real db.Store on a demo team on the server. Another user is
// another login, made an admin of the team by tester.
func newServer(t *testing.T) subject {
	team := demoServer(t)
	owner := open(t, team, "tester")
	return subject{Store: owner, other: func(t *testing.T, user string, fn func(Store)) {
		pgtest.PlainLogin(t, user)
		if err := owner.Grant(user, "admin"); err != nil {
			t.Fatal(err)
		}
		o := open(t, pgtest.WithTeam(team, user, teamOf(t, team)), user)
		fn(o)
		o.Close()
	}}
}

// teamOf is the team key in a test URL.
func teamOf(t *testing.T, raw string) string {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return u.Query().Get("team")
}

// TestServerViewerRefusesEveryWrite: a viewer login's store on the server is
// read-only, and the server refuses every write.
func TestServerViewerRefusesEveryWrite(t *testing.T) {
	team := demoServer(t)
	owner := open(t, team, "tester")
	pgtest.PlainLogin(t, "viewer1")
	if err := owner.Grant("viewer1", "viewer"); err != nil {
		t.Fatal(err)
	}
	refusesEveryWrite(t, open(t, pgtest.WithTeam(team, "viewer1", teamOf(t, team)), "viewer1"))
}
