package frame

import (
	"testing"

	"github.com/charmbracelet/lipgloss"
)

// widthSeeds are lines as kpi draws them and the cases the fast path must hand
// over: wide and combining characters, emoji, other escapes, control bytes,
// cut sequences.
var widthSeeds = []string{
	"", "mrr", "MRR  $48.2k  ▲ 3.1%", "a\nlonger line\nb",
	"\x1b[1;38;2;255;0;0mred\x1b[0m plain", "\x1b[mx", "\x1b[38;5;12mtwelve\x1b[39m",
	"日本語", "e\u0301", "👍🏽 ok", "tab\there", "bell\a", "del\x7f",
	"\x1b]8;;https://example.com\x1b\\link\x1b]8;;\x1b\\", "\x1b[", "\x1b[12", "\x1b[1;2", "\x1b", "x\x1bPq",
	"\x1b[ q", "\x1b[1 q", "\x1b[?25l", "\x1b[0\x80m", "\x1b[\x7fm", "\xff\xfe", "a\r\nb",
}

func TestWidthIsLipglossWidth(t *testing.T) {
	for _, s := range widthSeeds {
		if got, want := Width(s), lipgloss.Width(s); got != want {
			t.Errorf("Width(%q) = %d, lipgloss.Width = %d", s, got, want)
		}
	}
}

func FuzzWidthIsLipglossWidth(f *testing.F) {
	for _, s := range widthSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := Width(s), lipgloss.Width(s); got != want {
			t.Errorf("Width(%q) = %d, lipgloss.Width = %d", s, got, want)
		}
	})
}
