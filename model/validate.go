package model

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"
	"sync"
	"unicode"
)

// The package's patterns are compiled on first use (sync.OnceValue), not at
// start: every start of kpi paid for all of them, most commands use one or none.
var keyPattern = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[a-z][a-z0-9_]*$`) })

// ValidKey checks a KPI key: the short slug typed on the command line.
func ValidKey(key string) error {
	switch {
	case key == "":
		return fmt.Errorf("key is empty; use a short slug like mrr or win_rate")
	case len(key) > MaxKeyLen:
		return fmt.Errorf("key %q is %d characters; the limit is %d", key, len(key), MaxKeyLen)
	case !keyPattern().MatchString(key):
		return fmt.Errorf("key %q must start with a letter and use only a-z, 0-9 and _ (try %q)", key, Slugify(key))
	case isFunc(key):
		return fmt.Errorf("key %q is a formula function name; choose another", key)
	}
	return nil
}

// Slugify turns a name into a key suggestion: "Win rate %" → "win_rate".
func Slugify(name string) string {
	var b strings.Builder
	lastUnderscore := true
	for _, r := range strings.ToLower(name) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
			lastUnderscore = false
		case !lastUnderscore && (unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r)):
			b.WriteByte('_')
			lastUnderscore = true
		}
	}
	s := strings.Trim(b.String(), "_")
	if s == "" {
		return "kpi"
	}
	if s[0] >= '0' && s[0] <= '9' {
		s = "k" + s
	}
	if len(s) > MaxKeyLen {
		s = strings.TrimRight(s[:MaxKeyLen], "_")
	}
	if isFunc(s) { // "Min" must not suggest a key that ValidKey refuses
		s += "_kpi"
	}
	return s
}

func finite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }

// ValidateKPI checks one KPI definition on its own (keys referenced by a formula
// are checked against the others by FormulaCycle). The error names the field and
// what to do.
func ValidateKPI(k KPI) error {
	if err := ValidKey(k.Key); err != nil {
		return err
	}
	if strings.TrimSpace(k.Name) == "" {
		return fmt.Errorf("name is empty")
	}
	for _, f := range []struct {
		name, v string
		max     int
	}{{"name", k.Name, MaxNameLen}, {"owner", k.Owner, MaxShortLen}, {"unit", k.Unit, 16}, {"description", k.Description, MaxTextLen}} {
		if n := len([]rune(f.v)); n > f.max {
			return fmt.Errorf("%s is %d characters; the limit is %d", f.name, n, f.max)
		}
	}
	if k.Decimals < 0 || k.Decimals > 6 {
		return fmt.Errorf("decimals must be 0 to 6, not %d", k.Decimals)
	}
	if err := oneOf("direction", string(k.Direction), Up, Down, Range, None); err != nil {
		return err
	}
	if k.Direction == None && k.Kind == Qualitative {
		return fmt.Errorf("a qualitative KPI is judged by its owner; direction none is for numbers shown as context")
	}
	tags, err := NormalizeTags(k.Tags)
	if err != nil {
		return err
	}
	if !slices.Equal(tags, k.Tags) && !(len(tags) == 0 && len(k.Tags) == 0) {
		return fmt.Errorf("tags %v must be lower-case, sorted and unique (NormalizeTags)", k.Tags)
	}
	if err := oneOf("tier", string(k.Tier), TierKey, TierHealth); err != nil {
		return err
	}
	if err := oneOf("indicator", string(k.Indicator), Leading, Lagging); err != nil {
		return err
	}
	if err := oneOf("kind", string(k.Kind), Quantitative, Qualitative); err != nil {
		return err
	}
	if err := oneOf("cadence", string(k.Cadence), Weekly, Monthly); err != nil {
		return err
	}
	if err := oneOf("aggregate", string(k.Aggregate), AggSum, AggAvg, AggLast); err != nil {
		return err
	}
	if !finite(k.Tolerance.Amount) || k.Tolerance.Amount < 0 {
		return fmt.Errorf("tolerance must be a number ≥ 0")
	}
	if !k.Tolerance.Absolute && k.Tolerance.Amount > 100 {
		return fmt.Errorf("tolerance of %g%% is more than 100%%", k.Tolerance.Amount)
	}
	if err := validTargets(k); err != nil {
		return err
	}
	return validFormula(k)
}

// validTargets checks k's target points: one per week, finite, and a range's
// high bound not below its low bound.
func validTargets(k KPI) error {
	seen := map[Week]bool{}
	for _, p := range k.Targets {
		if p.Week.IsZero() {
			return fmt.Errorf("a target point has no week")
		}
		if seen[p.Week] {
			return fmt.Errorf("two target points for %s", p.Week)
		}
		seen[p.Week] = true
		if !finite(p.Value) || !finite(p.High) {
			return fmt.Errorf("target for %s is not a finite number", p.Week)
		}
		if k.Direction == Range && p.High < p.Value {
			return fmt.Errorf("target for %s: the high bound %g is below the low bound %g", p.Week, p.High, p.Value)
		}
	}
	return nil
}

// validFormula checks a derived KPI's formula on its own: it parses, and does
// not name the KPI itself.
func validFormula(k KPI) error {
	if !k.Derived() {
		return nil
	}
	if k.Kind == Qualitative {
		return fmt.Errorf("a qualitative KPI cannot have a formula")
	}
	f, err := ParseFormula(k.Formula)
	if err != nil {
		return fmt.Errorf("formula: %w", err)
	}
	for _, r := range f.Refs() {
		if r == k.Key {
			return fmt.Errorf("%w: %s refers to itself", ErrBadFormula, k.Key)
		}
	}
	return nil
}

func oneOf[T ~string](field, v string, allowed ...T) error {
	var names []string
	for _, a := range allowed {
		if string(a) == v {
			return nil
		}
		names = append(names, string(a))
	}
	return fmt.Errorf("%s %q must be one of %s", field, v, strings.Join(names, ", "))
}

// ValidateObjective checks an objective definition.
func ValidateObjective(o Objective) error {
	if strings.TrimSpace(o.Title) == "" {
		return fmt.Errorf("title is empty")
	}
	if n := len([]rune(o.Title)); n > MaxShortLen {
		return fmt.Errorf("title is %d characters; the limit is %d", n, MaxShortLen)
	}
	if n := len([]rune(o.Description)); n > MaxTextLen {
		return fmt.Errorf("description is %d characters; the limit is %d", n, MaxTextLen)
	}
	if !o.Start.IsZero() && !o.End.IsZero() && o.End.Before(o.Start) {
		return fmt.Errorf("the period ends (%s) before it starts (%s)", o.End, o.Start)
	}
	return oneOf("state", string(o.State), ObjectiveActive, ObjectiveDone, ObjectiveDropped)
}

// ValidateValue checks a value against its KPI: a number for quantitative KPIs (and
// no entry at all for derived ones), a status for qualitative ones, a note within
// limits.
func ValidateValue(k KPI, v Value) error {
	switch {
	case k.Derived():
		return fmt.Errorf("%s is derived (%s); its value is computed, enter its inputs instead", k.Key, k.Formula)
	case k.Archived:
		return fmt.Errorf("%s is archived; restore it before entering values", k.Key)
	case v.Week.IsZero():
		return fmt.Errorf("no week given")
	case !v.Week.Valid():
		return fmt.Errorf("week %s does not exist; weeks are ISO weeks of the years 1900 to 9999, like 2026-W47", v.Week)
	case k.Kind == Qualitative && v.Status == NoneGiven:
		return fmt.Errorf("%s is qualitative: give a status (on track, at risk, off track) and a note", k.Key)
	case k.Kind == Quantitative && !v.HasNumber:
		return fmt.Errorf("%s needs a number", k.Key)
	case v.HasNumber && !finite(v.Number):
		return fmt.Errorf("the value is not a finite number")
	case v.Status != NoneGiven && v.Status != OnTrack && v.Status != AtRisk && v.Status != OffTrack:
		return fmt.Errorf("status %q must be on track, at risk or off track", v.Status)
	case len([]rune(v.Note)) > MaxTextLen:
		return fmt.Errorf("note is %d characters; the limit is %d", len([]rune(v.Note)), MaxTextLen)
	}
	return nil
}
