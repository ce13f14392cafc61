package ui

import (
	"errors"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

// TestEveryScopeHasUniqueNamedBindings: each binding of a scope has a name of
// its own for the config, and every scope is wired (has bindings).
func TestEveryScopeHasUniqueNamedBindings(t *testing.T) {
	k := DefaultKeys()
	for _, s := range k.Scopes() {
		seen := map[string]bool{}
		bs := s.Bindings()
		if len(bs) < 3 {
			t.Errorf("%s: only %d bindings", s.Name, len(bs))
		}
		for _, b := range bs {
			if seen[b.Name] || b.Name == "" || strings.ContainsAny(b.Name, " -ABCDEFGHIJKLMNOPQRSTUVWXYZ") {
				t.Errorf("%s: binding name %q is empty, not snake case or not unique", s.Name, b.Name)
			}
			seen[b.Name] = true
		}
	}
	if got := snakeCase("EditKPI") + " " + snakeCase("NextWeek") + " " + snakeCase("KPIList"); got != "edit_kpi next_week kpi_list" {
		t.Errorf("snakeCase: %q", got)
	}
}

// reboundKeys is a user's map that moves many keys, none onto another's.
var reboundKeys = []KeyOverride{
	{Scope: "global", Name: "quit", Keys: []string{"ctrl+q"}, Line: 2},
	{Scope: "global", Name: "next_week", Keys: []string{"]", "}"}, Line: 3},
	{Scope: "global", Name: "prev_week", Keys: []string{"[", "alt+h"}, Line: 4},
	{Scope: "global", Name: "view_trends", Keys: []string{"4", "f4"}, Line: 5},
	{Scope: "dashboard", Name: "page_down", Keys: []string{"pgdown", "space", "ctrl+d"}, Line: 7},
	{Scope: "trends", Name: "next_kpi", Keys: []string{"ctrl+n"}, Line: 9},
	{Scope: "trends", Name: "older", Keys: []string{"left", "b"}, Line: 10},
	{Scope: "review", Name: "walk", Keys: []string{"W"}, Line: 12},
}

// TestNoTwoEnabledBindingsShareAKeyDefaultOrRebound: the key-collision rule of
// house-style.md over the default keys and over a rebound map.
func TestNoTwoEnabledBindingsShareAKeyDefaultOrRebound(t *testing.T) {
	if c := DefaultKeys().Collisions(); len(c) > 0 {
		t.Errorf("default keys collide:\n%s", strings.Join(c, "\n"))
	}
	k, err := DefaultKeys().Rebind(reboundKeys)
	if err != nil {
		t.Fatalf("a map without clashes was refused: %v", err)
	}
	if c := k.Collisions(); len(c) > 0 {
		t.Errorf("rebound keys collide:\n%s", strings.Join(c, "\n"))
	}
	if got := k.Global.Quit.Keys(); len(got) != 1 || got[0] != "ctrl+q" || k.Global.Quit.Help().Key != "ctrl+q" {
		t.Errorf("quit is %v (help %q)", got, k.Global.Quit.Help().Key)
	}
	if got := k.Dashboard.PageDown.Help().Key; got != "pgdn/space/ctrl+d" {
		t.Errorf("page_down's help is %q", got)
	}
}

// TestRebindRefusesWithTheLine: each kind of bad override is refused, naming the
// override's line and what is wrong.
func TestRebindRefusesWithTheLine(t *testing.T) {
	cases := []struct {
		o    []KeyOverride
		line int
		want string
	}{
		{[]KeyOverride{{Scope: "global", Name: "quitt", Keys: []string{"q"}, Line: 4}}, 4, `no key "quitt"`},
		{[]KeyOverride{{Scope: "trend", Name: "next_kpi", Keys: []string{"x"}, Line: 6}}, 6, `no key scope "trend"`},
		{[]KeyOverride{{Scope: "global", Name: "quit", Keys: []string{"qq"}, Line: 3}}, 3, `"qq" is not a key`},
		{[]KeyOverride{{Scope: "global", Name: "quit", Keys: nil, Line: 3}}, 3, "at least one key"},
		{[]KeyOverride{{Scope: "trends", Name: "edit", Keys: []string{"ctrl+c"}, Line: 8}}, 8, "ctrl+c always quits"},
		// quit on j clashes with the dashboard's down (j) — global keys work in every view
		{[]KeyOverride{{Scope: "global", Name: "quit", Keys: []string{"j"}, Line: 2}}, 2, `"j" would be both quit and dashboard.down`},
		// two overrides in one scope on one key: the later line is blamed
		{[]KeyOverride{
			{Scope: "trends", Name: "next_kpi", Keys: []string{"x"}, Line: 5},
			{Scope: "trends", Name: "prev_kpi", Keys: []string{"x"}, Line: 9},
		}, 9, "trends.next_kpi and trends.prev_kpi"},
	}
	for _, c := range cases {
		_, err := DefaultKeys().Rebind(c.o)
		var ke *KeyError
		if !errors.As(err, &ke) {
			t.Errorf("%v: want a KeyError, got %v", c.o, err)
			continue
		}
		if ke.Line != c.line || !strings.Contains(ke.Msg, c.want) || strings.Contains(ke.Msg, "\n") {
			t.Errorf("%v: got line %d %q, want line %d and %q", c.o, ke.Line, ke.Msg, c.line, c.want)
		}
	}
}

// TestReboundQuitIsWhatTheAppObeysAndShows: with quit on ctrl+q, q no longer
// quits, ctrl+q does, and the help overlay and the footer name ctrl+q.
func TestReboundQuitIsWhatTheAppObeysAndShows(t *testing.T) {
	k, err := DefaultKeys().Rebind([]KeyOverride{{Scope: "global", Name: "quit", Keys: []string{"ctrl+q"}}})
	if err != nil {
		t.Fatal(err)
	}
	opt := plainOptions(newFakeStore(), "mono")
	opt.Keys = &k
	m := New(opt)
	m = drain(t, m, m.Init())
	m, _ = m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	if footer := m.footer(); !strings.Contains(footer, "ctrl+q quit") {
		t.Errorf("the footer does not name ctrl+q:\n%s", footer)
	}
	if _, cmd := m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{'q'}}); cmd != nil && isQuit(cmd) {
		t.Error("q still quits")
	}
	if _, cmd := m.Update(tea.KeyMsg{Type: tea.KeyCtrlQ}); cmd == nil || !isQuit(cmd) {
		t.Error("ctrl+q does not quit")
	}
	help, _ := m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{'?'}})
	if v := help.View(); !strings.Contains(v, "ctrl+q") {
		t.Errorf("help does not show ctrl+q:\n%s", v)
	}
}

func isQuit(cmd tea.Cmd) bool {
	_, ok := cmd().(tea.QuitMsg)
	return ok
}
