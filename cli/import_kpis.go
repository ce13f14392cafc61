package cli

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"kpi/model"
)

// kpiColumns are the columns of a KPI-definitions CSV: key and name are needed,
// the rest default as a new KPI in the app's editor does (up, a health metric —
// a team holds only 3–5 key KPIs —, lagging, quantitative, weekly, aggregate
// "last", 5 % tolerance, no target).
var kpiColumns = []string{"key", "name", "description", "owner", "objective", "unit", "decimals", "direction",
	"target", "target_high", "tolerance", "tier", "indicator", "kind", "cadence", "aggregate", "formula", "tags"}

// isKPICSV tells a KPI-definitions CSV from a values CSV by its header.
func isKPICSV(data []byte) bool {
	h := csvHeader(data)
	return contains(h, "key") && contains(h, "name")
}

// parseKPIsCSV reads KPI definitions, one per row. objective is an objective's
// title (or id) that must exist; target is one number (the low bound for a range,
// with target_high the high bound) set at week from and holding for every week —
// glide paths are drawn in the app's editor; tolerance is a percentage ("5%") or, without %, an
// absolute amount. Every bad row is a problem with its line number.
func parseKPIsCSV(data []byte, objectives []model.Objective, from model.Week) ([]model.KPI, []string, error) {
	rows, problems, err := readCSV(data, kpiColumns, []string{"key", "name"})
	if err != nil {
		return nil, nil, err
	}
	firstLine := map[string]int{}
	var out []model.KPI
	for _, row := range rows {
		k, err := kpiFromRow(row.field, objectives, from)
		if err == nil {
			err = model.ValidateKPI(k)
		}
		if err == nil {
			if prev, dup := firstLine[strings.ToLower(k.Key)]; dup {
				err = fmt.Errorf("key %s is also on line %d; keep one", k.Key, prev)
			}
		}
		if err != nil {
			problems = append(problems, fmt.Sprintf("line %d: %s", row.line, model.Sanitize(err.Error(), false)))
			continue
		}
		firstLine[strings.ToLower(k.Key)] = row.line
		out = append(out, k)
	}
	return out, problems, nil
}

// kpiFromRow builds one KPI from a row's fields, with the defaults of a new KPI.
func kpiFromRow(field func(string) string, objectives []model.Objective, from model.Week) (model.KPI, error) {
	k := model.KPI{Key: field("key"), Name: field("name"), Description: field("description"), Owner: field("owner"),
		Unit: field("unit"), Formula: field("formula"), Direction: model.Up, Tier: model.TierHealth, Indicator: model.Lagging,
		Kind: model.Quantitative, Cadence: model.Weekly, Aggregate: model.AggLast, Tolerance: model.DefaultTolerance}
	for _, t := range []struct {
		field string
		set   func(string)
	}{
		{"direction", func(v string) { k.Direction = model.Direction(v) }},
		{"tier", func(v string) { k.Tier = model.Tier(v) }},
		{"indicator", func(v string) { k.Indicator = model.Indicator(v) }},
		{"kind", func(v string) { k.Kind = model.Kind(v) }},
		{"cadence", func(v string) { k.Cadence = model.Cadence(v) }},
		{"aggregate", func(v string) { k.Aggregate = model.Aggregate(v) }},
	} {
		if v := strings.ToLower(field(t.field)); v != "" {
			t.set(v)
		}
	}
	tags, err := model.ParseTags(field("tags"))
	if err != nil {
		return k, fmt.Errorf("tags: %v", err)
	}
	k.Tags = tags
	if d := field("decimals"); d != "" {
		n, err := strconv.Atoi(d)
		if err != nil {
			return k, fmt.Errorf("decimals must be a whole number 0 to 6, not %q", d)
		}
		k.Decimals = n
	}
	if t := field("tolerance"); t != "" {
		abs := !strings.HasSuffix(t, "%")
		n, err := model.ParseValue(strings.TrimSuffix(t, "%"))
		if err != nil {
			return k, fmt.Errorf("tolerance: %v", err)
		}
		k.Tolerance = model.Tolerance{Amount: n, Absolute: abs}
	}
	if t := field("target"); t != "" {
		low, err := model.ParseValue(t)
		if err != nil {
			return k, fmt.Errorf("target: %v", err)
		}
		p := model.TargetPoint{Week: from, Value: low}
		if h := field("target_high"); h != "" {
			if p.High, err = model.ParseValue(h); err != nil {
				return k, fmt.Errorf("target_high: %v", err)
			}
		} else if k.Direction == model.Range {
			return k, fmt.Errorf("a range KPI needs target (low) and target_high")
		}
		k.Targets = model.TargetPath{p}
	}
	if o := field("objective"); o != "" {
		id, err := objectiveID(o, objectives)
		if err != nil {
			return k, err
		}
		k.ObjectiveID = id
	}
	return k, nil
}

