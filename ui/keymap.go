package ui

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"unicode"

	"github.com/charmbracelet/bubbles/key"

	"kpi/ui/dashboard"
	"kpi/ui/editor"
	"kpi/ui/entry"
	"kpi/ui/frame"
	"kpi/ui/history"
	"kpi/ui/objectives"
	"kpi/ui/review"
	"kpi/ui/scorecard"
	"kpi/ui/trends"
	"kpi/ui/walkthrough"
)

// Keys is every key map of the app, one per scope: the root's global keys, each
// view's, and those of the forms and overlays. The root hands each view its own;
// the personal config rebinds any of them (Rebind), and help, footers and the
// README's key tables are drawn from them, so a rebound key shows everywhere.
type Keys struct {
	Global           KeyMap
	Dashboard        dashboard.KeyMap
	Objectives       objectives.KeyMap
	ObjectivesPicker objectives.PickerKeyMap
	Scorecard        scorecard.KeyMap
	ScorecardEdit    scorecard.EditKeyMap
	Trends           trends.KeyMap
	TrendsEdit       trends.EditKeyMap
	Review           review.KeyMap
	Walkthrough      walkthrough.KeyMap
	ReviewEdit       review.EditKeyMap
	Entry            entry.KeyMap
	Editor           editor.KeyMap
	EditorConflict   editor.ConflictKeyMap
	History          history.KeyMap
	Help             HelpKeyMap
}

// DefaultKeys is the keys of spec §5 in every scope.
func DefaultKeys() Keys {
	return Keys{
		Global:     DefaultKeyMap(),
		Dashboard:  dashboard.DefaultKeyMap(),
		Objectives: objectives.DefaultKeyMap(), ObjectivesPicker: objectives.DefaultPickerKeyMap(),
		Scorecard: scorecard.DefaultKeyMap(), ScorecardEdit: scorecard.DefaultEditKeyMap(),
		Trends: trends.DefaultKeyMap(), TrendsEdit: trends.DefaultEditKeyMap(),
		Review: review.DefaultKeyMap(), Walkthrough: walkthrough.DefaultKeyMap(), ReviewEdit: review.DefaultEditKeyMap(),
		Entry:  entry.DefaultKeyMap(),
		Editor: editor.DefaultKeyMap(), EditorConflict: editor.DefaultConflictKeyMap(),
		History: history.DefaultKeyMap(),
		Help:    DefaultHelpKeyMap(),
	}
}

// KeyScope is one key map as the personal config and the README name it.
// WithGlobal says the root's global keys work beside it, so a key may not mean
// two things across the two.
type KeyScope struct {
	Name, Title string
	WithGlobal  bool
	keyMap      any // a pointer to the key map struct
}

// Scopes lists every key map in the order the README documents them; Name is
// the config's table (`[keys]` for the global keys, `[keys.trends]` and so on).
func (k *Keys) Scopes() []KeyScope {
	return []KeyScope{
		{"global", "Everywhere", false, &k.Global},
		{"dashboard", "Dashboard", true, &k.Dashboard},
		{"objectives", "Objectives", true, &k.Objectives},
		{"objectives_picker", "Objectives: linking a KPI", false, &k.ObjectivesPicker},
		{"scorecard", "Scorecard", true, &k.Scorecard},
		{"scorecard_edit", "Scorecard: editing a cell", false, &k.ScorecardEdit},
		{"trends", "Trends", true, &k.Trends},
		{"trends_edit", "Trends: editing a week", false, &k.TrendsEdit},
		{"review", "Review", true, &k.Review},
		{"walkthrough", "Review: the walkthrough", true, &k.Walkthrough},
		{"review_edit", "Review: an input", false, &k.ReviewEdit},
		{"entry", "Entry form", false, &k.Entry},
		{"editor", "KPI and objective editor", false, &k.Editor},
		{"editor_conflict", "Editor: someone saved first", false, &k.EditorConflict},
		{"history", "History", false, &k.History},
		{"help", "Help (?)", false, &k.Help},
	}
}

