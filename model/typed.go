package model

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Typed is a number as someone typed it for a KPI: the number, and the unit
// it was typed with, so that Vet can ask about a value typed in another unit
// ("€1,200" for a $ KPI) instead of saving it as if it were the KPI's.
type Typed struct {
	Number float64
	// Unit is the unit written with the number: "$", "€", "£", "%", or a word
	// such as "ms" or "users"; "" when only a number was typed.
	Unit string
	// Text is what was typed, trimmed: what "--force to keep …" repeats.
	Text string
}

// ParseFor reads a value typed for KPI k the way people type numbers (see
// ParseValue: "1,234.5", "12k", "$1,200", "45%") and also the way kpi shows
// them, with the KPI's unit after the number ("204 ms", "12.6k users",
// "1 user" for a KPI in users). A unit that is not k's is no error: it is
// kept in Unit, for Vet to question.
func ParseFor(k KPI, s string) (Typed, error) {
	t := Typed{Text: strings.TrimSpace(s)}
	rest, unit := splitUnitWord(k, t.Text)
	n, err := ParseValue(rest)
	if err != nil {
		return t, err
	}
	t.Number = n
	t.Unit = unit
	if unit == "" {
		t.Unit = symbolTyped(rest)
	}
	return t, nil
}

// splitUnitWord takes a unit off the end of s: a currency symbol written
// after the number ("1,200 €"), the KPI's own unit (in any case,
// singular or plural), or any trailing word that is not one of ParseValue's
// multipliers (k, M, bn) — "204 days", "1,200 EUR". Currency codes are read
// as their symbols. It returns the rest and the unit ("" when there was none).
func splitUnitWord(k KPI, s string) (rest, unit string) {
	for _, cur := range []string{"$", "€", "£"} {
		if h, ok := strings.CutSuffix(s, cur); ok && strings.TrimSpace(h) != "" {
			return strings.TrimSpace(h), cur
		}
	}
	i := len(s)
	for i > 0 {
		r, size := utf8.DecodeLastRuneInString(s[:i])
		if !unitRune(r) {
			break
		}
		i -= size
	}
	word := s[i:]
	head := strings.TrimRight(s[:i], " \u00a0")
	if word == "" || head == "" {
		return s, ""
	}
	spaced := head != s[:i]
	lower := strings.ToLower(word)
	switch {
	case SameUnit(word, k.Unit) && (spaced || !multiplierWord(lower)):
		return head, k.Unit
	case multiplierWord(lower):
		return s, "" // "12k", "3.4 M": ParseValue's
	}
	switch lower {
	case "usd":
		return head, "$"
	case "eur":
		return head, "€"
	case "gbp":
		return head, "£"
	case "pct", "percent":
		return head, "%"
	}
	return head, word
}

// multiplierWord is a suffix ParseValue multiplies by (12k, 3.4M, 2bn).
func multiplierWord(lower string) bool {
	return lower == "k" || lower == "m" || lower == "b" || lower == "bn"
}

// unitRune is a rune that can be part of a unit word: letters, and the
// marks of units like "req/s", "°C" or "µs".
func unitRune(r rune) bool { return unicode.IsLetter(r) || r == '/' || r == '°' || r == '×' }

// symbolTyped is the currency symbol or % written with a number ("-$3",
// "45 %"), "" when none.
func symbolTyped(s string) string {
	t := strings.TrimLeft(strings.TrimSpace(s), "+-−")
	for _, cur := range []string{"$", "€", "£"} {
		if strings.HasPrefix(t, cur) {
			return cur
		}
	}
	if strings.HasSuffix(strings.TrimSpace(s), "%") {
		return "%"
	}
	return ""
}

// SameUnit reports whether a unit typed with a number is the KPI's unit: the
// same text in any case, or its singular or plural ("user" for "users").
func SameUnit(typed, unit string) bool {
	norm := func(s string) string { return strings.ReplaceAll(strings.ToLower(strings.TrimSpace(s)), "×", "x") }
	a, b := norm(typed), norm(unit)
	return a == b || strings.TrimSuffix(a, "s") == strings.TrimSuffix(b, "s") && a != "" && b != ""
}
