package review

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"kpi/model"
	"kpi/ui/frame"
	"kpi/ui/walkthrough"
)

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

// composeWalk draws the walkthrough of the shown KPI (ui/walkthrough).
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
	s := walkthrough.Screen{Styles: st, Width: m.width, Height: m.height, Presentation: m.ctx.Presentation,
		KPI: k, Reading: r, Marked: m.walkMarked(k), Objective: m.ctx.Data.ObjectiveTitle(k.ObjectiveID), Timer: m.walkTimer(),
		Actions: m.walkActions(k), Events: model.EventText(m.ctx.Data.Events, m.ctx.Data.Week), Bottom: m.bottomLines(nil)}
	ks := m.order()
	s.Of = len(ks)
	for i, x := range ks {
		if x.ID == k.ID {
			s.Pos = i + 1
		}
	}
	var series model.Series
	if m.current() {
		series = m.snap.series[k.ID]
	}
	s.Chart = func(height int) string { // m is this call's copy: the cache it fills is returned with it
		return m.walkCache.Chart(walkChartKey{k.ID, m.snap, m.ctx.Data}, st, k, series, m.ctx.Data.Week, m.ctx.Data.Events, !m.current(), m.width, height)
	}
	m.body = walkthrough.Draw(s)
	return m
}

// walkChartKey is what the cached walkthrough chart was drawn from besides its
// size and theme.
type walkChartKey struct {
	kpi  int64
	snap *snapshot
	data *frame.Data
}

// walkMarked is whether the review marked k reviewed.
func (m Model) walkMarked(k model.KPI) walkthrough.Marked {
	switch {
	case !m.current() || !m.snap.held:
		return walkthrough.NotStarted
	case m.snap.review.Reviewed(k.ID):
		return walkthrough.Reviewed
	}
	return walkthrough.NotReviewed
}

// walkTimer is the running agenda item and its timer, so the facilitator keeps
// time while sharing; "" when none runs.
func (m Model) walkTimer() string {
	if !m.current() || m.snap.review.State != model.ReviewInProgress {
		return ""
	}
	a := model.AgendaAt(m.snap.review, m.opt.Now())
	if a.Current < 0 {
		return ""
	}
	st, t := m.ctx.Styles, a.Items[a.Current]
	lvl := model.LevelOf(t.Took, t.Timebox)
	timer := levelGlyph(lvl) + clockText(t.Took)
	if t.Timebox > 0 {
		timer += " of " + clockText(t.Timebox)
	}
	return st.Muted.Render("▶ "+frame.Clip(t.Item.Text, 28)+" ") + levelStyle(st, lvl).Render(timer)
}

// walkActions are k's open action items, drawn as the review's list draws them.
func (m Model) walkActions(k model.KPI) []string {
	if !m.current() {
		return nil
	}
	var out []string
	for _, a := range model.OpenAsOf(m.snap.actions, m.snap.week) {
		if a.KPIID == k.ID {
			out = append(out, m.actionLine(a, false, m.width))
		}
	}
	return out
}
