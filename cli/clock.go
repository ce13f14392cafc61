package cli

import (
	"fmt"
	"strings"
	"time"
)

// pinnedClock reads $KPI_NOW, the testing aid that sets "now" for every command
// and for the app, so a test (or a demo recorded for the README) can run as if on
// any date. An RFC 3339 time is taken as it is; a bare date (2027-01-04) is noon
// of that day in local time, so its ISO week is the same in every time zone near
// it. The clock starts at the pinned instant and then runs on with the real one:
// the app's heartbeats, toasts and "saved 2 s ago" still move.
//
// It returns base unchanged when KPI_NOW is empty, and a usage error that says
// how to write the value when it cannot be read.
func pinnedClock(getenv func(string) string, base func() time.Time) (func() time.Time, error) {
	raw := strings.TrimSpace(getenv("KPI_NOW"))
	if raw == "" {
		return base, nil
	}
	pinned, err := ParseNow(raw)
	if err != nil {
		return nil, usagef("KPI_NOW=%q: %v; write it like 2027-01-04 or 2027-01-04T09:30:00Z, or unset it", raw, err)
	}
	started := time.Now()
	return func() time.Time { return pinned.Add(time.Since(started)) }, nil
}

// ParseNow reads a KPI_NOW value: an RFC 3339 time, or a yyyy-mm-dd date taken
// as noon of that day in local time. It is exported so that the tests which run
// the binary read KPI_NOW exactly as the binary does and agree with it on "today".
func ParseNow(s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, nil
	}
	d, err := time.ParseInLocation("2006-01-02", s, time.Local)
	if err != nil {
		return time.Time{}, fmt.Errorf("not a date or an RFC 3339 time")
	}
	return d.Add(12 * time.Hour), nil
}
