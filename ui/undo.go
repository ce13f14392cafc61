package ui

import (
	"errors"
	"fmt"

	tea "github.com/charmbracelet/bubbletea"

	"kpi/model"
	"kpi/ui/frame"
	"kpi/ui/history"
)

// History is the change log as the app reads it: the history overlay (`H`) and
// undo (`u`) of the user's own changes made since this app opened.
type History interface {
	// History is the changes of one KPI (definition and values), objective or
	// review, or of the whole file for the zero Selection; newest first.
	History(of frame.Selection, limit int) ([]model.Change, error)
	// OwnChanges are this user's changes from this machine after id, newest first.
	OwnChanges(afterID int64, limit int) ([]model.Change, error)
	// Undo reverses one of the user's own changes as a new change; it fails
	// wrapping model.ErrConflict, naming who, when someone changed the row since.
	Undo(changeID int64) (model.Change, error)
	// DataVersion is the newest change-log id: where this session starts.
	DataVersion() (int64, error)
}

// historyLimit is how many changes the overlay reads: months of a KPI's weeks.
const historyLimit = 500

type (
	// undoBaseMsg is the newest change-log id when the app opened: undo only
	// reaches changes after it, made in this session.
	undoBaseMsg struct{ id int64 }
	historyMsg  struct {
		sel     frame.Selection
		changes []model.Change
		err     error
	}
	undoneMsg struct {
		change model.Change
		err    error
	}
)

// undoBase reads where this session starts in the change log.
func (m Model) undoBase() tea.Cmd {
	h := m.opt.History
	if h == nil {
		return nil
	}
	return func() tea.Msg {
		id, err := h.DataVersion()
		if err != nil {
			return nil // no base: undo says it has nothing to undo
		}
		return undoBaseMsg{id}
	}
}

// openHistory reads the change log of the active view's selection.
func (m Model) openHistory() (Model, tea.Cmd) {
	return m.openHistoryOf(frame.SelectionOf(m.views[m.active]))
}

// openHistoryOf reads the change log of sel (the zero Selection: the whole
// file's, which the history overlay's a asks for).
func (m Model) openHistoryOf(sel frame.Selection) (Model, tea.Cmd) {
	h := m.opt.History
	if h == nil {
		return m, nil
	}
	return m, func() tea.Msg {
		cs, err := h.History(sel, historyLimit)
		return historyMsg{sel, cs, err}
	}
}

// changeLogMsg handles the results about the change log: where undo starts,
// a history read, the overlay's request for the whole file's, an undo done.
func (m Model) changeLogMsg(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case undoBaseMsg:
		m.undoFrom, m.undoReady = msg.id, true
	case historyMsg:
		return m.showHistory(msg), nil
	case history.WholeFileMsg:
		return m.openHistoryOf(frame.Selection{})
	case undoneMsg:
		return m.undid(msg)
	}
	return m, nil
}

func (m Model) showHistory(msg historyMsg) Model {
	m.push(historyLayer(history.New(msg.sel, msg.changes, msg.err, m.styles).WithKeys(m.opt.Keys.History)))
	return m
}

// undo reverses the newest of the user's changes made in this app's session that
// is not undone yet. It says why when there is nothing to undo or it cannot.
func (m Model) undo() (Model, tea.Cmd) {
	h := m.opt.History
	switch {
	case h == nil:
		return m, nil
	case m.data != nil && m.data.ReadOnly != "":
		m.notice, m.noticeErr = "Nothing can be undone: "+m.data.ReadOnly, true
		return m, nil
	case !m.undoReady:
		m.notice, m.noticeErr = "Nothing to undo yet: you have not changed anything since kpi opened.", false
		return m, nil
	}
	base, undone := m.undoFrom, m.undone
	return m, func() tea.Msg {
		cs, err := h.OwnChanges(base, 200)
		if err != nil {
			return undoneMsg{err: err}
		}
		for _, c := range cs {
			if c.Action == "undo" || undone[c.ID] {
				continue
			}
			_, err := h.Undo(c.ID)
			return undoneMsg{change: c, err: err}
		}
		return undoneMsg{err: errNothingToUndo}
	}
}

var errNothingToUndo = errors.New("nothing to undo: you have not changed anything since kpi opened")

// undid reports an undo and reloads; a refusal says who changed the row since.
func (m Model) undid(msg undoneMsg) (Model, tea.Cmd) {
	summary := model.Sanitize(msg.change.Summary, false)
	switch {
	case errors.Is(msg.err, errNothingToUndo):
		m.notice, m.noticeErr = "Nothing to undo: you have not changed anything since kpi opened.", false
	case msg.err != nil:
		m.notice, m.noticeErr = fmt.Sprintf("Cannot undo %q: %v", summary, msg.err), true
		if !errors.Is(msg.err, model.ErrConflict) && msg.change.ID != 0 {
			// it will never undo (an import, say): the next u goes on to an older one;
			// a conflict stays first, so u does not skip past the change it refused
			m.undone = withID(m.undone, msg.change.ID)
		}
	default:
		m.undone = withID(m.undone, msg.change.ID)
		m.notice, m.noticeErr = "Undone: "+summary, false
		m.layout()
		return m, m.reload()
	}
	m.layout()
	return m, nil
}

func withID(set map[int64]bool, id int64) map[int64]bool {
	out := make(map[int64]bool, len(set)+1)
	for k := range set {
		out[k] = true
	}
	out[id] = true
	return out
}
