package scorecard

import (
	"fmt"
	"sort"

	tea "github.com/charmbracelet/bubbletea"

	"kpi/model"
	"kpi/ui/frame"
)

// loadedMsg carries the grid's values; seq drops results a later read made stale.
type loadedMsg struct {
	seq  int
	grid *grid
	err  error
}

// load takes the grid's weeks from the root's data when it holds them (no
// command), else reads them in a command, numbered so that only the latest
// result is kept.
func (m *Model) load() tea.Cmd {
	ws := m.weeks()
	if m.store == nil || len(ws) == 0 {
		return nil
	}
	if g := gridOf(ws, m.ctx.Data); g != nil {
		m.grid = g
		return nil
	}
	m.seq++
	seq, store := m.seq, m.store
	return func() tea.Msg {
		g, err := readGrid(store, ws)
		return loadedMsg{seq: seq, grid: g, err: err}
	}
}

// readGrid reads every value of the weeks and computes the derived KPIs' from
// their inputs (archived inputs too). Notes are sanitised here as well as on the
// way into the file: one user's text must never drive another's terminal.
func readGrid(store Store, ws []model.Week) (*grid, error) {
	first, last := ws[0], ws[len(ws)-1]
	kpis, err := store.KPIs()
	if err != nil {
		return nil, err
	}
	vals, err := store.Values(first, last)
	if err != nil {
		return nil, err
	}
	for i := range vals {
		vals[i].Note = model.Sanitize(vals[i].Note, false)
		vals[i].UpdatedBy = model.Sanitize(vals[i].UpdatedBy, false)
	}
	return &grid{review: last, weeks: ws, series: model.AllSeries(kpis, vals, first, last)}, nil
}

// gridOf is the grid of weeks ws from the root's data, when the data holds them
// (13 weeks ending at the week under review); nil when the weeks must be read.
// It costs no read, so a new week's cells are filled as the week arrives,
// instead of the grid showing the new week empty until a load returns.
func gridOf(ws []model.Week, data *frame.Data) *grid {
	if len(ws) == 0 || !data.SeriesCover(ws[0], ws[len(ws)-1]) {
		return nil
	}
	return &grid{review: ws[len(ws)-1], weeks: ws, series: data.Series, data: data}
}

// srow is one row of the grid: a group's heading (an objective's, a tag
// value's), or a KPI.
type srow struct {
	heading bool
	title   string       // a heading's title
	rollup  model.Rollup // a heading's roll-up for the week under review
	// members are a tag group's KPIs when they share a unit and an aggregate:
	// the row under the group's heading shows their sum (their average, for
	// averages) each week.
	members []model.KPI
	kpi     model.KPI
	target  model.Band // the KPI's target in the week under review
	// cells are the KPI's weeks, nil until the grid is read; texts are what
	// each cell prints, avg and total the last two columns.
	cells      []model.ScoreCell
	texts      []cellText
	avg, total string
	// prec is the one precision of the row's numbers and target (bare
	// numbers in the cells: the target column carries the unit); sums are
	// the average and total as numbers, for the detail line.
	prec model.Precision
	sums model.ScoreTotals
}

// cellText is what one cell prints: the status glyph and the value.
type cellText struct {
	glyph, value string
	status       model.Status
}

// stateRank orders objectives: active first, then done, dropped, archived.
func stateRank(o model.Objective) int {
	switch {
	case o.Archived:
		return 3
	case o.State == model.ObjectiveDone:
		return 1
	case o.State == model.ObjectiveDropped:
		return 2
	}
	return 0
}

// buildRows groups the week's active KPIs as the grouping says: by objective,
// by the values of a tag word, or not at all.
func buildRows(d *frame.Data, filter string, g frame.Grouping) []srow {
	switch {
	case d == nil:
		return nil
	case g.None:
		return ungroupedRows(d, filter)
	case g.Tag != "":
		return tagRows(d, filter, g.Tag)
	}
	return objectiveRows(d, filter)
}

