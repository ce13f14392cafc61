package review

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"kpi/model"
	"kpi/themes"
	"kpi/ui/frame"
)

// Layout of the body, top to bottom:
//
//	head     2–3 lines: the week and the review's state with the meeting's clock;
//	         facilitator and attendees; the notes' first line and the report
//	list     the checklist (each item's timebox, the running item's timer, who
//	         ticked it) and below it the action items the meeting discusses; it
//	         scrolls to keep the cursor in sight
//	panel    what the selected item is about (key KPIs reviewed, off-track KPIs,
//	         objectives, last week's action items …): beside the list from
//	         panelWidth columns up, else under the selected item, at most
//	         inlineLines long
//	bottom   the open input (title, fields, the reason it was refused), or a
//	         one-line message, or the selected row's text in full when its
//	         line cut it
//
// Beside the panel the list is never narrower than minListW, the width it has
// at 80 columns, so a wider screen never cuts an action item more.
const (
	panelWidth  = minListW + panelGap + 40 // from this width the panel stands beside the list
	minListW    = 80
	listShare   = 56 // percent of the width the list gets beside the panel
	panelGap    = 3  // " │ " between the list and the panel
	inlineLines = 6  // the most lines the panel takes under the selected item
	roomyHeight = 30 // from this body height a blank line parts the head from the list
)

// rows are the list's selectable rows, top to bottom: the checklist items of a
// started review in agenda order, then the action items as listed.
func (m Model) rows() []rowKey {
	if !m.current() {
		return nil
	}
	var out []rowKey
	if m.snap.held {
		for _, it := range model.SortedChecklist(m.snap.review.Checklist) {
			out = append(out, rowKey{rowItem, it.ID})
		}
	}
	for _, a := range m.listedActions() {
		out = append(out, rowKey{rowAction, a.ID})
	}
	return out
}

// listedActions are the action items the review discusses, in the order listed:
// those carried over from earlier weeks (oldest first), the new ones, then the
// ones done this week.
func (m Model) listedActions() []model.ActionItem {
	s := m.snap
	g := model.GroupActions(s.actions, s.week, s.review, s.held)
	out := model.OpenAsOf(g.Carried, s.week)
	out = append(out, g.New...)
	return append(out, g.Done...)
}

// settleCursor keeps the cursor on a row that exists: the same one after a
// reload, else the one at its old place.
func (m *Model) settleCursor() {
	rows := m.rows()
	if len(rows) == 0 {
		m.cursor = rowKey{}
		return
	}
	for i, r := range rows {
		if r == m.cursor {
			m.cursorAt = i
			return
		}
	}
	m.cursorAt = min(max(m.cursorAt, 0), len(rows)-1)
	m.cursor = rows[m.cursorAt]
}

// compose draws the body for the current state.
func (m Model) compose() Model {
	if m.width <= 0 || m.height <= 0 {
		m.body = ""
		return m
	}
	st := m.ctx.Styles
	switch {
	case m.ctx.Data == nil:
		m.body = frame.PadBlock(st.Muted.Render("Loading…"), m.width, m.height)
		return m
	case m.walking:
		return m.composeWalk()
	case !m.current():
		text := "Reading the review of " + m.week().String() + "…"
		if m.loadErr != "" {
			text = "Could not read the review of " + m.week().String() + ": " + m.loadErr
		}
		m.body = frame.PadBlock(st.Muted.Render(frame.Clip(text, m.width)), m.width, m.height)
		return m
	}
	m.settleCursor()
	now := m.opt.Now()
	agenda := model.AgendaAt(m.snap.review, now)
	head := m.headLines(agenda)
	bottom := m.bottomLines(&agenda)
	if len(head)+len(bottom) >= m.height {
		head = head[:min(len(head), max(m.height-len(bottom)-1, 1))]
	}
	if m.height >= roomyHeight {
		head = append(head, "") // air between the head and the list on a large screen
	}
	listH := max(m.height-len(head)-len(bottom), 0)
	m.hits = frame.Hits{}
	var body []string
	if m.width >= panelWidth {
		listW := m.listWidth()
		panelW := m.width - listW - panelGap
		list := m.window(m.listLines(agenda, listW, false), listH, len(head), listW) // the panel is not clickable
		panel := m.panelLines(m.panelTopic(agenda), panelW, listH)
		sep := st.Muted.Render(" │ ")
		for i := range listH {
			l, p := "", ""
			if i < len(list) {
				l = list[i]
			}
			if i < len(panel) {
				p = panel[i]
			}
			body = append(body, frame.Pad(l, listW)+sep+frame.Pad(p, panelW))
		}
	} else {
		body = m.window(m.listLines(agenda, m.width, true), listH, len(head), m.width)
	}
	lines := append(append(head, body...), bottom...)
	m.body = frame.PadBlock(strings.Join(lines, "\n"), m.width, m.height)
	return m
}

