package db

import (
	"context"
	"database/sql"
	"encoding/json"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"kpi/model"
)

// The change log keeps each write's old and new row as JSON, and history shows
// them field by field ("formula: a / b → a / (b + c)"). That JSON is read from
// the team file like any cell, so it is untrusted: it may be malformed, hold
// escaped control characters ("\u001b" decodes to ESC), numbers out of range,
// thousands of keys or deep nesting. fieldChanges turns it into short, clean
// display text here, on the way out of the store, so no caller ever renders
// the raw JSON; what cannot be read gives no fields, and the summary stands.

const (
	maxFieldText   = 200 // display runes of one side of a field
	maxFieldName   = 40  // display runes of a field's name
	maxFields      = 40  // fields shown of one change
	maxFieldDepth  = 3   // nesting rendered before "…"
	noneFieldValue = "(none)"
)

// bookkeeping are the fields every row carries that say nothing a reader asked
// about (the change-log row itself names who and when).
var bookkeeping = map[string]bool{"id": true, "version": true, "created_at": true, "updated_at": true, "updated_by": true, "bad": true}

// entityNoise are, per entity, fields the summary already shows or that only
// link rows: a value's number is in "set mrr for W47: 1 → 2".
var entityNoise = map[string]map[string]bool{
	"value":     {"kpi_id": true, "week": true, "number": true, "has_number": true, "entered_by": true, "entered_at": true},
	"review":    {"checklist": true}, // its items are logged one by one
	"checklist": {"review_id": true},
}

// createdFields are the fields a new row's history shows: a new value's note
// (`kpi set --note`) and override, which its summary does not carry.
var createdFields = map[string][]string{"value": {"note", "status", "override_reason"}}

// fieldChanges is the display of one change's fields: for an update (and an
// import or undo over an existing row) every field whose shown text differs,
// old → new, sorted by name; for a create only the createdFields that are set
// (Old ""); for a delete, or JSON that cannot be read, none.
// Fields that link to another row (refFields) show its key or title through
// name instead of a bare id.
func fieldChanges(entity, oldJSON, newJSON string, name refNamer) []model.FieldChange {
	nw, ok := decodeLogJSON(newJSON)
	if !ok || newJSON == "" {
		return nil
	}
	if oldJSON == "" {
		return createdFieldChanges(entity, nw, name)
	}
	old, ok := decodeLogJSON(oldJSON)
	if !ok {
		return nil
	}
	names := map[string]bool{}
	for _, m := range []map[string]any{old, nw} {
		for k := range m {
			if !bookkeeping[k] && !entityNoise[entity][k] {
				names[k] = true
			}
		}
	}
	var out []model.FieldChange
	for _, k := range sortedKeys(names) {
		a, b := shownField(k, old[k], name), shownField(k, nw[k], name)
		if a != b {
			out = append(out, model.FieldChange{Name: fieldName(k), Old: a, New: b})
		}
		if len(out) == maxFields {
			break
		}
	}
	return out
}

// createdFieldChanges are the set createdFields of a new row.
func createdFieldChanges(entity string, nw map[string]any, name refNamer) []model.FieldChange {
	var out []model.FieldChange
	for _, k := range createdFields[entity] {
		if s := shownField(k, nw[k], name); s != noneFieldValue {
			out = append(out, model.FieldChange{Name: k, New: s})
		}
	}
	return out
}

// decodeLogJSON reads one side of a change: "" is no row (ok), anything but a
// JSON object is unreadable. Numbers stay as written (UseNumber) so 0.157 is
// shown as 0.157, and are checked when shown.
func decodeLogJSON(s string) (map[string]any, bool) {
	if s == "" {
		return nil, true
	}
	d := json.NewDecoder(strings.NewReader(s))
	d.UseNumber()
	var m map[string]any
	if err := d.Decode(&m); err != nil || m == nil {
		return nil, false
	}
	return m, true
}

// refFields are the fields that hold ids of other rows, and which table.
var refFields = map[string]string{"reviewed_kpis": "kpis", "kpi_id": "kpis", "objective_id": "objectives"}

// refNamer names row id of table (a KPI's key, an objective's title); ok is
// false for an id no row has.
type refNamer func(table string, id int64) (string, bool)

// shownField is field k's display text, "(none)" for missing or empty; ids
// of other rows are named (an id that names nothing stays "#12").
func shownField(k string, v any, name refNamer) string {
	if table, ok := refFields[k]; ok && name != nil {
		v = namedRefs(v, table, name)
	}
	s := shownJSON(v, 0)
	if s == "" {
		return noneFieldValue
	}
	return clipRunes(s, maxFieldText)
}

