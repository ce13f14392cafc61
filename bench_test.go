package main

// Benchmarks of spec §7 at the level of the app (house-style.md, "Tests"): opening
// the team file, and each view's load and first frame for a week, on the normal
// demo and the large one (1000 KPIs × 520 weeks). The process-level figures
// (startup included) come from `go run .ci/bench/main.go`; see the README.
//
//	go test -run '^$' -bench . -benchtime 10x .

import (
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"kpi/cli"
	"kpi/db"
	"kpi/demo"
	"kpi/model"
	"kpi/themes"
	"kpi/ui"
)

// benchNow is the benchmarks' clock: the demos end in its week.
var benchNow = time.Date(2026, 11, 18, 10, 0, 0, 0, time.UTC)

var benchFiles struct {
	once          sync.Once
	normal, large string
	err           error
}

// benchDemos writes both demos once per run into testDir (TestMain removes it);
// the large one takes seconds to write.
func benchDemos(b *testing.B) (normal, large string) {
	b.Helper()
	benchFiles.once.Do(func() {
		for _, f := range []struct {
			path *string
			name string
			opt  demo.Options
		}{
			{&benchFiles.normal, "normal.db", demo.Options{Seed: 1, Now: benchNow}},
			{&benchFiles.large, "large.db", demo.Options{Seed: 1, Now: benchNow, KPIs: 1000, Weeks: 520}},
		} {
			*f.path = filepath.Join(testDir, f.name)
			ds := demo.Generate(f.opt)
			st, err := db.Create(*f.path, db.Options{User: "bench", Now: func() time.Time { return benchNow }}, ds.Settings)
			if err == nil {
				err = st.ImportDataset(ds)
				st.Close()
			}
			if err != nil {
				benchFiles.err = err
				return
			}
		}
	})
	if benchFiles.err != nil {
		b.Fatal(benchFiles.err)
	}
	return benchFiles.normal, benchFiles.large
}

func BenchmarkOpenStore(b *testing.B) {
	normal, large := benchDemos(b)
	cache := filepath.Join(b.TempDir(), "verified")
	for name, path := range map[string]string{"normal": normal, "large": large} {
		b.Run(name, func(b *testing.B) {
			opt := db.Options{User: "bench", VerifiedCache: cache}
			if st, err := db.Open(path, opt); err == nil { // checks the file once, as the first kpi command of the day does
				st.Close()
			}
			for b.Loop() {
				st, err := db.Open(path, opt)
				if err != nil {
					b.Fatal(err)
				}
				st.Close()
			}
		})
	}
}

// BenchmarkSnapshot is what `kpi snapshot` does after opening the file: load the
// week, show the view, let it load its own data, draw the frame.
func BenchmarkSnapshot(b *testing.B) {
	normal, large := benchDemos(b)
	th, err := themes.Lookup("dark")
	if err != nil {
		b.Fatal(err)
	}
	week := model.CurrentWeek(benchNow)
	for _, demoName := range []string{"normal", "large"} {
		path := map[string]string{"normal": normal, "large": large}[demoName]
		st, err := db.Open(path, db.Options{User: "bench"})
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { st.Close() })
		for _, view := range append(ui.ViewNames(), ui.WalkthroughView) {
			for _, size := range [][2]int{{120, 40}, {250, 70}} {
				req := cli.SnapshotRequest{View: view, Width: size[0], Height: size[1]}
				if view == ui.WalkthroughView {
					req.KPI = "mrr"
				}
				b.Run(demoName+"/"+view+"/"+sizeName(size), func(b *testing.B) {
					o := cli.AppOptions{Path: path, User: "bench", Theme: th, Week: week, Now: func() time.Time { return benchNow }}
					for b.Loop() {
						if _, err := (app{}).Snapshot(st, o, req); err != nil {
							b.Fatal(err)
						}
					}
				})
			}
		}
	}
}

func sizeName(s [2]int) string { return fmt.Sprintf("%dx%d", s[0], s[1]) }
