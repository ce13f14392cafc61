package demo

import (
	"math"
	"time"

	"kpi/model"
)

// teamName is the demo company: a small SaaS analytics vendor, so that every KPI in
// domain.md's lists has a natural home.
const teamName = "Northwind Analytics"

// owners are the team members; every KPI, objective and action item belongs to one
// of them, and they take turns facilitating the review.
func owners() []string { return []string{"ana", "ben", "chloe", "dev", "emma", "farid"} }

// Objective positions (1-based, equal to their IDs) so the KPI table can link to them.
const (
	objRevenue   = 1
	objCustomers = 2
	objReliable  = 3
	objEfficient = 4
	objCheckout  = 5 // last year's objective, done
)

// objectives are the team's goals: four for the current ISO year, and one from last
// year that is done, so the objectives view shows more than one state.
func objectives(cal *calendar) []model.Objective {
	year := cal.cur.Year
	start := model.Week{Year: year, Num: 1}
	end := model.Week{Year: year, Num: model.WeeksInYear(year)}
	prevStart := model.Week{Year: year - 1, Num: 27}
	prevEnd := model.Week{Year: year - 1, Num: model.WeeksInYear(year - 1)}
	planned := func(w model.Week) time.Time {
		return w.Monday().AddDate(0, 0, -10).Add(14 * time.Hour) // a planning session the Friday ten days before
	}
	mk := func(id int64, title, desc, owner string, s, e model.Week, st model.ObjectiveState) model.Objective {
		at := planned(s)
		upd := at
		if st == model.ObjectiveDone {
			upd = e.Day(time.Friday).Add(16 * time.Hour)
		}
		return model.Objective{
			ID: id, Title: title, Description: desc, Owner: owner, Start: s, End: e, State: st,
			Stamp: model.Stamp{Version: 1, CreatedAt: at, UpdatedAt: upd, UpdatedBy: owner},
		}
	}
	return []model.Objective{
		mk(objRevenue, "Grow recurring revenue",
			"Grow MRR along the glide path agreed with the board, from new business and expansion rather than discounts.",
			"ana", start, end, model.ObjectiveActive),
		mk(objCustomers, "Delight customers",
			"Keep the customers we win: faster support, fewer cancellations, more promoters.",
			"emma", start, end, model.ObjectiveActive),
		mk(objReliable, "Ship a reliable product",
			"A fast, available product that people use every week, and no surprises on security.",
			"dev", start, end, model.ObjectiveActive),
		mk(objEfficient, "Efficient growth",
			"Grow without burning cash: acquisition costs down, margins up, burn under plan.",
			"farid", start, end, model.ObjectiveActive),
		mk(objCheckout, "Launch self-serve checkout",
			"Let small teams buy a plan without talking to sales. Shipped in November.",
			"ben", prevStart, prevEnd, model.ObjectiveDone),
	}
}

// series describes how a KPI's weekly values move: a trend anchored at the current
// week, a yearly season, a dip around new year, noise and the odd shock. Anchoring at
// the current week keeps today's magnitudes realistic whatever the number of weeks.
type series struct {
	level     float64 // expected value in the current week, before season and noise
	growth    float64 // compound trend per week (0.005 = +0.5 % a week)
	slope     float64 // linear trend per week, in the KPI's unit
	season    float64 // amplitude of the yearly cycle, relative to the trend
	peakMonth int     // month where the yearly cycle peaks (1–12)
	holiday   float64 // relative drop in the weeks around new year
	noise     float64 // standard deviation of relative noise
	noiseAbs  float64 // standard deviation of absolute noise, in the KPI's unit
	shockProb float64 // chance per week of an unusual week
	shock     float64 // relative size of that week's jump (negative: a drop)
	shockNote string  // what the owner writes about it
	lo, hi    float64 // clamp; hi == 0 means no upper bound
}

// trend is the expected value t weeks from now (t ≤ 0 in the past), without season.
func (s *series) trend(t float64) float64 { return s.level*math.Exp(s.growth*t) + s.slope*t }

// phase turns the peak month into the sine's phase, so that sin(angle+phase) is 1 in
// the middle of that month.
func (s *series) phase() float64 {
	peak := (float64(s.peakMonth) - 0.5) / 12 * 2 * math.Pi
	return math.Pi/2 - peak
}

