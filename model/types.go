// Package model is the domain of kpi: weeks, KPIs, targets, statuses, reviews and
// the pure functions that derive what the app and the command line show. It uses
// the standard library only, so every rule here can be tested without a file or a
// terminal.
package model

import "time"

// Direction says which way a KPI should move; it decides how a value is judged
// against its target and whether a change is good news.
type Direction string

// Directions of spec §2.
const (
	Up    Direction = "up"    // higher is better
	Down  Direction = "down"  // lower is better (churn, CAC, cycle time)
	Range Direction = "range" // inside a band is good
	// None is a context metric (CPI, temperature beside sales): shown, charted
	// and compared, never judged — no status, no good or bad colour, left out of
	// roll-ups and hygiene.
	None Direction = "none"
)

// Judged reports whether values of a KPI of this direction get a status and a
// good or bad verdict; a context metric (None) is only shown.
func (d Direction) Judged() bool { return d != None }

// Tier separates the 3–5 key KPIs reviewed every week from diagnostic health metrics.
type Tier string

// Tiers of spec §2.
const (
	TierKey    Tier = "key"
	TierHealth Tier = "health"
)

// Indicator says whether a KPI predicts results (leading) or records them (lagging).
type Indicator string

// Indicators of spec §2.
const (
	Leading Indicator = "leading"
	Lagging Indicator = "lagging"
)

// Kind says whether the owner enters a number or a judgement each week.
type Kind string

// Kinds of spec §2.
const (
	Quantitative Kind = "quantitative"
	Qualitative  Kind = "qualitative"
)

// Cadence says how often a value is due.
type Cadence string

// Cadences of spec §2.
const (
	Weekly  Cadence = "weekly"
	Monthly Cadence = "monthly" // due in the first week of each month (the week of its first Thursday)
)

// Aggregate says how weekly values roll up into month, quarter and year totals.
type Aggregate string

// Aggregates of spec §2.
const (
	AggSum  Aggregate = "sum"
	AggAvg  Aggregate = "avg"
	AggLast Aggregate = "last"
)

// Status is the judgement of a KPI in one week.
type Status string

// Statuses of spec §2. The empty Status means "none given" (for a value without an
// owner's override).
const (
	OnTrack   Status = "on_track"
	AtRisk    Status = "at_risk"
	OffTrack  Status = "off_track"
	Missing   Status = "missing"   // a due week without a value
	NoTarget  Status = "no_target" // shown, never guessed
	NotAvail  Status = "n/a"       // a derived KPI whose formula cannot be computed (division by zero)
	Context   Status = "context"   // a context metric (direction none): shown, never judged
	BadValue  Status = "bad_value" // the file's number or status for the week is unusable (Value.Bad says why)
	NoneGiven Status = ""
)

// ObjectiveState is where an objective stands in its life.
type ObjectiveState string

// Objective states of spec §2.
const (
	ObjectiveActive  ObjectiveState = "active"
	ObjectiveDone    ObjectiveState = "done"
	ObjectiveDropped ObjectiveState = "dropped"
)

// ReviewState is where a week's review meeting stands.
type ReviewState string

// Review states of spec §2.
const (
	ReviewNotStarted ReviewState = "not_started"
	ReviewInProgress ReviewState = "in_progress"
	ReviewConcluded  ReviewState = "concluded"
)

