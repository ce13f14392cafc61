package frame

import (
	"strings"

	"kpi/model"
)

// Filter is the parsed `/` filter that every view listing KPIs applies the same
// way: every term must match. "owner:ana" matches the owner's name from its
// start, "objective:growth" (or "obj:") words of the objective's title,
// "tag:store" the KPIs carrying that tag ("tag:region" also region:north), any
// other word the KPI's key, name, owner, objective or tags.
type Filter struct {
	owner, objective, tag, text []string
}

// ParseFilter reads the filter's text (Context.Filter).
func ParseFilter(s string) Filter {
	var f Filter
	for _, term := range strings.Fields(strings.ToLower(s)) {
		name, value, ok := strings.Cut(term, ":")
		switch {
		case ok && value != "" && name == "owner":
			f.owner = append(f.owner, value)
		case ok && value != "" && (name == "objective" || name == "obj"):
			f.objective = append(f.objective, value)
		case ok && value != "" && name == "tag":
			f.tag = append(f.tag, value)
		default:
			f.text = append(f.text, term)
		}
	}
	return f
}

// Empty reports whether the filter lets everything through.
func (f Filter) Empty() bool { return len(f.owner)+len(f.objective)+len(f.tag)+len(f.text) == 0 }

// Matches reports whether KPI k, serving the objective titled objective ("" for
// none), passes the filter.
func (f Filter) Matches(k model.KPI, objective string) bool {
	owner, obj := strings.ToLower(k.Owner), strings.ToLower(objective)
	for _, o := range f.owner {
		if !strings.HasPrefix(owner, o) {
			return false
		}
	}
	for _, o := range f.objective {
		if !strings.Contains(obj, o) {
			return false
		}
	}
	for _, t := range f.tag {
		if !k.HasTag(t) {
			return false
		}
	}
	all := strings.ToLower(k.Key + " " + k.Name + " " + k.Owner + " " + objective + " " + strings.Join(k.Tags, " "))
	for _, t := range f.text {
		if !strings.Contains(all, t) {
			return false
		}
	}
	return true
}
