package model

import (
	"reflect"
	"testing"
	"time"
)

func TestTopicOfTheDefaultChecklistAndEditedItems(t *testing.T) {
	want := []Topic{TopicCheckIn, TopicScorecard, TopicOffTrack, TopicObjectives, TopicLastActions, TopicNewActions, TopicRightKPIs, TopicWrapUp}
	for i, it := range DefaultChecklist() {
		if got := TopicOf(it.Text); got != want[i] {
			t.Errorf("TopicOf(%q) = %d, want %d", it.Text, got, want[i])
		}
	}
	for _, c := range []struct {
		text string
		want Topic
	}{
		{"KEY KPIs vs target", TopicScorecard},
		{"Off track metrics", TopicOffTrack},
		{"Review last week's to-dos", TopicLastActions},
		{"Assign new to-dos", TopicNewActions},
		{"Rating", TopicWrapUp},
		{"Headlines", TopicOther},
		{"", TopicOther},
	} {
		if got := TopicOf(c.text); got != c.want {
			t.Errorf("TopicOf(%q) = %d, want %d", c.text, got, c.want)
		}
	}
}

func reviewKPIs() []KPI {
	return []KPI{
		{ID: 1, Key: "wau", Tier: TierKey},
		{ID: 2, Key: "uptime", Tier: TierHealth},
		{ID: 3, Key: "mrr", Tier: TierHealth, OMTM: true}, // the OMTM counts as key whatever its tier
		{ID: 4, Key: "nps", Tier: TierKey},
		{ID: 5, Key: "old", Tier: TierKey, Archived: true},
	}
}

func TestWalkOrderPutsTheOMTMThenKeyKPIsFirst(t *testing.T) {
	var keys []string
	for _, k := range WalkOrder(reviewKPIs()) {
		keys = append(keys, k.Key)
	}
	if want := []string{"mrr", "wau", "nps", "uptime"}; !reflect.DeepEqual(keys, want) {
		t.Errorf("WalkOrder = %v, want %v", keys, want)
	}
}

func scorecardReview(reviewed ...int64) Review {
	return Review{State: ReviewInProgress, ReviewedKPIs: reviewed, Checklist: []ChecklistItem{
		{ID: 10, Position: 1, Text: "Check-in and wins", Done: true},
		{ID: 11, Position: 2, Text: "Scorecard: every key KPI against target"},
		{ID: 12, Position: 3, Text: "Off-track KPIs"},
	}}
}

func TestKeyReviewedAndTheScorecardAutoTick(t *testing.T) {
	kpis := reviewKPIs()
	for _, c := range []struct {
		name           string
		r              Review
		reviewed, of   int
		tick           bool
		kpis           []KPI
		scorecardDoneA bool
	}{
		{name: "none marked", r: scorecardReview(), reviewed: 0, of: 3},
		{name: "two of three, health ones do not count", r: scorecardReview(1, 2, 4), reviewed: 2, of: 3},
		{name: "archived key KPI does not count", r: scorecardReview(1, 3, 5), reviewed: 2, of: 3},
		{name: "all key KPIs", r: scorecardReview(4, 3, 1), reviewed: 3, of: 3, tick: true},
		{name: "no key KPIs: nothing to tick", r: scorecardReview(), kpis: []KPI{{ID: 2, Tier: TierHealth}}, of: 0},
	} {
		ks := kpis
		if c.kpis != nil {
			ks = c.kpis
		}
		n, of := KeyReviewed(c.r, ks)
		if n != c.reviewed || of != c.of {
			t.Errorf("%s: KeyReviewed = %d of %d, want %d of %d", c.name, n, of, c.reviewed, c.of)
		}
		it, tick := ScorecardToTick(c.r, ks)
		if tick != c.tick || (tick && it.ID != 11) {
			t.Errorf("%s: ScorecardToTick = %v %v, want %v on item 11", c.name, it.ID, tick, c.tick)
		}
	}
	done := scorecardReview(1, 3, 4)
	done.Checklist[1].Done = true
	if _, tick := ScorecardToTick(done, kpis); tick {
		t.Error("a scorecard item that is done already is ticked again")
	}
}

func TestLevelOf(t *testing.T) {
	m := time.Minute
	for _, c := range []struct {
		elapsed, box time.Duration
		want         TimerLevel
	}{
		{0, 10 * m, TimerOK},
		{10 * m, 10 * m, TimerOK},
		{10*m + time.Second, 10 * m, TimerOver},
		{15 * m, 10 * m, TimerOver},
		{15*m + time.Second, 10 * m, TimerWayOver},
		{3 * time.Hour, 0, TimerOK},
	} {
		if got := LevelOf(c.elapsed, c.box); got != c.want {
			t.Errorf("LevelOf(%v, %v) = %d, want %d", c.elapsed, c.box, got, c.want)
		}
	}
}

