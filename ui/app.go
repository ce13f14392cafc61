package ui

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"kpi/model"
	"kpi/themes"
	"kpi/ui/dashboard"
	"kpi/ui/entry"
	"kpi/ui/frame"
	"kpi/ui/history"
	"kpi/ui/objectives"
	"kpi/ui/review"
	"kpi/ui/scorecard"
	"kpi/ui/trends"
)

// The views of spec §5, in tab order. Building a view replaces its line in
// newViews; the indices name the views the root routes messages to.
const (
	viewDashboard = iota
	viewObjectives
	viewScorecard
	viewTrends
	viewReview
	viewCount
)

var viewNames = [viewCount]string{"Dashboard", "Objectives", "Scorecard", "Trends", "Review"}

// newViews are the five views, each built when first shown (frame.Lazy).
func newViews(opt Options) []frame.Page {
	store, k := opt.Store, opt.Keys
	builds := [viewCount]func() frame.Page{
		func() frame.Page { return frame.Adapt(dashboard.New().WithKeys(k.Dashboard)) },
		func() frame.Page {
			return frame.Adapt(objectives.New(store).WithKeys(k.Objectives, k.ObjectivesPicker))
		},
		func() frame.Page { return frame.Adapt(scorecard.New(store).WithKeys(k.Scorecard, k.ScorecardEdit)) },
		func() frame.Page { return frame.Adapt(trends.New(store).WithKeys(k.Trends, k.TrendsEdit)) },
		func() frame.Page {
			return frame.Adapt(review.New(store, reviewOptions(opt)).WithKeys(k.Review, k.Walkthrough, k.ReviewEdit, k.Global.Back))
		},
	}
	views := make([]frame.Page, viewCount)
	for i, build := range builds {
		views[i] = frame.Lazy(viewNames[i], build)
	}
	return views
}

// Minimum terminal size: below it the app says so instead of drawing a broken
// layout. 80×24 is fully usable; these are the smallest sizes that still are.
const (
	MinWidth  = 60
	MinHeight = 16
)

// Options are what the app is started with.
type Options struct {
	Store Store
	// Path is the team file, shown in the header by its name.
	Path string
	// OnServer says the team lives on a database server: messages about
	// changes made outside kpi name the team, not a file.
	OnServer bool
	User     string
	// Theme is the palette to start with; ThemeExplicit says the user chose it
	// (flag, environment or personal config), so presentation mode keeps it
	// instead of switching to high contrast.
	Theme         themes.Theme
	ThemeExplicit bool
	// NoColor says $NO_COLOR is set: t does not leave the mono theme.
	NoColor bool
	// Renderer draws the styles; nil is the terminal's. Snapshots pass one with a
	// fixed colour profile.
	Renderer *lipgloss.Renderer
	// Now is the clock; nil is time.Now.
	Now func() time.Time
	// Week is the week under review at start; zero is the current week.
	Week model.Week
	// Notice is a warning shown in the footer at start.
	Notice string
	// Watch, when set, is polled every PollEvery for other people's commits
	// (live refresh); nil or a zero PollEvery turns polling off (snapshots, tests).
	Watch     Watcher
	PollEvery time.Duration
	// Presence, when set, registers this app as having the file open and shows
	// who else has (nil in snapshots and tests that do not test it).
	Presence Presence
	// Warning is a lasting one-line warning about where the file lives (a sync
	// folder, conflict copies beside it), drawn under the header.
	Warning string
	// Reports, when set, writes the report of a concluded review (report.Files
	// beside the team file); nil writes none.
	Reports review.Reports
	// History, when set, gives the history overlay (H) and undo (u).
	History History
	// DailyBackup, when set, runs once in the background after the first frame
	// (a backup of a large file takes seconds); a failure is shown as a notice.
	DailyBackup func() error
	// IntegrityCheck, when set, is the file's integrity check, which the open
	// left for later: it runs in the background after the first frame (a second
	// or more on a large file) and is cancelled when the app quits. An error
	// after which Store.ReadOnlyReason is set means the file is damaged: the app
	// turns read-only and says why.
	IntegrityCheck func(ctx context.Context) error
	// FirstFrame, when set, is called once when the first week is on screen,
	// before what waits for it starts (main restores the collector's pace).
	FirstFrame func()
	// Keys is every key map, as the personal config rebound them (Keys.Rebind);
	// nil is DefaultKeys.
	Keys *Keys
	// Log records loads and their timings, refreshes and saves for --debug; nil
	// logs nothing. It never writes to the terminal the app draws on.
	Log *slog.Logger

	// quit is cancelled when the app quits (Run), to stop the background check.
	quit context.Context
}

