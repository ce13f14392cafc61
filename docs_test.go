package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"kpi/docs"
	"kpi/ui"
)

// TestScreenshotsInDocsMatchTheSnapshots: the README's pictures are what the
// current `kpi snapshot --color` draws of the seeded demo at the pinned date.
func TestScreenshotsInDocsMatchTheSnapshots(t *testing.T) {
	dir := t.TempDir()
	if err := docs.Render(kpiBin, dir); err != nil {
		t.Fatal(err)
	}
	for _, s := range docs.Shots() {
		want, err := os.ReadFile(filepath.Join(dir, s.Name))
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(filepath.Join("docs", s.Name))
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("docs/%s is not what the app draws now; run `go run ./docs/gen` and look at the pictures", s.Name)
		}
	}
}

// TestREADMEShowsTheScreenshots: every picture is in the README, and every
// picture the README shows from docs/ exists.
func TestREADMEShowsTheScreenshots(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	shown := map[string]bool{}
	for _, m := range regexp.MustCompile(`!\[[^\]]+\]\(docs/([^)]+\.svg)\)`).FindAllStringSubmatch(string(readme), -1) {
		shown[m[1]] = true
		if _, err := os.Stat(filepath.Join("docs", m[1])); err != nil {
			t.Errorf("the README shows docs/%s, which does not exist", m[1])
		}
	}
	for _, s := range docs.Shots() {
		if !shown[s.Name] {
			t.Errorf("the README does not show docs/%s", s.Name)
		}
	}
	if len(shown) < 4 {
		t.Errorf("the README shows %d pictures, want at least 4", len(shown))
	}
}

// TestREADMEKeyTablesMatchTheKeyMaps: the README's key tables are the app's key
// maps, so a key changed in ui/ cannot leave the README behind.
func TestREADMEKeyTablesMatchTheKeyMaps(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	want, err := docs.UpdateREADME(string(readme), docs.KeyTables(ui.DefaultKeys()))
	if err != nil {
		t.Fatal(err)
	}
	if want != string(readme) {
		t.Error("the README's key tables differ from the key maps; run `go run ./docs/gen`")
	}
}
