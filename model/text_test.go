package model

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// checkTerminalSafe fails the test if out could still drive a terminal: an ESC,
// DEL, a C0 control other than \n and \t (and those only when multiline), a C1
// control, a bidi override or invalid UTF-8.
func checkTerminalSafe(t *testing.T, in, out string, multiline bool) {
	t.Helper()
	if !utf8.ValidString(out) {
		t.Errorf("Sanitize(%q, %v) = %q is not valid UTF-8", in, multiline, out)
	}
	for i := 0; i < len(out); i++ {
		c := out[i]
		switch {
		case c == 0x1b:
			t.Errorf("Sanitize(%q, %v) = %q keeps an ESC at byte %d", in, multiline, out, i)
		case c == 0x7f:
			t.Errorf("Sanitize(%q, %v) = %q keeps a DEL at byte %d", in, multiline, out, i)
		case c < 0x20 && !(multiline && (c == '\n' || c == '\t')):
			t.Errorf("Sanitize(%q, %v) = %q keeps control byte %#x at %d", in, multiline, out, c, i)
		}
	}
	for _, r := range out {
		if (r >= 0x80 && r <= 0x9f) || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) || r == 0x2028 || r == 0x2029 {
			t.Errorf("Sanitize(%q, %v) = %q keeps %U", in, multiline, out, r)
		}
	}
}

func TestSanitize(t *testing.T) {
	tests := []struct {
		name      string
		in        string
		multiline bool
		want      string
	}{
		{"OSC title and clear screen", "\x1b]0;pwned\x07Name\x1b[2J", false, "Name"},
		{"SGR colours", "\x1b[1;31mred\x1b[0m text", false, "red text"},
		{"CSI with many params", "a\x1b[38;2;255;0;0mb\x1b[?1049hc", false, "abc"},
		{"cursor movement", "x\x1b[10;20Hy\x1b[Kz", false, "xyz"},
		{"OSC 8 hyperlink ended by ESC \\", "\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\", false, "link"},
		{"OSC 52 clipboard write", "a\x1b]52;c;cm0gLXJmIH4=\x07b", false, "ab"},
		{"DCS", "a\x1bPq#0;2;0;0;0\x1b\\b", false, "ab"},
		{"APC and PM", "a\x1b_payload\x1b\\b\x1b^pm\x07c", false, "abc"},
		{"ESC c reset", "a\x1bcb", false, "ab"},
		{"ESC with intermediate", "a\x1b(Bb", false, "ab"},
		{"ESC 7 save cursor", "a\x1b7b", false, "ab"},
		{"unterminated OSC eats the rest", "ok\x1b]0;title", false, "ok"},
		{"trailing ESC", "ok\x1b", false, "ok"},
		{"trailing CSI", "ok\x1b[12;", false, "ok"},
		{"C1 CSI", "\u009b2Jok", false, "ok"},
		{"C1 CSI with params", "a\u009b1;31mb", false, "ab"},
		{"C1 OSC ended by C1 ST", "a\u009d0;title\u009cb", false, "ab"},
		{"C1 OSC ended by BEL", "a\u009d0;title\x07b", false, "ab"},
		{"C1 DCS", "a\u0090payload\x1b\\b", false, "ab"},
		{"other C1 controls", "a\u0085b\u0084c", false, "abc"},
		{"DEL", "a\x7fb", false, "ab"},
		{"NUL BEL BS", "a\x00\x07\x08b", false, "ab"},
		{"vertical tab and form feed", "a\x0b\x0cb", true, "ab"},
		{"bidi override", "abc\u202edef", false, "abcdef"},
		{"bidi embeddings and isolates", "\u202ax\u202c\u2066y\u2069\u2067z\u2068", false, "xyz"},
		{"line and paragraph separators", "a\u2028b\u2029c", true, "abc"},
		{"invalid UTF-8", "a\xffb\xc3", false, "ab"},
		{"overlong encoding", "a\xc0\xafb", false, "ab"},
		{"raw 8-bit CSI byte is invalid UTF-8", "a\x9b2Jb", false, "a2Jb"},
		{"newline kept when multiline", "line 1\nline 2\tend", true, "line 1\nline 2\tend"},
		{"newline to space otherwise", "line 1\nline 2\tend", false, "line 1 line 2 end"},
		{"CR dropped", "a\r\nb\rc", true, "a\nbc"},
		{"CR dropped single line", "a\r\nb", false, "a b"},
		{"text kept", "Café ✓ 日本 — 45% ▲", false, "Café ✓ 日本 — 45% ▲"},
		{"empty", "", false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Sanitize(tt.in, tt.multiline)
			if got != tt.want {
				t.Errorf("Sanitize(%q, %v) = %q, want %q", tt.in, tt.multiline, got, tt.want)
			}
			checkTerminalSafe(t, tt.in, got, tt.multiline)
			if again := Sanitize(got, tt.multiline); again != got {
				t.Errorf("Sanitize is not idempotent on %q: %q", got, again)
			}
		})
	}
}

