package ui

import (
	"context"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"kpi/model"
	"kpi/ui/frame"
)

// trailWeeks is how many weeks the dashboard's sparklines show (spec §5).
const trailWeeks = 13

// Load reads what the views show for week w: settings, objectives, the active
// KPIs, their readings and their recent trail. It reads only the weeks those
// need (17): views that show more weeks (the Review's charts, the Scorecard's
// wider ranges) read the rest themselves, from the weeks the store keeps.
//
// Text is sanitised here as well as on the way into the file: the file is shared,
// and one user's text must never drive another user's terminal, even if a tool
// other than kpi wrote it.
func Load(ctx context.Context, st Store, w model.Week, user string) (*frame.Data, error) {
	settings, err := st.SettingsContext(ctx)
	if err != nil {
		return nil, err
	}
	objs, err := st.ObjectivesContext(ctx)
	if err != nil {
		return nil, err
	}
	all, err := st.KPIsContext(ctx)
	if err != nil {
		return nil, err
	}
	// The readings look back LookbackWeeks from w; a monthly KPI's trail point
	// stands for its month's due week, up to MaxDueLag before the trail starts.
	first := w.Add(-(trailWeeks - 1))
	from := first.Add(-model.MaxDueLag)
	if lb := w.Add(-model.LookbackWeeks); lb.Before(from) {
		from = lb
	}
	vals, err := st.ValuesContext(ctx, from, w)
	if err != nil {
		return nil, err
	}
	events, err := st.Events()
	if err != nil {
		return nil, err
	}
	for i := range events {
		events[i].Text = model.Sanitize(events[i].Text, false)
	}
	settings.TeamName = model.Sanitize(settings.TeamName, false)
	for i := range objs {
		objs[i].Title, objs[i].Owner = model.Sanitize(objs[i].Title, false), model.Sanitize(objs[i].Owner, false)
	}
	for i := range all {
		k := &all[i]
		k.Name, k.Owner, k.Unit = model.Sanitize(k.Name, false), model.Sanitize(k.Owner, false), model.Sanitize(k.Unit, false)
		k.Key = model.Sanitize(k.Key, false) // the Trends header and the editor show it
	}
	for i := range vals {
		vals[i].Note, vals[i].UpdatedBy = model.Sanitize(vals[i].Note, false), model.Sanitize(vals[i].UpdatedBy, false)
	}
	kpis := make([]model.KPI, 0, len(all))
	for _, k := range all {
		if !k.Archived {
			kpis = append(kpis, k)
		}
	}
	d := &frame.Data{Week: w, Settings: settings, Objectives: objs, KPIs: kpis, Events: events, ReadOnly: st.ReadOnlyReason(), User: user}
	// One set of series (derived KPIs computed once, from all KPIs since an input
	// may be archived) serves both the week's readings and the trails.
	series := model.AllSeries(all, vals, from, w)
	d.Series, d.SeriesFrom = series, from
	for i := range trailWeeks {
		d.TrailWeeks = append(d.TrailWeeks, first.Add(i))
	}
	d.Trail = make(map[int64][]frame.TrailPoint, len(kpis))
	d.Readings = make([]model.Reading, 0, len(kpis))
	for _, k := range kpis {
		d.Readings = append(d.Readings, model.Evaluate(k, series[k.ID], w))
		d.Trail[k.ID] = model.Recent(k, series[k.ID], w, trailWeeks)
	}
	return d, nil
}

// loadedMsg carries the result of a load; seq drops results of loads that a later
// week change made stale.
type loadedMsg struct {
	seq  int
	data *frame.Data
	err  error
}

// loading is the load in flight: its number, which the result carries back,
// and the cancel of its context. One mechanism serves both ends: a newer load
// cancels the stale one, so a queued one skips its reads and a running one
// stops at its next query, and a result that still comes back with an older
// number is dropped.
type loading struct {
	seq    int
	ctx    context.Context
	cancel context.CancelFunc
}

// nextLoad cancels the load in flight and numbers the next one (New makes the
// first, which Init starts).
func (m *Model) nextLoad() {
	if m.load.cancel != nil {
		m.load.cancel()
	}
	ctx, cancel := context.WithCancel(context.Background())
	m.load = loading{seq: m.load.seq + 1, ctx: ctx, cancel: cancel}
}

// loadLatest runs the current load in the background: a later one cancels it
// (reload), and holding ] asks for a load per week while the store runs them
// one at a time, so giving up the stale ones is what lets the last week show at
// once.
func (m Model) loadLatest() tea.Cmd {
	ctx, seq := m.load.ctx, m.load.seq
	load, log, week := loadCmd(ctx, m.opt.Store, m.week, m.opt.User, seq), m.opt.Log, m.week.String()
	return func() tea.Msg {
		if ctx.Err() != nil {
			log.Debug("load skipped: a later week was asked for", "week", week)
			return nil
		}
		start := time.Now()
		msg := load().(loadedMsg)
		if ctx.Err() != nil {
			log.Debug("load given up: a later week was asked for", "week", week, "took", time.Since(start))
			return nil
		}
		kpis := 0
		if msg.data != nil {
			kpis = len(msg.data.KPIs)
		}
		log.Info("load", "week", week, "kpis", kpis, "took", time.Since(start), "err", msg.err)
		return msg
	}
}

// loadCmd loads week w in the background.
func loadCmd(ctx context.Context, st Store, w model.Week, user string, seq int) tea.Cmd {
	return func() tea.Msg {
		d, err := Load(ctx, st, w, user)
		return loadedMsg{seq: seq, data: d, err: err}
	}
}
