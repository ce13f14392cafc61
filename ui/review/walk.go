package review

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"kpi/model"
	"kpi/ui/bigdigits"
	"kpi/ui/chart"
	"kpi/ui/frame"
)

// Layout of the walkthrough, top to bottom:
//
//	title    1 line: ★ name and key; on the right which KPI of how many and
//	         whether it is marked reviewed
//	about    1 line from 16 lines up: owner, direction, tier, objective, and the
//	         running agenda item's timer
//	value    the value in block digits, as large as fits (3 lines tall at 80×24,
//	         5 at 120×40, up to 10), the unit beside them; on the right the target,
//	         the status in glyph and words, the change since last week
//	chart    what is left: the Trends chart of the last 13 weeks with the target
//	         line and this week marked; none below 4 lines
//	legend   1 line under the chart
//	note     1 line: the owner's note for the week
//	actions  the KPI's open action items, at most 3 lines
//	bottom   the open input, or a one-line message
const (
	infoWidth      = 36 // the target, status and change beside the digits
	minWalkChart   = 4
	maxWalkActions = 3
)

// chartKey is what the cached walkthrough chart was drawn from.
type chartKey struct {
	kpi           int64
	snap          *snapshot
	data          *frame.Data
	width, height int
	theme         string
}

// order is the KPIs as the walkthrough shows them (model.WalkOrder).
func (m Model) order() []model.KPI {
	if m.ctx.Data == nil {
		return nil
	}
	return model.WalkOrder(m.ctx.Data.KPIs)
}

// startWalk shows the walkthrough at KPI id, or at the first KPI when id is 0 or
// not an active KPI.
func (m Model) startWalk(id int64) Model {
	ks := m.order()
	if len(ks) == 0 {
		m.message, m.msgErr = "This team file has no KPIs to walk through.", true
		return m.compose()
	}
	m.walkID = ks[0].ID
	for _, k := range ks {
		if k.ID == id {
			m.walkID = id
		}
	}
	m.walking, m.message = true, ""
	return m.compose()
}

// walkStep moves the walkthrough d KPIs on, staying within the order.
func (m *Model) walkStep(d int) {
	ks := m.order()
	for i, k := range ks {
		if k.ID == m.walkID {
			m.walkID = ks[min(max(i+d, 0), len(ks)-1)].ID
			return
		}
	}
	if len(ks) > 0 {
		m.walkID = ks[0].ID
	}
}

// walkKey handles a key of the walkthrough.
func (m Model) walkKey(msg tea.KeyMsg) (Model, tea.Cmd) {
	k := m.walkKeys
	m.message, m.msgErr = "", false
	switch {
	case msg.String() == "esc":
		m.walking = false
	case key.Matches(msg, k.Next):
		m.walkStep(1)
	case key.Matches(msg, k.Prev):
		m.walkStep(-1)
	case key.Matches(msg, k.Reviewed):
		var cmd tea.Cmd
		var marked bool
		id := m.walkID
		m, cmd, marked = m.markReviewed(id)
		if cmd != nil && marked {
			m.walkStep(1) // marked: on to the next KPI
		}
		return m.compose(), cmd
	case key.Matches(msg, k.NewAction):
		return m.openNewAction(m.walkID)
	case key.Matches(msg, k.Open):
		id := m.walkID
		return m, func() tea.Msg { return frame.OpenKPIMsg{KPIID: id} }
	default:
		return m, nil
	}
	return m.compose(), nil
}

// walkKPI is the KPI the walkthrough shows and its reading for the week.
func (m Model) walkKPI() (model.KPI, model.Reading, bool) {
	for _, r := range m.ctx.Data.Readings {
		if r.KPI.ID == m.walkID {
			return r.KPI, r, true
		}
	}
	return model.KPI{}, model.Reading{}, false
}

