package ui

import (
	"reflect"

	tea "github.com/charmbracelet/bubbletea"

	"kpi/ui/frame"
	"kpi/ui/history"
)

// Results reach whoever asked. Every command a view starts (its Init, or what
// its Update returns) is wrapped by route with the view's index, and its result
// comes back as a routedMsg that the root hands to that view whether or not it
// is shown: a save in the Review whose result arrives while the Dashboard is
// shown still reaches the Review, and the Review's timer keeps ticking under an
// overlay or another view. Requests to the root (frame's messages) and the
// runtime's own messages (quit, batches) are not the view's and pass as they are.

// routedMsg is a view's result on its way back to the view, or an overlay's
// (layer > 0: the overlay's identity on the stack) back to the overlay.
type routedMsg struct {
	view  int
	layer int
	msg   tea.Msg
}

// teaPkg is the package path of Bubble Tea's own messages.
var teaPkg = reflect.TypeOf(tea.QuitMsg{}).PkgPath()

// route wraps cmd so its result is delivered to view.
func route(view int, cmd tea.Cmd) tea.Cmd { return routeTo(routedMsg{view: view}, cmd) }

// routeLayer wraps cmd so its result is delivered to the overlay id.
func routeLayer(id int, cmd tea.Cmd) tea.Cmd { return routeTo(routedMsg{layer: id}, cmd) }

// routeTo wraps cmd so its result comes back addressed as to is.
func routeTo(to routedMsg, cmd tea.Cmd) tea.Cmd {
	if cmd == nil {
		return nil
	}
	return func() tea.Msg {
		msg := cmd()
		switch msg := msg.(type) {
		case nil:
			return nil
		case tea.BatchMsg:
			out := make(tea.BatchMsg, len(msg))
			for i, c := range msg {
				out[i] = routeTo(to, c)
			}
			return out
		}
		if t := reflect.TypeOf(msg); t.PkgPath() == teaPkg {
			return msg // the runtime's
		}
		to.msg = msg
		return to
	}
}

// forRoot reports whether a view's result is a request to the root.
func forRoot(msg tea.Msg) bool {
	switch msg.(type) {
	case frame.NoticeMsg, frame.ReloadMsg, frame.OpenKPIMsg, frame.EditKPIMsg, frame.EditObjectiveMsg, history.WholeFileMsg:
		return true
	}
	return false
}

// delivered hands a routed result to its view or overlay, or to the root when
// it asks the root for something.
func (m Model) delivered(msg routedMsg) (Model, tea.Cmd) {
	switch {
	case forRoot(msg.msg) || msg.view < 0 || msg.view >= len(m.views):
		return m.update(msg.msg)
	case msg.layer > 0:
		return m.updateLayer(msg.layer, msg.msg)
	}
	return m.updateView(msg.view, msg.msg)
}

// updateView passes msg to view i and routes what it starts back to it.
func (m Model) updateView(i int, msg tea.Msg) (Model, tea.Cmd) {
	v, cmd := m.views[i].Update(msg)
	m.views[i] = v
	return m, route(i, cmd)
}

// initView is view i's Init, its results routed back to it.
func (m Model) initView(i int) tea.Cmd { return route(i, m.views[i].Init()) }
