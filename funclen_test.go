package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// maxFuncLines is house-style's limit on a function's length, its signature and
// closing brace included.
const maxFuncLines = 80

// dataTables are the functions allowed past the limit: demo data written out as
// one table, where splitting it would only scatter the rows.
var dataTables = map[string]bool{"demo/catalog.go:curated": true}

// TestNoLongFunctions keeps every non-test function of the module (tools under
// .ci included) within maxFuncLines lines (issue 16).
func TestNoLongFunctions(t *testing.T) {
	fset := token.NewFileSet()
	checked := 0
	err := filepath.WalkDir(".", func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "testdata" || d.Name() == "node_modules") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		for _, decl := range f.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Body == nil {
				continue
			}
			checked++
			lines := fset.Position(fn.End()).Line - fset.Position(fn.Pos()).Line + 1
			name := filepath.ToSlash(path) + ":" + fn.Name.Name
			if lines > maxFuncLines && !dataTables[name] {
				t.Errorf("%s is %d lines; split it below %d (house-style.md)", name, lines, maxFuncLines+1)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 500 {
		t.Fatalf("checked only %d functions; is the walk still over the module?", checked)
	}
}
