package ui

import (
	"context"
	"fmt"

	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"kpi/model"
	"kpi/ui/frame"
)

// The keys that jump to a week: g opens a one-line prompt in the footer that
// takes a week as model.ParseGoTo reads it (2025-W10, W40, a date, -12), and G
// goes to the latest week that holds any value (the store's LatestValueWeek).
// The app also opens at that week, saying so, when this week and the four
// before it hold no values at all: an old file, or one just imported.

// emptyWeeksBeforeJump is how many weeks before this one must be empty, with
// this one, for the app to open at the latest week with data instead.
const emptyWeeksBeforeJump = 4

// newJumpInput is g's prompt.
func newJumpInput(m *Model) textinput.Model {
	return frame.NewInput(m.styles, "e.g. W40, -12", 13, 20)
}

// latestMsg is the store's answer to G: the latest week with values.
type latestMsg struct {
	week model.Week
	ok   bool
	err  error
}

// latestWeek asks the store for the latest week up to this one that holds a
// value.
func (m Model) latestWeek() tea.Cmd {
	store, to := m.opt.Store, model.CurrentWeek(m.now())
	ctx := m.opt.quit
	if ctx == nil {
		ctx = context.Background()
	}
	return func() tea.Msg {
		w, ok, err := store.LatestValueWeek(ctx, to)
		return latestMsg{week: w, ok: ok, err: err}
	}
}

// gotLatest goes to the latest week with values, saying which it is, or says
// that no week has any.
func (m Model) gotLatest(msg latestMsg) (Model, tea.Cmd) {
	switch {
	case msg.err != nil:
		m.notice, m.noticeErr = "Could not find the latest week with values: "+msg.err.Error(), true
	case !msg.ok:
		m.notice, m.noticeErr = "No week up to "+model.CurrentWeek(m.now()).String()+" holds a value yet: e enters this week's.", false
	default:
		m.notice, m.noticeErr = msg.week.String()+" is the latest week with values.", false
		return m.changeWeek(msg.week)
	}
	m.layout()
	return m, nil
}

// openedAtMsg is the first load when it went to the latest week with values
// instead of this week, which with the four before held none.
type openedAtMsg struct {
	week   model.Week
	loaded loadedMsg
}

// openingLoad is the first load when no week was asked for (--week): this
// week's, unless this week and the four before hold no values at all, in which
// case the latest week with values is loaded instead, in the same command, so
// the first frame shows it and nothing but the week is read before it.
// This week's load comes first: its window holds those five weeks, so when
// one of them has a stored value — a team in use — it decides without the
// store's latest-week read.
func (m Model) openingLoad() tea.Cmd {
	ctx, store, this := m.load.ctx, m.opt.Store, m.week
	thisWeek, jumped := m.loadLatest(), m
	since := this.Add(-emptyWeeksBeforeJump)
	return func() tea.Msg {
		msg := thisWeek()
		if loaded, ok := msg.(loadedMsg); !ok || loaded.err != nil || storedSince(loaded.data, since, this) {
			return msg
		}
		latest, ok, err := store.LatestValueWeek(ctx, this)
		if err != nil || !ok || !latest.Before(since) {
			return msg
		}
		jumped.week = latest
		msg = jumped.loadLatest()()
		if loaded, isLoaded := msg.(loadedMsg); isLoaded {
			return openedAtMsg{week: latest, loaded: loaded}
		}
		return msg
	}
}

// storedSince says whether a value stored in the file — of any KPI, archived
// ones too, as LatestValueWeek counts — has a week from `from` to `to`. A
// formula KPI's points are computed, and a monthly value stands for weeks it
// was not stored in, so only entered KPIs' stored rows count (ID set).
func storedSince(d *frame.Data, from, to model.Week) bool {
	if d == nil {
		return false
	}
	for _, series := range d.Series {
		for _, v := range series {
			if v.ID != 0 && !v.Week.Before(from) && !v.Week.After(to) {
				return true
			}
		}
	}
	return false
}

// openedAt takes the first load of the latest week with values and says why
// the app opened there; a load a week key made stale is dropped.
func (m Model) openedAt(msg openedAtMsg) (Model, tea.Cmd) {
	if msg.loaded.seq != m.load.seq {
		return m, nil
	}
	this := m.week
	m.week = msg.week
	m.notice, m.noticeErr = fmt.Sprintf("No values in %s – %s: showing %s, the latest week with values (. goes to this week).",
		this.Add(-emptyWeeksBeforeJump), this, msg.week), false
	return m.update(msg.loaded)
}

// jumped takes the answer of a jump to the latest week with values: G's, or
// the first load's when it went there.
func (m Model) jumped(msg tea.Msg) (Model, tea.Cmd) {
	if o, ok := msg.(openedAtMsg); ok {
		return m.openedAt(o)
	}
	return m.gotLatest(msg.(latestMsg))
}

// openJump opens g's prompt in the footer.
func (m Model) openJump() (Model, tea.Cmd) {
	m.jumping, m.jumpErr = true, ""
	m.jump.edit().SetValue("")
	m.layout()
	return m, m.jump.edit().Focus()
}

// handleJumpKey types into g's prompt: enter goes to the week typed, or keeps
// the prompt open with the reason it is not one; esc closes it.
func (m Model) handleJumpKey(msg tea.KeyMsg) (Model, tea.Cmd) {
	switch msg.Type {
	case tea.KeyEnter:
		w, err := model.ParseGoTo(m.jump.Value(), m.week)
		if err != nil {
			m.jumpErr = err.Error()
			return m, nil
		}
		m.closeJump()
		return m.changeWeek(w)
	case tea.KeyEsc:
		m.closeJump()
		m.layout()
		return m, nil
	}
	m.jumpErr = ""
	if frame.Clears(msg) {
		m.jump.edit().SetValue("")
		return m, nil
	}
	return m, m.jump.Update(msg)
}

func (m *Model) closeJump() {
	m.jumping, m.jumpErr = false, ""
	m.jump.edit().Blur()
}

// jumpFooter is the footer while g's prompt is open: the input, then the
// reason the last try was refused or what to type.
func (m Model) jumpFooter() string {
	st := m.styles
	line := st.Accent.Render("go to week ") + m.jump.View() + "  "
	if m.jumpErr != "" {
		line += st.Error.Render("✗ " + model.Sanitize(m.jumpErr, false))
	} else {
		line += st.Muted.Render("enter go · esc cancel")
	}
	return frame.Pad(frame.Clip(line, m.width), m.width)
}
