package ui

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

// TestCrashGuardTurnsAPanicInACommandIntoAQuit: a command that panics (on
// Bubble Tea's goroutines, where nothing else could recover it) returns a quit
// instead, and Run's error names what failed in one line.
func TestCrashGuardTurnsAPanicInACommandIntoAQuit(t *testing.T) {
	c := &crash{}
	boom := func() tea.Msg { var m map[string]int; m["x"]++; panic(fmt.Sprint("boom ", m)) }
	if msg := c.guard(boom)(); msg != (tea.QuitMsg{}) {
		t.Errorf("a panicking command returned %#v, want tea.QuitMsg", msg)
	}
	err := runError(c, nil)
	if err == nil || !strings.Contains(err.Error(), "internal error in the app while running a command") ||
		!strings.Contains(err.Error(), "assignment to entry in nil map") || strings.Contains(err.Error(), "\n") {
		t.Errorf("runError = %v", err)
	}
	if c.guard(nil) != nil {
		t.Error("guard(nil) is not nil")
	}
}

// TestCrashGuardReachesIntoBatchesAndSequences: the commands a batch or a
// sequence carries run on their own goroutines too, so each is guarded.
func TestCrashGuardReachesIntoBatchesAndSequences(t *testing.T) {
	ok := func() tea.Msg { return "fine" }
	boom := func() tea.Msg { panic("inner boom") }
	for name, cmd := range map[string]tea.Cmd{"batch": tea.Batch(ok, boom), "sequence": tea.Sequence(ok, boom)} {
		c := &crash{}
		msg := c.guard(cmd)()
		inner := innerCmds(t, msg)
		if len(inner) != 2 {
			t.Fatalf("%s: %d inner commands in %T", name, len(inner), msg)
		}
		if got := inner[0](); got != "fine" {
			t.Errorf("%s: a good inner command returned %v", name, got)
		}
		if got := inner[1](); got != (tea.QuitMsg{}) {
			t.Errorf("%s: a panicking inner command returned %#v", name, got)
		}
		if err := runError(c, nil); err == nil || !strings.Contains(err.Error(), "inner boom") {
			t.Errorf("%s: runError = %v", name, err)
		}
	}
}

// innerCmds is the commands of a batch or sequence message (tea.Sequence's
// is an unexported []tea.Cmd, hence reflect).
func innerCmds(t *testing.T, msg tea.Msg) []tea.Cmd {
	t.Helper()
	v := reflect.ValueOf(msg)
	if v.Kind() != reflect.Slice {
		t.Fatalf("%T is not a slice of commands", msg)
	}
	out := make([]tea.Cmd, v.Len())
	for i := range out {
		out[i], _ = v.Index(i).Interface().(tea.Cmd)
	}
	return out
}

func TestRunErrorReportsPanicsBubbleTeaCaught(t *testing.T) {
	err := runError(&crash{}, fmt.Errorf("%w: %w", tea.ErrProgramKilled, tea.ErrProgramPanic))
	if err == nil || !strings.Contains(err.Error(), "internal error in the app") {
		t.Errorf("a panic Bubble Tea recovered gives %v, want an error", err)
	}
	if err := runError(&crash{}, tea.ErrProgramKilled); err != nil {
		t.Errorf("a stopped program gives %v, want nil", err)
	}
	other := errors.New("no terminal")
	if err := runError(&crash{}, other); !errors.Is(err, other) {
		t.Errorf("runError hides the program's own error: %v", err)
	}
}