// NamedBinding is one binding of a scope with the name the config gives it.
type NamedBinding struct {
	Name    string
	Binding key.Binding
	set     func(key.Binding)
}

// Bindings lists the scope's bindings by config name, in the key map's order:
// each field's name in snake case (NextWeek is next_week), and the global view
// keys as view_dashboard … view_review.
func (s KeyScope) Bindings() []NamedBinding {
	v := reflect.ValueOf(s.keyMap).Elem()
	var out []NamedBinding
	for i := range v.NumField() {
		f, name := v.Field(i), snakeCase(v.Type().Field(i).Name)
		switch b := f.Addr().Interface().(type) {
		case *key.Binding:
			out = append(out, NamedBinding{name, *b, func(n key.Binding) { *b = n }})
		case *[viewCount]key.Binding:
			for j := range b {
				out = append(out, NamedBinding{"view_" + strings.ToLower(viewNames[j]), b[j], func(n key.Binding) { b[j] = n }})
			}
		}
	}
	return out
}

// snakeCase writes a Go field name the way the config names it: PageUp is
// page_up, EditKPI is edit_kpi.
func snakeCase(s string) string {
	r := []rune(s)
	var b strings.Builder
	for i, c := range r {
		lowerBefore := i > 0 && unicode.IsLower(r[i-1])
		acronymEnds := i > 0 && i+1 < len(r) && unicode.IsUpper(r[i-1]) && unicode.IsLower(r[i+1])
		if unicode.IsUpper(c) && (lowerBefore || acronymEnds) {
			b.WriteByte('_')
		}
		b.WriteRune(unicode.ToLower(c))
	}
	return b.String()
}

// KeyOverride is one line of the config's [keys] tables: the binding Name of
// Scope ("global" for the top of [keys]) takes Keys. Line is where it was
// written, for the error that names it.
type KeyOverride struct {
	Scope, Name string
	Keys        []string
	Line        int
}

// KeyError is a key override that cannot be applied: an unknown scope or name, a
// key no terminal sends, or a key that would mean two things in one scope. Line
// is the override's line in the config.
type KeyError struct {
	Line int
	Msg  string
}

func (e *KeyError) Error() string { return e.Msg }

// Rebind applies the overrides to k and checks the result: it fails on the first
// override that names no scope or binding, or a key that is not one, and then on
// any two enabled bindings of one scope that share a key. With no overrides k
// comes back as it is: the app rebinds DefaultKeys, which share no key
// (TestNoTwoEnabledBindingsShareAKeyDefaultOrRebound), and looking for
// clashes on every start was a twentieth of a short command's time.
func (k Keys) Rebind(overrides []KeyOverride) (Keys, error) {
	if len(overrides) == 0 {
		return k, nil
	}
	lines := map[string]int{} // scope.name → the line that rebound it
	for _, o := range overrides {
		if err := k.apply(o); err != nil {
			return k, err
		}
		lines[o.Scope+"."+o.Name] = o.Line
	}
	return k, k.collisions(lines)
}

// apply rebinds one binding.
func (k *Keys) apply(o KeyOverride) error {
	var scope *KeyScope
	var names []string
	for _, s := range k.Scopes() {
		names = append(names, s.Name)
		if s.Name == o.Scope {
			scope = &s
		}
	}
	if scope == nil {
		return &KeyError{o.Line, fmt.Sprintf("there is no key scope %q; the scopes are %s", o.Scope, strings.Join(names[1:], ", "))}
	}
	keys, err := normalKeys(o)
	if err != nil {
		return err
	}
	names = names[:0]
	for _, b := range scope.Bindings() {
		names = append(names, b.Name)
		if b.Name == o.Name {
			b.set(frame.Rebound(b.Binding, keys))
			return nil
		}
	}
	where := "[keys]"
	if o.Scope != "global" {
		where = "[keys." + o.Scope + "]"
	}
	return &KeyError{o.Line, fmt.Sprintf("%s has no key %q; it has %s", where, o.Name, strings.Join(names, ", "))}
}

