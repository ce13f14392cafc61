package review

import (
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"kpi/model"
	"kpi/report"
	"kpi/ui/frame"
	"kpi/ui/walkthrough"
)

// snapshot is what the view read for one week.
type snapshot struct {
	week model.Week
	// review is the week's review; held is false when it has not been started.
	review model.Review
	held   bool
	// previous is the week of the review before (for last week's action items).
	previous    model.Week
	hasPrevious bool
	// actions are every action item.
	actions []model.ActionItem
	// settings are the team's, with the checklist template and its version.
	settings model.Settings
	// kpis are every KPI, archived ones too (action items may name them).
	kpis []model.KPI
	// series are each KPI's values for the chart's weeks (derived ones computed).
	series map[int64]model.Series
	// report is the concluded review's report file, when it exists.
	report string
	// hygiene are the KPI hygiene findings, read with the rest so drawing the
	// panel does not compute them.
	hygiene []model.Finding
	// changed are, for a concluded review, the week's values changed since it
	// concluded (report.ChangedSince), by KPI id.
	changed map[int64]model.Value
}

// loadedMsg carries a read snapshot; seq drops results a later load made stale.
type loadedMsg struct {
	seq  int
	snap *snapshot
	err  error
}

// load reads the week under review in a command, numbered so that only the
// latest result is kept.
func (m *Model) load() tea.Cmd {
	w := m.week()
	if w.IsZero() || m.store == nil {
		return nil
	}
	m.seq++
	seq, store, reports, data, now := m.seq, m.store, m.opt.Reports, m.ctx.Data, m.opt.Now()
	return func() tea.Msg {
		s, err := read(store, w, reports, data)
		if err == nil {
			s.hygiene = model.Hygiene(model.HygieneInput{KPIs: activeKPIs(s.kpis), Series: s.series, Now: now})
		}
		return loadedMsg{seq: seq, snap: s, err: err}
	}
}

// read reads what the view shows for week w, and whether the report of a
// concluded review was written (reports). Text is sanitised here as well as on
// the way into the file: the file is shared, and one user's text must never
// drive another user's terminal.
//
// The charts' values come from the root's data when it holds their weeks (it
// does for the week under review): reading them again doubled the load on a
// large file.
func read(store Store, w model.Week, reports Reports, data *frame.Data) (*snapshot, error) {
	s := &snapshot{week: w}
	var err error
	if s.review, s.held, err = store.Review(w); err != nil {
		return nil, err
	}
	reviews, err := store.Reviews()
	if err != nil {
		return nil, err
	}
	s.previous, s.hasPrevious = model.PreviousReview(reviews, w)
	if s.actions, err = store.ActionItems(); err != nil {
		return nil, err
	}
	if s.settings, err = store.Settings(); err != nil {
		return nil, err
	}
	if s.kpis, err = store.KPIs(); err != nil {
		return nil, err
	}
	from := w.Add(-(walkthrough.ChartWeeks - 1) - model.LookbackWeeks)
	if data.SeriesCover(from, w) {
		s.series = data.Series
	} else {
		vals, err := store.Values(from, w)
		if err != nil {
			return nil, err
		}
		s.series = model.AllSeries(s.kpis, vals, from, w)
	}
	if s.held {
		if s.changed, err = report.ChangedSince(store, w, s.review, s.kpis); err != nil {
			return nil, err
		}
	}
	if s.held && s.review.State == model.ReviewConcluded && reports != nil {
		if path, ok := reports.Find(w); ok {
			s.report = path
		}
	}
	clean(s)
	return s, nil
}

func line(t string) string { return model.Sanitize(t, false) }

// clean sanitises every text of s that is drawn.
func clean(s *snapshot) {
	r := &s.review
	r.Facilitator, r.Notes, r.UpdatedBy = line(r.Facilitator), model.Sanitize(r.Notes, true), line(r.UpdatedBy)
	for i, a := range r.Attendees {
		r.Attendees[i] = line(a)
	}
	for i := range r.Checklist {
		it := &r.Checklist[i]
		it.Text, it.Note, it.DoneBy, it.UpdatedBy = line(it.Text), line(it.Note), line(it.DoneBy), line(it.UpdatedBy)
	}
	for i := range s.actions {
		cleanAction(&s.actions[i])
	}
	for i := range s.settings.Checklist {
		s.settings.Checklist[i].Text = line(s.settings.Checklist[i].Text)
	}
	for i := range s.kpis {
		k := &s.kpis[i]
		k.Name, k.Owner, k.Unit, k.Key = line(k.Name), line(k.Owner), line(k.Unit), line(k.Key)
	}
	for id, ser := range s.series {
		for i := range ser {
			ser[i].Note, ser[i].EnteredBy = line(ser[i].Note), line(ser[i].EnteredBy)
		}
		s.series[id] = ser
	}
}

