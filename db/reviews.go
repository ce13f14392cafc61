package db

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"kpi/model"
)

const reviewCols = "id, week, state, facilitator, attendees, notes, rating, started_at, concluded_at, " + stampCols

const checklistCols = "id, review_id, position, text, timebox_minutes, done, done_by, done_at, note, " + stampCols

// reviewRow is a review as decoded, with whether its week was written
// canonically (see placedValues).
type reviewRow struct {
	r         model.Review
	canonical bool
}

// decodeReview reads reviewCols (see row: every cell checked and cleaned).
func decodeReview(r *row) reviewRow {
	var rr reviewRow
	rv := &rr.r
	rv.ID = r.id()
	rv.Week, rr.canonical = r.week()
	rv.State = enumCell(r, "state", model.ReviewNotStarted, model.ReviewInProgress, model.ReviewConcluded)
	rv.Facilitator = r.text()
	rv.Attendees = decodeAttendees(r)
	rv.Notes = r.note()
	rv.Rating = int(r.count(0, 10, 0))
	rv.StartedAt, rv.ConcludedAt = r.time(), r.time()
	rv.Stamp = r.stamp()
	return rr
}

// decodeAttendees reads the JSON list of attendees: each name cleaned; what is
// not a list of names is flagged and read as no one.
func decodeAttendees(r *row) []string {
	v, col := r.next()
	s := rawText(v)
	if s == "" {
		return nil
	}
	var names []string
	if err := json.Unmarshal([]byte(s), &names); err != nil {
		r.flag(col, "%s is not a JSON list of names", shown(s))
		return nil
	}
	out := names[:0]
	for _, n := range names {
		if n = cleanText(n, false); n != "" {
			out = append(out, n)
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// decodeChecklistItem reads checklistCols (see row).
func decodeChecklistItem(r *row) model.ChecklistItem {
	var it model.ChecklistItem
	it.ID, it.ReviewID, it.Position, it.Text = r.id(), r.id(), int(r.count(math.MinInt32, math.MaxInt32, 0)), r.text()
	it.TimeboxMinutes = int(r.count(0, 24*60, 0))
	it.Done, it.DoneBy, it.DoneAt, it.Note = r.flag01(), r.text(), r.time(), r.note()
	it.Stamp = r.stamp()
	return it
}

// reviewKPI is one row of review_kpis.
type reviewKPI struct{ reviewID, kpiID int64 }

func decodeReviewKPI(r *row) reviewKPI { return reviewKPI{r.id(), r.id()} }

// placedReviews are the reviews with a week, one per week: of two that read as
// the same week, the canonically written one (see placedValues).
func placedReviews(rows []reviewRow) []model.Review {
	out := make([]model.Review, 0, len(rows))
	at := make(map[model.Week]int, len(rows))
	for _, rr := range rows {
		if rr.r.Week.IsZero() {
			continue
		}
		if i, dup := at[rr.r.Week]; dup {
			if rr.canonical {
				out[i] = rr.r
			}
			continue
		}
		at[rr.r.Week] = len(out)
		out = append(out, rr.r)
	}
	slices.SortFunc(out, func(a, b model.Review) int { return a.Week.Compare(b.Week) })
	return out
}

// readReviews reads reviews (all, or those matching where) by week, each with its
// checklist (by position) and reviewed KPIs (in the order they were marked).
func readReviews(ctx context.Context, tx *sql.Tx, where string, args ...any) ([]model.Review, error) {
	q := "SELECT " + reviewCols + " FROM reviews"
	if where != "" {
		q += " WHERE " + where
	}
	rows, err := queryAll(ctx, tx, decodeReview, q+" ORDER BY week", args...)
	out := placedReviews(rows)
	if err != nil || len(out) == 0 {
		return out, err
	}
	index := make(map[int64]int, len(out))
	for i, r := range out {
		index[r.ID] = i
	}
	// One review: only its children; several: all children, matched by id.
	filter, fargs := "", []any(nil)
	if len(out) == 1 {
		filter, fargs = " WHERE review_id = ?", []any{out[0].ID}
	}
	links, err := queryAll(ctx, tx, decodeReviewKPI, "SELECT review_id, kpi_id FROM review_kpis"+filter+" ORDER BY review_id, rowid", fargs...)
	if err != nil {
		return nil, err
	}
	for _, l := range links {
		if i, ok := index[l.reviewID]; ok {
			out[i].ReviewedKPIs = append(out[i].ReviewedKPIs, l.kpiID)
		}
	}
	items, err := readChecklist(ctx, tx, strings.TrimPrefix(filter, " WHERE "), fargs...)
	if err != nil {
		return nil, err
	}
	for _, it := range items {
		if i, ok := index[it.ReviewID]; ok {
			out[i].Checklist = append(out[i].Checklist, it)
		}
	}
	return out, nil
}

// readChecklist reads checklist items matching where, by review and position.
func readChecklist(ctx context.Context, tx *sql.Tx, where string, args ...any) ([]model.ChecklistItem, error) {
	q := "SELECT " + checklistCols + " FROM checklist_items"
	if where != "" {
		q += " WHERE " + where
	}
	return queryAll(ctx, tx, decodeChecklistItem, q+" ORDER BY review_id, position, id", args...)
}

func readReview(ctx context.Context, tx *sql.Tx, w model.Week) (model.Review, bool, error) {
	rs, err := readReviews(ctx, tx, "week = ? OR upper(trim(week)) = ?", w.String(), w.String())
	if err != nil || len(rs) == 0 {
		return model.Review{}, false, err
	}
	return rs[0], true, nil
}

// Reviews returns every review by week, with checklists and reviewed KPIs: the
// history of the team's meetings.
func (s *Store) Reviews() ([]model.Review, error) {
	var out []model.Review
	err := s.read(context.Background(), func(tx *sql.Tx) (err error) {
		out, err = readReviews(context.Background(), tx, "")
		return err
	})
	return out, err
}

// Review returns the review of week w; ok is false when none was started.
func (s *Store) Review(w model.Week) (r model.Review, ok bool, err error) {
	err = s.read(context.Background(), func(tx *sql.Tx) (err error) {
		r, ok, err = readReview(context.Background(), tx, w)
		return err
	})
	return r, ok, err
}

// StartReview opens the review of week w, in progress, facilitated by this user,
// with the checklist copied from the team's template. If someone started it
// already the result is a *ConflictError with theirs.
func (s *Store) StartReview(w model.Week) (model.Review, error) {
	ctx := context.Background()
	if w.IsZero() {
		return model.Review{}, fmt.Errorf("start review: no week given")
	}
	var saved model.Review
	err := s.write(ctx, func(tx *sql.Tx) error {
		if old, found, err := readReview(ctx, tx, w); err != nil {
			return err
		} else if found {
			return &ConflictError{Entity: "review", ID: old.ID, Theirs: old, By: old.UpdatedBy, At: old.UpdatedAt}
		}
		st, err := readSettings(ctx, tx)
		if err != nil {
			return err
		}
		now := timeText(s.now())
		id, err := insertID(ctx, tx, `INSERT INTO reviews (week, state, facilitator, attendees, notes, rating, started_at, concluded_at,
			version, created_at, updated_at, updated_by) VALUES (?, ?, ?, '[]', '', 0, ?, '', 1, ?, ?, ?)`,
			w.String(), string(model.ReviewInProgress), s.opt.User, now, now, now, s.opt.User)
		if err != nil {
			return err
		}
		for i, t := range st.Checklist {
			if _, err := tx.ExecContext(ctx, `INSERT INTO checklist_items (review_id, position, text, timebox_minutes,
				version, created_at, updated_at, updated_by) VALUES (?, ?, ?, ?, 1, ?, ?, ?)`,
				id, i+1, model.Sanitize(t.Text, false), max(t.TimeboxMinutes, 0), now, now, s.opt.User); err != nil {
				return err
			}
		}
		if saved, _, err = readReview(ctx, tx, w); err != nil {
			return err
		}
		return s.logChange(ctx, tx, change{Entity: "review", EntityID: id, Action: "create",
			Summary: fmt.Sprintf("%s started the review of %s", s.who(), w), New: saved})
	})
	return saved, err
}

// cleanReview strips terminal controls from r's text and checks its fields.
func cleanReview(r model.Review, now time.Time) (model.Review, error) {
	r.Facilitator = strings.TrimSpace(model.Sanitize(r.Facilitator, false))
	r.Notes = strings.TrimSpace(model.Sanitize(r.Notes, true))
	var att []string
	for _, a := range r.Attendees {
		if a = strings.TrimSpace(model.Sanitize(a, false)); a != "" {
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

// UpdateReview saves the review's own fields and its reviewed KPIs (replaced as a
// whole) if nobody changed it since it was read (r.Version); otherwise it returns
// a *ConflictError with theirs. Checklist items are saved one by one with
// UpdateChecklistItem, so two people ticking items do not collide.
func (s *Store) UpdateReview(r model.Review) (model.Review, error) {
	return s.updateReview(context.Background(), r)
}

// updateReview is UpdateReview in ctx, which Undo marks so the change log says undo.
func (s *Store) updateReview(ctx context.Context, r model.Review) (model.Review, error) {
	var saved model.Review
	err := s.write(ctx, func(tx *sql.Tx) error {
		now := s.now()
		r, err := cleanReview(r, now)
		if err != nil {
			return err
		}
		olds, err := readReviews(ctx, tx, "id = ?", r.ID)
		if err != nil {
			return err
		}
		if len(olds) == 0 {
			return fmt.Errorf("review %d: %w", r.ID, ErrNotFound)
		}
		old := olds[0]
		att, err := json.Marshal(r.Attendees)
		if err != nil {
			return err
		}
		if r.Attendees == nil {
			att = []byte("[]")
		}
		res, err := tx.ExecContext(ctx, `UPDATE reviews SET state = ?, facilitator = ?, attendees = ?, notes = ?, rating = ?,
			started_at = ?, concluded_at = ?, version = version + 1, updated_at = ?, updated_by = ? WHERE id = ? AND version = ?`,
			string(r.State), r.Facilitator, string(att), r.Notes, r.Rating, timeText(r.StartedAt), timeText(r.ConcludedAt),
			timeText(now), s.opt.User, r.ID, r.Version)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return &ConflictError{Entity: "review", ID: old.ID, Theirs: old, By: old.UpdatedBy, At: old.UpdatedAt}
		}
		if err := writeReviewedKPIs(ctx, tx, r.ID, r.ReviewedKPIs); err != nil {
			return err
		}
		if saved, _, err = readReview(ctx, tx, old.Week); err != nil {
			return err
		}
		verb := "updated"
		if saved.State == model.ReviewConcluded && old.State != model.ReviewConcluded {
			verb = "concluded"
		}
		return s.logChange(ctx, tx, change{Entity: "review", EntityID: r.ID, Action: "update",
			Summary: fmt.Sprintf("%s %s the review of %s%s", s.who(), verb, saved.Week, fieldList(changedFields(old, saved))),
			Old:     old, New: saved})
	})
	return saved, err
}

// writeReviewedKPIs replaces the KPIs marked reviewed in a review.
func writeReviewedKPIs(ctx context.Context, tx *sql.Tx, reviewID int64, ids []int64) error {
	if _, err := tx.ExecContext(ctx, "DELETE FROM review_kpis WHERE review_id = ?", reviewID); err != nil {
		return err
	}
	for _, id := range ids {
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM kpis WHERE id = ?", id).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return fmt.Errorf("reviewed kpi %d: %w", id, ErrNotFound)
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO review_kpis (review_id, kpi_id) VALUES (?, ?)", reviewID, id); err != nil {
			return err
		}
	}
	return nil
}

// UpdateChecklistItem saves one checklist item (ticked, note, text, timebox) if
// nobody changed it since it was read (it.Version); otherwise it returns a
// *ConflictError with theirs. Ticking fills who and when; unticking clears them.
func (s *Store) UpdateChecklistItem(it model.ChecklistItem) (model.ChecklistItem, error) {
	return s.updateChecklistItem(context.Background(), it)
}

// updateChecklistItem is UpdateChecklistItem in ctx, which Undo marks so the change log says undo.
func (s *Store) updateChecklistItem(ctx context.Context, it model.ChecklistItem) (model.ChecklistItem, error) {
	it.Text = strings.TrimSpace(model.Sanitize(it.Text, false))
	it.Note = strings.TrimSpace(model.Sanitize(it.Note, true))
	it.DoneBy = strings.TrimSpace(model.Sanitize(it.DoneBy, false))
	if it.Text == "" {
		return it, fmt.Errorf("checklist item text is empty")
	}
	if it.TimeboxMinutes < 0 {
		return it, fmt.Errorf("checklist item timebox is negative")
	}
	var saved model.ChecklistItem
	err := s.write(ctx, func(tx *sql.Tx) error {
		it := it
		now := s.now()
		it.DoneBy, it.DoneAt = doneStamp(it.Done, it.DoneBy, it.DoneAt, s.opt.User, now)
		olds, err := readChecklist(ctx, tx, "id = ?", it.ID)
		if err != nil {
			return err
		}
		if len(olds) == 0 {
			return fmt.Errorf("checklist item %d: %w", it.ID, ErrNotFound)
		}
		old := olds[0]
		res, err := tx.ExecContext(ctx, `UPDATE checklist_items SET position = ?, text = ?, timebox_minutes = ?, done = ?, done_by = ?,
			done_at = ?, note = ?, version = version + 1, updated_at = ?, updated_by = ? WHERE id = ? AND version = ?`,
			it.Position, it.Text, it.TimeboxMinutes, it.Done, it.DoneBy, timeText(it.DoneAt), it.Note,
			timeText(now), s.opt.User, it.ID, it.Version)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return &ConflictError{Entity: "checklist", ID: old.ID, Theirs: old, By: old.UpdatedBy, At: old.UpdatedAt}
		}
		items, err := readChecklist(ctx, tx, "id = ?", it.ID)
		if err != nil {
			return err
		}
		saved = items[0]
		weeks, err := queryAll(ctx, tx, func(r *row) model.Week { return r.anyWeek() }, "SELECT week FROM reviews WHERE id = ?", saved.ReviewID)
		if err != nil {
			return err
		}
		var week model.Week
		if len(weeks) == 1 {
			week = weeks[0]
		}
		verb := "updated"
		switch {
		case saved.Done && !old.Done:
			verb = "ticked"
		case !saved.Done && old.Done:
			verb = "unticked"
		}
		return s.logChange(ctx, tx, change{Entity: "checklist", EntityID: it.ID, Action: "update",
			Summary: fmt.Sprintf("%s %s %q in the review of %s", s.who(), verb, saved.Text, week), Old: old, New: saved})
	})
	return saved, err
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
