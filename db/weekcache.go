package db

import (
	"cmp"
	"context"
	"database/sql"
	"slices"
	"sync"

	"kpi/model"
)

// weekCache keeps the weeks that Values read, each week's values of every KPI,
// and the KPI list, for as long as the file's Generation stays the same. Holding
// ] in the app moves the window a week at a time: with the cache a step reads
// one week of values instead of the whole window again (on the large demo 1,000
// rows instead of 26,000, which was most of a week change), and no KPIs.
//
// Any commit to the file by anyone — another kpi, this Store, the sqlite3 shell —
// moves Generation and empties the cache, so a cached week is never older than
// the file. The generation is read before the values: a commit that lands in
// between leaves newer values under the older generation, which the next call
// sees as changed and reads again.
type weekCache struct {
	mu    sync.Mutex
	limit int // most weeks kept; 0 turns the cache off
	// unwatched says the cache is never compared with the file again
	// (KeepWeeksUnwatched): a one-shot command's.
	unwatched bool
	gen       int64 // the Generation the weeks were read at
	weeks     map[model.Week]cachedWeek
	tick      uint64 // counts calls, to drop the least recently used week first
	kpis      []model.KPI
	// persist is the read cache's file (readcache.go), "" for none; loaded
	// says the first fill looked at it already.
	persist string
	loaded  bool
	// saved says SaveReads wrote the cache at generation savedGen.
	saved    bool
	savedGen int64
}

// current empties the cache when the file changed since it was filled, and
// says whether the cache is on. The caller holds c.mu.
func (c *weekCache) current(s *Store) bool {
	if c.limit == 0 {
		return false
	}
	gen := c.gen
	if !c.unwatched {
		var err error
		if gen, err = s.Generation(); err != nil {
			return false // the direct read reports what is wrong with the file
		}
	}
	if c.weeks == nil || gen != c.gen {
		first := c.weeks == nil
		c.weeks, c.kpis, c.gen = make(map[model.Week]cachedWeek, c.limit), nil, gen
		if first && c.persist != "" && !c.loaded {
			s.loadPersisted(c)
		}
	}
	return true
}

// cachedWeek is one week's values sorted by KPI, and when it was last used.
type cachedWeek struct {
	values []keptValue
	used   uint64
}

// keptValue is a value as a window reads it (windowCols), without the times
// and override reason model.Value also has room for: 136 bytes instead of 224,
// which on the large demo is 6 MB of the app's memory.
type keptValue struct {
	id, kpiID, version int64
	number             float64
	week               model.Week
	status             model.Status
	note, enteredBy    string
	updatedBy          string
	bad                string
	hasNumber          bool
}

func keep(v model.Value) keptValue {
	return keptValue{id: v.ID, kpiID: v.KPIID, version: v.Version, number: v.Number, week: v.Week, status: v.Status,
		note: v.Note, enteredBy: v.EnteredBy, updatedBy: v.UpdatedBy, bad: v.Bad, hasNumber: v.HasNumber}
}

func (k keptValue) value() model.Value {
	v := model.Value{ID: k.id, KPIID: k.kpiID, Week: k.week, Number: k.number, HasNumber: k.hasNumber,
		Status: k.status, Note: k.note, EnteredBy: k.enteredBy, Bad: k.bad}
	v.Version, v.UpdatedBy = k.version, k.updatedBy
	return v
}

// KeepWeeks makes Values keep up to n weeks of values, and KPIs the KPI list,
// between calls while the file is unchanged (see weekCache). The app calls it:
// it reads overlapping windows on every week change. One-shot commands read a
// window once and do not. A week of the large demo (1,000 KPIs) is about 120 kB.
func (s *Store) KeepWeeks(n int) {
	c := &s.cache
	c.mu.Lock()
	defer c.mu.Unlock()
	c.limit, c.weeks, c.kpis, c.loaded, c.unwatched = max(n, 0), nil, nil, false, false
}

// KeepWeeksUnwatched is KeepWeeks for a command that draws once and exits
// (`kpi snapshot`): what it kept is not compared with the file again, so no
// connection is opened to watch the file. A commit that lands during the few
// milliseconds between the command's reads shows in the weeks read after it
// only, as if those weeks had been read a moment later.
func (s *Store) KeepWeeksUnwatched(n int) {
	s.KeepWeeks(n)
	s.cache.mu.Lock()
	defer s.cache.mu.Unlock()
	s.cache.unwatched = true
}

