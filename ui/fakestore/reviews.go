package fakestore

import (
	"fmt"
	"time"

	"kpi/model"
)

// StartReview opens week w's review, in progress, facilitated by the store's
// user, with the checklist copied from the template; a conflict when someone
// started it first.
func (f *Store) StartReview(w model.Week) (saved model.Review, err error) {
	if w.IsZero() {
		return model.Review{}, fmt.Errorf("start review: no week given")
	}
	err = f.write(func() error {
		for _, r := range f.ds.Reviews {
			if r.Week == w {
				return conflict("review", r.ID, r.Stamp)
			}
		}
		saved = f.newReview(w)
		f.ds.Reviews = append(f.ds.Reviews, cloneReview(saved))
		f.logChange("review", saved.ID, "create", fmt.Sprintf("%s started the review of %s", f.user, w), nil, saved)
		return nil
	})
	return cloneReview(saved), err
}

// newReview is week w's review as it starts, its checklist from the template;
// checklist ids go on from the largest in the store, as the db's do.
func (f *Store) newReview(w model.Week) model.Review {
	id := nextID(f.ds.Reviews, func(r model.Review) int64 { return r.ID })
	var itemID int64
	for _, r := range f.ds.Reviews {
		itemID = max(itemID, nextID(r.Checklist, func(it model.ChecklistItem) int64 { return it.ID })-1)
	}
	r := model.Review{ID: id, Week: w, State: model.ReviewInProgress, Facilitator: f.user,
		StartedAt: f.clock(), Stamp: f.stamp(model.Stamp{})}
	for i, t := range f.ds.Settings.Checklist {
		itemID++
		r.Checklist = append(r.Checklist, model.ChecklistItem{ID: itemID, ReviewID: id, Position: i + 1,
			Text: model.Sanitize(t.Text, false), TimeboxMinutes: max(t.TimeboxMinutes, 0), Stamp: f.stamp(model.Stamp{})})
	}
	return r
}