// listLine is one line of the list; row is the index of the selectable row it
// shows, or -1.
type listLine struct {
	text string
	row  int
}

// window is the part of the list that fits in height lines, scrolled so that the
// cursor's line (and the panel under it) is in sight; each line showing a row
// is clickable, drawn from body line top in width cells.
func (m *Model) window(ls []listLine, height, top, width int) []string {
	if height <= 0 {
		return nil
	}
	first, last := -1, -1
	cur := m.cursorIndex(m.rows())
	for i, l := range ls {
		if l.row == cur {
			if first < 0 {
				first = i
			}
			last = i
		}
		// the inline panel under the selected row belongs to it
		if l.row == -2 && first >= 0 && last == i-1 {
			last = i
		}
	}
	if first >= 0 {
		if first < m.offset {
			m.offset = first
		}
		if last >= m.offset+height {
			m.offset = max(last-height+1, first-height+1)
		}
	}
	m.offset = min(max(m.offset, 0), max(len(ls)-height, 0))
	out := make([]string, 0, height)
	for i := m.offset; i < len(ls) && len(out) < height; i++ {
		if ls[i].row >= 0 {
			m.hits.Add(0, top+len(out), width, 1, ls[i].row)
		}
		out = append(out, ls[i].text)
	}
	return out
}

// headLines are the lines above the list.
func (m Model) headLines(a model.Agenda) []string {
	st := m.ctx.Styles
	s := m.snap
	r := s.review
	title := st.Title.Render("Review of " + s.week.String())
	var state, clock string
	switch {
	case !s.held:
		state = st.Muted.Render("· not started")
	case r.State == model.ReviewConcluded:
		state = st.Good.Render("✓ concluded")
		if r.Rating > 0 {
			state += st.Bold.Render(fmt.Sprintf("  rated %d/10", r.Rating))
		}
		clock = st.Muted.Render(heldText(r, a))
	default:
		state = st.Accent.Render("● in progress")
		lvl := model.LevelOf(a.Elapsed, a.Planned)
		clock = levelStyle(st, lvl).Render(levelGlyph(lvl) + "meeting " + clockText(a.Elapsed) + " of " + minutes(a.Planned))
	}
	lines := []string{frame.Spread(title+"  "+state, clock, m.width)}
	if !s.held {
		mins := 0
		for _, it := range s.settings.Checklist {
			mins += it.TimeboxMinutes
		}
		n := 1
		if m.height >= 20 {
			n = 2 // the whole hint on a screen with room for it
		}
		for _, l := range wrap(fmt.Sprintf("s starts it: the team's checklist (%d items, %d min) is copied in and the timer starts · w walks through the KPIs",
			len(s.settings.Checklist), mins), m.width, n) {
			lines = append(lines, st.Muted.Render(l))
		}
		return lines
	}
	people := st.Muted.Render("Facilitator ") + st.Text.Render(orNone(r.Facilitator)) + st.Muted.Render(" · Attendees ")
	if len(r.Attendees) == 0 {
		people += st.Muted.Render("none yet (a)")
	} else {
		people += st.Text.Render(strings.Join(r.Attendees, ", "))
	}
	lines = append(lines, frame.Pad(frame.Clip(people, m.width), m.width))
	if t := m.changedText(); t != "" {
		lines = append(lines, st.Warn.Render(frame.Clip(t, m.width)))
	}
	if m.height >= 14 {
		notes := st.Muted.Render("Notes ") + st.Text.Render(firstLine(r.Notes))
		if strings.TrimSpace(r.Notes) == "" {
			notes = st.Muted.Render("Notes none yet (m)")
		}
		right, below := "", ""
		if s.report != "" {
			right = st.Muted.Render("report " + s.report)
			switch {
			case frame.Width(right) <= m.width/2:
			case m.height >= 20: // a long path on a line of its own
				right, below = "", "report "+s.report
				if frame.Width(below) > m.width {
					below = "report …" + lastRunes(s.report, m.width-9)
				}
			default:
				right = st.Muted.Render("report …" + lastRunes(s.report, m.width/2-9))
			}
		}
		lines = append(lines, frame.Spread(notes, right, m.width))
		if below != "" {
			lines = append(lines, st.Muted.Render(below))
		}
	}
	return lines
}

