package demo

import (
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"regexp"
	"slices"
	"testing"
	"time"

	"kpi/model"
)

// A Wednesday afternoon in November 2026 (2026-W47): the usual clock of these tests.
var wed = time.Date(2026, time.November, 18, 15, 30, 0, 0, time.UTC)

func TestGenerateIsDeterministic(t *testing.T) {
	t.Parallel()
	cases := []Options{
		{Seed: 1, Now: wed},
		{Seed: 42, Weeks: 30, KPIs: 60, Now: wed},
		{Seed: 7, Now: time.Date(2026, 12, 31, 9, 0, 0, 0, time.UTC)},
	}
	for _, opt := range cases {
		t.Run(fmt.Sprintf("seed%d_kpis%d_weeks%d", opt.Seed, opt.KPIs, opt.Weeks), func(t *testing.T) {
			t.Parallel()
			a, b := Generate(opt), Generate(opt)
			if !reflect.DeepEqual(a, b) {
				t.Fatal("the same options gave different datasets")
			}
			ja, err := json.Marshal(a)
			if err != nil {
				t.Fatal(err)
			}
			jb, _ := json.Marshal(b)
			if string(ja) != string(jb) {
				t.Fatal("the same options gave different JSON")
			}

			other := opt
			other.Seed++
			c := Generate(other)
			same := 0
			n := min(len(a.Values), len(c.Values))
			for i := range n {
				if a.Values[i].Number == c.Values[i].Number && a.Values[i].Week == c.Values[i].Week {
					same++
				}
			}
			if same > n/2 {
				t.Fatalf("seeds %d and %d share %d of %d values", opt.Seed, other.Seed, same, n)
			}
		})
	}
}

// Adding generated KPIs must not change the curated part of the same seed, so the
// large demo's key KPIs look like the normal demo's.
func TestLargeKeepsTheCuratedData(t *testing.T) {
	t.Parallel()
	small := Generate(Options{Seed: 3, Weeks: 40, Now: wed})
	large := Generate(Options{Seed: 3, Weeks: 40, KPIs: 50, Now: wed})
	if !reflect.DeepEqual(small.KPIs, large.KPIs[:len(small.KPIs)]) {
		t.Error("curated KPIs differ between the normal and the large demo")
	}
	// values are stored week by week, so compare the curated KPIs' values
	// without their ids
	withoutIDs := func(vs []model.Value, kpis int) []model.Value {
		var out []model.Value
		for _, v := range vs {
			if v.KPIID <= int64(kpis) {
				v.ID = 0
				out = append(out, v)
			}
		}
		return out
	}
	if !reflect.DeepEqual(withoutIDs(small.Values, len(small.KPIs)), withoutIDs(large.Values, len(small.KPIs))) {
		t.Error("curated values differ between the normal and the large demo")
	}
	if !reflect.DeepEqual(small.Reviews, large.Reviews) || !reflect.DeepEqual(small.ActionItems, large.ActionItems) {
		t.Error("reviews or action items differ between the normal and the large demo")
	}
}

// TestInvariants checks the rules every generated dataset must keep, over clocks
// that fall on awkward weeks (a 53-week year, the first minute of a year, a Sunday)
// and over scaled-up options.
func TestInvariants(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		opt  Options
	}{
		{"normal", Options{Seed: 1, Now: wed}},
		{"53-week year", Options{Seed: 2, Now: time.Date(2026, 12, 31, 12, 0, 0, 0, time.UTC)}},
		{"Monday midnight of week 1", Options{Seed: 3, Now: time.Date(2027, 1, 4, 0, 0, 0, 0, time.UTC)}},
		{"Sunday night", Options{Seed: 4, Now: time.Date(2025, 6, 15, 23, 59, 0, 0, time.UTC)}},
		{"Monday morning before the review", Options{Seed: 5, Now: time.Date(2026, 11, 16, 8, 0, 0, 0, time.UTC)}},
		{"non-UTC clock", Options{Seed: 6, Now: time.Date(2026, 3, 4, 9, 0, 0, 0, time.FixedZone("PST", -8*3600))}},
		{"three weeks", Options{Seed: 7, Weeks: 3, Now: wed}},
		{"one week", Options{Seed: 8, Weeks: 1, Now: wed}},
		{"scaled", Options{Seed: 9, KPIs: 80, Weeks: 60, Now: wed}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			checkInvariants(t, tc.opt, Generate(tc.opt))
		})
	}
}

