package db

import (
	"fmt"
	"os"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"kpi/internal/pgtest"
	"kpi/model"
)

// BenchmarkServerConcurrentClients is the server's load budget (spec §7): 200
// clients, each its own Store (its own pool, as 200 running apps or scripts
// would be), each doing 50 version-checked saves with a read of the week
// before each. It checks that all 10,000 writes are present and reports the
// saves' p50 and p99 latency and the throughput. The README records a run:
//
//	go test -run '^$' -bench ServerConcurrentClients -benchtime 1x ./db/
func BenchmarkServerConcurrentClients(b *testing.B) {
	clients, each := 200, 50
	if n, err := strconv.Atoi(os.Getenv("KPI_BENCH_CLIENTS")); err == nil && n > 0 {
		clients = n // a smaller run to compare with
	}
	for range b.N {
		s, url := newServerTeamB(b)
		k, err := s.CreateKPI(sampleKPI("load"))
		if err != nil {
			b.Fatal(err)
		}
		lat := make([][]time.Duration, clients)
		var wg sync.WaitGroup
		start := time.Now()
		for c := range clients {
			wg.Add(1)
			go func() {
				defer wg.Done()
				lat[c] = loadClient(b, url, k, c, each)
			}()
		}
		wg.Wait()
		took := time.Since(start)
		vs, err := s.ValuesOf(k.ID, model.Week{}, model.Week{})
		if err != nil || len(vs) != clients*each {
			b.Fatalf("%d values present, want %d (%v)", len(vs), clients*each, err)
		}
		all := slices.Concat(lat...)
		slices.Sort(all)
		b.ReportMetric(float64(all[len(all)/2].Microseconds())/1000, "p50-ms")
		b.ReportMetric(float64(all[len(all)*99/100].Microseconds())/1000, "p99-ms")
		b.ReportMetric(float64(len(all))/took.Seconds(), "writes/s")
	}
}

// loadClient is one client: a read of the week, then a version-checked save
// of it, each times.
func loadClient(b *testing.B, url string, k model.KPI, c, each int) []time.Duration {
	st, err := Open(url, Options{User: "owner", Host: fmt.Sprint("client", c), Wait: time.Minute})
	if err != nil {
		b.Error(err)
		return nil
	}
	defer st.Close()
	out := make([]time.Duration, 0, each)
	for j := range each {
		week := model.MustWeek("1990-W01").Add(c*each + j)
		t0 := time.Now()
		cur, err := st.ValuesOf(k.ID, week, week)
		if err == nil {
			v := model.Value{KPIID: k.ID, Week: week, Number: float64(j), HasNumber: true}
			if len(cur) == 1 {
				v.ID, v.Version = cur[0].ID, cur[0].Version
			}
			_, err = st.SaveValue(v)
		}
		if err != nil {
			b.Error(err)
			return out
		}
		out = append(out, time.Since(t0))
	}
	return out
}

func newServerTeamB(b *testing.B) (*Store, string) {
	b.Helper()
	url := pgtest.Team(b, "owner")
	s, err := Create(url, Options{User: "owner"}, model.Settings{TeamName: "Load"})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s, url
}