// Model is the root of the app: it owns the size, the theme, the week under
// review, the active view and the global keys, and draws the header, tab bar and
// footer around the active view.
type Model struct {
	opt    Options
	keys   KeyMap
	now    func() time.Time
	views  []frame.Page
	active int
	back   []int // views to return to with esc: those a KPI was opened from (drillTo)

	week    model.Week
	data    *frame.Data
	load    loading // the load in flight (load.go)
	loadErr error

	theme        themes.Theme
	explicit     bool
	presentation bool
	styles       *themes.Styles

	width, height int
	bodyTop       int        // the first line of the body
	tabHits       frame.Hits // the tabs as drawn, for mouse clicks

	filter    rootInput
	filtering bool
	// g's prompt (goto.go): the week typed, and why the last one was refused
	jump    rootInput
	jumping bool
	jumpErr string
	// overlays is the stack over the body (overlay.go): help, history, the entry
	// form, the editors; layerSeq numbers them for routing their results.
	overlays  []layer
	layerSeq  int
	notice    string
	noticeErr bool
	quitting  bool // the last frame is empty, so the shell prompt returns clean

	// live refresh: the file's generation and newest change-log id at the last
	// look; watching is false until the first look set them.
	watching             bool
	generation, changeID int64

	// lazy views: ctxGen counts context changes and bodySize is the views' size;
	// viewCtx and viewSize say what each view last took (ensureActive).
	ctxGen   int
	viewCtx  []int
	viewSize [][2]int
	bodySize [2]int
	// afterFirst: what waits for the first frame (presence, the live-refresh
	// baseline, undo's base, the integrity check, the daily backup) was started.
	afterFirst bool

	// presence: this app's session, the fingerprint of the session rows at the
	// last look, and the others with the file open.
	sessionID   int64
	sessionsKey string
	others      []string

	// undo: where this session starts in the change log (undoReady once read),
	// and the changes undone so far.
	undoFrom  int64
	undoReady bool
	undone    map[int64]bool
}

// New builds the app; Init loads the week.
func New(opt Options) Model {
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Keys == nil {
		k := DefaultKeys()
		opt.Keys = &k
	}
	if opt.Log == nil {
		opt.Log = slog.New(slog.DiscardHandler)
	}
	if opt.Theme.Name == "" {
		opt.Theme, _ = themes.Lookup(themes.Default)
	}
	m := Model{opt: opt, keys: opt.Keys.Global, now: opt.Now, views: newViews(opt), theme: opt.Theme, explicit: opt.ThemeExplicit}
	m.week = opt.Week
	m.notice, m.noticeErr = opt.Notice, opt.Notice != ""
	if m.week.IsZero() {
		m.week = model.CurrentWeek(m.now())
	}
	m.nextLoad() // the first, which Init starts
	m.styles = themes.NewStyles(m.theme, opt.Renderer)
	m.filter = newRootInput(frame.NewInput(m.styles, "owner:ana objective:growth or any words", 40, 100))
	m.jump = newRootInput(newJumpInput(&m))
	m.syncViews()
	return m
}

// Init loads the week under review, after one look at the file's generation
// and newest change: live refresh's baseline must be read before the week, or
// a commit landing between the two would never be shown. Nothing else touches
// the file before the first frame (afterFirstFrame starts the rest).
func (m Model) Init() tea.Cmd {
	load := m.loadLatest()
	if m.opt.Week.IsZero() { // this week, unless it and the weeks before are empty (goto.go)
		load = m.openingLoad()
	}
	if m.opt.Watch == nil {
		return load
	}
	look := m.look()
	return func() tea.Msg {
		seen := look() // two small reads, done before the week's
		return tea.BatchMsg{func() tea.Msg { return seen }, load}
	}
}

