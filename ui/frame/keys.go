package frame

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// keyGlyphs are the names of keys that help shows as a glyph or a shorter word,
// the way the default key maps write them.
var keyGlyphs = map[string]string{
	"up": "↑", "down": "↓", "left": "←", "right": "→", " ": "space", "pgdown": "pgdn",
}

// KeyLabel is how help writes one key name: arrows as arrows, " " as space.
func KeyLabel(k string) string {
	if g, ok := keyGlyphs[k]; ok {
		return g
	}
	return k
}

// Rebound is b with the keys a user chose: the help shows them (joined by "/")
// beside b's own description, so a rebound key reads right in every footer and
// in the help overlay. A disabled binding stays disabled.
func Rebound(b key.Binding, keys []string) key.Binding {
	labels := make([]string, len(keys))
	for i, k := range keys {
		labels[i] = KeyLabel(k)
	}
	out := key.NewBinding(key.WithKeys(keys...), key.WithHelp(strings.Join(labels, "/"), b.Help().Desc))
	out.SetEnabled(b.Enabled())
	return out
}

// Joined is one help entry for several bindings ("←→ week", "n/N KPI"): the
// first key of each, joined by sep — or by "/" once a label is longer than one
// character, so rebound keys stay readable. It is for display only; each view
// matches keys with the bindings themselves.
func Joined(sep, desc string, bs ...key.Binding) key.Binding {
	var keys, labels []string
	for _, b := range bs {
		if len(b.Keys()) == 0 {
			continue
		}
		keys = append(keys, b.Keys()...)
		labels = append(labels, KeyLabel(b.Keys()[0]))
	}
	for _, l := range labels {
		if utf8.RuneCountInString(l) > 1 {
			sep = "/"
		}
	}
	return key.NewBinding(key.WithKeys(keys...), key.WithHelp(strings.Join(labels, sep), desc))
}

// Renamed is b under another description, its keys and their help unchanged:
// the footer's short words ("entry") for a binding the help overlay describes
// at length.
func Renamed(b key.Binding, desc string) key.Binding {
	return key.NewBinding(key.WithKeys(b.Keys()...), key.WithHelp(b.Help().Key, desc))
}

// Without is b less the given keys, for a footer that names only the keys that
// work in the current state (ctrl+s, not enter, saves a multi-line note).
func Without(b key.Binding, drop ...string) key.Binding {
	var keys []string
	for _, k := range b.Keys() {
		if !slices.Contains(drop, k) {
			keys = append(keys, k)
		}
	}
	return Rebound(b, keys)
}

// namedKeys are the names Bubble Tea gives the keys that are not characters
// ("enter", "ctrl+q", "f5", "shift+tab"), read from Bubble Tea itself so a key
// map can only name keys the terminal can send.
var namedKeys = func() map[string]bool {
	out := map[string]bool{}
	for t := tea.KeyType(-200); t < 200; t++ {
		if s := t.String(); s != "" && s != "runes" {
			out[s] = true
		}
	}
	return out
}()

// ValidKey reports whether k is a key name a binding can match: a name Bubble
// Tea gives ("enter", "ctrl+q", "pgdown"), one printable character ("q", "]"),
// " " for the space bar, either of those after "alt+".
func ValidKey(k string) bool {
	k = strings.TrimPrefix(k, "alt+")
	if namedKeys[k] {
		return true
	}
	r, size := utf8.DecodeRuneInString(k)
	return size == len(k) && r != utf8.RuneError && (r == ' ' || r > ' ' && r != 0x7f && !(r >= 0x80 && r < 0xa0))
}

// HelpSection is one titled part of the help overlay: the keys of one mode of a
// view (the Review list and its walkthrough give the same keys other meanings, so
// each mode's keys are listed under its own heading instead of side by side).
type HelpSection struct {
	Title  string
	Groups [][]key.Binding
}

// Sectioned is a view whose help comes in sections, one per mode; the help overlay
// asks for them instead of FullHelp.
type Sectioned interface{ HelpSections() []HelpSection }
