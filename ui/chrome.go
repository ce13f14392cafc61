package ui

import (
	"fmt"
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"kpi/model"
	"kpi/themes"
	"kpi/ui/frame"
)

// header is the team name, the week under review with its dates and ◀ ▶, and the
// file's name; a second line carries the read-only banner when writes are
// impossible.
func (m Model) header() string {
	st := m.styles
	team := "kpi"
	if m.data != nil && m.data.Settings.TeamName != "" {
		team = model.Sanitize(m.data.Settings.TeamName, false)
	}
	team = st.Title.Render(frame.Clip(team, max(m.width/3, 10))) + "  "
	week := st.Muted.Render("◀ ") + st.Bold.Render(m.week.String()) + st.Muted.Render(" ▶")
	dates := st.Text.Render(" " + m.week.Dates())
	rel := ""
	if r := m.relativeWeek(); r != "" {
		rel = st.Muted.Render(" · " + r)
	}
	// the dates without their year when the week's own year says it
	short := dates
	if y := fmt.Sprint(" ", m.week.Year); strings.Count(m.week.Dates(), y[1:]) == 1 {
		short = st.Text.Render(" " + strings.TrimSuffix(m.week.Dates(), y))
	}
	// the most that fits beside the file's name (a space and at least 12 cells):
	// the relative week goes first, then the dates' year, then the dates; the
	// week itself stays
	left := team + week
	for _, l := range []string{team + week + dates + rel, team + week + dates, team + week + short} {
		if frame.Width(l)+1+min(frame.Width(m.fileName()), 12) <= m.width {
			left = l
			break
		}
	}
	line := frame.Spread(left, m.headerRight(m.width-frame.Width(left)-2), m.width)
	if m.data != nil && m.data.ReadOnly != "" {
		for _, l := range frame.Wrap("READ-ONLY — "+m.data.ReadOnly, m.width, 2) { // the reason whole, on two lines if need be
			line += "\n" + st.Banner.Render(l)
		}
	}
	if m.opt.Warning != "" {
		line += "\n" + st.Warn.Render(frame.Clip("! "+model.Sanitize(m.opt.Warning, false), m.width))
	}
	return line
}

// headerRight is who else has the file open and the file's name, in room cells:
// the names win over the file name when both do not fit, since the file name is
// what the user typed and the others are news.
func (m Model) headerRight(room int) string {
	st := m.styles
	file := m.fileName()
	if len(m.others) == 0 {
		return st.Muted.Render(file)
	}
	who := presenceText(m.others, max(room-len([]rune(file))-3, 0))
	if strings.HasPrefix(who, "also here") {
		return st.Accent.Render(who) + st.Muted.Render(" · "+file)
	}
	return st.Accent.Render(presenceText(m.others, max(room, 8)))
}

// relativeWeek says where the week under review is from today's.
func (m Model) relativeWeek() string {
	n := model.WeeksBetween(model.CurrentWeek(m.now()), m.week)
	switch {
	case n == 0:
		return "this week"
	case n == -1:
		return "last week"
	case n < 0:
		return fmt.Sprintf("%d weeks ago", -n)
	case n == 1:
		return "next week"
	}
	return fmt.Sprintf("in %d weeks", n)
}

// tabBar is the five views with their number keys; the active one is bracketed as
// well as coloured, so it shows in mono too.
func (m Model) tabBar() string {
	bar, _ := m.tabLayout()
	return bar
}

