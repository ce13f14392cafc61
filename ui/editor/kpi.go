package editor

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"kpi/model"
	"kpi/themes"
)

// The KPI editor's fields, in the order of spec §2 — with the name before the key,
// so a new KPI's key can be suggested from its name.

var (
	directionOpts = []option{{"up", "up: higher is better"}, {"down", "down: lower is better"}, {"range", "range: inside a band"}, {"none", "none: context, never judged"}}
	tierOpts      = []option{{"key", "key: reviewed every week"}, {"health", "health: watched, diagnostic"}}
	indicatorOpts = []option{{"leading", "leading: predicts results"}, {"lagging", "lagging: records results"}}
	kindOpts      = []option{{"quantitative", "quantitative: a number"}, {"qualitative", "qualitative: a status and a note"}}
	cadenceOpts   = []option{{"weekly", "weekly"}, {"monthly", "monthly: first week of the month"}}
	aggOpts       = []option{{"sum", "sum (sign-ups)"}, {"avg", "average (NPS)"}, {"last", "last (MRR)"}}
	tolModeOpts   = []option{{"pct", "% of the target"}, {"abs", "in the KPI's unit"}}
	decimalOpts   = []option{{"0", "0"}, {"1", "1"}, {"2", "2"}, {"3", "3"}, {"4", "4"}, {"5", "5"}, {"6", "6"}}
)

// objectiveOpts are "none" and the objectives a KPI can serve: every one not
// archived, and the KPI's own even if it is.
func objectiveOpts(objs []model.Objective, current int64) []option {
	out := []option{{"0", "none"}}
	for _, o := range objs {
		if o.Archived && o.ID != current {
			continue
		}
		label := model.Sanitize(o.Title, false)
		if o.Archived {
			label += " (archived)"
		}
		out = append(out, option{strconv.FormatInt(o.ID, 10), label})
	}
	return out
}

// kpiFields are the form's fields for k; an empty target point's week stands
// for week.
func kpiFields(st *themes.Styles, k model.KPI, objs []model.Objective, week model.Week) []field {
	line := func(s string) string { return model.Sanitize(s, false) }
	fs := []field{
		huhTextField(st, fName, "Name", "e.g. Monthly recurring revenue", line(k.Name), model.MaxNameLen),
		huhTextField(st, fKey, "Key", "e.g. mrr", line(k.Key), model.MaxKeyLen),
		huhTextField(st, fDescription, "Description", "what it measures and where the number comes from", line(k.Description), model.MaxTextLen),
		huhTextField(st, fOwner, "Owner", "who enters it and answers for it", line(k.Owner), model.MaxShortLen),
		huhChoiceField(st, fObjective, "Objective", objectiveOpts(objs, k.ObjectiveID), strconv.FormatInt(k.ObjectiveID, 10)),
		huhTextField(st, fTags, "Tags", "e.g. store region:north", line(model.TagsText(k.Tags)), model.MaxTags*(model.MaxTagLen+1)),
		huhTextField(st, fUnit, "Unit", "e.g. $, %, ms, days", line(k.Unit), 16),
		huhChoiceField(st, fDecimals, "Decimals", decimalOpts, strconv.Itoa(k.Decimals)),
		huhChoiceField(st, fDirection, "Direction", directionOpts, string(k.Direction)),
	}
	for _, p := range k.Targets.Sorted() {
		fs = append(fs, targetField(st, p.Week.String(), numberText(p.Value), highText(k, p), week.String()))
	}
	if len(k.Targets) == 0 {
		fs = append(fs, targetField(st, "", "", "", week.String()))
	}
	tolMode := "pct"
	if k.Tolerance.Absolute {
		tolMode = "abs"
	}
	fs = append(fs,
		buttonField(st, fAddTarget),
		huhTextField(st, fTolerance, "Tolerance", "e.g. 5", numberText(k.Tolerance.Amount), 20),
		huhChoiceField(st, fTolMode, "Tolerance in", tolModeOpts, tolMode),
		huhChoiceField(st, fTier, "Tier", tierOpts, string(k.Tier)),
		toggleField(st, fOMTM, "OMTM", k.OMTM),
		huhChoiceField(st, fIndicator, "Indicator", indicatorOpts, string(k.Indicator)),
		huhChoiceField(st, fKind, "Kind", kindOpts, string(k.Kind)),
		huhChoiceField(st, fCadence, "Cadence", cadenceOpts, string(k.Cadence)),
		huhChoiceField(st, fAggregate, "Aggregate", aggOpts, string(k.Aggregate)),
		huhTextField(st, fFormula, "Formula", "e.g. won / created * 100 (empty: entered)", line(k.Formula), 200),
		toggleField(st, fArchived, "Archived", k.Archived),
		buttonField(st, fSave),
	)
	return fs
}

