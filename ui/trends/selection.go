package trends

import "kpi/ui/frame"

// Selection is the KPI shown, for the history overlay.
func (m Model) Selection() frame.Selection {
	if m.kpiID == 0 || m.ctx.Data == nil {
		return frame.Selection{}
	}
	for _, k := range m.ctx.Data.KPIs {
		if k.ID == m.kpiID {
			return frame.Selection{Kind: "kpi", ID: k.ID, Label: "KPI " + k.Name}
		}
	}
	return frame.Selection{}
}
