package model

import (
	"encoding/json"
	"errors"
	"testing"
	"time"
)

// date is a calendar day at midnight UTC, the form Week.Monday and friends return.
func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestParseWeek(t *testing.T) {
	tests := []struct {
		in   string
		want Week
	}{
		{"2026-W47", Week{2026, 47}},
		{"2026w47", Week{2026, 47}},
		{"2026W47", Week{2026, 47}},
		{"2026-w47", Week{2026, 47}},
		{" 2026-W47 ", Week{2026, 47}},
		{"2026-W1", Week{2026, 1}},
		{"2026-W01", Week{2026, 1}},
		{"2020-W53", Week{2020, 53}},
		{"2026-W53", Week{2026, 53}},
		{"2015-W53", Week{2015, 53}},
		// dates are taken as the ISO week that contains them
		{"2026-11-19", Week{2026, 47}},
		{"2026-11-16", Week{2026, 47}}, // its Monday
		{"2026-11-22", Week{2026, 47}}, // its Sunday
		{"2021-01-03", Week{2020, 53}}, // a Sunday that belongs to the previous ISO year
		{"2024-12-30", Week{2025, 1}},  // a Monday that belongs to the next ISO year
		{"2026-12-31", Week{2026, 53}},
		{"2027-01-03", Week{2026, 53}},
		{"2027-01-04", Week{2027, 1}},
	}
	for _, tt := range tests {
		got, err := ParseWeek(tt.in)
		if err != nil {
			t.Errorf("ParseWeek(%q): unexpected error %v", tt.in, err)
			continue
		}
		if got != tt.want {
			t.Errorf("ParseWeek(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestParseWeekRefuses(t *testing.T) {
	for _, in := range []string{
		"", "   ", "2026-W00", "2026-W54", "abc", "2021-W53", "2025-W53",
		"2026-W", "W47", "-W47", "26-W47", "20266-W47", "2026-W470", "2026-W-1", "2026-W+1x",
		"0000-W01", "1899-W10", "2026-13-01", "2026-02-30", "2026/11/19", "19.11.2026",
		"2026-W4 7", "1899-12-31", "02026-W01", "+2026-W01", "2026 -W01",
	} {
		w, err := ParseWeek(in)
		if err == nil {
			t.Errorf("ParseWeek(%q) = %v, want an error", in, w)
			continue
		}
		if !errors.Is(err, ErrBadWeek) {
			t.Errorf("ParseWeek(%q) error %v does not wrap ErrBadWeek", in, err)
		}
		if w != (Week{}) {
			t.Errorf("ParseWeek(%q) returned %v with its error, want the zero week", in, w)
		}
	}
}

func TestMustWeekPanicsOnBadInput(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("MustWeek(\"2021-W53\") did not panic")
		}
	}()
	MustWeek("2021-W53")
}

func TestWeeksInYear(t *testing.T) {
	tests := []struct{ year, want int }{
		{2015, 53}, {2020, 53}, {2026, 53}, {2032, 53},
		{2021, 52}, {2022, 52}, {2024, 52}, {2025, 52}, {2027, 52},
	}
	for _, tt := range tests {
		if got := WeeksInYear(tt.year); got != tt.want {
			t.Errorf("WeeksInYear(%d) = %d, want %d", tt.year, got, tt.want)
		}
	}
}

func TestWeekStringAndZero(t *testing.T) {
	tests := []struct {
		w    Week
		want string
	}{
		{Week{2026, 47}, "2026-W47"},
		{Week{2026, 1}, "2026-W01"},
		{Week{2020, 53}, "2020-W53"},
		{Week{}, ""},
	}
	for _, tt := range tests {
		if got := tt.w.String(); got != tt.want {
			t.Errorf("%#v.String() = %q, want %q", tt.w, got, tt.want)
		}
	}
	if !(Week{}).IsZero() {
		t.Error("zero Week is not IsZero")
	}
	if (Week{2026, 1}).IsZero() {
		t.Error("2026-W01 is IsZero")
	}
}

func TestWeekNextPrevAdd(t *testing.T) {
	tests := []struct {
		from string
		n    int
		want string
	}{
		{"2026-W47", 1, "2026-W48"},
		{"2026-W52", 1, "2026-W53"},
		{"2026-W53", 1, "2027-W01"},
		{"2027-W01", -1, "2026-W53"},
		{"2021-W01", -1, "2020-W53"},
		{"2020-W53", 1, "2021-W01"},
		{"2025-W52", 1, "2026-W01"},
		{"2026-W01", -1, "2025-W52"},
		{"2026-W47", 0, "2026-W47"},
		{"2026-W47", 7, "2027-W01"},   // 47+7 = 54, and 2026 has 53 weeks
		{"2025-W47", 7, "2026-W02"},   // 2025 has 52 weeks
		{"2026-W01", -52, "2025-W01"}, // 2025 has 52 weeks
		{"2027-W01", -53, "2026-W01"}, // 2026 has 53
		{"2026-W01", 104, "2027-W52"}, // 53 weeks of 2026 + 51 more
		{"2019-W10", 52 + 53 + 52, "2022-W10"},
		{"2022-W10", -(52 + 53 + 52), "2019-W10"},
	}
	for _, tt := range tests {
		got := MustWeek(tt.from).Add(tt.n)
		if got.String() != tt.want {
			t.Errorf("%s.Add(%d) = %s, want %s", tt.from, tt.n, got, tt.want)
		}
		if back := got.Add(-tt.n); back.String() != tt.from {
			t.Errorf("%s.Add(%d).Add(%d) = %s, want %s", tt.from, tt.n, -tt.n, back, tt.from)
		}
		if d := WeeksBetween(MustWeek(tt.from), got); d != tt.n {
			t.Errorf("WeeksBetween(%s, %s) = %d, want %d", tt.from, got, d, tt.n)
		}
	}
	nextPrev := []struct{ w, next, prev string }{
		{"2026-W53", "2027-W01", "2026-W52"},
		{"2021-W01", "2021-W02", "2020-W53"},
		{"2025-W52", "2026-W01", "2025-W51"},
		{"2026-W01", "2026-W02", "2025-W52"},
	}
	for _, tt := range nextPrev {
		w := MustWeek(tt.w)
		if got := w.Next().String(); got != tt.next {
			t.Errorf("%s.Next() = %s, want %s", tt.w, got, tt.next)
		}
		if got := w.Prev().String(); got != tt.prev {
			t.Errorf("%s.Prev() = %s, want %s", tt.w, got, tt.prev)
		}
	}
}

// TestWeekAddAgreesWithTheCalendar: Add's shortcut inside a year gives the week
// the calendar gives (seven days per week from the Monday), for every week of
// 2015–2032 and steps up to a year and a bit either way.
func TestWeekAddAgreesWithTheCalendar(t *testing.T) {
	for w := MustWeek("2015-W01"); w.Before(MustWeek("2033-W01")); w = WeekOf(w.Monday().AddDate(0, 0, 7)) {
		for n := -60; n <= 60; n++ {
			if got, want := w.Add(n), WeekOf(w.Monday().AddDate(0, 0, 7*n)); got != want {
				t.Fatalf("%s.Add(%d) = %s, the calendar says %s", w, n, got, want)
			}
		}
	}
}

// TestMaxDueLagBoundsDueWeekOf: no week's due week is more than MaxDueLag
// weeks before it, and some weeks' are exactly that far (the bound is tight).
func TestMaxDueLagBoundsDueWeekOf(t *testing.T) {
	reached := false
	for w := MustWeek("2015-W01"); w.Before(MustWeek("2033-W01")); w = w.Next() {
		lag := WeeksBetween(DueWeekOf(Monthly, w), w)
		if lag < 0 || lag > MaxDueLag {
			t.Fatalf("DueWeekOf(monthly, %s) is %d weeks back; MaxDueLag is %d", w, lag, MaxDueLag)
		}
		reached = reached || lag == MaxDueLag
	}
	if !reached {
		t.Errorf("no week is MaxDueLag (%d) weeks after its due week: the bound is loose", MaxDueLag)
	}
}

func TestWeekMondaySundayDay(t *testing.T) {
	tests := []struct {
		w              string
		monday, sunday time.Time
	}{
		{"2026-W47", date(2026, 11, 16), date(2026, 11, 22)},
		{"2026-W01", date(2025, 12, 29), date(2026, 1, 4)},
		{"2026-W53", date(2026, 12, 28), date(2027, 1, 3)},
		{"2020-W53", date(2020, 12, 28), date(2021, 1, 3)},
		{"2025-W01", date(2024, 12, 30), date(2025, 1, 5)},
		{"2021-W01", date(2021, 1, 4), date(2021, 1, 10)},
		{"2015-W53", date(2015, 12, 28), date(2016, 1, 3)},
	}
	for _, tt := range tests {
		w := MustWeek(tt.w)
		if got := w.Monday(); !got.Equal(tt.monday) || got.Weekday() != time.Monday || got.Location() != time.UTC {
			t.Errorf("%s.Monday() = %v, want %v (UTC)", tt.w, got, tt.monday)
		}
		if got := w.Sunday(); !got.Equal(tt.sunday) || got.Weekday() != time.Sunday {
			t.Errorf("%s.Sunday() = %v, want %v", tt.w, got, tt.sunday)
		}
		if got := w.Day(time.Monday); !got.Equal(tt.monday) {
			t.Errorf("%s.Day(Monday) = %v, want %v", tt.w, got, tt.monday)
		}
		if got := w.Day(time.Sunday); !got.Equal(tt.sunday) {
			t.Errorf("%s.Day(Sunday) = %v, want %v", tt.w, got, tt.sunday)
		}
		if got, want := w.Day(time.Thursday), tt.monday.AddDate(0, 0, 3); !got.Equal(want) {
			t.Errorf("%s.Day(Thursday) = %v, want %v", tt.w, got, want)
		}
		// every day of the week maps back to the week
		for d := time.Sunday; d <= time.Saturday; d++ {
			if got := WeekOf(w.Day(d)); got != w {
				t.Errorf("WeekOf(%s.Day(%v)) = %s", tt.w, d, got)
			}
		}
	}
}

func TestWeekOfAndCurrentWeek(t *testing.T) {
	// Sunday 23:30 in New York is already Monday in UTC; the week is taken in
	// t's own zone.
	ny := time.FixedZone("EST", -5*3600)
	sundayNight := time.Date(2026, 11, 22, 23, 30, 0, 0, ny)
	if got := WeekOf(sundayNight); got != (Week{2026, 47}) {
		t.Errorf("WeekOf(Sunday 23:30 EST) = %s, want 2026-W47", got)
	}
	if got := WeekOf(sundayNight.UTC()); got != (Week{2026, 48}) {
		t.Errorf("WeekOf(the same instant in UTC) = %s, want 2026-W48", got)
	}
	noon := time.Date(2026, 11, 19, 12, 0, 0, 0, time.UTC)
	if got := CurrentWeek(noon); got != (Week{2026, 47}) {
		t.Errorf("CurrentWeek(Thursday noon) = %s, want 2026-W47", got)
	}
}

func TestWeekCompare(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"2026-W47", "2026-W47", 0},
		{"2026-W46", "2026-W47", -1},
		{"2026-W48", "2026-W47", 1},
		{"2026-W53", "2027-W01", -1},
		{"2027-W01", "2026-W53", 1},
		{"2025-W52", "2026-W01", -1},
	}
	for _, tt := range tests {
		a, b := MustWeek(tt.a), MustWeek(tt.b)
		if got := a.Compare(b); got != tt.want {
			t.Errorf("%s.Compare(%s) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
		if got := a.Before(b); got != (tt.want < 0) {
			t.Errorf("%s.Before(%s) = %v", tt.a, tt.b, got)
		}
		if got := a.After(b); got != (tt.want > 0) {
			t.Errorf("%s.After(%s) = %v", tt.a, tt.b, got)
		}
	}
}

func TestWeeksBetween(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"2026-W47", "2026-W47", 0},
		{"2026-W47", "2026-W48", 1},
		{"2026-W48", "2026-W47", -1},
		{"2026-W52", "2027-W01", 2}, // through W53
		{"2025-W52", "2026-W01", 1},
		{"2020-W53", "2021-W01", 1},
		{"2026-W01", "2027-W01", 53},
		{"2025-W01", "2026-W01", 52},
		{"2027-W01", "2026-W01", -53},
		{"2020-W01", "2030-W01", 522}, // 10 years, two of them (2020, 2026) with 53 weeks
	}
	for _, tt := range tests {
		if got := WeeksBetween(MustWeek(tt.a), MustWeek(tt.b)); got != tt.want {
			t.Errorf("WeeksBetween(%s, %s) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestWeekDates(t *testing.T) {
	tests := []struct{ w, want string }{
		{"2026-W47", "16–22 Nov 2026"},
		{"2026-W49", "30 Nov – 6 Dec 2026"},
		{"2026-W53", "28 Dec 2026 – 3 Jan 2027"},
		{"2026-W01", "29 Dec 2025 – 4 Jan 2026"},
		{"2026-W02", "5–11 Jan 2026"},
	}
	for _, tt := range tests {
		if got := MustWeek(tt.w).Dates(); got != tt.want {
			t.Errorf("%s.Dates() = %q, want %q", tt.w, got, tt.want)
		}
	}
}

func TestWeekMonthQuarter(t *testing.T) {
	tests := []struct {
		w        string
		year     int
		month    time.Month
		qYear, q int
	}{
		// a week belongs to the month and quarter of its Thursday (like its ISO year)
		{"2026-W47", 2026, time.November, 2026, 4},
		{"2026-W48", 2026, time.November, 2026, 4}, // Thursday 26 Nov
		{"2026-W49", 2026, time.December, 2026, 4}, // 30 Nov–6 Dec, Thursday 3 Dec
		{"2026-W01", 2026, time.January, 2026, 1},  // Monday 29 Dec 2025, Thursday 1 Jan
		{"2026-W13", 2026, time.March, 2026, 1},    // Thursday 26 March
		{"2026-W14", 2026, time.April, 2026, 2},    // Monday 30 March, Thursday 2 April
		{"2026-W26", 2026, time.June, 2026, 2},     // Thursday 25 June
		{"2026-W27", 2026, time.July, 2026, 3},     // Monday 29 June, Thursday 2 July
		{"2026-W40", 2026, time.October, 2026, 4},  // Monday 28 Sep, Thursday 1 Oct
		{"2026-W53", 2026, time.December, 2026, 4},
		{"2025-W01", 2025, time.January, 2025, 1},  // Monday 30 Dec 2024, Thursday 2 Jan
		{"2020-W53", 2020, time.December, 2020, 4}, // Thursday 31 Dec 2020
		{"2021-W01", 2021, time.January, 2021, 1},  // Thursday 7 Jan 2021
	}
	for _, tt := range tests {
		w := MustWeek(tt.w)
		y, m := w.Month()
		if y != tt.year || m != tt.month {
			t.Errorf("%s.Month() = %d %v, want %d %v", tt.w, y, m, tt.year, tt.month)
		}
		qy, q := w.Quarter()
		if qy != tt.qYear || q != tt.q {
			t.Errorf("%s.Quarter() = %d Q%d, want %d Q%d", tt.w, qy, q, tt.qYear, tt.q)
		}
	}
}

func TestWeekTextRoundTrip(t *testing.T) {
	for _, w := range []Week{{2026, 47}, {2026, 53}, {2020, 53}, {2027, 1}, {}} {
		b, err := w.MarshalText()
		if err != nil {
			t.Fatalf("%v.MarshalText: %v", w, err)
		}
		var got Week
		if w.IsZero() {
			got = Week{2000, 1} // must be reset to zero
		}
		if err := got.UnmarshalText(b); err != nil {
			t.Errorf("UnmarshalText(%q): %v", b, err)
		}
		if got != w {
			t.Errorf("round trip of %#v through %q gave %#v", w, b, got)
		}
	}
	var w Week
	if err := w.UnmarshalText([]byte("2021-W53")); err == nil || !errors.Is(err, ErrBadWeek) {
		t.Errorf("UnmarshalText(2021-W53) error = %v, want ErrBadWeek", err)
	}
	// the JSON form is the string, and it survives a struct round trip
	type row struct {
		Due Week `json:"due"`
	}
	b, err := json.Marshal(row{Due: Week{2026, 53}})
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != `{"due":"2026-W53"}` {
		t.Errorf("json.Marshal = %s, want {\"due\":\"2026-W53\"}", b)
	}
	var back row
	if err := json.Unmarshal(b, &back); err != nil || back.Due != (Week{2026, 53}) {
		t.Errorf("json.Unmarshal(%s) = %v, %v", b, back, err)
	}
}

func TestMonthlyCadence(t *testing.T) {
	tests := []struct {
		w       string
		due     bool
		dueWeek string
	}{
		{"2026-W45", true, "2026-W45"},  // Thursday 5 Nov: the first Thursday in November
		{"2026-W46", false, "2026-W45"}, // Thursday 12 Nov
		{"2026-W48", false, "2026-W45"}, // Thursday 26 Nov
		{"2026-W49", true, "2026-W49"},  // 30 Nov–6 Dec, Thursday 3 Dec: December's first week
		{"2026-W50", false, "2026-W49"}, // Thursday 10 Dec
		{"2026-W53", false, "2026-W49"}, // Thursday 31 Dec
		{"2027-W01", true, "2027-W01"},  // Thursday 7 Jan 2027
		{"2026-W01", true, "2026-W01"},  // Monday 29 Dec 2025, Thursday 1 Jan 2026: January's
		{"2025-W49", true, "2025-W49"},  // Thursday 4 Dec 2025
		{"2026-W10", true, "2026-W10"},  // Thursday 5 Mar
		{"2026-W13", false, "2026-W10"}, // Thursday 26 Mar
		{"2026-W14", true, "2026-W14"},  // Monday 30 Mar, Thursday 2 Apr: April's
	}
	for _, tt := range tests {
		w := MustWeek(tt.w)
		if got := IsDue(Monthly, w); got != tt.due {
			t.Errorf("IsDue(monthly, %s) = %v, want %v", tt.w, got, tt.due)
		}
		got := DueWeekOf(Monthly, w)
		if got.String() != tt.dueWeek {
			t.Errorf("DueWeekOf(monthly, %s) = %s, want %s", tt.w, got, tt.dueWeek)
		}
		if !IsDue(Monthly, got) {
			t.Errorf("DueWeekOf(monthly, %s) = %s is not itself due", tt.w, got)
		}
		if !IsDue(Weekly, w) {
			t.Errorf("IsDue(weekly, %s) = false", tt.w)
		}
		if got := DueWeekOf(Weekly, w); got != w {
			t.Errorf("DueWeekOf(weekly, %s) = %s, want the week itself", tt.w, got)
		}
	}
	// every month has exactly one due week, and it is the month's first week by Thursday
	perMonth := map[[2]int]int{}
	for w := MustWeek("2024-W01"); w.Before(MustWeek("2028-W01")); w = w.Next() {
		if IsDue(Monthly, w) {
			y, m := w.Month()
			perMonth[[2]int{y, int(m)}]++
			if SamePeriod(PeriodMonth, w.Prev(), w) {
				t.Errorf("%s is due but the week before belongs to the same month", w)
			}
		}
	}
	if len(perMonth) != 48 {
		t.Errorf("due weeks in 2024–2027 cover %d months, want 48", len(perMonth))
	}
	for ym, n := range perMonth {
		if n != 1 {
			t.Errorf("month %v has %d due weeks, want 1", ym, n)
		}
	}
}

func TestWeekValidIsWhatAFileHolds(t *testing.T) {
	for w, want := range map[Week]bool{
		{1900, 1}: true, {9999, 52}: true, {2026, 53}: true, {2020, 53}: true,
		{1899, 52}: false, {2025, 53}: false, {2026, 0}: false, {2026, 54}: false, {10000, 1}: false, {}: false,
	} {
		if got := w.Valid(); got != want {
			t.Errorf("%+v.Valid() = %v, want %v", w, got, want)
		}
		if _, err := ParseWeek(w.String()); (err == nil) != want {
			t.Errorf("%+v: Valid %v but ParseWeek says %v", w, want, err)
		}
	}
}