var slug = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

func checkInvariants(t *testing.T, opt Options, ds model.Dataset) {
	t.Helper()
	now := opt.Now.UTC()
	cw := model.WeekOf(opt.Now)
	weeks := opt.Weeks
	if weeks == 0 {
		weeks = DefaultWeeks
	}
	first := cw.Add(-(weeks - 1))
	isUTC := func(ts time.Time) bool { return ts.IsZero() || ts.Location() == time.UTC }

	if ds.Format != model.DatasetFormat {
		t.Errorf("format %q", ds.Format)
	}
	if ds.Settings.TeamName == "" || ds.Settings.ReviewWeekday != time.Monday ||
		!reflect.DeepEqual(ds.Settings.Checklist, model.DefaultChecklist()) {
		t.Errorf("settings %+v are not the defaults with a team name", ds.Settings)
	}

	// Objectives.
	if n := len(ds.Objectives); n < 3 || n > 5 {
		t.Errorf("%d objectives, want 3–5", n)
	}
	objIDs := map[int64]bool{}
	for i, o := range ds.Objectives {
		if o.ID != int64(i+1) || o.Title == "" || o.Owner == "" || o.Start.After(o.End) || o.Version != 1 {
			t.Errorf("objective %+v", o)
		}
		if o.CreatedAt.After(now) || !isUTC(o.CreatedAt) {
			t.Errorf("objective %d created at %v", o.ID, o.CreatedAt)
		}
		objIDs[o.ID] = true
	}

	// KPIs.
	byID := map[int64]model.KPI{}
	keys := map[string]bool{}
	omtm, key := 0, 0
	for i, k := range ds.KPIs {
		if k.ID != int64(i+1) {
			t.Errorf("KPI %q has ID %d at position %d", k.Key, k.ID, i)
		}
		if !slug.MatchString(k.Key) || len(k.Key) > model.MaxKeyLen {
			t.Errorf("KPI key %q is not a slug of at most %d characters", k.Key, model.MaxKeyLen)
		}
		if keys[k.Key] {
			t.Errorf("KPI key %q used twice", k.Key)
		}
		keys[k.Key] = true
		if k.Name == "" || len(k.Name) > model.MaxNameLen || k.Owner == "" {
			t.Errorf("KPI %q: name %q, owner %q", k.Key, k.Name, k.Owner)
		}
		if k.ObjectiveID != 0 && !objIDs[k.ObjectiveID] {
			t.Errorf("KPI %q links to missing objective %d", k.Key, k.ObjectiveID)
		}
		if k.Version != 1 || k.CreatedAt.After(now) || !isUTC(k.CreatedAt) || k.DefinitionReviewed.After(now) {
			t.Errorf("KPI %q stamp %+v, reviewed %v", k.Key, k.Stamp, k.DefinitionReviewed)
		}
		if k.OMTM {
			omtm++
		}
		if k.Tier == model.TierKey {
			key++
		}
		switch {
		case k.Kind == model.Qualitative && len(k.Targets) != 0:
			t.Errorf("qualitative KPI %q has a numeric target", k.Key)
		case k.Kind == model.Quantitative && len(k.Targets) == 0:
			t.Errorf("KPI %q has no target", k.Key)
		}
		for _, p := range k.Targets {
			if bad(p.Value) || bad(p.High) || (k.Direction == model.Range && p.High <= p.Value) {
				t.Errorf("KPI %q target %+v", k.Key, p)
			}
		}
		byID[k.ID] = k
	}
	if omtm != 1 {
		t.Errorf("%d OMTMs, want exactly 1", omtm)
	}
	if key < 4 || key > 5 {
		t.Errorf("%d key KPIs, want 4 or 5", key)
	}

	// Values.
	type kw struct {
		id int64
		w  model.Week
	}
	seen := map[kw]bool{}
	for i, v := range ds.Values {
		k, ok := byID[v.KPIID]
		switch {
		case v.ID != int64(i+1):
			t.Fatalf("value at %d has ID %d", i, v.ID)
		case !ok:
			t.Fatalf("value %d points at missing KPI %d", v.ID, v.KPIID)
		case seen[kw{v.KPIID, v.Week}]:
			t.Fatalf("two values for %q in %v", k.Key, v.Week)
		case v.Week.Before(first) || v.Week.After(cw):
			t.Fatalf("value of %q in %v, outside %v..%v", k.Key, v.Week, first, cw)
		case k.Derived():
			t.Fatalf("value %d entered for the derived KPI %q", v.ID, k.Key)
		case k.Cadence == model.Monthly && !firstWeekOfMonth(v.Week):
			t.Fatalf("monthly KPI %q has a value in %v, which is not the first week of a month", k.Key, v.Week)
		case k.Kind == model.Qualitative && (v.HasNumber || !slices.Contains([]model.Status{model.OnTrack, model.AtRisk, model.OffTrack}, v.Status) || v.Note == ""):
			t.Fatalf("qualitative value %+v", v)
		case k.Kind == model.Quantitative && (!v.HasNumber || bad(v.Number) || v.Status != model.NoneGiven):
			t.Fatalf("quantitative value %+v", v)
		case k.Kind == model.Quantitative && math.Abs(v.Number*math.Pow10(k.Decimals)-math.Round(v.Number*math.Pow10(k.Decimals))) > 1e-6:
			t.Fatalf("value %v of %q is not rounded to %d decimals", v.Number, k.Key, k.Decimals)
		case v.EnteredBy != k.Owner || v.UpdatedBy != k.Owner || v.Version != 1 ||
			!v.CreatedAt.Equal(v.EnteredAt) || !v.UpdatedAt.Equal(v.EnteredAt) || !isUTC(v.EnteredAt):
			t.Fatalf("value %d of %q: entered by %q at %v, stamp %+v", v.ID, k.Key, v.EnteredBy, v.EnteredAt, v.Stamp)
		case v.EnteredAt.After(now) || v.EnteredAt.Before(v.Week.Monday()) || !v.EnteredAt.Before(v.Week.Monday().AddDate(0, 0, 7)):
			t.Fatalf("value %d of %q in %v entered at %v (now %v)", v.ID, k.Key, v.Week, v.EnteredAt, now)
		case v.Week != cw && (v.EnteredAt.Weekday() < time.Tuesday || v.EnteredAt.Weekday() > time.Thursday):
			t.Fatalf("value %d entered on a %v", v.ID, v.EnteredAt.Weekday())
		}
		seen[kw{v.KPIID, v.Week}] = true
	}
	// In the current week two or three KPIs that are due are still missing.
	missingNow := 0
	for _, k := range ds.KPIs {
		if !k.Derived() && (k.Cadence == model.Weekly || firstWeekOfMonth(cw)) && !seen[kw{k.ID, cw}] {
			missingNow++
		}
	}
	if missingNow < 2 || missingNow > 3 {
		t.Errorf("%d KPIs are missing a value in the current week, want 2–3", missingNow)
	}

	// Reviews.
	keyIDs := []int64{}
	for _, k := range ds.KPIs {
		if k.Tier == model.TierKey {
			keyIDs = append(keyIDs, k.ID)
		}
	}
	var itemID int64
	for i, r := range ds.Reviews {
		switch {
		case r.ID != int64(i+1):
			t.Errorf("review at %d has ID %d", i, r.ID)
		case !r.Week.Before(cw) || r.Week.Before(first):
			t.Errorf("review of %v; the current week is %v and the first %v", r.Week, cw, first)
		case i > 0 && !ds.Reviews[i-1].Week.Before(r.Week):
			t.Errorf("reviews out of order at %v", r.Week)
		case r.State != model.ReviewConcluded || r.Rating < 6 || r.Rating > 9 || r.Notes == "" || r.Facilitator == "":
			t.Errorf("review %+v", r)
		case !slices.Contains(r.Attendees, r.Facilitator):
			t.Errorf("review %v: facilitator %q not among %v", r.Week, r.Facilitator, r.Attendees)
		case r.StartedAt.Weekday() != ds.Settings.ReviewWeekday || r.ConcludedAt.Weekday() != ds.Settings.ReviewWeekday:
			t.Errorf("review %v held on %v", r.Week, r.StartedAt.Weekday())
		case !r.StartedAt.Before(r.ConcludedAt) || r.ConcludedAt.After(now) || !r.StartedAt.After(r.Week.Sunday()):
			t.Errorf("review %v from %v to %v (now %v)", r.Week, r.StartedAt, r.ConcludedAt, now)
		case !reflect.DeepEqual(r.ReviewedKPIs, keyIDs):
			t.Errorf("review %v reviewed %v, want the key KPIs %v", r.Week, r.ReviewedKPIs, keyIDs)
		case len(r.Checklist) != len(ds.Settings.Checklist):
			t.Errorf("review %v has %d checklist items", r.Week, len(r.Checklist))
		}
		for j, it := range r.Checklist {
			itemID++
			tpl := ds.Settings.Checklist[j]
			if it.ID != itemID || it.ReviewID != r.ID || it.Text != tpl.Text || it.TimeboxMinutes != tpl.TimeboxMinutes ||
				!it.Done || it.DoneBy == "" || it.DoneAt.Before(r.StartedAt) || it.DoneAt.After(r.ConcludedAt) {
				t.Errorf("review %v item %+v", r.Week, it)
			}
		}
	}

	// Action items.
	for i, a := range ds.ActionItems {
		d := model.WeeksBetween(a.CreatedWeek, a.Due)
		switch {
		case a.ID != int64(i+1):
			t.Errorf("action item at %d has ID %d", i, a.ID)
		case a.KPIID != 0 && byID[a.KPIID].ID == 0:
			t.Errorf("action item %d links to missing KPI %d", a.ID, a.KPIID)
		case a.Text == "" || a.Owner == "" || d < 1 || d > 3:
			t.Errorf("action item %+v (due %d weeks after creation)", a, d)
		case a.Done && (a.DoneBy == "" || a.DoneAt.Before(a.CreatedAt) || a.DoneAt.After(now)):
			t.Errorf("done action item %+v", a)
		case !a.Done && (a.DoneBy != "" || !a.DoneAt.IsZero()):
			t.Errorf("open action item %+v has a done time", a)
		case a.CreatedAt.After(now) || !a.CreatedWeek.Before(cw):
			t.Errorf("action item %d created %v in %v", a.ID, a.CreatedAt, a.CreatedWeek)
		}
	}
}

