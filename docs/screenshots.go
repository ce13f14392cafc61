// Package docs makes the README's pictures and key tables from the real app:
// the pictures are `kpi snapshot --color` of a seeded demo at a pinned date,
// drawn as SVG; the key tables are the app's key maps. `go run ./docs/gen`
// rewrites both, and the tests of package main fail when they differ from what
// the current code makes.
package docs

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
)

// Shot is one picture: its file name in docs/ and the snapshot's arguments.
type Shot struct {
	Name string
	Args []string
}

// The pictures' size and the demo they show: a fixed seed and a pinned "now",
// so the same code always draws the same pictures.
const (
	ShotWidth  = 120
	ShotHeight = 40
	demoSeed   = "1"
	pinnedNow  = "2026-11-19"
)

// Shots are the README's pictures.
func Shots() []Shot {
	return []Shot{
		{"dashboard.svg", []string{"--view", "dashboard"}},
		{"scorecard.svg", []string{"--view", "scorecard"}},
		{"trends.svg", []string{"--view", "trends", "--kpi", "mrr"}},
		{"review.svg", []string{"--view", "review"}},
		{"walkthrough.svg", []string{"--view", "walkthrough"}},
	}
}

// Render writes every Shot as SVG into dir, drawn by the kpi binary at bin on a
// fresh seeded demo in a temporary folder, with a private environment (no
// personal config, no theme from the caller's shell).
func Render(bin, dir string) error {
	tmp, err := os.MkdirTemp("", "kpi-docs-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	env := []string{
		"HOME=" + tmp, "XDG_CONFIG_HOME=" + filepath.Join(tmp, "config"), "XDG_CACHE_HOME=" + filepath.Join(tmp, "cache"),
		"KPI_NOW=" + pinnedNow, "KPI_USER=ana", "PATH=" + os.Getenv("PATH"),
	}
	team := filepath.Join(tmp, "northwind.db")
	if _, err := runKPI(bin, env, "demo", "--db", team, "--seed", demoSeed, "--no-open"); err != nil {
		return err
	}
	for _, s := range Shots() {
		args := append([]string{"snapshot", "--db", team, "--color", "--width", strconv.Itoa(ShotWidth), "--height", strconv.Itoa(ShotHeight)}, s.Args...)
		out, err := runKPI(bin, env, args...)
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, s.Name), SVG(out, ShotWidth, ShotHeight), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// runKPI runs the binary and returns its standard output.
func runKPI(bin string, env []string, args ...string) (string, error) {
	cmd := exec.Command(bin, args...)
	cmd.Env = env
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("kpi %v: %v: %s", args, err, errb.String())
	}
	return out.String(), nil
}
