package cli

import (
	"sort"
	"strconv"
	"strings"

	"kpi/db"
	"kpi/model"
)

// importOptions are the flags of a values import beyond the column mapping.
type importOptions struct {
	cols      columnFlags
	read      readOptions
	keyFormat string
	create    bool
	defaults  model.KPI // unit, direction, tier, aggregate and tags of created KPIs
	decimals  int       // of created KPIs; -1: as many as the file's values have
	combine   string    // "", sum, avg, last
	dryRun    bool
}

// importPlan is a checked values import, ready for db.ImportBatch.
type importPlan struct {
	sheet   *sheet
	mapping *mapping
	batch   db.Import
	rows    []planRow // the first mapped rows, in file order, for --dry-run's table
}

// planRow is one value as it will be written.
type planRow struct {
	line          int
	key, week     string
	value, note   string
	combinedLines int
}

// slot is one KPI (by lower-case key) and week of an import.
type slot struct {
	key  string
	week model.Week
}

// planImport reads a values file and checks all of it against the team's
// KPIs without writing: every problem of every row is collected by cause.
//
// A large import is mostly rows that each name a KPI and week once, so the
// rows are built once, straight into the batch, in file order; only rows
// that repeat a KPI and week are kept aside, to be combined or refused.
func planImport(sh *sheet, opt importOptions, kpis []model.KPI, probs *problems) (*importPlan, error) {
	m, err := mapSheet(sh, opt.cols, probs)
	if err != nil {
		return nil, err
	}
	res := newResolver(kpis, opt, sh)
	plan := &importPlan{sheet: sh, mapping: m, batch: db.Import{Events: m.events, KeepNotes: !anyNoteColumn(m)}}
	rows := make([]db.ImportRow, 0, len(m.records))
	first := make([]int, 0, len(m.records)) // the record of each row
	at := make(map[slot]int, len(m.records))
	var repeats map[int][]parsed // by row: the later records of its KPI and week
	for i := range m.records {
		r := &m.records[i]
		k, ok := res.resolve(r, probs)
		if !ok {
			continue
		}
		v, ok := parseRecordValue(k, r, sh.decimalComma, probs)
		if !ok {
			continue
		}
		res.sawValue(k.Key, r.value)
		s := slot{strings.ToLower(k.Key), r.week}
		if j, seen := at[s]; seen {
			if repeats == nil {
				repeats = map[int][]parsed{}
			}
			repeats[j] = append(repeats[j], parsed{r: *r, v: v, key: k.Key})
			continue
		}
		at[s] = len(rows)
		rows = append(rows, db.ImportRow{Key: k.Key, Value: v})
		first = append(first, i)
	}
	plan.batch.Rows, plan.rows = settleRepeats(rows, first, repeats, m.records, opt.combine, probs)
	plan.batch.Create = res.newKPIs()
	// The cells and records are in the batch now: let them go before the
	// write, whose collections would otherwise scan them again and again.
	sh.rows, sh.lines, m.records = nil, nil, nil
	return plan, nil
}

// settleRepeats combines each row with the later rows of its KPI and week
// (--combine), or without --combine reports them and leaves the row out. It
// returns the rows and the first dryRunRows of them as --dry-run shows them.
func settleRepeats(rows []db.ImportRow, first []int, repeats map[int][]parsed, recs []record, how string, probs *problems) ([]db.ImportRow, []planRow) {
	var shown []planRow
	kept := rows[:0]
	for j, row := range rows {
		line, n := recs[first[j]].line, 1
		if more := repeats[j]; len(more) > 0 {
			g := append([]parsed{{r: recs[first[j]], v: row.Value, key: row.Key}}, more...)
			if how == "" {
				probs.add("dup", g[1].r.line, "add --combine sum, avg or last, or keep one row per KPI and week",
					"several rows for one KPI and week (%s %s is on lines %d and %d)", g[0].key, row.Value.Week, g[0].r.line, g[1].r.line)
				for _, p := range g[2:] {
					probs.add("dup", p.r.line, "", "")
				}
				continue
			}
			p := combine(g, how)
			row, line, n = db.ImportRow{Key: p.key, Value: p.v}, p.r.line, len(g)
		}
		kept = append(kept, row)
		if len(shown) < dryRunRows {
			shown = append(shown, planRow{line: line, key: row.Key, week: row.Value.Week.String(), value: valueShown(row.Value), note: row.Value.Note, combinedLines: n})
		}
	}
	return kept, shown
}

// parsed is one record read as a value of its KPI.
type parsed struct {
	r   record
	v   model.Value
	key string
}

