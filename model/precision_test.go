package model

import "testing"

// cellsOf are judged cells of values vs one fixed target (the weeks do not
// matter to the precision).
func cellsOf(target Band, values ...float64) []ScoreCell {
	out := make([]ScoreCell, len(values))
	for i, v := range values {
		out[i] = ScoreCell{Due: true, HasValue: true, Value: Value{Number: v, HasNumber: true}, Target: target}
	}
	return out
}

func TestRowPrecision(t *testing.T) {
	money := KPI{Unit: "$", Direction: Up}
	for _, c := range []struct {
		name   string
		k      KPI
		cells  []ScoreCell
		values []string // the cells' numbers, then the target
		target string
	}{
		{"millions at one precision", money, cellsOf(Band{Low: 1602974, OK: true}, 1032594, 961635),
			[]string{"1.03M", "0.96M"}, "≥ $1.60M"},
		{"hundreds of thousands: three digits decide", money, cellsOf(Band{Low: 435556, OK: true}, 426232, 424437),
			[]string{"426k", "424k"}, "≥ $436k"},
		{"a value just under its target gets the digits that show it", money, cellsOf(Band{Low: 382353, OK: true}, 382327, 424437),
			[]string{"382.3k", "424.4k"}, "≥ $382.4k"},
		{"a value equal at three digits and on track needs none", money, cellsOf(Band{Low: 382300, OK: true}, 382327),
			[]string{"382k"}, "≥ $382k"},
		{"under ten thousand: three digits when they decide", KPI{Unit: "%", Decimals: 2, Direction: Up}, cellsOf(Band{Low: 99.9, OK: true}, 99.94, 100),
			[]string{"99.9", "100.0"}, "≥ 99.9%"},
		{"under ten thousand: the KPI's decimals when a cell needs them", KPI{Unit: "%", Decimals: 2, Direction: Up}, cellsOf(Band{Low: 99.9, OK: true}, 99.98, 99.88),
			[]string{"99.98", "99.88"}, "≥ 99.90%"},
		{"no value rounds up to look perfect", KPI{Unit: "%", Decimals: 2, Direction: Up}, cellsOf(Band{Low: 99.9, OK: true}, 99.94, 99.98, 100),
			[]string{"99.9", "99.9", "100.0"}, "≥ 99.9%"},
		{"no value rounds up to the next power of ten", money, cellsOf(Band{Low: 500000, OK: true}, 999700),
			[]string{"999k"}, "≥ $500k"},
		{"small numbers keep the KPI's decimals", KPI{Unit: "%", Decimals: 2, Direction: Down}, cellsOf(Band{High: 0.45, OK: true}, 0.41, 0.62),
			[]string{"0.41", "0.62"}, "≤ 0.45%"},
		{"lower is better", KPI{Unit: "%", Decimals: 1, Direction: Down}, cellsOf(Band{High: 0.45, OK: true}, 0.46),
			[]string{"0.46"}, "≤ 0.45%"},
		{"a band", KPI{Unit: "ms", Direction: Range}, cellsOf(Band{Low: 120, High: 250, OK: true}, 250.4, 119.6),
			[]string{"250.4", "119.6"}, "120.0–250.0 ms"},
		{"thousands of users", KPI{Unit: "users", Direction: Up}, cellsOf(Band{Low: 13000, OK: true}, 12142),
			[]string{"12.1k"}, "≥ 13.0k users"},
		{"negative numbers keep their sign", KPI{Unit: "$", Direction: None}, cellsOf(Band{}, -20600, 15000),
			[]string{"-20.6k", "15.0k"}, "—"},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := RowPrecision(c.k, c.cells)
			for i, want := range c.values {
				if got := p.Number(c.cells[i].Value.Number); got != want {
					t.Errorf("value %d: %q, want %q (%+v)", i, got, want, p)
				}
			}
			if got := p.Target(c.k, c.cells[0].Target); got != c.target {
				t.Errorf("target %q, want %q", got, c.target)
			}
		})
	}
}

// TestRowPrecisionStopsAddingDigits: a value a hair under its target does not
// print ever more decimals; the glyph says which side it is.
func TestRowPrecisionStopsAddingDigits(t *testing.T) {
	p := RowPrecision(KPI{Unit: "$", Direction: Up}, cellsOf(Band{Low: 500000, OK: true}, 499999.9999))
	if p.Decimals != maxExtraDecimals {
		t.Errorf("decimals %d, want the cap %d", p.Decimals, maxExtraDecimals)
	}
}
