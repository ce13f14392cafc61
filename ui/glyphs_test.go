package ui

import (
	"strings"
	"testing"
)

// In the entry form a row's mark says whether its value was entered (●) or is
// still missing (·); ✓, which everywhere else means on track, is not used, as
// an entered value may well be off track (issue 17, item 15). The counts at
// the top are the legend.
func TestTheEntryFormMarksEnteredRowsWithoutTheOnTrackGlyph(t *testing.T) {
	st := newFakeStore()
	m := started(t, st, 120, 40)
	m = press(t, m, "e")
	form := m.entryOpen()
	if form == nil {
		t.Fatal("e did not open the form")
	}
	missing, entered := form.Missing(), form.Len()-form.Missing()
	if missing == 0 || entered == 0 {
		t.Fatalf("the demo week has %d missing and %d entered rows; the test needs both", missing, entered)
	}
	screen := m.View()
	if strings.Contains(screen, "✓") {
		t.Errorf("the entry form shows ✓:\n%s", screen)
	}
	var dots, discs int
	for _, l := range strings.Split(screen, "\n") {
		l = strings.TrimPrefix(strings.TrimPrefix(l, "▸ "), "  ")
		switch {
		case strings.HasPrefix(l, "· "):
			dots++
		case strings.HasPrefix(l, "● "):
			discs++
		}
	}
	if dots != missing || discs != entered {
		t.Errorf("%d rows marked · and %d ●, want %d missing and %d entered:\n%s", dots, discs, missing, entered, screen)
	}
	if !strings.Contains(screen, "e.g. ") {
		t.Errorf("an empty row shows no example:\n%s", screen)
	}
}