// changedText says which figures of a concluded review changed since it
// concluded ("" for none): the view shows them as they are now, and a
// review that reads as settled must not change silently.
func (m Model) changedText() string {
	s := m.snap
	if len(s.changed) == 0 {
		return ""
	}
	var names []string
	for _, k := range s.kpis {
		if v, ok := s.changed[k.ID]; ok {
			names = append(names, k.Name+" ("+line(v.UpdatedBy)+")")
		}
	}
	return "† changed since it concluded: " + strings.Join(names, ", ") + "; the report marks them"
}

// heldText says when a concluded review was held: "held 23 Nov 10:02–11:10, 68 min".
func heldText(r model.Review, a model.Agenda) string {
	if r.StartedAt.IsZero() {
		return ""
	}
	s := r.StartedAt.Local()
	t := "held " + s.Format("2 Jan 15:04")
	if !r.ConcludedAt.IsZero() {
		t += "–" + r.ConcludedAt.Local().Format("15:04") + ", " + minutes(a.Elapsed)
	}
	return t
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return strings.TrimSpace(s[:i]) + " …"
	}
	return s
}

func lastRunes(s string, n int) string {
	r := []rune(s)
	if n <= 0 {
		return ""
	}
	if len(r) > n {
		r = r[len(r)-n:]
	}
	return string(r)
}

// clockText is a duration as a timer shows it: 3:07, or 1:02:07 past an hour.
func clockText(d time.Duration) string {
	d = d.Round(time.Second)
	h, mn, sec := int(d.Hours()), int(d.Minutes())%60, int(d.Seconds())%60
	if h > 0 {
		return fmt.Sprintf("%d:%02d:%02d", h, mn, sec)
	}
	return fmt.Sprintf("%d:%02d", mn, sec)
}

// minutes is a duration in whole minutes: "60 min".
func minutes(d time.Duration) string {
	return fmt.Sprintf("%d min", int(d.Round(time.Minute).Minutes()))
}

// levelStyle is the colour of a timer: accent within its timebox, warn over it,
// bad well over it; levelGlyph says the same without colour.
func levelStyle(st *themes.Styles, l model.TimerLevel) lipgloss.Style {
	switch l {
	case model.TimerOver:
		return st.Warn
	case model.TimerWayOver:
		return st.Bad
	}
	return st.Accent
}

func levelGlyph(l model.TimerLevel) string {
	switch l {
	case model.TimerOver:
		return "! "
	case model.TimerWayOver:
		return "✗ "
	}
	return ""
}