func bad(x float64) bool { return math.IsNaN(x) || math.IsInf(x, 0) }

// firstWeekOfMonth reports whether w is the first week whose Monday falls in its
// month: the week a monthly KPI is due.
func firstWeekOfMonth(w model.Week) bool {
	y, m := w.Month()
	py, pm := w.Prev().Month()
	return y != py || m != pm
}

// TestNormalDemo checks what makes the normal demo worth opening: a scorecard with
// every kind of KPI, two years of history, recent reviews and open action items.
func TestNormalDemo(t *testing.T) {
	t.Parallel()
	for _, now := range []time.Time{wed, time.Date(2026, 12, 31, 12, 0, 0, 0, time.UTC), time.Date(2028, 2, 29, 11, 0, 0, 0, time.UTC)} {
		t.Run(now.Format("2006-01-02"), func(t *testing.T) {
			t.Parallel()
			ds := Generate(Options{Seed: 11, Now: now})
			cw := model.WeekOf(now)
			if n := len(ds.KPIs); n < 12 || n > 20 || n != CuratedKPIs() {
				t.Errorf("%d KPIs, want the %d curated ones (12–20)", n, CuratedKPIs())
			}

			has := map[string]bool{}
			var derived model.KPI
			for _, k := range ds.KPIs {
				has[string(k.Direction)] = true
				has[string(k.Indicator)] = true
				has[string(k.Kind)] = true
				has[string(k.Cadence)] = true
				has[string(k.Aggregate)] = true
				has[string(k.Tier)] = true
				if k.Derived() {
					has["formula"] = true
					derived = k
				}
				if len(k.Targets) >= 2 {
					has["glide path"] = true
				}
				if k.Tolerance.Absolute {
					has["absolute tolerance"] = true
				}
				if k.ObjectiveID != 0 {
					has["linked"] = true
				}
			}
			for _, want := range []string{"up", "down", "range", "leading", "lagging", "quantitative", "qualitative",
				"weekly", "monthly", "sum", "avg", "last", "key", "health", "formula", "glide path", "absolute tolerance", "linked"} {
				if !has[want] {
					t.Errorf("no KPI with %s", want)
				}
			}
			// The formula refers to KPIs of the file.
			if derived.Formula != "won / created * 100" {
				t.Errorf("derived KPI formula %q", derived.Formula)
			}
			keys := map[string]bool{}
			for _, k := range ds.KPIs {
				keys[k.Key] = true
			}
			for _, ref := range regexp.MustCompile(`[a-z][a-z0-9_]*`).FindAllString(derived.Formula, -1) {
				if !keys[ref] {
					t.Errorf("formula %q refers to unknown KPI %q", derived.Formula, ref)
				}
			}

			// Values span 104 weeks ending with the current one.
			var firstW, lastW model.Week
			for _, v := range ds.Values {
				if firstW.IsZero() || v.Week.Before(firstW) {
					firstW = v.Week
				}
				if v.Week.After(lastW) {
					lastW = v.Week
				}
			}
			if lastW != cw || model.WeeksBetween(firstW, lastW) != DefaultWeeks-1 {
				t.Errorf("values from %v to %v, want %d weeks ending %v", firstW, lastW, DefaultWeeks, cw)
			}

			// A few values missing in the past, notes on some.
			due, got, notes, quant := 0, 0, 0, 0
			for _, k := range ds.KPIs {
				if k.Derived() {
					continue
				}
				for w := firstW; w.Before(cw); w = w.Next() {
					if k.Cadence == model.Weekly || firstWeekOfMonth(w) {
						due++
					}
				}
			}
			for _, v := range ds.Values {
				if v.Week == cw {
					continue
				}
				got++
				if v.HasNumber {
					quant++
					if v.Note != "" {
						notes++
					}
				}
			}
			if miss := float64(due-got) / float64(due); miss < 0.003 || miss > 0.04 {
				t.Errorf("%.1f%% of past values missing, want about 1–2%%", 100*miss)
			}
			if share := float64(notes) / float64(quant); share < 0.05 || share > 0.2 {
				t.Errorf("%.1f%% of values have a note, want about 10%%", 100*share)
			}

			// Most of the last twelve weeks were reviewed; the current week was not.
			if n := len(ds.Reviews); n < 8 || n > 12 {
				t.Errorf("%d past reviews, want most of the last 12 weeks", n)
			}
			for _, r := range ds.Reviews {
				if model.WeeksBetween(r.Week, cw) > 12 {
					t.Errorf("review of %v is more than 12 weeks old", r.Week)
				}
			}

			// Action items: mostly done, three or four open, one of them overdue.
			open, overdue, linked := 0, 0, 0
			for _, a := range ds.ActionItems {
				if !a.Done {
					open++
					if a.Due.Before(cw) {
						overdue++
					}
				}
				if a.KPIID != 0 {
					linked++
				}
			}
			if n := len(ds.ActionItems); n < 10 || n > 15 || open < 3 || open > 4 || overdue != 1 || linked == 0 || linked == n {
				t.Errorf("%d action items, %d open, %d overdue, %d linked to a KPI", len(ds.ActionItems), open, overdue, linked)
			}
		})
	}
}