// composeWalk draws the walkthrough of the shown KPI.
func (m Model) composeWalk() Model {
	st := m.ctx.Styles
	k, r, ok := m.walkKPI()
	if !ok {
		if ks := m.order(); len(ks) > 0 {
			m.walkID = ks[0].ID
			k, r, ok = m.walkKPI()
		}
	}
	if !ok {
		m.body = frame.PadBlock(st.Muted.Render("No KPIs to walk through."), m.width, m.height)
		return m
	}
	bottom := m.bottomLines()
	lines := []string{m.walkTitle(k)}
	if m.height >= 16 {
		lines = append(lines, m.walkAbout(k))
	}
	// what comes under the chart: legend, note, action items
	var under []string
	note := ""
	if r.HasValue && r.Value.Note != "" {
		by := r.Value.EnteredBy
		if by == "" {
			by = k.Owner
		}
		note = st.Accent.Render("✎ ") + st.Muted.Render(orNone(by)+": ") + st.Text.Render(line(r.Value.Note))
	}
	var acts []model.ActionItem
	if m.current() {
		for _, a := range model.OpenAsOf(m.snap.actions, m.snap.week) {
			if a.KPIID == k.ID {
				acts = append(acts, a)
			}
		}
	}
	rest := m.height - len(lines) - len(bottom)
	valueLines := m.valueBlock(k, r, rest)
	lines = append(lines, valueLines...)
	rest -= len(valueLines)
	if note != "" && rest >= 3 {
		under = append(under, frame.Pad(frame.Clip(note, m.width), m.width))
	}
	if len(acts) > 0 && rest-len(under) >= 3 {
		head := st.Bold.Render(fmt.Sprintf("Open action items on %s · %d", k.Name, len(acts)))
		under = append(under, frame.Pad(head, m.width))
		room := min(maxWalkActions, rest-len(under)-minWalkChart-2)
		for i, a := range acts {
			if i >= room {
				under = append(under, st.Muted.Render(fmt.Sprintf("  … and %d more", len(acts)-i)))
				break
			}
			under = append(under, m.actionLine(a, false, m.width))
		}
	}
	chartH := rest - len(under) - 1 // the legend
	if chartH >= minWalkChart {
		lines = append(lines, m.walkChart(k, chartH), m.walkLegend(k, r))
	} else {
		chartH = 0
	}
	lines = append(lines, under...)
	// the chart is one entry of chartH lines: pad to put the bottom lines last
	used := len(lines) + max(chartH-1, 0)
	for ; used < m.height-len(bottom); used++ {
		lines = append(lines, "")
	}
	lines = append(lines, bottom...)
	m.body = frame.PadBlock(strings.Join(lines, "\n"), m.width, m.height)
	return m
}

// walkTitle is the KPI's name and key; on the right its place in the walk and
// whether the review marked it reviewed.
func (m Model) walkTitle(k model.KPI) string {
	st := m.ctx.Styles
	name := k.Name
	if k.OMTM {
		name = "★ " + name
	}
	left := st.Title.Render(name) + st.Muted.Render("  "+k.Key)
	ks := m.order()
	pos := 0
	for i, x := range ks {
		if x.ID == k.ID {
			pos = i + 1
		}
	}
	tier := "health metric"
	if model.IsKeyKPI(k) {
		tier = "key KPI"
	}
	right := st.Muted.Render(fmt.Sprintf("%s · %d of %d · ", tier, pos, len(ks)))
	switch {
	case !m.current() || !m.snap.held:
		right += st.Muted.Render("review not started")
	case m.snap.review.Reviewed(k.ID):
		right += st.Good.Render("✓ reviewed")
	default:
		right += st.Muted.Render("· not reviewed yet")
	}
	return frame.Spread(left, right, m.width)
}

// walkAbout is who owns the KPI and how it is judged; on the right the running
// agenda item and its timer, so the facilitator keeps time while sharing.
func (m Model) walkAbout(k model.KPI) string {
	st := m.ctx.Styles
	parts := []string{}
	if k.Owner != "" {
		parts = append(parts, "owner "+k.Owner)
	}
	switch k.Direction {
	case model.Down:
		parts = append(parts, "lower is better")
	case model.Range:
		parts = append(parts, "inside the band is good")
	default:
		parts = append(parts, "higher is better")
	}
	if t := m.ctx.Data.ObjectiveTitle(k.ObjectiveID); t != "" {
		parts = append(parts, "objective: "+t)
	}
	right := ""
	if m.current() && m.snap.review.State == model.ReviewInProgress {
		a := model.AgendaAt(m.snap.review, m.opt.Now())
		if a.Current >= 0 {
			t := a.Items[a.Current]
			lvl := model.LevelOf(t.Took, t.Timebox)
			timer := levelGlyph(lvl) + clockText(t.Took)
			if t.Timebox > 0 {
				timer += " of " + clockText(t.Timebox)
			}
			right = st.Muted.Render("▶ "+frame.Clip(t.Item.Text, 28)+" ") + levelStyle(st, lvl).Render(timer)
		}
	}
	return frame.Spread(st.Muted.Render(strings.Join(parts, " · ")), right, m.width)
}

// bigText splits a reading's value into what is drawn in block digits and the
// unit written beside them: currencies and % are drawn, other units ("users",
// "ms") are words. A qualitative KPI's status is drawn as its glyph, with the
// words beside it.
func bigText(k model.KPI, r model.Reading) (full, compact, unit string) {
	switch {
	case !r.HasValue:
		return "—", "—", "no value for " + r.Week.String()
	case !r.Value.HasNumber && r.Value.Status == model.NotAvail:
		return "n/a", "n/a", "the formula divides by zero"
	case !r.Value.HasNumber:
		return r.Value.Status.Glyph(), r.Value.Status.Glyph(), r.Value.Status.Label()
	}
	u := k.Unit
	switch u {
	case "", "$", "€", "£", "%":
		return model.FormatValue(r.Value.Number, u, k.Decimals), model.FormatCompact(r.Value.Number, u, k.Decimals), ""
	}
	return model.FormatValue(r.Value.Number, "", k.Decimals), model.FormatCompact(r.Value.Number, "", k.Decimals), u
}

