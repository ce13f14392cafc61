package scorecard

import (
	"kpi/model"
	"kpi/ui/frame"
)

// Selection is the KPI of the cursor's row, for the history overlay.
func (m Model) Selection() frame.Selection {
	r, ok := m.current()
	if !ok {
		return frame.Selection{}
	}
	return frame.Selection{Kind: "kpi", ID: r.kpi.ID, Label: "KPI " + model.Sanitize(r.kpi.Name, false)}
}
