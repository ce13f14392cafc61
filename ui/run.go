package ui

import (
	"errors"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"kpi/ui/frame"
)

// program adapts the root to tea.Model, whose Update returns the interface.
type program struct{ Model }

func (p program) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	m, cmd := p.Model.Update(msg)
	return program{m}, cmd
}

// Run runs the app full screen until the user quits. The terminal is restored
// whatever happens, and an error comes back as a value for the command line to
// print in one line.
func Run(opt Options) error {
	p := tea.NewProgram(program{New(opt)}, tea.WithAltScreen(), tea.WithMouseCellMotion())
	final, err := p.Run()
	if last, ok := final.(program); ok && last.sessionID != 0 {
		_ = opt.Presence.End(last.sessionID) // a row left behind goes stale and is cleared
	}
	if errors.Is(err, tea.ErrProgramKilled) {
		return nil
	}
	return err
}

// ViewNames are the views' names in tab order; `kpi snapshot --view` accepts
// them and WalkthroughView.
func ViewNames() []string {
	out := make([]string, len(viewNames))
	for i, n := range viewNames {
		out[i] = strings.ToLower(n)
	}
	return out
}

// WalkthroughView is the name `kpi snapshot --view` knows besides ViewNames:
// the Review view's walkthrough of one KPI (Shot.KPI, else the first).
const WalkthroughView = "walkthrough"

// Shot says what Snapshot draws: a view by name (one of ViewNames, or its
// number, or WalkthroughView; "" is the dashboard, or Trends when KPI is set),
// the KPI key for views that show one, and the size.
type Shot struct {
	View          string
	KPI           string
	Width, Height int
}

// Snapshot draws one frame of the app exactly as the running app would: the same
// root, loaded synchronously, sized by a WindowSizeMsg, with the view active.
func Snapshot(opt Options, shot Shot) (string, error) {
	h, err := NewHeadless(opt, shot)
	if err != nil {
		return "", err
	}
	return h.View(), nil
}

// settle runs cmd and feeds the messages it produces back into m until none are
// left, the way the Bubble Tea runtime would, so a snapshot draws a view after
// its own loads. Requests to the root that would start more work (a reload, a
// quit) are not followed; a bound stops a view that keeps asking.
func settle(m Model, cmd tea.Cmd) Model {
	queue := []tea.Cmd{cmd}
	for steps := 0; len(queue) > 0 && steps < 64; steps++ {
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		msg := c()
		if r, ok := msg.(routedMsg); ok && forRoot(r.msg) {
			msg = r.msg // a view's request to the root
		}
		switch msg := msg.(type) {
		case nil, tea.QuitMsg, frame.ReloadMsg:
		case tea.BatchMsg:
			queue = append(queue, msg...)
		default:
			var next tea.Cmd
			m, next = m.Update(msg)
			queue = append(queue, next)
		}
	}
	return m
}