// Stamp records who last changed a row and which version it is at. Every editable
// row carries one so that saves can be version-checked (shared-drive.md: nobody's
// edit is lost).
type Stamp struct {
	Version   int64     `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	UpdatedBy string    `json:"updated_by"`
}

// Objective is a business goal that KPIs serve.
type Objective struct {
	ID          int64          `json:"id"`
	Title       string         `json:"title"`
	Description string         `json:"description,omitempty"`
	Owner       string         `json:"owner,omitempty"`
	Start       Week           `json:"start"`
	End         Week           `json:"end"`
	State       ObjectiveState `json:"state"`
	Archived    bool           `json:"archived,omitempty"`
	Stamp
}

// TargetPoint is one point of a KPI's target path. For up and down KPIs Value is
// the target; for range KPIs Value is the low bound and High the high bound.
type TargetPoint struct {
	Week  Week    `json:"week"`
	Value float64 `json:"value"`
	High  float64 `json:"high,omitempty"`
}

// Tolerance is the at-risk band beside a target: a percentage of the target, or an
// amount in the KPI's own unit when Absolute is set.
type Tolerance struct {
	Amount   float64 `json:"amount"`
	Absolute bool    `json:"absolute,omitempty"`
}

// DefaultTolerance is the 5 % band of spec §2.
var DefaultTolerance = Tolerance{Amount: 5}

// KPI is the definition of one metric (spec §2).
type KPI struct {
	ID          int64  `json:"id"`
	Key         string `json:"key"`
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
	Owner       string `json:"owner,omitempty"`
	// ObjectiveID links the KPI to the objective it serves; 0 means none.
	ObjectiveID int64      `json:"objective_id,omitempty"`
	Unit        string     `json:"unit,omitempty"`
	Decimals    int        `json:"decimals"`
	Direction   Direction  `json:"direction"`
	Targets     TargetPath `json:"targets,omitempty"`
	Tolerance   Tolerance  `json:"tolerance"`
	Tier        Tier       `json:"tier"`
	OMTM        bool       `json:"omtm,omitempty"`
	Indicator   Indicator  `json:"indicator"`
	Kind        Kind       `json:"kind"`
	Cadence     Cadence    `json:"cadence"`
	Aggregate   Aggregate  `json:"aggregate"`
	Formula     string     `json:"formula,omitempty"`
	// Tags group KPIs ("store", "region:north") for the filter, the dashboard
	// and Scorecard grouping and formulas like sum(tag:store); sorted, unique.
	Tags     []string `json:"tags,omitempty"`
	Archived bool     `json:"archived,omitempty"`
	// DefinitionReviewed is when the team last confirmed this is still the right
	// KPI (domain.md: "set and forget"); zero means never since it was created.
	DefinitionReviewed time.Time `json:"definition_reviewed,omitempty"`
	// FirstValue is the week of the KPI's earliest value in the file, zero when
	// it has none: the store fills it in on every read (it is not a column and
	// not exported), so that FirstWeek can tell weeks before the KPI was
	// tracked from weeks whose value is missing.
	FirstValue Week `json:"-"`
	// Bad says what in the file's row (or its target path) could not be used as
	// written, "" when nothing: the store stood in a safe default for each such
	// field (see db's row decoding) so the rest of the KPI still shows, and
	// `kpi doctor` names the cells.
	Bad string `json:"bad,omitempty"`
	Stamp
}

// Derived reports whether the KPI is computed from other KPIs instead of entered.
func (k KPI) Derived() bool { return k.Formula != "" }

// Value is what an owner entered for one KPI in one week.
type Value struct {
	ID    int64 `json:"id"`
	KPIID int64 `json:"kpi_id"`
	Week  Week  `json:"week"`
	// Number is the value of a quantitative KPI; HasNumber is false for a
	// qualitative KPI, whose judgement is in Status.
	Number    float64 `json:"number"`
	HasNumber bool    `json:"has_number"`
	// Status is the owner's status: required for qualitative KPIs, an optional
	// override for quantitative ones (with OverrideReason).
	Status         Status    `json:"status,omitempty"`
	OverrideReason string    `json:"override_reason,omitempty"`
	Note           string    `json:"note,omitempty"`
	EnteredBy      string    `json:"entered_by"`
	EnteredAt      time.Time `json:"entered_at"`
	// Bad says why the file's number or status for this week cannot be used
	// ("number 'abc' is text"), "" when they can. A bad value has no number
	// and the status BadValue: it is shown as bad and left out of charts,
	// sums, trends and statuses, and the rest of the KPI still shows.
	Bad string `json:"bad,omitempty"`
	Stamp
}

// Review is one week's review meeting.
type Review struct {
	ID           int64           `json:"id"`
	Week         Week            `json:"week"`
	State        ReviewState     `json:"state"`
	Facilitator  string          `json:"facilitator,omitempty"`
	Attendees    []string        `json:"attendees,omitempty"`
	Notes        string          `json:"notes,omitempty"`
	Rating       int             `json:"rating,omitempty"` // 1–10; 0 means not rated
	StartedAt    time.Time       `json:"started_at,omitempty"`
	ConcludedAt  time.Time       `json:"concluded_at,omitempty"`
	ReviewedKPIs []int64         `json:"reviewed_kpis,omitempty"`
	Checklist    []ChecklistItem `json:"checklist,omitempty"`
	Stamp
}

// ChecklistItem is one agenda item of a review, copied from the team's template
// when the review starts.
type ChecklistItem struct {
	ID             int64     `json:"id"`
	ReviewID       int64     `json:"review_id"`
	Position       int       `json:"position"`
	Text           string    `json:"text"`
	TimeboxMinutes int       `json:"timebox_minutes,omitempty"`
	Done           bool      `json:"done,omitempty"`
	DoneBy         string    `json:"done_by,omitempty"`
	DoneAt         time.Time `json:"done_at,omitempty"`
	Note           string    `json:"note,omitempty"`
	Stamp
}

// TemplateItem is one item of the team's checklist template.
type TemplateItem struct {
	Text           string `json:"text"`
	TimeboxMinutes int    `json:"timebox_minutes,omitempty"`
}

// DefaultChecklist is the template of spec §2, modelled on the EOS Level 10 agenda.
func DefaultChecklist() []TemplateItem {
	return []TemplateItem{
		{"Check-in and wins", 5},
		{"Scorecard: every key KPI against target", 10},
		{"Off-track KPIs: causes and course corrections", 15},
		{"Objectives on or off track", 5},
		{"Last week's action items done or not", 5},
		{"New action items with owner and due week", 10},
		{"Are these still the right KPIs?", 5},
		{"Wrap-up: recap and rate the meeting", 5},
	}
}

// ActionItem is a to-do that comes out of a review; open items carry over into every
// later review until done.
type ActionItem struct {
	ID          int64     `json:"id"`
	Text        string    `json:"text"`
	Owner       string    `json:"owner,omitempty"`
	Due         Week      `json:"due"`
	KPIID       int64     `json:"kpi_id,omitempty"`
	CreatedWeek Week      `json:"created_week"`
	Done        bool      `json:"done,omitempty"`
	DoneBy      string    `json:"done_by,omitempty"`
	DoneAt      time.Time `json:"done_at,omitempty"`
	Stamp
}

// Change is one row of the append-only change log: who changed what, when, from
// which host, with the old and new values (JSON) so history can show it and undo
// can reverse it.
type Change struct {
	ID       int64     `json:"id"`
	At       time.Time `json:"at"`
	User     string    `json:"user"`
	Host     string    `json:"host"`
	Entity   string    `json:"entity"` // "value", "kpi", "objective", "review", "checklist", "action", "settings"
	EntityID int64     `json:"entity_id"`
	Action   string    `json:"action"` // "create", "update", "delete", "archive", ...
	Summary  string    `json:"summary"`
	Old      string    `json:"old,omitempty"`
	New      string    `json:"new,omitempty"`
	// Fields are the fields this change set, old → new, as clean display text
	// the store derived from Old and New on the way out (history shows them;
	// the summary only names them).
	Fields []FieldChange `json:"fields,omitempty"`
}

// FieldChange is one field of a change: its name and its display text before
// and after ("" for none, as for a field a create sets).
type FieldChange struct {
	Name string `json:"name"`
	Old  string `json:"old"`
	New  string `json:"new"`
}

// Settings are the team's settings, kept in the shared file. Personal settings
// (theme, default file) live in the user's config directory instead.
type Settings struct {
	TeamName      string         `json:"team_name"`
	ReviewWeekday time.Weekday   `json:"review_weekday"`
	Checklist     []TemplateItem `json:"checklist"`
	DefaultTheme  string         `json:"default_theme,omitempty"`
	Version       int64          `json:"version"`
	// Bad says what in the file's settings row could not be used as written
	// (a checklist template that is not a list), "" when nothing; the default
	// stands in for it.
	Bad string `json:"bad,omitempty"`
}

// DefaultSettings are the settings of a new team file.
func DefaultSettings(team string) Settings {
	return Settings{TeamName: team, ReviewWeekday: time.Monday, Checklist: DefaultChecklist(), DefaultTheme: "dark"}
}

// Session is one running app that has the file open (presence, never a lock).
type Session struct {
	ID        int64     `json:"id"`
	User      string    `json:"user"`
	Host      string    `json:"host"`
	PID       int       `json:"pid"`
	StartedAt time.Time `json:"started_at"`
	Heartbeat time.Time `json:"heartbeat"`
}

// Dataset is everything in a team file: what `kpi export --format json` writes and
// what `kpi import` of a JSON export (or `kpi demo`) loads into a fresh file. IDs
// are kept so that links between rows survive the round trip.
type Dataset struct {
	Format      string       `json:"format"` // DatasetFormat
	Settings    Settings     `json:"settings"`
	Objectives  []Objective  `json:"objectives"`
	KPIs        []KPI        `json:"kpis"`
	Values      []Value      `json:"values"`
	Reviews     []Review     `json:"reviews"`
	ActionItems []ActionItem `json:"action_items"`
	Events      []Event      `json:"events,omitempty"`
}

// DatasetFormat names the JSON export format so an import can recognise it.
const DatasetFormat = "kpi-export/1"

// ThemeNames are the colour themes kpi draws in, as a team's default theme
// names them. The list lives here so that the store, which may not import the
// themes package, can tell a name no kpi knows from a real one; a test in
// themes keeps it equal to themes.Names.
func ThemeNames() []string {
	return []string{"dark", "light", "high-contrast", "colorblind", "mono"}
}

// String is how history shows the field: "formula: a / b → a / (b + c)", or
// for a field a new row set, "note: Thanksgiving".
func (f FieldChange) String() string {
	if f.Old == "" {
		return f.Name + ": " + f.New
	}
	return f.Name + ": " + f.Old + " → " + f.New
}
