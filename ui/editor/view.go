package editor

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"kpi/model"
	"kpi/ui/frame"
)

// Layout of the form, top to bottom: a title line (what is edited, who changed it
// last), the fields one per line — a reason that does not fit beside its field
// takes the line below it — scrolled so the focused field shows, and a line at
// the bottom: a message (saving, refusals, the unsaved-changes warning), else
// the focused field's hint and how far the form is scrolled.
//
// A field line is: a marker (2 cells: "▸ " on the focused field), the label
// (labelW), a space, the input in brackets, two spaces, and what is said beside
// it (the reason it is refused, or theirs after a conflict).
const (
	markerW  = 2
	labelW   = 13
	minInput = 12
	sideW    = 24 // kept beside the inputs for short reasons and theirs
	weekW    = 10 // a target point's week input
	valW     = 12 // a target point's value inputs
	maxInput = 44
)

// compose draws the body for the current state.
func (m Model) compose() Model {
	if m.width <= 0 || m.height <= 0 {
		m.body = ""
		return m
	}
	st := m.opt.Styles
	switch {
	case m.loadErr != "":
		m.body = frame.PadBlock(st.Title.Render(m.Title())+"\n\n"+st.Error.Render(frame.Clip(m.loadErr, m.width))+"\n"+st.Muted.Render("esc closes the form."), m.width, m.height)
		return m
	case !m.loaded:
		m.body = frame.PadBlock(st.Title.Render(m.Title())+"\n\n"+st.Muted.Render("Loading…"), m.width, m.height)
		return m
	case m.conflict != nil:
		m.body = m.conflictView()
		return m
	}
	m.syncPoints() // a direction just changed shows or hides the high bounds
	title := m.titleLine()
	var lines []string
	focusTop, focusBottom := 0, 0
	for i := range m.fields {
		if i == m.focus {
			focusTop = len(lines)
		}
		lines = append(lines, m.fieldLines(i)...)
		if i == m.focus {
			focusBottom = len(lines)
		}
	}
	// the message (or the focused field's hint) at the bottom, on two lines
	// when one cuts it, beside where the form is scrolled to
	text, style := m.message, st.Muted
	switch {
	case m.message != "" && m.msgErr:
		style = st.Error
	case m.message != "":
		style = st.Accent
	default:
		if f, ok := m.focused(); ok {
			text = m.hint(f)
		}
	}
	const moreW = 22 // "lines 10–30 of 120" and a space
	msgLines := frame.Wrap(text, max(m.width-moreW, 1), 2)
	if len(msgLines) == 0 {
		msgLines = []string{""}
	}
	room := max(m.height-1-len(msgLines), 1) // the title line and the message
	off := min(m.offset, max(len(lines)-room, 0))
	if focusTop < off {
		off = focusTop
	}
	if focusBottom > off+room {
		off = focusBottom - room
	}
	m.offset = off
	shown := lines[off:min(off+room, len(lines))]
	more := ""
	if len(lines) > room {
		more = fmt.Sprintf("lines %d–%d of %d", off+1, off+len(shown), len(lines))
	}
	out := append([]string{title}, shown...)
	for len(out) < m.height-len(msgLines) {
		out = append(out, "")
	}
	for i, l := range msgLines {
		right := ""
		if i == 0 {
			right = more
		}
		out = append(out, frame.Spread(style.Render(l), st.Muted.Render(right), m.width))
	}
	m.body = frame.PadBlock(strings.Join(out, "\n"), m.width, m.height)
	return m
}

// titleLine is what is edited and, on the right, who saved it last.
func (m Model) titleLine() string {
	st := m.opt.Styles
	right := ""
	stamp := m.baseKPI.Stamp
	if m.what == editObjective {
		stamp = m.baseObj.Stamp
	}
	if m.id != 0 && stamp.Version > 0 {
		who := model.Sanitize(stamp.UpdatedBy, false)
		if who == "" {
			who = "?"
		}
		right = fmt.Sprintf("version %d, last saved by %s %s", stamp.Version, who, m.ago(stamp.UpdatedAt))
	}
	return frame.Spread(st.Title.Render(m.Title()), st.Muted.Render(right), m.width)
}

// ago says when t was, from the editor's clock: "today", "yesterday", "3 days
// ago", or the date after two weeks.
func (m Model) ago(t time.Time) string {
	now := time.Now()
	if m.opt.Now != nil {
		now = m.opt.Now()
	}
	switch days := int(now.Sub(t).Hours() / 24); {
	case t.IsZero():
		return ""
	case days <= 0:
		return "today"
	case days == 1:
		return "yesterday"
	case days < 14:
		return fmt.Sprintf("%d days ago", days)
	}
	return "on " + t.Local().Format("2 Jan 2006")
}

