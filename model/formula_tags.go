package model

import (
	"fmt"
	"math"
	"sort"
)

// isTagFunc names the functions that aggregate over a tag: sum(tag:store),
// avg, min, max and count. sum, avg and count are functions only in front of
// "(tag:", so KPIs keyed sum or count keep working in formulas.
func isTagFunc(s string) bool {
	switch s {
	case "sum", "avg", "min", "max", "count":
		return true
	}
	return false
}

// lexTag reads the tag after "tag:" starting at i (a-z, 0-9, _, - and one
// colon for a value), and returns it with the index after it.
func lexTag(s string, i int) (string, int, error) {
	j := i
	for j < len(s) && (s[j] >= 'a' && s[j] <= 'z' || s[j] >= 'A' && s[j] <= 'Z' || s[j] >= '0' && s[j] <= '9' || s[j] == '_' || s[j] == '-' || s[j] == ':') {
		j++
	}
	tag := toLowerASCII(s[i:j])
	if err := ValidTag(tag); err != nil {
		return "", j, fmt.Errorf("%w: %v", ErrBadFormula, err)
	}
	return tag, j, nil
}

func toLowerASCII(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// tagAggregate parses "(tag:NAME)" after the function fn.
func (p *formulaParser) tagAggregate(fn string) (node, error) {
	p.pos++ // (
	tag := p.toks[p.pos].text
	p.pos++
	if !p.peek(")") {
		return nil, fmt.Errorf("%w: %s(tag:%s) takes the tag alone, like %s(tag:%s)", ErrBadFormula, fn, tag, fn, tag)
	}
	p.pos++
	if p.tags == nil {
		p.tags = map[string]bool{}
	}
	p.tags[tag] = true
	return tagNode{fn: fn, tag: tag}, nil
}

// tagNode aggregates the week's values of every KPI a tag stands for. KPIs
// without a value that week are left out (count says how many had one); when
// none has a value, the result is missing, like a formula with a missing input.
type tagNode struct {
	fn, tag string
}

func (n tagNode) eval(env *evalEnv) (float64, error) {
	var sum, comp float64 // Neumaier's compensated sum: exact to the last bit for sales-sized numbers
	count := 0
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, key := range env.members(n.tag) {
		v, ok := env.lookup(key)
		if !ok {
			continue
		}
		t := sum + v
		if math.Abs(sum) >= math.Abs(v) {
			comp += (sum - t) + v
		} else {
			comp += (v - t) + sum
		}
		sum = t
		lo, hi = math.Min(lo, v), math.Max(hi, v)
		count++
	}
	if count == 0 {
		return 0, fmt.Errorf("%w (no KPI tagged %s has a value)", ErrMissingInput, n.tag)
	}
	switch n.fn {
	case "sum":
		return sum + comp, nil
	case "avg":
		return (sum + comp) / float64(count), nil
	case "min":
		return lo, nil
	case "max":
		return hi, nil
	}
	return float64(count), nil
}

// TagMembers is the keys of the KPIs a formula's tag stands for: every KPI
// carrying it (HasTag) that is not archived, except self, sorted.
func TagMembers(kpis []KPI, tag, self string) []string {
	var out []string
	for _, k := range kpis {
		if k.Key != self && !k.Archived && k.HasTag(tag) {
			out = append(out, k.Key)
		}
	}
	sort.Strings(out)
	return out
}

// Inputs is every key the formula of KPI self reads: the keys it names and
// the members of each tag it aggregates, sorted and unique. Dependency checks,
// loads and derivations go by it.
func (f *Formula) Inputs(self string, kpis []KPI) []string {
	set := map[string]bool{}
	for _, r := range f.refs {
		set[r] = true
	}
	for _, t := range f.tags {
		for _, m := range TagMembers(kpis, t, self) {
			set[m] = true
		}
	}
	return sortedSet(set)
}

// tagMembersFunc gives EvalWith the members of each tag of f among kpis,
// computed once per tag.
func (f *Formula) tagMembersFunc(self string, kpis []KPI) func(string) []string {
	members := make(map[string][]string, len(f.tags))
	for _, t := range f.tags {
		members[t] = TagMembers(kpis, t, self)
	}
	return func(tag string) []string { return members[tag] }
}
