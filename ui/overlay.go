package ui

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"kpi/themes"
	"kpi/ui/editor"
	"kpi/ui/entry"
	"kpi/ui/history"
)

// Overlays are what the root draws over the body instead of the active view:
// the key help, the history of a selection, the entry form and the KPI and
// objective editors. The root keeps them on one stack (one overlay opened over
// another, as the help over the entry form, goes on top) and every part of the
// root asks the top one: keys go to it, the mouse is off while any is open, the
// layout sizes and a theme change restyles all of them, the body draws the top
// one and the footer shows its keys. A new overlay implements overlay (a form
// model through formLayer) and is pushed with push.

// overlay is one layer over the body. Update returns nil when the layer is done,
// and the root drops it.
type overlay interface {
	Update(msg tea.Msg) (overlay, tea.Cmd)
	View() string
	SetSize(width, height int) overlay
	SetStyles(st *themes.Styles) overlay
	// Name is what the layout check calls the region the overlay fills.
	Name() string
	// Capturing reports that the overlay is a text form: a burst of typed runes
	// goes to it whole instead of being split into key presses.
	Capturing() bool
	// ShortHelp is the footer's keys; nil leaves the footer to the layer under it.
	ShortHelp() []key.Binding
	// FullHelp is what the help overlay lists when it opens over this layer.
	FullHelp() [][]key.Binding
}

// layer is an overlay on the stack with the identity its results are routed by.
type layer struct {
	id int
	o  overlay
}

// formModel is the shape of the overlays' own models (entry, editor, history).
type formModel[V any] interface {
	Update(msg tea.Msg) (V, tea.Cmd)
	View() string
	SetSize(width, height int) V
	SetStyles(st *themes.Styles) V
	ShortHelp() []key.Binding
}

// formLayer makes an overlay of a form model; done recognises the message with
// which the form says it was closed.
type formLayer[V formModel[V]] struct {
	name    string
	v       V
	typing  bool
	isClose func(tea.Msg) bool
}

func (f formLayer[V]) Update(msg tea.Msg) (overlay, tea.Cmd) {
	if f.isClose(msg) {
		return nil, nil
	}
	v, cmd := f.v.Update(msg)
	f.v = v
	return f, cmd
}

func (f formLayer[V]) View() string { return f.v.View() }
func (f formLayer[V]) SetSize(w, h int) overlay {
	f.v = f.v.SetSize(w, h)
	return f
}
func (f formLayer[V]) SetStyles(st *themes.Styles) overlay {
	f.v = f.v.SetStyles(st)
	return f
}
func (f formLayer[V]) Name() string              { return f.name }
func (f formLayer[V]) Capturing() bool           { return f.typing }
func (f formLayer[V]) ShortHelp() []key.Binding  { return f.v.ShortHelp() }
func (f formLayer[V]) FullHelp() [][]key.Binding { return [][]key.Binding{f.v.ShortHelp()} }
func closedBy[M any](msg tea.Msg) bool           { _, ok := msg.(M); return ok }
func entryLayer(e entry.Model) overlay {
	return formLayer[entry.Model]{"entry form", e, true, closedBy[entry.ClosedMsg]}
}
func editorLayer(e editor.Model) overlay {
	return formLayer[editor.Model]{"editor", e, true, closedBy[editor.ClosedMsg]}
}
func historyLayer(h history.Model) overlay {
	return formLayer[history.Model]{"history", h, false, closedBy[history.ClosedMsg]}
}

// push opens o on top of the stack, sized and styled like the body, and
// returns its identity for routing what it starts.
func (m *Model) push(o overlay) int {
	m.layerSeq++
	m.overlays = append(m.overlays, layer{m.layerSeq, o.SetStyles(m.styles)})
	m.layout()
	return m.layerSeq
}

// top is the overlay drawn now, if any.
func (m Model) top() (layer, bool) {
	if len(m.overlays) == 0 {
		return layer{}, false
	}
	return m.overlays[len(m.overlays)-1], true
}

// updateLayer passes msg to the overlay id (dropped when it has closed) and
// routes what it starts back to it.
func (m Model) updateLayer(id int, msg tea.Msg) (Model, tea.Cmd) {
	for i, l := range m.overlays {
		if l.id != id {
			continue
		}
		o, cmd := l.o.Update(msg)
		m.overlays = append([]layer(nil), m.overlays...)
		if o == nil {
			m.overlays = append(m.overlays[:i], m.overlays[i+1:]...)
			m.layout()
		} else {
			m.overlays[i].o = o
		}
		return m, routeLayer(id, cmd)
	}
	return m, nil // the result of an overlay closed meanwhile
}

// eachLayer replaces every overlay by f of it (sizing, restyling).
func (m *Model) eachLayer(f func(overlay) overlay) {
	out := make([]layer, len(m.overlays))
	for i, l := range m.overlays {
		out[i] = layer{l.id, f(l.o)}
	}
	m.overlays = out
}

// formOf is the open overlay of form type V, for tests and the root's checks.
func formOf[V formModel[V]](m Model) *V {
	for _, l := range m.overlays {
		if f, ok := l.o.(formLayer[V]); ok {
			return &f.v
		}
	}
	return nil
}

func (m Model) entryOpen() *entry.Model   { return formOf[entry.Model](m) }
func (m Model) editorOpen() *editor.Model { return formOf[editor.Model](m) }