// highText is a target point's high bound as typed, for range KPIs.
func highText(k model.KPI, p model.TargetPoint) string {
	if k.Direction != model.Range {
		return ""
	}
	return numberText(p.High)
}

// numberText is a stored number as it is typed back: every digit, no grouping
// ("425856.5"), so an unedited target saves unchanged.
func numberText(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// newKPI is what a new KPI starts as: owned by whoever creates it, a health
// metric (a team should hold only 3–5 key KPIs), one target point to fill in for
// the week under review.
func newKPI(user string, objectiveID int64) model.KPI {
	return model.KPI{Owner: user, ObjectiveID: objectiveID, Direction: model.Up, Tolerance: model.DefaultTolerance,
		Tier: model.TierHealth, Indicator: model.Lagging, Kind: model.Quantitative, Cadence: model.Weekly, Aggregate: model.AggLast}
}

// kpiFromForm builds the KPI the form describes on top of the base (the KPI as
// the form opened it: id, version and what the form does not edit). Every field
// is checked; the problems are set on their fields, and ok is false if any.
func (m *Model) kpiFromForm() (model.KPI, bool) {
	k := m.baseKPI
	ok := true
	bad := func(i int, format string, args ...any) {
		m.fields[i].problem = fmt.Sprintf(format, args...)
		ok = false
	}
	var targets model.TargetPath
	seen := map[model.Week]bool{}
	for i := range m.fields {
		f := &m.fields[i]
		f.problem = ""
		if f.id != fTarget {
			if problem := m.setKPIField(&k, *f); problem != "" {
				bad(i, "%s", problem)
			}
			continue
		}
		if f.blank() {
			continue
		}
		p, err := m.parsePoint(*f)
		switch {
		case err != nil:
			bad(i, "%v", err)
		case seen[p.Week]:
			bad(i, "%s has a target point already; one point per week", p.Week)
		default:
			seen[p.Week] = true
			targets = append(targets, p)
		}
	}
	k.Targets = targets.Sorted()
	m.checkKPI(&k, bad)
	// what the fields cannot see alone, the model's own check names
	if ok {
		if err := model.ValidateKPI(k); err != nil {
			bad(m.fieldOf(err), "%v", err)
		}
	}
	return k, ok
}

// setKPIField sets k's part that field f edits (all but the target points),
// and returns what is wrong with it, or "".
func (m *Model) setKPIField(k *model.KPI, f field) string {
	switch f.id {
	case fName:
		if k.Name = f.value(); k.Name == "" {
			return "a KPI needs a name"
		}
	case fKey:
		k.Key = f.value()
		if err := model.ValidKey(k.Key); err != nil {
			return err.Error()
		} else if other, taken := m.keyTaken(k.Key); taken {
			return fmt.Sprintf("%q is the key of %s already; choose another", k.Key, model.Sanitize(other.Name, false))
		}
	case fDescription:
		k.Description = f.value()
		// an unedited description keeps its line breaks (the input shows them as spaces)
		if k.Description == strings.TrimSpace(model.Sanitize(m.baseKPI.Description, false)) {
			k.Description = m.baseKPI.Description
		}
	case fTags:
		tags, err := model.ParseTags(f.value())
		k.Tags = tags
		if err != nil {
			return err.Error()
		}
	case fTolerance:
		text := strings.TrimSuffix(f.value(), "%")
		if text == "" {
			text = "0"
		}
		n, err := model.ParseValue(text)
		switch {
		case err != nil:
			return err.Error()
		case n < 0:
			return "a tolerance is 0 or more"
		}
		k.Tolerance.Amount = n
	default:
		setKPIChoice(k, f)
	}
	return ""
}

// setKPIChoice sets k's part that a field without checks of its own edits: the
// free texts owner, unit and formula, and every choice and switch.
func setKPIChoice(k *model.KPI, f field) {
	switch f.id {
	case fOwner:
		k.Owner = f.value()
	case fObjective:
		k.ObjectiveID, _ = strconv.ParseInt(f.chosen(), 10, 64)
	case fUnit:
		k.Unit = f.value()
	case fDecimals:
		k.Decimals, _ = strconv.Atoi(f.chosen())
	case fDirection:
		k.Direction = model.Direction(f.chosen())
	case fTolMode:
		k.Tolerance.Absolute = f.chosen() == "abs"
	case fTier:
		k.Tier = model.Tier(f.chosen())
	case fOMTM:
		k.OMTM = f.isOn()
	case fIndicator:
		k.Indicator = model.Indicator(f.chosen())
	case fKind:
		k.Kind = model.Kind(f.chosen())
	case fCadence:
		k.Cadence = model.Cadence(f.chosen())
	case fAggregate:
		k.Aggregate = model.Aggregate(f.chosen())
	case fFormula:
		k.Formula = f.value()
	case fArchived:
		k.Archived = f.isOn()
	}
}

// checkKPI checks what takes more than one field: the range's bounds, the
// tolerance against its mode, the formula against the other KPIs.
func (m *Model) checkKPI(k *model.KPI, bad func(i int, format string, args ...any)) {
	if k.Direction == model.Range {
		for i := range k.Targets {
			if k.Targets[i].High < k.Targets[i].Value {
				bad(m.index(fTarget), "the high bound is below the low bound")
			}
		}
	} else {
		for i := range k.Targets {
			k.Targets[i].High = 0
		}
	}
	if i := m.index(fTolerance); m.fields[i].problem == "" && !k.Tolerance.Absolute && k.Tolerance.Amount > 100 {
		bad(i, "%g %% is more than the whole target; at most 100", k.Tolerance.Amount)
	}
	if i := m.index(fFormula); k.Formula != "" {
		if err := m.checkFormula(*k); err != nil {
			bad(i, "%v", err)
		}
	}
}

// parsePoint reads a target point row: a week (or a date in it; empty: the week
// under review) and the value — for range KPIs the low and the high bound —
// typed like values are (48k, 45%).
func (m *Model) parsePoint(f field) (model.TargetPoint, error) {
	w := m.opt.Week
	var err error
	texts := f.pointTexts()
	week, low, high := texts[ptWeek], texts[ptLow], texts[ptHigh]
	if text := strings.TrimSpace(week); text != "" {
		if w, err = model.ParseWeek(text); err != nil {
			return model.TargetPoint{}, err
		}
	}
	p := model.TargetPoint{Week: w}
	if strings.TrimSpace(low) == "" {
		return p, fmt.Errorf("type the target for %s, like 48k or 45%%", w)
	}
	if p.Value, err = model.ParseValue(low); err != nil {
		return p, err
	}
	if m.isRange() {
		if strings.TrimSpace(high) == "" {
			return p, fmt.Errorf("a range KPI needs the high bound too")
		}
		if p.High, err = model.ParseValue(high); err != nil {
			return p, err
		}
		if p.High < p.Value {
			return p, fmt.Errorf("the high bound %g is below the low bound %g", p.High, p.Value)
		}
	}
	return p, nil
}

// keyTaken reports whether another KPI (archived ones too) has key, compared
// without case as the file does.
func (m *Model) keyTaken(key string) (model.KPI, bool) {
	for _, o := range m.kpis {
		if o.ID != m.baseKPI.ID && strings.EqualFold(o.Key, key) {
			return o, true
		}
	}
	return model.KPI{}, false
}

// checkFormula checks a derived KPI's formula against the file's other KPIs: it
// parses, reads only known, active keys, and makes no cycle.
func (m *Model) checkFormula(k model.KPI) error {
	f, err := model.ParseFormula(k.Formula)
	if err != nil {
		return err
	}
	byKey := map[string]model.KPI{}
	all := []model.KPI{k}
	for _, o := range m.kpis {
		if o.ID != k.ID {
			byKey[o.Key] = o
			all = append(all, o)
		}
	}
	var unknown []string
	for _, r := range f.Refs() {
		if r == k.Key {
			return fmt.Errorf("the formula reads %s itself", r)
		}
		if _, ok := byKey[r]; !ok {
			unknown = append(unknown, r)
		}
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		return fmt.Errorf("no KPI has the key %s; use the keys of other KPIs", strings.Join(quoteAll(unknown), ", "))
	}
	if err := model.FormulaCycle(all); err != nil {
		return err
	}
	return nil
}

func quoteAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = strconv.Quote(s)
	}
	return out
}

