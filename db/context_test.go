package db

import (
	"context"
	"errors"
	"testing"

	"kpi/model"
)

// TestCancelledReadsGiveUp: the reads of the app's load stop with the
// context's error once a newer load cancelled it, cache or not.
func TestCancelledReadsGiveUp(t *testing.T) {
	s := newStore(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	w := model.MustWeek("2026-W47")
	for _, keep := range []int{0, 26} {
		s.KeepWeeks(keep)
		if _, err := s.ValuesContext(ctx, w.Add(-12), w); !errors.Is(err, context.Canceled) {
			t.Errorf("keep %d: ValuesContext after cancel: %v", keep, err)
		}
		if _, err := s.KPIsContext(ctx); !errors.Is(err, context.Canceled) {
			t.Errorf("keep %d: KPIsContext after cancel: %v", keep, err)
		}
	}
	if _, err := s.SettingsContext(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("SettingsContext after cancel: %v", err)
	}
	if _, err := s.ObjectivesContext(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("ObjectivesContext after cancel: %v", err)
	}
	// the plain reads and an uncancelled context still read
	if _, err := s.ValuesContext(context.Background(), w.Add(-12), w); err != nil {
		t.Errorf("ValuesContext: %v", err)
	}
	if _, err := s.Settings(); err != nil {
		t.Errorf("Settings: %v", err)
	}
}
