// Command bench measures the process-level budgets of spec §7 with the real
// binary: `kpi snapshot` of every view on the normal and the large demo, `kpi set`,
// and `kpi import` of 100,000 rows — each the median of several runs, with the peak
// resident memory of the slowest process — next to the same reads and writes done
// by the sqlite3 shell (the floor), when it is installed; and the app's first
// screen in tmux on both demos after another app opened and closed the file,
// next to visidata's on the same file when it is installed. Each command and
// its floor or peer take turns, run by run, so that on a shared machine both
// see the same load and their ratio holds. It prints a Markdown table for the
// README, with the ratios and the machine's load average.
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
	"regexp"
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

// command is one program to time: its name and its arguments for run i.
type command struct {
	name string
	args []func(i int) []string
}

func cmd(name string, args ...func(i int) []string) command { return command{name, args} }

// timing is what measureAlternating found for one command: the median wall
// time and the largest peak RSS, or the command's error.
type timing struct {
	median time.Duration
	rss    int64
	err    error
}

// measure runs name with args n times (prepare, when set, runs untimed before
// each) and returns the median wall time and the largest peak RSS.
func measure(n int, env []string, prepare func(i int), name string, args ...func(i int) []string) (time.Duration, int64, error) {
	t := measureAlternating(n, env, prepare, cmd(name, args...))[0]
	return t.median, t.rss, t.err
}

// measureAlternating runs each command n times, taking turns (kpi, its floor,
// kpi, its floor …): on a machine shared with other work the load changes
// from second to second, and taking turns gives both the same load, so their
// ratio holds even when their times do not. prepare, when set, runs untimed
// before every run. A command that fails is not run again.
func measureAlternating(n int, env []string, prepare func(i int), cmds ...command) []timing {
	runs := make([][]run, len(cmds))
	out := make([]timing, len(cmds))
	for i := range n {
		for c, command := range cmds {
			if out[c].err != nil {
				continue
			}
			if prepare != nil {
				prepare(i)
			}
			r, err := runOnce(env, command, i)
			if err != nil {
				out[c].err = err
				continue
			}
			runs[c] = append(runs[c], r)
		}
	}
	for c, rs := range runs {
		if out[c].err != nil || len(rs) == 0 {
			continue
		}
		slices.SortFunc(rs, func(a, b run) int { return int(a.wall - b.wall) })
		out[c].median = rs[len(rs)/2].wall
		for _, r := range rs {
			out[c].rss = max(out[c].rss, r.rss)
		}
	}
	return out
}

// runOnce runs command once (its arguments for run i) and times it.
func runOnce(env []string, c command, i int) (run, error) {
	var argv []string
	for _, a := range c.args {
		argv = append(argv, a(i)...)
	}
	cmd := exec.Command(c.name, argv...)
	cmd.Env = env
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = nil, &stderr
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	if err != nil {
		return run{}, fmt.Errorf("%s %s: %v: %s", filepath.Base(c.name), strings.Join(argv, " "), err, strings.TrimSpace(stderr.String()))
	}
	var rss int64
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		rss = int64(ru.Maxrss) // kilobytes on Linux
	}
	return run{wall, rss}, nil
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
	screensOnly := flag.Bool("screens", false, "measure only the first screens, on the demos a run with -keep DIR left in DIR")
	flag.Parse()
	run := bench
	if *screensOnly {
		run = screensIn
	}
	if err := run(*runs, *keep); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

// screensIn measures only the first screens, on the demos in dir.
func screensIn(n int, dir string) error {
	if dir == "" {
		return fmt.Errorf("-screens needs -keep DIR with the demos of an earlier run")
	}
	bin := filepath.Join(dir, "kpi")
	if err := buildKPI(bin); err != nil {
		return err
	}
	rows, err := firstScreens(n, bin, benchEnv(dir), []demoFile{{"normal", filepath.Join(dir, "normal.db")}, {"large", filepath.Join(dir, "large.db")}})
	if err != nil {
		return err
	}
	printTable(rows, n, 0)
	return nil
}

// buildKPI builds the binary as README "Install" does: CGO_ENABLED=0, a
// static binary (kpi has no C in it). With cgo on, the standard library's net
// and os/user link the C library, and every start loads it first.
func buildKPI(bin string) error {
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		return fmt.Errorf("go build: %v\n%s", err, out)
	}
	return nil
}