func TestAgendaAtRunsTheFirstItemNotDone(t *testing.T) {
	start := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	at := func(min int) time.Time { return start.Add(time.Duration(min) * time.Minute) }
	items := func(done ...int) []ChecklistItem {
		out := []ChecklistItem{
			{ID: 3, Position: 3, Text: "c", TimeboxMinutes: 15},
			{ID: 1, Position: 1, Text: "a", TimeboxMinutes: 5},
			{ID: 2, Position: 2, Text: "b", TimeboxMinutes: 10},
		}
		for i, d := range done {
			if d > 0 {
				for j := range out {
					if out[j].Position == i+1 {
						out[j].Done, out[j].DoneAt = true, at(d)
					}
				}
			}
		}
		return out
	}
	for _, c := range []struct {
		name     string
		r        Review
		now      time.Time
		current  int
		since    time.Time
		took     time.Duration
		elapsed  time.Duration
		tookDone []time.Duration
	}{
		{name: "just started", r: Review{State: ReviewInProgress, StartedAt: start, Checklist: items()}, now: at(3),
			current: 0, since: start, took: 3 * time.Minute, elapsed: 3 * time.Minute},
		{name: "first ticked at 6", r: Review{State: ReviewInProgress, StartedAt: start, Checklist: items(6)}, now: at(20),
			current: 1, since: at(6), took: 14 * time.Minute, elapsed: 20 * time.Minute, tookDone: []time.Duration{6 * time.Minute}},
		{name: "third ticked before the second: the timer runs since the last tick", r: Review{State: ReviewInProgress, StartedAt: start,
			Checklist: items(5, 0, 9)}, now: at(12), current: 1, since: at(9), took: 3 * time.Minute, elapsed: 12 * time.Minute},
		{name: "all done", r: Review{State: ReviewInProgress, StartedAt: start, Checklist: items(5, 15, 31)}, now: at(40),
			current: -1, elapsed: 40 * time.Minute, tookDone: []time.Duration{5 * time.Minute, 10 * time.Minute, 16 * time.Minute}},
		{name: "concluded: no timer, the meeting's length", r: Review{State: ReviewConcluded, StartedAt: start, ConcludedAt: at(50),
			Checklist: items(5)}, now: at(400), current: -1, elapsed: 50 * time.Minute},
		{name: "not started", r: Review{State: ReviewNotStarted, Checklist: items()}, now: at(5), current: -1},
	} {
		a := AgendaAt(c.r, c.now)
		if a.Current != c.current || a.Elapsed != c.elapsed || a.Planned != 30*time.Minute {
			t.Errorf("%s: current %d, elapsed %v, planned %v; want %d, %v, 30m", c.name, a.Current, a.Elapsed, a.Planned, c.current, c.elapsed)
			continue
		}
		if len(a.Items) != 3 || a.Items[0].Item.ID != 1 || a.Items[2].Item.ID != 3 {
			t.Errorf("%s: items not in agenda order: %+v", c.name, a.Items)
		}
		if c.current >= 0 {
			it := a.Items[c.current]
			if !it.Running || !it.Start.Equal(c.since) || it.Took != c.took {
				t.Errorf("%s: running item started %v took %v (running %v), want %v and %v", c.name, it.Start, it.Took, it.Running, c.since, c.took)
			}
		}
		for i, d := range c.tookDone {
			if a.Items[i].Took != d {
				t.Errorf("%s: item %d took %v, want %v", c.name, i+1, a.Items[i].Took, d)
			}
		}
	}
}

