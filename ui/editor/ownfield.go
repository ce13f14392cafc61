package editor

import (
	"strings"

	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"kpi/themes"
	"kpi/ui/frame"
)

// The form's own field kinds, where huh cannot do what the form needs: a target
// point (three inputs in one line, added and removed while the form is open), a
// switch (huh's confirm marks its choice by colour alone, which NO_COLOR loses)
// and a button. Each is a formField like the huh fields, so the form holds
// every line's control the same way. As with a huh select, the form turns its
// own (rebindable) keys into the fixed ones a field knows: ←/→ or space for a
// switch, enter for a button, a stepMsg for moving through a target point.

// restyler is a field of the form's own that takes new styles in place after a
// theme switch (a huh field is made again instead).
type restyler interface{ restyle(*themes.Styles) }

// stepMsg asks a target point to move its focus d inputs on (the form's next
// and previous keys, tab and shift+tab by default).
type stepMsg int

// leaveMsg is what a target point answers a stepMsg with when it has no input
// further that way: the form moves to the next (d > 0) or previous field.
type leaveMsg int

// pressedMsg is what a button answers enter or space with: the form acts on it.
type pressedMsg struct{ id fieldID }

// answer runs a field's command for the message the form acts on; a field of
// the form's own returns only such commands (or none) for the keys it is sent.
func answer(cmd tea.Cmd) tea.Msg {
	if cmd == nil {
		return nil
	}
	return cmd()
}

// The inputs of a target point, in focus order.
const (
	ptWeek = iota
	ptLow  // the value, or the low bound of a range
	ptHigh // the high bound of a range
)

// targetPoint is one point of the target path: its week, its value (the low
// bound of a range) and, for range KPIs, its high bound.
type targetPoint struct {
	st              *themes.Styles
	week, low, high textinput.Model
	sub             int  // the input with the focus
	rng             bool // the KPI is a range: the high bound shows and takes the focus
}

// newTargetPoint is a point holding week, low and high; an empty week stands
// for defaultWeek (its placeholder), the week under review.
func newTargetPoint(st *themes.Styles, week, low, high, defaultWeek string) *targetPoint {
	p := &targetPoint{st: st}
	p.week = frame.NewInput(st, defaultWeek, 10, 20)
	p.low = frame.NewInput(st, "e.g. 48k", 12, 40)
	p.high = frame.NewInput(st, "high", 12, 40)
	p.week.SetValue(week)
	p.low.SetValue(low)
	p.high.SetValue(high)
	p.week.Width, p.low.Width, p.high.Width = weekW-1, valW-1, valW-1
	return p
}

func (p *targetPoint) inputs() []*textinput.Model {
	return []*textinput.Model{&p.week, &p.low, &p.high}
}

// stops is how many inputs take the focus: the week, the value and, for range
// KPIs, the high bound.
func (p *targetPoint) stops() int {
	if p.rng {
		return 3
	}
	return 2
}

// at is the input with the focus.
func (p *targetPoint) at() int { return p.sub }

// setSub puts the focus on input i (ptWeek, ptLow, ptHigh), within the stops.
func (p *targetPoint) setSub(i int) { p.sub = max(min(i, p.stops()-1), 0) }

// setInput puts s into input i (ptWeek, ptLow, ptHigh).
func (p *targetPoint) setInput(i int, s string) { p.inputs()[i].SetValue(s) }

// blank reports whether the point was left empty (it is dropped on save).
func (p *targetPoint) blank() bool {
	for _, in := range p.inputs() {
		if strings.TrimSpace(in.Value()) != "" {
			return false
		}
	}
	return true
}

// Focus focuses the point's current input; typing goes after what is there
// (ctrl+u clears it).
func (p *targetPoint) Focus() tea.Cmd {
	in := p.inputs()[min(p.sub, ptHigh)]
	in.Focus()
	in.CursorEnd()
	return nil
}

// Blur blurs every input; a point not being edited shows their beginnings.
func (p *targetPoint) Blur() tea.Cmd {
	for _, in := range p.inputs() {
		in.Blur()
		in.CursorStart()
	}
	return nil
}

// Error is nil: the form checks a point against the others and shows the reason.
func (p *targetPoint) Error() error { return nil }