// inputWidth is the width of a text input: what is left after the marker, the
// label and a side column, within bounds.
func (m Model) inputWidth() int {
	return min(max(m.width-markerW-labelW-1-2-2-sideW, minInput), maxInput)
}

// fieldLines draws field i: one line, and a second when what is said beside it
// does not fit.
func (m *Model) fieldLines(i int) []string {
	st := m.opt.Styles
	f := &m.fields[i]
	focused := i == m.focus
	marker := "  "
	if focused {
		marker = st.Accent.Render("▸ ")
	}
	label := frame.Pad(frame.Clip(f.label, labelW-1), labelW)
	if f.kind == kTarget {
		label = frame.Pad(m.pointLabel(i), labelW)
	}
	if focused {
		label = st.Bold.Render(label)
	} else {
		label = st.Muted.Render(label)
	}
	content := m.content(f)
	lead := marker + label + " " + content
	side := ""
	switch {
	case f.problem != "":
		side = st.Error.Render("✗ " + f.problem)
	case f.theirs != "":
		side = st.Warn.Render("theirs: " + f.theirs)
	}
	if side == "" {
		return []string{frame.Pad(lead, m.width)}
	}
	if frame.Width(side) <= m.width-frame.Width(lead)-2 {
		return []string{frame.Pad(lead+"  "+side, m.width)}
	}
	indent := markerW + labelW + 1
	return []string{frame.Pad(lead, m.width), frame.Pad(strings.Repeat(" ", indent)+side, m.width)}
}

// pointLabel names a target point: "Target" for a fixed target, "Target 1…n"
// for the points of a glide path.
func (m Model) pointLabel(i int) string {
	n, at := 0, 0
	for j, f := range m.fields {
		if f.kind == kTarget {
			n++
			if j == i {
				at = n
			}
		}
	}
	if n == 1 {
		return "Target"
	}
	return fmt.Sprintf("Target %d", at)
}

// content draws a field's control: a huh input or select in brackets, the
// form's own fields as they draw themselves.
func (m *Model) content(f *field) string {
	if f.kind != kText && f.kind != kChoice {
		return f.ctl.View()
	}
	st := m.opt.Styles
	return st.Muted.Render("[") + frame.Pad(f.ctl.View(), m.inputWidth()) + st.Muted.Render("]")
}

// sizeInputs gives every huh input its width for the current size (a target
// point's inputs have fixed widths). A text input scrolls its text in Update,
// by the width it had then, so the widths are set here, before anything moves
// a cursor, and each cursor is put back in place.
func (m *Model) sizeInputs() {
	w := m.inputWidth() - 1
	for i := range m.fields {
		if c, ok := m.fields[i].ctl.(widthSetter); ok {
			c.WithWidth(w + 1) // the text w cells and the cursor one past
		}
	}
	m.refocus()
}

// hint is what the focused field says beside it: what it is for and how to fill
// it in.
func (m Model) hint(f field) string {
	switch f.id {
	case fName:
		return "shown on cards, the scorecard and reports"
	case fKey:
		if m.id == 0 && !m.keyTouched {
			return "suggested from the name; kpi set KEY 12k"
		}
		return "a short slug for the command line: kpi set KEY 12k"
	case fDescription:
		if m.what == editObjective {
			return "why it matters and what done looks like"
		}
		return "what it measures and where the number comes from"
	case fOwner:
		if m.what == editObjective {
			return "who answers for it"
		}
		if owners := m.owners(); owners != "" {
			return "who enters it each week; owners now: " + owners
		}
		return "who enters it each week"
	case fObjective:
		return "←/→: the goal it serves"
	case fTags:
		return "words that group KPIs, by spaces or commas: store region:north; filter tag:store"
	case fUnit:
		return "$ € £ go before the number, % and words after"
	case fDecimals:
		return "←/→: digits after the point"
	case fDirection:
		return "←/→: which way is good"
	case fTarget:
		if m.isRange() {
			return "the band's low and high bound from this week; ctrl+n adds a point"
		}
		return "one point is a fixed target; more make a glide path (ctrl+n adds, ctrl+x removes)"
	case fAddTarget:
		return "an interim target: the target moves in a straight line between points"
	case fTolerance:
		return "the at-risk band beside the target"
	case fTolMode:
		return "←/→: a percentage of the target, or an amount"
	case fTier:
		return fmt.Sprintf("a team holds 3–5 key KPIs (now %d)", m.keyKPIs())
	case fOMTM:
		for _, o := range m.kpis {
			if o.OMTM && o.ID != m.baseKPI.ID && !o.Archived {
				return "space: at most one; saving takes it from " + model.Sanitize(o.Key, false)
			}
		}
		return "space: the One Metric That Matters (at most one)"
	case fIndicator:
		return "←/→: leading predicts, lagging records"
	case fKind:
		return "←/→: qualitative KPIs get a status and a note each week"
	case fCadence:
		return "←/→: monthly KPIs are due once a month"
	case fAggregate:
		return "←/→: how weeks roll up into totals"
	case fFormula:
		return "other KPIs' keys, + - * / ( ) min max abs; empty: values are entered"
	case fArchived:
		return "space: hidden from views, its history kept"
	case fTitle:
		return "the goal, e.g. Grow revenue"
	case fStart, fEnd:
		return "an ISO week like 2026-W01, or a date in it"
	case fState:
		return "←/→: active, done or dropped"
	case fSave:
		return "enter saves; ctrl+s saves from any field"
	}
	return ""
}

