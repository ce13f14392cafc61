package ui

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"kpi/model"
	"kpi/ui/fakestore"
)

// header is the first line of the frame: the team and the week under review.
func header(m Model) string { return strings.SplitN(m.View(), "\n", 2)[0] }

// g opens a prompt for a week: a full week, a week number, a date or a number
// of weeks back; enter goes there and the header says so; a bad one is refused
// on the prompt's line, which stays open (issue 17, item 14).
func TestGGoesToTheWeekTyped(t *testing.T) {
	st := newFakeStore()
	for _, c := range []struct{ typed, want string }{
		{"2025-W10", "2025-W10"}, {"W40", "2026-W40"}, {"2026-10-01", "2026-W40"}, {"-12", "2026-W35"},
	} {
		m := started(t, st, 100, 30)
		m = press(t, m, "g")
		if !strings.Contains(m.View(), "go to week") {
			t.Fatalf("g opened no prompt:\n%s", m.View())
		}
		m = press(t, m, c.typed, "enter")
		if m.week.String() != c.want || !strings.Contains(header(m), "◀ "+c.want+" ▶") {
			t.Errorf("g %s: the week is %s, the header %q; want %s", c.typed, m.week, header(m), c.want)
		}
		if m.typing() {
			t.Errorf("g %s: the prompt is still open", c.typed)
		}
	}
	m := press(t, started(t, st, 100, 30), "g", "zzz", "enter")
	if !m.typing() || !strings.Contains(m.View(), `✗ "zzz" is not a week: try 2026-W40, W40, a date or -12`) || m.week != model.CurrentWeek(testNow) {
		t.Errorf("a bad week: open %v, week %s:\n%s", m.typing(), m.week, m.View())
	}
	m = press(t, m, "esc")
	if m.typing() || m.week != model.CurrentWeek(testNow) {
		t.Errorf("esc left the prompt open (%v) or moved the week to %s", m.typing(), m.week)
	}
}

// G goes to the latest week that holds any value, and says which it is.
func TestCapitalGGoesToTheLatestWeekWithValues(t *testing.T) {
	st := newFakeStore()
	m := press(t, started(t, st, 100, 30), "]", "]", "]")
	if m.week != model.MustWeek("2026-W50") {
		t.Fatalf("] three times: %s", m.week)
	}
	latest, _, _ := st.LatestValueWeek(t.Context(), model.CurrentWeek(testNow))
	m = press(t, m, "G")
	if m.week != latest || !strings.Contains(m.View(), latest.String()+" is the latest week with values") {
		t.Errorf("G went to %s, want %s:\n%s", m.week, latest, m.View())
	}
}

// When this week and the four before hold no values at all, the app opens at
// the latest week with data and says so; a week given (--week) is kept, and a
// file with values this week opens on it.
func TestTheAppOpensAtTheLatestWeekWithDataWhenTodayIsEmpty(t *testing.T) {
	old := fakestore.New(fakestore.Options{Now: func() time.Time { return time.Date(2025, 3, 5, 10, 0, 0, 0, time.UTC) }})
	latest, ok, _ := old.LatestValueWeek(t.Context(), model.CurrentWeek(testNow))
	if !ok || !latest.Before(model.CurrentWeek(testNow).Add(-4)) {
		t.Fatalf("the old demo's latest week is %s", latest)
	}
	m := started(t, old, 100, 30)
	if m.week != latest || !strings.Contains(header(m), latest.String()) {
		t.Errorf("opened at %s (header %q), want %s", m.week, header(m), latest)
	}
	if !strings.Contains(m.View(), "No values in 2026-W43 – 2026-W47: showing "+latest.String()) {
		t.Errorf("the opening does not say why:\n%s", m.View())
	}
	opt := plainOptions(old, "mono")
	opt.Week = model.MustWeek("2026-W40")
	given := New(opt)
	given = drain(t, given, given.Init())
	if given.week != opt.Week {
		t.Errorf("--week 2026-W40 opened at %s", given.week)
	}
	if m := started(t, newFakeStore(), 100, 30); m.week != model.CurrentWeek(testNow) {
		t.Errorf("a file with this week's values opened at %s", m.week)
	}
}

// latestCounting is a store that counts LatestValueWeek's reads.
type latestCounting struct {
	*fakestore.Store
	reads int
}

func (s *latestCounting) LatestValueWeek(ctx context.Context, to model.Week) (model.Week, bool, error) {
	s.reads++
	return s.Store.LatestValueWeek(ctx, to)
}

// The opening decides from this week's load when one of the five weeks holds
// a stored value — without the latest-week read — and asks the store only
// when none does. A value of an archived KPI counts, as LatestValueWeek counts
// it; a week five weeks back does not keep the app on this week.
func TestTheOpeningReadsTheLatestWeekOnlyWhenTheFiveWeeksAreEmpty(t *testing.T) {
	this := model.CurrentWeek(testNow)
	for _, c := range []struct {
		name     string
		at       model.Week
		archived bool
		want     model.Week
		reads    int
	}{
		{"a value four weeks back", this.Add(-4), false, this, 0},
		{"an archived KPI's value this week", this, true, this, 0},
		{"a value five weeks back", this.Add(-5), false, this.Add(-5), 1},
	} {
		st := &latestCounting{Store: fakestore.New(fakestore.Options{Now: func() time.Time { return time.Date(2025, 3, 5, 10, 0, 0, 0, time.UTC) }})}
		st.Edit(func(ds *model.Dataset) {
			i := slices.IndexFunc(ds.KPIs, func(k model.KPI) bool { return !k.Derived() })
			k := ds.KPIs[i]
			k.Archived = c.archived
			ds.KPIs[i] = k
			ds.Values = append(ds.Values, model.Value{ID: 1 << 40, KPIID: k.ID, Week: c.at, Number: 1, HasNumber: true, EnteredBy: "ana"})
		})
		m := started(t, st, 100, 30)
		if m.week != c.want || st.reads != c.reads {
			t.Errorf("%s: opened at %s after %d latest-week reads, want %s after %d", c.name, m.week, st.reads, c.want, c.reads)
		}
	}
}
