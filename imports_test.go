package main

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestImportDirection keeps the layout of house-style.md true: model uses the
// standard library only; db imports model and no UI; themes imports lipgloss and no
// kpi package; ui imports model and themes but never db or database/sql. Only main
// knows both db and ui.
func TestImportDirection(t *testing.T) {
	rules := map[string]func(imp string) string{
		"model": func(imp string) string {
			if strings.Contains(strings.Split(imp, "/")[0], ".") || strings.HasPrefix(imp, "kpi/") {
				return "model must use the standard library only"
			}
			return ""
		},
		"db": func(imp string) string {
			if strings.HasPrefix(imp, "kpi/") && imp != "kpi/model" {
				return "db may import only kpi/model of this module"
			}
			if strings.Contains(imp, "charmbracelet") || strings.Contains(imp, "ntcharts") {
				return "db must not import UI libraries"
			}
			return ""
		},
		"themes": func(imp string) string {
			if strings.HasPrefix(imp, "kpi/") {
				return "themes must not import kpi packages"
			}
			if strings.Contains(strings.Split(imp, "/")[0], ".") && imp != "github.com/charmbracelet/lipgloss" {
				return "themes imports lipgloss only"
			}
			return ""
		},
		"ui": func(imp string) string {
			if imp == "kpi/db" || strings.HasPrefix(imp, "kpi/db/") || imp == "database/sql" || strings.HasPrefix(imp, "modernc.org/") || imp == "kpi/cli" {
				return "ui must not import db, database/sql or the command line"
			}
			return ""
		},
		"demo": func(imp string) string {
			if strings.HasPrefix(imp, "kpi/") && imp != "kpi/model" {
				return "demo generates model values only"
			}
			if strings.Contains(strings.Split(imp, "/")[0], ".") {
				return "demo uses the standard library and model only"
			}
			return ""
		},
		"report": func(imp string) string {
			if strings.HasPrefix(imp, "kpi/") && imp != "kpi/model" || strings.Contains(strings.Split(imp, "/")[0], ".") {
				return "report writes Markdown from model values only"
			}
			return ""
		},
		"where": func(imp string) string {
			if strings.HasPrefix(imp, "kpi/") || strings.Contains(strings.Split(imp, "/")[0], ".") && !strings.HasPrefix(imp, "golang.org/x/sys/") {
				return "where uses the standard library and golang.org/x/sys only"
			}
			return ""
		},
		"cli": func(imp string) string {
			if imp == "kpi/ui" || strings.HasPrefix(imp, "kpi/ui/") {
				return "cli reaches the app only through Env.App, which main wires"
			}
			return ""
		},
	}
	checked := 0
	for dir, rule := range rules {
		err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") {
				return err
			}
			f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
			if err != nil {
				return err
			}
			checked++
			for _, is := range f.Imports {
				imp, _ := strconv.Unquote(is.Path.Value)
				if strings.HasSuffix(path, "_test.go") && (imp == "testing" || imp == "kpi/demo" || strings.HasPrefix(imp, "kpi/"+dir)) {
					continue
				}
				if why := rule(imp); why != "" {
					t.Errorf("%s imports %q: %s", path, imp, why)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatalf("walking %s: %v", dir, err)
		}
	}
	if checked < 10 {
		t.Fatalf("checked only %d files; is the layout still model/, db/, ui/, themes/?", checked)
	}
}