// shownJSON renders a decoded JSON value as short text: strings cleaned (and
// times as minutes), numbers checked finite and in range, booleans yes/no,
// lists joined, target points as "2026-W10 120" and other objects as
// "name value" pairs. Deeper than maxFieldDepth it gives "…".
func shownJSON(v any, depth int) string {
	if depth > maxFieldDepth {
		return "…"
	}
	switch x := v.(type) {
	case string:
		return shownString(x)
	case json.Number:
		return shownNumber(x)
	case bool:
		if x {
			return "yes"
		}
		return "no"
	case []any:
		parts := make([]string, 0, len(x))
		for i, e := range x {
			if i == maxFields {
				parts = append(parts, "…")
				break
			}
			parts = append(parts, shownJSON(e, depth+1))
		}
		return strings.Join(parts, ", ")
	case map[string]any:
		return shownObject(x, depth)
	}
	return ""
}

// shownString is a string field: clean one-line text; an RFC 3339 time as
// local minutes, and the zero time (an unset timestamp) as nothing.
func shownString(s string) string {
	s = cleanText(s, false)
	if len(s) >= 20 && s[4] == '-' && strings.Contains(s, "T") {
		if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
			if t.IsZero() {
				return ""
			}
			return t.Local().Format("2006-01-02 15:04")
		}
	}
	return s
}

// shownNumber is a number as written when it is finite and within the
// store's range, else a word saying it is not usable.
func shownNumber(n json.Number) string {
	f, err := strconv.ParseFloat(string(n), 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || math.Abs(f) > MaxNumber {
		return "(not a usable number)"
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}

// shownObject is a nested object: a target point ("2026-W10 120", a band
// "2026-W10 90–110"), a checklist item by its text, else its fields as
// "name value" pairs in name order, bookkeeping left out.
func shownObject(m map[string]any, depth int) string {
	if w, ok := m["week"].(string); ok {
		if val, ok := m["value"].(json.Number); ok {
			s := shownString(w) + " " + shownNumber(val)
			if hi, ok := m["high"].(json.Number); ok {
				s += "–" + shownNumber(hi)
			}
			return s
		}
	}
	if t, ok := m["text"].(string); ok {
		return shownString(t)
	}
	keys := map[string]bool{}
	for k := range m {
		if !bookkeeping[k] {
			keys[k] = true
		}
	}
	var parts []string
	for _, k := range sortedKeys(keys) {
		if s := shownJSON(m[k], depth+1); s != "" {
			parts = append(parts, fieldName(k)+" "+s)
		}
		if len(parts) == maxFields {
			break
		}
	}
	return strings.Join(parts, ", ")
}

// fieldName is a JSON key as a clean, bounded name.
func fieldName(k string) string { return clipRunes(cleanText(k, false), maxFieldName) }

// sortedKeys are a set's members in order.
func sortedKeys(set map[string]bool) []string {
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// clipRunes cuts s to n runes, the last an ellipsis, when it is longer.
func clipRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// namedRefs replaces the ids in v (one, or a list) by the names of their rows.
func namedRefs(v any, table string, name refNamer) any {
	one := func(x any) any {
		n, ok := x.(json.Number)
		if !ok {
			return x
		}
		id, err := n.Int64()
		if err != nil || id == 0 {
			return x
		}
		if s, ok := name(table, id); ok {
			return s
		}
		return "#" + n.String()
	}
	if list, ok := v.([]any); ok {
		out := make([]any, len(list))
		for i, x := range list {
			out[i] = one(x)
		}
		return out
	}
	return one(v)
}

// refNames reads the KPIs' keys and the objectives' titles once, when a
// change first needs one, inside the read of the changes.
type refNames struct {
	ctx    context.Context
	tx     *sql.Tx
	tables map[string]map[int64]string
	err    error
}

// refQueries are how each table's rows are named.
var refQueries = map[string]string{"kpis": "SELECT id, key FROM kpis", "objectives": "SELECT id, title FROM objectives"}

func (r *refNames) name(table string, id int64) (string, bool) {
	if r.tables == nil {
		r.tables = map[string]map[int64]string{}
	}
	names, ok := r.tables[table]
	if !ok && r.err == nil {
		names = map[int64]string{}
		r.err = queryRows(r.ctx, r.tx, func(row *row) error {
			id, text := row.id(), row.text()
			names[id] = text
			return nil
		}, refQueries[table])
		r.tables[table] = names
	}
	s, ok := names[id]
	return s, ok && s != ""
}
