package model

// ScoreCell is one KPI in one week of the scorecard (spec §5): the value entered
// (or computed) for that week, that week's target — a glide path moves it week by
// week — and the value's status against it.
type ScoreCell struct {
	Week Week
	// Due is false for the weeks a monthly KPI expects no value; such a cell is
	// blank, never missing.
	Due      bool
	Value    Value
	HasValue bool
	Target   Band
	// Status is the week's status: Missing for a due week without a value,
	// NoneGiven for a week that is not due.
	Status Status
	// Before is set for a due week without a value before the KPI's first week
	// (KPI.FirstWeek: its creation or its first value, whichever is earlier):
	// nobody tracked it yet, so the week is blank (NoneGiven), not missing.
	Before bool
}

// ScoreCells are KPI k's cells for the given weeks from its series (for a derived
// KPI, the series AllSeries computed). Each cell is judged against its own
// week's target, not the latest one.
func ScoreCells(k KPI, s Series, weeks []Week) []ScoreCell {
	out := make([]ScoreCell, len(weeks))
	for i, w := range weeks {
		c := ScoreCell{Week: w, Due: IsDue(k.Cadence, w), Target: k.Targets.At(w, k.Direction)}
		if c.Due {
			c.Value, c.HasValue = s.At(w)
			c.Status = StatusOf(k, w, c.Value, c.HasValue)
			if !c.HasValue && !k.Tracked(w) {
				c.Before, c.Status = true, NoneGiven
			}
		}
		out[i] = c
	}
	return out
}

// ScoreTotals are a KPI's numbers over the scorecard's weeks: the plain average
// and the total by the KPI's aggregate — the sum for sums (sign-ups), the
// average for averages (NPS), the latest for "last" (MRR). OnTrack and Judged
// count the cells on track and the cells with a status, which is what a
// qualitative KPI, with no numbers, totals to.
type ScoreTotals struct {
	Average, Total float64
	// Numbers is how many cells had a number; Average and Total mean nothing
	// when it is 0.
	Numbers         int
	OnTrack, Judged int
}

// TotalsOf rolls up the cells of one KPI by its aggregate. Only due weeks count,
// so a monthly KPI's value is counted once per month.
func TotalsOf(agg Aggregate, cells []ScoreCell) ScoreTotals {
	var t ScoreTotals
	var nums []float64
	for _, c := range cells {
		if !c.Due || !c.HasValue {
			continue
		}
		if c.Value.HasNumber {
			nums = append(nums, c.Value.Number)
		}
		switch c.Status {
		case OnTrack:
			t.OnTrack++
			t.Judged++
		case AtRisk, OffTrack:
			t.Judged++
		}
	}
	t.Numbers = len(nums)
	t.Average, _ = AggregateOf(AggAvg, nums)
	t.Total, _ = AggregateOf(agg, nums)
	return t
}