func cleanAction(a *model.ActionItem) {
	a.Text, a.Owner, a.DoneBy, a.UpdatedBy = line(a.Text), line(a.Owner), line(a.DoneBy), line(a.UpdatedBy)
}

func cleanItem(it *model.ChecklistItem) {
	it.Text, it.Note, it.DoneBy, it.UpdatedBy = line(it.Text), line(it.Note), line(it.DoneBy), line(it.UpdatedBy)
}

// kpiByID is the KPI of id among every KPI read, archived ones too.
func (s *snapshot) kpiByID(id int64) (model.KPI, bool) {
	if s == nil {
		return model.KPI{}, false
	}
	for _, k := range s.kpis {
		if k.ID == id {
			return k, true
		}
	}
	return model.KPI{}, false
}

// action is the action item of id.
func (s *snapshot) action(id int64) (model.ActionItem, bool) {
	for _, a := range s.actions {
		if a.ID == id {
			return a, true
		}
	}
	return model.ActionItem{}, false
}

// item is the checklist item of id.
func (s *snapshot) item(id int64) (model.ChecklistItem, bool) {
	for _, it := range s.review.Checklist {
		if it.ID == id {
			return it, true
		}
	}
	return model.ChecklistItem{}, false
}

// setItem puts a saved checklist item in place of the one it replaces.
func (s *snapshot) setItem(it model.ChecklistItem) {
	cleanItem(&it)
	for i, x := range s.review.Checklist {
		if x.ID == it.ID {
			s.review.Checklist[i] = it
		}
	}
}

// setAction puts a saved action item in place (or adds a new one).
func (s *snapshot) setAction(a model.ActionItem) {
	cleanAction(&a)
	for i, x := range s.actions {
		if x.ID == a.ID {
			s.actions[i] = a
			return
		}
	}
	s.actions = append(s.actions, a)
}

// setReview takes a saved review; a store that returns it without its checklist
// keeps the one read.
func (s *snapshot) setReview(r model.Review) {
	if r.Checklist == nil {
		r.Checklist = s.review.Checklist
	}
	s.review, s.held = r, true
	tmp := snapshot{review: s.review}
	clean(&tmp)
	s.review = tmp.review
}

// copy is a snapshot the view can change without touching one another model
// value shares (Bubble Tea models are values).
func (s *snapshot) copy() *snapshot {
	c := *s
	c.review.Checklist = append([]model.ChecklistItem(nil), s.review.Checklist...)
	c.review.ReviewedKPIs = append([]int64(nil), s.review.ReviewedKPIs...)
	c.review.Attendees = append([]string(nil), s.review.Attendees...)
	c.actions = append([]model.ActionItem(nil), s.actions...)
	return &c
}

// kpiLabel names a KPI in an action item's row: its key, or "" for none.
func (s *snapshot) kpiLabel(id int64) string {
	if k, ok := s.kpiByID(id); ok {
		return k.Key
	}
	return ""
}

// findKPI finds a KPI an action item is linked to by what the user typed: a
// key, a unique key prefix, or a unique name prefix; archived KPIs are not
// offered.
func findKPI(kpis []model.KPI, text string) (model.KPI, bool, string) {
	t := strings.ToLower(strings.TrimSpace(text))
	var matches []model.KPI
	for _, k := range kpis {
		if k.Archived {
			continue
		}
		if strings.ToLower(k.Key) == t {
			return k, true, ""
		}
		if strings.HasPrefix(strings.ToLower(k.Key), t) || strings.HasPrefix(strings.ToLower(k.Name), t) {
			matches = append(matches, k)
		}
	}
	switch len(matches) {
	case 1:
		return matches[0], true, ""
	case 0:
		return model.KPI{}, false, "no KPI is called " + quote(text) + "; type its key, e.g. mrr, or leave it empty"
	}
	var keys []string
	for _, k := range matches[:min(len(matches), 4)] {
		keys = append(keys, k.Key)
	}
	return model.KPI{}, false, quote(text) + " could be " + strings.Join(keys, ", ") + "; type more of the key"
}

func quote(s string) string { return "“" + model.Sanitize(s, false) + "”" }
