package model

import (
	"sort"
	"strings"
	"time"
)

// The rules of the weekly review meeting: which item of the agenda is running and
// for how long, which KPIs the scorecard item covers and when it is done, and
// which action items a week's review discusses. The Review view, the walkthrough
// and the Markdown report all decide these here, so they agree.

// Topic is what an agenda item is about, recognised from its text so that a team
// that edits its checklist template keeps the help the app gives for each item.
type Topic int

// Topics of the default checklist (spec §2); TopicOther is any item the app has
// nothing particular to show for.
const (
	TopicOther Topic = iota
	TopicCheckIn
	TopicScorecard
	TopicOffTrack
	TopicObjectives
	TopicLastActions
	TopicNewActions
	TopicRightKPIs
	TopicWrapUp
)

// TopicOf recognises an agenda item by words of its text: "scorecard" or "key
// KPI", "objective", "off-track", "action item" with "last", "done" or
// "previous" (last week's items) or without (new ones), "right KPI", "wrap-up" or
// "rate", "check-in" or "wins". The first rule that matches wins, in that order.
func TopicOf(text string) Topic {
	t := strings.ToLower(text)
	has := func(words ...string) bool {
		for _, w := range words {
			if strings.Contains(t, w) {
				return true
			}
		}
		return false
	}
	switch {
	case has("scorecard", "key kpi"):
		return TopicScorecard
	case has("objective"):
		return TopicObjectives
	case has("off-track", "off track"):
		return TopicOffTrack
	case has("action item", "to-do", "todo") && has("last", "done", "previous"):
		return TopicLastActions
	case has("action item", "to-do", "todo"):
		return TopicNewActions
	case has("right kpi", "still the right"):
		return TopicRightKPIs
	case has("wrap-up", "wrap up", "rate the", "rating"):
		return TopicWrapUp
	case has("check-in", "check in", "wins"):
		return TopicCheckIn
	}
	return TopicOther
}

// IsKeyKPI reports whether a KPI is one the review goes through every week: the
// OMTM and the key tier.
func IsKeyKPI(k KPI) bool { return k.OMTM || k.Tier == TierKey }

// WalkOrder is the order the walkthrough shows KPIs in: the OMTM first of all,
// then the other key KPIs, then the health metrics, each in the given order;
// archived KPIs are left out.
func WalkOrder(kpis []KPI) []KPI {
	var omtm, key, health []KPI
	for _, k := range kpis {
		switch {
		case k.Archived:
		case k.OMTM:
			omtm = append(omtm, k)
		case k.Tier == TierKey:
			key = append(key, k)
		default:
			health = append(health, k)
		}
	}
	return append(append(omtm, key...), health...)
}

// Reviewed reports whether the review marked KPI id reviewed.
func (r Review) Reviewed(id int64) bool {
	for _, x := range r.ReviewedKPIs {
		if x == id {
			return true
		}
	}
	return false
}

// KeyReviewed counts the key KPIs among kpis (archived ones left out) and how many
// of them the review marked reviewed: "4 of 5 reviewed".
func KeyReviewed(r Review, kpis []KPI) (reviewed, total int) {
	for _, k := range kpis {
		if k.Archived || !IsKeyKPI(k) {
			continue
		}
		total++
		if r.Reviewed(k.ID) {
			reviewed++
		}
	}
	return reviewed, total
}

// ScorecardToTick is the rule that ticks the "every key KPI against target" item
// by itself: once every key KPI is marked reviewed, the first scorecard item not
// yet done is returned to be ticked. Nothing is returned when there are no key
// KPIs, some are not reviewed, or the item is done already.
func ScorecardToTick(r Review, kpis []KPI) (ChecklistItem, bool) {
	reviewed, total := KeyReviewed(r, kpis)
	if total == 0 || reviewed < total {
		return ChecklistItem{}, false
	}
	for _, it := range SortedChecklist(r.Checklist) {
		if TopicOf(it.Text) == TopicScorecard && !it.Done {
			return it, true
		}
	}
	return ChecklistItem{}, false
}

// SortedChecklist is the checklist in agenda order (by position, then id); the
// input is not changed.
func SortedChecklist(items []ChecklistItem) []ChecklistItem {
	out := append([]ChecklistItem(nil), items...)
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Position != out[j].Position {
			return out[i].Position < out[j].Position
		}
		return out[i].ID < out[j].ID
	})
	return out
}

// TimerLevel says how an agenda item's time compares with its timebox.
type TimerLevel int

// Timer levels: within the timebox, over it, or over it by more than half again.
const (
	TimerOK TimerLevel = iota
	TimerOver
	TimerWayOver
)

// LevelOf is the level of elapsed against a timebox: over once the timebox is
// used up, way over past one and a half times it. An item without a timebox is
// never over.
func LevelOf(elapsed, timebox time.Duration) TimerLevel {
	switch {
	case timebox <= 0 || elapsed <= timebox:
		return TimerOK
	case elapsed > timebox+timebox/2:
		return TimerWayOver
	}
	return TimerOver
}

// ItemTime is how long one agenda item took, or has been running.
type ItemTime struct {
	Item    ChecklistItem
	Start   time.Time     // when it started: the review's start or the tick before it
	Took    time.Duration // done items: from Start to the tick; the running item: so far
	Timebox time.Duration
	Running bool // the current item of a review in progress
}