// afterFirstFrame starts, once, what the first frame does not need: this app's
// session, undo's base, the integrity check and the daily backup. They run
// after the week's reads so that the first frame waits for nothing but opening
// the file and those reads.
func (m Model) afterFirstFrame() (Model, tea.Cmd) {
	if m.afterFirst {
		return m, nil
	}
	m.afterFirst = true
	if m.opt.FirstFrame != nil {
		m.opt.FirstFrame()
	}
	var cmds []tea.Cmd
	if m.opt.Presence != nil {
		cmds = append(cmds, m.register()) // its result starts the heartbeats
	}
	cmds = append(cmds, m.undoBase(), m.checkIntegrity())
	if f := m.opt.DailyBackup; f != nil {
		cmds = append(cmds, func() tea.Msg {
			if err := f(); err != nil {
				return frame.NoticeMsg{Text: "No daily backup was made: " + err.Error(), Error: true}
			}
			return nil
		})
	}
	return m, tea.Batch(cmds...)
}

// context is what every view is drawn with now.
func (m Model) context() frame.Context {
	return frame.Context{Data: m.data, Styles: m.styles, Presentation: m.presentation, Filter: strings.TrimSpace(m.filter.Value()), Now: m.now()}
}

// syncViews passes the current context to every view.
//
// Only the active view takes the new context now; the others take it when they
// are shown (ensureActive). On the large demo each view rebuilds its rows from a
// new context, and a reload rebuilding all five cost more than the load.
func (m *Model) syncViews() {
	m.ctxGen++
	m.ensureActive()
}

// ensureActive gives the active view the current context and body size if it
// has not had them yet.
func (m *Model) ensureActive() {
	if m.viewCtx == nil {
		m.viewCtx, m.viewSize = make([]int, len(m.views)), make([][2]int, len(m.views))
	}
	i := m.active
	if m.viewCtx[i] != m.ctxGen {
		m.views[i] = m.views[i].SetContext(m.context())
		m.viewCtx[i] = m.ctxGen
	}
	if size := m.bodySize; m.viewSize[i] != size {
		m.views[i] = m.views[i].SetSize(size[0], size[1])
		m.viewSize[i] = size
	}
}

// Update routes a message: results of loads, then keys (a focused input or form
// first, then global keys, then the active view), mouse, and view requests.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	m, cmd := m.update(msg)
	if m.width > 0 && !m.tooSmall() && max(m.height-m.bodyTop-m.footerHeight(), 0) != m.bodySize[1] {
		m.layout() // a notice of two lines came or went, or the header changed
	}
	m.ensureActive() // whichever way the active view changed
	return m, cmd
}

