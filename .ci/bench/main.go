// Command bench measures the process-level budgets of spec §7 with the real
// binary: `kpi snapshot` of every view on the normal and the large demo, `kpi set`,
// and `kpi import` of 100,000 rows — each the median of several runs, with the peak
// resident memory of the slowest process — next to the same reads and writes done
// by the sqlite3 shell (the floor), when it is installed. It prints a Markdown
// table for the README.
//
//	go run .ci/bench/main.go [-runs 5] [-keep DIR]
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"time"
)

// run is one measured process: its wall time and peak resident memory.
type run struct {
	wall time.Duration
	rss  int64 // KB
}

// measure runs name with args n times (prepare, when set, runs untimed before
// each) and returns the median wall time and the largest peak RSS.
func measure(n int, env []string, prepare func(i int), name string, args ...func(i int) []string) (time.Duration, int64, error) {
	var runs []run
	for i := range n {
		if prepare != nil {
			prepare(i)
		}
		var argv []string
		for _, a := range args {
			argv = append(argv, a(i)...)
		}
		cmd := exec.Command(name, argv...)
		cmd.Env = env
		var stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = nil, &stderr
		start := time.Now()
		err := cmd.Run()
		wall := time.Since(start)
		if err != nil {
			return 0, 0, fmt.Errorf("%s %s: %v: %s", filepath.Base(name), strings.Join(argv, " "), err, strings.TrimSpace(stderr.String()))
		}
		var rss int64
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			rss = int64(ru.Maxrss) // kilobytes on Linux
		}
		runs = append(runs, run{wall, rss})
	}
	slices.SortFunc(runs, func(a, b run) int { return int(a.wall - b.wall) })
	var peak int64
	for _, r := range runs {
		peak = max(peak, r.rss)
	}
	return runs[len(runs)/2].wall, peak, nil
}

func fixed(args ...string) func(int) []string { return func(int) []string { return args } }

type row struct {
	what, demo    string
	median        time.Duration
	rss           int64
	floor, budget string
}

