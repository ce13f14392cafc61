package docs

import (
	"errors"
	"fmt"
	"strings"

	"kpi/ui"
	"kpi/ui/frame"
)

// The README's key tables sit between these two lines; UpdateREADME rewrites
// what is between them.
const (
	keysBegin = "<!-- key tables: made from the app's key maps by `go run ./docs/gen`; edit ui/, not this -->"
	keysEnd   = "<!-- end of key tables -->"
)

// KeyTables is the README's key tables, one per scope, drawn from the key maps
// k: every key of each binding, what it does, and its name in the
// personal config's [keys] tables.
func KeyTables(k ui.Keys) string {
	var b strings.Builder
	for i, s := range k.Scopes() {
		if i > 0 {
			b.WriteString("\n")
		}
		table := "[keys]"
		if s.Name != "global" {
			table = "[keys." + s.Name + "]"
		}
		fmt.Fprintf(&b, "**%s** (`%s`)\n\n| key | does | name |\n|---|---|---|\n", s.Title, table)
		for _, nb := range s.Bindings() {
			keys := make([]string, len(nb.Binding.Keys()))
			for i, k := range nb.Binding.Keys() {
				keys[i] = code(frame.KeyLabel(k))
			}
			fmt.Fprintf(&b, "| %s | %s | `%s` |\n", strings.Join(keys, " "), strings.ReplaceAll(nb.Binding.Help().Desc, "|", `\|`), nb.Name)
		}
	}
	return b.String()
}

// code writes a key label as Markdown code that survives a table: a pipe is
// escaped and a backtick gets a longer fence.
func code(s string) string {
	s = strings.ReplaceAll(s, "|", `\|`)
	if strings.Contains(s, "`") {
		return "`` " + s + " ``"
	}
	return "`" + s + "`"
}

// UpdateREADME replaces the key tables of readme with tables.
func UpdateREADME(readme, tables string) (string, error) {
	i, j := strings.Index(readme, keysBegin), strings.Index(readme, keysEnd)
	if i < 0 || j < i {
		return "", errors.New("the README has no key-table markers; put " + keysBegin + " and " + keysEnd + " where the tables go")
	}
	return readme[:i+len(keysBegin)] + "\n\n" + tables + "\n" + readme[j:], nil
}