// objectiveRows groups the week's active KPIs by objective — objectives in the order
// of their state, the KPIs serving none last — keeping the store's order inside
// a group after the OMTM, key KPIs before health metrics. The rows hold no
// cells: row fills them in for the rows drawn.
func objectiveRows(d *frame.Data, filter string) []srow {
	f := frame.ParseFilter(filter)
	titles := map[int64]bool{}
	var objs []model.Objective
	for rank := 0; rank <= 3; rank++ {
		for _, o := range d.Objectives {
			if stateRank(o) == rank {
				objs = append(objs, o)
				titles[o.ID] = true
			}
		}
	}
	objs = append(objs, model.Objective{Title: "No objective"})
	var out []srow
	week := make([]model.Reading, 0, len(d.Readings)) // one group's, for its roll-up
	for _, o := range objs {
		var members []srow
		week = week[:0]
		for i := range d.Readings {
			r := &d.Readings[i]
			k := &r.KPI
			serves := k.ObjectiveID == o.ID || (o.ID == 0 && !titles[k.ObjectiveID])
			if !serves {
				continue
			}
			week = append(week, *r)
			if f.Matches(*k, d.ObjectiveTitle(k.ObjectiveID)) {
				members = append(members, srow{kpi: *k, target: r.Target})
			}
		}
		if len(members) == 0 {
			continue
		}
		sort.SliceStable(members, func(i, j int) bool { return rank(members[i].kpi) < rank(members[j].kpi) })
		title := model.Sanitize(o.Title, false)
		if o.Archived {
			title += " (archived)"
		}
		out = append(out, srow{heading: true, title: title, rollup: model.RollUp(week)})
		out = append(out, members...)
	}
	return out
}

// tagRows groups the week's active KPIs by the values of tag word (one group
// per value, those without the tag last), each heading rolling up its group.
func tagRows(d *frame.Data, filter, word string) []srow {
	f := frame.ParseFilter(filter)
	var out []srow
	for _, g := range frame.GroupByTag(d.Readings, word) {
		var members []srow
		for _, r := range g.Readings {
			if f.Matches(r.KPI, d.ObjectiveTitle(r.KPI.ObjectiveID)) {
				members = append(members, srow{kpi: r.KPI, target: r.Target})
			}
		}
		if len(members) == 0 {
			continue
		}
		sort.SliceStable(members, func(i, j int) bool { return rank(members[i].kpi) < rank(members[j].kpi) })
		out = append(out, srow{heading: true, title: g.Title, rollup: model.RollUp(g.Readings)})
		if sum := summable(g.Readings); sum != nil {
			out = append(out, srow{heading: true, title: sumTitle(sum), members: sum})
		}
		out = append(out, members...)
	}
	return out
}

// summable are the group's KPIs when a weekly sum of them means something:
// two or more numbers in one unit, totalled the same way; nil otherwise.
func summable(rs []model.Reading) []model.KPI {
	if len(rs) < 2 {
		return nil
	}
	first := rs[0].KPI
	out := make([]model.KPI, 0, len(rs))
	for _, r := range rs {
		k := r.KPI
		if k.Kind != model.Quantitative || k.Unit != first.Unit || k.Aggregate != first.Aggregate {
			return nil
		}
		out = append(out, k)
	}
	return out
}

// sumTitle names a group's sums row: "Σ sum", or "Σ average" for KPIs that
// average (the heading above says how many KPIs).
func sumTitle(members []model.KPI) string {
	if members[0].Aggregate == model.AggAvg {
		return "Σ average"
	}
	return "Σ sum"
}

// ungroupedRows are the week's active KPIs matching the filter without
// headings, the OMTM first, then key KPIs, then health metrics.
func ungroupedRows(d *frame.Data, filter string) []srow {
	f := frame.ParseFilter(filter)
	var out []srow
	for _, r := range d.Readings {
		if f.Matches(r.KPI, d.ObjectiveTitle(r.KPI.ObjectiveID)) {
			out = append(out, srow{kpi: r.KPI, target: r.Target})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return rank(out[i].kpi) < rank(out[j].kpi) })
	return out
}

// rank orders a group's KPIs: the OMTM, then key KPIs, then health metrics
// (the db lists them so already; other stores may not).
func rank(k model.KPI) int {
	switch {
	case k.OMTM:
		return 0
	case k.Tier == model.TierKey:
		return 1
	}
	return 2
}

// gridShown is the grid when it was read for the weeks shown; nil while the
// weeks of another week or range are being read.
func (m Model) gridShown() *grid {
	ws, g := m.weeks(), m.grid
	if g == nil || len(ws) == 0 || g.review != ws[len(ws)-1] || len(g.weeks) != len(ws) {
		return nil
	}
	return g
}

// row is row i with its cells, computed when the row is drawn or looked at:
// the rows keep none, so only the rows on screen cost anything (on the large
// demo the 52 weeks of 1000 KPIs were 20 MB of cells). Cells stay nil while
// the grid is being read.
func (m Model) row(i int) srow {
	r := m.rows[i]
	switch g := m.gridShown(); {
	case g == nil:
	case !r.heading:
		fillCells(&r, g)
	case len(r.members) > 0:
		fillGroupCells(&r, g)
	}
	return r
}

