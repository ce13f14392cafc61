// Package walkthrough draws the Review's walkthrough: one KPI per screen for
// screen sharing — its value in block digits, target, status in glyph and
// words, change, the 13-week chart with its target line, the owner's note and
// its open action items. It is a widget, not a view: the Review view owns the
// mode (which KPI, marking it reviewed, its inputs) and passes a Screen to draw;
// this package holds the walkthrough's keys, its layout and its chart cache.
package walkthrough

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/lipgloss"

	"kpi/model"
	"kpi/themes"
	"kpi/ui/bigdigits"
	"kpi/ui/chart"
	"kpi/ui/frame"
)

// KeyMap is the keys of the walkthrough; esc (the root's back key) leaves it.
type KeyMap struct {
	Next, Prev, Reviewed, NewAction, Open key.Binding
}

// DefaultKeyMap is →/← (or l/h) between KPIs, space to mark the KPI reviewed
// and move on, n for an action item on it, enter to open it in Trends.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Next:      key.NewBinding(key.WithKeys("right", "l", "down", "j"), key.WithHelp("→", "next KPI")),
		Prev:      key.NewBinding(key.WithKeys("left", "h", "up", "k"), key.WithHelp("←", "previous KPI")),
		Reviewed:  key.NewBinding(key.WithKeys(" "), key.WithHelp("space", "reviewed")),
		NewAction: key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "action item")),
		Open:      key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "trends")),
	}
}

// Bindings lists every walkthrough binding, for help and the duplicate-key test.
func (k KeyMap) Bindings() []key.Binding {
	return []key.Binding{k.Next, k.Prev, k.Reviewed, k.NewAction, k.Open}
}

// Marked is where the KPI stands in the review.
type Marked int

const (
	NotStarted  Marked = iota // the review has not started
	NotReviewed               // started, the KPI not marked reviewed yet
	Reviewed                  // marked reviewed
)

// ChartWeeks is how many weeks the chart shows: a quarter.
const ChartWeeks = 13

// Screen is what one walkthrough screen shows, as the Review view knows it.
type Screen struct {
	Styles        *themes.Styles
	Width, Height int
	Presentation  bool // one digit size larger
	KPI           model.KPI
	Reading       model.Reading
	Pos, Of       int // its place in the walk, from 1
	Marked        Marked
	Objective     string // the title of the objective it serves
	// Timer is the running agenda item and its timer, drawn; "" when none runs.
	Timer string
	// Chart is the KPI's chart in the given height (see Cache.Chart).
	Chart func(height int) string
	// Actions are the KPI's open action items, one drawn line each.
	Actions []string
	// Events is the text of the week's events ("" for none): they explain
	// every KPI's number, so each KPI's page says them.
	Events string
	// Bottom is the open input or a message: the last lines.
	Bottom []string
}

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
//	events   1 line: the week's events, when it has any
//	note     1 line: the owner's note for the week
//	actions  the KPI's open action items, at most 3 lines
//	bottom   the open input, or a one-line message
const (
	infoWidth      = 36 // the target, status and change beside the digits
	minWalkChart   = 4
	maxWalkActions = 3
)

// Draw draws s in exactly s.Width×s.Height cells.
func Draw(s Screen) string {
	lines := []string{s.title()}
	if s.Height >= 16 {
		lines = append(lines, s.about())
	}
	rest := s.Height - len(lines) - len(s.Bottom)
	valueLines := s.valueBlock(rest)
	lines = append(lines, valueLines...)
	rest -= len(valueLines)
	under := s.under(rest)
	chartH := rest - len(under) - 1 // the legend
	if chartH >= minWalkChart {
		lines = append(lines, s.Chart(chartH), s.legend())
	} else {
		chartH = 0
	}
	lines = append(lines, under...)
	// the chart is one entry of chartH lines: pad to put the bottom lines last
	used := len(lines) + max(chartH-1, 0)
	for ; used < s.Height-len(s.Bottom); used++ {
		lines = append(lines, "")
	}
	lines = append(lines, s.Bottom...)
	return frame.PadBlock(strings.Join(lines, "\n"), s.Width, s.Height)
}

// under is what comes under the chart in rest lines: the note, the action items.
func (s Screen) under(rest int) []string {
	st, k, r := s.Styles, s.KPI, s.Reading
	var under []string
	if s.Events != "" && rest >= 3 {
		line := st.Warn.Render(frame.EventGlyph+" This week: ") + st.Text.Render(s.Events)
		under = append(under, frame.Pad(frame.Clip(line, s.Width), s.Width))
	}
	if r.HasValue && r.Value.Note != "" && rest-len(under) >= 3 {
		by := r.Value.EnteredBy
		if by == "" {
			by = k.Owner
		}
		if by = model.Sanitize(by, false); by == "" {
			by = "none"
		}
		note := st.Accent.Render("✎ ") + st.Muted.Render(by+": ") + st.Text.Render(model.Sanitize(r.Value.Note, false))
		under = append(under, frame.Pad(frame.Clip(note, s.Width), s.Width))
	}
	if acts := s.Actions; len(acts) > 0 && rest-len(under) >= 3 {
		head := st.Bold.Render(fmt.Sprintf("Open action items on %s · %d", k.Name, len(acts)))
		under = append(under, frame.Pad(head, s.Width))
		room := min(maxWalkActions, rest-len(under)-minWalkChart-2)
		for i, a := range acts {
			if i >= room {
				under = append(under, st.Muted.Render(fmt.Sprintf("  … and %d more", len(acts)-i)))
				break
			}
			under = append(under, a)
		}
	}
	return under
}

