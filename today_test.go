package main

// The one clock of this package's tests. Every test that asks "which week is
// this?" asks testToday, and every binary a test runs gets the same instant in
// KPI_NOW (kpiNowEnv), so the test and the binary agree on today whatever date
// the suite runs on — and CI runs it on several (.ci/run).

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"kpi/cli"
	"kpi/model"
)

// testNow is set once by TestMain from loadTestNow; read it through testToday.
var testNow time.Time

// loadTestNow is the tests' "now": KPI_NOW from this process's environment, read
// as the binary reads it, or else today's real date at noon local time. Noon, so
// that a suite running across midnight (or a binary whose pinned clock runs on
// for a minute) stays in one day and one ISO week.
func loadTestNow(getenv func(string) string) (time.Time, error) {
	if raw := getenv("KPI_NOW"); raw != "" {
		t, err := cli.ParseNow(raw)
		if err != nil {
			return time.Time{}, fmt.Errorf("KPI_NOW=%q: %v; write it like 2027-01-04 or 2027-01-04T09:30:00Z, or unset it", raw, err)
		}
		return t.Local(), nil
	}
	y, m, d := time.Now().Date()
	return time.Date(y, m, d, 12, 0, 0, 0, time.Local), nil
}

// testToday is the tests' now, in local time as the binary sees it.
func testToday() time.Time { return testNow }

// testWeek is the ISO week of testToday, as the binary computes "this week".
func testWeek() model.Week { return model.CurrentWeek(testToday()) }

// testClock is testToday as a clock, for the stores and apps tests run in-process.
func testClock() time.Time { return testToday() }

// kpiNowEnv is the KPI_NOW entry that pins a binary's clock to testToday.
func kpiNowEnv() string { return "KPI_NOW=" + testToday().Format(time.RFC3339Nano) }

// kpiNowAt is the KPI_NOW entry of a test that pins its own fixed date.
func kpiNowAt(t time.Time) string { return "KPI_NOW=" + t.Format(time.RFC3339Nano) }

// mustLoadTestNow sets testNow for TestMain, or ends the run with a one-line
// reason when KPI_NOW cannot be read.
func mustLoadTestNow() {
	now, err := loadTestNow(os.Getenv)
	if err != nil {
		fmt.Fprintln(os.Stderr, "kpi tests:", err)
		os.Exit(2)
	}
	testNow = now
}

// TestTestClockReadsKPINowAsTheBinaryDoes: the tests' today is KPI_NOW read like
// the binary reads it, or noon of the real date; a bad value is refused; and the
// KPI_NOW a binary is given names the same instant.
func TestTestClockReadsKPINowAsTheBinaryDoes(t *testing.T) {
	for in, week := range map[string]string{"2026-12-28": "2026-W53", "2027-01-04": "2027-W01", "2027-03-01": "2027-W09"} {
		now, err := loadTestNow(func(string) string { return in })
		if err != nil || model.CurrentWeek(now).String() != week || now.Hour() != 12 {
			t.Errorf("KPI_NOW=%s: %v %v, want noon in %s", in, now, err, week)
		}
	}
	exact := "2027-01-03T23:00:00Z"
	if now, err := loadTestNow(func(string) string { return exact }); err != nil || !now.Equal(time.Date(2027, 1, 3, 23, 0, 0, 0, time.UTC)) {
		t.Errorf("KPI_NOW=%s: %v %v", exact, now, err)
	}
	if _, err := loadTestNow(func(string) string { return "next tuesday" }); err == nil || !strings.Contains(err.Error(), "KPI_NOW") {
		t.Errorf("a bad KPI_NOW: %v, want an error naming KPI_NOW", err)
	}
	if now, err := loadTestNow(func(string) string { return "" }); err != nil || now.Hour() != 12 || now.Location() != time.Local {
		t.Errorf("no KPI_NOW: %v %v, want noon of today in local time", now, err)
	}
	pinned, err := cli.ParseNow(strings.TrimPrefix(kpiNowEnv(), "KPI_NOW="))
	if err != nil || !pinned.Equal(testToday()) {
		t.Errorf("%s reads back as %v (%v), want %v", kpiNowEnv(), pinned, err, testToday())
	}
}
