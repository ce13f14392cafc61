package model

import "testing"

func TestJudge(t *testing.T) {
	pct5 := DefaultTolerance
	abs2 := Tolerance{Amount: 2, Absolute: true}
	point := func(v float64) Band { return Band{Low: v, High: v, OK: true} }
	tests := []struct {
		name  string
		dir   Direction
		tol   Tolerance
		band  Band
		value float64
		want  Status
	}{
		// up: target 100, 5 % → at risk down to 95
		{"up above", Up, pct5, point(100), 120, OnTrack},
		{"up exactly at target", Up, pct5, point(100), 100, OnTrack},
		{"up just below target", Up, pct5, point(100), 99.99, AtRisk},
		{"up at the tolerance edge", Up, pct5, point(100), 95, AtRisk},
		{"up just outside tolerance", Up, pct5, point(100), 94.99, OffTrack},
		{"up far below", Up, pct5, point(100), 10, OffTrack},
		{"up absolute tolerance edge", Up, abs2, point(100), 98, AtRisk},
		{"up absolute tolerance outside", Up, abs2, point(100), 97.9, OffTrack},
		{"up zero target, at it", Up, pct5, point(0), 0, OnTrack},
		{"up zero target, any shortfall is off (5% of 0 is 0)", Up, pct5, point(0), -0.01, OffTrack},
		{"up zero target, absolute tolerance", Up, abs2, point(0), -1, AtRisk},
		// up, negative target (net cash flow -100 or better); 5 % of |-100| = 5
		{"up negative target, better", Up, pct5, point(-100), -50, OnTrack},
		{"up negative target, at it", Up, pct5, point(-100), -100, OnTrack},
		{"up negative target, within tolerance", Up, pct5, point(-100), -104, AtRisk},
		{"up negative target, tolerance edge", Up, pct5, point(-100), -105, AtRisk},
		{"up negative target, outside", Up, pct5, point(-100), -106, OffTrack},

		// down: target 2 (churn %), 5 % → at risk up to 2.1
		{"down below", Down, pct5, point(2), 1, OnTrack},
		{"down exactly at target", Down, pct5, point(2), 2, OnTrack},
		{"down just above", Down, Tolerance{Amount: 10}, point(20), 21, AtRisk},
		{"down at the tolerance edge", Down, Tolerance{Amount: 10}, point(20), 22, AtRisk},
		{"down just outside tolerance", Down, Tolerance{Amount: 10}, point(20), 22.01, OffTrack},
		{"down far above", Down, pct5, point(2), 5, OffTrack},
		{"down absolute", Down, abs2, point(10), 12, AtRisk},
		{"down absolute outside", Down, abs2, point(10), 12.5, OffTrack},
		{"down zero target, at it", Down, pct5, point(0), 0, OnTrack},
		{"down zero target, anything above is off", Down, pct5, point(0), 0.01, OffTrack},
		{"down zero target, below", Down, pct5, point(0), -1, OnTrack},
		// down, negative target (burn of -1000 or lower)
		{"down negative target, lower", Down, Tolerance{Amount: 10}, point(-1000), -1200, OnTrack},
		{"down negative target, at it", Down, Tolerance{Amount: 10}, point(-1000), -1000, OnTrack},
		{"down negative target, within tolerance", Down, Tolerance{Amount: 10}, point(-1000), -900, AtRisk},
		{"down negative target, outside", Down, Tolerance{Amount: 10}, point(-1000), -899, OffTrack},

		// range 40..60, 10 % → at risk 36..40 and 60..66
		{"range inside", Range, Tolerance{Amount: 10}, Band{40, 60, true}, 50, OnTrack},
		{"range at low bound", Range, Tolerance{Amount: 10}, Band{40, 60, true}, 40, OnTrack},
		{"range at high bound", Range, Tolerance{Amount: 10}, Band{40, 60, true}, 60, OnTrack},
		{"range within tolerance below", Range, Tolerance{Amount: 10}, Band{40, 60, true}, 37, AtRisk},
		{"range at tolerance edge below", Range, Tolerance{Amount: 10}, Band{40, 60, true}, 36, AtRisk},
		{"range just outside below", Range, Tolerance{Amount: 10}, Band{40, 60, true}, 35.9, OffTrack},
		{"range within tolerance above", Range, Tolerance{Amount: 10}, Band{40, 60, true}, 63, AtRisk},
		{"range at tolerance edge above", Range, Tolerance{Amount: 10}, Band{40, 60, true}, 66, AtRisk},
		{"range just outside above", Range, Tolerance{Amount: 10}, Band{40, 60, true}, 66.1, OffTrack},
		{"range far below", Range, Tolerance{Amount: 10}, Band{40, 60, true}, 0, OffTrack},
		{"range far above", Range, Tolerance{Amount: 10}, Band{40, 60, true}, 1000, OffTrack},
		{"range swapped bounds", Range, Tolerance{Amount: 10}, Band{60, 40, true}, 50, OnTrack},
		{"range absolute tolerance", Range, abs2, Band{40, 60, true}, 61.5, AtRisk},
		{"range around zero", Range, Tolerance{Amount: 10}, Band{-10, 10, true}, -10.5, AtRisk},
		{"range around zero outside", Range, Tolerance{Amount: 10}, Band{-10, 10, true}, 11.5, OffTrack},
		{"range degenerate band", Range, Tolerance{}, Band{5, 5, true}, 5, OnTrack},

		// no target
		{"up no target", Up, pct5, Band{}, 100, NoTarget},
		{"down no target", Down, pct5, Band{}, 0, NoTarget},
		{"range no target", Range, pct5, Band{}, 50, NoTarget},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Judge(tt.dir, tt.tol, tt.band, tt.value); got != tt.want {
				t.Errorf("Judge(%s, %+v, %+v, %g) = %q, want %q", tt.dir, tt.tol, tt.band, tt.value, got, tt.want)
			}
		})
	}
}

