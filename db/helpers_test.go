package db

import (
	"crypto/sha256"
	"os"
	"path/filepath"
	"testing"
	"time"

	"kpi/model"
)

// testNow is the fixed clock of most tests.
var testNow = time.Date(2026, 11, 19, 10, 0, 0, 0, time.UTC)

func testOptions(user string) Options {
	return Options{User: user, Host: "testhost", Now: func() time.Time { return testNow }}
}

// newStore creates a fresh team file in a temporary folder.
func newStore(t testing.TB) *Store {
	t.Helper()
	s, err := Create(filepath.Join(t.TempDir(), "team.kpi"), testOptions("ana"), model.DefaultSettings("Growth"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// reopen opens the same file again as another user (another app on the drive).
func reopen(t *testing.T, s *Store, user string) *Store {
	t.Helper()
	o, err := Open(s.Path(), testOptions(user))
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