// statusOf is a minimal status rule (spec §2) so the test can judge the mix of
// statuses without depending on model's status functions.
func statusOf(k model.KPI, w model.Week, x float64) model.Status {
	b := k.Targets.At(w, k.Direction)
	switch k.Direction {
	case model.Down:
		switch {
		case x <= b.High:
			return model.OnTrack
		case x <= b.High+k.Tolerance.Band(b.High):
			return model.AtRisk
		}
	case model.Range:
		switch {
		case x >= b.Low && x <= b.High:
			return model.OnTrack
		case x >= b.Low-k.Tolerance.Band(b.Low) && x <= b.High+k.Tolerance.Band(b.High):
			return model.AtRisk
		}
	default:
		switch {
		case x >= b.Low:
			return model.OnTrack
		case x >= b.Low-k.Tolerance.Band(b.Low):
			return model.AtRisk
		}
	}
	return model.OffTrack
}

// The recent weeks should show a mix of statuses: a demo that is all green or all
// red teaches nothing.
func TestStatusesAreAMix(t *testing.T) {
	t.Parallel()
	for _, opt := range []Options{
		{Seed: 1, Now: wed}, {Seed: 2, Now: wed}, {Seed: 3, Now: time.Date(2027, 3, 10, 12, 0, 0, 0, time.UTC)},
		{Seed: 4, KPIs: 300, Weeks: 30, Now: wed},
	} {
		t.Run(fmt.Sprintf("seed%d_kpis%d", opt.Seed, opt.KPIs), func(t *testing.T) {
			t.Parallel()
			ds := Generate(opt)
			cw := model.WeekOf(opt.Now)
			byID := map[int64]model.KPI{}
			for _, k := range ds.KPIs {
				byID[k.ID] = k
			}
			count := map[model.Status]int{}
			total := 0
			for _, v := range ds.Values {
				k := byID[v.KPIID]
				if !v.HasNumber || model.WeeksBetween(v.Week, cw) >= 4 {
					continue
				}
				count[statusOf(k, v.Week, v.Number)]++
				total++
			}
			for _, s := range []model.Status{model.OnTrack, model.AtRisk, model.OffTrack} {
				if share := float64(count[s]) / float64(total); share < 0.1 || share > 0.75 {
					t.Errorf("%s is %.0f%% of the last four weeks' statuses (%v)", s, 100*share, count)
				}
			}
		})
	}
}