// listLines are the checklist and the action items; inline puts the selected
// item's panel under it (narrow screens).
func (m Model) listLines(a model.Agenda, width int, inline bool) []listLine {
	st := m.ctx.Styles
	s := m.snap
	var out []listLine
	add := func(text string, row int) { out = append(out, listLine{text: frame.Pad(text, width), row: row}) }
	row := 0
	cur := m.cursorIndex(m.rows())
	if !s.held {
		add(st.Bold.Render("Checklist")+st.Muted.Render(" · from the team's template (T edits it)"), -1)
		for _, it := range s.settings.Checklist {
			add(frame.Spread(st.Muted.Render("  · "+it.Text), st.Muted.Render(timebox(it.TimeboxMinutes)), width), -1)
		}
	} else {
		done := doneCount(s.review.Checklist)
		add(st.Bold.Render("Checklist")+st.Muted.Render(fmt.Sprintf(" · %d of %d ticked", done, len(a.Items))), -1)
		for i, t := range a.Items {
			add(m.itemLine(t, i == a.Current, row == cur, width), row)
			if inline && row == cur {
				for _, p := range m.panelLines(model.TopicOf(t.Item.Text), width-4, inlineLines) {
					out = append(out, listLine{text: frame.Pad("    "+p, width), row: -2})
				}
			}
			row++
		}
	}
	acts := m.listedActions()
	out = append(out, listLine{text: "", row: -1})
	open, overdue, done := 0, 0, 0
	for _, x := range acts {
		switch {
		case x.Done:
			done++
		case x.Overdue(s.week):
			overdue++
			open++
		default:
			open++
		}
	}
	head := st.Bold.Render("Action items") + st.Muted.Render(fmt.Sprintf(" · %d open", open))
	if overdue > 0 {
		head += st.Bad.Render(fmt.Sprintf(" (%d overdue)", overdue))
	}
	if done > 0 {
		head += st.Muted.Render(fmt.Sprintf(" · %d done this week", done))
	}
	add(head, -1)
	if len(acts) == 0 {
		add(st.Muted.Render("  None open. n adds one: what, who, by when."), -1)
	}
	for _, x := range acts {
		add(m.actionLine(x, row == cur, width), row)
		row++
	}
	return out
}

func timebox(min int) string {
	if min <= 0 {
		return ""
	}
	return fmt.Sprintf("%d min", min)
}

// itemLine is one checklist item: a glyph (✓ done, ▶ running, · to come), its
// text (✎ when it has a note), and on the right its timebox and time: how long
// it took and who ticked it, or the running timer against the timebox. The
// scorecard item also counts the key KPIs marked reviewed.
func (m Model) itemLine(t model.ItemTime, running, selected bool, width int) string {
	st := m.ctx.Styles
	it := t.Item
	glyph, gstyle := "·", st.Muted
	var meta []string
	metaStyle := st.Muted
	lvl := model.LevelOf(t.Took, t.Timebox)
	switch {
	case it.Done:
		glyph, gstyle = "✓", st.Good
	case running:
		glyph, gstyle = "▶", levelStyle(st, lvl)
	}
	if model.TopicOf(it.Text) == model.TopicScorecard {
		n, total := model.KeyReviewed(m.snap.review, m.snap.kpis)
		if total > 0 {
			meta = append(meta, fmt.Sprintf("%d of %d reviewed", n, total))
		}
	}
	if b := timebox(it.TimeboxMinutes); b != "" {
		meta = append(meta, b)
	}
	timer := ""
	switch {
	case it.Done:
		meta = append(meta, "took "+clockText(t.Took))
		if it.DoneBy != "" {
			meta = append(meta, it.DoneBy)
		}
	case running:
		timer = levelGlyph(lvl) + clockText(t.Took)
		if t.Timebox > 0 {
			timer += " of " + clockText(t.Timebox)
			if over := t.Took - t.Timebox; over > 0 {
				timer += " +" + clockText(over)
			}
		}
	}
	text := it.Text
	if it.Note != "" {
		text += " ✎"
	}
	metaText := strings.Join(meta, " · ")
	if selected {
		right := metaText
		if timer != "" {
			right = strings.TrimPrefix(right+" · "+timer, " · ")
		}
		return st.Selected.Render(frame.Spread("▸ "+glyph+" "+text, right+" ", width))
	}
	left := "  " + gstyle.Render(glyph) + " " + st.Text.Render(text)
	if it.Done {
		left = "  " + gstyle.Render(glyph) + " " + st.Muted.Render(text)
	}
	right := metaStyle.Render(metaText)
	if timer != "" {
		if metaText != "" {
			right += metaStyle.Render(" · ")
		}
		right += levelStyle(st, lvl).Render(timer)
	}
	return frame.Spread(left, right+" ", width)
}

