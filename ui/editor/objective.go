package editor

import (
	"strings"

	"kpi/model"
	"kpi/themes"
)

var stateOpts = []option{{"active", "active"}, {"done", "done"}, {"dropped", "dropped"}}

// objectiveFields are the objective editor's fields for o (spec §2).
func objectiveFields(st *themes.Styles, o model.Objective) []field {
	line := func(s string) string { return model.Sanitize(s, false) }
	return []field{
		huhTextField(st, fTitle, "Title", "e.g. Grow revenue", line(o.Title), model.MaxShortLen),
		huhTextField(st, fDescription, "Description", "why it matters and what done looks like", line(o.Description), model.MaxTextLen),
		huhTextField(st, fOwner, "Owner", "who answers for it", line(o.Owner), model.MaxShortLen),
		huhTextField(st, fStart, "Starts", "e.g. 2026-W01 or a date", o.Start.String(), 20),
		huhTextField(st, fEnd, "Ends", "e.g. 2026-W52 or a date", o.End.String(), 20),
		huhChoiceField(st, fState, "State", stateOpts, string(o.State)),
		toggleField(st, fArchived, "Archived", o.Archived),
		buttonField(st, fSave),
	}
}

// newObjective is what a new objective starts as: active, owned by whoever
// creates it, running from the week under review to the end of its year.
func newObjective(user string, week model.Week) model.Objective {
	end := model.Week{Year: week.Year, Num: model.WeeksInYear(week.Year)}
	return model.Objective{Owner: user, Start: week, End: end, State: model.ObjectiveActive}
}

// objectiveFromForm builds the objective the form describes on top of the base;
// problems are set on their fields and ok is false if any.
func (m *Model) objectiveFromForm() (model.Objective, bool) {
	o := m.baseObj
	ok := true
	for i := range m.fields {
		f := &m.fields[i]
		f.problem = ""
		switch f.id {
		case fTitle:
			o.Title = f.value()
			if o.Title == "" {
				f.problem, ok = "an objective needs a title", false
			}
		case fDescription:
			o.Description = f.value()
			if o.Description == strings.TrimSpace(model.Sanitize(m.baseObj.Description, false)) {
				o.Description = m.baseObj.Description
			}
		case fOwner:
			o.Owner = f.value()
		case fStart, fEnd:
			var w model.Week
			if f.value() != "" {
				var err error
				if w, err = model.ParseWeek(f.value()); err != nil {
					f.problem, ok = err.Error(), false
				}
			}
			if f.id == fStart {
				o.Start = w
			} else {
				o.End = w
			}
		case fState:
			o.State = model.ObjectiveState(f.chosen())
		case fArchived:
			o.Archived = f.isOn()
		}
	}
	if ok {
		if err := model.ValidateObjective(o); err != nil {
			i := m.fieldOf(err)
			m.fields[i].problem, ok = err.Error(), false
		}
	}
	return o, ok
}

// objectiveTexts are the fields of o as the conflict screen compares them.
func objectiveTexts(o model.Objective) map[fieldID]string {
	line := func(s string) string { return model.Sanitize(s, false) }
	archived := "no"
	if o.Archived {
		archived = "yes"
	}
	return map[fieldID]string{
		fTitle: line(o.Title), fDescription: line(o.Description), fOwner: line(o.Owner),
		fStart: o.Start.String(), fEnd: o.End.String(), fState: string(o.State), fArchived: archived,
	}
}