// fieldOf is the field a validation or store error is about, by the words it
// starts with (model and db name the field first); the save button otherwise.
func (m *Model) fieldOf(err error) int {
	text := err.Error()
	if _, rest, ok := strings.Cut(text, ": "); ok && strings.HasPrefix(text, "kpi ") {
		text = rest // db prefixes "kpi KEY: "
	}
	for _, w := range []struct {
		prefix string
		id     fieldID
	}{
		{"key", fKey}, {"a KPI with the key", fKey}, {"name", fName}, {"owner", fOwner}, {"unit", fUnit},
		{"description", fDescription}, {"decimals", fDecimals}, {"direction", fDirection}, {"tier", fTier},
		{"indicator", fIndicator}, {"kind", fKind}, {"cadence", fCadence}, {"aggregate", fAggregate},
		{"tolerance", fTolerance}, {"target", fTarget}, {"two target points", fTarget}, {"a target point", fTarget},
		{"formula", fFormula}, {"bad formula", fFormula}, {"a qualitative KPI cannot have a formula", fFormula}, {"objective", fObjective},
		{"tag", fTags}, {"a tag", fTags},
		{"title", fTitle}, {"the period", fEnd}, {"state", fState},
	} {
		if strings.HasPrefix(text, w.prefix) {
			return m.index(w.id)
		}
	}
	if errors.Is(err, model.ErrBadFormula) {
		return m.index(fFormula)
	}
	return m.index(fSave)
}