// benchEnv is a private home in dir: the personal config and the
// verified-file cache are the benchmark's own.
func benchEnv(dir string) []string {
	return []string{"HOME=" + dir, "XDG_CACHE_HOME=" + filepath.Join(dir, "cache"), "XDG_CONFIG_HOME=" + filepath.Join(dir, "config"),
		"PATH=" + os.Getenv("PATH"), "KPI_USER=bench", "KPI_BACKUPS=0"}
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
	b := bencher{n: n, dir: dir, bin: filepath.Join(dir, "kpi"), env: benchEnv(dir)}
	fmt.Fprintln(os.Stderr, "building kpi …")
	if err := buildKPI(b.bin); err != nil {
		return err
	}
	b.sqlite3, _ = exec.LookPath("sqlite3")
	b.normal, b.large = filepath.Join(dir, "normal.db"), filepath.Join(dir, "large.db")
	for _, step := range []func() error{b.demos, b.snapshots, b.set, b.importRows, b.screens} {
		if err := step(); err != nil {
			return err
		}
	}
	printTable(b.rows, n, b.imports)
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
// sqlite3 shell doing the same reads.
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
			cmds := []command{cmd(b.bin, fixed(args...))}
			if b.sqlite3 != "" {
				// what every view reads at least, as the app reads it
				cmds = append(cmds, cmd(b.sqlite3, fixed(append([]string{d.path}, floorReads(week)...)...)))
			}
			t := measureAlternating(b.n, b.env, nil, cmds...)
			if t[0].err != nil {
				return t[0].err
			}
			med, rss := t[0].median, t[0].rss
			floor := ""
			if len(t) > 1 && t[1].err == nil {
				floor = fmt.Sprintf("%s (sqlite3: the same reads; kpi is %.1f×)", ms(t[1].median), ratio(med, t[1].median))
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
	cmds := []command{cmd(b.bin, fixed("import", csvPath, "--db", target))}
	if b.sqlite3 != "" {
		cmds = append(cmds, cmd(b.sqlite3, fixed(target, ".mode csv", ".import --skip 1 "+csvPath+" staging")))
	}
	t := measureAlternating(b.imports, b.env, fresh, cmds...)
	if t[0].err != nil {
		return t[0].err
	}
	med, rss := t[0].median, t[0].rss
	floor := ""
	if len(t) > 1 && t[1].err == nil {
		floor = fmt.Sprintf("%s (sqlite3: .import into a bare table; kpi is %.1f×)", ms(t[1].median), ratio(med, t[1].median))
	}
	b.rows = append(b.rows, row{"kpi import (100,000 rows)", "normal", med, rss, floor, "3 s"})
	return nil
}

// screens measures the app's first screens in tmux on both demos.
func (b *bencher) screens() error {
	rows, err := firstScreens(b.n, b.bin, b.env, []demoFile{{"normal", b.normal}, {"large", b.large}})
	b.rows = append(b.rows, rows...)
	return err
}

// printTable prints the machine and the rows as a Markdown table.
func printTable(rows []row, n, imports int) {
	fmt.Printf("Machine: %s/%s, %d CPUs, %s; %s. Median of %d runs (imports: %d), each command taking turns with its floor; peak RSS is the largest of the runs. Load average (1 min) when the run started: %s, when it ended: %s.\n\n",
		runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), cpuModel(), time.Now().Format("2006-01-02"), n, imports, startLoad, loadAverage())
	fmt.Println("| what | demo | median | peak RSS | floor | budget |")
	fmt.Println("|---|---|---:|---:|---|---|")
	for _, r := range rows {
		rss := ""
		if r.rss > 0 {
			rss = fmt.Sprintf("%.0f MB", float64(r.rss)/1024)
		}
		fmt.Printf("| %s | %s | %s | %s | %s | %s |\n", r.what, r.demo, ms(r.median), rss, r.floor, r.budget)
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

// floorReads are the sqlite3 shell's arguments for the statements kpi runs
// to draw week's dashboard (ui.Load), each as kpi writes it, every column
// printed: settings, objectives, KPIs, targets, each KPI's first value, tags,
// 17 weeks of values and the week events. (The latest week with values is
// read only when the five weeks to week hold none; the demos' weeks do.)
func floorReads(week string) []string {
	return []string{
		"SELECT team_name, review_weekday, checklist_template, default_theme, version FROM settings WHERE id = 1",
		"SELECT id, title, description, owner, start_week, end_week, state, archived, version, created_at, updated_at, updated_by FROM objectives ORDER BY id",
		`SELECT id, key, name, description, owner, objective_id, unit, decimals, direction, tolerance_amount, tolerance_absolute,
			tier, omtm, indicator, kind, cadence, aggregate, formula, archived, definition_reviewed, version, created_at, updated_at, updated_by
			FROM kpis ORDER BY omtm DESC, CASE tier WHEN 'key' THEN 0 ELSE 1 END, lower(key), key`,
		"SELECT kpi_id, week, value, high FROM kpi_targets ORDER BY kpi_id, week",
		`SELECT k.id, (SELECT v.week FROM kpi_values v WHERE v.kpi_id = k.id AND v.week GLOB '[0-9][0-9][0-9][0-9]-W[0-9][0-9]'
			ORDER BY v.week LIMIT 1) FROM kpis k`,
		"SELECT kpi_id, tag FROM kpi_tags ORDER BY kpi_id, tag",
		fmt.Sprintf("SELECT id, kpi_id, week, number, status, note, entered_by, version, updated_by FROM kpi_values WHERE week >= '%s' AND week <= '%s'", weekBack(week, 16), week),
		"SELECT id, week, text, version, created_at, updated_at, updated_by FROM events ORDER BY week, id",
	}
}

func ratio(a, b time.Duration) float64 {
	if b <= 0 {
		return 0
	}
	return float64(a) / float64(b)
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

// startLoad is the machine's load average when the run started: the machine
// may be shared, and the figures mean more beside it.
var startLoad = loadAverage()

// loadAverage is the one-minute load average (/proc/loadavg), or "?".
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if f := strings.Fields(string(b)); err == nil && len(f) > 0 {
		return f[0]
	}
	return "?"
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

// demoFile is one demo the first screens are measured on.
type demoFile struct{ name, path string }

// screenDeadline bounds one wait for a screen; a first screen this slow is a
// failure to report, not a figure.
const screenDeadline = 60 * time.Second

// tmuxServer is a private tmux server the first screens are drawn in, 120×40.
type tmuxServer struct {
	socket string
	env    []string
}

func (t tmuxServer) run(args ...string) (string, error) {
	cmd := exec.Command("tmux", append([]string{"-L", t.socket}, args...)...)
	cmd.Env = t.env
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// firstScreen starts shell in a new tmux session and returns how long it took
// until the pane showed want, polling capture-pane every few milliseconds (the
// time is what a user sees, give or take one poll). The session is killed after.
//
// quit, when set, is the key that quits the program; it is pressed after the
// screen showed and the session waited for, so the program closes the file as
// a user would.
func (t tmuxServer) firstScreen(shell, want, quit string) (time.Duration, error) {
	name := fmt.Sprintf("s%d", time.Now().UnixNano())
	start := time.Now()
	if out, err := t.run("new-session", "-d", "-s", name, "-x", "120", "-y", "40", shell); err != nil {
		return 0, fmt.Errorf("tmux new-session: %v %s", err, out)
	}
	defer t.run("kill-session", "-t", name)
	for {
		screen, err := t.run("capture-pane", "-p", "-t", name)
		if err == nil && strings.Contains(screen, want) {
			took := time.Since(start)
			if quit != "" {
				t.run("send-keys", "-t", name, quit)
				for end := time.Now().Add(screenDeadline); time.Now().Before(end); time.Sleep(5 * time.Millisecond) {
					if _, err := t.run("has-session", "-t", name); err != nil {
						break // the program quit and its session ended
					}
				}
			}
			return took, nil
		}
		if time.Since(start) > screenDeadline {
			return 0, fmt.Errorf("%q did not show within %v; the screen:\n%s", want, screenDeadline, screen)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// firstKPIName is the name of the first KPI the dashboard shows (`kpi list`
// lists in the same order, the One Metric That Matters first).
func firstKPIName(bin string, env []string, path string) (string, error) {
	cmd := exec.Command(bin, "list", "--db", path)
	cmd.Env = env
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("kpi list: %v", err)
	}
	lines := strings.Split(string(out), "\n")
	if len(lines) < 3 {
		return "", fmt.Errorf("kpi list printed no KPI")
	}
	fields := regexp.MustCompile(`\s{2,}`).Split(strings.TrimSpace(lines[2]), -1)
	if len(fields) < 2 {
		return "", fmt.Errorf("cannot read the first KPI from %q", lines[2])
	}
	return strings.TrimSpace(strings.TrimSuffix(fields[1], "★")), nil
}

// firstScreens measures the app's first screen on each demo after another app
// opened and closed the file (as in a team, where someone always just did),
// and visidata's on the same file when it is installed. Without tmux it
// measures nothing and says so.
func firstScreens(n int, bin string, env []string, demos []demoFile) ([]row, error) {
	if _, err := exec.LookPath("tmux"); err != nil {
		fmt.Fprintln(os.Stderr, "tmux is not installed: no first screens measured")
		return nil, nil
	}
	t := tmuxServer{socket: fmt.Sprintf("kpi-bench-%d", os.Getpid()), env: append(env, "TERM=xterm-256color")}
	// a session that stays, so the server does not exit between measurements
	if out, err := t.run("-f", "/dev/null", "new-session", "-d", "-s", "keep", "sleep 86400"); err != nil {
		return nil, fmt.Errorf("starting tmux: %v %s", err, out)
	}
	defer t.run("kill-server")
	vd, _ := exec.LookPath("vd")
	if vd == "" {
		fmt.Fprintln(os.Stderr, "visidata (vd) is not installed: no peer for the first screens")
	}
	var rows []row
	for _, d := range demos {
		want, err := firstKPIName(bin, env, d.path)
		if err != nil {
			return nil, err
		}
		fmt.Fprintf(os.Stderr, "the first screens on the %s demo …\n", d.name)
		app := shellWord(bin) + " --db " + shellWord(d.path)
		screens := []screen{{shell: app, want: want, quit: "q", another: true},
			{shell: app, want: want, quit: "q", another: true, changed: d.path}}
		if vd != "" {
			screens = append(screens, screen{shell: shellWord(vd) + " " + shellWord(d.path), want: " settings "})
		}
		times, err := medianScreens(n, t, screens)
		if err != nil {
			return nil, err
		}
		peer := func(kpi time.Duration) string {
			if vd == "" {
				return ""
			}
			return fmt.Sprintf("%s (visidata: its table list; kpi takes %.2f× its time)", ms(times[2]), ratio(kpi, times[2]))
		}
		rows = append(rows,
			row{"the app's first screen in tmux, after another app opened and closed the file (until the first KPI name shows)", d.name, times[0], 0, peer(times[0]), ""},
			row{"the same, the file changed since that app (its time moved: no read cache, and quick_check after the first frame)", d.name, times[1], 0, peer(times[1]), ""})
	}
	return rows, nil
}

// screen is one program whose first screen is timed: the shell command, what
// shows when its screen is up, the key that quits it ("" for none: its
// session is killed), whether another app opens and closes the file before
// each timed run (untimed), as a teammate would, and a file to touch after
// that, so that the timed app finds it changed (as after a teammate's edit).
type screen struct {
	shell, want, quit string
	another           bool
	changed           string // a file whose time is moved just before each timed run
}

// medianScreens is the median first screen of each of screens over n runs,
// taking turns as measureAlternating does, so that each sees the same load.
func medianScreens(n int, t tmuxServer, screens []screen) ([]time.Duration, error) {
	times := make([][]time.Duration, len(screens))
	for range n {
		for i, s := range screens {
			if s.another {
				if _, err := t.firstScreen(s.shell, s.want, s.quit); err != nil {
					return nil, err
				}
			}
			if s.changed != "" {
				now := time.Now()
				if err := os.Chtimes(s.changed, now, now); err != nil {
					return nil, err
				}
			}
			d, err := t.firstScreen(s.shell, s.want, s.quit)
			if err != nil {
				return nil, err
			}
			times[i] = append(times[i], d)
		}
	}
	out := make([]time.Duration, len(screens))
	for i, ts := range times {
		slices.Sort(ts)
		out[i] = ts[len(ts)/2]
	}
	return out, nil
}

// shellWord quotes s for the shell tmux runs a session's command with.
func shellWord(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
