package cli

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"kpi/db"
)

// hostile is text no terminal may receive: OSC 52 (clipboard), OSC 0 (title),
// CSI (colour, clear screen), DCS, a C1 CSI, bidi overrides and isolates, C0.
const hostile = "a\x1b]52;c;Y3VybCBldmlsLmV4YW1wbGUvcyB8IHNo\x07b\x1b]0;pwned\x1b\\c\x1b[31md\x1b[2Je" +
	"\x1bPq#0;2\x1b\\f\u009b1;31mg\u202eh\u2066i\u2069\u200e\x00\x08\x7fj"

// terminalUnsafe names the first thing in s a terminal would act on, or "".
func terminalUnsafe(s string, allowSGR bool) string {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == 0x1b {
			if allowSGR && strings.HasPrefix(s[i:], "\x1b[") {
				j := i + 2
				for j < len(s) && (s[j] >= '0' && s[j] <= '9' || s[j] == ';' || s[j] == ':') {
					j++
				}
				if j < len(s) && s[j] == 'm' {
					i = j
					continue
				}
			}
			return fmt.Sprintf("an escape sequence %q", s[i:min(i+12, len(s))])
		}
		if (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f {
			return fmt.Sprintf("control byte %#x", c)
		}
	}
	for _, r := range s {
		if (r >= 0x80 && r <= 0x9f) || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) {
			return fmt.Sprintf("control character %U", r)
		}
	}
	return ""
}