// cachedKPIs is KPIs through the cache; ok is false when caching is off. The
// KPIs are copies, target paths included.
func (s *Store) cachedKPIs(ctx context.Context) (out []model.KPI, ok bool, err error) {
	c := &s.cache
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.current(s) {
		return nil, false, nil
	}
	if c.kpis == nil {
		err := s.read(ctx, func(tx *sql.Tx) (err error) {
			c.kpis, err = readKPIs(ctx, tx, "")
			return err
		})
		if err != nil {
			c.kpis = nil
			return nil, true, err
		}
	}
	out = slices.Clone(c.kpis)
	for i := range out {
		out[i].Targets = slices.Clone(out[i].Targets)
	}
	return out, true, nil
}

// cachedValues is Values through the cache; ok is false when the window is not
// one the cache serves (caching off, an open end, or wider than the cache), and
// the caller reads it directly.
func (s *Store) cachedValues(ctx context.Context, from, to model.Week) (out []model.Value, ok bool, err error) {
	c := &s.cache
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.limit == 0 || from.IsZero() || to.IsZero() || to.Before(from) {
		return nil, false, nil
	}
	var span []model.Week
	for w := from; !w.After(to); w = w.Next() {
		if span = append(span, w); len(span) > c.limit {
			return nil, false, nil
		}
	}
	if !c.current(s) {
		return nil, false, nil
	}
	c.tick++
	if err := s.fillWeeks(ctx, c, span); err != nil {
		return nil, true, err
	}
	lists := make([][]keptValue, len(span))
	for i, w := range span {
		cw := c.weeks[w]
		cw.used = c.tick
		c.weeks[w] = cw
		lists[i] = cw.values
	}
	c.evict()
	return mergeByKPI(lists), true, nil
}

// fillWeeks reads the weeks of span the cache lacks, each run of missing weeks
// in one query, all in one read transaction.
func (s *Store) fillWeeks(ctx context.Context, c *weekCache, span []model.Week) error {
	type run struct{ from, to model.Week }
	var runs []run
	for i, w := range span {
		if _, ok := c.weeks[w]; ok {
			continue
		}
		if n := len(runs); n > 0 && i > 0 && runs[n-1].to == span[i-1] {
			runs[n-1].to = w
		} else {
			runs = append(runs, run{w, w})
		}
	}
	if len(runs) == 0 {
		return nil
	}
	return s.read(ctx, func(tx *sql.Tx) error {
		for _, r := range runs {
			// a value per KPI and week at most, unless a week was written twice
			kept, err := readWindow(ctx, tx, r.from, r.to, len(c.kpis)*(model.WeeksBetween(r.from, r.to)+1))
			if err != nil {
				return err
			}
			// the names of who entered and changed a value are a handful of
			// people: each is kept once
			names := make(map[string]string)
			intern := func(s string) string {
				if n, ok := names[s]; ok {
					return n
				}
				names[s] = s
				return s
			}
			for i := range kept {
				k := &kept[i]
				k.enteredBy, k.updatedBy, k.status = intern(k.enteredBy), intern(k.updatedBy), model.Status(intern(string(k.status)))
			}
			slices.SortFunc(kept, func(a, b keptValue) int {
				return cmp.Or(a.week.Compare(b.week), cmp.Compare(a.kpiID, b.kpiID))
			})
			// each week in its own exact allocation, so evicting it frees it
			for w := r.from; !w.After(r.to); w = w.Next() {
				n := 0
				for n < len(kept) && kept[n].week == w {
					n++
				}
				c.weeks[w] = cachedWeek{values: slices.Clone(kept[:n])}
				kept = kept[n:]
			}
		}
		return nil
	})
}

// evict drops the least recently used weeks beyond the limit.
func (c *weekCache) evict() {
	for len(c.weeks) > c.limit {
		var oldest model.Week
		first := true
		for w, cw := range c.weeks {
			if first || cw.used < c.weeks[oldest].used {
				oldest, first = w, false
			}
		}
		delete(c.weeks, oldest)
	}
}

// mergeByKPI merges weeks of values, oldest week first and each sorted by KPI,
// into one list ordered by KPI and week, as Values returns it. The result is a
// copy: callers may change it without touching the cache.
func mergeByKPI(weeks [][]keptValue) []model.Value {
	n := 0
	for _, vs := range weeks {
		n += len(vs)
	}
	out := make([]model.Value, 0, n)
	next := make([]int, len(weeks))
	for len(out) < n {
		// the smallest KPI among the weeks' next values, then its value in each
		// week that has one, oldest first: a KPI appears once a week at most
		kpi, found := int64(0), false
		for i, vs := range weeks {
			if next[i] < len(vs) && (!found || vs[next[i]].kpiID < kpi) {
				kpi, found = vs[next[i]].kpiID, true
			}
		}
		for i, vs := range weeks {
			if next[i] < len(vs) && vs[next[i]].kpiID == kpi {
				out = append(out, vs[next[i]].value())
				next[i]++
			}
		}
	}
	return out
}
