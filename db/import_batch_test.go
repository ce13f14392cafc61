package db

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"slices"
	"testing"

	"kpi/model"
)

func changeCount(t *testing.T, s *Store) int {
	t.Helper()
	var n int
	if err := s.db.QueryRow("SELECT count(*) FROM change_log").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func storeKPI(key string) model.KPI {
	k := sampleKPI(key)
	k.Targets, k.Tier, k.Tags = nil, model.TierHealth, []string{"store"}
	return k
}

func TestImportBatchCreatesAndIsIdempotent(t *testing.T) {
	s := newStore(t)
	in := Import{Create: []model.KPI{storeKPI("store_1"), storeKPI("store_2")}, KeepNotes: true}
	for i, w := range []string{"2026-W01", "2026-W02"} {
		for _, k := range []string{"store_1", "store_2"} {
			in.Rows = append(in.Rows, ImportRow{Key: k, Value: numValue(0, w, 1000.5+float64(i))})
		}
	}
	in.Events = []model.Event{{Week: model.MustWeek("2026-W02"), Text: "Holiday_Flag"}}
	res, err := s.ImportBatch(in)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(res.Created, []string{"store_1", "store_2"}) || res.New != 4 || res.Changed != 0 || res.Unchanged != 0 || res.EventsAdded != 1 {
		t.Fatalf("first import: %+v", res)
	}
	ks, _ := s.KPIs()
	if len(ks) != 2 || !slices.Equal(ks[0].Tags, []string{"store"}) {
		t.Fatalf("created KPIs: %+v", ks)
	}
	logged := changeCount(t, s)
	in.Create = nil
	res, err = s.ImportBatch(in)
	if err != nil || res.New != 0 || res.Changed != 0 || res.Unchanged != 4 || res.EventsAdded != 0 || res.EventsKept != 1 {
		t.Fatalf("re-import: %+v %v", res, err)
	}
	if n := changeCount(t, s); n != logged {
		t.Errorf("a re-import that changed nothing logged %d changes", n-logged)
	}
	in.Rows[0].Value.Number = 7
	in.DryRun = true
	res, err = s.ImportBatch(in)
	if err != nil || res.Changed != 1 || res.Unchanged != 3 {
		t.Fatalf("dry run: %+v %v", res, err)
	}
	if v, _, _ := s.Value(ks[0].ID, model.MustWeek("2026-W01")); v.Number != 1000.5 || changeCount(t, s) != logged {
		t.Errorf("a dry run wrote: %v", v.Number)
	}
	in.DryRun = false
	in.Rows = append(in.Rows, ImportRow{Key: "nope", Value: numValue(0, "2026-W03", 1)})
	if _, err := s.ImportBatch(in); !errors.Is(err, ErrNotFound) || changeCount(t, s) != logged {
		t.Errorf("an import with an unknown key: %v; it must write nothing", err)
	}
}

func TestEventsAddListRemoveUndo(t *testing.T) {
	s := newStore(t)
	e, err := s.AddEvent(model.Event{Week: model.MustWeek("2026-W47"), Text: "Black Friday \x1b[31m"})
	if err != nil || e.Text != "Black Friday" {
		t.Fatalf("add: %+v %v", e, err)
	}
	if _, err := s.AddEvent(model.Event{Week: model.MustWeek("2026-W47"), Text: " "}); err == nil {
		t.Error("an empty event was accepted")
	}
	again, _ := s.AddEvent(model.Event{Week: model.MustWeek("2026-W47"), Text: "Black Friday"})
	if es, _ := s.Events(); len(es) != 1 || again.ID != e.ID {
		t.Fatalf("adding the same event twice: %+v", es)
	}
	if _, err := s.DeleteEvent(e.ID); err != nil {
		t.Fatal(err)
	}
	cs, _ := s.Changes(ChangeFilter{})
	if _, err := s.Undo(cs[0].ID); err != nil { // undo the delete
		t.Fatalf("undo delete: %v", err)
	}
	es, _ := s.Events()
	if len(es) != 1 || es[0].Text != "Black Friday" {
		t.Fatalf("after undoing the delete: %+v", es)
	}
	var created int64
	for _, c := range cs {
		if c.Entity == "event" && c.Action == "create" {
			created = c.ID
		}
	}
	if _, err := s.Undo(created); err != nil {
		t.Fatalf("undo create: %v", err)
	}
	if es, _ := s.Events(); len(es) != 0 {
		t.Errorf("undoing the add left %+v", es)
	}
	if _, err := s.DeleteEvent(999); !errors.Is(err, ErrNotFound) {
		t.Errorf("removing a missing event: %v", err)
	}
}

func TestTagsRoundTripAndContextDirection(t *testing.T) {
	s := newStore(t)
	k := sampleKPI("cpi")
	k.Direction, k.Tags = model.None, []string{"macro", "region:north"}
	got := mustKPI(t, s, k)
	if got.Direction != model.None || !slices.Equal(got.Tags, k.Tags) {
		t.Fatalf("saved: %+v", got)
	}
	got.Tags = []string{"macro"}
	if got, err := s.UpdateKPI(got); err != nil || !slices.Equal(got.Tags, []string{"macro"}) {
		t.Fatalf("update: %+v %v", got.Tags, err)
	}
	if _, err := s.db.Exec("INSERT INTO kpi_tags (kpi_id, tag) VALUES (?, 'Bad Tag')", got.ID); err == nil {
		t.Error("the schema accepted a tag with a space and capitals")
	}
	if _, err := s.db.Exec("UPDATE kpis SET direction = 'sideways' WHERE id = ?", got.ID); err == nil {
		t.Error("the schema accepted direction sideways")
	}
	ds, err := s.Export()
	if err != nil || !slices.Equal(ds.KPIs[0].Tags, []string{"macro"}) {
		t.Fatalf("export: %+v %v", ds.KPIs, err)
	}
}

// schema2File is a file as schema 2 made it: schema 1, then schema 2's rebuild.
func schema2File(t *testing.T) string {
	t.Helper()
	path := schema1File(t, 1, `INSERT INTO kpis (id, key, name, direction, tier, kind, cadence, aggregate) VALUES (1, 'mrr', 'MRR', 'up', 'key', 'quantitative', 'weekly', 'last')`)
	raw := rawSQL(t, path)
	ddl, err := migrationFiles.ReadFile("migrations/002_checks.sql")
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	conn, err := raw.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	execConn(t, conn, "PRAGMA foreign_keys = OFF", "PRAGMA legacy_alter_table = ON")
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	r := rebuild{ctx: ctx, tx: tx, version: 2}
	if err := r.rebuildTables(string(ddl)); err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec("PRAGMA user_version = 2"); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	return path
}

func execConn(t *testing.T, conn *sql.Conn, stmts ...string) {
	t.Helper()
	for _, q := range stmts {
		if _, err := conn.ExecContext(context.Background(), q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

// TestSchema3AppliesOnEverySchema: a new file, a schema-1 file and a schema-2
// file all end at the current schema (3 or later) with tags, events and direction none usable, from
// this connection and from another process's.
func TestSchema3AppliesOnEverySchema(t *testing.T) {
	paths := map[string]string{"schema 1": schema1File(t, 1), "schema 2": schema2File(t), "new": filepath.Join(t.TempDir(), "new.kpi")}
	for name, path := range paths {
		var s *Store
		var err error
		if name == "new" {
			s, err = Create(path, testOptions("ana"), model.DefaultSettings("T"))
		} else {
			s, err = Open(path, testOptions("ana"))
		}
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		k := sampleKPI("temp_" + map[string]string{"schema 1": "a", "schema 2": "b", "new": "c"}[name])
		k.Direction, k.Tags = model.None, []string{"context"}
		if _, err := s.CreateKPI(k); err != nil {
			t.Errorf("%s: a context metric on this connection: %v", name, err)
		}
		if _, err := s.AddEvent(model.Event{Week: model.MustWeek("2026-W01"), Text: "New year"}); err != nil {
			t.Errorf("%s: event: %v", name, err)
		}
		s.Close()
		raw := rawSQL(t, path)
		var uv int
		raw.QueryRow("PRAGMA user_version").Scan(&uv)
		if uv != SchemaVersion {
			t.Errorf("%s: user_version %d", name, uv)
		}
		if _, err := raw.Exec(`INSERT INTO kpis (key, name, direction, tier, kind, cadence, aggregate) VALUES ('other', 'O', 'none', 'health', 'quantitative', 'weekly', 'last')`); err != nil {
			t.Errorf("%s: direction none from another connection: %v", name, err)
		}
		var ic string
		raw.QueryRow("PRAGMA integrity_check").Scan(&ic)
		if ic != "ok" {
			t.Errorf("%s: integrity_check %s", name, ic)
		}
	}
}
