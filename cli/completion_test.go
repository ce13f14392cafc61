package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// completions is what shell completion offers for the last of args (the values
// before each tab), through cobra's hidden __complete command.
func completions(t *testing.T, env map[string]string, args ...string) []string {
	t.Helper()
	r := run(t, env, append([]string{"__complete"}, args...)...)
	if r.code != 0 {
		t.Fatalf("__complete %v: exit %d: %s", args, r.code, r.stderr)
	}
	var out []string
	for _, l := range strings.Split(strings.TrimSpace(r.stdout), "\n") {
		if l != "" && !strings.HasPrefix(l, ":") {
			out = append(out, strings.SplitN(l, "\t", 2)[0])
		}
	}
	return out
}

func TestCompletionOffersKPIsWeeksThemesAndViews(t *testing.T) {
	path := demoFile(t)
	has := func(got []string, want ...string) bool {
		for _, w := range want {
			found := false
			for _, g := range got {
				found = found || g == w
			}
			if !found {
				return false
			}
		}
		return true
	}
	// every command that takes a KPI, with the file from --db, $KPI_DB or the config
	for _, args := range [][]string{
		{"--db", path, "set", "m"}, {"--db", path, "snapshot", "--kpi", "m"}, {"--db", path, "history", "--kpi", "m"},
	} {
		if got := completions(t, nil, args...); !has(got, "mrr") {
			t.Errorf("%v offers %v, not mrr", args, got)
		}
	}
	if got := completions(t, map[string]string{"KPI_DB": path}, "set", "n"); !has(got, "nps") {
		t.Errorf("with $KPI_DB: %v", got)
	}
	cfg := writeTOML(t, "db = \""+path+"\"\n")
	if got := completions(t, map[string]string{"XDG_CONFIG_HOME": cfg}, "history", "--kpi", "c"); !has(got, "churn") {
		t.Errorf("with the config's db: %v", got)
	}
	// fixedNow is in 2026-W47
	if got := completions(t, nil, "list", "--week", ""); !has(got, "2026-W47", "2026-W46", "2026-W48") || got[0] != "2026-W49" {
		t.Errorf("weeks near today: %v", got)
	}
	if got := completions(t, nil, "report", "--week", "2026-W4"); !has(got, "2026-W47", "2026-W40") || has(got, "2026-W39") {
		t.Errorf("weeks with a prefix: %v", got)
	}
	if got := completions(t, nil, "--theme", "c"); strings.Join(got, " ") != "colorblind" {
		t.Errorf("themes: %v", got)
	}
	if got := completions(t, nil, "snapshot", "--view", ""); !has(got, "dashboard", "scorecard", "trends", "review", "walkthrough") {
		t.Errorf("views: %v", got)
	}
}

func TestManWritesAPagePerCommand(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "man")
	if r := run(t, nil, "man", dir); r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	for _, page := range []string{"kpi.1", "kpi-set.1", "kpi-config.1", "kpi-snapshot.1"} {
		b, err := os.ReadFile(filepath.Join(dir, page))
		if err != nil {
			t.Errorf("no %s: %v", page, err)
			continue
		}
		if !strings.Contains(string(b), ".TH \"KPI\" \"1\" \"Nov 2026\"") {
			t.Errorf("%s does not start with the pinned date's header:\n%.200s", page, b)
		}
	}
	set, _ := os.ReadFile(filepath.Join(dir, "kpi-set.1"))
	for _, want := range []string{".SH NAME\nkpi-set - Record a KPI's value", ".SH SYNOPSIS\n\\fBkpi set KPI VALUE",
		"\\fB--week\\fP=\"\"\nISO week like 2026-W47", "\\fB-h\\fP, \\fB--help\\fP", ".SH OPTIONS INHERITED FROM PARENT COMMANDS\n", "\\fB--db\\fP", ".SH SEE ALSO\n\\fBkpi(1)\\fP"} {
		if !strings.Contains(string(set), want) {
			t.Errorf("kpi-set.1 lacks %q:\n%s", want, set)
		}
	}
}

// TestRoffTextGuardsRequests: a help line that starts with a dot or a quote
// is text, not a roff request, and a backslash is printed as one.
func TestRoffTextGuardsRequests(t *testing.T) {
	got := roffText("first\n.hidden request\n'quoted\nC:\\kpi")
	want := "first\n\\&.hidden request\n\\&'quoted\nC:\\ekpi"
	if got != want {
		t.Errorf("roffText = %q, want %q", got, want)
	}
}