// actionLine is one action item: [ ] or [x], its text, and on the right its
// owner, due week, how long it has been open (or new, or done), overdue, and the
// KPI it is about.
func (m Model) actionLine(a model.ActionItem, selected bool, width int) string {
	st := m.ctx.Styles
	w := m.snap.week
	box := "[ ]"
	if a.Done {
		box = "[x]"
	}
	due := fmt.Sprintf("W%02d", a.Due.Num)
	if a.Due.Year != w.Year || width >= 90 {
		due = a.Due.String()
	}
	age := ""
	switch {
	case a.Done:
		age = "done"
	case a.CreatedWeek == w:
		age = "new"
	default:
		n := a.OpenWeeks(w)
		age = fmt.Sprintf("open %d week%s", n, map[bool]string{true: "", false: "s"}[n == 1])
	}
	kpi := m.snap.kpiLabel(a.KPIID)
	overdue := a.Overdue(w)
	// the text keeps its room: the KPI's key goes first, then the age and the
	// due week get shorter, so a wider screen never cuts the text more
	minText := frame.Width(a.Text)
	parts := func() []string {
		out := []string{orNone(a.Owner), "due " + due, age}
		if kpi != "" {
			out = append(out, kpi)
		}
		if overdue {
			out = append([]string{"! overdue"}, out...)
		}
		return out
	}
	meta := parts()
	room := func() int { return width - 6 - frame.Width(strings.Join(meta, " · ")) - 2 }
	if room() < minText && kpi != "" {
		kpi = ""
		meta = parts()
	}
	if room() < minText && strings.HasPrefix(age, "open ") {
		age = strings.TrimPrefix(strings.Replace(age, " weeks", " wk", 1), "open ")
		age = strings.Replace(age, " week", " wk", 1)
		meta = parts()
	}
	if room() < minText {
		due = fmt.Sprintf("W%02d", a.Due.Num)
		meta = parts()
	}
	if selected {
		return st.Selected.Render(frame.Spread("▸ "+box+" "+a.Text, strings.Join(meta, " · ")+" ", width))
	}
	left := "  " + st.Muted.Render(box) + " " + st.Text.Render(a.Text)
	if a.Done {
		left = "  " + st.Good.Render(box) + " " + st.Muted.Render(a.Text)
	}
	rest := meta
	right := ""
	if overdue {
		right, rest = st.Bad.Render("! overdue")+st.Muted.Render(" · "), meta[1:]
	}
	right += st.Muted.Render(strings.Join(rest, " · "))
	return frame.Spread(left, right+" ", width)
}

// panelTopic is what the panel shows: the selected checklist item's topic, or
// the running item's when the cursor is on an action item.
func (m Model) panelTopic(a model.Agenda) model.Topic {
	if it, ok := m.selectedItem(); ok {
		return model.TopicOf(it.Text)
	}
	if a.Current >= 0 {
		return model.TopicOf(a.Items[a.Current].Item.Text)
	}
	if !m.snap.held {
		return model.TopicScorecard
	}
	return model.TopicWrapUp
}

// panelLines are what an agenda item is about, at most height lines of width
// cells: a heading, then one line per KPI, objective, action item or finding.
func (m Model) panelLines(t model.Topic, width, height int) []string {
	if width < 10 || height <= 0 {
		return nil
	}
	st := m.ctx.Styles
	var head string
	var body []string
	switch t {
	case model.TopicScorecard:
		head, body = m.panelScorecard(width)
	case model.TopicOffTrack:
		head, body = m.panelOffTrack(width)
	case model.TopicObjectives:
		head, body = m.panelObjectives(width)
	case model.TopicLastActions:
		head, body = m.panelLastActions(width)
	case model.TopicNewActions:
		head, body = m.panelNewActions(width)
	case model.TopicRightKPIs:
		head, body = m.panelHygiene(width)
	case model.TopicWrapUp:
		head, body = m.panelWrapUp()
	default:
		head, body = m.panelNotes(width)
	}
	out := []string{st.Bold.Render(frame.Clip(head, width))}
	if it, ok := m.selectedItem(); ok && it.Note != "" {
		who := it.DoneBy
		if who == "" {
			who = it.UpdatedBy
		}
		for _, l := range wrap("✎ "+orNone(who)+": "+it.Note, width, 3) {
			out = append(out, st.Accent.Render(l))
		}
	}
	room := height - len(out)
	if len(body) > room && room > 0 {
		more := len(body) - room + 1
		body = append(body[:room-1], st.Muted.Render(fmt.Sprintf("… and %d more", more)))
	}
	out = append(out, body...)
	if len(out) > height {
		out = out[:height]
	}
	return out
}

