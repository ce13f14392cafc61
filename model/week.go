package model

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Week is an ISO-8601 week (Monday to Sunday), written 2026-W47. Weeks are values:
// comparable with ==, ordered with Before/Compare, and the zero Week means "none".
type Week struct {
	Year int // ISO week-numbering year, which can differ from the calendar year at year ends
	Num  int // 1..52 or 53
}

// WeeksInYear is 53 for long ISO years (those whose 28 December falls in week 53)
// and 52 otherwise.
func WeeksInYear(year int) int {
	_, w := time.Date(year, time.December, 28, 12, 0, 0, 0, time.UTC).ISOWeek()
	return w
}

// WeekOf is the ISO week that contains t (in t's own location).
func WeekOf(t time.Time) Week {
	y, w := t.ISOWeek()
	return Week{Year: y, Num: w}
}

// CurrentWeek is the ISO week of now in local time; it exists so callers pass the
// clock in and tests can fix it.
func CurrentWeek(now time.Time) Week { return WeekOf(now.Local()) }

// ErrBadWeek is wrapped by every week parsing error.
var ErrBadWeek = errors.New("bad week")

// ParseWeek reads "2026-W47" (case-insensitive, "2026W47" too) or a date
// "2026-11-19", taken as the ISO week that contains it.
func ParseWeek(s string) (Week, error) {
	in := strings.TrimSpace(s)
	if in == "" {
		return Week{}, fmt.Errorf("%w: empty; write it like 2026-W47 or a date like 2026-11-19", ErrBadWeek)
	}
	up := strings.ToUpper(in)
	if i := strings.Index(up, "W"); i >= 0 {
		yearPart := strings.TrimSuffix(up[:i], "-")
		year, err1 := strconv.Atoi(yearPart)
		num, err2 := strconv.Atoi(up[i+1:])
		if err1 != nil || err2 != nil || len(yearPart) != 4 || len(up[i+1:]) == 0 || len(up[i+1:]) > 2 {
			return Week{}, fmt.Errorf("%w %q: write it like 2026-W47", ErrBadWeek, in)
		}
		if year < 1900 || year > 9999 {
			return Week{}, fmt.Errorf("%w %q: year %d is out of range", ErrBadWeek, in, year)
		}
		if num < 1 || num > WeeksInYear(year) {
			return Week{}, fmt.Errorf("%w %q: %d has %d ISO weeks", ErrBadWeek, in, year, WeeksInYear(year))
		}
		return Week{Year: year, Num: num}, nil
	}
	t, err := time.Parse("2006-01-02", in)
	if err != nil {
		return Week{}, fmt.Errorf("%w %q: write it like 2026-W47 or a date like 2026-11-19", ErrBadWeek, in)
	}
	if t.Year() < 1900 {
		return Week{}, fmt.Errorf("%w %q: year %d is out of range", ErrBadWeek, in, t.Year())
	}
	return WeekOf(t), nil
}

// MustWeek parses a week known to be valid (tests, constants); it panics otherwise.
func MustWeek(s string) Week {
	w, err := ParseWeek(s)
	if err != nil {
		panic(err)
	}
	return w
}

// String writes the week as 2026-W47; the zero week is "".
func (w Week) String() string {
	if w.IsZero() {
		return ""
	}
	if w.Year < 0 || w.Year > 9999 || w.Num < 0 || w.Num > 99 {
		return fmt.Sprintf("%04d-W%02d", w.Year, w.Num)
	}
	// by hand: imports and loads format a week per value, and Sprintf's
	// allocations showed in their profiles
	y, n := w.Year, w.Num
	b := [8]byte{byte('0' + y/1000), byte('0' + y/100%10), byte('0' + y/10%10), byte('0' + y%10), '-', 'W', byte('0' + n/10), byte('0' + n%10)}
	return string(b[:])
}

// Valid reports whether w is a week a team file can hold: an ISO week of a
// year from 1900 to 9999, as ParseWeek accepts and the kpi_values CHECK
// "week: a week like 2026-W47" requires. A Week built by hand or by date
// arithmetic can be outside that; the store refuses such a value itself
// rather than leaving it to the CHECK (which a bulk import switches off).
func (w Week) Valid() bool {
	return w.Year >= 1900 && w.Year <= 9999 && w.Num >= 1 && w.Num <= WeeksInYear(w.Year)
}