func TestSanitizeDoubleEscapes(t *testing.T) {
	// Whatever is printed, nothing that drives a terminal may survive.
	for _, in := range []string{
		"\x1b\x1b[2Jok", "\x1b[\x1b[31mok", "\x1b]\x1b]0;t\x07ok", "\u009b\u009b31mok",
		"\x1b[31\u009b1mok", "\x1b[é", "\x1bé", "\x1b\n\x1b\tx", "\x1b]0;\xff\x07ok",
	} {
		for _, ml := range []bool{false, true} {
			checkTerminalSafe(t, in, Sanitize(in, ml), ml)
		}
	}
}

func TestCleanText(t *testing.T) {
	tests := []struct {
		name      string
		in        string
		max       int
		multiline bool
		want      string
		wantErr   bool
	}{
		{"trims", "  Win rate  ", 80, false, "Win rate", false},
		{"sanitises then trims", "\x1b[31m Name \x1b[0m\n", 80, false, "Name", false},
		{"keeps inner newlines in notes", "\n first\nsecond \n", 2000, true, "first\nsecond", false},
		{"at the limit", strings.Repeat("x", 80), 80, false, strings.Repeat("x", 80), false},
		{"one over the limit", strings.Repeat("x", 81), 80, false, "", true},
		{"counts characters, not bytes", strings.Repeat("é", 80), 80, false, strings.Repeat("é", 80), false},
		{"escapes do not count", "\x1b[1m" + strings.Repeat("x", 80) + "\x1b[0m", 80, false, strings.Repeat("x", 80), false},
		{"surrounding space does not count", "   " + strings.Repeat("x", 80) + "   ", 80, false, strings.Repeat("x", 80), false},
		{"empty", "", 80, false, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := CleanText("name", tt.in, tt.max, tt.multiline)
			if (err != nil) != tt.wantErr {
				t.Fatalf("CleanText error = %v, want error: %v", err, tt.wantErr)
			}
			if err != nil {
				if msg := err.Error(); !strings.Contains(msg, "name") || !strings.Contains(msg, "81") || !strings.Contains(msg, "80") {
					t.Errorf("error %q should name the field, its length and the limit", msg)
				}
				return
			}
			if got != tt.want {
				t.Errorf("CleanText(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestSanitizeStyledKeepsOnlySGR(t *testing.T) {
	tests := []struct{ in, want string }{
		{"\x1b[1;38;2;1;2;3mbold\x1b[0m", "\x1b[1;38;2;1;2;3mbold\x1b[0m"},
		{"\x1b[38:5:196mx\x1b[m", "\x1b[38:5:196mx\x1b[m"},
		{"a\x1b]52;c;Y3VybA==\x07b", "ab"},           // OSC 52 goes
		{"a\x1b]0;title\x1b\\b", "ab"},               // OSC 0
		{"a\x1b[2Jb\x1b[?1049hc\x1b[10;1Hd", "abcd"}, // CSI that is not SGR
		{"a\x1b[1;2\x1b]0;x\x07b", "ab"},             // an unterminated SGR is not kept
		{"a\x1bPq#0\x1b\\b\u009b31mc\u202ed\u2066e", "abcde"},
		{"line\n\tnext\r\n", "line\n\tnext\n"},
	}
	for _, tt := range tests {
		if got := SanitizeStyled(tt.in); got != tt.want {
			t.Errorf("SanitizeStyled(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