// kpiTexts are the fields of k as the conflict screen compares them.
func kpiTexts(k model.KPI, objs []model.Objective) map[fieldID]string {
	line := func(s string) string { return model.Sanitize(s, false) }
	obj := "none"
	for _, o := range objs {
		if o.ID == k.ObjectiveID {
			obj = line(o.Title)
		}
	}
	var pts []string
	for _, p := range k.Targets.Sorted() {
		v := model.FormatValue(p.Value, k.Unit, k.Decimals)
		if k.Direction == model.Range {
			v += "–" + model.FormatValue(p.High, k.Unit, k.Decimals)
		}
		pts = append(pts, p.Week.String()+" "+v)
	}
	targets := "none"
	if len(pts) > 0 {
		targets = strings.Join(pts, " → ")
	}
	tol := strconv.FormatFloat(k.Tolerance.Amount, 'f', -1, 64) + " %"
	if k.Tolerance.Absolute {
		tol = model.FormatValue(k.Tolerance.Amount, k.Unit, k.Decimals) + " (in the unit)"
	}
	yes := func(b bool) string {
		if b {
			return "yes"
		}
		return "no"
	}
	return map[fieldID]string{
		fName: line(k.Name), fKey: line(k.Key), fDescription: line(k.Description), fOwner: line(k.Owner),
		fObjective: obj, fTags: model.TagsText(k.Tags), fUnit: line(k.Unit), fDecimals: strconv.Itoa(k.Decimals), fDirection: string(k.Direction),
		fTarget: targets, fTolerance: tol, fTier: string(k.Tier), fOMTM: yes(k.OMTM), fIndicator: string(k.Indicator),
		fKind: string(k.Kind), fCadence: string(k.Cadence), fAggregate: string(k.Aggregate), fFormula: line(k.Formula),
		fArchived: yes(k.Archived),
	}
}