// panelScorecard is the key KPIs, each marked when reviewed.
func (m Model) panelScorecard(width int) (string, []string) {
	st, s := m.ctx.Styles, m.snap
	n, total := model.KeyReviewed(s.review, s.kpis)
	head := fmt.Sprintf("Key KPIs · %d of %d reviewed · w walks through them", n, total)
	var body []string
	for _, r := range m.readings(func(r model.Reading) bool { return model.IsKeyKPI(r.KPI) }) {
		mark := st.Muted.Render("·")
		if s.review.Reviewed(r.KPI.ID) {
			mark = st.Good.Render("✓")
		}
		body = append(body, m.readingLine(mark+" ", r, width))
	}
	return head, body
}

// panelOffTrack is the off-track, then the at-risk KPIs with their owners' notes.
func (m Model) panelOffTrack(width int) (string, []string) {
	st := m.ctx.Styles
	bad := m.readings(func(r model.Reading) bool { return r.Status == model.OffTrack })
	risk := m.readings(func(r model.Reading) bool { return r.Status == model.AtRisk })
	head := fmt.Sprintf("Off track %d · at risk %d", len(bad), len(risk))
	var body []string
	for _, r := range append(bad, risk...) {
		body = append(body, m.readingLine("", r, width))
		if r.HasValue && r.Value.Note != "" {
			body = append(body, st.Muted.Render(frame.Clip("    "+orNone(r.Value.EnteredBy)+": "+line(r.Value.Note), width)))
		}
	}
	if len(body) == 0 {
		body = append(body, st.Good.Render("✓ nothing is off track or at risk this week"))
	}
	return head, body
}

// panelObjectives is the active objectives with how their KPIs stand.
func (m Model) panelObjectives(width int) (string, []string) {
	st := m.ctx.Styles
	on, total := 0, 0
	var body []string
	for _, o := range m.ctx.Data.Objectives {
		if o.Archived || o.State != model.ObjectiveActive {
			continue
		}
		rs := m.readings(func(r model.Reading) bool { return r.KPI.ObjectiveID == o.ID })
		ru := model.RollUp(rs)
		total++
		if ru.Status() == model.OnTrack {
			on++
		}
		left := frame.StatusStyle(st, ru.Status()).Render(ru.Status().Glyph()) + " " + st.Text.Render(line(o.Title))
		body = append(body, frame.Spread(left, st.Muted.Render(ru.Text()), width))
	}
	return fmt.Sprintf("Objectives · %d of %d on track", on, total), body
}

// panelLastActions is the action items agreed in the previous review.
func (m Model) panelLastActions(width int) (string, []string) {
	st, s := m.ctx.Styles, m.snap
	if !s.hasPrevious {
		return "Last week's action items", []string{st.Muted.Render("No earlier review: nothing to check.")}
	}
	items := model.AgreedIn(s.actions, s.previous)
	done := 0
	var body []string
	for _, a := range items {
		if a.Done {
			done++
		}
		body = append(body, m.actionBrief(a, width))
	}
	if len(items) == 0 {
		body = append(body, st.Muted.Render("None were agreed in that review."))
	}
	return fmt.Sprintf("Agreed in %s · %d of %d done", s.previous, done, len(items)), body
}

// panelNewActions is the action items agreed in this review.
func (m Model) panelNewActions(width int) (string, []string) {
	st, s := m.ctx.Styles, m.snap
	items := model.AgreedIn(s.actions, s.week)
	var body []string
	for _, a := range items {
		body = append(body, m.actionBrief(a, width))
	}
	if len(items) == 0 {
		body = append(body, st.Muted.Render("None yet: n adds one with an owner and a due week."))
	}
	return fmt.Sprintf("Agreed in %s · %d · n adds one", s.week, len(items)), body
}

