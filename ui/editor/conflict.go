package editor

import (
	"fmt"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"kpi/model"
	"kpi/ui/frame"
)

// conflict is what the conflict screen shows after a save found that someone
// else saved the same row since the form opened it.
type conflict struct {
	who  string
	at   time.Time
	gone bool // the row is not in the file any more
	rows []diffRow

	theirsKPI model.KPI
	theirsObj model.Objective
}

// diffRow is one field that differs between theirs and yours.
type diffRow struct {
	id                   fieldID
	label, theirs, yours string
}

// newConflict compares theirs with the form, field by field, keeping only the
// fields that differ.
func (m *Model) newConflict(msg savedMsg) *conflict {
	c := &conflict{gone: !msg.found}
	if c.gone {
		return c
	}
	var theirs, yours map[fieldID]string
	if m.what == editKPI {
		k, _ := m.kpiFromForm()
		c.theirsKPI, c.who, c.at = msg.theirsKPI, msg.theirsKPI.UpdatedBy, msg.theirsKPI.UpdatedAt
		theirs, yours = kpiTexts(msg.theirsKPI, m.objs), kpiTexts(k, m.objs)
	} else {
		o, _ := m.objectiveFromForm()
		c.theirsObj, c.who, c.at = msg.theirsObj, msg.theirsObj.UpdatedBy, msg.theirsObj.UpdatedAt
		theirs, yours = objectiveTexts(msg.theirsObj), objectiveTexts(o)
	}
	c.who = model.Sanitize(c.who, false)
	if c.who == "" {
		c.who = "someone else"
	}
	seen := map[fieldID]bool{}
	for _, f := range m.fields {
		if seen[f.id] || f.kind == kButton {
			continue
		}
		seen[f.id] = true
		if t, y := theirs[f.id], yours[f.id]; t != y {
			label := f.label
			if f.id == fTarget {
				label = "Targets"
			}
			c.rows = append(c.rows, diffRow{id: f.id, label: label, theirs: t, yours: y})
		}
	}
	return c
}

// conflictKey handles t (keep theirs), o (overwrite theirs with yours) and b or
// esc (back to the form, to merge by hand with theirs shown beside each field).
func (m Model) conflictKey(msg tea.KeyMsg) (Model, tea.Cmd) {
	c := m.conflict
	switch {
	case key.Matches(msg, m.ckeys.KeepTheirs):
		text := fmt.Sprintf("Kept %s's version; yours was discarded.", c.who)
		if c.gone {
			text = "Nothing was saved; it is not in the file any more."
		}
		return m, tea.Batch(closed, reload, frame.Notice(text, false))
	case key.Matches(msg, m.ckeys.Overwrite):
		if c.gone {
			m.message, m.msgErr = "It is not in the file any more, so there is nothing to overwrite: t closes the form.", true
			return m.compose(), nil
		}
		m.rebase()
		return m.save()
	case key.Matches(msg, m.ckeys.Back):
		if c.gone {
			return m, tea.Batch(closed, reload)
		}
		m.rebase()
		for _, r := range c.rows {
			m.fields[m.index(r.id)].theirs = r.theirs
		}
		m.message, m.msgErr = fmt.Sprintf("Yours kept; %s's values show beside the fields that differ; ctrl+s saves.", c.who), false
		return m.compose(), nil
	}
	return m, nil
}

// rebase makes theirs the version the form saves over: the user has seen it.
func (m *Model) rebase() {
	if m.what == editKPI {
		m.baseKPI = m.conflict.theirsKPI
	} else {
		m.baseObj = m.conflict.theirsObj
	}
	m.conflict = nil
}