// tabLayout draws the tab bar and says where each tab is, for mouse clicks. Each
// label is its text plus a bracket or a space on each side, with gap cells
// between tabs: two when they fit, else none; when even that is too wide (the
// presentation mark at 80 cells or less), the tabs not shown keep only their
// number key.
func (m Model) tabLayout() (string, [][]int) {
	st := m.styles
	mark := ""
	if m.presentation {
		mark = "   presenting"
	}
	labels := make([]string, len(m.views))
	total := frame.Width(mark)
	for i, v := range m.views {
		labels[i] = fmt.Sprintf("%d %s", i+1, v.Title())
		total += frame.Width(labels[i]) + 2
	}
	gap := 2
	if total+gap*(len(labels)-1) > m.width {
		gap = 0
	}
	if total > m.width {
		for i := range labels {
			if i != m.active {
				labels[i] = fmt.Sprint(i + 1)
			}
		}
	}
	var b strings.Builder
	var spans [][]int
	x := 0
	for i, l := range labels {
		if i > 0 {
			b.WriteString(strings.Repeat(" ", gap))
			x += gap
		}
		w := frame.Width(l) + 2
		if i == m.active {
			b.WriteString(st.TabActive.Render("[" + l + "]"))
		} else {
			b.WriteString(st.Tab.Render(" " + l + " "))
		}
		spans = append(spans, []int{x, x + w})
		x += w
	}
	b.WriteString(st.Muted.Render(mark))
	return frame.Pad(b.String(), m.width), spans
}

// footerHeight is the footer's lines: a notice's one or two, else 1, or 0 in
// presentation mode with nothing to say: the cases
// in which footer draws nothing, told without drawing it (layout asks often).
func (m Model) footerHeight() int {
	switch {
	case m.filtering, m.jumping:
		return 1
	case m.notice != "":
		return len(m.noticeLines())
	case m.presentation:
		return 0
	}
	return 1
}

// noticeLines are the footer's notice on up to two lines, so a long one (a
// report's path, a reason) is read whole.
func (m Model) noticeLines() []string {
	lines := frame.Wrap(model.Sanitize(m.notice, false), m.width, 2)
	if len(lines) == 0 {
		return []string{""}
	}
	return lines
}

// footer is the filter input while filtering, else a notice, else the key help of
// the active view and the global keys. Presentation mode shows no key help.
func (m Model) footer() string {
	st := m.styles
	switch {
	case m.filtering:
		return frame.Pad(st.Accent.Render("/ ")+m.filter.View()+st.Muted.Render("  enter keep · esc clear"), m.width)
	case m.jumping:
		return m.jumpFooter()
	case m.notice != "":
		style := st.Accent
		if m.noticeErr {
			style = st.Error
		}
		lines := m.noticeLines()
		for i := range lines {
			lines[i] = style.Render(lines[i])
		}
		return strings.Join(lines, "\n")
	case m.presentation:
		return ""
	}
	return m.withHygiene(helpLine(st, m.footerKeys(), m.width, m.keys.Help, m.keys.Quit))
}