func TestLargeDemo(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("the large demo generates half a million values")
	}
	opt := Options{Seed: 1, KPIs: 1000, Weeks: 520, Now: wed}
	ds := Generate(opt)
	if len(ds.KPIs) != 1000 {
		t.Fatalf("%d KPIs, want 1000", len(ds.KPIs))
	}
	expected := 0
	for _, k := range ds.KPIs[CuratedKPIs():] {
		if k.Tier != model.TierHealth || k.Cadence != model.Weekly || k.Kind != model.Quantitative || len(k.Targets) != 1 {
			t.Errorf("generated KPI %+v", k)
		}
	}
	weeks := make([]model.Week, 0, opt.Weeks)
	for w := model.WeekOf(wed).Add(-(opt.Weeks - 1)); !w.After(model.WeekOf(wed)); w = w.Next() {
		weeks = append(weeks, w)
	}
	for _, k := range ds.KPIs {
		switch {
		case k.Derived():
		case k.Cadence == model.Monthly:
			for _, w := range weeks {
				if firstWeekOfMonth(w) {
					expected++
				}
			}
		default:
			expected += len(weeks)
		}
	}
	if n := len(ds.Values); n > expected || n < expected*97/100 {
		t.Errorf("%d values, want a little under %d", n, expected)
	}
	checkInvariants(t, opt, ds)
}

func BenchmarkGenerateLarge(b *testing.B) {
	opt := Options{Seed: 1, KPIs: 1000, Weeks: 520, Now: wed}
	b.ReportAllocs()
	for b.Loop() {
		ds := Generate(opt)
		if len(ds.Values) == 0 {
			b.Fatal("no values")
		}
	}
}

func BenchmarkGenerateNormal(b *testing.B) {
	opt := Options{Seed: 1, Now: wed}
	b.ReportAllocs()
	for b.Loop() {
		Generate(opt)
	}
}

// The values come week by week, as a team enters them, so a file written from
// them keeps each week's values together (what makes a window of weeks cheap to
// read on the large demo).
func TestValuesComeWeekByWeek(t *testing.T) {
	t.Parallel()
	ds := Generate(Options{Seed: 1, Weeks: 30, KPIs: 40, Now: wed})
	for i := 1; i < len(ds.Values); i++ {
		a, b := ds.Values[i-1], ds.Values[i]
		if b.Week.Before(a.Week) || b.Week == a.Week && b.KPIID <= a.KPIID {
			t.Fatalf("value %d (%s, KPI %d) comes after %s, KPI %d", i, b.Week, b.KPIID, a.Week, a.KPIID)
		}
	}
}
