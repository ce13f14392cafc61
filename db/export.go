package db

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"kpi/model"
)

// Export returns everything in the file — settings, objectives, KPIs with
// targets, all values, reviews with checklists, action items — read in one
// transaction so the parts agree: what `kpi export --format json` writes and
// ImportDataset reads back.
func (s *Store) Export() (model.Dataset, error) {
	ctx := context.Background()
	var ds model.Dataset
	err := s.read(ctx, func(tx *sql.Tx) (err error) {
		ds = model.Dataset{Format: model.DatasetFormat}
		if ds.Settings, err = readSettings(ctx, tx); err != nil {
			return err
		}
		if ds.Objectives, err = readObjectives(ctx, tx, ""); err != nil {
			return err
		}
		if ds.KPIs, err = readKPIs(ctx, tx, ""); err != nil {
			return err
		}
		if ds.Values, err = readValues(ctx, tx, ""); err != nil {
			return err
		}
		if ds.Reviews, err = readReviews(ctx, tx, ""); err != nil {
			return err
		}
		if ds.ActionItems, err = readActions(ctx, tx, ""); err != nil {
			return err
		}
		ds.Events, err = readEvents(ctx, tx, "")
		return err
	})
	return ds, err
}

// ImportDataset loads a JSON export (or the demo team) into a fresh file: it
// refuses a file that has any objective, KPI, value, review or action item. IDs
// are kept so links survive; the settings are replaced. Everything is validated
// first and written in one transaction with prepared statements, so the file
// gets all of it or none; the change log gets one summary row, not one per row.
func (s *Store) ImportDataset(ds model.Dataset) error {
	return s.importDataset(ds, "import", "imported")
}

// ImportDemo is ImportDataset for `kpi demo`: the same write, logged as action
// "demo" so a KPI's history can say its values came with the demo.
func (s *Store) ImportDemo(ds model.Dataset) error {
	return s.importDataset(ds, "demo", "wrote the demo team:")
}

// importDataset is ImportDataset logged as action with verb in its summary.
func (s *Store) importDataset(ds model.Dataset, action, verb string) error {
	ctx := context.Background()
	if ds.Format != "" && ds.Format != model.DatasetFormat {
		return fmt.Errorf("import: format %q is not %q; nothing was imported", ds.Format, model.DatasetFormat)
	}
	return s.bulkWrite(ctx, func(tx *sql.Tx) error {
		if err := checkFresh(ctx, tx); err != nil {
			return err
		}
		defer s.bigCache(ctx, tx)()
		now := s.now()
		im := importer{s: s, ctx: ctx, tx: tx, now: now}
		if err := im.settings(ds.Settings); err != nil {
			return err
		}
		if err := im.objectives(ds.Objectives); err != nil {
			return err
		}
		kpis, err := im.kpis(ds.KPIs)
		if err != nil {
			return err
		}
		if err := im.values(ds.Values, kpis); err != nil {
			return err
		}
		if err := im.reviews(ds.Reviews); err != nil {
			return err
		}
		if err := im.actions(ds.ActionItems); err != nil {
			return err
		}
		if err := im.events(ds.Events); err != nil {
			return err
		}
		return s.logChange(ctx, tx, change{Entity: "file", Action: action,
			Summary: fmt.Sprintf("%s %s %d KPIs, %d values, %d objectives, %d reviews, %d action items",
				s.who(), verb, len(ds.KPIs), len(ds.Values), len(ds.Objectives), len(ds.Reviews), len(ds.ActionItems))})
	})
}

// checkFresh refuses a file that holds team data already.
func checkFresh(ctx context.Context, tx *sql.Tx) error {
	var counts []string
	for _, t := range []struct{ table, what string }{
		{"kpis", "KPIs"}, {"kpi_values", "values"}, {"objectives", "objectives"}, {"reviews", "reviews"}, {"action_items", "action items"},
	} {
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM "+t.table).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			counts = append(counts, fmt.Sprintf("%d %s", n, t.what))
		}
	}
	if len(counts) > 0 {
		return fmt.Errorf("import: the file already has %s; a JSON export imports only into a fresh file (make one with `kpi init NEW.db`); nothing was imported", strings.Join(counts, ", "))
	}
	return nil
}

