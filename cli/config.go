package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/BurntSushi/toml"

	"kpi/model"
)

// personalConfig is the user's own settings file (never in the shared team
// file): $XDG_CONFIG_HOME/kpi/config.toml.
type personalConfig struct {
	// DB is the default team file (a server's address once kpi speaks to one).
	DB    string `toml:"db"`
	Theme string `toml:"theme"`
	// Backups is how many daily backups the app keeps beside the team file; nil
	// means db.DefaultDailyBackups, 0 turns them off. $KPI_BACKUPS overrides it.
	Backups *int `toml:"backups"`
	// User is the name recorded on the file's changes; $KPI_USER overrides it,
	// the OS user is the default.
	User string `toml:"user"`
	// Keys are the [keys] tables, in the order written; the app checks them
	// against its key maps (App.KeyBindings).
	Keys []KeyOverride `toml:"-"`

	path  string         // the file read; "" when there is none
	lines map[string]int // setting name → the line it is written on
}

// KeyOverride is one line of the config's [keys] tables: binding Name of Scope
// ("global" at the top of [keys], else the table's name) takes Keys. Line is
// where it is written, for an error that names it.
type KeyOverride struct {
	Scope, Name string
	Keys        []string
	Line        int
}

// rawConfig is the file as decoded, before [keys] is checked.
type rawConfig struct {
	DB      string         `toml:"db"`
	Theme   string         `toml:"theme"`
	Backups *int           `toml:"backups"`
	User    string         `toml:"user"`
	Keys    map[string]any `toml:"keys"`
}

// configDir is where the personal config lives: $XDG_CONFIG_HOME/kpi or the OS
// equivalent (~/.config/kpi on Linux).
func configDir(env *Env) (string, error) {
	if x := env.Getenv("XDG_CONFIG_HOME"); x != "" {
		return filepath.Join(x, "kpi"), nil
	}
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "kpi"), nil
}

// configPath is the personal config file, config.toml in configDir.
func configPath(env *Env) (string, error) {
	dir, err := configDir(env)
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "config.toml"), nil
}

// loadConfig reads the personal config once per run (migrating an old
// config.json first): a missing file is an empty config, a broken one an error
// that names the file and the line.
func loadConfig(env *Env) (personalConfig, error) {
	if env.config != nil {
		return *env.config, env.configErr
	}
	c, err := readConfig(env)
	env.config, env.configErr = &c, err
	return c, err
}

func readConfig(env *Env) (personalConfig, error) {
	var c personalConfig
	p, err := configPath(env)
	if err != nil {
		return c, nil
	}
	if err := migrateJSONConfig(env, p); err != nil {
		return c, err
	}
	b, err := os.ReadFile(p)
	if errors.Is(err, os.ErrNotExist) {
		return c, nil
	}
	if err != nil {
		return c, fmt.Errorf("cannot read your config %s: %v", p, err)
	}
	return parseConfig(p, b)
}

// parseConfig decodes the TOML text b of the config at path p.
func parseConfig(p string, b []byte) (personalConfig, error) {
	c := personalConfig{path: p}
	var raw rawConfig
	md, err := toml.NewDecoder(bytes.NewReader(b)).Decode(&raw)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return c, fmt.Errorf("%s:%d: %s; fix it or delete the file", p, pe.Position.Line, strings.TrimPrefix(pe.Message, "toml: "))
		}
		return c, fmt.Errorf("%s: %v; fix it or delete the file", p, err)
	}
	text := string(b)
	c.lines = map[string]int{}
	for _, k := range []string{"db", "theme", "backups", "user"} {
		c.lines[k] = configLineOf(text, "", k)
	}
	for _, k := range md.Undecoded() {
		if len(k) > 0 && k[0] == "keys" {
			continue
		}
		return c, fmt.Errorf("%s:%d: there is no setting %q; the settings are db, theme, backups, user and the [keys] table", p, configLineOf(text, tableOf(k), k[len(k)-1]), k.String())
	}
	c.DB, c.Theme, c.Backups, c.User = raw.DB, raw.Theme, raw.Backups, raw.User
	if c.Backups != nil && *c.Backups < 0 {
		return c, fmt.Errorf("%s:%d: backups must be how many daily backups to keep (0 turns them off), not %d", p, c.lines["backups"], *c.Backups)
	}
	c.Keys, err = keyOverrides(p, text, raw.Keys)
	return c, err
}

// tableOf is the table a dotted key sits in: [keys.trends] for keys.trends.x.
func tableOf(k toml.Key) string { return strings.Join(k[:len(k)-1], ".") }

// keyOverrides reads the [keys] tables: `quit = ["q", "ctrl+q"]` at the top
// rebinds a global key, `[keys.trends]` a view's. A single string is one key.
func keyOverrides(p, text string, keys map[string]any) ([]KeyOverride, error) {
	var out []KeyOverride
	for _, name := range sortedKeys(keys) {
		if table, ok := keys[name].(map[string]any); ok {
			for _, n := range sortedKeys(table) {
				o, err := keyOverride(p, text, name, n, table[n])
				if err != nil {
					return nil, err
				}
				out = append(out, o)
			}
			continue
		}
		o, err := keyOverride(p, text, "global", name, keys[name])
		if err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Line < out[j].Line })
	return out, nil
}

