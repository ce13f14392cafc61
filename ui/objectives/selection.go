package objectives

import (
	"kpi/model"
	"kpi/ui/frame"
)

// Selection is the selected objective or KPI, for the history overlay.
func (m Model) Selection() frame.Selection {
	r, ok := m.selected()
	switch {
	case !ok:
		return frame.Selection{}
	case r.kind == rowKPI:
		return frame.Selection{Kind: "kpi", ID: r.kpi.ID, Label: "KPI " + model.Sanitize(r.kpi.Name, false)}
	}
	return frame.Selection{Kind: "objective", ID: r.obj.ID, Label: "objective " + model.Sanitize(r.obj.Title, false)}
}
