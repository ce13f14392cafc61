package frame

import (
	"fmt"

	"kpi/model"
)

// HygieneHint is one line naming the first hygiene problem of the active KPIs
// that a team fixes in the editors (domain.md: more than 5 key KPIs; a KPI
// without an owner, a target or an objective), with how many more there are; ""
// when there is none. The rules that need history (stale values, old
// definitions) are kpi doctor's.
func HygieneHint(d *Data) string {
	if d == nil {
		return ""
	}
	var found []model.Finding
	for _, f := range model.Hygiene(model.HygieneInput{KPIs: d.KPIs}) {
		switch f.Rule {
		case model.RuleTooManyKey, model.RuleNoOwner, model.RuleNoTarget, model.RuleNoObjective:
			found = append(found, f)
		}
	}
	switch len(found) {
	case 0:
		return ""
	case 1:
		return "! " + model.Sanitize(found[0].Message, false)
	}
	return fmt.Sprintf("! %s (+%d more)", model.Sanitize(found[0].Message, false), len(found)-1)
}
