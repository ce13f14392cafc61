package model

import (
	"strconv"
	"strings"
	"unicode"
)

// Count writes n things in words, "1 KPI", "3 KPIs": the noun is given in the
// singular and the plural is made by Plural.
func Count(n int, noun string) string {
	if n == 1 || n == -1 {
		return strconv.Itoa(n) + " " + noun
	}
	return strconv.Itoa(n) + " " + Plural(noun)
}

// UnitFor is a KPI's unit as written after the number num: a unit that is a
// counted word agrees with it, "1 customer", "2 customers", whether the KPI
// stores it as "customer" or "customers". Symbols and abbreviations ("ms",
// "h", "x", "kWh") and units of several words after the first ("tickets/day")
// are kept as written, the first word agreeing.
func UnitFor(num, unit string) string {
	word, rest := unit, ""
	if i := strings.IndexAny(unit, " /"); i > 0 {
		word, rest = unit[:i], unit[i:]
	}
	if !countedWord(word) {
		return unit
	}
	one := strings.TrimLeft(num, "+-") == "1"
	if one {
		return Singular(word) + rest
	}
	if Singular(word) == word { // stored in the singular
		return Plural(word) + rest
	}
	return unit
}

// abbreviations are lower-case units that look like words but are not counted
// nouns: "1 min", "3 min".
var abbreviations = map[string]bool{
	"min": true, "mins": true, "sec": true, "secs": true, "hrs": true, "hr": true, "mph": true, "kph": true,
	"rpm": true, "bps": true, "fps": true, "pts": true, "kwh": true, "mwh": true, "usd": true, "eur": true,
	"gbp": true, "sqm": true, "nps": true, "pct": true,
}

// countedWord reports whether a unit is a word that is counted: letters only,
// lower case, at least three of them, and not an abbreviation.
func countedWord(w string) bool {
	if len(w) < 3 || abbreviations[w] {
		return false
	}
	for _, r := range w {
		if !unicode.IsLower(r) || r > unicode.MaxASCII {
			return false
		}
	}
	return true
}

// irregular are the plurals English does not make by rule.
var irregular = map[string]string{"person": "people", "child": "children", "man": "men", "woman": "women"}

// Plural is the plural of an English noun: "customer" → "customers",
// "entry" → "entries", "box" → "boxes"; a noun already plural stays.
func Plural(w string) string {
	if p, ok := irregular[w]; ok {
		return p
	}
	for _, p := range irregular {
		if p == w {
			return w
		}
	}
	if Singular(w) != w {
		return w
	}
	switch {
	case strings.HasSuffix(w, "y") && len(w) > 1 && !strings.ContainsRune("aeiou", rune(w[len(w)-2])):
		return w[:len(w)-1] + "ies"
	case strings.HasSuffix(w, "s"), strings.HasSuffix(w, "x"), strings.HasSuffix(w, "ch"), strings.HasSuffix(w, "sh"):
		return w + "es"
	}
	return w + "s"
}

// Singular is the singular of an English noun in the plural: "customers" →
// "customer", "entries" → "entry", "boxes" → "box"; a noun not plural stays.
func Singular(w string) string {
	for s, p := range irregular {
		if p == w {
			return s
		}
	}
	switch {
	case strings.HasSuffix(w, "ss"), strings.HasSuffix(w, "us"), strings.HasSuffix(w, "is"), !strings.HasSuffix(w, "s"):
		return w
	case strings.HasSuffix(w, "ies") && len(w) > 4:
		return w[:len(w)-3] + "y"
	case strings.HasSuffix(w, "sses"), strings.HasSuffix(w, "xes"), strings.HasSuffix(w, "ches"), strings.HasSuffix(w, "shes"):
		return w[:len(w)-2]
	}
	return w[:len(w)-1]
}