// panelHygiene is the KPI hygiene findings read with the review.
func (m Model) panelHygiene(width int) (string, []string) {
	st, fs := m.ctx.Styles, m.snap.hygiene
	head := fmt.Sprintf("KPI hygiene · %d finding%s", len(fs), map[bool]string{true: "", false: "s"}[len(fs) == 1])
	var body []string
	for _, f := range fs { // each finding whole, on as many as three lines
		for i, l := range wrap(line(f.Message), width-2, 3) {
			mark := st.Warn.Render("! ")
			if i > 0 {
				mark = "  "
			}
			body = append(body, mark+st.Text.Render(l))
		}
	}
	if len(fs) == 0 {
		body = append(body, st.Good.Render("✓ every KPI has an owner, a target, an objective and recent values"))
	}
	return head, body
}

// panelWrapUp is the meeting in numbers, and how to conclude it.
func (m Model) panelWrapUp() (string, []string) {
	st, s := m.ctx.Styles, m.snap
	n, total := model.KeyReviewed(s.review, s.kpis)
	agreed := len(model.AgreedIn(s.actions, s.week))
	open := len(model.OpenAsOf(s.actions, s.week))
	body := []string{
		st.Text.Render(fmt.Sprintf("Checklist %d of %d ticked", doneCount(s.review.Checklist), len(s.review.Checklist))),
		st.Text.Render(fmt.Sprintf("Key KPIs reviewed %d of %d", n, total)),
		st.Text.Render(fmt.Sprintf("Action items agreed %d · open %d", agreed, open)),
	}
	if s.review.State == model.ReviewConcluded {
		body = append(body, st.Good.Render(fmt.Sprintf("✓ concluded, rated %d/10", s.review.Rating)))
	} else {
		body = append(body, st.Accent.Render("c concludes it with a 1–10 rating and writes the report"))
	}
	return "Wrap-up", body
}

// panelNotes is the meeting notes.
func (m Model) panelNotes(width int) (string, []string) {
	st, s := m.ctx.Styles, m.snap
	head := "Meeting notes"
	if s.held && s.review.State == model.ReviewInProgress {
		head += " · m edits them"
	}
	notes := strings.TrimSpace(s.review.Notes)
	if notes == "" {
		return head, []string{st.Muted.Render("None yet.")}
	}
	var body []string
	for _, l := range strings.Split(notes, "\n") {
		body = append(body, st.Text.Render(frame.Clip(l, width)))
	}
	return head, body
}

// readings are the week's readings that keep, in walkthrough order (the OMTM,
// key KPIs, then health metrics).
func (m Model) readings(keep func(model.Reading) bool) []model.Reading {
	d := m.ctx.Data
	byID := map[int64]model.Reading{}
	for _, r := range d.Readings {
		byID[r.KPI.ID] = r
	}
	var out []model.Reading
	for _, k := range model.WalkOrder(d.KPIs) {
		if r, ok := byID[k.ID]; ok && keep(r) {
			out = append(out, r)
		}
	}
	return out
}

// readingLine is a KPI in a panel: its status glyph, name, value and target.
func (m Model) readingLine(prefix string, r model.Reading, width int) string {
	st := m.ctx.Styles
	name := r.KPI.Name
	if r.KPI.OMTM {
		name = "★ " + name
	}
	left := prefix + frame.StatusStyle(st, r.Status).Render(r.Status.Glyph()) + " " + st.Text.Render(name)
	right := st.Text.Render(r.ValueText()) + st.Muted.Render(" "+model.TargetText(r.KPI, r.Target))
	return frame.Spread(left, right, width)
}

// actionBrief is an action item in a panel: done or not, text, owner and due.
func (m Model) actionBrief(a model.ActionItem, width int) string {
	st := m.ctx.Styles
	box := st.Muted.Render("[ ]")
	if a.Done {
		box = st.Good.Render("[x]")
	}
	right := st.Muted.Render(orNone(a.Owner) + " · " + a.Due.String())
	return frame.Spread(box+" "+st.Text.Render(a.Text), right, width)
}

func activeKPIs(ks []model.KPI) []model.KPI {
	var out []model.KPI
	for _, k := range ks {
		if !k.Archived {
			out = append(out, k)
		}
	}
	return out
}

