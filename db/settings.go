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

// settingsOrDefault is st, or the default settings with st's team name when
// nothing else in st was filled in (a zero Settings passed to Create or inside
// a dataset).
func settingsOrDefault(st model.Settings) model.Settings {
	if st.Checklist == nil && st.DefaultTheme == "" && st.ReviewWeekday == time.Sunday {
		return model.DefaultSettings(st.TeamName)
	}
	return st
}

// cleanSettings sanitises the text in st and checks its ranges.
func cleanSettings(st model.Settings) (model.Settings, error) {
	st.TeamName = model.Sanitize(st.TeamName, false)
	st.DefaultTheme = model.Sanitize(st.DefaultTheme, false)
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

// insertSettings writes the one settings row of a new file (version 1).
func (s *Store) insertSettings(ctx context.Context, tx *sql.Tx, st model.Settings) error {
	st, err := cleanSettings(st)
	if err != nil {
		return err
	}
	tmpl, err := json.Marshal(st.Checklist)
	if err != nil {
		return err
	}
	now := timeText(s.now())
	if _, err := tx.ExecContext(ctx, `INSERT INTO settings (id, team_name, review_weekday, checklist_template, default_theme, version, created_at, updated_at, updated_by)
		VALUES (1, ?, ?, ?, ?, 1, ?, ?, ?)`, st.TeamName, int(st.ReviewWeekday), string(tmpl), st.DefaultTheme, now, now, s.opt.User); err != nil {
		return err
	}
	st.Version = 1
	return s.logChange(ctx, tx, change{Entity: "settings", EntityID: 1, Action: "create",
		Summary: fmt.Sprintf("%s created the team file for %q", s.who(), st.TeamName), New: st})
}

// readSettings reads the settings row inside tx.
func readSettings(ctx context.Context, tx *sql.Tx) (model.Settings, error) {
	all, err := queryAll(ctx, tx, decodeSettings,
		"SELECT team_name, review_weekday, checklist_template, default_theme, version FROM settings WHERE id = 1")
	if err != nil {
		return model.Settings{}, err
	}
	if len(all) == 0 {
		return model.Settings{}, fmt.Errorf("settings: %w", ErrNotFound)
	}
	return all[0], nil
}

// decodeSettings reads the settings row (see row: every cell checked and
// cleaned); a checklist template that cannot be read is the default one.
func decodeSettings(r *row) model.Settings {
	var st model.Settings
	st.TeamName = r.text()
	st.ReviewWeekday = time.Weekday(r.count(0, 6, int64(time.Monday)))
	st.Checklist = decodeTemplate(r)
	st.DefaultTheme = decodeTheme(r)
	st.Version = r.count(0, math.MaxInt64, 0)
	st.Bad = r.allBad()
	return st
}

// decodeTheme reads the team's default theme: empty, or one of
// model.ThemeNames. Any other name is flagged and read as none, so the team
// default never decides what an unknown name draws like.
func decodeTheme(r *row) string {
	v, col := r.next()
	name := cleanText(rawText(v), false)
	if name != "" && !slices.Contains(model.ThemeNames(), strings.ToLower(name)) {
		r.flag(col, "%s is not a theme (%s); no team default stands in", shown(v), strings.Join(model.ThemeNames(), ", "))
		return ""
	}
	return name
}

// decodeTemplate reads the checklist template, a JSON list of items. Items
// that are not {"text": ..., "timebox_minutes": n ≥ 0} are left out and
// flagged; a template that is not a list at all is flagged and read as the
// default agenda, so a review can still start.
func decodeTemplate(r *row) []model.TemplateItem {
	v, col := r.next()
	var raw []json.RawMessage
	if err := json.Unmarshal([]byte(rawText(v)), &raw); err != nil {
		r.flag(col, "%s is not a JSON list of agenda items; the default agenda stands in", shown(v))
		return model.DefaultChecklist()
	}
	items := make([]model.TemplateItem, 0, len(raw))
	for i, m := range raw {
		var it model.TemplateItem
		if err := json.Unmarshal(m, &it); err != nil || it.TimeboxMinutes < 0 {
			r.flag(col, "item %d %s is not an agenda item", i+1, shown(string(m)))
			continue
		}
		if it.Text = cleanText(it.Text, false); it.Text != "" {
			items = append(items, it)
		}
	}
	return items
}

// Settings returns the team's settings (team name, review day, checklist
// template, default theme) with their version for UpdateSettings.
func (s *Store) Settings() (model.Settings, error) { return s.SettingsContext(context.Background()) }

// SettingsContext is Settings, given up when ctx is cancelled.
func (s *Store) SettingsContext(ctx context.Context) (model.Settings, error) {
	var st model.Settings
	err := s.read(ctx, func(tx *sql.Tx) (err error) {
		st, err = readSettings(ctx, tx)
		return err
	})
	return st, err
}

// UpdateSettings saves the team's settings if nobody changed them since st was
// read (st.Version); otherwise it returns a *ConflictError with theirs.
func (s *Store) UpdateSettings(st model.Settings) (model.Settings, error) {
	return s.updateSettings(context.Background(), st)
}

// updateSettings is UpdateSettings in ctx, which Undo marks so the change log says undo.
func (s *Store) updateSettings(ctx context.Context, st model.Settings) (model.Settings, error) {
	st, err := cleanSettings(st)
	if err != nil {
		return st, err
	}
	tmpl, err := json.Marshal(st.Checklist)
	if err != nil {
		return st, err
	}
	var saved model.Settings
	err = s.write(ctx, func(tx *sql.Tx) error {
		old, err := readSettings(ctx, tx)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE settings SET team_name = ?, review_weekday = ?, checklist_template = ?, default_theme = ?,
			version = version + 1, updated_at = ?, updated_by = ? WHERE id = 1 AND version = ?`,
			st.TeamName, int(st.ReviewWeekday), string(tmpl), st.DefaultTheme, timeText(s.now()), s.opt.User, st.Version)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			stamps, _ := queryAll(ctx, tx, func(r *row) [2]any { return [2]any{r.text(), r.time()} },
				"SELECT updated_by, updated_at FROM settings WHERE id = 1")
			var by string
			var when time.Time
			if len(stamps) == 1 {
				by, when = stamps[0][0].(string), stamps[0][1].(time.Time)
			}
			return &ConflictError{Entity: "settings", ID: 1, Theirs: old, By: by, At: when}
		}
		if saved, err = readSettings(ctx, tx); err != nil {
			return err
		}
		return s.logChange(ctx, tx, change{Entity: "settings", EntityID: 1, Action: "update",
			Summary: fmt.Sprintf("%s changed the team settings%s", s.who(), fieldList(changedFields(old, saved))),
			Old:     old, New: saved})
	})
	return saved, err
}