func TestActionItemsCarryOverUntilDone(t *testing.T) {
	w := MustWeek("2026-W45")
	item := ActionItem{ID: 1, Text: "fix it", CreatedWeek: w, Due: w.Add(1)}
	for _, c := range []struct {
		week    Week
		open    bool
		weeks   int
		overdue bool
	}{
		{w.Add(-1), false, 0, false}, // agreed later: not in an earlier review
		{w, true, 0, false},
		{w.Add(1), true, 1, false},
		{w.Add(2), true, 2, true},
		{w.Add(10), true, 10, true},
	} {
		open := OpenAsOf([]ActionItem{item}, c.week)
		if (len(open) == 1) != c.open {
			t.Errorf("%s: open %v, want %v", c.week, len(open) == 1, c.open)
		}
		if c.open && (item.OpenWeeks(c.week) != c.weeks || item.Overdue(c.week) != c.overdue) {
			t.Errorf("%s: open %d weeks overdue %v, want %d %v", c.week, item.OpenWeeks(c.week), item.Overdue(c.week), c.weeks, c.overdue)
		}
	}
	// done in W+2: gone from W+3's open list, and never overdue
	done := item
	done.Done, done.DoneAt = true, w.Add(2).Day(time.Tuesday).Add(11*time.Hour)
	if len(OpenAsOf([]ActionItem{done}, w.Add(3))) != 0 || done.Overdue(w.Add(3)) {
		t.Error("a done item is still open the week after")
	}
	g := GroupActions([]ActionItem{done}, w.Add(2), Review{}, false)
	if len(g.Done) != 1 || len(g.Carried) != 0 {
		t.Errorf("done in W+2: groups of W+2 %+v", g)
	}
	if g := GroupActions([]ActionItem{done}, w.Add(3), Review{}, false); len(g.Done)+len(g.Carried)+len(g.New) != 0 {
		t.Errorf("done in W+2 still shows in W+3: %+v", g)
	}
}

func TestGroupActionsAndDoneDuringALateReview(t *testing.T) {
	w := MustWeek("2026-W46")
	// the review of W46 is held on the Monday after it
	held := Review{Week: w, StartedAt: w.Add(1).Monday().Add(10 * time.Hour), ConcludedAt: w.Add(1).Monday().Add(11 * time.Hour)}
	items := []ActionItem{
		{ID: 1, CreatedWeek: w.Add(-3), Due: w.Add(-1)},                                                 // carried, overdue
		{ID: 2, CreatedWeek: w},                                                                         // new
		{ID: 3, CreatedWeek: w.Add(-1), Done: true, DoneAt: w.Day(time.Wednesday)},                      // done in the week
		{ID: 4, CreatedWeek: w.Add(-1), Done: true, DoneAt: held.StartedAt.Add(20 * time.Minute)},       // done during the review
		{ID: 5, CreatedWeek: w.Add(-2), Done: true, DoneAt: w.Add(-1).Day(time.Friday)},                 // done before
		{ID: 6, CreatedWeek: w.Add(1)},                                                                  // agreed later
		{ID: 7, CreatedWeek: w.Add(-1), Done: true, DoneAt: held.ConcludedAt.Add(48 * time.Hour).UTC()}, // done after the review
	}
	ids := func(as []ActionItem) []int64 {
		var out []int64
		for _, a := range as {
			out = append(out, a.ID)
		}
		return out
	}
	g := GroupActions(items, w, held, true)
	if !reflect.DeepEqual(ids(g.Carried), []int64{1}) || !reflect.DeepEqual(ids(g.New), []int64{2}) || !reflect.DeepEqual(ids(g.Done), []int64{3, 4}) {
		t.Errorf("groups of %s: carried %v new %v done %v", w, ids(g.Carried), ids(g.New), ids(g.Done))
	}
	// without the review, only the week counts
	if g := GroupActions(items, w, held, false); !reflect.DeepEqual(ids(g.Done), []int64{3}) {
		t.Errorf("without the review: done %v", ids(g.Done))
	}
	if got := ids(AgreedIn(items, w.Add(-1))); !reflect.DeepEqual(got, []int64{3, 4, 7}) {
		t.Errorf("AgreedIn = %v", got)
	}
}

func TestOpenAsOfIsOldestFirstAndPreviousReviewSkipsGaps(t *testing.T) {
	w := MustWeek("2026-W47")
	items := []ActionItem{{ID: 3, CreatedWeek: w.Add(-1), Due: w}, {ID: 1, CreatedWeek: w.Add(-4), Due: w.Add(1)},
		{ID: 2, CreatedWeek: w.Add(-1), Due: w.Add(-1)}, {ID: 4, CreatedWeek: w, Done: true}}
	var got []int64
	for _, a := range OpenAsOf(items, w) {
		got = append(got, a.ID)
	}
	if !reflect.DeepEqual(got, []int64{1, 2, 3}) {
		t.Errorf("OpenAsOf = %v, want [1 2 3]", got)
	}
	revs := []Review{{Week: w.Add(-5), State: ReviewConcluded}, {Week: w.Add(-2), State: ReviewConcluded}, {Week: w, State: ReviewInProgress}, {Week: w.Add(1), State: ReviewInProgress}}
	if p, ok := PreviousReview(revs, w); !ok || p != w.Add(-2) {
		t.Errorf("PreviousReview = %s %v, want %s (W-1 was skipped)", p, ok, w.Add(-2))
	}
	if _, ok := PreviousReview(revs, w.Add(-5)); ok {
		t.Error("a previous review before the first one")
	}
}
