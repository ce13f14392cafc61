// Package frame is what every view of the app shares with the root: the data of
// the week under review, the context it is drawn in, the messages a view sends to
// ask the root for something, and the Page adapter that lets the root hold views of
// different types in one list. Views import frame; frame imports no view, so a new
// view is one new package and one line in the root.
package frame

import (
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"kpi/model"
	"kpi/themes"
)

// Data is what the root loaded from the store for the week under review. Views
// read it and never change it; a reload replaces it whole.
type Data struct {
	Week       model.Week
	Settings   model.Settings
	Objectives []model.Objective
	// KPIs are the active (not archived) KPIs, in the store's order.
	KPIs []model.KPI
	// Readings are the KPIs' readings for Week, in the order of KPIs.
	Readings []model.Reading
	// TrailWeeks are the weeks the dashboard's sparklines show, oldest first,
	// ending at Week; Trail holds each KPI's number for them (by KPI id).
	TrailWeeks []model.Week
	Trail      map[int64][]TrailPoint
	// Series are every KPI's values (archived ones too, derived ones computed)
	// for the weeks SeriesFrom..Week: what the readings and trails came from.
	// Views that need these weeks (the Scorecard's 13, the Review's charts) use
	// them instead of reading the file again.
	Series     map[int64]model.Series
	SeriesFrom model.Week
	// Events are every week event of the team, by week (a handful a year):
	// the Trends chart, the Scorecard's week header and the walkthrough mark
	// the weeks they fall in.
	Events []model.Event
	// ReadOnly is why the file cannot be written, or "".
	ReadOnly string
	// User is who this app writes as (the change log's "who").
	User string
}

// TrailPoint is one week of a sparkline (a gap when OK is false).
type TrailPoint = model.Sample

// SeriesCover reports whether Series holds the weeks from..to of the week under
// review to.
func (d *Data) SeriesCover(from, to model.Week) bool {
	return d != nil && d.Series != nil && to == d.Week && !from.Before(d.SeriesFrom)
}

// ObjectiveTitle is the title of objective id, or "" for none or an unknown id.
func (d *Data) ObjectiveTitle(id int64) string {
	if d == nil {
		return ""
	}
	for _, o := range d.Objectives {
		if o.ID == id {
			return o.Title
		}
	}
	return ""
}

// Context is everything besides its own state that decides what a view draws.
// The root passes a new one whenever any part changes; views redraw their cached
// strings then, and only then.
type Context struct {
	Data         *Data // nil until the first load finished
	Styles       *themes.Styles
	Presentation bool   // screen-share mode: larger cards, no key help
	Filter       string // the text of the `/` filter, applied by views that list things
	Now          time.Time
}

// Styled is c with the unstyled styles when it has none (a view not yet given
// the root's context, or a test's): views never draw with nil styles.
func (c Context) Styled() Context {
	if c.Styles == nil {
		c.Styles = themes.Unstyled()
	}
	return c
}

// OpenKPIMsg asks the root to show one KPI in the Trends view.
type OpenKPIMsg struct{ KPIID int64 }

// NoticeMsg asks the root to show a one-line message in the footer (Error: drawn
// as a problem).
type NoticeMsg struct {
	Text  string
	Error bool
}

// ReloadMsg asks the root to reload the week's data from the store, e.g. after a
// view saved something.
type ReloadMsg struct{}

// Notice returns a command that sends a NoticeMsg.
func Notice(text string, isError bool) tea.Cmd {
	return func() tea.Msg { return NoticeMsg{Text: text, Error: isError} }
}

// View is the shape every view has (house-style.md): value methods that return
// the view's own concrete type.
type View[V any] interface {
	Init() tea.Cmd
	Update(msg tea.Msg) (V, tea.Cmd)
	View() string
	SetSize(width, height int) V
	SetContext(c Context) V
	// Title is the view's name on the tab bar.
	Title() string
	// Capturing reports that a text input of the view has focus, so the root
	// must pass it every key before its own.
	Capturing() bool
	ShortHelp() []key.Binding
	FullHelp() [][]key.Binding
}

// Page is a view as the root holds it. Adapt makes one from any View, so the root
// keeps its views in one list without type assertions.
type Page interface {
	Init() tea.Cmd
	Update(msg tea.Msg) (Page, tea.Cmd)
	View() string
	SetSize(width, height int) Page
	SetContext(c Context) Page
	Title() string
	Capturing() bool
	ShortHelp() []key.Binding
	FullHelp() [][]key.Binding
	// HelpSections is the help overlay's keys: the view's own sections when it
	// has modes (Sectioned), else its FullHelp as one untitled section.
	HelpSections() []HelpSection
}

// Adapt wraps a view as a Page.
func Adapt[V View[V]](v V) Page { return page[V]{v} }

// Lazy is a page built by build when it is first changed (Update, SetSize,
// SetContext), which return the built page in its place: the root makes all
// five views at start, and building the four not shown was a tenth of the
// time before the first frame, most of it code and memory touched for the
// first time. Until then its tab is title and it is not capturing, as a new
// view is not. Init, View and the help build a view to ask and drop it: a
// view's Init is a request for its data, the same from any new view.
func Lazy(title string, build func() Page) Page { return lazy{title, build} }

type lazy struct {
	title string
	build func() Page
}

func (l lazy) Init() tea.Cmd                      { return l.build().Init() }
func (l lazy) Update(msg tea.Msg) (Page, tea.Cmd) { return l.build().Update(msg) }
func (l lazy) View() string                       { return l.build().View() }
func (l lazy) SetSize(w, h int) Page              { return l.build().SetSize(w, h) }
func (l lazy) SetContext(c Context) Page          { return l.build().SetContext(c) }
func (l lazy) Title() string                      { return l.title }
func (l lazy) Capturing() bool                    { return false }
func (l lazy) ShortHelp() []key.Binding           { return l.build().ShortHelp() }
func (l lazy) FullHelp() [][]key.Binding          { return l.build().FullHelp() }
func (l lazy) HelpSections() []HelpSection        { return l.build().HelpSections() }

type page[V View[V]] struct{ v V }

func (p page[V]) Init() tea.Cmd { return p.v.Init() }
func (p page[V]) Update(msg tea.Msg) (Page, tea.Cmd) {
	v, cmd := p.v.Update(msg)
	return page[V]{v}, cmd
}
func (p page[V]) View() string              { return p.v.View() }
func (p page[V]) SetSize(w, h int) Page     { return page[V]{p.v.SetSize(w, h)} }
func (p page[V]) SetContext(c Context) Page { return page[V]{p.v.SetContext(c)} }
func (p page[V]) Title() string             { return p.v.Title() }
func (p page[V]) Capturing() bool           { return p.v.Capturing() }
func (p page[V]) ShortHelp() []key.Binding  { return p.v.ShortHelp() }
func (p page[V]) FullHelp() [][]key.Binding { return p.v.FullHelp() }

func (p page[V]) HelpSections() []HelpSection {
	if s, ok := any(p.v).(Sectioned); ok {
		return s.HelpSections()
	}
	return []HelpSection{{Groups: p.v.FullHelp()}}
}

// Backer is a view with a mode of its own that esc leaves (the Review view's
// walkthrough): while HandlesBack is true the root passes esc to the view
// instead of going back to the previous view.
type Backer interface{ HandlesBack() bool }

// HandlesBack reports whether the wrapped view takes esc now (see Backer).
func (p page[V]) HandlesBack() bool {
	b, ok := any(p.v).(Backer)
	return ok && b.HandlesBack()
}
