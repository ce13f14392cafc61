package model

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Length limits for text fields. The file is shared, so limits keep one user's paste
// from making everyone's screen unusable, and they bound what a row can hold.
const (
	MaxKeyLen   = 32
	MaxNameLen  = 80
	MaxShortLen = 120  // owner, unit, titles of checklist items, attendees
	MaxTextLen  = 2000 // notes, descriptions, action item text
)

// Sanitize removes everything from s that could drive a terminal: ANSI/VT escape
// sequences (CSI, OSC, DCS and the like, including their payloads), C0 and C1
// control characters and invalid UTF-8. Newlines and tabs survive only when
// multiline is set (notes); otherwise they become spaces. It is applied before
// storage and again before drawing, because the team file is shared: one user's
// text must never reach another user's terminal as a command.
func Sanitize(s string, multiline bool) string { return sanitize(s, multiline, false) }

// SanitizeStyled is Sanitize(s, true) for text that kpi itself styled: it keeps
// well-formed SGR sequences (ESC [ digits and separators m: colours, bold,
// reverse), which only set how the following text looks, and removes every
// other escape and control like Sanitize. The command line passes `kpi snapshot
// --color` through it, so the app's own styling survives while anything else
// that reached the frame cannot drive the terminal. Foreign SGR must already be
// gone from the text before it was styled (Sanitize on the way out of the store).
func SanitizeStyled(s string) string { return sanitize(s, true, true) }

// sanitize is Sanitize, optionally keeping SGR sequences.
func sanitize(s string, multiline, keepSGR bool) string {
	if plainASCII(s) {
		return s // nearly every cell: nothing to remove, nothing to copy
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size <= 1 {
			i++
			continue
		}
		switch {
		case r == 0x1b && keepSGR && sgrEnd(s, i) > 0:
			end := sgrEnd(s, i)
			b.WriteString(s[i:end])
			i = end
			continue
		case r == 0x1b: // ESC: skip the whole sequence
			i = skipEscape(s, i+size)
			continue
		case r == 0x9b: // C1 CSI
			i = skipCSI(s, i+size)
			continue
		case r == 0x9d || r == 0x90 || r == 0x98 || r == 0x9e || r == 0x9f: // C1 OSC, DCS, SOS, PM, APC
			i = skipString(s, i+size)
			continue
		case r == '\n' || r == '\t':
			if multiline {
				b.WriteRune(r)
			} else {
				b.WriteByte(' ')
			}
		case r == '\r':
			// dropped: a lone CR could overwrite a line on screen
		case unicode.IsControl(r) || r == 0x7f:
			// other C0/C1 controls and DEL are dropped
		case r == '\u2028' || r == '\u2029' || (r >= '\u202a' && r <= '\u202e') || (r >= '\u2066' && r <= '\u2069'):
			// line separators and bidi overrides can reorder or hide text on screen
		default:
			b.WriteRune(r)
		}
		i += size
	}
	return b.String()
}

// sgrEnd is the index after the SGR sequence (ESC [ params m, params only
// digits, ';' and ':') that starts at i, or 0 when none starts there.
func sgrEnd(s string, i int) int {
	if !strings.HasPrefix(s[i:], "\x1b[") {
		return 0
	}
	for j := i + 2; j < len(s); j++ {
		switch c := s[j]; {
		case c == 'm':
			return j + 1
		case (c >= '0' && c <= '9') || c == ';' || c == ':':
		default:
			return 0
		}
	}
	return 0
}

// plainASCII reports whether s is printable ASCII only (space to tilde), which
// Sanitize would return unchanged.
func plainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return false
		}
	}
	return true
}

// skipEscape returns the index after the escape sequence whose ESC ended at i.
func skipEscape(s string, i int) int {
	if i >= len(s) {
		return i
	}
	switch s[i] {
	case '[':
		return skipCSI(s, i+1)
	case ']', 'P', 'X', '^', '_':
		return skipString(s, i+1)
	default:
		// two-byte (ESC c, ESC 7) or with intermediates (ESC ( B): skip intermediates then the final byte
		for i < len(s) && s[i] >= 0x20 && s[i] <= 0x2f {
			i++
		}
		if i < len(s) {
			i++
		}
		return i
	}
}

// skipCSI skips parameter and intermediate bytes and the final byte of a CSI sequence.
func skipCSI(s string, i int) int {
	for i < len(s) {
		c := s[i]
		i++
		if c >= 0x40 && c <= 0x7e {
			return i
		}
		if c < 0x20 || c > 0x7e { // malformed: end before the first byte that cannot belong (it may start the next sequence)
			return i - 1
		}
	}
	return i
}

// skipString skips an OSC/DCS/SOS/PM/APC payload up to BEL, ST (ESC \) or C1 ST.
func skipString(s string, i int) int {
	for i < len(s) {
		switch {
		case s[i] == 0x07:
			return i + 1
		case s[i] == 0x1b && i+1 < len(s) && s[i+1] == '\\':
			return i + 2
		case strings.HasPrefix(s[i:], "\u009c"):
			return i + len("\u009c")
		}
		i++
	}
	return i
}

// CleanText sanitises s, trims surrounding space and checks its length; field
// names the field in the error ("name is 93 characters; the limit is 80").
func CleanText(field, s string, max int, multiline bool) (string, error) {
	c := strings.TrimSpace(Sanitize(s, multiline))
	if n := utf8.RuneCountInString(c); n > max {
		return "", fmt.Errorf("%s is %d characters; the limit is %d", field, n, max)
	}
	return c, nil
}