// fillCells computes a KPI row's cells from g, what each prints, and its
// average and total.
func fillCells(row *srow, g *grid) {
	k := row.kpi
	row.cells = model.ScoreCells(k, g.series[k.ID], g.weeks)
	row.prec = model.RowPrecision(k, row.cells)
	row.texts = make([]cellText, len(row.cells))
	for i, c := range row.cells {
		row.texts[i] = textOf(k, c, row.prec)
	}
	t := model.TotalsOf(k.Aggregate, row.cells)
	row.sums = t
	switch {
	case t.Numbers > 0:
		row.avg, row.total = row.prec.Number(t.Average), row.prec.Number(t.Total)
	case t.Judged > 0:
		row.avg, row.total = "—", fmt.Sprintf("%d/%d ✓", t.OnTrack, t.Judged)
	default:
		row.avg, row.total = "—", "—"
	}
}

// fillGroupCells computes a tag group's heading cells: each week the sum of
// its KPIs' values (their average, for KPIs that average), never judged, and
// the average and total of those weeks by the KPIs' aggregate.
func fillGroupCells(row *srow, g *grid) {
	first := row.members[0]
	group := model.KPI{Unit: first.Unit, Decimals: first.Decimals, Aggregate: first.Aggregate, Direction: model.None, Kind: model.Quantitative}
	row.cells = make([]model.ScoreCell, len(g.weeks))
	row.texts = make([]cellText, len(g.weeks))
	for i, w := range g.weeks {
		var nums []float64
		for _, k := range row.members {
			for _, c := range model.ScoreCells(k, g.series[k.ID], []model.Week{w}) {
				if c.Due && c.HasValue && c.Value.HasNumber {
					nums = append(nums, c.Value.Number)
				}
			}
		}
		row.cells[i] = model.ScoreCell{Week: w, Due: true, HasValue: len(nums) > 0}
		if len(nums) == 0 {
			continue
		}
		agg := model.AggSum
		if first.Aggregate == model.AggAvg {
			agg = model.AggAvg
		}
		n, _ := model.AggregateOf(agg, nums)
		row.cells[i].Value = model.Value{Number: n, HasNumber: true}
	}
	row.prec = model.RowPrecision(group, row.cells)
	for i, c := range row.cells {
		if c.HasValue {
			row.texts[i] = cellText{glyph: "Σ", value: row.prec.Number(c.Value.Number), status: model.NoneGiven}
		}
	}
	t := model.TotalsOf(group.Aggregate, row.cells)
	row.sums = t
	row.avg, row.total = "—", "—"
	if t.Numbers > 0 {
		row.avg, row.total = row.prec.Number(t.Average), row.prec.Number(t.Total)
	}
}

// textOf is what a cell prints: blank for a week that is not due or before the
// KPI existed, "· —" for a due week without a value, the owner's status for qualitative KPIs, else the
// value at the row's precision p.
func textOf(k model.KPI, c model.ScoreCell, p model.Precision) cellText {
	switch {
	case !c.Due, c.Before:
		return cellText{}
	case !c.HasValue:
		return cellText{glyph: model.Missing.Glyph(), value: "—", status: model.Missing}
	case !c.Value.HasNumber && c.Value.Status == model.NotAvail:
		return cellText{value: "n/a", status: model.NotAvail} // no glyph: "- n/a" read as a minus
	case !c.Value.HasNumber:
		return cellText{glyph: c.Status.Glyph(), value: shortStatus(c.Status), status: c.Status}
	}
	return cellText{glyph: c.Status.Glyph(), value: p.Number(c.Value.Number), status: c.Status}
}

// shortStatus is an owner's status in a cell's few cells.
func shortStatus(s model.Status) string {
	switch s {
	case model.OnTrack:
		return "on"
	case model.AtRisk:
		return "risk"
	case model.OffTrack:
		return "off"
	case model.BadValue:
		return "bad"
	}
	return s.Label()
}

// rebuild rebuilds the rows after the data, the grid or the filter changed,
// keeping the cursor on the same KPI.
func (m Model) rebuild() Model {
	var keep int64
	if r, ok := m.current(); ok {
		keep = r.kpi.ID
	}
	m.rows = buildRows(m.ctx.Data, m.ctx.Filter, m.group)
	m.cur = -1
	for i, r := range m.rows {
		if !r.heading && (r.kpi.ID == keep || m.cur < 0) {
			m.cur = i
		}
		if !r.heading && r.kpi.ID == keep {
			break
		}
	}
	if ws := m.weeks(); len(ws) > 0 && weekIndex(ws, m.curWeek) < 0 {
		m.curWeek = ws[len(ws)-1]
	}
	if m.editing {
		if r, ok := m.current(); !ok || r.kpi.ID != m.edit.KPI.ID || weekIndex(m.weeks(), m.edit.Week) < 0 {
			m.editing = false // the KPI or the week being edited left the grid
		}
	}
	m.layout()
	m.ensureVisible()
	return m.compose()
}
