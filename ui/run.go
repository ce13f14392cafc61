package ui

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"

	tea "github.com/charmbracelet/bubbletea"

	"kpi/ui/frame"
)

// program adapts the root to tea.Model, whose Update returns the interface, and
// is the app's last line of defence: a panic in Init, Update, View or any command
// they return is recovered here, noted in crash and turned into a quit, so the
// terminal is restored and Run reports one line instead of a stack trace.
type program struct {
	Model
	crash *crash
}

func (p program) Init() (cmd tea.Cmd) {
	defer p.crash.recover("starting", &cmd)
	return p.crash.guard(p.Model.Init())
}

func (p program) Update(msg tea.Msg) (next tea.Model, cmd tea.Cmd) {
	next = p
	defer p.crash.recover("handling "+msgName(msg), &cmd)
	m, cmd := p.Model.Update(msg)
	return program{m, p.crash}, p.crash.guard(cmd)
}

func (p program) View() (view string) {
	defer func() {
		if r := recover(); r != nil {
			p.crash.note("drawing", r)
			view = ""
			go p.crash.quit() // View runs on the event loop, which Quit would wait for
		}
	}()
	return p.Model.View()
}

// msgName names a message's type for a crash report ("tea.KeyMsg").
func msgName(msg tea.Msg) string { return strings.TrimPrefix(fmt.Sprintf("%T", msg), "*") }

// crash is what a recovered panic left: the first one wins, later ones are
// consequences. It is shared by every copy of program.
type crash struct {
	mu    sync.Mutex
	what  string
	quit  func()
	found bool
}

// note records a recovered panic r that happened while doing what.
func (c *crash) note(what string, r any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.found {
		c.found, c.what = true, fmt.Sprintf("%s: %v", what, r)
	}
}

// recover is deferred by Init and Update: a panic is noted and the program asked
// to quit through *cmd.
func (c *crash) recover(what string, cmd *tea.Cmd) {
	if r := recover(); r != nil {
		c.note(what, r)
		*cmd = tea.Quit
	}
}

// guard wraps cmd, and the commands of a batch or sequence it returns, so a
// panic while it runs (on Bubble Tea's goroutines) is noted and quits the app.
func (c *crash) guard(cmd tea.Cmd) tea.Cmd {
	if cmd == nil {
		return nil
	}
	return func() (msg tea.Msg) {
		defer func() {
			if r := recover(); r != nil {
				c.note("running a command", r)
				msg = tea.QuitMsg{}
			}
		}()
		return c.guardMsg(cmd())
	}
}

// guardMsg guards the commands inside a tea.BatchMsg or tea.Sequence's message
// (a slice of commands of an unexported type, hence reflect).
func (c *crash) guardMsg(msg tea.Msg) tea.Msg {
	v := reflect.ValueOf(msg)
	if !v.IsValid() || v.Kind() != reflect.Slice || v.Type().Elem() != reflect.TypeOf(tea.Cmd(nil)) {
		return msg
	}
	out := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
	for i := range v.Len() {
		inner, _ := v.Index(i).Interface().(tea.Cmd)
		out.Index(i).Set(reflect.ValueOf(c.guard(inner)))
	}
	return out.Interface()
}

// err is the one-line error of a recovered panic, nil when there was none.
func (c *crash) err() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.found {
		return nil
	}
	return fmt.Errorf("internal error in the app while %s; the terminal was restored, please report it", c.what)
}

// Run runs the app full screen until the user quits. The terminal is restored
// whatever happens, and an error comes back as a value for the command line to
// print in one line: a panic anywhere in the app is such an error, so the
// command line exits non-zero.
func Run(opt Options) error {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel() // stops the background integrity check on quit
	opt.quit = ctx
	c := &crash{}
	// Bubble Tea writes a new frame at the next tick of its renderer; at 120
	// ticks a second (its most) instead of 60, a frame — the first one, a
	// key's echo — waits at most 8 ms for it instead of 17.
	p := tea.NewProgram(program{New(opt), c}, tea.WithAltScreen(), tea.WithMouseCellMotion(), tea.WithFPS(120))
	c.quit = p.Quit
	final, err := p.Run()
	cancel()
	if last, ok := final.(program); ok && last.sessionID != 0 {
		_ = opt.Presence.End(last.sessionID) // a row left behind goes stale and is cleared
	}
	return runError(c, err)
}

// runError is what Run reports: a panic kpi recovered itself, one Bubble Tea
// recovered (it restores the terminal and returns ErrProgramPanic), the
// program's own error, or nil when the user quit or the program was stopped.
func runError(c *crash, err error) error {
	if cerr := c.err(); cerr != nil {
		return cerr
	}
	if errors.Is(err, tea.ErrProgramPanic) {
		return errors.New("internal error in the app; the terminal was restored, please report it")
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