// digitScale is the largest digit size the body's height allows: 3 lines tall
// below 30 lines, 5 below 45, 8 below 60, else 10; presentation mode one size
// larger where it fits.
func (m Model) digitScale() int {
	s := 1
	switch {
	case m.height >= 60:
		s = 4
	case m.height >= 45:
		s = 3
	case m.height >= 30:
		s = 2
	}
	if m.ctx.Presentation {
		s++
	}
	return min(s, bigdigits.MaxScale)
}

// valueBlock is the value in block digits with the unit beside them, and on the
// right the target, status and change; it never takes more than half of room.
func (m Model) valueBlock(k model.KPI, r model.Reading, room int) []string {
	st := m.ctx.Styles
	full, compact, unit := bigText(k, r)
	info := []string{
		st.Muted.Render("Target  ") + st.Text.Render(model.TargetText(k, r.Target)),
		st.Muted.Render("Status  ") + frame.StatusStyle(st, r.Status).Bold(true).Render(r.Status.Glyph()+" "+strings.ToUpper(r.Status.Label())),
	}
	if c := frame.ChangeText(st, r); c != "" {
		info = append(info, st.Muted.Render("Change  ")+c+st.Muted.Render(" since last week"))
	} else {
		info = append(info, st.Muted.Render("Change  —"))
	}
	infoW := min(infoWidth, m.width/2)
	digitsW := m.width - infoW - 2
	unitW := 0
	if unit != "" {
		unitW = lipgloss.Width(unit) + 2
	}
	maxH := max(room/2, 3)
	text, scale := full, 0
	for _, t := range []string{full, compact} {
		if sc := bigdigits.Fit(t, digitsW-unitW, maxH, m.digitScale()); sc > 0 {
			text, scale = t, sc
			break
		}
	}
	var digits []string
	style := frame.StatusStyle(st, r.Status)
	if scale > 0 {
		for _, l := range bigdigits.Render(text, scale) {
			digits = append(digits, style.Render(l))
		}
		if unit != "" {
			last := len(digits) - 1
			digits[last] += "  " + st.Bold.Render(unit)
		}
	} else {
		// too small for block digits: the value in bold
		t := full
		if unit != "" {
			t += " " + unit
		}
		digits = []string{st.BigValue.Render(frame.Clip(t, digitsW))}
	}
	// the info stands four cells right of the digits, against their bottom
	drawnW := 0
	for _, d := range digits {
		drawnW = max(drawnW, lipgloss.Width(d))
	}
	drawnW = min(drawnW+4, digitsW+2)
	n := max(len(digits), len(info))
	out := make([]string, 0, n+1)
	for i := range n {
		d, in := "", ""
		if i < len(digits) {
			d = digits[i]
		}
		if j := i - (n - len(info)); j >= 0 && j < len(info) {
			in = info[j]
		}
		out = append(out, frame.Pad(frame.Pad(d, drawnW)+frame.Clip(in, m.width-drawnW), m.width))
	}
	if room-len(out) > 12 {
		out = append([]string{""}, out...)
	}
	return out
}

// walkChart is the KPI's chart over the last 13 weeks, from the cache when
// nothing it shows changed.
func (m *Model) walkChart(k model.KPI, height int) string {
	key := chartKey{kpi: k.ID, snap: m.snap, data: m.ctx.Data, width: m.width, height: height, theme: m.ctx.Styles.Theme.Name}
	if key == m.chartFor && m.chart != "" {
		return m.chart
	}
	st := m.ctx.Styles
	w := m.ctx.Data.Week
	var series model.Series
	if m.current() {
		series = m.snap.series[k.ID]
	}
	s := ""
	if series != nil {
		s = chart.Draw(st, k, series, w.Add(-(chartWeeks - 1)), w, w, m.width, height)
	}
	if s == "" {
		text := fmt.Sprintf("No values for %s in the last %d weeks.", k.Name, chartWeeks)
		if !m.current() {
			text = "Reading the last weeks of " + k.Name + "…"
		}
		s = frame.PadBlock(lipgloss.Place(m.width, height, lipgloss.Center, lipgloss.Center, st.Muted.Render(frame.Clip(text, m.width))), m.width, height)
	}
	m.chartFor, m.chart = key, s
	return s
}

// walkLegend names the chart's lines.
func (m Model) walkLegend(k model.KPI, r model.Reading) string {
	st := m.ctx.Styles
	w := m.ctx.Data.Week
	if k.Kind == model.Qualitative {
		return st.Muted.Render(frame.Clip(fmt.Sprintf("the owner's status each week, the last %d weeks · %s %s", chartWeeks, chart.ValueMark, w), m.width))
	}
	target := "no target"
	if r.Target.OK {
		target = "target " + model.TargetText(k, r.Target)
	}
	values := fmt.Sprintf("the last %d weeks", chartWeeks)
	if k.Unit != "" && len([]rune(k.Unit)) > 2 {
		values += " (" + k.Unit + ")"
	}
	parts := []string{
		st.Chart.Render("──") + " " + values,
		st.Target.Render(chart.TargetMark+chart.TargetMark) + " " + target,
		st.Accent.Render(chart.ValueMark) + " " + w.String(),
	}
	return frame.Pad(strings.Join(parts, "  "), m.width)
}
