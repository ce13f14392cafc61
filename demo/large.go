package demo

import (
	"fmt"
	"math/rand/v2"

	"kpi/model"
)

// metricTemplate is a kind of regional metric the large demo repeats per region, so
// that a benchmark file with a thousand KPIs still reads like a real (large) company.
type metricTemplate struct {
	key, name string
	unit      string
	decimals  int
	dir       model.Direction
	ind       model.Indicator
	agg       model.Aggregate
	obj       int64
	levelLo   float64 // the current level is drawn between levelLo and levelHi
	levelHi   float64
	noise     float64 // relative noise
	season    float64
	lo, hi    float64 // clamp; hi == 0 means none
	spread    float64 // how far the target sits from the level, relative
}

func metricTemplates() []metricTemplate {
	return []metricTemplate{
		{"bookings", "bookings", "$", 0, model.Up, model.Lagging, model.AggSum, objRevenue, 20000, 90000, 0.14, 0.08, 0, 0, 0.08},
		{"new_logos", "new logos", "", 0, model.Up, model.Lagging, model.AggSum, objRevenue, 4, 14, 0.25, 0.1, 0, 0, 0.1},
		{"pipeline", "pipeline", "$", 0, model.Up, model.Leading, model.AggLast, objRevenue, 150000, 600000, 0.06, 0.05, 0, 0, 0.08},
		{"mqls", "MQLs", "", 0, model.Up, model.Leading, model.AggSum, objEfficient, 60, 320, 0.12, 0.12, 0, 0, 0.08},
		{"ad_spend", "ad spend", "$", 0, model.Down, model.Leading, model.AggSum, objEfficient, 2000, 16000, 0.1, 0.1, 0, 0, 0.08},
		{"cac", "CAC", "$", 0, model.Down, model.Lagging, model.AggAvg, objEfficient, 400, 1300, 0.08, 0.05, 0, 0, 0.06},
		{"nps", "NPS", "", 0, model.Up, model.Lagging, model.AggAvg, objCustomers, 20, 60, 0.07, 0, -100, 100, 0.08},
		{"csat", "CSAT", "%", 1, model.Up, model.Lagging, model.AggAvg, objCustomers, 82, 95, 0.02, 0.01, 0, 100, 0.02},
		{"tickets", "tickets opened", "tickets", 0, model.Down, model.Leading, model.AggSum, objCustomers, 40, 400, 0.1, 0.08, 0, 0, 0.06},
		{"resolution_h", "resolution time", "h", 1, model.Down, model.Lagging, model.AggAvg, objCustomers, 4, 24, 0.1, 0.06, 0.5, 0, 0.06},
		{"churn", "churn", "%", 2, model.Down, model.Lagging, model.AggAvg, objCustomers, 0.3, 1.2, 0.15, 0.05, 0, 100, 0.1},
		{"p95_ms", "p95 latency", "ms", 0, model.Range, model.Leading, model.AggAvg, objReliable, 120, 400, 0.1, 0.03, 20, 0, 0.2},
		{"error_rate", "error rate", "%", 2, model.Down, model.Leading, model.AggAvg, objReliable, 0.1, 1.5, 0.2, 0, 0, 100, 0.1},
		{"deploys", "deploys", "", 0, model.Up, model.Leading, model.AggSum, objReliable, 5, 40, 0.2, 0.05, 0, 0, 0.1},
		{"utilisation", "utilisation", "%", 0, model.Range, model.Leading, model.AggAvg, objEfficient, 65, 90, 0.05, 0.03, 0, 100, 0.12},
		{"gross_margin", "gross margin", "%", 1, model.Up, model.Lagging, model.AggAvg, objEfficient, 60, 82, 0.02, 0.01, 0, 100, 0.03},
	}
}

// generated returns n regional KPIs for the large demo: health tier, weekly, each
// with a target, levels and targets drawn from r.
func generated(n int, r *rand.Rand) []kpiDef {
	tpl := metricTemplates()
	names := owners()
	defs := make([]kpiDef, 0, n)
	for j := range n {
		t := tpl[j%len(tpl)]
		region := j/len(tpl) + 1
		level := t.levelLo + (t.levelHi-t.levelLo)*r.Float64()
		s := series{level: level, season: t.season, peakMonth: 1 + r.IntN(12), noise: t.noise, lo: t.lo, hi: t.hi}
		switch t.dir {
		case model.Up:
			s.growth = 0.004 * r.Float64()
		case model.Down:
			s.growth = -0.003 * r.Float64()
		}
		d := kpiDef{
			KPI: model.KPI{
				Key:         fmt.Sprintf("r%d_%s", region, t.key),
				Name:        fmt.Sprintf("Region %d %s", region, t.name),
				Description: fmt.Sprintf("%s for region %d, from the regional dashboard.", t.name, region),
				Owner:       names[(region+j)%len(names)],
				ObjectiveID: t.obj,
				Unit:        t.unit,
				Decimals:    t.decimals,
				Direction:   t.dir,
				Tolerance:   model.DefaultTolerance,
				Tier:        model.TierHealth,
				Indicator:   t.ind,
				Kind:        model.Quantitative,
				Cadence:     model.Weekly,
				Aggregate:   t.agg,
			},
			series:      s,
			reviewedAgo: 0,
		}
		// The target sits a little above or below today's level, so that a region is
		// sometimes ahead and sometimes behind: off = -0.5..1 of the spread, positive
		// meaning "ambitious" for the KPI's direction.
		off := (1.5*r.Float64() - 0.5) * t.spread
		switch t.dir {
		case model.Up:
			d.target = level * (1 + off)
		case model.Down:
			d.target = level * (1 - off)
		case model.Range:
			d.target = level * (1 - t.spread - off/2)
			d.high = level * (1 + t.spread - off/2)
		}
		if t.hi != 0 {
			d.target, d.high = min(d.target, t.hi), min(d.high, t.hi)
		}
		if t.unit == "%" {
			d.Tolerance = model.Tolerance{Amount: 0.5, Absolute: true}
			if t.dir == model.Down {
				d.Tolerance.Amount = 0.05
			}
		}
		defs = append(defs, d)
	}
	return defs
}