// qualNotes are what an owner of a qualitative KPI writes beside each status.
type qualNotes struct {
	onTrack, atRisk, offTrack []string
}

func (q *qualNotes) pick(s model.Status, i int) string {
	l := q.onTrack
	switch s {
	case model.AtRisk:
		l = q.atRisk
	case model.OffTrack:
		l = q.offTrack
	}
	return l[i%len(l)]
}

// kpiDef is one KPI of the demo: its definition, how its values move, and its target.
// KPI.ObjectiveID holds the objective's position, which equals its ID.
type kpiDef struct {
	model.KPI
	series
	target, high float64   // fixed target; high is the top of a range KPI's band
	glide        []float64 // a glide path instead: ambition over the trend at each point
	notes        []string  // notes the owner writes now and then
	qual         *qualNotes
	currentGap   bool // may be left without a value in the current week
	reviewedAgo  int  // how many reviews back the definition was last confirmed; -1 never
}

// curated is the normal demo's KPI table: one realistic team's scorecard covering
// every kind, direction, cadence and aggregate of spec §2. It returns a fresh slice
// each call so callers may change it.
func curated() []kpiDef {
	q := func(key, name, desc, owner string, obj int64, unit string, dec int, dir model.Direction, tier model.Tier, ind model.Indicator, agg model.Aggregate) model.KPI {
		return model.KPI{Key: key, Name: name, Description: desc, Owner: owner, ObjectiveID: obj, Unit: unit, Decimals: dec,
			Direction: dir, Tier: tier, Indicator: ind, Kind: model.Quantitative, Cadence: model.Weekly, Aggregate: agg,
			Tolerance: model.DefaultTolerance}
	}
	abs := func(a float64) model.Tolerance { return model.Tolerance{Amount: a, Absolute: true} }
	pct := func(a float64) model.Tolerance { return model.Tolerance{Amount: a} }

	mrr := kpiDef{KPI: q("mrr", "Monthly recurring revenue",
		"Sum of active subscriptions normalised to a month, at the end of the week. Source: billing.",
		"ana", objRevenue, "$", 0, model.Up, model.TierKey, model.Lagging, model.AggLast),
		series: series{level: 428000, growth: 0.0075, season: 0.004, peakMonth: 3, noise: 0.0045,
			shockProb: 0.02, shock: 0.025, shockNote: "Big enterprise deal closed", lo: 1000},
		glide: []float64{0.99, 1.0, 1.005, 1.015},
		notes: []string{"Pricing change went live", "Two annual upgrades from the agency segment",
			"Expansion from Contoso after the usage review", "Downgrade from a reseller", "Invoice run moved to Friday"},
		currentGap: false, reviewedAgo: 1}
	mrr.OMTM = true

	signups := kpiDef{KPI: q("signups", "New signups",
		"Accounts created in the week, excluding internal and test domains.",
		"ben", objRevenue, "", 0, model.Up, model.TierHealth, model.Leading, model.AggSum),
		series: series{level: 385, growth: 0.004, season: 0.12, peakMonth: 3, holiday: 0.45, noise: 0.08,
			shockProb: 0.015, shock: 0.4, shockNote: "Featured on Product Hunt", lo: 0},
		target: 400, notes: []string{"Webinar with 300 registrants", "Paid search budget paused mid-week",
			"Blog post went viral on Hacker News", "Signup form broken on mobile Safari for a day", "Conference week"},
		currentGap: true, reviewedAgo: 4}
	signups.Tolerance = pct(10)

	conv := kpiDef{KPI: q("trial_conversion", "Trial-to-paid conversion",
		"Trials that ended in the week and converted to a paid plan, in percent.",
		"ben", objRevenue, "%", 1, model.Up, model.TierKey, model.Leading, model.AggAvg),
		series: series{level: 14.6, slope: 0.012, season: 0.03, peakMonth: 11, noise: 0.055, lo: 0, hi: 100},
		target: 15, notes: []string{"New onboarding checklist live", "Trial extended to 21 days for the promo cohort",
			"Sales-assist calls for trials over 10 seats", "Day-3 email was not sent (bug)"},
		currentGap: true, reviewedAgo: 1}

	created := kpiDef{KPI: q("created", "Deals created",
		"New qualified opportunities opened in the CRM this week.",
		"chloe", objRevenue, "deals", 0, model.Up, model.TierHealth, model.Leading, model.AggSum),
		series: series{level: 42, growth: 0.003, season: 0.1, peakMonth: 10, holiday: 0.5, noise: 0.13, lo: 0},
		target: 40, notes: []string{"Outbound sprint in the DACH region", "Trade show leads qualified", "Two reps on holiday"},
		currentGap: true, reviewedAgo: 4}

	won := kpiDef{KPI: q("won", "Deals won",
		"Opportunities closed-won this week.",
		"chloe", objRevenue, "deals", 0, model.Up, model.TierHealth, model.Lagging, model.AggSum),
		series: series{level: 10, growth: 0.003, season: 0.12, peakMonth: 12, holiday: 0.4, noise: 0.2, lo: 0},
		target: 11, notes: []string{"Quarter-end push", "Lost two deals to a cheaper competitor", "Procurement delays at two prospects"},
		currentGap: true, reviewedAgo: 4}

	winRate := kpiDef{KPI: q("win_rate", "Win rate",
		"Deals won as a share of deals created in the same week; computed, never entered.",
		"chloe", objRevenue, "%", 1, model.Up, model.TierHealth, model.Lagging, model.AggAvg),
		target: 25, reviewedAgo: 4}
	winRate.Formula = "won / created * 100"

	coverage := kpiDef{KPI: q("pipeline_coverage", "Pipeline coverage",
		"Open weighted pipeline for the next quarter divided by next quarter's new-business quota.",
		"chloe", objRevenue, "x", 1, model.Up, model.TierHealth, model.Leading, model.AggLast),
		series: series{level: 2.7, slope: 0.002, season: 0.05, peakMonth: 11, noise: 0.06, lo: 0},
		target: 3, notes: []string{"Two large opportunities slipped to next quarter", "Quota raised for next quarter",
			"Partner-sourced pipeline added"},
		currentGap: true, reviewedAgo: -1}
	coverage.Tolerance = abs(0.2)

	nps := kpiDef{KPI: q("nps", "Net Promoter Score",
		"Rolling NPS from the in-app survey (promoters minus detractors, -100 to 100).",
		"emma", objCustomers, "", 0, model.Up, model.TierKey, model.Lagging, model.AggAvg),
		series: series{level: 43, slope: 0.04, noiseAbs: 3.2, lo: -100, hi: 100},
		target: 45, notes: []string{"Low response rate this week", "Detractors mention slow exports",
			"New survey wording", "Promoters praise the new dashboards"},
		currentGap: true, reviewedAgo: 1}
	nps.Tolerance = abs(3)

	churn := kpiDef{KPI: q("churn", "Logo churn",
		"Customers who cancelled this week as a share of customers at the start of the week, in percent.",
		"emma", objCustomers, "%", 2, model.Down, model.TierKey, model.Lagging, model.AggAvg),
		series: series{level: 0.52, slope: -0.0008, season: 0.08, peakMonth: 1, noise: 0.14, lo: 0, hi: 100,
			shockProb: 0.02, shock: 0.5, shockNote: "Agency customers cancelled after budget cuts"},
		target: 0.45, notes: []string{"Two agency accounts downgraded", "Annual renewals came due",
			"Win-back campaign saved three accounts", "Payment failures from expired cards"},
		currentGap: true, reviewedAgo: 1}
	churn.Tolerance = abs(0.05)

	resolution := kpiDef{KPI: q("resolution_time", "Ticket resolution time",
		"Median hours from a support ticket being opened to being solved.",
		"emma", objCustomers, "h", 1, model.Down, model.TierHealth, model.Lagging, model.AggAvg),
		series: series{level: 9.2, growth: -0.002, season: 0.08, peakMonth: 1, noise: 0.11, lo: 0.5,
			shockProb: 0.03, shock: 0.45, shockNote: "Backlog after the release"},
		target: 9, notes: []string{"Support engineer on leave", "New macros for billing questions",
			"Holiday cover rota", "Escalations to engineering took long"},
		currentGap: true, reviewedAgo: 6}

	latency := kpiDef{KPI: q("p95_latency", "API p95 latency",
		"95th percentile API response time. Below 120 ms usually means the probe is hitting the cache.",
		"dev", objReliable, "ms", 0, model.Range, model.TierHealth, model.Leading, model.AggAvg),
		series: series{level: 205, growth: -0.001, season: 0.04, peakMonth: 3, noise: 0.09, lo: 40,
			shockProb: 0.03, shock: 0.4, shockNote: "Search indexer saturated the database"},
		target: 120, high: 250, notes: []string{"New cache for dashboard queries", "Region failover test",
			"Slow query in the export job", "Upgraded the database instance"},
		currentGap: true, reviewedAgo: 6}
	latency.Tolerance = pct(10)

	uptime := kpiDef{KPI: q("uptime", "Uptime",
		"Share of one-minute probes that succeeded across all regions, in percent.",
		"dev", objReliable, "%", 2, model.Up, model.TierHealth, model.Lagging, model.AggAvg),
		series: series{level: 99.95, noiseAbs: 0.035, lo: 95, hi: 100,
			shockProb: 0.03, shock: -0.004, shockNote: "Incident: database failover took 40 minutes"},
		target: 99.9, notes: []string{"Planned maintenance window", "DNS provider hiccup", "CDN config rollback"},
		currentGap: true, reviewedAgo: 6}
	uptime.Tolerance = abs(0.05)

	wau := kpiDef{KPI: q("wau", "Weekly active users",
		"Distinct users who ran at least one report in the week.",
		"dev", objReliable, "users", 0, model.Up, model.TierKey, model.Leading, model.AggAvg),
		series: series{level: 12600, growth: 0.0045, season: 0.06, peakMonth: 3, holiday: 0.3, noise: 0.025, lo: 0},
		target: 13000, notes: []string{"Usage dashboard shipped to beta customers", "Easter week",
			"Outage on Tuesday reduced logins", "New Slack integration"},
		currentGap: true, reviewedAgo: 1}

	security := kpiDef{KPI: q("security", "Security posture",
		"The owner's weekly judgement: open findings, patch level, access reviews.",
		"farid", objReliable, "", 0, model.Up, model.TierHealth, model.Leading, model.AggLast),
		qual: &qualNotes{
			onTrack: []string{"No open critical findings", "Patching on schedule", "Access review done",
				"Phishing drill: 2 clicks out of 40", "SOC 2 evidence collection on track"},
			atRisk: []string{"Two high findings from the pen test still open", "Laptop patching behind by a week",
				"Vendor security questionnaire overdue"},
			offTrack: []string{"Critical library vulnerability unpatched in production", "Leaked API key rotated late"},
		},
		currentGap: true, reviewedAgo: 6}
	security.Kind = model.Qualitative

	cac := kpiDef{KPI: q("cac", "Customer acquisition cost",
		"Sales and marketing spend of the last four weeks divided by new paying customers.",
		"ben", objEfficient, "$", 0, model.Down, model.TierHealth, model.Lagging, model.AggAvg),
		series: series{level: 790, growth: 0.0015, season: 0.06, peakMonth: 12, noise: 0.07, lo: 50},
		target: 760, notes: []string{"Paid search costs up after a competitor entered", "Conference sponsorship booked",
			"Referral programme credits counted"},
		currentGap: true, reviewedAgo: 6}

	margin := kpiDef{KPI: q("gross_margin", "Gross margin",
		"Revenue minus hosting and support costs, as a share of revenue, for the previous month.",
		"farid", objEfficient, "%", 1, model.Up, model.TierHealth, model.Lagging, model.AggAvg),
		series: series{level: 76.8, slope: 0.01, noiseAbs: 0.7, lo: 0, hi: 100},
		target: 78, notes: []string{"Reserved instances bought", "Support headcount added", "Hosting bill included a one-off migration"},
		currentGap: false, reviewedAgo: 6}
	margin.Cadence = model.Monthly
	margin.Tolerance = abs(1)

	burn := kpiDef{KPI: q("burn", "Net burn",
		"Cash out minus cash in for the previous month.",
		"farid", objEfficient, "$", 0, model.Down, model.TierHealth, model.Lagging, model.AggSum),
		series: series{level: 96000, growth: -0.002, noise: 0.09, lo: 0},
		target: 90000, notes: []string{"Annual insurance paid", "Two annual prepayments received", "Offsite costs"},
		currentGap: false, reviewedAgo: -1}
	burn.Cadence = model.Monthly

	hiring := kpiDef{KPI: q("hiring", "Hiring plan",
		"Are the open roles filling on time? The owner's judgement each week.",
		"ana", 0, "", 0, model.Up, model.TierHealth, model.Leading, model.AggLast),
		qual: &qualNotes{
			onTrack: []string{"Offer accepted for the support engineer", "Two strong candidates in final rounds",
				"Pipeline healthy for the sales role", "Onboarding plan ready for next week's start"},
			atRisk: []string{"Senior engineer role open for 8 weeks", "Candidate declined the offer",
				"Recruiter capacity halved"},
			offTrack: []string{"Hiring freeze until the board meeting"},
		},
		currentGap: true, reviewedAgo: 4}
	hiring.Kind = model.Qualitative

	return []kpiDef{mrr, signups, conv, created, won, winRate, coverage, nps, churn, resolution,
		latency, uptime, wau, security, cac, margin, burn, hiring}
}

