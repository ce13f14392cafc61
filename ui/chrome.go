package ui

import (
	"fmt"
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
		if lipgloss.Width(l)+1+min(lipgloss.Width(m.fileName()), 12) <= m.width {
			left = l
			break
		}
	}
	line := frame.Spread(left, m.headerRight(m.width-lipgloss.Width(left)-2), m.width)
	if m.data != nil && m.data.ReadOnly != "" {
		line += "\n" + st.Banner.Render(frame.Clip("READ-ONLY — "+m.data.ReadOnly, m.width))
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
	total := lipgloss.Width(mark)
	for i, v := range m.views {
		labels[i] = fmt.Sprintf("%d %s", i+1, v.Title())
		total += lipgloss.Width(labels[i]) + 2
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
		w := lipgloss.Width(l) + 2
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

// footerHeight is 1, or 0 in presentation mode with nothing to say.
func (m Model) footerHeight() int {
	if m.footer() == "" {
		return 0
	}
	return 1
}

// footer is the filter input while filtering, else a notice, else the key help of
// the active view and the global keys. Presentation mode shows no key help.
func (m Model) footer() string {
	st := m.styles
	switch {
	case m.filtering:
		return frame.Pad(st.Accent.Render("/ ")+m.filter.View()+st.Muted.Render("  enter keep · esc clear"), m.width)
	case m.notice != "":
		style := st.Accent
		if m.noticeErr {
			style = st.Error
		}
		return style.Render(frame.Clip(model.Sanitize(m.notice, false), m.width))
	case m.presentation:
		return ""
	}
	return m.withHygiene(helpLine(st, m.footerKeys(), m.width))
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
func helpModel(st themes.Styles) help.Model {
	h := help.New()
	h.ShortSeparator, h.FullSeparator = " · ", "   "
	h.Styles = help.Styles{
		ShortKey: st.HelpKey, ShortDesc: st.HelpDesc, ShortSeparator: st.Muted,
		FullKey: st.HelpKey, FullDesc: st.HelpDesc, FullSeparator: st.Muted,
		Ellipsis: st.Muted,
	}
	return h
}

// helpLine is "key desc · key desc …" drawn by bubbles/help: those that do not
// fit are left out, and later, shorter ones (help, quit come last) still get
// their place.
func helpLine(st themes.Styles, bindings []key.Binding, width int) string {
	h := helpModel(st)
	var fit []key.Binding
	used := 0
	for _, b := range bindings {
		if !b.Enabled() || b.Help().Key == "" {
			continue
		}
		w := lipgloss.Width(h.ShortHelpView([]key.Binding{b}))
		sep := 0
		if len(fit) > 0 {
			sep = 3
		}
		if used+sep+w > width {
			continue
		}
		fit = append(fit, b)
		used += sep + w
	}
	return h.ShortHelpView(fit)
}

// helpOverlay is the full help: the keys of what it opened over (the active
// view or an overlay) and the global ones in columns, as many as fit the
// height; when some do not, the last line says how many are left out (it does
// not scroll). Any key closes it.
type helpOverlay struct {
	st            themes.Styles
	title         string
	groups        [][]key.Binding
	width, height int
}

// newHelp is the help for what is shown now.
func (m Model) newHelp() helpOverlay {
	groups := m.views[m.active].FullHelp()
	if top, ok := m.top(); ok {
		groups = top.o.FullHelp()
	}
	return helpOverlay{title: m.views[m.active].Title(), groups: append(groups, m.keys.full()...)}
}

func (h helpOverlay) Update(msg tea.Msg) (overlay, tea.Cmd) {
	if _, ok := msg.(tea.KeyMsg); ok {
		return nil, nil // any key closes it
	}
	return h, nil
}

func (h helpOverlay) SetSize(w, height int) overlay      { h.width, h.height = w, height; return h }
func (h helpOverlay) SetStyles(st themes.Styles) overlay { h.st = st; return h }
func (h helpOverlay) Name() string                       { return "help" }
func (h helpOverlay) Capturing() bool                    { return false }
func (h helpOverlay) ShortHelp() []key.Binding           { return nil } // the footer stays the one beneath
func (h helpOverlay) FullHelp() [][]key.Binding          { return h.groups }

func (h helpOverlay) View() string {
	st, height := h.st, h.height
	hm := helpModel(st)
	var cols [][]string
	for _, g := range h.groups {
		if col := hm.FullHelpView([][]key.Binding{g}); col != "" {
			cols = append(cols, strings.Split(col, "\n")) // bubbles/help: the keys, then their descriptions
		}
	}
	// inside the box: the width less its border and padding (4); the height less
	// its border (2), the title and the blank line under it (2), and the blank
	// line and hint at the bottom (2)
	innerW, room := max(h.width-4, 1), max(height-6, 1)
	keys := helpColumns(st, cols, innerW, room)
	hint := "Filter: owner:NAME, objective:WORDS or any words · press any key to close"
	if lipgloss.Width(hint) > innerW {
		hint = "press any key to close"
	}
	title := st.Title.Render(frame.Clip("Keys — "+h.title, innerW))
	body := title + "\n\n" + keys + "\n\n" + st.Muted.Render(frame.Clip(hint, innerW))
	box := st.Overlay.Render(body)
	return lipgloss.Place(h.width, height, lipgloss.Center, lipgloss.Center, box)
}

// helpColumns lays the groups of key lines out side by side, wrapping onto
// further rows when they do not fit width, and keeps the first height lines; a
// last line then says how many keys were left out. A line wider than width
// (a long description) is clipped.
func helpColumns(st themes.Styles, cols [][]string, width, height int) string {
	var lines []string
	var counts []int // the keys on each of lines
	hidden := 0
	place := func(row [][]string) {
		n := 0
		for _, c := range row {
			n = max(n, len(c))
		}
		var drawn []string
		for _, c := range row {
			drawn = append(drawn, st.Renderer.NewStyle().PaddingRight(3).Render(strings.Join(c, "\n")))
		}
		block := strings.Split(lipgloss.JoinHorizontal(lipgloss.Top, drawn...), "\n")
		for i, l := range block {
			keys := 0 // the keys on this line: one per column that is this long
			for _, c := range row {
				if i < len(c) {
					keys++
				}
			}
			if len(lines) < height {
				lines = append(lines, frame.Clip(l, width))
				counts = append(counts, keys)
				continue
			}
			hidden += keys
		}
	}
	var row [][]string
	rowW := 0
	for _, c := range cols {
		w := lipgloss.Width(strings.Join(c, "\n")) + 3
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
	if hidden > 0 {
		// the last shown line gives way to the count, so its keys count too
		hidden += counts[len(counts)-1]
		lines[len(lines)-1] = st.Muted.Render(frame.Clip(fmt.Sprintf("… %d more keys: a taller window shows them all", hidden), width))
	}
	return strings.Join(lines, "\n")
}
