package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeTOML writes text as the personal config in a fresh config folder and
// returns the folder to use as $XDG_CONFIG_HOME.
func writeTOML(t *testing.T, text string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "kpi"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "kpi", "config.toml"), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestConfigReadsSettingsAndKeysWithTheirLines(t *testing.T) {
	text := `# my settings
db = "/team/kpi.db"
theme = "light"
backups = 3
user = "ana"

[keys]
quit = ["q", "ctrl+q"]
next_week = "]"

[keys.trends]
next_kpi = ["ctrl+n"]
`
	c, err := parseConfig("/c/config.toml", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	if c.DB != "/team/kpi.db" || c.Theme != "light" || c.Backups == nil || *c.Backups != 3 || c.User != "ana" {
		t.Errorf("settings: %+v", c)
	}
	if c.configLine("theme") != "/c/config.toml:3" || c.configLine("user") != "/c/config.toml:5" {
		t.Errorf("lines: theme %s, user %s", c.configLine("theme"), c.configLine("user"))
	}
	want := []KeyOverride{
		{Scope: "global", Name: "quit", Keys: []string{"q", "ctrl+q"}, Line: 8},
		{Scope: "global", Name: "next_week", Keys: []string{"]"}, Line: 9},
		{Scope: "trends", Name: "next_kpi", Keys: []string{"ctrl+n"}, Line: 12},
	}
	if len(c.Keys) != len(want) {
		t.Fatalf("keys: %+v", c.Keys)
	}
	for i, w := range want {
		g := c.Keys[i]
		if g.Scope != w.Scope || g.Name != w.Name || strings.Join(g.Keys, ",") != strings.Join(w.Keys, ",") || g.Line != w.Line {
			t.Errorf("override %d: got %+v, want %+v", i, g, w)
		}
	}
}

func TestConfigErrorsNameTheFileAndLine(t *testing.T) {
	cases := map[string]string{
		"theme = \"dark\"\ncolour = \"red\"\n":      "/c/config.toml:2: there is no setting \"colour\"",
		"\n\nbackups = -2\n":                        "/c/config.toml:3: backups must be",
		"[keys]\n\nquit = 3\n":                      "/c/config.toml:3: quit must be a list of keys",
		"[keys.trends]\nnext_kpi = [\"x\", 1]\n":    "/c/config.toml:2: next_kpi must be a list of keys",
		"theme = \"dark\"\ntheme = \"light\"\n":     "/c/config.toml:2: ",
		"[keys]\nquit = [\"q\"\n":                   "/c/config.toml:2: ",
		"user = \"ana\"\n[other]\nthing = true\n":   "/c/config.toml:2: there is no setting \"other\"",
		"backups = \"seven\"\n":                     "/c/config.toml: ",
		"[keys]\n[keys.review]\nwalk = [\"W\"]\n\n": "",
	}
	for text, want := range cases {
		_, err := parseConfig("/c/config.toml", []byte(text))
		switch {
		case want == "" && err != nil:
			t.Errorf("%q: %v", text, err)
		case want != "" && (err == nil || !strings.HasPrefix(err.Error(), want) || strings.Contains(err.Error(), "\n")):
			t.Errorf("%q: got %v, want one line starting %q", text, err, want)
		}
	}
}

// TestJSONConfigIsMigratedOnce: the old config.json becomes config.toml with
// the same settings, the user is told once, and the old file is kept aside.
func TestJSONConfigIsMigratedOnce(t *testing.T) {
	dir := t.TempDir()
	teamFile := demoFile(t)
	os.MkdirAll(filepath.Join(dir, "kpi"), 0o755)
	old := filepath.Join(dir, "kpi", "config.json")
	os.WriteFile(old, []byte(`{"db": "`+teamFile+`", "theme": "light", "backups": 2}`), 0o644)
	vars := map[string]string{"XDG_CONFIG_HOME": dir}

	r := run(t, vars, "config")
	if r.code != 0 || !strings.Contains(r.stderr, "settings moved from "+old+" to "+filepath.Join(dir, "kpi", "config.toml")) {
		t.Fatalf("first run (%d) did not say it migrated: %q", r.code, r.stderr)
	}
	for _, want := range []string{"db       " + teamFile, "theme    light", "backups  2"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("migrated settings lack %q:\n%s", want, r.stdout)
		}
	}
	if _, err := os.Stat(old); !os.IsNotExist(err) {
		t.Errorf("the JSON config is still there: %v", err)
	}
	if _, err := os.Stat(old + ".old"); err != nil {
		t.Errorf("the JSON config was not kept aside: %v", err)
	}
	r = run(t, vars, "config")
	if r.code != 0 || strings.Contains(r.stderr, "moved") || !strings.Contains(r.stdout, "theme    light") {
		t.Errorf("second run (%d) migrated again or lost the settings: %q\n%s", r.code, r.stderr, r.stdout)
	}
}

// TestConfigCommandSaysWhereEachSettingCameFrom: flag, environment, file (with
// its line), the team's default and kpi's default.
func TestConfigCommandSaysWhereEachSettingCameFrom(t *testing.T) {
	fileOnly(t) // on a server the user is the login: TestServerGivesTheFilesOutput checks it
	teamFile := demoFile(t)
	dir := writeTOML(t, "backups = 4\n\ntheme = \"colorblind\"\nuser = \"cfg-user\"\n")
	cfg := filepath.Join(dir, "kpi", "config.toml")
	r := run(t, map[string]string{"XDG_CONFIG_HOME": dir, "KPI_USER": "env-user", "KPI_DEBUG": ""}, "config", "--db", teamFile, "--theme", "mono")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	for _, want := range [][]string{
		{"config", cfg, "read"}, {"db", teamFile, "--db"}, {"theme", "mono", "--theme"},
		{"backups", "4", cfg + ":1"}, {"user", "env-user", "$KPI_USER"}, {"debug", "off", "default"},
	} {
		if got := settingLine(r.stdout, want[0]); strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("kpi config says %q, want %q:\n%s", got, want, r.stdout)
		}
	}
	r = run(t, map[string]string{"XDG_CONFIG_HOME": dir, "KPI_USER": ""}, "config", "--db", teamFile)
	if got := settingLine(r.stdout, "theme"); strings.Join(got, " ") != "theme colorblind "+cfg+":3" {
		t.Errorf("the theme does not come from the config's line 3: %q", got)
	}
	if got := whoAmI(testEnv(t, map[string]string{"XDG_CONFIG_HOME": dir}, fixedNow)); got != "cfg-user" {
		t.Errorf("without $KPI_USER the name recorded is %q, not the config's", got)
	}
}

// settingLine is the words of kpi config's line for a setting.
func settingLine(out, name string) []string {
	for _, l := range strings.Split(out, "\n") {
		if f := strings.Fields(l); len(f) > 0 && f[0] == name {
			return f
		}
	}
	return nil
}