func TestSafeWriterCleansLinesSplitAcrossWrites(t *testing.T) {
	var out bytes.Buffer
	w := newSafeWriter(&out)
	text := "key " + hostile + "\tcol\nnext line\n" + hostile
	// byte by byte: every escape sequence and UTF-8 rune is split between writes
	for i := range len(text) {
		if n, err := w.Write([]byte{text[i]}); n != 1 || err != nil {
			t.Fatalf("Write: %d, %v", n, err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if bad := terminalUnsafe(out.String(), false); bad != "" {
		t.Errorf("output keeps %s: %q", bad, out.String())
	}
	want := "key abcdefghi\u200ej\tcol\nnext line\nabcdefghi\u200ej"
	if out.String() != want {
		t.Errorf("output %q, want %q", out.String(), want)
	}
}

func TestStyledOutputKeepsOnlySGR(t *testing.T) {
	var out bytes.Buffer
	plain := newSafeWriter(&out)
	plain.Write([]byte("before "))
	w := styledOutput(plain)
	w.Write([]byte("\x1b[1;38;2;10;20;30mbold\x1b[0m " + hostile + "\n"))
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	if bad := terminalUnsafe(got, true); bad != "" {
		t.Errorf("styled output keeps %s: %q", bad, got)
	}
	if !strings.HasPrefix(got, "before \x1b[1;38;2;10;20;30mbold\x1b[0m ") {
		t.Errorf("kpi's own styling or the earlier text is lost: %q", got)
	}
	// SGR is the only sequence kept, so a foreign SGR in text that was not
	// cleaned before styling would survive: the app cleans before it styles.
	if !strings.Contains(got, "\x1b[31md") {
		t.Errorf("SGR inside the text was not kept as SGR: %q", got)
	}
}

func TestJSONAndCSVStayValidThroughTheWriter(t *testing.T) {
	var out bytes.Buffer
	w := newSafeWriter(&out)
	rows := []map[string]string{{"key": hostile, "note": "line\n" + hostile}}
	if err := json.NewEncoder(w).Encode(rows); err != nil {
		t.Fatal(err)
	}
	w.Flush()
	var back []map[string]string
	if err := json.Unmarshal(out.Bytes(), &back); err != nil {
		t.Fatalf("JSON through the writer is invalid: %v\n%s", err, out.String())
	}
	// encoding/json writes C0 controls as \u00XX, harmless on screen (the store
	// cleans what it returns); C1 controls and bidi marks it writes raw, and
	// those the writer removes, which keeps the JSON valid
	if strings.ContainsAny(back[0]["key"]+back[0]["note"], "\u009b\u202e\u2066\u2069") {
		t.Errorf("JSON still carries C1 or bidi controls once decoded: %q", back[0])
	}
	if bad := terminalUnsafe(out.String(), false); bad != "" {
		t.Errorf("JSON text keeps %s", bad)
	}

	out.Reset()
	var buf bytes.Buffer
	cw := csv.NewWriter(&buf)
	cw.Write([]string{"k", "line one\nline two " + hostile})
	cw.Flush()
	w.Write(buf.Bytes())
	w.Flush()
	recs, err := csv.NewReader(&out).ReadAll()
	if err != nil || len(recs) != 1 || len(recs[0]) != 2 {
		t.Fatalf("CSV through the writer: %v %q", err, recs)
	}
	if !strings.HasPrefix(recs[0][1], "line one\nline two ab") {
		t.Errorf("cell %q", recs[0][1])
	}
}

// panicApp is an app whose every entry point panics, the way a bug would.
type panicApp struct{}

func (panicApp) Run(*db.Store, AppOptions) error             { panic("boom in the app") }
func (panicApp) KeyBindings([]KeyOverride) ([]KeyRow, error) { return nil, nil }
func (panicApp) Snapshot(*db.Store, AppOptions, SnapshotRequest) (string, error) {
	var s []int
	return "", errors.New(string(rune(s[5]))) // index out of range
}

func TestPanicInACommandIsOneLineAndExitsNonZero(t *testing.T) {
	path := demoFile(t)
	for _, args := range [][]string{
		{"snapshot", "--db", path},
		{"--db", path},
	} {
		var out, errb bytes.Buffer
		code := Main(args, Env{
			Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, App: panicApp{},
			Getenv: func(k string) string {
				if k == "XDG_CONFIG_HOME" {
					return t.TempDir()
				}
				return map[string]string{"KPI_USER": "tester"}[k]
			},
			Now: func() time.Time { return fixedNow },
		})
		msg := errb.String()
		if code != ExitInternal || code == ExitOK {
			t.Errorf("%v: exit %d, want %d", args, code, ExitInternal)
		}
		if strings.Count(msg, "\n") != 1 || !strings.HasPrefix(msg, "kpi: internal error in kpi") ||
			!strings.Contains(msg, "please report it") || strings.Contains(msg, "goroutine") {
			t.Errorf("%v: stderr %q, want one line naming the internal error", args, msg)
		}
	}
}

func TestEchoedPathsShowControlsQuoted(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "team\x1b]0;pwned\x07\u202e.db")
	r := run(t, nil, "init", path)
	if r.code != 0 {
		t.Fatalf("init: %d %s", r.code, r.stderr)
	}
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("the file was not created under the name given: %v", err)
	}
	if bad := terminalUnsafe(r.stdout+r.stderr, false); bad != "" {
		t.Errorf("init echoes %s: %q", bad, r.stdout)
	}
	if !strings.Contains(r.stdout, `team\x1b]0;pwned\a\u202e.db`) {
		t.Errorf("init does not name the file it made, escapes visible: %q", r.stdout)
	}
	if !strings.Contains(r.stdout, `--db $'`+dir) {
		t.Errorf("the suggested command does not quote the path for pasting: %q", r.stdout)
	}
	r = run(t, nil, "backup", "--db", path)
	if bad := terminalUnsafe(r.stdout+r.stderr, false); r.code != 0 || bad != "" {
		t.Errorf("backup: exit %d, echoes %q: %q %q", r.code, bad, r.stdout, r.stderr)
	}
	r = run(t, nil, "list", "--db", filepath.Join(dir, "no\x1b[2Jsuch.db"))
	if bad := terminalUnsafe(r.stderr, false); r.code == 0 || bad != "" || strings.Count(r.stderr, "\n") != 1 {
		t.Errorf("list on a missing path: exit %d, %q", r.code, r.stderr)
	}
}
