package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The app's one-line warning names a sync folder and conflict copies beside the
// file, and is empty for a plain folder.
func TestPlaceWarning(t *testing.T) {
	plain := filepath.Join(t.TempDir(), "team.db")
	os.WriteFile(plain, []byte("x"), 0o644)
	if w := placeWarning(plain); w != "" {
		t.Errorf("a plain folder warns: %q", w)
	}

	synced := filepath.Join(t.TempDir(), "Dropbox", "team.db")
	os.MkdirAll(filepath.Dir(synced), 0o755)
	os.WriteFile(synced, []byte("x"), 0o644)
	os.WriteFile(filepath.Join(filepath.Dir(synced), "team (ana's conflicted copy 2026-11-20).db"), []byte("x"), 0o644)
	w := placeWarning(synced)
	for _, want := range []string{"Dropbox folder", "1 conflict copy beside the file", "kpi doctor"} {
		if !strings.Contains(w, want) {
			t.Errorf("warning %q lacks %q", w, want)
		}
	}
	if strings.Contains(w, "\n") {
		t.Errorf("the warning is not one line: %q", w)
	}
}
