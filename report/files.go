package report

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"kpi/model"
)

// Folder is the folder beside the team file that concluding a review writes its
// Markdown report to, like kpi-backups for backups.
const Folder = "kpi-reports"

// PathFor is where week w's report goes for the team file at teamPath:
// "kpi-reports/team-2026-W47.md" beside "team.db".
func PathFor(teamPath string, w model.Week) string {
	base := filepath.Base(teamPath)
	stem := strings.TrimSuffix(base, filepath.Ext(base))
	if stem == "" {
		stem = base
	}
	return filepath.Join(filepath.Dir(teamPath), Folder, stem+"-"+w.String()+".md")
}

// Files writes the reports of concluded reviews beside the team file at
// TeamPath, from Source. Main passes one to the app; the Review view writes
// through it and never touches the file system itself.
type Files struct {
	Source   Source
	TeamPath string
}

// Write writes week w's report (the text of `kpi report`), replacing an older
// one whole: it is written to a temporary file and renamed, so a reader never
// sees half of it. It returns where it went.
func (f Files) Write(w model.Week) (string, error) {
	if f.TeamPath == "" {
		return "", fmt.Errorf("the team file's path is not known")
	}
	in, err := Gather(f.Source, w)
	if err != nil {
		return "", err
	}
	path := PathFor(f.TeamPath, w)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return path, err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return path, err
	}
	_, werr := tmp.WriteString(Markdown(in))
	if cerr := tmp.Close(); werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Chmod(tmp.Name(), 0o644)
	}
	if werr == nil {
		werr = os.Rename(tmp.Name(), path)
	}
	if werr != nil {
		os.Remove(tmp.Name())
	}
	return path, werr
}

// Find is where week w's report was written, if it is there.
func (f Files) Find(w model.Week) (string, bool) {
	if f.TeamPath == "" {
		return "", false
	}
	path := PathFor(f.TeamPath, w)
	fi, err := os.Stat(path)
	return path, err == nil && fi.Mode().IsRegular()
}
