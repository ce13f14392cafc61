package model

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"
)

// What the review's inputs are read from: a checklist template, the attendees,
// an action item's due week and the meeting's rating. The app's forms and any
// other front end read them with the same rules and the same one-line errors.

// Limits of a review's inputs.
const (
	MaxAttendees     = 50
	MaxTemplateItems = 30
	MaxTimebox       = 240 // minutes: longer than any meeting
)

var timeboxAtEnd = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^(.*?)\s*\(\s*(-?\d+)\s*(?:min|mins|minutes|m)?\s*\)\s*$`)
})

// ParseTemplate reads a checklist template written one item a line, with an
// optional timebox in minutes in brackets at the end ("Check-in and wins (5)").
// Blank lines are skipped; an error names the line and what is wrong with it.
func ParseTemplate(text string) ([]TemplateItem, error) {
	var out []TemplateItem
	for i, raw := range strings.Split(text, "\n") {
		l := strings.TrimSpace(Sanitize(raw, false))
		if l == "" {
			continue
		}
		it := TemplateItem{Text: l}
		if m := timeboxAtEnd().FindStringSubmatch(l); m != nil {
			n, err := strconv.Atoi(m[2])
			if err != nil || n < 0 || n > MaxTimebox {
				return nil, fmt.Errorf("line %d: a timebox is 0 to %d minutes, not %s", i+1, MaxTimebox, m[2])
			}
			it.Text, it.TimeboxMinutes = strings.TrimSpace(m[1]), n
		}
		if it.Text == "" {
			return nil, fmt.Errorf("line %d: an item needs words before its timebox", i+1)
		}
		if n := len([]rune(it.Text)); n > MaxShortLen {
			return nil, fmt.Errorf("line %d is %d characters; an item is at most %d", i+1, n, MaxShortLen)
		}
		out = append(out, it)
	}
	switch {
	case len(out) == 0:
		return nil, fmt.Errorf("the checklist needs at least one item")
	case len(out) > MaxTemplateItems:
		return nil, fmt.Errorf("%d items is more than a meeting can take; at most %d", len(out), MaxTemplateItems)
	}
	return out, nil
}

// ParseAttendees reads names separated by commas (or semicolons): trimmed,
// blanks dropped, each name once whatever its case.
func ParseAttendees(text string) ([]string, error) {
	var out []string
	seen := map[string]bool{}
	for _, part := range strings.FieldsFunc(text, func(r rune) bool { return r == ',' || r == ';' || r == '\n' }) {
		name, err := CleanText("an attendee's name", part, MaxShortLen, false)
		if err != nil {
			return nil, err
		}
		if name == "" || seen[strings.ToLower(name)] {
			continue
		}
		seen[strings.ToLower(name)] = true
		out = append(out, name)
	}
	if len(out) > MaxAttendees {
		return nil, fmt.Errorf("%d attendees is more than %d; list the people in the meeting", len(out), MaxAttendees)
	}
	return out, nil
}

var shortWeek = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[wW](\d{1,2})$`) })
var weeksAhead = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^\+(\d{1,3})$`) })

// ParseDue reads an action item's due week relative to week w: "2026-W49", a
// date, "W49" (the next week 49 on or after w) or "+2" (two weeks after w).
func ParseDue(text string, w Week) (Week, error) {
	t := strings.TrimSpace(text)
	if m := weeksAhead().FindStringSubmatch(t); m != nil {
		n, _ := strconv.Atoi(m[1])
		return w.Add(n), nil
	}
	if m := shortWeek().FindStringSubmatch(t); m != nil {
		n, _ := strconv.Atoi(m[1])
		for _, y := range []int{w.Year, w.Year + 1} {
			if n >= 1 && n <= WeeksInYear(y) {
				if d := (Week{Year: y, Num: n}); !d.Before(w) {
					return d, nil
				}
			}
		}
		return Week{}, fmt.Errorf("W%s is not a week of %d or %d; write it like %s", m[1], w.Year, w.Year+1, w.Next())
	}
	d, err := ParseWeek(t)
	if err != nil {
		return Week{}, fmt.Errorf("due: %v, W49, +2 or a date", err)
	}
	return d, nil
}

// ParseRating reads the meeting's 1–10 rating.
func ParseRating(text string) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(text))
	if err != nil || n < 1 || n > 10 {
		return 0, fmt.Errorf("rate the meeting with a whole number from 1 to 10, not %s", "“"+Sanitize(strings.TrimSpace(text), false)+"”")
	}
	return n, nil
}
