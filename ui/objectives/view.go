package objectives

import (
	"fmt"
	"strings"

	"kpi/model"
	"kpi/ui/frame"
)

// Layout of the body, top to bottom: a summary line (how the objectives stand
// this week, and whether archived ones are shown); the hygiene hint when a rule
// fails; then the list, scrolled so the selection shows.
//
// An objective's line: the selection marker (2 cells), the fold mark "[-]" or
// "[+]" and a space (4), the title (what is left), the owner (ownerW), the
// period (periodW, from 100 columns), the state (stateW) and the roll-up
// (rollupW). A KPI's line: the marker, an indent of 4, the status glyph and a
// space (2), the name (what is left), the owner, the week's value (valueW), the
// target (targetW) and, from 100 columns, the status in words (statusW).
const (
	markerW = 2
	foldW   = 4
	ownerW  = 9
	periodW = 19
	stateW  = 9
	rollupW = 20
	valueW  = 13
	targetW = 17
	statusW = 11
	wideW   = 100 // from this width the period and the status words show
	// maxNameArea bounds the title and name column on wide screens, so the
	// columns stay beside the names they belong to.
	maxNameArea = 56
)

// nameArea is the width before the columns on every line: an objective's fold
// mark and title, a KPI's indent, glyph and name. The owner columns line up.
func (m Model) nameArea() int {
	// the wider of an objective's columns right of its title and a KPI's right
	// of its name (both areas start after the marker)
	right := 1 + ownerW + stateW + rollupW
	kpiRight := 1 + ownerW + valueW + targetW
	if m.width >= wideW {
		right += periodW
		kpiRight += statusW
	}
	right = max(right, kpiRight)
	return max(min(m.width-markerW-right, maxNameArea), 10)
}

// listTop is the first line of the list in the body.
func (m Model) listTop() int {
	if frame.HygieneHint(m.ctx.Data) != "" {
		return 2
	}
	return 1
}

// listHeight is how many rows the body shows.
func (m Model) listHeight() int { return max(m.height-m.listTop(), 1) }

// ensureVisible scrolls so the selected row shows, with the heading above a
// first orphan.
func (m *Model) ensureVisible() {
	h := m.listHeight()
	if m.sel < m.offset {
		m.offset = m.sel
	}
	if m.sel >= m.offset+h {
		m.offset = m.sel - h + 1
	}
	m.offset = max(min(m.offset, len(m.rows)-h), 0)
}

// compose draws the body for the current state.
func (m Model) compose() Model {
	if m.width <= 0 || m.height <= 0 {
		m.body = ""
		return m
	}
	st := m.ctx.Styles
	d := m.ctx.Data
	m.hits = frame.Hits{}
	if d == nil {
		m.body = frame.PadBlock(st.Muted.Render("Loading…"), m.width, m.height)
		return m
	}
	lines := []string{m.summary()}
	if hint := frame.HygieneHint(d); hint != "" {
		lines = append(lines, st.Warn.Render(frame.Clip(hint, m.width)))
	}
	switch {
	case m.picker != nil:
		lines = append(lines, m.pickerLines(m.height-len(lines))...)
	case m.loadErr != "":
		lines = append(lines, "", st.Error.Render(frame.Clip("Could not read the KPIs: "+m.loadErr, m.width)))
	case len(m.rows) == 0 && m.ctx.Filter != "":
		lines = append(lines, "", st.Muted.Render(frame.Clip(fmt.Sprintf("Nothing matches %q. Press / to change the filter, esc to clear it.", m.ctx.Filter), m.width)))
	case len(m.rows) == 0:
		lines = append(lines, "", st.Muted.Render(frame.Clip("No objectives or KPIs yet: o defines an objective, n a KPI.", m.width)))
	default:
		for i := m.offset; i < len(m.rows) && len(lines) < m.height; i++ {
			if m.rows[i].kind != rowHeading {
				m.hits.Add(0, len(lines), m.width, 1, i)
			}
			lines = append(lines, m.rowLine(i))
		}
	}
	m.body = frame.PadBlock(strings.Join(lines, "\n"), m.width, m.height)
	return m
}

// summary counts the shown objectives by their roll-up's status this week.
func (m Model) summary() string {
	st := m.ctx.Styles
	var on, risk, off, other, n int
	for _, r := range m.rows {
		if r.kind != rowObjective || r.obj.Archived || r.obj.State != model.ObjectiveActive {
			continue
		}
		n++
		switch r.rollup.Status() {
		case model.OnTrack:
			on++
		case model.AtRisk:
			risk++
		case model.OffTrack:
			off++
		default:
			other++
		}
	}
	left := st.Title.Render(fmt.Sprintf("%d active objectives", n)) + "  " +
		st.Good.Render(fmt.Sprintf("✓ %d", on)) + " " + st.Warn.Render(fmt.Sprintf("! %d", risk)) + " " +
		st.Bad.Render(fmt.Sprintf("✗ %d", off)) + " " + st.Muted.Render(fmt.Sprintf("· %d", other)) +
		st.Muted.Render("  in "+m.ctx.Data.Week.String())
	right := "A: show archived"
	if m.archived {
		right = "archived shown (A hides)"
	}
	if m.ctx.Filter != "" {
		right = fmt.Sprintf("filter %q", m.ctx.Filter)
	}
	return frame.Spread(left, st.Muted.Render(right), m.width)
}