// normalKeys checks an override's keys: at least one, each a key a terminal
// sends ("space" is the space bar), none twice, and ctrl+c only for quit (it
// always quits, so the app can always be left).
func normalKeys(o KeyOverride) ([]string, error) {
	if len(o.Keys) == 0 {
		return nil, &KeyError{o.Line, fmt.Sprintf("%s needs at least one key, such as %s = [\"x\"]", o.Name, o.Name)}
	}
	out := make([]string, 0, len(o.Keys))
	for _, k := range o.Keys {
		if k == "space" {
			k = " "
		}
		if !frame.ValidKey(k) {
			return nil, &KeyError{o.Line, fmt.Sprintf("%q is not a key: write one character (\"q\", \"]\"), a name such as \"enter\", \"esc\", \"tab\", \"space\", \"up\", \"pgdown\", \"f5\", or \"ctrl+\" or \"alt+\" before one", k)}
		}
		if k == "ctrl+c" && !(o.Scope == "global" && o.Name == "quit") {
			return nil, &KeyError{o.Line, "ctrl+c always quits; it cannot be bound to " + o.Name}
		}
		if slices.Contains(out, k) {
			return nil, &KeyError{o.Line, fmt.Sprintf("%s names %q twice", o.Name, k)}
		}
		out = append(out, k)
	}
	return out, nil
}

// checkedScope is a set of bindings that are live at the same time: a scope,
// with the global keys when they work beside it.
type checkedScope struct {
	name     string
	bindings []scopedBinding
}

type scopedBinding struct {
	scope string
	NamedBinding
}

// checkedScopes is every set of bindings that are live together, for the
// collision check of Rebind and for the tests.
func (k *Keys) checkedScopes() []checkedScope {
	scopes := k.Scopes()
	var global []scopedBinding
	for _, b := range scopes[0].Bindings() {
		global = append(global, scopedBinding{"global", b})
	}
	out := []checkedScope{{"global", global}}
	for _, s := range scopes[1:] {
		c := checkedScope{name: s.Name}
		if s.WithGlobal {
			c.name = "global+" + s.Name
			c.bindings = append(c.bindings, global...)
		}
		for _, b := range s.Bindings() {
			c.bindings = append(c.bindings, scopedBinding{s.Name, b})
		}
		out = append(out, c)
	}
	return out
}

// clash is two enabled bindings live together that share a key.
type clash struct {
	scope       string // the checked scope's name
	key         string
	first, then scopedBinding
}

// clashes finds every clash in every set of bindings that are live together.
func (k *Keys) clashes() []clash {
	var out []clash
	for _, c := range k.checkedScopes() {
		seen := map[string]scopedBinding{}
		for _, b := range c.bindings {
			if !b.Binding.Enabled() {
				continue
			}
			for _, key := range b.Binding.Keys() {
				if prev, dup := seen[key]; dup {
					out = append(out, clash{c.name, key, prev, b})
				}
				seen[key] = b
			}
		}
	}
	return out
}

// collisions is the first clash, blamed on the override written last of the
// two (lines names the overridden bindings), as an error naming its line.
func (k *Keys) collisions(lines map[string]int) error {
	var first *KeyError
	for _, c := range k.clashes() {
		line := max(lines[c.first.scope+"."+c.first.Name], lines[c.then.scope+"."+c.then.Name])
		if first == nil || line < first.Line {
			first = &KeyError{line, fmt.Sprintf("%q would be both %s and %s (%s); bind one of them to another key",
				frame.KeyLabel(c.key), qualified(c.first), qualified(c.then), c.scope)}
		}
	}
	if first == nil {
		return nil
	}
	return first
}

// qualified names a binding as the config does: quit, or trends.next_kpi.
func qualified(b scopedBinding) string {
	if b.scope == "global" {
		return b.Name
	}
	return b.scope + "." + b.Name
}

// Collisions lists every two enabled bindings live together that share a key,
// one line each; none is the rule (house-style.md, "Keys").
func (k Keys) Collisions() []string {
	var out []string
	for _, c := range k.clashes() {
		out = append(out, fmt.Sprintf("%s: %q is both %s and %s", c.scope, c.key, qualified(c.first), qualified(c.then)))
	}
	return out
}