func anyNoteColumn(m *mapping) bool {
	for _, r := range m.records {
		if r.noteCol {
			return true
		}
	}
	return false
}

// valueShown is a value as --dry-run's table shows it: the number as stored.
func valueShown(v model.Value) string {
	if v.HasNumber {
		return strconv.FormatFloat(v.Number, 'f', -1, 64)
	}
	return v.Status.Label()
}

// combine makes one value of several rows for one KPI and week: their sum,
// their average, or the last (by date, then by line). Notes are kept, joined.
func combine(g []parsed, how string) parsed {
	if len(g) == 1 {
		return g[0]
	}
	sort.SliceStable(g, func(i, j int) bool { return g[i].r.date.Before(g[j].r.date) })
	out := g[len(g)-1]
	var notes []string
	for _, p := range g {
		if p.v.Note != "" && !contains(notes, p.v.Note) {
			notes = append(notes, p.v.Note)
		}
	}
	out.v.Note = strings.Join(notes, "; ")
	if how == "last" || !out.v.HasNumber {
		return out
	}
	sum := 0.0
	for _, p := range g {
		sum += p.v.Number
	}
	out.v.Number = sum
	if how == "avg" {
		out.v.Number = sum / float64(len(g))
	}
	return out
}

// parseRecordValue reads a record's value for its KPI: a status for a
// qualitative KPI, a number otherwise (with a decimal comma in a ;-separated
// file), and its note.
func parseRecordValue(k model.KPI, r *record, decimalComma bool, probs *problems) (model.Value, bool) {
	v := model.Value{Week: r.week}
	ok := true
	note, err := model.CleanText("note", r.note, model.MaxTextLen, true)
	if err != nil {
		probs.add("note", r.line, "shorten it", "%v", err)
		ok = false
	}
	v.Note = note
	switch {
	case k.Derived():
		probs.add("derived:"+k.Key, r.line, "leave it out of the file", "%s is computed by its formula", k.Key)
		return v, false
	case k.Kind == model.Qualitative:
		s, good := model.ParseStatus(r.value)
		if !good {
			probs.add("status:"+k.Key, r.line, "write on track, at risk or off track",
				"%s is qualitative and %q is not a status", k.Key, r.value)
			return v, false
		}
		v.Status = s
	default:
		n, good := parseImportedNumber(k, r, decimalComma, probs)
		if !good {
			return v, false
		}
		v.Number, v.HasNumber = n, true
	}
	return v, ok
}

// parseImportedNumber reads a cell the way `kpi set` does (model.ParseFor):
// as people type numbers ("1,234.5", "12k", "$1,200") and as kpi shows them,
// with the KPI's unit after the number ("204 ms", "12.6k users"), which is
// how a spreadsheet exported from a kpi report or a screen holds them. A cell
// in another unit than the KPI's ("€900" for a $ KPI, "2 s" for one in ms) is
// refused: nothing is converted, so importing it would store the number as if
// it were in the KPI's unit. A percentage for a plain KPI is taken as its
// number ("45%" is 45): spreadsheets format scores that way, and it is the
// number kpi shows.
func parseImportedNumber(k model.KPI, r *record, decimalComma bool, probs *problems) (float64, bool) {
	t, err := model.ParseFor(k, numberText(r.value, decimalComma))
	if err != nil {
		probs.add("value:"+r.column, r.line, "write numbers like 1234.5, 1,234.5 or 12k",
			"%s: values like %q are not numbers", r.column, r.value)
		return 0, false
	}
	if t.Unit != "" && !model.SameUnit(t.Unit, k.Unit) && (t.Unit != "%" || k.Unit != "") {
		unit := "a plain number"
		if k.Unit != "" {
			unit = "in " + k.Unit
		}
		probs.add("unit:"+k.Key+":"+t.Unit, r.line, "convert them, or write the numbers without a unit",
			"%s is %s but values are written in %s (nothing is converted)", k.Key, unit, t.Unit)
		return 0, false
	}
	return t.Number, true
}

// numberText turns a decimal comma into a point ("1234,5", "1.234,5") in a
// ;-separated file, where Excel writes numbers that way.
func numberText(s string, decimalComma bool) string {
	if !decimalComma || !strings.Contains(s, ",") {
		return s
	}
	if strings.Count(s, ",") == 1 && (!strings.Contains(s, ".") || strings.Index(s, ".") < strings.Index(s, ",")) {
		return strings.Replace(strings.ReplaceAll(s, ".", ""), ",", ".", 1)
	}
	return s
}
