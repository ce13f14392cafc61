package ui

import (
	"kpi/ui/frame"
)

// minHintWidth is the fewest cells the hygiene hint is shown in; narrower, the
// key help keeps the footer and the Objectives view still shows the hint.
const minHintWidth = 24

// withHygiene is the footer's key help with the hygiene hint of domain.md (more
// than 5 key KPIs; a KPI without owner, target or objective) at its right, when
// a rule fails and the hint fits beside the help.
func (m Model) withHygiene(help string) string {
	hint := frame.HygieneHint(m.data)
	room := m.width - frame.Width(help) - 3
	if hint == "" || room < minHintWidth {
		return frame.Pad(help, m.width)
	}
	return frame.Spread(help, m.styles.Warn.Render(frame.Clip(hint, room)), m.width)
}