// GetKey names the field as huh's do.
func (p *targetPoint) GetKey() string { return "target" }

// GetValue is the point's three texts: week, low (the value) and high.
func (p *targetPoint) GetValue() any {
	return [3]string{p.week.Value(), p.low.Value(), p.high.Value()}
}

// Update moves the focus within the point on a stepMsg (a leaveMsg command past
// its first or last input) and hands every other key to the focused input.
func (p *targetPoint) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if d, ok := msg.(stepMsg); ok {
		next := p.sub + int(d)
		if next < 0 || next >= p.stops() {
			return p, func() tea.Msg { return leaveMsg(d) }
		}
		p.Blur()
		p.sub = next
		p.Focus()
		return p, nil
	}
	if _, ok := msg.(tea.KeyMsg); !ok {
		return p, nil
	}
	in := p.inputs()[min(p.sub, ptHigh)]
	var cmd tea.Cmd
	*in, cmd = in.Update(msg)
	return p, cmd
}

// Init is nil: a point has nothing to start (it is a tea.Model as huh's are).
func (p *targetPoint) Init() tea.Cmd { return nil }

// View draws the point: "week [2026-W47] value [48k]", or for range KPIs
// "week […] low […] high […]".
func (p *targetPoint) View() string {
	part := func(label string, in string, width int) string {
		return p.st.Muted.Render(label+" [") + frame.Pad(in, width) + p.st.Muted.Render("]")
	}
	s := part("week", p.week.View(), weekW)
	if p.rng {
		return s + " " + part("low", p.low.View(), valW) + " " + part("high", p.high.View(), valW)
	}
	return s + " " + part("value", p.low.View(), valW)
}

func (p *targetPoint) restyle(st *themes.Styles) {
	p.st = st
	for _, in := range p.inputs() {
		frame.StyleInput(in, st)
	}
}

// toggle is a yes-or-no switch drawn "[x] yes" / "[ ] no", readable without
// colour.
type toggle struct {
	st      *themes.Styles
	key     string
	on      bool
	focused bool
}

func (t *toggle) Focus() tea.Cmd { t.focused = true; return nil }
func (t *toggle) Blur() tea.Cmd  { t.focused = false; return nil }
func (t *toggle) Error() error   { return nil }
func (t *toggle) GetKey() string { return t.key }
func (t *toggle) Init() tea.Cmd  { return nil }

// GetValue is whether the switch is on (a bool).
func (t *toggle) GetValue() any { return t.on }

// Update flips the switch on space, ← or →.
func (t *toggle) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if k, ok := msg.(tea.KeyMsg); ok && (k.Type == tea.KeyLeft || k.Type == tea.KeyRight || k.Type == tea.KeySpace || k.String() == " ") {
		t.on = !t.on
	}
	return t, nil
}

func (t *toggle) View() string {
	mark, text := "[ ]", "no"
	if t.on {
		mark, text = "[x]", "yes"
	}
	if t.focused {
		return t.st.Accent.Render(mark) + " " + t.st.Bold.Render(text)
	}
	return t.st.Muted.Render(mark) + " " + text
}

func (t *toggle) restyle(st *themes.Styles) { t.st = st }

// button is a line that does something on enter or space: save, or add a target
// point.
type button struct {
	st      *themes.Styles
	id      fieldID
	text    string
	focused bool
}

func (b *button) Focus() tea.Cmd { b.focused = true; return nil }
func (b *button) Blur() tea.Cmd  { b.focused = false; return nil }
func (b *button) Error() error   { return nil }
func (b *button) GetKey() string { return b.text }
func (b *button) Init() tea.Cmd  { return nil }

// GetValue is nil: a button holds nothing (as huh's note).
func (b *button) GetValue() any { return nil }

// Update answers enter or space with a pressedMsg command, which the form acts on.
func (b *button) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if k, ok := msg.(tea.KeyMsg); ok && (k.Type == tea.KeyEnter || k.Type == tea.KeySpace || k.String() == " ") {
		id := b.id
		return b, func() tea.Msg { return pressedMsg{id} }
	}
	return b, nil
}

func (b *button) View() string {
	if b.focused {
		return b.st.Accent.Render(b.text)
	}
	return b.st.Muted.Render(b.text)
}

func (b *button) restyle(st *themes.Styles) { b.st = st }
