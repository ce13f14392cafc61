// Package ui is the Bubble Tea app. It never imports db or database/sql: it
// declares here the small store it needs, and main passes the db implementation in,
// so views can be tested against a fake store and the app cannot reach around the
// storage rules.
package ui

import (
	"context"

	"kpi/model"
)

// Store is what the app reads from and writes to the team file. Every write is
// version-checked and change-logged by the implementation; a conflict comes back
// as an error wrapping model.ErrConflict, and the app re-reads the row to show
// theirs next to the user's own edit.
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
	// WeekValues are every KPI's values of week w, whole: with when and by
	// whom each last changed, so a concluded review marks what changed since.
	WeekValues(w model.Week) ([]model.Value, error)
	// LatestValueWeek is the newest week up to `to` that holds a value of any
	// KPI; ok is false when no week does. G goes there, and the app opens there
	// when the weeks around today are empty (an old file, an import).
	LatestValueWeek(ctx context.Context, to model.Week) (w model.Week, ok bool, err error)
	// Events are every week event, by week then id: a handful a year, read
	// whole with the week's data for the charts, week headers and walkthrough.
	Events() ([]model.Event, error)
	// ReadOnlyReason is "" when the file can be written, else why not.
	ReadOnlyReason() string

	LoadReads

	PlanStore
	ReviewStore
}

// LoadReads are the reads of the root's load (Load), each given up when its
// context is cancelled: a newer load (another week asked for) cancels the
// stale one, so holding ] does not queue a full read per week passed.
type LoadReads interface {
	SettingsContext(ctx context.Context) (model.Settings, error)
	ObjectivesContext(ctx context.Context) ([]model.Objective, error)
	KPIsContext(ctx context.Context) ([]model.KPI, error)
	ValuesContext(ctx context.Context, from, to model.Week) ([]model.Value, error)
}

// PlanStore is what the Objectives and Scorecard views and the KPI and objective
// editors write: definitions, version-checked against what the form opened with.
type PlanStore interface {
	// KPI is one KPI, archived or not, as it is now (a conflict re-reads it).
	KPI(id int64) (model.KPI, error)
	// CreateKPI validates k alone and against the others (unique key, formula keys
	// and cycles); marking it the OMTM clears the previous one in the same write.
	CreateKPI(k model.KPI) (model.KPI, error)
	UpdateKPI(k model.KPI) (model.KPI, error)
	CreateObjective(o model.Objective) (model.Objective, error)
	UpdateObjective(o model.Objective) (model.Objective, error)
}

// ReviewStore is what the Review view writes: the week's review and its
// checklist, action items, and the team's checklist template (in Settings).
type ReviewStore interface {
	Reviews() ([]model.Review, error)
	// Review is week w's review; ok is false when it has not been started.
	Review(w model.Week) (r model.Review, ok bool, err error)
	// StartReview opens week w's review with the checklist copied from the
	// template; a conflict when someone started it first.
	StartReview(w model.Week) (model.Review, error)
	// UpdateReview saves the review's own fields and reviewed KPIs; checklist
	// items are saved one by one with UpdateChecklistItem.
	UpdateReview(r model.Review) (model.Review, error)
	UpdateChecklistItem(it model.ChecklistItem) (model.ChecklistItem, error)
	// ActionItems are every action item, open ones first.
	ActionItems() ([]model.ActionItem, error)
	CreateActionItem(a model.ActionItem) (model.ActionItem, error)
	UpdateActionItem(a model.ActionItem) (model.ActionItem, error)
	UpdateSettings(st model.Settings) (model.Settings, error)
}