// importer writes one dataset inside one transaction.
type importer struct {
	s   *Store
	ctx context.Context
	tx  *sql.Tx
	now time.Time
}

// stamp fills what a dataset row lacks: version 1, now, this user.
func (im importer) stamp(st model.Stamp) []any {
	if st.Version < 1 {
		st.Version = 1
	}
	if st.CreatedAt.IsZero() {
		st.CreatedAt = im.now
	}
	if st.UpdatedAt.IsZero() {
		st.UpdatedAt = st.CreatedAt
	}
	if st.UpdatedBy == "" {
		st.UpdatedBy = im.s.opt.User
	}
	return []any{st.Version, timeText(st.CreatedAt), timeText(st.UpdatedAt), model.Sanitize(st.UpdatedBy, false)}
}

func (im importer) settings(st model.Settings) error {
	st, err := cleanSettings(settingsOrDefault(st))
	if err != nil {
		return fmt.Errorf("import settings: %w; nothing was imported", err)
	}
	tmpl, err := jsonText(st.Checklist)
	if err != nil {
		return err
	}
	if st.Checklist == nil {
		tmpl = "[]"
	}
	if st.Version > 0 {
		// The export's version is kept, so a copy exports as its original
		// does (kpi copy verifies that). An UPDATE could not set it: any
		// UPDATE that does not move the version is moved by the schema's
		// trigger, so the fresh file's row is replaced instead.
		if _, err := im.tx.ExecContext(im.ctx, "DELETE FROM settings WHERE id = 1"); err != nil {
			return err
		}
		now := timeText(im.now)
		_, err = im.tx.ExecContext(im.ctx, `INSERT INTO settings (id, team_name, review_weekday, checklist_template, default_theme,
			version, created_at, updated_at, updated_by) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?)`,
			st.TeamName, int(st.ReviewWeekday), tmpl, st.DefaultTheme, st.Version, now, now, im.s.opt.User)
		return err
	}
	_, err = im.tx.ExecContext(im.ctx, `UPDATE settings SET team_name = ?, review_weekday = ?, checklist_template = ?, default_theme = ?,
		version = version + 1, updated_at = ?, updated_by = ? WHERE id = 1`,
		st.TeamName, int(st.ReviewWeekday), tmpl, st.DefaultTheme, timeText(im.now), im.s.opt.User)
	return err
}