// IsZero reports whether w is the zero Week ("no week").
func (w Week) IsZero() bool { return w.Year == 0 && w.Num == 0 }

// Monday is the first day of the week, at midnight UTC.
func (w Week) Monday() time.Time {
	// 4 January is always in ISO week 1; step back to its Monday.
	jan4 := time.Date(w.Year, time.January, 4, 0, 0, 0, 0, time.UTC)
	offset := (int(jan4.Weekday()) + 6) % 7 // days since Monday
	return jan4.AddDate(0, 0, -offset+(w.Num-1)*7)
}

// Sunday is the last day of the week, at midnight UTC.
func (w Week) Sunday() time.Time { return w.Monday().AddDate(0, 0, 6) }

// Day is the given weekday of the week, at midnight UTC.
func (w Week) Day(d time.Weekday) time.Time {
	return w.Monday().AddDate(0, 0, (int(d)+6)%7)
}

// Dates writes the week's span for headers: "16–22 Nov 2026", "28 Dec 2026 – 3 Jan 2027".
func (w Week) Dates() string {
	a, b := w.Monday(), w.Sunday()
	switch {
	case a.Year() != b.Year():
		return a.Format("2 Jan 2006") + " – " + b.Format("2 Jan 2006")
	case a.Month() != b.Month():
		return a.Format("2 Jan") + " – " + b.Format("2 Jan 2006")
	default:
		return fmt.Sprintf("%d–%s", a.Day(), b.Format("2 Jan 2006"))
	}
}

// Add moves n weeks forward (negative: back), across year ends and 53-week years.
func (w Week) Add(n int) Week {
	if num := w.Num + n; w.Num >= 1 && num >= 1 && num <= 52 {
		return Week{Year: w.Year, Num: num} // every ISO year has week 52: no calendar needed
	}
	return WeekOf(w.Monday().AddDate(0, 0, 7*n))
}

// Next is the following week.
func (w Week) Next() Week { return w.Add(1) }

// Prev is the previous week.
func (w Week) Prev() Week { return w.Add(-1) }

// Compare is -1, 0 or +1 as w is before, equal to or after o.
func (w Week) Compare(o Week) int {
	switch {
	case w.Year < o.Year || (w.Year == o.Year && w.Num < o.Num):
		return -1
	case w == o:
		return 0
	default:
		return 1
	}
}

// Before reports whether w comes before o.
func (w Week) Before(o Week) bool { return w.Compare(o) < 0 }

// After reports whether w comes after o.
func (w Week) After(o Week) bool { return w.Compare(o) > 0 }

// WeeksBetween is the number of weeks from a to b (negative if b is earlier).
func WeeksBetween(a, b Week) int {
	// whole days from Unix seconds: a time.Duration overflows past 292 years
	return int((b.Monday().Unix()-a.Monday().Unix())/86400) / 7
}

// Thursday is the day that places a week in a month, a quarter and a year (the ISO
// rule: a week belongs to the year, and here also to the month and quarter, that
// contain its Thursday). 2026-W49 (30 Nov–6 Dec) is December's.
func (w Week) Thursday() time.Time { return w.Day(time.Thursday) }

// Month is the calendar month a week belongs to for cadence and roll-ups: the month
// of its Thursday, so that every week belongs to exactly one month and the year of
// that month is always the week's ISO year.
func (w Week) Month() (int, time.Month) {
	t := w.Thursday()
	return t.Year(), t.Month()
}

// Quarter is the calendar quarter (1–4) a week belongs to, by its Thursday.
func (w Week) Quarter() (int, int) {
	y, m := w.Month()
	return y, (int(m)-1)/3 + 1
}

// FirstOfMonth reports whether w is the first week of its month: the week that
// holds the month's first Thursday. Monthly KPIs are due in it.
func (w Week) FirstOfMonth() bool { return w.Thursday().Day() <= 7 }

// MarshalText writes the week as 2026-W47 (JSON, CSV).
func (w Week) MarshalText() ([]byte, error) { return []byte(w.String()), nil }

// UnmarshalText reads a week written by MarshalText; "" is the zero week.
func (w *Week) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*w = Week{}
		return nil
	}
	p, err := ParseWeek(string(b))
	if err != nil {
		return err
	}
	*w = p
	return nil
}