// keyOverride is one binding's keys: a list of key names, or one.
func keyOverride(p, text, scope, name string, v any) (KeyOverride, error) {
	table := "keys"
	if scope != "global" {
		table += "." + scope
	}
	o := KeyOverride{Scope: scope, Name: name, Line: configLineOf(text, table, name)}
	switch v := v.(type) {
	case string:
		o.Keys = []string{v}
		return o, nil
	case []any:
		for _, k := range v {
			s, ok := k.(string)
			if !ok {
				break
			}
			o.Keys = append(o.Keys, s)
		}
		if len(o.Keys) == len(v) {
			return o, nil
		}
	}
	return o, fmt.Errorf("%s:%d: %s must be a list of keys, such as %s = [\"x\", \"ctrl+x\"]", p, o.Line, name, name)
}

func sortedKeys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// tableHeader matches a line that opens a table: [keys], [ keys.trends ].
var tableHeader = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^\s*\[\s*([A-Za-z0-9_.\-" ]+?)\s*\]`) })

// configLineOf finds the line (from 1) where key is set inside table ("" is the top
// of the file). The TOML decoder does not say where a key was written, and an
// error must name its line; a key the scan cannot place (a dotted key such as
// keys.quit = …) is reported on the table's header, else line 1.
func configLineOf(text, table, key string) int {
	current, headerLine := "", 0
	assign := regexp.MustCompile(`^\s*("?)` + regexp.QuoteMeta(key) + `("?)\s*=`)
	dotted := regexp.MustCompile(`^\s*` + regexp.QuoteMeta(strings.TrimPrefix(table+"."+key, ".")) + `\s*=`)
	for i, line := range strings.Split(text, "\n") {
		if m := tableHeader().FindStringSubmatch(line); m != nil {
			current = strings.ReplaceAll(strings.ReplaceAll(m[1], " ", ""), `"`, "")
			if current == strings.TrimPrefix(table+"."+key, ".") {
				return i + 1 // the key is this table
			}
			if current == table {
				headerLine = i + 1
			}
			continue
		}
		if current == table && assign.MatchString(line) || current == "" && dotted.MatchString(line) {
			return i + 1
		}
	}
	return max(headerLine, 1)
}

// migrateJSONConfig turns the config.json of earlier versions into config.toml
// once, renames the old file to config.json.old and says so on stderr (and in the
// app's first notice). Nothing happens when config.toml exists already.
func migrateJSONConfig(env *Env, tomlPath string) error {
	jsonPath := strings.TrimSuffix(tomlPath, ".toml") + ".json"
	if _, err := os.Stat(tomlPath); err == nil {
		return nil
	}
	b, err := os.ReadFile(jsonPath)
	if err != nil {
		return nil // nothing to migrate (or nothing readable: the TOML is what counts)
	}
	var old struct {
		DB      string `json:"db,omitempty" toml:"db,omitempty"`
		Theme   string `json:"theme,omitempty" toml:"theme,omitempty"`
		Backups *int   `json:"backups,omitempty" toml:"backups,omitempty"`
	}
	if err := json.Unmarshal(b, &old); err != nil {
		return fmt.Errorf("your old config %s is not valid JSON (%v); fix it or delete it, and kpi moves it to %s", jsonPath, err, tomlPath)
	}
	var out bytes.Buffer
	out.WriteString("# kpi's personal settings (moved from config.json). See `kpi config`.\n")
	if err := toml.NewEncoder(&out).Encode(old); err != nil {
		return err
	}
	if err := writeFileAtomic(tomlPath, out.Bytes()); err != nil {
		return fmt.Errorf("cannot move your config %s to %s: %v", jsonPath, tomlPath, err)
	}
	if err := os.Rename(jsonPath, jsonPath+".old"); err != nil {
		return fmt.Errorf("moved your config to %s but cannot rename %s: %v; delete it", tomlPath, jsonPath, err)
	}
	env.configNotice = fmt.Sprintf("Your settings moved from %s to %s (the old file is %s.old).", jsonPath, tomlPath, jsonPath)
	if env.Stderr != nil {
		fmt.Fprintln(env.Stderr, "kpi: "+env.configNotice)
	}
	return nil
}

// writeFileAtomic writes b under a temporary name beside path and renames it
// into place, so a crash never leaves half a config.
func writeFileAtomic(path string, b []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".config-*.toml")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := io.Copy(tmp, bytes.NewReader(b)); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// configLine says where a setting came from in the config: "file.toml:3".
func (c personalConfig) configLine(setting string) string {
	return fmt.Sprintf("%s:%d", c.path, c.lines[setting])
}

// safeText makes a config value fit to print (a config is the user's own, but
// it is printed to their terminal all the same).
func safeText(s string) string { return model.Sanitize(s, false) }