func main() {
	runs := flag.Int("runs", 5, "runs per measurement (the median is reported)")
	keep := flag.String("keep", "", "work in this folder and keep it (default: a temporary one, removed)")
	flag.Parse()
	if err := bench(*runs, *keep); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func bench(n int, keep string) error {
	dir := keep
	if dir == "" {
		d, err := os.MkdirTemp("", "kpi-bench-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(d)
		dir = d
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	b := bencher{n: n, dir: dir, bin: filepath.Join(dir, "kpi")}
	fmt.Fprintln(os.Stderr, "building kpi …")
	if out, err := exec.Command("go", "build", "-o", b.bin, ".").CombinedOutput(); err != nil {
		return fmt.Errorf("go build: %v\n%s", err, out)
	}
	// a private home: the personal config and the verified-file cache are the
	// benchmark's own
	b.env = []string{"HOME=" + dir, "XDG_CACHE_HOME=" + filepath.Join(dir, "cache"), "XDG_CONFIG_HOME=" + filepath.Join(dir, "config"),
		"PATH=" + os.Getenv("PATH"), "KPI_USER=bench", "KPI_BACKUPS=0"}
	b.sqlite3, _ = exec.LookPath("sqlite3")
	b.normal, b.large = filepath.Join(dir, "normal.db"), filepath.Join(dir, "large.db")
	for _, step := range []func() error{b.demos, b.snapshots, b.set, b.importRows} {
		if err := step(); err != nil {
			return err
		}
	}
	b.print()
	return nil
}

// bencher is one run of the benchmark: the binary, its environment, the demo
// files and the rows measured so far.
type bencher struct {
	n                 int
	dir, bin, sqlite3 string
	env               []string
	normal, large     string
	rows              []row
	imports           int
}

// demos writes the normal and the large demo, timing each.
func (b *bencher) demos() error {
	for _, d := range []struct {
		name, path string
		args       []string
	}{{"normal", b.normal, nil}, {"large", b.large, []string{"--kpis", "1000", "--weeks", "520"}}} {
		fmt.Fprintf(os.Stderr, "writing the %s demo …\n", d.name)
		os.Remove(d.path)
		med, rss, err := measure(1, b.env, nil, b.bin, fixed(append([]string{"demo", "--no-open", "--db", d.path}, d.args...)...))
		if err != nil {
			return err
		}
		b.rows = append(b.rows, row{"kpi demo (write the file)", d.name, med, rss, "", ""})
	}
	return nil
}

// snapshots times `kpi snapshot` of every view on both demos, next to the
// sqlite3 read every view does at least.
func (b *bencher) snapshots() error {
	week := isoWeek(time.Now())
	views := []string{"dashboard", "objectives", "scorecard", "trends", "review", "walkthrough"}
	for _, d := range []struct{ name, path, budget string }{{"normal", b.normal, "40 ms"}, {"large", b.large, "250 ms, 100 MB"}} {
		// the first open of the day checks the file's integrity and remembers it
		if _, _, err := measure(1, b.env, nil, b.bin, fixed("snapshot", "--db", d.path)); err != nil {
			return err
		}
		for _, v := range views {
			fmt.Fprintf(os.Stderr, "kpi snapshot --view %s on the %s demo …\n", v, d.name)
			args := []string{"snapshot", "--db", d.path, "--view", v, "--width", "120", "--height", "40"}
			if v == "walkthrough" {
				args = append(args, "--kpi", "mrr")
			}
			med, rss, err := measure(b.n, b.env, nil, b.bin, fixed(args...))
			if err != nil {
				return err
			}
			floor := ""
			if b.sqlite3 != "" {
				// what every view reads at least: the week's readings and the trail
				// (ui.Load: 17 weeks of every KPI)
				q := fmt.Sprintf("SELECT count(*), sum(number) FROM kpi_values WHERE week >= '%s' AND week <= '%s'", weekBack(week, 16), week)
				if f, _, err := measure(b.n, b.env, nil, b.sqlite3, fixed(d.path, q)); err == nil {
					floor = ms(f) + " (sqlite3: read 17 weeks of values)"
				}
			}
			b.rows = append(b.rows, row{"kpi snapshot --view " + v + " (120×40)", d.name, med, rss, floor, d.budget})
		}
	}
	return nil
}

// set times `kpi set` on the normal demo, next to one sqlite3 UPDATE.
func (b *bencher) set() error {
	week := isoWeek(time.Now())
	fmt.Fprintln(os.Stderr, "kpi set on the normal demo …")
	med, rss, err := measure(b.n, b.env, nil, b.bin, fixed("set", "nps", "--db", b.normal, "--week", week), func(i int) []string { return []string{fmt.Sprint(40 + i)} })
	if err != nil {
		return err
	}
	floor := ""
	if b.sqlite3 != "" {
		q := func(i int) []string {
			return []string{b.normal, fmt.Sprintf("BEGIN IMMEDIATE; UPDATE kpi_values SET number = %d, version = version + 1 WHERE week = '%s' AND kpi_id = (SELECT id FROM kpis WHERE key = 'nps'); COMMIT;", 50+i, week)}
		}
		if f, _, err := measure(b.n, b.env, nil, b.sqlite3, q); err == nil {
			floor = ms(f) + " (sqlite3: one UPDATE)"
		}
	}
	b.rows = append(b.rows, row{"kpi set", "normal", med, rss, floor, "30 ms"})
	return nil
}

// importRows times `kpi import` of 100,000 rows into a fresh demo, next to
// sqlite3's .import into a bare table.
func (b *bencher) importRows() error {
	fmt.Fprintln(os.Stderr, "kpi import of 100,000 rows …")
	csvPath := filepath.Join(b.dir, "100k.csv")
	if err := write100k(csvPath); err != nil {
		return err
	}
	target := filepath.Join(b.dir, "import.db")
	fresh := func(int) {
		os.Remove(target)
		if out, err := exec.Command(b.bin, "demo", "--no-open", "--db", target).CombinedOutput(); err != nil {
			fmt.Fprintf(os.Stderr, "demo for import: %v %s\n", err, out)
		}
	}
	b.imports = max(b.n/2, 1)
	med, rss, err := measure(b.imports, b.env, fresh, b.bin, fixed("import", csvPath, "--db", target))
	if err != nil {
		return err
	}
	floor := ""
	if b.sqlite3 != "" {
		q := fixed(target, ".mode csv", ".import --skip 1 "+csvPath+" staging")
		if f, _, err := measure(b.imports, b.env, fresh, b.sqlite3, q); err == nil {
			floor = ms(f) + " (sqlite3: .import into a bare table)"
		}
	}
	b.rows = append(b.rows, row{"kpi import (100,000 rows)", "normal", med, rss, floor, "3 s"})
	return nil
}

// print writes the Markdown table of the rows.
func (b *bencher) print() {
	fmt.Printf("Machine: %s/%s, %d CPUs, %s; %s. Median of %d runs (imports: %d); peak RSS is the largest of the runs.\n\n",
		runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), cpuModel(), time.Now().Format("2006-01-02"), b.n, b.imports)
	fmt.Println("| what | demo | median | peak RSS | floor | budget |")
	fmt.Println("|---|---|---:|---:|---|---|")
	for _, r := range b.rows {
		fmt.Printf("| %s | %s | %s | %.0f MB | %s | %s |\n", r.what, r.demo, ms(r.median), float64(r.rss)/1024, r.floor, r.budget)
	}
}

// write100k writes 100,000 values of the normal demo's KPIs for weeks after the
// demo's (so every row is new): 8 entered KPIs × 12,500 weeks would not fit ISO
// years, so it spreads them over the KPIs and weeks from 2030 on.
func write100k(path string) error {
	keys := []string{"mrr", "nps", "signups", "wau", "cac", "created", "won", "p95_latency"}
	var b strings.Builder
	b.WriteString("kpi,week,value,note\n")
	for i := range 100_000 {
		k := keys[i%len(keys)]
		w := i / len(keys)
		fmt.Fprintf(&b, "%s,%d-W%02d,%d,\n", k, 2030+w/52, w%52+1, 100+i%997)
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}

func isoWeek(t time.Time) string {
	y, w := t.ISOWeek()
	return fmt.Sprintf("%d-W%02d", y, w)
}

// weekBack is the ISO week n weeks before week (as text).
func weekBack(week string, n int) string {
	var y, w int
	fmt.Sscanf(week, "%d-W%d", &y, &w)
	t := time.Date(y, 1, 4, 12, 0, 0, 0, time.UTC) // in ISO week 1
	t = t.AddDate(0, 0, 7*(w-1)-7*n)
	return isoWeek(t)
}

func ms(d time.Duration) string {
	if d >= time.Second {
		return fmt.Sprintf("%.2f s", d.Seconds())
	}
	return fmt.Sprintf("%.0f ms", float64(d.Microseconds())/1000)
}

func cpuModel() string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return "unknown CPU"
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "model name") {
			if _, v, ok := strings.Cut(line, ":"); ok {
				return strings.TrimSpace(v)
			}
		}
	}
	return "unknown CPU"
}