// objectiveID finds an objective by title (without case) or id.
func objectiveID(s string, objectives []model.Objective) (int64, error) {
	for _, o := range objectives {
		if strings.EqualFold(o.Title, s) || strconv.FormatInt(o.ID, 10) == s {
			return o.ID, nil
		}
	}
	return 0, fmt.Errorf("no objective %q; create it in the app first (Objectives view) or leave the column empty", s)
}

// importKPIs is `kpi import` of a KPI-definitions CSV: every row checked first,
// then all written in one transaction or none.
func importKPIs(env *Env, g *globals, out io.Writer, data []byte, name string, dryRun bool) error {
	st, err := openResolved(env, g)
	if err != nil {
		return err
	}
	defer st.Close()
	objectives, err := st.Objectives()
	if err != nil {
		return err
	}
	ks, problems, err := parseKPIsCSV(data, objectives, model.CurrentWeek(env.Now()))
	if err != nil {
		return err
	}
	existing, err := st.KPIs()
	if err != nil {
		return err
	}
	ks = keepUnlisted(ks, existing, csvHeader(data))
	if len(problems) > 0 {
		for _, p := range problems {
			fmt.Fprintln(env.Stderr, "  "+oneLine(p))
		}
		return fmt.Errorf("nothing was imported: %d bad %s in %s; fix %s and import again", len(problems),
			plural(len(problems), "row", "rows"), model.Sanitize(name, false), plural(len(problems), "it", "them"))
	}
	if dryRun {
		fmt.Fprintf(out, "Would import %d KPI definitions (dry run: nothing was written).\n", len(ks))
		return nil
	}
	created, updated, err := st.ImportKPIs(ks)
	if err != nil {
		return fmt.Errorf("nothing was imported: %w", err)
	}
	fmt.Fprintf(out, "Imported %d KPI definitions: %d new, %d redefined.\n", created+updated, created, updated)
	return nil
}

// keepUnlisted gives a redefined KPI its current value for every column the CSV
// does not have, so a file of key,name,owner renames and reassigns without
// resetting targets, tier or formula to the defaults of a new KPI.
func keepUnlisted(ks, existing []model.KPI, header []string) []model.KPI {
	byKey := map[string]model.KPI{}
	for _, k := range existing {
		byKey[strings.ToLower(k.Key)] = k
	}
	keep := map[string]func(k *model.KPI, old model.KPI){
		"description": func(k *model.KPI, old model.KPI) { k.Description = old.Description },
		"owner":       func(k *model.KPI, old model.KPI) { k.Owner = old.Owner },
		"objective":   func(k *model.KPI, old model.KPI) { k.ObjectiveID = old.ObjectiveID },
		"unit":        func(k *model.KPI, old model.KPI) { k.Unit = old.Unit },
		"decimals":    func(k *model.KPI, old model.KPI) { k.Decimals = old.Decimals },
		"direction":   func(k *model.KPI, old model.KPI) { k.Direction = old.Direction },
		"target":      func(k *model.KPI, old model.KPI) { k.Targets = old.Targets },
		"tolerance":   func(k *model.KPI, old model.KPI) { k.Tolerance = old.Tolerance },
		"tier":        func(k *model.KPI, old model.KPI) { k.Tier = old.Tier },
		"indicator":   func(k *model.KPI, old model.KPI) { k.Indicator = old.Indicator },
		"kind":        func(k *model.KPI, old model.KPI) { k.Kind = old.Kind },
		"cadence":     func(k *model.KPI, old model.KPI) { k.Cadence = old.Cadence },
		"aggregate":   func(k *model.KPI, old model.KPI) { k.Aggregate = old.Aggregate },
		"formula":     func(k *model.KPI, old model.KPI) { k.Formula = old.Formula },
		"tags":        func(k *model.KPI, old model.KPI) { k.Tags = old.Tags },
	}
	for i := range ks {
		old, ok := byKey[strings.ToLower(ks[i].Key)]
		if !ok {
			continue
		}
		for col, copyField := range keep {
			if !contains(header, col) {
				copyField(&ks[i], old)
			}
		}
	}
	return ks
}