func (m Model) update(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.layout()
		return m, nil
	case loadedMsg:
		if msg.seq != m.load.seq {
			return m, nil // a later week change made it stale
		}
		m.loadErr = msg.err
		if msg.err == nil {
			m.data = msg.data
			m.syncViews()
		} else {
			m.notice, m.noticeErr = "Could not read the file: "+msg.err.Error(), true
		}
		m.layout()
		var later tea.Cmd
		m, later = m.afterFirstFrame()
		// a view that reads more than the week's data (Trends) reads it again
		return m, tea.Batch(m.initView(m.active), later)
	case frame.ReloadMsg:
		return m, m.reload()
	case pollMsg:
		return m, m.look()
	case refreshMsg:
		return m.refreshed(msg)
	case presenceMsg:
		if msg.first {
			return m.present(msg), m.beatLater() // from now on, every HeartbeatEvery
		}
		return m.present(msg), nil
	case checkedMsg:
		return m.checked(msg), nil
	case heartbeatMsg:
		return m, tea.Batch(m.beat(), m.beatLater())
	case undoBaseMsg, historyMsg, history.WholeFileMsg, undoneMsg:
		return m.changeLogMsg(msg)
	case latestMsg, openedAtMsg:
		return m.jumped(msg)
	case frame.NoticeMsg:
		m.notice, m.noticeErr = msg.Text, msg.Error
		m.layout()
		return m, nil
	case frame.OpenKPIMsg:
		m.drillTo(viewTrends)
		return m.updateActive(msg)
	case frame.EditKPIMsg, frame.EditObjectiveMsg:
		return m.editorMsg(msg)
	case routedMsg:
		return m.delivered(msg)
	case tea.KeyMsg:
		if m.typing() || msg.Type != tea.KeyRunes || len(msg.Runes) < 2 || msg.Paste {
			return m.shown(m.handleKey(msg))
		}
		// A held key or fast typing arrives as one message with several runes
		// ("jjj", "]]"); outside a text input each is a key press of its own.
		before := m
		var cmds []tea.Cmd
		for _, r := range msg.Runes {
			var cmd tea.Cmd
			m, cmd = m.handleKey(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}, Alt: msg.Alt})
			cmds = append(cmds, cmd)
		}
		return before.shown(m, tea.Batch(cmds...))
	case tea.MouseMsg:
		return m.shown(m.handleMouse(msg))
	}
	if top, ok := m.top(); ok {
		return m.updateLayer(top.id, msg) // a form's own message that came unrouted
	}
	return m.updateActive(msg)
}

// reload loads the week again (after a save, a week change).
func (m *Model) reload() tea.Cmd {
	m.nextLoad()
	return m.loadLatest()
}

// shown runs the Init of the view a key or a click made active: a view that
// loads more than the week's data (Trends) starts its load when it is shown.
func (m Model) shown(next Model, cmd tea.Cmd) (Model, tea.Cmd) {
	if next.active != m.active {
		cmd = tea.Batch(cmd, next.initView(next.active))
	}
	return next, cmd
}

func (m Model) updateActive(msg tea.Msg) (Model, tea.Cmd) { return m.updateView(m.active, msg) }

func (m *Model) switchTo(i int) {
	if i == m.active || i < 0 || i >= len(m.views) {
		return
	}
	m.back = nil // a top-level view: esc has nothing to go back to
	m.active = i
	m.ensureActive()
}

// drillTo shows view i for something opened from the active view (a KPI opened
// in Trends): esc comes back to where it was opened.
func (m *Model) drillTo(i int) {
	if i == m.active || i < 0 || i >= len(m.views) {
		return
	}
	m.back = append(m.back, m.active)
	m.active = i
	m.ensureActive()
}

// typing reports that keys go to a text input: the entry form, the filter, or an
// input of the active view.
func (m Model) typing() bool {
	if top, ok := m.top(); ok && top.o.Capturing() {
		return true
	}
	return m.filtering || m.jumping || m.views[m.active].Capturing()
}

func (m Model) handleKey(msg tea.KeyMsg) (Model, tea.Cmd) {
	if msg.String() == "ctrl+c" {
		m.quitting = true
		return m, tea.Quit
	}
	if top, ok := m.top(); ok {
		if _, help := top.o.(helpOverlay); !help {
			m.notice = "" // closing the help keeps the notice it covered
		}
		return m.updateLayer(top.id, msg)
	}
	m.notice = ""
	if m.filtering {
		return m.handleFilterKey(msg)
	}
	if m.jumping {
		return m.handleJumpKey(msg)
	}
	if m.views[m.active].Capturing() {
		return m.updateActive(msg)
	}
	if next, cmd, ok := m.weekKey(msg); ok {
		return next, cmd
	}
	k := m.keys
	switch {
	case key.Matches(msg, k.Quit):
		m.quitting = true
		return m, tea.Quit
	case key.Matches(msg, k.Help):
		m.push(m.newHelp())
	case key.Matches(msg, k.NextView):
		m.switchTo((m.active + 1) % len(m.views))
	case key.Matches(msg, k.PrevView):
		m.switchTo((m.active + len(m.views) - 1) % len(m.views))
	case key.Matches(msg, k.Entry):
		return m.openEntry()
	case key.Matches(msg, k.Filter):
		m.filtering = true
		m.layout()
		return m, m.filter.edit().Focus()
	case key.Matches(msg, k.Theme) && m.opt.NoColor:
		m.notice = "NO_COLOR is set, so the theme stays mono (unset it to use colours)."
	case key.Matches(msg, k.Theme):
		m.theme, _ = themes.Lookup(themes.Next(m.theme.Name))
		m.explicit = true
		m.restyle()
		m.notice = "Theme: " + m.theme.Name
	case key.Matches(msg, k.History):
		return m.openHistory()
	case key.Matches(msg, k.Undo):
		return m.undo()
	case key.Matches(msg, k.Present):
		m.presentation = !m.presentation
		m.restyle()
	case key.Matches(msg, k.Back) && takesBack(m.views[m.active]):
		return m.updateActive(msg) // esc leaves the view's own mode first
	case key.Matches(msg, k.Back):
		switch {
		case m.filter.Value() != "":
			m.filter.edit().SetValue("")
			m.syncViews()
		case len(m.back) > 0:
			m.active = m.back[len(m.back)-1]
			m.back = m.back[:len(m.back)-1]
			m.ensureActive()
		}
	default:
		for i, b := range k.Views {
			if key.Matches(msg, b) {
				m.switchTo(i)
				m.layout()
				return m, nil
			}
		}
		return m.updateActive(msg)
	}
	m.layout()
	return m, nil
}

