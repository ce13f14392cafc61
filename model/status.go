package model

import "math"

// Judge is the status of a value against a week's target band, for a KPI of the
// given direction and tolerance (spec §2):
//   - up: on track if value ≥ target; at risk if within the tolerance below; else off.
//   - down: the mirror image.
//   - range: on track inside [low, high]; at risk within the tolerance outside; else off.
//
// Without a target the status is NoTarget: it is shown, never guessed.
func Judge(dir Direction, tol Tolerance, band Band, value float64) Status {
	if !band.OK {
		return NoTarget
	}
	switch dir {
	case Down:
		t := band.High
		switch {
		case value <= t:
			return OnTrack
		case value <= t+tol.Band(t):
			return AtRisk
		}
		return OffTrack
	case Range:
		low, high := math.Min(band.Low, band.High), math.Max(band.Low, band.High)
		switch {
		case value >= low && value <= high:
			return OnTrack
		case value < low && value >= low-tol.Band(low):
			return AtRisk
		case value > high && value <= high+tol.Band(high):
			return AtRisk
		}
		return OffTrack
	default: // Up
		t := band.Low
		switch {
		case value >= t:
			return OnTrack
		case value >= t-tol.Band(t):
			return AtRisk
		}
		return OffTrack
	}
}

// StatusOf is the status of KPI k in week w given that week's value (has=false when
// none was entered). An owner's status wins: it is the judgement of a qualitative
// KPI and an override for a quantitative one. A week that is not due (monthly KPIs)
// is judged by the caller on the latest value; see Evaluate.
func StatusOf(k KPI, w Week, v Value, has bool) Status {
	if !k.Direction.Judged() {
		return Context
	}
	if !has {
		return Missing
	}
	if v.Bad != "" {
		return BadValue
	}
	if v.Status != NoneGiven {
		return v.Status
	}
	if !v.HasNumber {
		if k.Kind == Qualitative {
			return Missing
		}
		return NotAvail
	}
	if !Usable(v.Number) { // Inf, NaN or beyond ±1e15, however it got here: never judged
		return BadValue
	}
	return Judge(k.Direction, k.Tolerance, k.Targets.At(w, k.Direction), v.Number)
}

// Glyph is the mark drawn beside a status so colour is never the only signal.
func (s Status) Glyph() string {
	switch s {
	case OnTrack:
		return "✓"
	case AtRisk:
		return "!"
	case OffTrack:
		return "✗"
	case Missing:
		return "·"
	case NoTarget:
		return "○"
	case NotAvail:
		return "-"
	case Context:
		return "~"
	case BadValue:
		return "⚠"
	}
	return " "
}

// Text is the status as its glyph and words, "✓ on track", as lists and
// tables print it. n/a is its words alone: the dash before them read as a
// minus ("- n/a").
func (s Status) Text() string {
	if s == NotAvail {
		return s.Label()
	}
	return s.Glyph() + " " + s.Label()
}

// Label is the status in words, for tables and screen readers of screen shares.
func (s Status) Label() string {
	switch s {
	case OnTrack:
		return "on track"
	case AtRisk:
		return "at risk"
	case OffTrack:
		return "off track"
	case Missing:
		return "missing"
	case NoTarget:
		return "no target"
	case NotAvail:
		return "n/a"
	case Context:
		return "context"
	case BadValue:
		return "bad value"
	}
	return ""
}

// ParseStatus reads a status an owner typed for a qualitative KPI or an override:
// "on track", "on_track", "ok", "green", "at risk", "amber", "off track", "red".
func ParseStatus(s string) (Status, bool) {
	switch normalizeWord(s) {
	case "ontrack", "ok", "green", "good", "✓":
		return OnTrack, true
	case "atrisk", "risk", "amber", "yellow", "warn", "!":
		return AtRisk, true
	case "offtrack", "off", "red", "bad", "✗":
		return OffTrack, true
	}
	return NoneGiven, false
}

func normalizeWord(s string) string {
	out := make([]rune, 0, len(s))
	for _, r := range s {
		switch {
		case r >= 'A' && r <= 'Z':
			out = append(out, r+'a'-'A')
		case r == ' ' || r == '_' || r == '-':
		default:
			out = append(out, r)
		}
	}
	return string(out)
}
