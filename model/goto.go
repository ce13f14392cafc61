package model

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"
)

var weeksOff = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^([+-])(\d{1,4})$`) })

// ParseGoTo reads the week the app's `g` goes to, from week w (the week under
// review): "2026-W40" or "2026w40", a date ("2026-10-01"), "W40" (the latest
// week 40 on or before w: this year's, or last year's when it is still to come)
// or "-12" / "+3" (weeks back from or ahead of w). An error says, in one line,
// what to type instead.
func ParseGoTo(text string, w Week) (Week, error) {
	t := strings.TrimSpace(text)
	if t == "" {
		return Week{}, fmt.Errorf("type a week: 2026-W40, W40, a date, or -12 for twelve weeks back")
	}
	if m := weeksOff().FindStringSubmatch(t); m != nil {
		n, _ := strconv.Atoi(m[2])
		if m[1] == "-" {
			n = -n
		}
		to := w.Add(n)
		if to.Year < 1900 || to.Year > 9999 {
			return Week{}, fmt.Errorf("%s weeks from %s is out of range", t, w)
		}
		return to, nil
	}
	if m := shortWeek().FindStringSubmatch(t); m != nil {
		n, _ := strconv.Atoi(m[1])
		for _, y := range []int{w.Year, w.Year - 1} {
			if n >= 1 && n <= WeeksInYear(y) {
				if d := (Week{Year: y, Num: n}); !d.After(w) {
					return d, nil
				}
			}
		}
		return Week{}, fmt.Errorf("W%s is not a week of %d or %d", m[1], w.Year, w.Year-1)
	}
	d, err := ParseWeek(t)
	if err != nil {
		// ParseWeek says `bad week "X": why`; a why other than how to write
		// a week ("2026 has 53 ISO weeks") is worth keeping
		if msg := err.Error(); strings.Contains(msg, `": `) && !strings.Contains(msg, "write it like") {
			return Week{}, fmt.Errorf("%q: %s", Sanitize(t, false), msg[strings.Index(msg, `": `)+3:])
		}
		return Week{}, fmt.Errorf("%q is not a week: try 2026-W40, W40, a date or -12", Sanitize(t, false))
	}
	return d, nil
}