// footerKeys are the keys of the topmost overlay that has a footer of its own,
// else the active view's and the global ones.
func (m Model) footerKeys() []key.Binding {
	for i := len(m.overlays) - 1; i >= 0; i-- {
		if b := m.overlays[i].o.ShortHelp(); b != nil {
			return b
		}
	}
	bindings := append(m.views[m.active].ShortHelp(), m.keys.short()...)
	if f := m.filter.Value(); f != "" {
		bindings = append([]key.Binding{key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear filter"))}, bindings...)
	}
	return bindings
}

// helpModel is bubbles/help in the theme's styles: "key desc · key desc" for
// the footer, key and description columns for the help overlay.
func helpModel(st *themes.Styles) help.Model {
	h := help.New()
	h.ShortSeparator, h.FullSeparator = " · ", "   "
	h.Styles = help.Styles{
		ShortKey: st.HelpKey, ShortDesc: st.HelpDesc, ShortSeparator: st.Muted,
		FullKey: st.HelpKey, FullDesc: st.HelpDesc, FullSeparator: st.Muted,
		Ellipsis: st.Muted,
	}
	return h
}

// helpLine is "key desc · key desc …" drawn by bubbles/help, in the bindings'
// order: the kept ones (help and quit) first get their place when they are among
// them, then the others as long as they fit; those that do not are left out, and
// later, shorter ones still get their place.
func helpLine(st *themes.Styles, bindings []key.Binding, width int, kept ...key.Binding) string {
	h := helpModel(st)
	shown := func(b key.Binding) bool { return b.Enabled() && b.Help().Key != "" }
	isKept := func(b key.Binding) bool {
		return slices.ContainsFunc(kept, func(k key.Binding) bool { return shown(k) && k.Help() == b.Help() })
	}
	widthOf := func(b key.Binding) int { return frame.Width(h.ShortHelpView([]key.Binding{b})) }
	used, n := 0, 0 // the width taken and the bindings placed, separators included
	take := func(b key.Binding) bool {
		w := widthOf(b)
		if n > 0 {
			w += 3
		}
		if used+w > width {
			return false
		}
		used, n = used+w, n+1
		return true
	}
	placed := make([]bool, len(bindings))
	for pass := 0; pass < 2; pass++ { // the kept bindings, then the others
		for i, b := range bindings {
			if shown(b) && isKept(b) == (pass == 0) {
				placed[i] = take(b)
			}
		}
	}
	var fit []key.Binding
	for i, b := range bindings {
		if placed[i] {
			fit = append(fit, b)
		}
	}
	return h.ShortHelpView(fit)
}

// helpOverlay is the full help: the keys of what it opened over (the active
// view, by mode when it has modes, or an overlay) and the global ones, in columns
// under each section's heading. When they are taller than the window the keys of
// HelpKeyMap scroll them and any other key closes it; when they fit, any key does.
type helpOverlay struct {
	st            *themes.Styles
	keys          HelpKeyMap
	title         string
	sections      []frame.HelpSection
	width, height int
	offset        int // the first line shown
	// drawn are the lines of keys, drawn again only when size or styles change
	// (bubbles/help renders every binding), not on every key and frame
	drawn []string
}

// newHelp is the help for what is shown now.
func (m Model) newHelp() helpOverlay {
	sections := m.views[m.active].HelpSections()
	if top, ok := m.top(); ok {
		sections = []frame.HelpSection{{Groups: top.o.FullHelp()}}
	}
	sections = append(sections, frame.HelpSection{Title: "Everywhere", Groups: m.keys.full()})
	return helpOverlay{keys: m.opt.Keys.Help, title: m.views[m.active].Title(), sections: sections}
}

func (h helpOverlay) Update(msg tea.Msg) (overlay, tea.Cmd) {
	km, ok := msg.(tea.KeyMsg)
	if !ok {
		return h, nil
	}
	room, total := h.room(), len(h.drawn)
	switch {
	case total <= room:
		return nil, nil // nothing to scroll: any key closes it
	case key.Matches(km, h.keys.Up):
		h.offset--
	case key.Matches(km, h.keys.Down):
		h.offset++
	case key.Matches(km, h.keys.PageUp):
		h.offset -= room
	case key.Matches(km, h.keys.PageDown):
		h.offset += room
	default:
		return nil, nil // any other key closes it
	}
	h.offset = max(0, min(h.offset, total-room))
	return h, nil
}

func (h helpOverlay) SetSize(w, height int) overlay {
	h.width, h.height = w, height
	h.drawn = h.lines()
	return h
}

func (h helpOverlay) SetStyles(st *themes.Styles) overlay {
	h.st = st
	h.drawn = h.lines()
	return h
}
func (h helpOverlay) Name() string             { return "help" }
func (h helpOverlay) Capturing() bool          { return false }
func (h helpOverlay) ShortHelp() []key.Binding { return nil } // the footer stays the one beneath
func (h helpOverlay) FullHelp() [][]key.Binding {
	var out [][]key.Binding
	for _, s := range h.sections {
		out = append(out, s.Groups...)
	}
	return out
}

// innerWidth is the box's width less its border and padding.
func (h helpOverlay) innerWidth() int { return max(h.width-4, 1) }

// room is how many lines of keys fit: the height less the box's border (2), the
// title and the blank line under it (2), and the blank line and hint at the
// bottom (2).
func (h helpOverlay) room() int { return max(h.height-6, 1) }

// lines is every line of keys: each section's heading (when it has one) over its
// groups in columns (bubbles/help draws each group), a blank line between sections.
func (h helpOverlay) lines() []string {
	hm := helpModel(h.st)
	var out []string
	for _, s := range h.sections {
		var cols [][]string
		for _, g := range s.Groups {
			if col := hm.FullHelpView([][]key.Binding{g}); col != "" {
				cols = append(cols, strings.Split(col, "\n")) // the keys, then their descriptions
			}
		}
		if len(cols) == 0 {
			continue
		}
		if len(out) > 0 {
			out = append(out, "")
		}
		if s.Title != "" {
			out = append(out, h.st.Accent.Render(frame.Clip(s.Title, h.innerWidth())))
		}
		out = append(out, helpColumns(h.st, cols, h.innerWidth())...)
	}
	return out
}

func (h helpOverlay) View() string {
	st, innerW, room := h.st, h.innerWidth(), h.room()
	lines := h.drawn
	from := max(0, min(h.offset, len(lines)-room))
	to := min(from+room, len(lines))
	shown := lines[from:to]
	if to-from < len(lines) {
		// scrolling: every line as wide as the box, so that it keeps its size
		shown = append([]string(nil), shown...)
		for i, l := range shown {
			shown[i] = frame.Pad(l, innerW)
		}
	}
	title := st.Title.Render(frame.Clip("Keys — "+h.title, innerW))
	body := title + "\n\n" + strings.Join(shown, "\n") + "\n\n" + st.Muted.Render(h.hint(from, to, len(lines)))
	box := st.Overlay.Render(body)
	return lipgloss.Place(h.width, h.height, lipgloss.Center, lipgloss.Center, box)
}

// hint is the help's last line: how to filter and how to close it, and, when the
// keys do not all fit, which lines are shown and how to scroll.
func (h helpOverlay) hint(from, to, total int) string {
	innerW := h.innerWidth()
	if from == 0 && to == total {
		hint := "Filter: owner:NAME, objective:WORDS or any words · press any key to close"
		if frame.Width(hint) > innerW {
			hint = "press any key to close"
		}
		return frame.Clip(hint, innerW)
	}
	k := h.keys
	scroll := fmt.Sprintf("%s %s %s %s scroll", k.Up.Help().Key, k.Down.Help().Key, k.PageUp.Help().Key, k.PageDown.Help().Key)
	where := fmt.Sprintf("lines %d–%d of %d", from+1, to, total)
	for _, hint := range []string{
		scroll + " · " + where + " · any other key closes",
		scroll + " · " + where + " · other keys close",
		scroll + " · other keys close",
	} {
		if frame.Width(hint) <= innerW {
			return hint
		}
	}
	return frame.Clip(scroll, innerW)
}

// helpColumns lays the groups of key lines out side by side, wrapping onto
// further rows when they do not fit width. A line wider than width (a long
// description) is clipped.
func helpColumns(st *themes.Styles, cols [][]string, width int) []string {
	var lines []string
	place := func(row [][]string) {
		var drawn []string
		for _, c := range row {
			drawn = append(drawn, st.Renderer.NewStyle().PaddingRight(3).Render(strings.Join(c, "\n")))
		}
		for _, l := range strings.Split(lipgloss.JoinHorizontal(lipgloss.Top, drawn...), "\n") {
			lines = append(lines, frame.Clip(l, width))
		}
	}
	var row [][]string
	rowW := 0
	for _, c := range cols {
		w := frame.Width(strings.Join(c, "\n")) + 3
		if rowW+w > width && len(row) > 0 {
			place(row)
			row, rowW = nil, 0
		}
		row = append(row, c)
		rowW += w
	}
	if len(row) > 0 {
		place(row)
	}
	return lines
}
