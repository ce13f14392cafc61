package main

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
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
				// tests may also use the demo team and the PostgreSQL test server
				if strings.HasSuffix(path, "_test.go") && (imp == "testing" || imp == "kpi/demo" || imp == "kpi/internal/pgtest" || strings.HasPrefix(imp, "kpi/"+dir)) {
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

// uiViews are the packages of the app's views (the tabs); uiParts are what views
// and the root share: widgets, overlays, the frame and the test store.
var (
	uiViews = []string{"dashboard", "objectives", "scorecard", "trends", "review"}
	uiParts = []string{"frame", "cell", "chart", "spark", "bigdigits", "walkthrough", "entry", "editor", "history", "fakestore"}
)

// TestViewsImportNoOtherView keeps the views independent (issue 16): no view
// package depends, directly or through a widget, on another view, and no widget
// or overlay depends on any view. What two views share goes into a widget
// package (ui/chart, ui/walkthrough) or ui/frame.
func TestViewsImportNoOtherView(t *testing.T) {
	deps := uiImports(t)
	for _, p := range append(append([]string{}, uiViews...), uiParts...) {
		if _, ok := deps["kpi/ui/"+p]; !ok {
			t.Errorf("ui/%s is gone or has no Go files: update uiViews or uiParts", p)
		}
	}
	entries, err := os.ReadDir("ui")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() && !slices.Contains(uiViews, e.Name()) && !slices.Contains(uiParts, e.Name()) && e.Name() != "testdata" {
			t.Errorf("ui/%s is neither a view nor a part: add it to uiViews or uiParts", e.Name())
		}
	}
	for pkg := range deps {
		for dep := range transitive(deps, pkg) {
			for _, v := range uiViews {
				if dep == "kpi/ui/"+v && pkg != dep {
					t.Errorf("%s depends on the view %s: move what they share into a widget or ui/frame", pkg, dep)
				}
			}
		}
	}
}

// uiImports is every package under ui/ (the root excluded) with the kpi/
// packages its non-test files import.
func uiImports(t *testing.T) map[string]map[string]bool {
	t.Helper()
	deps := map[string]map[string]bool{}
	err := filepath.WalkDir("ui", func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") || filepath.Dir(path) == "ui" {
			return err
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		pkg := "kpi/" + filepath.ToSlash(filepath.Dir(path))
		if deps[pkg] == nil {
			deps[pkg] = map[string]bool{}
		}
		for _, is := range f.Imports {
			if imp, _ := strconv.Unquote(is.Path.Value); strings.HasPrefix(imp, "kpi/") {
				deps[pkg][imp] = true
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return deps
}

// transitive is every package pkg depends on, as `go list -deps` would list the
// module's own.
func transitive(deps map[string]map[string]bool, pkg string) map[string]bool {
	seen := map[string]bool{}
	todo := []string{pkg}
	for len(todo) > 0 {
		p := todo[0]
		todo = todo[1:]
		for d := range deps[p] {
			if !seen[d] {
				seen[d] = true
				todo = append(todo, d)
			}
		}
	}
	return seen
}
