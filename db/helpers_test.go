package db

import (
	"crypto/sha256"
	"os"
	"path/filepath"
	"testing"
	"time"

	"kpi/internal/pgtest"
	"kpi/model"
)

// testNow is the fixed clock of most tests.
var testNow = time.Date(2026, 11, 19, 10, 0, 0, 0, time.UTC)

func testOptions(user string) Options {
	return Options{User: user, Host: "testhost", Now: func() time.Time { return testNow }}
}

// onServer says that the tests' stores are teams on the PostgreSQL test
// server rather than files: KPI_TEST_ENGINE=postgres (.ci/run runs the db
// tests once more so). Tests of what only a file has call fileOnly.
var onServer = os.Getenv("KPI_TEST_ENGINE") == "postgres"

// fileOnly skips a test of the file engine's own rules when the tests run
// against the server.
func fileOnly(t testing.TB) {
	t.Helper()
	if onServer {
		t.Skip("a test of the team file's own rules (KPI_TEST_ENGINE=postgres runs the server)")
	}
}

// newStore creates a fresh team file in a temporary folder, or a fresh team on
// the test server (onServer), written by ana.
func newStore(t testing.TB) *Store {
	t.Helper()
	where := filepath.Join(t.TempDir(), "team.kpi")
	if onServer {
		where = pgtest.Team(t, "ana")
	}
	s, err := Create(where, testOptions("ana"), model.DefaultSettings("Growth"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// reopen opens the same file again as another user (another app on the
// drive); on the server, as that login, made an admin of the team.
func reopen(t *testing.T, s *Store, user string) *Store {
	t.Helper()
	where := s.Path()
	if s.IsServer() {
		pgtest.PlainLogin(t, user)
		if user != s.User() {
			if err := s.Grant(user, "admin"); err != nil {
				t.Fatal(err)
			}
		}
		where = pgtest.WithTeam(pgtest.Server(t), user, TeamKey(where))
	}
	o, err := Open(where, testOptions(user))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { o.Close() })
	return o
}

func sampleKPI(key string) model.KPI {
	return model.KPI{
		Key: key, Name: "KPI " + key, Owner: "ana", Unit: "$", Decimals: 0,
		Direction: model.Up, Tier: model.TierKey, Indicator: model.Lagging, Kind: model.Quantitative,
		Cadence: model.Weekly, Aggregate: model.AggLast, Tolerance: model.DefaultTolerance,
		Targets: model.TargetPath{{Week: model.MustWeek("2026-W01"), Value: 100}, {Week: model.MustWeek("2026-W52"), Value: 200}},
	}
}

func mustKPI(t *testing.T, s *Store, k model.KPI) model.KPI {
	t.Helper()
	got, err := s.CreateKPI(k)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func numValue(kpiID int64, week string, n float64) model.Value {
	return model.Value{KPIID: kpiID, Week: model.MustWeek(week), Number: n, HasNumber: true}
}

// fileHash is the sha256 of a file that no Store in this process has open
// (reading it while SQLite has it open would drop SQLite's locks).
func fileHash(t *testing.T, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}
