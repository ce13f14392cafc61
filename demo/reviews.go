package demo

import (
	"math/rand/v2"
	"time"

	"kpi/model"
)

// reviewWeeks is how far back the demo team has held reviews: about a quarter.
const reviewWeeks = 12

// meetingDay is when the review of week w is held: the first review weekday on or
// after the week's Friday, once the owners have entered their numbers (Tuesday to
// Thursday). With the default Monday that is the Monday after the week, which is why
// the current week has no review yet.
func meetingDay(w model.Week, weekday time.Weekday) time.Time {
	fri := w.Day(time.Friday)
	return fri.AddDate(0, 0, (int(weekday)-int(time.Friday)+7)%7)
}

// reviews are the concluded reviews of most of the last twelve weeks (not the
// holidays, and now and then a week the team skipped), oldest first.
func reviews(cal *calendar, defs []kpiDef, set model.Settings, r *rand.Rand) []model.Review {
	var keys []int64
	for i := range defs {
		if defs[i].Tier == model.TierKey {
			keys = append(keys, int64(i+1))
		}
	}
	names := owners()
	notes := reviewNotes()
	itemNotes := checklistNotes()
	var out []model.Review
	var itemID int64
	for i := max(0, cal.last()-reviewWeeks); i < cal.last(); i++ {
		w := cal.weeks[i]
		skip := r.Float64() < 0.12
		if cal.holiday[i] || skip {
			continue
		}
		fac := names[i%len(names)]
		start := meetingDay(w, set.ReviewWeekday).Add(10*time.Hour + time.Duration(r.IntN(8))*time.Minute)
		rev := model.Review{
			ID:           int64(len(out) + 1),
			Week:         w,
			State:        model.ReviewConcluded,
			Facilitator:  fac,
			Attendees:    attendees(names, fac, r),
			Notes:        notes[r.IntN(len(notes))],
			Rating:       6 + r.IntN(4),
			StartedAt:    start,
			ReviewedKPIs: append([]int64(nil), keys...),
		}
		at := start
		for pos, t := range set.Checklist {
			// Each item takes its timebox give or take 30 %.
			mins := float64(max(t.TimeboxMinutes, 2)) * (0.7 + 0.6*r.Float64())
			at = at.Add(time.Duration(mins * float64(time.Minute))).Truncate(time.Second)
			itemID++
			it := model.ChecklistItem{
				ID: itemID, ReviewID: rev.ID, Position: pos + 1, Text: t.Text, TimeboxMinutes: t.TimeboxMinutes,
				Done: true, DoneBy: fac, DoneAt: at,
				Stamp: model.Stamp{Version: 1, CreatedAt: start, UpdatedAt: at, UpdatedBy: fac},
			}
			if l := itemNotes[pos+1]; len(l) > 0 && r.Float64() < 0.3 {
				it.Note = l[r.IntN(len(l))]
			}
			rev.Checklist = append(rev.Checklist, it)
		}
		rev.ConcludedAt = at.Add(time.Duration(1+r.IntN(3)) * time.Minute)
		if rev.ConcludedAt.After(cal.now) {
			itemID -= int64(len(rev.Checklist)) // the team has not met yet
			continue
		}
		rev.Stamp = model.Stamp{Version: 1, CreatedAt: start, UpdatedAt: rev.ConcludedAt, UpdatedBy: fac}
		out = append(out, rev)
	}
	return out
}

// attendees is the whole team, sometimes minus one person who is away (never the
// facilitator).
func attendees(names []string, fac string, r *rand.Rand) []string {
	away := ""
	if r.Float64() < 0.35 {
		away = names[r.IntN(len(names))]
	}
	out := make([]string, 0, len(names))
	for _, n := range names {
		if n != away || n == fac {
			out = append(out, n)
		}
	}
	return out
}

// actionItems are the to-dos agreed in the past reviews: spread over them, due one
// to three weeks later, mostly done; the three most recent are still open and one
// from mid-quarter is overdue, so the review view has carry-overs to show.
func actionItems(cal *calendar, ks []model.KPI, revs []model.Review, r *rand.Rand) []model.ActionItem {
	if len(revs) == 0 {
		return nil
	}
	ids := make(map[string]int64, len(ks))
	for _, k := range ks {
		ids[k.Key] = k.ID
	}
	tpl := actionTemplates()
	n := min(len(tpl), 12+r.IntN(3))
	pick := r.Perm(len(tpl))[:n]
	out := make([]model.ActionItem, 0, n)
	for j, ti := range pick {
		t := tpl[ti]
		recent, overdue := j >= n-3, j == n/2
		rev := revs[j*len(revs)/n]
		if recent {
			// Agreed in the last meeting or the one before, so still open in time.
			rev = revs[len(revs)-1]
			if j == n-3 && len(revs) > 1 && !revs[len(revs)-2].Week.Before(cal.cur.Add(-3)) {
				rev = revs[len(revs)-2]
			}
		}
		due := rev.Week.Add(1 + r.IntN(3))
		if recent && due.Before(cal.cur) {
			due = rev.Week.Add(3)
		}
		a := model.ActionItem{
			ID: int64(j + 1), Text: t.text, Owner: t.owner, Due: due, KPIID: ids[t.kpi], CreatedWeek: rev.Week,
			Stamp: model.Stamp{Version: 1, CreatedAt: rev.ConcludedAt, UpdatedAt: rev.ConcludedAt, UpdatedBy: rev.Facilitator},
		}
		if !recent && !overdue {
			// Done some time between the meeting and the Friday of the due week.
			end := due.Day(time.Friday).Add(17 * time.Hour)
			if end.After(cal.now) {
				end = cal.now
			}
			at := officeTime(rev.ConcludedAt, end, r)
			a.Done, a.DoneBy, a.DoneAt = true, t.owner, at
			a.UpdatedAt, a.UpdatedBy = at, t.owner
		}
		out = append(out, a)
	}
	return out
}

// officeTime is a moment between from and to, on a day between them during office
// hours (09:00–17:00 UTC) on a weekday where the span allows, never outside
// [from, to].
func officeTime(from, to time.Time, r *rand.Rand) time.Time {
	if !to.After(from) {
		return from
	}
	day := time.Date(from.Year(), from.Month(), from.Day(), 0, 0, 0, 0, time.UTC)
	days := int(to.Sub(day).Hours() / 24)
	at := day.AddDate(0, 0, r.IntN(days+1)).Add(9*time.Hour + time.Duration(r.IntN(8*60))*time.Minute)
	switch at.Weekday() { // back to the Friday before a weekend
	case time.Saturday:
		at = at.AddDate(0, 0, -1)
	case time.Sunday:
		at = at.AddDate(0, 0, -2)
	}
	switch {
	case at.Before(from):
		return from
	case at.After(to):
		return to
	}
	return at
}