// owners are the owners of the file's active KPIs, for the owner field's hint.
func (m Model) owners() string {
	seen := map[string]bool{}
	var out []string
	for _, k := range m.kpis {
		o := model.Sanitize(k.Owner, false)
		if o != "" && !k.Archived && !seen[o] {
			seen[o] = true
			out = append(out, o)
		}
	}
	sort.Strings(out)
	return strings.Join(out, ", ")
}

// keyKPIs counts the active key KPIs other than the one edited.
func (m Model) keyKPIs() int {
	n := 0
	for _, k := range m.kpis {
		if k.Tier == model.TierKey && !k.Archived && k.ID != m.baseKPI.ID {
			n++
		}
	}
	return n
}

// conflictView is the conflict screen: who saved what meanwhile and the fields
// that differ, theirs and yours side by side; the footer names the three ways on
// (t, o, b).
func (m Model) conflictView() string {
	st := m.opt.Styles
	c := m.conflict
	what := "this KPI"
	if m.what == editObjective {
		what = "this objective"
	}
	var lines []string
	if c.gone {
		lines = append(lines, st.Error.Render(frame.Clip(fmt.Sprintf("Not saved: %s is not in the file any more.", what), m.width)), "",
			st.Muted.Render("t or esc closes the form."))
		return frame.PadBlock(strings.Join(lines, "\n"), m.width, m.height)
	}
	when := c.at.Local().Format("2 Jan 15:04")
	lines = append(lines,
		st.Error.Render(frame.Clip(fmt.Sprintf("Not saved: %s saved %s at %s, after you opened it.", c.who, what, when), m.width)),
		st.Muted.Render(frame.Clip("Nothing is overwritten unless you say so.", m.width)), "")
	theirsW := max((m.width-labelW-2)/2, 8)
	yoursW := max(m.width-labelW-2-theirsW, 8)
	row := func(a, b, c string) string {
		return frame.Pad(a, labelW) + " " + frame.Pad(b, theirsW) + " " + frame.Pad(c, yoursW)
	}
	lines = append(lines, st.Bold.Render(row("Field", frame.Clip("Theirs ("+c.who+")", theirsW-1), "Yours")))
	room := max(m.height-len(lines)-2, 1)
	if len(c.rows) == 0 {
		lines = append(lines, st.Muted.Render(frame.Clip("Every field is the same in both; overwriting changes nothing you can see.", m.width)))
	}
	for i, r := range c.rows {
		if i == room-1 && len(c.rows) > room {
			lines = append(lines, st.Muted.Render(fmt.Sprintf("… and %d more fields", len(c.rows)-i)))
			break
		}
		lines = append(lines, st.Muted.Render(frame.Pad(frame.Clip(r.label, labelW-1), labelW))+" "+
			st.Warn.Render(frame.Pad(frame.Clip(r.theirs, theirsW-1), theirsW))+" "+
			st.Bold.Render(frame.Clip(r.yours, yoursW-1)))
	}
	for len(lines) < m.height-1 {
		lines = append(lines, "")
	}
	// the three ways on are the footer's keys; a refusal of one of them shows here
	last := ""
	if m.message != "" {
		last = st.Error.Render(frame.Clip(m.message, m.width))
	}
	lines = append(lines[:min(len(lines), m.height-1)], last)
	return frame.PadBlock(strings.Join(lines, "\n"), m.width, m.height)
}

// View is the body drawn by the last Update.
func (m Model) View() string { return m.body }
