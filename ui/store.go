// Package ui is the Bubble Tea app. It never imports db or database/sql: it
// declares here the small store it needs, and main passes the db implementation in,
// so views can be tested against a fake store and the app cannot reach around the
// storage rules.
package ui

import "kpi/model"

// Store is what the app reads from and writes to the team file. Every write is
// version-checked and change-logged by the implementation; a conflict comes back
// as an error the app shows next to the user's own edit.
type Store interface {
	Settings() (model.Settings, error)
	Objectives() ([]model.Objective, error)
	KPIs() ([]model.KPI, error)
	// Values are every KPI's values with weeks in [from, to].
	Values(from, to model.Week) ([]model.Value, error)
	// ValuesOf are one KPI's values with weeks in [from, to]; a zero week leaves
	// that end open, so Trends can read a KPI's whole history.
	ValuesOf(kpiID int64, from, to model.Week) ([]model.Value, error)
	// SaveValue is a version-checked edit of one week's value (Version 0: a new one).
	SaveValue(v model.Value) (model.Value, error)
	// ReadOnlyReason is "" when the file can be written, else why not.
	ReadOnlyReason() string
}
