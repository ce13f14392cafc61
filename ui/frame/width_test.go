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
	"│ ▲ 3.1% · “quoted…” ▁▂▃▅▇ ●○ ◀ 2026-W47 ▶", "▶\ufe0f", "⌚", "⚡ fast", "→\u20d7", "a\u200db", "é\u0301",
	"\u00ad", "\u2028", "\u2066x\u2069", "⣿⡇", "╭─╮", "★☆", "\u2b1b", "\u25fe", "x\u0300",
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

// TestSingleCellCharactersAreOneCellAlone checks every character singleCell
// lets through against lipgloss.Width, alone and after an ASCII letter and a
// box-drawing line (the neighbours it has on screen).
func TestSingleCellCharactersAreOneCellAlone(t *testing.T) {
	for r := rune(0x80); r < maxSingle; r++ {
		if !singleCell(r) {
			continue
		}
		for _, s := range []string{string(r), "a" + string(r), "│" + string(r) + "│", string(r) + string(r)} {
			if got, want := Width(s), lipgloss.Width(s); got != want {
				t.Errorf("Width(%q) = %d, lipgloss.Width = %d", s, got, want)
			}
		}
	}
}
