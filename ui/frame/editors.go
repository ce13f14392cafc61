package frame

import "github.com/charmbracelet/bubbles/key"

// EditKPIMsg asks the root to open the KPI editor over the view: on KPI KPIID, or
// on a new KPI when KPIID is 0 — linked to ObjectiveID when that is set, so `n`
// on an objective starts a KPI that serves it.
type EditKPIMsg struct{ KPIID, ObjectiveID int64 }

// EditObjectiveMsg asks the root to open the objective editor on objective ID,
// or on a new objective when ID is 0.
type EditObjectiveMsg struct{ ID int64 }

// NewKPIKey is `n`, the key every view that lists KPIs uses to start a new one,
// so it reads the same on the dashboard, the objectives and the scorecard.
func NewKPIKey() key.Binding {
	return key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "new KPI"))
}

// EditKey is `E`, the key that opens the editor on the selection (`e` is the
// root's entry form).
func EditKey() key.Binding {
	return key.NewBinding(key.WithKeys("E"), key.WithHelp("E", "edit"))
}
