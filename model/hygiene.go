package model

import (
	"fmt"
	"time"
)

// MaxKeyKPIs is the most key KPIs a team should hold at once (domain.md).
const MaxKeyKPIs = 5

// StaleWeeks is how long a weekly KPI may go without a value before it counts as
// "set and forget".
const StaleWeeks = 4

// DefinitionReviewAge is how long a KPI definition may go unreviewed (a quarter).
const DefinitionReviewAge = 13 * 7 * 24 * time.Hour

// Rule names one hygiene anti-pattern of domain.md.
type Rule string

// Hygiene rules.
const (
	RuleTooManyKey      Rule = "too-many-key-kpis"
	RuleNoOwner         Rule = "no-owner"
	RuleNoTarget        Rule = "no-target"
	RuleNoObjective     Rule = "no-objective"
	RuleNoRecentValue   Rule = "no-recent-value"
	RuleDefinitionStale Rule = "definition-not-reviewed"
	RuleVanity          Rule = "possible-vanity-metric"
)

// Finding is one hygiene problem; KPIKey is empty for team-wide findings.
type Finding struct {
	Rule    Rule
	KPIKey  string
	Message string
}

// HygieneInput is what the rules look at: the KPIs, each KPI's series (only the
// recent past and whether it ever fell matter), and the clock.
type HygieneInput struct {
	KPIs   []KPI
	Series map[int64]Series
	Now    time.Time
}

// Hygiene checks the anti-patterns of domain.md on the active KPIs: too many key
// KPIs; orphans without owner, target or objective; weekly KPIs without a value for
// 4+ weeks; definitions nobody reviewed in over a quarter; and cumulative totals
// that only ever rise (a vanity-metric hint).
func Hygiene(in HygieneInput) []Finding {
	var out []Finding
	week := WeekOf(in.Now)
	key := 0
	for _, k := range in.KPIs {
		if !k.Archived && k.Tier == TierKey {
			key++
		}
	}
	if key > MaxKeyKPIs {
		out = append(out, Finding{Rule: RuleTooManyKey, Message: fmt.Sprintf("too many key KPIs: %d (a team should hold 3–%d; make the rest health metrics)", key, MaxKeyKPIs)})
	}
	for _, k := range in.KPIs {
		if k.Archived || !k.Direction.Judged() {
			// a context metric is only shown: no owner, target or objective is
			// expected of it
			continue
		}
		add := func(r Rule, format string, args ...any) {
			out = append(out, Finding{Rule: r, KPIKey: k.Key, Message: k.Key + ": " + fmt.Sprintf(format, args...)})
		}
		if k.Owner == "" {
			add(RuleNoOwner, "no owner (metrics without owners do not improve)")
		}
		if len(k.Targets) == 0 && k.Kind == Quantitative {
			add(RuleNoTarget, "no target")
		}
		if k.ObjectiveID == 0 {
			add(RuleNoObjective, "serves no objective")
		}
		s := in.Series[k.ID]
		if !k.Derived() && k.Cadence == Weekly {
			last, ok := s.LatestAtOrBefore(week)
			since := k.CreatedAt
			if ok {
				since = last.Week.Monday()
			}
			if (ok && WeeksBetween(last.Week, week) >= StaleWeeks) || (!ok && !since.IsZero() && in.Now.Sub(since) >= StaleWeeks*7*24*time.Hour) {
				add(RuleNoRecentValue, "no value for %d+ weeks", StaleWeeks)
			}
		}
		reviewed := k.DefinitionReviewed
		if reviewed.IsZero() {
			reviewed = k.UpdatedAt
		}
		if !reviewed.IsZero() && in.Now.Sub(reviewed) > DefinitionReviewAge {
			add(RuleDefinitionStale, "definition not reviewed since %s (are these still the right KPIs?)", reviewed.Format("2 Jan 2006"))
		}
		if k.Aggregate == AggLast && k.Direction == Up && NeverDecreased(s) {
			add(RuleVanity, "a total that only ever rises; is it a vanity metric?")
		}
	}
	return out
}
