package db

import (
	"context"
	"database/sql"

	"kpi/model"
)

// attachTags reads the tags of the KPIs in out (by id in index) from kpi_tags.
// A tag the file holds that is not a valid tag (another tool wrote it) is left
// out, so filters and formulas only ever see clean words.
func attachTags(ctx context.Context, tx *sql.Tx, out []model.KPI, index map[int64]int) error {
	q, args := "SELECT kpi_id, tag FROM kpi_tags ORDER BY kpi_id, tag", []any(nil)
	if len(out) == 1 {
		q, args = "SELECT kpi_id, tag FROM kpi_tags WHERE kpi_id = ? ORDER BY tag", []any{out[0].ID}
	}
	// cells come through the store's checked reading (cells.go), so a kpi_id
	// that is not a number skips its row instead of failing the read; the tag
	// is judged as written (ValidTag admits no control character), not cleaned
	return queryRows(ctx, tx, func(r *row) error {
		id := r.id()
		raw, _ := r.next()
		tag, isText := raw.(string)
		i, ok := index[id]
		if !ok || !isText || r.allBad() != "" || model.ValidTag(tag) != nil || len(out[i].Tags) >= model.MaxTags {
			return nil
		}
		out[i].Tags = append(out[i].Tags, tag)
		return nil
	}, q, args...)
}

// writeTags replaces the tags of KPI id (already normalised by cleanKPI).
func writeTags(ctx context.Context, tx *sql.Tx, id int64, tags []string) error {
	if _, err := tx.ExecContext(ctx, "DELETE FROM kpi_tags WHERE kpi_id = ?", id); err != nil {
		return err
	}
	for _, t := range tags {
		if _, err := tx.ExecContext(ctx, "INSERT INTO kpi_tags (kpi_id, tag) VALUES (?, ?)", id, t); err != nil {
			return err
		}
	}
	return nil
}
