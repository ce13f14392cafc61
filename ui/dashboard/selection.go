package dashboard

import "kpi/ui/frame"

// Selection is the selected card's KPI, for the history overlay.
func (m Model) Selection() frame.Selection {
	k, ok := m.Selected()
	if !ok {
		return frame.Selection{}
	}
	return frame.Selection{Kind: "kpi", ID: k.ID, Label: "KPI " + k.Name}
}
