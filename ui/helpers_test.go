package ui

import (
	"io"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"kpi/themes"
	"kpi/ui/fakestore"
)

// testNow is the fixed clock of the ui tests: Wednesday of 2026-W47.
var testNow = time.Date(2026, 11, 18, 10, 0, 0, 0, time.UTC)

// newFakeStore is the demo team in the shared fake store, written by "tester"
// at testNow.
func newFakeStore() *fakestore.Store {
	return fakestore.New(fakestore.Options{Now: func() time.Time { return testNow }})
}

// plainOptions are app options drawing plain text (ASCII profile) in theme.
func plainOptions(st Store, theme string) Options {
	th, err := themes.Lookup(theme)
	if err != nil {
		panic(err)
	}
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.Ascii)
	return Options{Store: st, Path: "/teams/northwind.db", User: "tester", Theme: th, Renderer: r, Now: func() time.Time { return testNow }}
}

// started is a loaded app at w×h, as after its first frame.
func started(t *testing.T, st Store, w, h int) Model {
	t.Helper()
	m := New(plainOptions(st, "mono"))
	m = drain(t, m, m.Init())
	m, _ = m.Update(tea.WindowSizeMsg{Width: w, Height: h})
	return m
}

// drain runs cmd and feeds its messages back into m until nothing is left, the
// way the Bubble Tea runtime would (without the terminal).
func drain(t *testing.T, m Model, cmd tea.Cmd) Model {
	t.Helper()
	queue := []tea.Cmd{cmd}
	for steps := 0; len(queue) > 0; steps++ {
		if steps > 100 {
			t.Fatal("commands keep producing commands")
		}
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		switch msg := c().(type) {
		case tea.BatchMsg:
			queue = append(queue, msg...)
		case tea.QuitMsg:
		case nil:
		default:
			var next tea.Cmd
			m, next = m.Update(msg)
			queue = append(queue, next)
		}
	}
	return m
}

// namedKeys are the key names press understands; anything else is typed.
var namedKeys = map[string]tea.KeyType{
	"enter": tea.KeyEnter, "esc": tea.KeyEsc, "tab": tea.KeyTab, "up": tea.KeyUp, "down": tea.KeyDown,
	"left": tea.KeyLeft, "right": tea.KeyRight, "ctrl+c": tea.KeyCtrlC, "ctrl+u": tea.KeyCtrlU,
	"pgdown": tea.KeyPgDown, "pgup": tea.KeyPgUp, "home": tea.KeyHome, "end": tea.KeyEnd, "ctrl+end": tea.KeyCtrlEnd,
}

// press sends keys (names of namedKeys, or text typed rune by rune) and runs what
// they start.
func press(t *testing.T, m Model, keys ...string) Model {
	t.Helper()
	for _, k := range keys {
		msgs := []tea.KeyMsg{}
		if kt, ok := namedKeys[k]; ok {
			msgs = append(msgs, tea.KeyMsg{Type: kt})
		} else {
			for _, r := range k {
				msgs = append(msgs, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
			}
		}
		for _, msg := range msgs {
			var cmd tea.Cmd
			m, cmd = m.Update(msg)
			m = drain(t, m, cmd)
		}
	}
	return m
}
