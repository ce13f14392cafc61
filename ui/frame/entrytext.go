package frame

import (
	"fmt"
	"strings"

	"kpi/model"
)

// InputText is a stored value as the user would type it into an input, so that
// saving it unchanged parses back to the same number.
func InputText(k model.KPI, v model.Value) string {
	if !v.HasNumber {
		return v.Status.Label()
	}
	s := model.FormatValue(v.Number, "", k.Decimals)
	if k.Unit == "%" {
		s += "%"
	}
	return s
}

// ParseEntry turns what was typed for KPI k in week w into the value to save
// over existing (Version 0: none yet): a number, or a status for qualitative
// KPIs, and a note. A number may be typed as it is shown ("204 ms", "12.6k
// users"); its unit is questioned by cell.Input.Vet, not here. changed is false when value and note are what the file
// already has. Every place that edits a value (the entry form, the Trends table)
// parses through here, so they accept and refuse the same input.
func ParseEntry(k model.KPI, existing model.Value, w model.Week, valueText, noteText string) (v model.Value, changed bool, err error) {
	text := strings.TrimSpace(valueText)
	note, err := model.CleanText("note", noteText, model.MaxTextLen, false)
	if err != nil {
		return model.Value{}, false, err
	}
	v = existing
	v.KPIID, v.Week, v.Note = k.ID, w, note
	if text == "" {
		return v, false, fmt.Errorf("type a value first; an empty value is not saved")
	}
	if k.Kind == model.Qualitative {
		s, ok := model.ParseStatus(text)
		if !ok {
			return v, false, fmt.Errorf("%q is not a status: type on track, at risk or off track", model.Sanitize(text, false))
		}
		v.Status, v.HasNumber, v.Number = s, false, 0
	} else {
		typed, err := model.ParseFor(k, text)
		if err != nil {
			return v, false, err
		}
		v.Number, v.HasNumber = typed.Number, true
	}
	if err := model.ValidateValue(k, v); err != nil {
		return v, false, err
	}
	x := existing
	same := x.Version != 0 && x.Note == v.Note && x.HasNumber == v.HasNumber && x.Number == v.Number && x.Status == v.Status
	return v, !same, nil
}
