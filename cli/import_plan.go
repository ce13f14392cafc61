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
	rows    []planRow // the mapped rows, in file order, for --dry-run's table
}

// planRow is one value as it will be written.
type planRow struct {
	line          int
	key, week     string
	value, note   string
	combinedLines int
}

// planImport reads a values file and checks all of it against the team's
// KPIs without writing: every problem of every row is collected by cause.
func planImport(sh *sheet, opt importOptions, kpis []model.KPI, probs *problems) (*importPlan, error) {
	m, err := mapSheet(sh, opt.cols, probs)
	if err != nil {
		return nil, err
	}
	res := newResolver(kpis, opt, sh)
	plan := &importPlan{sheet: sh, mapping: m, batch: db.Import{Events: m.events, KeepNotes: !anyNoteColumn(m)}}
	type slot struct {
		key  string
		week model.Week
	}
	groups := map[slot][]parsed{}
	var order []slot
	for _, r := range m.records {
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
		if _, seen := groups[s]; !seen {
			order = append(order, s)
		}
		groups[s] = append(groups[s], parsed{r: r, v: v, key: k.Key})
	}
	for _, s := range order {
		g := groups[s]
		if len(g) > 1 && opt.combine == "" {
			probs.add("dup", g[1].r.line, "add --combine sum, avg or last, or keep one row per KPI and week",
				"several rows for one KPI and week (%s %s is on lines %d and %d)", g[0].key, s.week, g[0].r.line, g[1].r.line)
			for _, p := range g[2:] {
				probs.add("dup", p.r.line, "", "")
			}
			continue
		}
		p := combine(g, opt.combine)
		plan.batch.Rows = append(plan.batch.Rows, db.ImportRow{Key: p.key, Value: p.v})
		plan.rows = append(plan.rows, planRow{line: p.r.line, key: p.key, week: s.week.String(), value: valueShown(p.v), note: p.v.Note, combinedLines: len(g)})
	}
	plan.batch.Create = res.newKPIs()
	return plan, nil
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
func parseRecordValue(k model.KPI, r record, decimalComma bool, probs *problems) (model.Value, bool) {
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
		n, err := model.ParseValue(numberText(r.value, decimalComma))
		if err != nil {
			probs.add("value:"+r.column, r.line, "write numbers like 1234.5, 1,234.5 or 12k",
				"%s: values like %q are not numbers", r.column, r.value)
			return v, false
		}
		v.Number, v.HasNumber = n, true
	}
	return v, ok
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