// weekKey handles the global keys that change the week under review: [ and ],
// . for this week, g to type one, G for the latest with values; ok is false
// for any other key.
func (m Model) weekKey(msg tea.KeyMsg) (next Model, cmd tea.Cmd, ok bool) {
	k := m.keys
	switch {
	case key.Matches(msg, k.PrevWeek):
		next, cmd = m.changeWeek(m.week.Prev())
	case key.Matches(msg, k.NextWeek):
		next, cmd = m.changeWeek(m.week.Next())
	case key.Matches(msg, k.ThisWeek):
		next, cmd = m.changeWeek(model.CurrentWeek(m.now()))
	case key.Matches(msg, k.GoToWeek):
		next, cmd = m.openJump()
	case key.Matches(msg, k.Latest):
		next, cmd = m, m.latestWeek()
	default:
		return m, nil, false
	}
	return next, cmd, true
}

func (m Model) handleFilterKey(msg tea.KeyMsg) (Model, tea.Cmd) {
	switch msg.String() {
	case "enter":
		m.filtering = false
		m.filter.edit().Blur()
	case "esc":
		m.filtering = false
		f := m.filter.edit()
		f.Blur()
		f.SetValue("")
	default:
		cmd := m.filter.Update(msg)
		m.syncViews()
		return m, cmd
	}
	m.syncViews()
	m.layout()
	return m, nil
}

// changeWeek moves the week under review and loads it; the old week's data stays
// on screen until the new one arrives, so nothing flickers.
func (m Model) changeWeek(w model.Week) (Model, tea.Cmd) {
	m.week = w
	m.layout()
	return m, m.reload()
}

// openEntry opens the entry form for the week under review, or says why not.
func (m Model) openEntry() (Model, tea.Cmd) {
	switch {
	case m.data == nil || m.data.Week != m.week:
		m.notice = "Still loading " + m.week.String() + "; try again in a moment."
	case m.data.ReadOnly != "":
		m.notice, m.noticeErr = "Nothing can be saved: "+m.data.ReadOnly, true
	default:
		m.push(entryLayer(entry.New(m.opt.Store, m.data, m.styles).WithKeys(m.opt.Keys.Entry)))
	}
	m.layout()
	return m, nil
}

// restyle rebuilds the styles after a theme or mode change; views redraw their
// cached cards and charts in the new colours.
func (m *Model) restyle() {
	t := m.theme
	if m.presentation && !m.explicit {
		t, _ = themes.Lookup("high-contrast")
	}
	m.styles = themes.NewStyles(t, m.opt.Renderer)
	frame.StyleInput(m.filter.edit(), m.styles)
	frame.StyleInput(m.jump.edit(), m.styles)
	m.eachLayer(func(o overlay) overlay { return o.SetStyles(m.styles) })
	m.syncViews()
}

