package model

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
)

// MaxTagLen bounds one tag ("region:north-east"); MaxTags bounds how many one KPI
// carries, so a hostile file cannot make a filter or a formula walk megabytes.
const (
	MaxTagLen = 40
	MaxTags   = 16
)

var tagPattern = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[a-z0-9][a-z0-9_-]*(:[a-z0-9][a-z0-9_-]*)?$`) })

// ValidTag checks one tag: a lower-case word, optionally with a value after a
// colon ("store", "region:north").
func ValidTag(tag string) error {
	switch {
	case tag == "":
		return fmt.Errorf("a tag is empty")
	case len(tag) > MaxTagLen:
		return fmt.Errorf("tag %q is %d characters; the limit is %d", tag, len(tag), MaxTagLen)
	case !tagPattern().MatchString(tag):
		return fmt.Errorf("tag %q must be a lower-case word (a-z, 0-9, _ and -), optionally with a value: store, region:north", tag)
	}
	return nil
}

// ParseTags reads tags as typed in the editor, a CSV cell or a flag: separated
// by commas or spaces, lower-cased, sorted and without repeats.
func ParseTags(s string) ([]string, error) {
	fields := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return r == ',' || r == ' ' || r == ';' || r == '\t' })
	return NormalizeTags(fields)
}

// NormalizeTags checks tags and returns them sorted and unique (nil for none),
// the one form kept in a KPI so two equal sets compare equal.
func NormalizeTags(tags []string) ([]string, error) {
	var out []string
	for _, t := range tags {
		t = strings.ToLower(strings.TrimSpace(t))
		if t == "" {
			continue
		}
		if err := ValidTag(t); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	slices.Sort(out)
	out = slices.Compact(out)
	if len(out) > MaxTags {
		return nil, fmt.Errorf("%d tags; the limit is %d", len(out), MaxTags)
	}
	return out, nil
}

// TagsText is the tags as one line for tables and CSV ("region:north store").
func TagsText(tags []string) string { return strings.Join(tags, " ") }

// HasTag reports whether the KPI carries tag: exactly, or as the word before a
// value, so "region" matches "region:north" while "region:north" matches only
// itself.
func (k KPI) HasTag(tag string) bool {
	tag = strings.ToLower(tag)
	for _, t := range k.Tags {
		if t == tag || strings.HasPrefix(t, tag+":") {
			return true
		}
	}
	return false
}

// TagGroup is the value of the tag word that groups the dashboard and the
// Scorecard: for group "region", a KPI tagged region:north is in "north"; a
// KPI tagged just "store" is in "store" for group "store"; "" when it has none.
func (k KPI) TagGroup(group string) string {
	for _, t := range k.Tags {
		if t == group {
			return t
		}
		if v, ok := strings.CutPrefix(t, group+":"); ok {
			return v
		}
	}
	return ""
}

// AllTags is every tag the KPIs carry, sorted: what the filter and the group
// choice offer.
func AllTags(kpis []KPI) []string {
	var out []string
	for _, k := range kpis {
		out = append(out, k.Tags...)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// Event is something that happened in a week and explains its numbers (a
// holiday, a launch, an outage): one per week and team, not one per KPI. It is
// drawn on charts and week headers, and told in the walkthrough and the report.
type Event struct {
	ID   int64  `json:"id"`
	Week Week   `json:"week"`
	Text string `json:"text"`
	Stamp
}

// MaxEventLen bounds an event's text: it shares a line with a week header.
const MaxEventLen = 120

// ValidateEvent checks an event before it is stored.
func ValidateEvent(e Event) error {
	if e.Week.IsZero() {
		return fmt.Errorf("an event needs a week, like 2026-W47")
	}
	text := strings.TrimSpace(e.Text)
	if text == "" {
		return fmt.Errorf("an event needs a text, like \"Holiday\"")
	}
	if n := len([]rune(text)); n > MaxEventLen {
		return fmt.Errorf("the event text is %d characters; the limit is %d", n, MaxEventLen)
	}
	if strings.ContainsAny(text, "\n\r") {
		return fmt.Errorf("the event text must be one line")
	}
	return nil
}

// EventsIn picks the events of week w (usually one) from events, in id order.
func EventsIn(events []Event, w Week) []Event {
	var out []Event
	for _, e := range events {
		if e.Week == w {
			out = append(out, e)
		}
	}
	return out
}

// EventText joins the texts of a week's events ("Holiday; Launch"), "" when none.
func EventText(events []Event, w Week) string {
	var texts []string
	for _, e := range EventsIn(events, w) {
		texts = append(texts, e.Text)
	}
	return strings.Join(texts, "; ")
}

// EventWeeks are the weeks in [from, to] that have at least one event, each
// once, in order: what a chart marks on its time axis.
func EventWeeks(events []Event, from, to Week) []Week {
	var out []Week
	for _, e := range events {
		if e.Week.Before(from) || e.Week.After(to) || slices.Contains(out, e.Week) {
			continue
		}
		out = append(out, e.Week)
	}
	slices.SortFunc(out, func(a, b Week) int { return a.Compare(b) })
	return out
}
