package dashboard

import (
	"sort"
	"strings"

	"kpi/model"
	"kpi/themes"
	"kpi/ui/frame"
	"kpi/ui/spark"
)

// Health lines are a table: every line has the same columns — marker, glyph,
// name, value, target, change, sparkline, owner — each as wide as its longest
// text in the list (within bounds), so the change column never runs into the
// sparkline whatever its digits. The name takes what is left.
const (
	maxHealthValueW  = 16
	maxHealthTargetW = 18
	maxHealthChangeW = 14
	maxHealthOwnerW  = 10
	minHealthNameW   = 12
	maxHealthNameW   = 36
)

// healthCols are the widths of a health line's columns, each with the space
// that ends it.
type healthCols struct {
	value, target, change, owner int
}

// measureHealth sizes the health columns to the texts of the health items.
func measureHealth(items []item) healthCols {
	c := healthCols{value: 2, target: 2, change: 2, owner: 2}
	for _, it := range items {
		if it.tier != tierHealth {
			continue
		}
		r := it.reading
		c.value = max(c.value, frame.Width(frame.ValueText(r))+1)
		c.target = max(c.target, frame.Width(model.TargetText(r.KPI, r.Target))+1)
		c.change = max(c.change, frame.Width(changeText(r, false))+1)
		c.owner = max(c.owner, frame.Width(model.Sanitize(r.KPI.Owner, false)))
	}
	c.value, c.target = min(c.value, maxHealthValueW), min(c.target, maxHealthTargetW)
	c.change, c.owner = min(c.change, maxHealthChangeW), min(c.owner, maxHealthOwnerW)
	return c
}

// changeText is the change since last week in words ("▲ +$1,795"), or in the
// compact form when short is set ("▼ -$1.02M"); "" when there is none.
func changeText(r model.Reading, short bool) string {
	if !r.HasChange {
		return ""
	}
	d := model.FormatDelta(r.Change, r.KPI.Unit, r.KPI.Decimals)
	if short {
		d = model.FormatCompact(r.Change, r.KPI.Unit, r.KPI.Decimals)
		if strings.HasPrefix(model.FormatDelta(r.Change, r.KPI.Unit, r.KPI.Decimals), "+") {
			d = "+" + d
		}
	}
	return model.ChangeArrow(r.Change) + " " + d
}

// styledChange is the change in w-1 cells, coloured by whether it is good:
// the whole figure when it fits, else its compact form, else cut with "…".
func styledChange(st *themes.Styles, r model.Reading, w int) string {
	text := changeText(r, false)
	if frame.Width(text) > w-1 {
		text = changeText(r, true)
	}
	return frame.VerdictStyle(st, r.Verdict).Render(frame.Clip(text, w-1))
}

// drawHealthLine renders one health metric as a single line of the given
// width in the list's columns. Narrow widths drop the owner, then the target
// column, before the name gets shorter than minHealthNameW.
func drawHealthLine(st *themes.Styles, it item, cols healthCols, width int, selected bool) string {
	r := it.reading
	k := r.KPI
	marker := "  "
	if selected {
		marker = "▸ "
	}
	glyph := frame.StatusStyle(st, r.Status).Render(r.Status.Glyph())
	sparkW := len(it.trail)
	// the name takes what is left of width after the marker (2), the glyph and
	// its space (2), the value and change columns, the sparkline and its space,
	// the target and owner columns when shown, and the space that ends the line
	// (1, so that lines side by side never touch)
	rest := width - 2 - 2 - cols.value - cols.change - sparkW - 1 - 1
	showTarget, showOwner := true, true
	if rest-cols.target-cols.owner < minHealthNameW {
		showOwner = false
	}
	if showOwner {
		rest -= cols.owner
	}
	if rest-cols.target < minHealthNameW {
		showTarget = false
	}
	if showTarget {
		rest -= cols.target
	}
	nameW := min(max(rest, 6), maxHealthNameW) // the columns stay together on a wide line
	name := model.Sanitize(k.Name, false)
	if k.Derived() {
		name += " ƒ"
	}
	parts := []string{frame.Cell(name, nameW-1) + " ", frame.Pad(st.Bold.Render(frame.Clip(frame.ValueText(r), cols.value-1)), cols.value)}
	if showTarget {
		parts = append(parts, frame.Pad(st.Target.Render(frame.Clip(model.TargetText(k, r.Target), cols.target-1)), cols.target))
	}
	parts = append(parts, frame.Pad(styledChange(st, r, cols.change), cols.change), spark.Draw(it.trail, sparkW, 1, st.Chart)+" ")
	if showOwner {
		parts = append(parts, st.Muted.Render(frame.Cell(model.Sanitize(k.Owner, false), cols.owner)))
	}
	line := frame.Pad(marker+glyph+" "+strings.Join(parts, ""), width-1) + " "
	if selected {
		return st.Selected.Render(line)
	}
	return line
}

// statusRank orders statuses worst first, for s: off track, a bad value, at
// risk, missing, then those that say nothing about the week's performance,
// on track last.
func statusRank(s model.Status) int {
	switch s {
	case model.OffTrack:
		return 0
	case model.BadValue:
		return 1
	case model.AtRisk:
		return 2
	case model.Missing:
		return 3
	case model.OnTrack:
		return 6
	case model.NotAvail, model.NoTarget:
		return 4
	}
	return 5
}

// sortByStatus orders the health items of items by status, worst first,
// keeping their order within a status, the OMTM and key KPIs where they are
// (they come first). Groups keep their own order: each group's health items
// are sorted within it.
func sortByStatus(items []item) {
	sort.SliceStable(items, func(i, j int) bool {
		a, b := items[i], items[j]
		if a.group != b.group || a.tier != tierHealth || b.tier != tierHealth {
			return a.group < b.group || (a.group == b.group && a.tier < b.tier)
		}
		return statusRank(a.reading.Status) < statusRank(b.reading.Status)
	})
}