func (m Model) handleMouse(msg tea.MouseMsg) (Model, tea.Cmd) {
	if len(m.overlays) > 0 || m.tooSmall() {
		return m, nil
	}
	if msg.Y == m.bodyTop-1 && msg.Action == tea.MouseActionPress && msg.Button == tea.MouseButtonLeft {
		if i, ok := m.tabHits.At(msg.X, msg.Y); ok {
			m.switchTo(i)
			m.layout()
		}
		return m, nil
	}
	if msg.Y >= m.bodyTop {
		msg.Y -= m.bodyTop
		return m.updateActive(msg)
	}
	return m, nil
}

func (m Model) tooSmall() bool { return m.width < MinWidth || m.height < MinHeight }

// layout measures the header and footer as drawn and gives the views (and an
// open form) the rest of the screen.
func (m *Model) layout() {
	if m.tooSmall() {
		return
	}
	top := lipgloss.Height(m.header()) + lipgloss.Height(m.tabBar())
	m.bodyTop = top
	_, spans := m.tabLayout()
	m.tabHits = frame.Hits{}
	for i, sp := range spans {
		m.tabHits.Add(sp[0], top-1, sp[1]-sp[0], 1, i)
	}
	bodyH := max(m.height-top-m.footerHeight(), 0)
	m.bodySize = [2]int{m.width, bodyH}
	m.ensureActive() // the others are sized when shown
	m.eachLayer(func(o overlay) overlay { return o.SetSize(m.width, bodyH) })
}

// View joins the header, tab bar, body and footer, fitted to the terminal.
func (m Model) View() string {
	if m.width <= 0 || m.height <= 0 || m.quitting {
		return ""
	}
	var parts []string
	for _, r := range m.regions() {
		parts = append(parts, frame.Fit(r.text, r.width, r.height))
	}
	// a theme with a background of its own (light) paints the whole frame
	return frame.Paint(frame.Fit(strings.Join(parts, "\n"), m.width, m.height), m.styles.Paint)
}

// region is one part of the frame as its owner drew it, with the room the root
// gave it. View fits each region; the layout check (frame.Overflow) reads them
// before that, so text a view drew past its room is caught instead of being cut
// by Fit without an ellipsis.
type region struct {
	name          string // what drew it: "header", "tabs", "footer", a view's title or an overlay's name
	text          string
	width, height int
}

// regions are the parts of the frame from top to bottom: the too-small screen
// alone, else the header, the tab bar, the body (the open overlay or the active
// view) and the footer when it has anything to say.
func (m Model) regions() []region {
	if m.tooSmall() {
		msg := fmt.Sprintf("The terminal is %d×%d; kpi needs at least %d×%d.\nMake the window larger, or press %s to quit.", m.width, m.height, MinWidth, MinHeight, m.keys.Quit.Help().Key)
		msg = lipgloss.NewStyle().Width(m.width).Render(msg) // wrapped: it is all there is to read
		return []region{{"too small", lipgloss.Place(m.width, m.height, lipgloss.Center, lipgloss.Center, msg), m.width, m.height}}
	}
	header, footer := m.header(), m.footer() // the footer drawn once a frame
	bodyH := m.height - m.bodyTop
	footerH := 0
	if footer != "" {
		footerH = lipgloss.Height(footer)
		bodyH -= footerH
	}
	name, body := m.body()
	out := []region{
		{"header", header, m.width, lipgloss.Height(header)},
		{"tabs", m.tabBar(), m.width, 1},
		{name, body, m.width, max(bodyH, 0)},
	}
	if footer != "" {
		out = append(out, region{"footer", footer, m.width, footerH})
	}
	return out
}

// body is what fills the screen between the tab bar and the footer, and its
// name: the top overlay, else the active view.
func (m Model) body() (string, string) {
	if top, ok := m.top(); ok {
		return top.o.Name(), top.o.View()
	}
	return m.views[m.active].Title(), m.views[m.active].View()
}

// fileName is the team file's name for the header.
func (m Model) fileName() string { return filepath.Base(m.opt.Path) }