// Agenda is where a meeting stands on its checklist at a moment: every item's
// time, which one is running (Current, -1 for none) and the meeting's own clock.
type Agenda struct {
	Items   []ItemTime // in agenda order
	Current int
	// Elapsed is the time since the review started (until it concluded);
	// Planned is the sum of the timeboxes.
	Elapsed, Planned time.Duration
}

// AgendaAt derives the agenda's clock from the review alone, so every app that
// has the file open shows the same timer and it keeps running while nobody looks:
// the current item is the first not done, in agenda order; it started when the
// last item before it was ticked (the review's start for the first). Done items
// took the time from the tick before them to their own. Only a review in
// progress has a current item.
func AgendaAt(r Review, now time.Time) Agenda {
	a := Agenda{Current: -1}
	last := r.StartedAt
	for _, it := range SortedChecklist(r.Checklist) {
		t := ItemTime{Item: it, Start: last, Timebox: time.Duration(it.TimeboxMinutes) * time.Minute}
		a.Planned += t.Timebox
		switch {
		case it.Done:
			t.Took = max(it.DoneAt.Sub(last), 0)
			if it.DoneAt.After(last) {
				last = it.DoneAt
			}
		case a.Current < 0 && r.State == ReviewInProgress:
			a.Current = len(a.Items)
			t.Running = true
			t.Took = max(now.Sub(last), 0)
		}
		a.Items = append(a.Items, t)
	}
	// a later tick moves the start of the running item
	if a.Current >= 0 {
		t := &a.Items[a.Current]
		t.Start = last
		t.Took = max(now.Sub(last), 0)
	}
	switch {
	case r.StartedAt.IsZero():
	case r.State == ReviewConcluded && !r.ConcludedAt.IsZero():
		a.Elapsed = max(r.ConcludedAt.Sub(r.StartedAt), 0)
	case r.State == ReviewInProgress:
		a.Elapsed = max(now.Sub(r.StartedAt), 0)
	}
	return a
}

// OpenWeeks is how many weeks action item a has been open by week w: 0 in the
// week it was agreed, 1 the week after; 0 when the file does not say when it
// was agreed (a row another tool wrote), rather than centuries.
func (a ActionItem) OpenWeeks(w Week) int {
	if a.CreatedWeek.IsZero() || w.IsZero() {
		return 0
	}
	return max(WeeksBetween(a.CreatedWeek, w), 0)
}

// Overdue reports an item not done whose due week is before w.
func (a ActionItem) Overdue(w Week) bool { return !a.Done && !a.Due.IsZero() && a.Due.Before(w) }

// DoneDuring reports whether action item a was done in week w's review: ticked in
// week w, or while the review of w was held (rv, when held is true) — a review is
// often held the week after the week it reviews, and what the team ticks in it
// belongs to it.
func DoneDuring(a ActionItem, w Week, rv Review, held bool) bool {
	if !a.Done || a.DoneAt.IsZero() {
		return false
	}
	if WeekOf(a.DoneAt.UTC()) == w {
		return true
	}
	return held && !rv.StartedAt.IsZero() && !a.DoneAt.Before(rv.StartedAt) &&
		(rv.ConcludedAt.IsZero() || !a.DoneAt.After(rv.ConcludedAt))
}

// ActionGroups are the action items a week's review discusses, each group in the
// order given.
type ActionGroups struct {
	// New are the open items agreed in the week itself.
	New []ActionItem
	// Carried are the open items agreed in earlier weeks: open items carry over
	// into every later review until done.
	Carried []ActionItem
	// Done are the items done in the week or during its review.
	Done []ActionItem
}

// GroupActions sorts items into the groups of week w's review (rv, when held).
// Items agreed after w belong to later reviews and are left out, as are items
// done before.
func GroupActions(items []ActionItem, w Week, rv Review, held bool) ActionGroups {
	var g ActionGroups
	for _, a := range items {
		switch {
		case a.CreatedWeek.After(w):
		case DoneDuring(a, w, rv, held):
			g.Done = append(g.Done, a)
		case a.Done:
		case a.CreatedWeek == w:
			g.New = append(g.New, a)
		default:
			g.Carried = append(g.Carried, a)
		}
	}
	return g
}

// OpenAsOf are the items open in week w's review: agreed in w or before and not
// done, oldest first (then by due week and id).
func OpenAsOf(items []ActionItem, w Week) []ActionItem {
	var out []ActionItem
	for _, a := range items {
		if !a.Done && !a.CreatedWeek.After(w) {
			out = append(out, a)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if c := a.CreatedWeek.Compare(b.CreatedWeek); c != 0 {
			return c < 0
		}
		if c := a.Due.Compare(b.Due); c != 0 {
			return c < 0
		}
		return a.ID < b.ID
	})
	return out
}

// PreviousReview is the week of the latest review held before w — "last week"
// for the agenda item that checks last week's action items, which is an earlier
// week when the team skipped one. ok is false when there is none.
func PreviousReview(reviews []Review, w Week) (Week, bool) {
	var best Week
	for _, r := range reviews {
		if r.Week.Before(w) && r.State != ReviewNotStarted && (best.IsZero() || r.Week.After(best)) {
			best = r.Week
		}
	}
	return best, !best.IsZero()
}

// AgreedIn are the items agreed in week w, in the order given.
func AgreedIn(items []ActionItem, w Week) []ActionItem {
	var out []ActionItem
	for _, a := range items {
		if a.CreatedWeek == w {
			out = append(out, a)
		}
	}
	return out
}
