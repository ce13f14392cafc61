package cli

import (
	"database/sql"
	"fmt"
	"math"
	"math/big"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"kpi/db"
	"kpi/model"
)

// freshFile is a new team file made by `kpi init`.
func freshFile(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "team.kpi")
	if r := run(t, nil, "init", path); r.code != 0 {
		t.Fatalf("init: %s", r.stderr)
	}
	return path
}

// dataset reads the whole team file the way export does.
func dataset(t *testing.T, path string) model.Dataset {
	t.Helper()
	st, err := db.Open(path, db.Options{User: "reader", Now: func() time.Time { return fixedNow }})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ds, err := st.Export()
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

// valuesByKey is every stored number by KPI key and week.
func valuesByKey(ds model.Dataset) map[string]map[model.Week]model.Value {
	keys := map[int64]string{}
	for _, k := range ds.KPIs {
		keys[k.ID] = k.Key
	}
	out := map[string]map[model.Week]model.Value{}
	for _, v := range ds.Values {
		k := keys[v.KPIID]
		if out[k] == nil {
			out[k] = map[model.Week]model.Value{}
		}
		out[k][v.Week] = v
	}
	return out
}

func changeRows(t *testing.T, path string) int {
	t.Helper()
	var n int
	raw := openRaw(t, path)
	defer raw.Close()
	if err := raw.QueryRow("SELECT count(*) FROM change_log").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func testdataPath(name string) string { return filepath.Join("testdata", "import", name) }

// salesFile writes a weekly sales file of stores × weeks shaped like the public
// one of issue 18 (dd-mm-yyyy dates, a 0/1 holiday column, context columns),
// with made-up numbers, and returns its path, every sales figure by store and
// date, and the holiday weeks.
func salesFile(t *testing.T, stores, weeks int) (string, map[string]map[model.Week]string, map[model.Week]bool) {
	t.Helper()
	var b strings.Builder
	b.WriteString("Store,Date,Weekly_Sales,Holiday_Flag,Temperature,Fuel_Price,CPI,Unemployment\n")
	sales := map[string]map[model.Week]string{}
	holidays := map[model.Week]bool{}
	start := time.Date(2010, 2, 5, 0, 0, 0, 0, time.UTC)
	for s := 1; s <= stores; s++ {
		key := fmt.Sprintf("store_%d", s)
		sales[key] = map[model.Week]string{}
		for w := 0; w < weeks; w++ {
			d := start.AddDate(0, 0, 7*w)
			// a deterministic spread of figures with one or two decimals
			cents := 20000000 + (s*7919+w*104729)%230000000
			if cents%10 == 0 {
				cents++
			}
			fig := strconv.FormatFloat(float64(cents)/100, 'f', -1, 64)
			hol := 0
			if w%14 == 1 {
				hol = 1
				holidays[model.WeekOf(d)] = true
			}
			fmt.Fprintf(&b, "%d,%s,%s,%d,%.2f,%.3f,%.7f,%.3f\n", s, d.Format("02-01-2006"), fig, hol, 40+float64(w%30), 2.5+float64(s%9)/10, 211.0963582+float64(w)/100, 8.106)
			sales[key][model.WeekOf(d)] = fig
		}
	}
	path := filepath.Join(t.TempDir(), "sales.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path, sales, holidays
}

var salesArgs = []string{"--kpi-column", "Store", "--key-format", "store_{}", "--date-column", "Date", "--date-format", "dd-mm-yyyy",
	"--value-column", "Weekly_Sales", "--create", "--unit", "$", "--direction", "up", "--tag", "store", "--event-column", "Holiday_Flag"}

// TestImportSalesFile is issue 18's "must hold": the 45-store × 143-week file
// imports in one command into a fresh file, every value equal to the CSV, 45
// KPIs and one event per holiday week; importing it again is 6,435 unchanged
// with no change-log rows; sum(tag:store) is the stores' sum every week.
func TestImportSalesFile(t *testing.T) {
	csvPath, sales, holidays := salesFile(t, 45, 143)
	path := freshFile(t)
	start := time.Now()
	r := run(t, nil, append([]string{"import", csvPath, "--db", path}, salesArgs...)...)
	t.Logf("import of 6,435 rows took %v", time.Since(start))
	if r.code != 0 {
		t.Fatalf("import: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	for _, want := range []string{"Created 45 KPIs", "Imported 6,435 values: 6,435 new, 0 changed, 0 unchanged", fmt.Sprintf("Added %d events", len(holidays)), "Ignored columns: Temperature, Fuel_Price, CPI, Unemployment"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("summary lacks %q:\n%s", want, r.stdout)
		}
	}
	ds := dataset(t, path)
	if len(ds.KPIs) != 45 || len(ds.Values) != 6435 || len(ds.Events) != len(holidays) {
		t.Fatalf("%d KPIs, %d values, %d events", len(ds.KPIs), len(ds.Values), len(ds.Events))
	}
	got := valuesByKey(ds)
	for key, weeks := range sales {
		for w, fig := range weeks {
			want, _ := strconv.ParseFloat(fig, 64)
			if v := got[key][w]; !v.HasNumber || v.Number != want {
				t.Fatalf("%s %s = %v, want %s", key, w, v.Number, fig)
			}
		}
	}
	for _, k := range ds.KPIs {
		if k.Unit != "$" || k.Direction != model.Up || !k.HasTag("store") || k.Decimals != 2 {
			t.Fatalf("created KPI %+v", k)
		}
	}
	for _, e := range ds.Events {
		if !holidays[e.Week] || e.Text != "Holiday_Flag" {
			t.Errorf("event %+v is not a holiday week's", e)
		}
	}
	logged := changeRows(t, path)
	r = run(t, nil, append([]string{"import", csvPath, "--db", path}, salesArgs...)...)
	if r.code != 0 || !strings.Contains(r.stdout, "0 new, 0 changed, 6,435 unchanged") {
		t.Fatalf("re-import: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if n := changeRows(t, path); n != logged {
		t.Errorf("the re-import logged %d changes", n-logged)
	}
	checkStoreTotal(t, path, sales)
}

// checkStoreTotal defines total = sum(tag:store) and checks it against the
// exact sum of the stores' figures in every week.
func checkStoreTotal(t *testing.T, path string, sales map[string]map[model.Week]string) {
	t.Helper()
	if r := run(t, nil, "import", writeCSV(t, "key,name,unit,decimals,formula\ntotal,Total sales,$,2,sum(tag:store)\n"), "--db", path); r.code != 0 {
		t.Fatalf("defining the total: %s", r.stderr)
	}
	ds := dataset(t, path)
	var total model.KPI
	first, last := model.Week{}, model.Week{}
	for _, k := range ds.KPIs {
		if k.Key == "total" {
			total = k
		}
	}
	for _, v := range ds.Values {
		if first.IsZero() || v.Week.Before(first) {
			first = v.Week
		}
		if v.Week.After(last) {
			last = v.Week
		}
	}
	series := model.AllSeries(ds.KPIs, ds.Values, first, last)[total.ID]
	if len(series) != 143 {
		t.Fatalf("the total has %d weeks, want 143", len(series))
	}
	for _, v := range series {
		exact := new(big.Float).SetPrec(200)
		for _, weeks := range sales {
			f, _, _ := big.ParseFloat(weeks[v.Week], 10, 200, big.ToNearestEven)
			exact.Add(exact, f)
		}
		want, _ := exact.Float64()
		if math.Abs(v.Number-want) > 0.00005 || model.FormatValue(v.Number, "$", 2) != model.FormatValue(want, "$", 2) {
			t.Fatalf("total %s = %v, the stores sum to %v", v.Week, v.Number, want)
		}
	}
}

// writeXLSX writes rows into a new workbook's first sheet (named sheet) and
// returns its path: the .xlsx fixtures are made here, not committed.
func writeXLSX(t *testing.T, sheet string, rows [][]any) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		t.Fatal(err)
	}
	dateStyle, _ := f.NewStyle(&excelize.Style{NumFmt: 14}) // m/d/yy, the locale's short date
	for i, row := range rows {
		for j, v := range row {
			axis, _ := excelize.CoordinatesToCellName(j+1, i+1)
			if err := f.SetCellValue(sheet, axis, v); err != nil {
				t.Fatal(err)
			}
			if _, ok := v.(time.Time); ok {
				f.SetCellStyle(sheet, axis, axis, dateStyle)
			}
		}
	}
	path := filepath.Join(t.TempDir(), sheet+".xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	return path
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// TestImportLayoutsWithOnlyCreate: a wide file and a scorecard, as .csv and
// .xlsx, import with no flag but --create, into the same values.
func TestImportLayoutsWithOnlyCreate(t *testing.T) {
	w1, w2, w3 := model.MustWeek("2026-W02"), model.MustWeek("2026-W03"), model.MustWeek("2026-W04")
	w0 := model.MustWeek("2026-W01")
	wideWant := map[string]map[model.Week]float64{"revenue": {w1: 1200.5, w2: 1300}, "signups": {w1: 31, w2: 35, w3: 40}}
	scoreWant := map[string]map[model.Week]float64{"revenue": {w0: 1200.5, w1: 1300}, "signups": {w0: 31, w1: 35, w2: 40}}
	for _, tc := range []struct {
		name, file, layout string
		want               map[string]map[model.Week]float64
	}{
		{"wide csv", testdataPath("wide.csv"), "wide", wideWant},
		{"scorecard csv", testdataPath("scorecard.csv"), "scorecard", scoreWant},
		{"wide xlsx", writeXLSX(t, "Weekly", [][]any{{"Date", "Revenue", "Signups"}, {day(2026, 1, 5), 1200.5, 31}, {day(2026, 1, 12), 1300, 35}, {day(2026, 1, 19), nil, 40}}), "wide", wideWant},
		{"scorecard xlsx", writeXLSX(t, "Scorecard", [][]any{{"KPI", "Owner", "2026-W01", "2026-W02", "2026-W03"}, {"Revenue", "ana", 1200.5, 1300}, {"Signups", "bo", 31, 35, 40}}), "scorecard", scoreWant},
	} {
		path := freshFile(t)
		r := run(t, nil, "import", tc.file, "--create", "--db", path)
		if r.code != 0 || !strings.Contains(r.stdout, "as the "+tc.layout+" layout") {
			t.Errorf("%s: exit %d\n%s%s", tc.name, r.code, r.stdout, r.stderr)
			continue
		}
		got := valuesByKey(dataset(t, path))
		for key, weeks := range tc.want {
			if len(got[key]) != len(weeks) {
				t.Errorf("%s: %s has %d values, want %d", tc.name, key, len(got[key]), len(weeks))
			}
			for w, n := range weeks {
				if got[key][w].Number != n {
					t.Errorf("%s: %s %s = %v, want %v", tc.name, key, w, got[key][w].Number, n)
				}
			}
		}
	}
}

// TestImportDialectsAndEncodings: separators and encodings are detected, and
// text survives each (a Latin-1 café is café, not caf).
func TestImportDialectsAndEncodings(t *testing.T) {
	for _, tc := range []struct {
		file, dialect, note string
		want                float64
		args                []string
	}{
		{"semicolon_bom.csv", "UTF-8 with a BOM, semicolon", "café", 1200.5, nil},
		{"tab.tsv", "tab separated", "", 1200.5, nil},
		{"latin1.csv", "Latin-1", "café crème", 1200.5, nil},
		{"latin1.csv", "Windows-1252", "café crème", 1200.5, []string{"--encoding", "windows-1252"}},
		{"utf16le.csv", "UTF-16LE", "naïve", 1200.5, nil},
		{"utf16be_nobom.csv", "UTF-16BE", "", 1200.5, nil},
	} {
		path := freshFile(t)
		r := run(t, nil, append([]string{"import", testdataPath(tc.file), "--create", "--db", path}, tc.args...)...)
		if r.code != 0 || !strings.Contains(r.stdout, tc.dialect) {
			t.Errorf("%s: exit %d\n%s%s", tc.file, r.code, r.stdout, r.stderr)
			continue
		}
		vals := valuesByKey(dataset(t, path))["revenue"]
		var first model.Value
		for _, v := range vals {
			if first.Week.IsZero() || v.Week.Before(first.Week) {
				first = v
			}
		}
		if first.Number != tc.want || first.Note != tc.note {
			t.Errorf("%s: first value %v %q, want %v %q", tc.file, first.Number, first.Note, tc.want, tc.note)
		}
	}
	// the ; file's second row is 1.300,25 with a decimal comma
	path := freshFile(t)
	run(t, nil, "import", testdataPath("semicolon_bom.csv"), "--create", "--db", path)
	if v := valuesByKey(dataset(t, path))["revenue"][model.MustWeek("2026-W03")]; v.Number != 1300.25 {
		t.Errorf("1.300,25 in a ; file is %v", v.Number)
	}
	if r := run(t, nil, "import", testdataPath("tab.tsv"), "--create", "--encoding", "ebcdic", "--db", path); r.code == 0 || !strings.Contains(r.stderr, "--encoding") {
		t.Errorf("an unknown encoding: exit %d %s", r.code, r.stderr)
	}
}

// TestDateFormats: every named format reads its dates as their ISO week, is
// detected when the column is unambiguous, and an ambiguous column is refused
// with both readings.
func TestDateFormats(t *testing.T) {
	for _, tc := range []struct {
		format string
		dates  []string // 5 Jan 2026 and 13 Jan 2026 (W02 and W03)
	}{
		{"yyyy-mm-dd", []string{"2026-01-05", "2026-01-13"}},
		{"yyyy/mm/dd", []string{"2026/01/05", "2026/1/13"}},
		{"dd-mm-yyyy", []string{"05-01-2026", "13-01-2026"}},
		{"mm-dd-yyyy", []string{"01-05-2026", "01-13-2026"}},
		{"dd/mm/yyyy", []string{"05/01/2026", "13/01/2026"}},
		{"mm/dd/yyyy", []string{"1/5/2026", "01/13/2026"}},
		{"dd.mm.yyyy", []string{"05.01.2026", "13.01.2026"}},
		{"Jan 2 2006", []string{"Jan 5 2026", "Jan 13 2026"}},
	} {
		df, err := lookupDateFormat(tc.format)
		if err != nil {
			t.Fatalf("%s: %v", tc.format, err)
		}
		for i, d := range tc.dates {
			w, _, err := weekOfDate(&df, d)
			if want := []string{"2026-W02", "2026-W03"}[i]; err != nil || w.String() != want {
				t.Errorf("%s: %q is %v (%v), want %s", tc.format, d, w, err, want)
			}
		}
		if tc.format == "Jan 2 2006" {
			continue
		}
		got, err := detectDateFormat("Date", tc.dates)
		if err != nil || got == nil || got.name != tc.format {
			t.Errorf("detecting %v: %v, %v; want %s", tc.dates, got, err, tc.format)
		}
	}
	_, err := detectDateFormat("Date", []string{"05/01/2026", "06/01/2026"})
	if err == nil || !strings.Contains(err.Error(), "5 January 2026") || !strings.Contains(err.Error(), "1 May 2026") || !strings.Contains(err.Error(), "--date-format dd/mm/yyyy") {
		t.Errorf("ambiguous dates: %v", err)
	}
	if df, err := detectDateFormat("Week", []string{"2026-W01", "2026-W02"}); err != nil || df != nil {
		t.Errorf("ISO weeks need no format: %v %v", df, err)
	}
	path := freshFile(t)
	before := sha(t, path)
	r := run(t, nil, "import", testdataPath("ambiguous.csv"), "--create", "--db", path)
	if r.code == 0 || !strings.Contains(r.stderr, "ambiguous") || sha(t, path) != before {
		t.Errorf("an ambiguous file: exit %d %s", r.code, r.stderr)
	}
	if r := run(t, nil, "import", testdataPath("ambiguous.csv"), "--create", "--date-format", "mm/dd/yyyy", "--db", path); r.code != 0 {
		t.Fatalf("with --date-format: %s", r.stderr)
	}
	if v := valuesByKey(dataset(t, path))["revenue"][model.MustWeek("2026-W18")]; v.Number != 1 {
		t.Errorf("05/01/2026 as mm/dd/yyyy is 1 May (2026-W18): %+v", valuesByKey(dataset(t, path)))
	}
	if r := run(t, nil, "import", testdataPath("mmddyyyy.csv"), "--create", "--db", freshFile(t)); r.code != 0 || !strings.Contains(r.stdout, "mm-dd-yyyy") {
		t.Errorf("01-13-2026 settles the column as mm-dd-yyyy: %s%s", r.stdout, r.stderr)
	}
}

// TestImportErrorsAreGrouped: one line per cause with its count and first
// lines, every problem of a row (a bad week and a bad value on one line),
// nothing written.
func TestImportErrorsAreGrouped(t *testing.T) {
	path := freshFile(t)
	if r := run(t, nil, "import", writeCSV(t, "key,name\nrevenue,Revenue\n"), "--db", path); r.code != 0 {
		t.Fatal(r.stderr)
	}
	before := sha(t, path)
	r := run(t, nil, "import", testdataPath("errors.csv"), "--db", path)
	if r.code != ExitError || sha(t, path) != before {
		t.Fatalf("exit %d, changed %v", r.code, sha(t, path) != before)
	}
	for _, want := range []string{
		`value: values like "lots" are not numbers: line 2; write numbers`,
		`week: bad week "2026-W99": 2026 has 53 ISO weeks: 2 rows (lines 3, 6)`,
		`no KPI "ghost": 2 rows (lines 4, 5); add --create, or define it first`,
		"nothing was imported: 3 problems in 5 rows",
	} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
}

// TestImportGuessesAMapping: a file not in kpi's format gets the mapping kpi
// would use and the exact command, nothing imported; that command imports it.
func TestImportGuessesAMapping(t *testing.T) {
	path := freshFile(t)
	before := sha(t, path)
	file := testdataPath("stores.csv")
	r := run(t, nil, "import", file, "--db", path)
	want := "kpi import " + file + " --kpi-column Store --key-format 'store_{}' --date-column Date --date-format dd-mm-yyyy --value-column Weekly_Sales --create --event-column Holiday_Flag"
	if r.code == 0 || !strings.Contains(r.stdout, want) || sha(t, path) != before {
		t.Fatalf("exit %d, changed %v\n%s%s", r.code, sha(t, path) != before, r.stdout, r.stderr)
	}
	args := []string{"import", file, "--kpi-column", "Store", "--key-format", "store_{}", "--date-column", "Date", "--date-format", "dd-mm-yyyy",
		"--value-column", "Weekly_Sales", "--create", "--event-column", "Holiday_Flag", "--db", path}
	if r := run(t, nil, args...); r.code != 0 || !strings.Contains(r.stdout, "6 new") || !strings.Contains(r.stdout, "Added 1 event") {
		t.Fatalf("the guessed command: %s%s", r.stdout, r.stderr)
	}
	if v := valuesByKey(dataset(t, path))["store_1"][model.MustWeek("2010-W05")]; v.Number != 1643690.9 {
		t.Errorf("store_1 2010-W05 = %v", v.Number)
	}
}

// TestImportCombineAndDryRun: daily rows of one week are refused without
// --combine and summed, averaged or the last kept with it; --dry-run shows the
// mapped rows and writes nothing.
func TestImportCombineAndDryRun(t *testing.T) {
	file := testdataPath("daily.csv")
	path := freshFile(t)
	r := run(t, nil, "import", file, "--create", "--db", path)
	if r.code == 0 || !strings.Contains(r.stderr, "several rows for one KPI and week (revenue 2026-W02 is on lines 2 and 3): 2 rows (lines 3, 4); add --combine") {
		t.Fatalf("without --combine: exit %d %s", r.code, r.stderr)
	}
	for how, want := range map[string]float64{"sum": 60, "avg": 20, "last": 30} {
		path := freshFile(t)
		before := sha(t, path)
		r := run(t, nil, "import", file, "--create", "--combine", how, "--dry-run", "--db", path)
		if r.code != 0 || !strings.Contains(r.stdout, "Would import 2 values: 2 new") || !strings.Contains(r.stdout, "4 (+2)") || sha(t, path) != before {
			t.Fatalf("%s dry run: exit %d\n%s%s", how, r.code, r.stdout, r.stderr)
		}
		if r := run(t, nil, "import", file, "--create", "--combine", how, "--db", path); r.code != 0 {
			t.Fatalf("%s: %s", how, r.stderr)
		}
		v := valuesByKey(dataset(t, path))["revenue"][model.MustWeek("2026-W02")]
		if v.Number != want || v.Note != "mon; wed" {
			t.Errorf("--combine %s: %v %q, want %v", how, v.Number, v.Note, want)
		}
	}
}

func openRaw(t *testing.T, path string) *sql.DB {
	t.Helper()
	raw, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

// TestEventCommands: add, list and remove week events; the change log has
// them, and a bad week or id is a usage error.
func TestEventCommands(t *testing.T) {
	path := freshFile(t)
	r := run(t, nil, "event", "add", "2026-11-27", "Black", "Friday", "--db", path)
	if r.code != 0 || !strings.Contains(r.stdout, "Event 1 in 2026-W48: Black Friday") {
		t.Fatalf("add: exit %d %q %q", r.code, r.stdout, r.stderr)
	}
	if r := run(t, nil, "event", "list", "--db", path); r.code != 0 || !strings.Contains(r.stdout, "2026-W48") || !strings.Contains(r.stdout, "Black Friday") {
		t.Errorf("list: %q %q", r.stdout, r.stderr)
	}
	if r := run(t, nil, "history", "--db", path); !strings.Contains(r.stdout, `added the event "Black Friday" in 2026-W48`) {
		t.Errorf("history: %q", r.stdout)
	}
	if r := run(t, nil, "event", "add", "2026-W99", "x", "--db", path); r.code != ExitUsage {
		t.Errorf("a bad week: exit %d", r.code)
	}
	if r := run(t, nil, "event", "rm", "x", "--db", path); r.code != ExitUsage {
		t.Errorf("a bad id: exit %d", r.code)
	}
	if r := run(t, nil, "event", "rm", "1", "--db", path); r.code != 0 || !strings.Contains(r.stdout, "Removed event 1") {
		t.Errorf("rm: %q %q", r.stdout, r.stderr)
	}
	if r := run(t, nil, "event", "list", "--db", path); !strings.Contains(r.stdout, "No events") {
		t.Errorf("list after rm: %q", r.stdout)
	}
}

// isISOWeek is written by hand for speed; it must say what the pattern it
// replaced says, for every text.
func TestIsISOWeekIsItsPattern(t *testing.T) {
	pattern := regexp.MustCompile(`(?i)^\s*\d{4}-?W\d+\s*$`)
	cases := []string{"", "2026-W47", "2026W47", "2026-w1", " 2026-W47\t", "\n2026-W470\r\f", "2026-W", "2026-", "226-W47", "20260-W47",
		"2026--W47", "2026-X47", "2026-W4a", "a2026-W47", "2026-W47 x", "\v2026-W47", "２０２６-W47", "2026-W٤", "2026 W47", "-2026-W47", "2026-W47\u00a0"}
	for _, a := range []string{"", " ", "\t"} {
		for _, y := range []string{"2026", "202", "20x6"} {
			for _, d := range []string{"", "-", "--"} {
				for _, w := range []string{"W", "w", "V"} {
					for _, n := range []string{"", "1", "53", "1a"} {
						cases = append(cases, a+y+d+w+n+a)
					}
				}
			}
		}
	}
	for _, c := range cases {
		if got, want := isISOWeek(c), pattern.MatchString(c); got != want {
			t.Errorf("isISOWeek(%q) = %v, the pattern says %v", c, got, want)
		}
	}
}