// reviewNotes are what the facilitator writes at the end of a review.
func reviewNotes() []string {
	return []string{
		"Churn up again: two agency accounts downgraded. Emma to call them this week.",
		"Good week for signups after the webinar; conversion steady.",
		"Latency spike traced to the search indexer; fix shipped Thursday.",
		"MRR on the glide path; pipeline coverage still thin for next quarter.",
		"NPS survey response rate low, so the number is noisy. Not acting on it yet.",
		"Short meeting, most KPIs on track. Celebrated the Contoso renewal.",
		"Discussed whether WAU is the right product KPI; keeping it for now.",
		"CAC rising with paid search costs; Ben to rebalance channels.",
		"Trial conversion dipped after the onboarding change; rolling back one step.",
		"Security findings from the pen test reviewed; two still open.",
		"Quiet week. Agreed to look at resolution time by ticket type next week.",
		"Quarter-end push discussed; Chloe needs help from Ana on two enterprise deals.",
	}
}

// checklistNotes are notes the team leaves on some checklist items, by position.
func checklistNotes() map[int][]string {
	return map[int][]string{
		1: {"Win: Contoso renewed for two years", "Win: zero P1 incidents this month", "Welcome Farid's new analyst"},
		3: {"Churn: agency segment again", "Latency: indexer fix pending", "CAC: paid search, see action item"},
		4: {"Revenue on pace, customers at risk", "All objectives on track"},
		5: {"One item carried over", "All done"},
		7: {"Keep pipeline coverage as health", "Consider replacing WAU with weekly reports run"},
	}
}

