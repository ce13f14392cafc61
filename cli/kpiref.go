package cli

import (
	"fmt"
	"sort"
	"strings"

	"kpi/model"
)

// findKPI resolves what a user typed for a KPI: its key (any case), or a prefix of
// its key or name that only one active KPI has. The error suggests the closest keys.
func findKPI(kpis []model.KPI, typed string) (model.KPI, error) {
	q := strings.ToLower(strings.TrimSpace(typed))
	if q == "" {
		return model.KPI{}, fmt.Errorf("no KPI given; `kpi list` shows the keys")
	}
	for _, k := range kpis {
		if k.Key == q {
			return k, nil
		}
	}
	var matches []model.KPI
	for _, k := range kpis {
		if k.Archived {
			continue
		}
		if strings.HasPrefix(k.Key, q) || strings.HasPrefix(strings.ToLower(k.Name), q) {
			matches = append(matches, k)
		}
	}
	switch len(matches) {
	case 1:
		return matches[0], nil
	case 0:
		return model.KPI{}, fmt.Errorf("no KPI %q; did you mean %s? (`kpi list` shows them all)", model.Sanitize(typed, false), strings.Join(closestKeys(kpis, q, 3), ", "))
	default:
		keys := make([]string, 0, len(matches))
		for _, m := range matches {
			keys = append(keys, m.Key)
		}
		return model.KPI{}, fmt.Errorf("%q matches %s; type more of the key", model.Sanitize(typed, false), strings.Join(keys, ", "))
	}
}

// closestKeys are the n keys nearest to q by edit distance (to key or name).
func closestKeys(kpis []model.KPI, q string, n int) []string {
	type scored struct {
		key string
		d   int
	}
	var all []scored
	for _, k := range kpis {
		if k.Archived {
			continue
		}
		d := editDistance(q, k.Key)
		if dn := editDistance(q, strings.ToLower(k.Name)); dn < d {
			d = dn
		}
		all = append(all, scored{k.Key, d})
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].d < all[j].d })
	var out []string
	for i := 0; i < len(all) && i < n; i++ {
		out = append(out, all[i].key)
	}
	if len(out) == 0 {
		return []string{"(this file has no KPIs yet)"}
	}
	return out
}