func TestStatusOf(t *testing.T) {
	w := MustWeek("2026-W47")
	up := KPI{Key: "mrr", Direction: Up, Kind: Quantitative, Cadence: Weekly, Tolerance: DefaultTolerance,
		Targets: TargetPath{{Week: MustWeek("2026-W01"), Value: 100}}}
	glide := up
	glide.Targets = TargetPath{{Week: MustWeek("2026-W37"), Value: 100}, {Week: MustWeek("2027-W04"), Value: 200}}
	noTarget := up
	noTarget.Targets = nil
	qual := KPI{Key: "morale", Direction: Up, Kind: Qualitative, Cadence: Weekly}
	num := func(n float64) Value { return Value{Week: w, Number: n, HasNumber: true} }
	tests := []struct {
		name string
		k    KPI
		v    Value
		has  bool
		want Status
	}{
		{"no value", up, Value{}, false, Missing},
		{"no value and no target: missing first", noTarget, Value{}, false, Missing},
		{"on track", up, num(100), true, OnTrack},
		{"at risk", up, num(96), true, AtRisk},
		{"off track", up, num(50), true, OffTrack},
		{"no target", noTarget, num(50), true, NoTarget},
		{"owner override wins over a good number", up, Value{Week: w, Number: 500, HasNumber: true, Status: OffTrack, OverrideReason: "one-off deal"}, true, OffTrack},
		{"owner override wins over a bad number", up, Value{Week: w, Number: 1, HasNumber: true, Status: OnTrack}, true, OnTrack},
		{"owner override wins with no target", noTarget, Value{Week: w, Number: 1, HasNumber: true, Status: AtRisk}, true, AtRisk},
		{"qualitative status", qual, Value{Week: w, Status: AtRisk, Note: "hiring"}, true, AtRisk},
		{"qualitative on track", qual, Value{Week: w, Status: OnTrack}, true, OnTrack},
		{"qualitative without status", qual, Value{Week: w, Note: "?"}, true, Missing},
		{"derived n/a", up, Value{Week: w, Status: NotAvail}, true, NotAvail},
		{"quantitative without number", up, Value{Week: w}, true, NotAvail},
		// the glide path is 100 at W37 and 200 at W04 of 2027 (20 weeks later, via
		// W53): W47 is 10 weeks in, so the target is 150.
		{"glide path on track", glide, num(150), true, OnTrack},
		{"glide path at risk", glide, num(143), true, AtRisk},
		{"glide path off track", glide, num(140), true, OffTrack},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := StatusOf(tt.k, w, tt.v, tt.has); got != tt.want {
				t.Errorf("StatusOf = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestStatusGlyphsAndLabels(t *testing.T) {
	all := []Status{OnTrack, AtRisk, OffTrack, Missing, NoTarget, NotAvail}
	want := map[Status][2]string{
		OnTrack:  {"✓", "on track"},
		AtRisk:   {"!", "at risk"},
		OffTrack: {"✗", "off track"},
		Missing:  {"·", "missing"},
	}
	glyphs, labels := map[string]Status{}, map[string]Status{}
	for _, s := range all {
		g, l := s.Glyph(), s.Label()
		if g == "" || g == " " || l == "" {
			t.Errorf("status %q has glyph %q and label %q; want both non-blank", s, g, l)
		}
		if o, dup := glyphs[g]; dup {
			t.Errorf("statuses %q and %q share the glyph %q", o, s, g)
		}
		if o, dup := labels[l]; dup {
			t.Errorf("statuses %q and %q share the label %q", o, s, l)
		}
		glyphs[g], labels[l] = s, s
		if w, ok := want[s]; ok && (g != w[0] || l != w[1]) {
			t.Errorf("status %q: glyph %q label %q, want %q %q (spec §5)", s, g, l, w[0], w[1])
		}
	}
	if NoneGiven.Label() != "" {
		t.Errorf("NoneGiven.Label() = %q, want empty", NoneGiven.Label())
	}
}

func TestParseStatus(t *testing.T) {
	tests := []struct {
		in   string
		want Status
		ok   bool
	}{
		{"on track", OnTrack, true},
		{"On_Track", OnTrack, true},
		{"ok", OnTrack, true},
		{"GREEN", OnTrack, true},
		{"at risk", AtRisk, true},
		{"at-risk", AtRisk, true},
		{"amber", AtRisk, true},
		{"off track", OffTrack, true},
		{"red", OffTrack, true},
		{"✗", OffTrack, true},
		{"", NoneGiven, false},
		{"missing", NoneGiven, false},
		{"purple", NoneGiven, false},
	}
	for _, tt := range tests {
		got, ok := ParseStatus(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("ParseStatus(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

// A status in words is its glyph and label, except n/a, whose dash before
// "n/a" read as a minus ("- n/a"; issue 17, item 15).
func TestStatusTextOfNotAvailIsItsWordsAlone(t *testing.T) {
	if got := NotAvail.Text(); got != "n/a" {
		t.Errorf("NotAvail.Text() = %q, want n/a", got)
	}
	if got := OnTrack.Text(); got != "✓ on track" {
		t.Errorf("OnTrack.Text() = %q", got)
	}
}
