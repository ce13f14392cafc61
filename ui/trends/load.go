package trends

import (
	"sort"

	tea "github.com/charmbracelet/bubbletea"

	"kpi/model"
)

// loadedMsg carries a read history; seq drops results a later load made stale.
type loadedMsg struct {
	seq  int
	hist *history
	err  error
}

// load reads the shown KPI's history in a command, numbered so that only the
// latest result is kept.
func (m *Model) load() tea.Cmd {
	k, ok := m.kpi()
	if !ok || m.store == nil {
		return nil
	}
	m.seq++
	seq, store, until := m.seq, m.store, m.review
	return func() tea.Msg {
		h, err := readHistory(store, k, until)
		return loadedMsg{seq: seq, hist: h, err: err}
	}
}

// readHistory reads all of k's values. A derived KPI has none of its own: its
// series is computed (model.AllSeries) from the values of every KPI its formula
// reads — through derived inputs, and archived inputs too — for the weeks from
// the first input value to the later of the last one and until.
//
// Notes are sanitised here as well as on the way into the file: the file is
// shared, and one user's text must never drive another user's terminal.
func readHistory(store Store, k model.KPI, until model.Week) (*history, error) {
	h := &history{kpiID: k.ID}
	if !k.Derived() {
		vals, err := store.ValuesOf(k.ID, model.Week{}, model.Week{})
		if err != nil {
			return nil, err
		}
		h.series = clean(model.SortSeries(vals))
		if len(h.series) > 0 {
			h.first = h.series[0].Week
		}
		return h, nil
	}
	all, err := store.KPIs()
	if err != nil {
		return nil, err
	}
	byKey := make(map[string]model.KPI, len(all))
	for _, x := range all {
		byKey[x.Key] = x
	}
	need := map[string]model.KPI{}
	var walk func(x model.KPI, depth int)
	walk = func(x model.KPI, depth int) {
		if _, seen := need[x.Key]; seen || depth > 16 {
			return
		}
		need[x.Key] = x
		if f, err := model.ParseFormula(x.Formula); err == nil && x.Derived() {
			for _, r := range f.Refs() {
				if in, ok := byKey[r]; ok {
					walk(in, depth+1)
				}
			}
		}
	}
	walk(k, 0)
	kpis := make([]model.KPI, 0, len(need))
	var vals []model.Value
	first, last := until, until
	for _, x := range need {
		kpis = append(kpis, x)
		if x.Derived() {
			continue
		}
		vs, err := store.ValuesOf(x.ID, model.Week{}, model.Week{})
		if err != nil {
			return nil, err
		}
		for _, v := range vs {
			if v.Week.Before(first) {
				first = v.Week
			}
			if v.Week.After(last) {
				last = v.Week
			}
		}
		vals = append(vals, vs...)
	}
	sort.Slice(kpis, func(i, j int) bool { return kpis[i].ID < kpis[j].ID })
	series := model.AllSeries(kpis, vals, first, last)
	h.series = clean(series[k.ID])
	if len(h.series) > 0 {
		h.first = h.series[0].Week
	}
	if f, err := model.ParseFormula(k.Formula); err == nil {
		for _, r := range f.Refs() {
			if in, ok := need[r]; ok && in.Key != k.Key {
				in.Name = model.Sanitize(in.Name, false)
				h.inputs = append(h.inputs, input{kpi: in, series: series[in.ID]})
			}
		}
	}
	return h, nil
}

// clean sanitises the text of values read from the shared file.
func clean(s model.Series) model.Series {
	for i := range s {
		s[i].Note = model.Sanitize(s[i].Note, false)
		s[i].EnteredBy = model.Sanitize(s[i].EnteredBy, false)
		s[i].UpdatedBy = model.Sanitize(s[i].UpdatedBy, false)
	}
	return s
}
