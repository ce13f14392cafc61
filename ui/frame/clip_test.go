package frame

import "testing"

func TestClipWordsCutsAtAWord(t *testing.T) {
	for _, c := range []struct {
		in    string
		width int
		want  string
	}{
		{"Pricing change went live", 24, "Pricing change went live"},
		{"Pricing change went live", 20, "Pricing change went…"},
		{"Pricing change went live", 18, "Pricing change…"},
		{"Supercalifragilistic", 10, "Supercali…"}, // no space: cut like Clip
		{"a b", 0, ""},
	} {
		if got := ClipWords(c.in, c.width); got != c.want {
			t.Errorf("ClipWords(%q, %d) = %q, want %q", c.in, c.width, got, c.want)
		}
	}
}

func TestQuoteAlwaysCloses(t *testing.T) {
	for _, c := range []struct {
		in    string
		width int
		want  string
	}{
		{"Annual renewals came due", 26, "“Annual renewals came due”"},
		{"Annual renewals came due", 20, "“Annual renewals…”"},
		{"Annual renewals came due", 2, ""},
	} {
		if got := Quote(c.in, c.width); got != c.want {
			t.Errorf("Quote(%q, %d) = %q, want %q", c.in, c.width, got, c.want)
		}
	}
}
