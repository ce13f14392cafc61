package db

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"kpi/model"
)

const eventCols = "id, week, text, " + stampCols

// decodeEvent reads eventCols (see row: every cell checked and cleaned).
func decodeEvent(r *row) model.Event {
	var e model.Event
	e.ID = r.id()
	e.Week, _ = r.week()
	e.Text = r.text()
	e.Stamp = r.stamp()
	return e
}

// readEvents reads events (all, or those matching where) by week, then id.
func readEvents(ctx context.Context, tx *sql.Tx, where string, args ...any) ([]model.Event, error) {
	q := "SELECT " + eventCols + " FROM events"
	if where != "" {
		q += " WHERE " + where
	}
	es, err := queryAll(ctx, tx, decodeEvent, q+" ORDER BY week, id", args...)
	if err != nil {
		return nil, err
	}
	// an event whose week or text the file holds in a form kpi cannot use is
	// left out: it has no week to be drawn at
	out := es[:0]
	for _, e := range es {
		if !e.Week.IsZero() && model.ValidateEvent(e) == nil {
			out = append(out, e)
		}
	}
	return out, nil
}

// Events returns every week event, by week: few enough (one a week at most,
// usually a handful a year) to read whole for charts and week headers.
func (s *Store) Events() ([]model.Event, error) {
	var out []model.Event
	err := s.read(context.Background(), func(tx *sql.Tx) (err error) {
		out, err = readEvents(context.Background(), tx, "")
		return err
	})
	return out, err
}

// cleanEvent strips terminal controls from an event's text and checks it.
func cleanEvent(e model.Event) (model.Event, error) {
	e.Text = strings.TrimSpace(model.Sanitize(e.Text, false))
	return e, model.ValidateEvent(e)
}

// AddEvent records an event for a week, change-logged (and so undoable). An
// event with the same text in the same week exists already: it is returned and
// nothing is written, so adding twice is harmless.
func (s *Store) AddEvent(e model.Event) (model.Event, error) {
	ctx := context.Background()
	e, err := cleanEvent(e)
	if err != nil {
		return e, err
	}
	var saved model.Event
	err = s.write(ctx, func(tx *sql.Tx) error {
		saved, _, err = s.addEvent(ctx, tx, e, s.now())
		return err
	})
	return saved, err
}

// addEvent inserts a clean event unless its week has one with the same text;
// added says whether it wrote.
func (s *Store) addEvent(ctx context.Context, tx *sql.Tx, e model.Event, now time.Time) (model.Event, bool, error) {
	same, err := readEvents(ctx, tx, "week = ? AND text = ?", e.Week.String(), e.Text)
	if err != nil || len(same) > 0 {
		if len(same) > 0 {
			return same[0], false, nil
		}
		return e, false, err
	}
	args := []any{nullID(e.ID), e.Week.String(), e.Text, 1, timeText(now), timeText(now), s.opt.User}
	id, err := insertID(ctx, tx, insertEventSQL, args...)
	if err != nil {
		return e, false, err
	}
	saved := model.Event{ID: id, Week: e.Week, Text: e.Text, Stamp: model.Stamp{Version: 1, CreatedAt: now, UpdatedAt: now, UpdatedBy: s.opt.User}}
	err = s.logChange(ctx, tx, change{Entity: "event", EntityID: id, Action: "create",
		Summary: fmt.Sprintf("%s added the event %q in %s", s.who(), e.Text, e.Week), New: saved})
	return saved, true, err
}

// DeleteEvent removes an event, change-logged (undo puts it back).
func (s *Store) DeleteEvent(id int64) (model.Event, error) {
	return s.deleteEvent(context.Background(), id, 0)
}

// deleteEvent removes event id; version, when not 0, must still be the row's
// (undo's check that nobody changed it since).
func (s *Store) deleteEvent(ctx context.Context, id, version int64) (model.Event, error) {
	var old model.Event
	err := s.write(ctx, func(tx *sql.Tx) error {
		es, err := readEvents(ctx, tx, "id = ?", id)
		if err != nil {
			return err
		}
		if len(es) == 0 {
			return fmt.Errorf("event %d: %w; `kpi event list` shows the events", id, ErrNotFound)
		}
		old = es[0]
		if version != 0 && old.Version != version {
			return &ConflictError{Entity: "event", ID: id, Theirs: old, By: old.UpdatedBy, At: old.UpdatedAt}
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM events WHERE id = ?", id); err != nil {
			return err
		}
		return s.logChange(ctx, tx, change{Entity: "event", EntityID: id, Action: "delete",
			Summary: fmt.Sprintf("%s removed the event %q in %s", s.who(), old.Text, old.Week), Old: old})
	})
	return old, err
}

// undoEvent reverses an event's change: an added event is removed (if nobody
// changed it since), a removed one is put back with its id.
func (s *Store) undoEvent(ctx context.Context, c model.Change) error {
	var before, after model.Event
	if err := decodeChange(c, &before, &after); err != nil {
		return err
	}
	if c.Old == "" {
		_, err := s.deleteEvent(ctx, c.EntityID, after.Version)
		return err
	}
	e, err := cleanEvent(before)
	if err != nil {
		return err
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		var taken int
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM events WHERE id = ?", e.ID).Scan(&taken); err != nil {
			return err
		}
		if taken > 0 {
			e.ID = 0
		}
		_, _, err := s.addEvent(ctx, tx, e, s.now())
		return err
	})
}

// insertEventSQL writes one event row with its stamp: an id (NULL for a new
// one), the week, the text, then version, created_at, updated_at, updated_by.
const insertEventSQL = "INSERT INTO events (id, week, text, version, created_at, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?)"