// actionTemplate is one action item the team might agree on.
type actionTemplate struct {
	text, owner, kpi string
}

func actionTemplates() []actionTemplate {
	return []actionTemplate{
		{"Call the three agency accounts that downgraded", "emma", "churn"},
		{"Draft the pricing experiment brief for annual plans", "ana", "mrr"},
		{"Audit paid search keywords with CAC over $900", "ben", "cac"},
		{"Add an in-app survey after a ticket is closed", "emma", "nps"},
		{"Profile the slow search endpoint and fix the top query", "dev", "p95_latency"},
		{"Reassign stale enterprise leads to the new rep", "chloe", "created"},
		{"Write the day-3 onboarding email for trials", "ben", "trial_conversion"},
		{"Post the second support engineer job", "emma", "resolution_time"},
		{"Close the open pen-test findings", "farid", "security"},
		{"Review vendor invoices for duplicate tools", "farid", "gross_margin"},
		{"Start weekly win/loss notes in the CRM", "chloe", "win_rate"},
		{"Ship the usage dashboard to beta customers", "dev", "wau"},
		{"Agree next quarter's glide-path targets with finance", "ana", ""},
		{"Fix the signup form on mobile Safari", "dev", "signups"},
		{"Book the team offsite venue", "farid", ""},
	}
}