// cleanReview strips terminal controls from r's text and checks its fields, as
// the db does: the state, the rating, when it started and concluded, reviewed
// KPIs once each.
func cleanReview(r model.Review, now time.Time) (model.Review, error) {
	r.Facilitator, r.Notes = line(r.Facilitator), text(r.Notes)
	var att []string
	for _, a := range r.Attendees {
		if a = line(a); a != "" {
			att = append(att, a)
		}
	}
	r.Attendees = att
	switch r.State {
	case model.ReviewNotStarted, model.ReviewInProgress, model.ReviewConcluded:
	default:
		return r, fmt.Errorf("review state %q must be not_started, in_progress or concluded", r.State)
	}
	if r.Rating < 0 || r.Rating > 10 {
		return r, fmt.Errorf("the meeting rating must be 1 to 10 (0 for not rated), not %d", r.Rating)
	}
	if r.State != model.ReviewNotStarted && r.StartedAt.IsZero() {
		r.StartedAt = now
	}
	if r.State == model.ReviewConcluded && r.ConcludedAt.IsZero() {
		r.ConcludedAt = now
	}
	seen := map[int64]bool{}
	var ids []int64
	for _, id := range r.ReviewedKPIs {
		if !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	r.ReviewedKPIs = ids
	return r, nil
}

// UpdateReview saves the review's own fields and reviewed KPIs if it is still
// at r.Version; its checklist stays as stored (items are saved one by one).
func (f *Store) UpdateReview(r model.Review) (saved model.Review, err error) {
	err = f.write(func() (err error) { saved, err = f.updateReview(r); return err })
	return saved, err
}

func (f *Store) updateReview(r model.Review) (model.Review, error) {
	r, err := cleanReview(r, f.clock())
	if err != nil {
		return r, err
	}
	i := f.reviewIndex(r.ID)
	if i < 0 {
		return model.Review{}, fmt.Errorf("review %d: %w", r.ID, model.ErrNotFound)
	}
	old := f.ds.Reviews[i]
	if old.Version != r.Version {
		return model.Review{}, conflict("review", old.ID, old.Stamp)
	}
	for _, id := range r.ReviewedKPIs {
		if f.kpiIndex(id) < 0 {
			return model.Review{}, fmt.Errorf("reviewed kpi %d: %w", id, model.ErrNotFound)
		}
	}
	r.Week, r.Checklist, r.Stamp = old.Week, old.Checklist, f.stamp(old.Stamp)
	r = cloneReview(r)
	f.ds.Reviews[i] = r
	verb := "updated"
	if r.State == model.ReviewConcluded && old.State != model.ReviewConcluded {
		verb = "concluded"
	}
	f.logChange("review", r.ID, "update", fmt.Sprintf("%s %s the review of %s", f.user, verb, r.Week), old, r)
	return cloneReview(r), nil
}

// doneStamp fills who ticked something and when (unless given), or clears both
// when it is not done.
func doneStamp(done bool, by string, at time.Time, user string, now time.Time) (string, time.Time) {
	if !done {
		return "", time.Time{}
	}
	if by == "" {
		by = user
	}
	if at.IsZero() {
		at = now
	}
	return by, at
}

// UpdateChecklistItem saves one checklist item if it is still at it.Version.
// Ticking fills who and when; unticking clears them.
func (f *Store) UpdateChecklistItem(it model.ChecklistItem) (saved model.ChecklistItem, err error) {
	err = f.write(func() (err error) { saved, err = f.updateChecklistItem(it); return err })
	return saved, err
}

func (f *Store) updateChecklistItem(it model.ChecklistItem) (model.ChecklistItem, error) {
	it.Text, it.Note, it.DoneBy = line(it.Text), text(it.Note), line(it.DoneBy)
	if it.Text == "" {
		return it, fmt.Errorf("checklist item text is empty")
	}
	if it.TimeboxMinutes < 0 {
		return it, fmt.Errorf("checklist item timebox is negative")
	}
	it.DoneBy, it.DoneAt = doneStamp(it.Done, it.DoneBy, it.DoneAt, f.user, f.clock())
	ri, ci := f.checklistIndex(it.ID)
	if ri < 0 {
		return model.ChecklistItem{}, fmt.Errorf("checklist item %d: %w", it.ID, model.ErrNotFound)
	}
	r := f.ds.Reviews[ri]
	old := r.Checklist[ci]
	if old.Version != it.Version {
		return model.ChecklistItem{}, conflict("checklist", old.ID, old.Stamp)
	}
	it.ReviewID, it.Stamp = old.ReviewID, f.stamp(old.Stamp)
	// A new checklist slice: a caller's copy of the review keeps its own.
	r.Checklist = append(r.Checklist[:ci:ci], append([]model.ChecklistItem{it}, r.Checklist[ci+1:]...)...)
	f.ds.Reviews[ri] = r
	verb := "updated"
	switch {
	case it.Done && !old.Done:
		verb = "ticked"
	case !it.Done && old.Done:
		verb = "unticked"
	}
	f.logChange("checklist", it.ID, "update", fmt.Sprintf("%s %s %q in the review of %s", f.user, verb, it.Text, r.Week), old, it)
	return it, nil
}

// cleanAction strips terminal controls from a's text and checks it.
func cleanAction(a model.ActionItem) (model.ActionItem, error) {
	a.Text, a.Owner, a.DoneBy = line(a.Text), line(a.Owner), line(a.DoneBy)
	if a.Text == "" {
		return a, fmt.Errorf("action item text is empty")
	}
	if n := len([]rune(a.Text)); n > model.MaxTextLen {
		return a, fmt.Errorf("action item text is %d characters; the limit is %d", n, model.MaxTextLen)
	}
	return a, nil
}

// checkActionKPI checks that an action item's KPI link, if any, exists.
func (f *Store) checkActionKPI(a model.ActionItem) error {
	if a.KPIID != 0 && f.kpiIndex(a.KPIID) < 0 {
		return fmt.Errorf("action item: kpi %d: %w", a.KPIID, model.ErrNotFound)
	}
	return nil
}

// CreateActionItem adds a to-do from a review; CreatedWeek defaults to the
// current week and a done item gets who and when.
func (f *Store) CreateActionItem(a model.ActionItem) (saved model.ActionItem, err error) {
	a, err = cleanAction(a)
	if err != nil {
		return a, err
	}
	err = f.write(func() error {
		now := f.clock()
		if a.CreatedWeek.IsZero() {
			a.CreatedWeek = model.CurrentWeek(now)
		}
		a.DoneBy, a.DoneAt = doneStamp(a.Done, a.DoneBy, a.DoneAt, f.user, now)
		if err := f.checkActionKPI(a); err != nil {
			return err
		}
		a.ID, a.Stamp = nextID(f.ds.ActionItems, func(a model.ActionItem) int64 { return a.ID }), f.stamp(model.Stamp{})
		f.ds.ActionItems = append(f.ds.ActionItems, a)
		f.logChange("action", a.ID, "create", fmt.Sprintf("%s added action item %q", f.user, a.Text), nil, a)
		saved = a
		return nil
	})
	return saved, err
}

// UpdateActionItem saves an edited or ticked action item if it is still at
// a.Version.
func (f *Store) UpdateActionItem(a model.ActionItem) (saved model.ActionItem, err error) {
	err = f.write(func() (err error) { saved, err = f.updateActionItem(a); return err })
	return saved, err
}

func (f *Store) updateActionItem(a model.ActionItem) (model.ActionItem, error) {
	a, err := cleanAction(a)
	if err != nil {
		return a, err
	}
	a.DoneBy, a.DoneAt = doneStamp(a.Done, a.DoneBy, a.DoneAt, f.user, f.clock())
	i := f.actionIndex(a.ID)
	if i < 0 {
		return model.ActionItem{}, fmt.Errorf("action item %d: %w", a.ID, model.ErrNotFound)
	}
	if err := f.checkActionKPI(a); err != nil {
		return model.ActionItem{}, err
	}
	old := f.ds.ActionItems[i]
	if old.Version != a.Version {
		return model.ActionItem{}, conflict("action", old.ID, old.Stamp)
	}
	a.Stamp = f.stamp(old.Stamp)
	f.ds.ActionItems[i] = a
	summary := fmt.Sprintf("%s changed action item %q", f.user, a.Text)
	if a.Done && !old.Done {
		summary = fmt.Sprintf("%s marked action item %q done", f.user, a.Text)
	}
	f.logChange("action", a.ID, "update", summary, old, a)
	return a, nil
}

// cleanSettings strips terminal controls from st's text and checks its ranges.
func cleanSettings(st model.Settings) (model.Settings, error) {
	st.TeamName, st.DefaultTheme = model.Sanitize(st.TeamName, false), model.Sanitize(st.DefaultTheme, false)
	if st.ReviewWeekday < time.Sunday || st.ReviewWeekday > time.Saturday {
		return st, fmt.Errorf("review weekday %d is not a day of the week", st.ReviewWeekday)
	}
	items := make([]model.TemplateItem, 0, len(st.Checklist))
	for _, it := range st.Checklist {
		it.Text = model.Sanitize(it.Text, false)
		if it.TimeboxMinutes < 0 {
			return st, fmt.Errorf("checklist item %q has a negative timebox", it.Text)
		}
		items = append(items, it)
	}
	st.Checklist = items
	return st, nil
}

// UpdateSettings saves the team's settings if they are still at st.Version.
func (f *Store) UpdateSettings(st model.Settings) (saved model.Settings, err error) {
	err = f.write(func() (err error) { saved, err = f.updateSettings(st); return err })
	return cloneSettings(saved), err
}

func (f *Store) updateSettings(st model.Settings) (model.Settings, error) {
	st, err := cleanSettings(st)
	if err != nil {
		return st, err
	}
	old := f.ds.Settings
	if old.Version != st.Version {
		return model.Settings{}, &conflictError{entity: "settings", id: 1}
	}
	st.Version++
	f.ds.Settings = cloneSettings(st)
	f.logChange("settings", 1, "update", fmt.Sprintf("%s changed the team settings", f.user), old, st)
	return st, nil
}
