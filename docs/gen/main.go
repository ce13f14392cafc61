// Command gen rewrites the README's pictures (docs/*.svg, drawn by the real
// binary's `kpi snapshot --color`) and its key tables (from the app's key maps).
// Run it from the repository's root after a change to what the app draws or to
// a key: `go run ./docs/gen`.
package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"

	"kpi/docs"
	"kpi/ui"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run() error {
	if _, err := os.Stat("go.mod"); err != nil {
		return fmt.Errorf("run me from the repository's root: %v", err)
	}
	tmp, err := os.MkdirTemp("", "kpi-gen-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	bin := filepath.Join(tmp, "kpi")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		return fmt.Errorf("building kpi: %v\n%s", err, out)
	}
	if err := docs.Render(bin, "docs"); err != nil {
		return err
	}
	readme, err := os.ReadFile("README.md")
	if err != nil {
		return err
	}
	updated, err := docs.UpdateREADME(string(readme), docs.KeyTables(ui.DefaultKeys()))
	if err != nil {
		return err
	}
	return os.WriteFile("README.md", []byte(updated), 0o644)
}