func (im importer) objectives(objs []model.Objective) error {
	ins, err := im.tx.PrepareContext(im.ctx, `INSERT INTO objectives (id, title, description, owner, start_week, end_week, state, archived,
		version, created_at, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer ins.Close()
	for _, o := range objs {
		c, err := cleanObjective(o)
		if err != nil {
			return fmt.Errorf("import: %w; nothing was imported", err)
		}
		args := append(append([]any{nullID(c.ID)}, objectiveArgs(c)...), im.stamp(c.Stamp)...)
		if _, err := ins.ExecContext(im.ctx, args...); err != nil {
			return fmt.Errorf("import objective %d %q: %w; nothing was imported", c.ID, c.Title, err)
		}
	}
	return nil
}

// kpis validates every KPI on its own and all of them together (unique keys, one
// OMTM, objective links, formulas), inserts them, and returns them by id.
func (im importer) kpis(ks []model.KPI) (map[int64]model.KPI, error) {
	byID := make(map[int64]model.KPI, len(ks))
	keys := map[string]bool{}
	clean := make([]model.KPI, 0, len(ks))
	omtm := ""
	for _, k := range ks {
		c, err := cleanKPI(k)
		if err != nil {
			return nil, fmt.Errorf("import: %w; nothing was imported", err)
		}
		lk := strings.ToLower(c.Key)
		switch {
		case keys[lk]:
			return nil, fmt.Errorf("import: two KPIs have the key %q; nothing was imported", c.Key)
		case c.ID != 0 && byID[c.ID].ID != 0:
			return nil, fmt.Errorf("import: two KPIs have the id %d; nothing was imported", c.ID)
		case c.OMTM && omtm != "":
			return nil, fmt.Errorf("import: both %s and %s are marked the OMTM; at most one KPI can be; nothing was imported", omtm, c.Key)
		}
		if c.OMTM {
			omtm = c.Key
		}
		keys[lk] = true
		if c.ID != 0 {
			byID[c.ID] = c
		}
		clean = append(clean, c)
	}
	if err := model.FormulaCycle(clean); err != nil {
		return nil, fmt.Errorf("import: %w; nothing was imported", err)
	}
	ins, err := im.tx.PrepareContext(im.ctx, insertKPISQL+" RETURNING id")
	if err != nil {
		return nil, err
	}
	defer ins.Close()
	tgt, err := im.tx.PrepareContext(im.ctx, "INSERT INTO kpi_targets (kpi_id, week, value, high) VALUES (?, ?, ?, ?)")
	if err != nil {
		return nil, err
	}
	defer tgt.Close()
	for _, c := range clean {
		if c.ObjectiveID != 0 {
			var n int
			if err := im.tx.QueryRowContext(im.ctx, "SELECT count(*) FROM objectives WHERE id = ?", c.ObjectiveID).Scan(&n); err != nil {
				return nil, err
			}
			if n == 0 {
				return nil, fmt.Errorf("import: kpi %s links to objective %d, which is not in the export; nothing was imported", c.Key, c.ObjectiveID)
			}
		}
		args := append(append([]any{nullID(c.ID)}, kpiArgs(c)...), im.stamp(c.Stamp)...)
		var id int64
		if err := ins.QueryRowContext(im.ctx, args...).Scan(&id); err != nil {
			return nil, fmt.Errorf("import kpi %s: %w; nothing was imported", c.Key, err)
		}
		for _, p := range c.Targets {
			if _, err := tgt.ExecContext(im.ctx, id, p.Week.String(), p.Value, p.High); err != nil {
				return nil, fmt.Errorf("import kpi %s target %s: %w; nothing was imported", c.Key, p.Week, err)
			}
		}
		if err := writeTags(im.ctx, im.tx, id, c.Tags); err != nil {
			return nil, fmt.Errorf("import kpi %s tags: %w; nothing was imported", c.Key, err)
		}
	}
	return byID, nil
}

func (im importer) values(vs []model.Value, kpis map[int64]model.KPI) error {
	ins, err := im.s.newBatcher(im.ctx, im.tx, "kpi_values", "id", "kpi_id", "week", "number", "status", "override_reason", "note",
		"entered_by", "entered_at", "version", "created_at", "updated_at", "updated_by")
	if err != nil {
		return err
	}
	defer ins.close()
	for i, v := range vs {
		k, ok := kpis[v.KPIID]
		if !ok {
			return fmt.Errorf("import: value %d of %d (%s): kpi %d is not in the export; nothing was imported", i+1, len(vs), v.Week, v.KPIID)
		}
		// History of archived KPIs is kept, so the archived rule of new
		// entries does not apply to an import.
		k.Archived = false
		c, err := im.s.cleanValue(k, v, im.now)
		if err != nil {
			return fmt.Errorf("import: value %d of %d: %w; nothing was imported", i+1, len(vs), err)
		}
		err = ins.add(append([]any{nullID(c.ID), c.KPIID, c.Week.String(), numberArg(c), string(c.Status), c.OverrideReason, c.Note,
			c.EnteredBy, timeText(c.EnteredAt)}, im.stamp(c.Stamp)...)...)
		if err != nil {
			return fmt.Errorf("import values: %w; nothing was imported", err)
		}
	}
	if err := ins.close(); err != nil {
		return fmt.Errorf("import values: %w; nothing was imported", err)
	}
	return nil
}

func (im importer) reviews(rs []model.Review) error {
	for _, r := range rs {
		c, err := cleanReview(r, im.now)
		if err != nil {
			return fmt.Errorf("import review %s: %w; nothing was imported", r.Week, err)
		}
		if c.Week.IsZero() {
			return fmt.Errorf("import: a review has no week; nothing was imported")
		}
		att, err := jsonText(c.Attendees)
		if err != nil {
			return err
		}
		if c.Attendees == nil {
			att = "[]"
		}
		args := append([]any{nullID(c.ID), c.Week.String(), string(c.State), c.Facilitator, att, c.Notes, c.Rating,
			timeText(c.StartedAt), timeText(c.ConcludedAt)}, im.stamp(c.Stamp)...)
		var id int64
		err = im.tx.QueryRowContext(im.ctx, `INSERT INTO reviews (id, week, state, facilitator, attendees, notes, rating, started_at,
			concluded_at, version, created_at, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, args...).Scan(&id)
		if err != nil {
			return fmt.Errorf("import review %s: %w; nothing was imported", c.Week, err)
		}
		if err := writeReviewedKPIs(im.ctx, im.tx, id, c.ReviewedKPIs); err != nil {
			return fmt.Errorf("import review %s: %w; nothing was imported", c.Week, err)
		}
		for _, it := range c.Checklist {
			text := strings.TrimSpace(model.Sanitize(it.Text, false))
			by, at := doneStamp(it.Done, strings.TrimSpace(model.Sanitize(it.DoneBy, false)), it.DoneAt, im.s.opt.User, im.now)
			args := append([]any{nullID(it.ID), id, it.Position, text, max(it.TimeboxMinutes, 0), it.Done, by, timeText(at),
				strings.TrimSpace(model.Sanitize(it.Note, true))}, im.stamp(it.Stamp)...)
			if _, err := im.tx.ExecContext(im.ctx, `INSERT INTO checklist_items (id, review_id, position, text, timebox_minutes, done,
				done_by, done_at, note, version, created_at, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, args...); err != nil {
				return fmt.Errorf("import review %s checklist: %w; nothing was imported", c.Week, err)
			}
		}
	}
	return nil
}

func (im importer) actions(as []model.ActionItem) error {
	for _, a := range as {
		c, err := cleanAction(a)
		if err != nil {
			return fmt.Errorf("import: %w; nothing was imported", err)
		}
		c.DoneBy, c.DoneAt = doneStamp(c.Done, c.DoneBy, c.DoneAt, im.s.opt.User, im.now)
		if err := checkActionKPI(im.ctx, im.tx, c); err != nil {
			return fmt.Errorf("import: %w; nothing was imported", err)
		}
		args := append([]any{nullID(c.ID), c.Text, c.Owner, c.Due.String(), nullID(c.KPIID), c.CreatedWeek.String(), c.Done, c.DoneBy,
			timeText(c.DoneAt)}, im.stamp(c.Stamp)...)
		if _, err := im.tx.ExecContext(im.ctx, `INSERT INTO action_items (id, text, owner, due, kpi_id, created_week, done, done_by, done_at,
			version, created_at, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, args...); err != nil {
			return fmt.Errorf("import action item %q: %w; nothing was imported", c.Text, err)
		}
	}
	return nil
}

func (im importer) events(es []model.Event) error {
	for _, e := range es {
		c, err := cleanEvent(e)
		if err != nil {
			return fmt.Errorf("import event %d: %w; nothing was imported", e.ID, err)
		}
		args := append([]any{nullID(c.ID), c.Week.String(), c.Text}, im.stamp(c.Stamp)...)
		if _, err := im.tx.ExecContext(im.ctx, insertEventSQL, args...); err != nil {
			return fmt.Errorf("import event %s %q: %w; nothing was imported", c.Week, c.Text, err)
		}
	}
	return nil
}