// title is the KPI's name and key; on the right its place in the walk and
// whether the review marked it reviewed.
func (s Screen) title() string {
	st, k := s.Styles, s.KPI
	name := k.Name
	if k.OMTM {
		name = "★ " + name
	}
	left := st.Title.Render(name) + st.Muted.Render("  "+k.Key)
	tier := "health metric"
	if model.IsKeyKPI(k) {
		tier = "key KPI"
	}
	right := st.Muted.Render(fmt.Sprintf("%s · %d of %d · ", tier, s.Pos, s.Of))
	switch s.Marked {
	case NotStarted:
		right += st.Muted.Render("review not started")
	case Reviewed:
		right += st.Good.Render("✓ reviewed")
	default:
		right += st.Muted.Render("· not reviewed yet")
	}
	return frame.Spread(left, right, s.Width)
}

// about is who owns the KPI and how it is judged; on the right the running
// agenda item and its timer, so the facilitator keeps time while sharing.
func (s Screen) about() string {
	k := s.KPI
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
	if s.Objective != "" {
		parts = append(parts, "objective: "+s.Objective)
	}
	return frame.Spread(s.Styles.Muted.Render(strings.Join(parts, " · ")), s.Timer, s.Width)
}

// legend names the chart's lines.
func (s Screen) legend() string {
	st, k, r, w := s.Styles, s.KPI, s.Reading, s.Reading.Week
	if k.Kind == model.Qualitative {
		return st.Muted.Render(frame.Clip(fmt.Sprintf("the owner's status each week, the last %d weeks · %s %s", ChartWeeks, chart.ValueMark, w), s.Width))
	}
	target := "no target"
	if r.Target.OK {
		target = "target " + model.TargetText(k, r.Target)
	}
	values := fmt.Sprintf("the last %d weeks", ChartWeeks)
	if k.Unit != "" && len([]rune(k.Unit)) > 2 {
		values += " (" + k.Unit + ")"
	}
	parts := []string{
		st.Chart.Render("──") + " " + values,
		st.Target.Render(chart.TargetMark+chart.TargetMark) + " " + target,
		st.Accent.Render(chart.ValueMark) + " " + w.String(),
	}
	return frame.Pad(strings.Join(parts, "  "), s.Width)
}

// Cache keeps the last chart drawn: the walkthrough redraws every second while
// the timer runs, and the chart is the costly part.
type Cache struct {
	key   any
	drawn string
}

// Chart is the KPI's chart over the ChartWeeks weeks ending at week, from the
// cache when key (everything else it shows depends on) is unchanged; series
// nil is still reading when loading, else no values. events are the team's
// week events: those inside the chart's weeks get a ◆ on its time axis.
func (c *Cache) Chart(key any, st *themes.Styles, k model.KPI, series model.Series, week model.Week, events []model.Event, loading bool, width, height int) string {
	full := [4]any{key, width, height, st.Theme.Name}
	if c.drawn != "" && c.key == any(full) {
		return c.drawn
	}
	s := ""
	if series != nil {
		start := week.Add(-(ChartWeeks - 1))
		s = chart.Draw(st, k, series, start, week, week, model.EventWeeks(events, start, week), width, height)
	}
	if s == "" {
		text := fmt.Sprintf("No values for %s in the last %d weeks.", k.Name, ChartWeeks)
		if loading {
			text = "Reading the last weeks of " + k.Name + "…"
		}
		s = frame.PadBlock(lipgloss.Place(width, height, lipgloss.Center, lipgloss.Center, st.Muted.Render(frame.Clip(text, width))), width, height)
	}
	c.key, c.drawn = full, s
	return s
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
	full = model.FormatValue(r.Value.Number, "", k.Decimals)
	return full, model.FormatCompact(r.Value.Number, "", k.Decimals), model.UnitFor(full, u) // "1 customer"
}

// digitScale is the largest digit size the body's height allows: 3 lines tall
// below 30 lines, 5 below 45, 8 below 60, else 10; presentation mode one size
// larger where it fits.
func (s Screen) digitScale() int { return DigitScale(s.Height, s.Presentation) }

// DigitScale is the digit size for a walkthrough height lines tall.
func DigitScale(height int, presentation bool) int {
	n := 1
	switch {
	case height >= 60:
		n = 4
	case height >= 45:
		n = 3
	case height >= 30:
		n = 2
	}
	if presentation {
		n++
	}
	return min(n, bigdigits.MaxScale)
}

// valueBlock is the value in block digits with the unit beside them, and on the
// right the target, status and change; it never takes more than half of room.
func (s Screen) valueBlock(room int) []string {
	st, k, r := s.Styles, s.KPI, s.Reading
	full, compact, unit := bigText(k, r)
	info := []string{
		st.Muted.Render("Target  ") + st.Text.Render(model.TargetText(k, r.Target)),
		st.Muted.Render("Status  ") + frame.StatusStyle(st, r.Status).Bold(true).Render(strings.ToUpper(r.Status.Text())),
	}
	if c := frame.ChangeText(st, r); c != "" {
		info = append(info, st.Muted.Render("Change  ")+c+st.Muted.Render(" "+k.SinceLast()))
	} else {
		info = append(info, st.Muted.Render("Change  —"))
	}
	infoW := min(infoWidth, s.Width/2)
	digitsW := s.Width - infoW - 2
	unitW := 0
	if unit != "" {
		unitW = frame.Width(unit) + 2
	}
	maxH := max(room/2, 3)
	text, scale := full, 0
	for _, t := range []string{full, compact} {
		if sc := bigdigits.Fit(t, digitsW-unitW, maxH, s.digitScale()); sc > 0 {
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
		drawnW = max(drawnW, frame.Width(d))
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
		out = append(out, frame.Pad(frame.Pad(d, drawnW)+frame.Clip(in, s.Width-drawnW), s.Width))
	}
	if room-len(out) > 12 {
		out = append([]string{""}, out...)
	}
	return out
}