// rowLine draws row i.
func (m Model) rowLine(i int) string {
	st := m.ctx.Styles
	r := m.rows[i]
	selected := i == m.sel
	marker := "  "
	if selected {
		marker = st.Accent.Render("▸ ")
	}
	var line string
	switch r.kind {
	case rowHeading:
		return st.Title.Render(frame.Clip(fmt.Sprintf("Serve no objective (%d) — a KPI nobody can tie to a goal is just a number", r.kpis), m.width))
	case rowObjective:
		line = m.objectiveLine(r, selected)
	default:
		line = m.kpiLine(r, selected)
	}
	line = marker + line
	if selected {
		line = st.Selected.Render(frame.Pad(line, m.width))
	}
	return frame.Pad(line, m.width)
}

// periodText is an objective's period: "2026 W01–W52", "2026-W40–2027-W13",
// "from 2026-W01", "until 2026-W52", or "no period".
func periodText(o model.Objective) string {
	switch {
	case o.Start.IsZero() && o.End.IsZero():
		return "no period"
	case o.End.IsZero():
		return "from " + o.Start.String()
	case o.Start.IsZero():
		return "until " + o.End.String()
	case o.Start.Year == o.End.Year:
		return fmt.Sprintf("%d W%02d–W%02d", o.Start.Year, o.Start.Num, o.End.Num)
	}
	return o.Start.String() + "–" + o.End.String()
}

func (m Model) objectiveLine(r row, selected bool) string {
	st := m.ctx.Styles
	o := r.obj
	fold := "[+] "
	if m.expanded[o.ID] || m.ctx.Filter != "" {
		fold = "[-] "
	}
	state := string(o.State)
	if o.Archived {
		state = "archived"
	}
	rollStyle := frame.StatusStyle(st, r.rollup.Status())
	roll := r.rollup.Status().Glyph() + " " + r.rollup.Text()
	if r.rollup.Total == 0 {
		rollStyle, roll = st.Muted, "  no KPIs"
	}
	right := " " + frame.Pad(frame.Clip(model.Sanitize(o.Owner, false), ownerW-1), ownerW)
	if m.width >= wideW {
		right += frame.Pad(periodText(o), periodW)
	}
	right += frame.Pad(state, stateW) + rollStyle.Render(frame.Pad(roll, rollupW))
	titleW := m.nameArea() - foldW
	title := frame.Pad(frame.Clip(model.Sanitize(o.Title, false), titleW-1), titleW)
	if o.Archived || o.State != model.ObjectiveActive {
		title = st.Muted.Render(title)
	} else {
		title = st.Bold.Render(title)
	}
	return st.Muted.Render(fold) + title + right
}

func (m Model) kpiLine(r row, selected bool) string {
	st := m.ctx.Styles
	k := r.kpi
	name := model.Sanitize(k.Name, false)
	if k.OMTM {
		name = "★ " + name
	}
	if k.Derived() {
		name = "ƒ " + name
	}
	glyph, value, target, status := " ", "", "", ""
	statusStyle := st.Muted
	switch {
	case k.Archived:
		status = "archived"
	case r.reading != nil:
		rd := *r.reading
		statusStyle = frame.StatusStyle(st, rd.Status)
		glyph, status = rd.Status.Glyph(), rd.Status.Label()
		if rd.Status == model.NotAvail {
			glyph = " " // the status column says n/a: a dash before it read as a minus
		}
		value, target = rd.ValueText(), model.TargetText(k, rd.Target)
		if k.Kind == model.Qualitative {
			target = "owner's status"
		}
	}
	if k.Archived && m.width < wideW {
		target = status // no status column: the target's column says it
	}
	right := " " + frame.Pad(frame.Clip(model.Sanitize(k.Owner, false), ownerW-1), ownerW) +
		frame.Pad(frame.Clip(model.Sanitize(value, false), valueW-1), valueW) +
		st.Muted.Render(frame.Pad(frame.Clip(model.Sanitize(target, false), targetW-1), targetW))
	if m.width >= wideW {
		right += statusStyle.Render(frame.Pad(status, statusW))
	}
	nameW := m.nameArea() - 4 - 2
	text := frame.Pad(frame.Clip(name, nameW-1), nameW)
	if k.Archived {
		text = st.Muted.Render(text)
	}
	return "    " + statusStyle.Render(glyph) + " " + text + right
}

// pickerLines draws the list of KPIs to link, in height lines.
func (m Model) pickerLines(height int) []string {
	st := m.ctx.Styles
	p := m.picker
	lines := []string{
		st.Title.Render(frame.Clip(fmt.Sprintf("Link a KPI to %q", model.Sanitize(p.obj.Title, false)), m.width)),
		st.Muted.Render(frame.Clip("↑/↓ choose · enter links it (it leaves the objective it serves now) · esc cancels", m.width)),
	}
	room := max(height-len(lines), 1)
	off := max(p.sel-room+1, 0)
	titles := map[int64]string{}
	for _, o := range m.ctx.Data.Objectives {
		titles[o.ID] = model.Sanitize(o.Title, false)
	}
	for i := off; i < len(p.choices) && len(lines) < height; i++ {
		k := p.choices[i]
		now := "serves no objective"
		if t, ok := titles[k.ObjectiveID]; ok {
			now = "serves " + t
		}
		text := fmt.Sprintf("%s (%s) — %s", model.Sanitize(k.Name, false), model.Sanitize(k.Key, false), now)
		if i == p.sel {
			lines = append(lines, st.Selected.Render(frame.Pad(st.Accent.Render("▸ ")+frame.Clip(text, m.width-2), m.width)))
		} else {
			lines = append(lines, frame.Pad("  "+st.Muted.Render(frame.Clip(text, m.width-2)), m.width))
		}
	}
	return lines
}