// bottomLines are the open input, or the message of the last action, or —
// on the list of agenda a, not in the walkthrough (nil) — the selected row's
// text in full when its line cut it.
func (m Model) bottomLines(a *model.Agenda) []string {
	st := m.ctx.Styles
	if m.edit != nil {
		return m.editorLines()
	}
	if m.message == "" && a != nil {
		return m.selectedInFull(*a)
	}
	if m.message == "" {
		return nil
	}
	style := st.Accent
	if m.msgErr {
		style = st.Error
	}
	lines := frame.Wrap(m.message, m.width, 2) // a long message on two lines, not cut
	for i := range lines {
		lines[i] = style.Render(lines[i])
	}
	return lines
}

// listWidth is the list's width: the whole body, or beside the panel its
// share, at least minListW.
func (m Model) listWidth() int {
	if m.width >= panelWidth {
		return max(m.width*listShare/100, minListW)
	}
	return m.width
}

// selectedInFull is the selected row's text on up to two lines when its line
// in the list cut it, so every action item and checklist title can be read
// whole where it is listed; nil when the line shows it all.
func (m Model) selectedInFull(a model.Agenda) []string {
	var text, line string
	w := m.listWidth()
	if it, ok := m.selectedItem(); ok {
		for i, t := range a.Items {
			if t.Item.ID == it.ID {
				text, line = it.Text, m.itemLine(t, i == a.Current, true, w)
			}
		}
	} else if x, ok := m.selectedAction(); ok {
		text, line = x.Text, m.actionLine(x, true, w)
	}
	if text == "" || strings.Contains(ansi.Strip(line), text) {
		return nil
	}
	out := wrap("▸ "+text, m.width, 2)
	for i := range out {
		out[i] = m.ctx.Styles.Accent.Render(out[i])
	}
	return out
}

// editorLines draw the open input: its title, its fields (an action item's on
// two lines: what, then owner, due week and KPI), and the reason the last try
// was refused or what to type.
func (m Model) editorLines() []string {
	st := m.ctx.Styles
	e := m.edit
	out := []string{st.Title.Render(frame.Clip(e.title, m.width))}
	label := func(i int) string {
		if i == e.focus {
			return st.Accent.Render(e.fields[i].label + " ")
		}
		return st.Muted.Render(e.fields[i].label + " ")
	}
	box := func(i, w int) string {
		f := e.fields[i].input
		f.WithWidth(max(w, 4) + 1) // the text w cells and the cursor one past
		return st.Muted.Render("[") + frame.Pad(f.View(), max(w, 4)+1) + st.Muted.Render("]")
	}
	switch {
	case e.multiline():
		e.area.WithWidth(max(m.width, 12))
		for _, l := range strings.Split(e.area.View(), "\n") {
			out = append(out, frame.Pad(l, m.width))
		}
	case e.kind == editAction:
		out = append(out, frame.Pad(label(fieldText)+box(fieldText, m.width-9), m.width))
		// owner, due and KPI share the second line: the owner gets what is left
		second := label(fieldDue) + box(fieldDue, 9) + "  " + label(fieldKPI) + box(fieldKPI, 12)
		ownerW := max(m.width-frame.Width(second)-frame.Width(label(fieldOwner))-5, 6)
		out = append(out, frame.Pad(label(fieldOwner)+box(fieldOwner, min(ownerW, 30))+"  "+second, m.width))
	default:
		w := m.width - frame.Width(label(0)) - 3
		if e.kind == editRating {
			w = ratingLimit
		}
		out = append(out, frame.Pad(label(0)+box(0, w), m.width))
	}
	switch {
	case e.saving:
		out = append(out, st.Muted.Render("saving…"))
	case e.problem != "":
		for _, l := range wrap("✗ "+e.problem, m.width, 3) {
			out = append(out, st.Error.Render(l))
		}
	default:
		out = append(out, st.Muted.Render(frame.Clip(e.hint, m.width)))
	}
	return out
}

// wrap breaks text into lines of at most width cells at spaces, at most n lines
// (the last one cut at a word with "…").
func wrap(text string, width, n int) []string { return frame.Wrap(text, width, n) }
