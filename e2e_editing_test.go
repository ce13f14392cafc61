package main

import (
	"regexp"
	"strings"
	"testing"
)

// colourSGR matches an escape sequence that sets a colour (not one that resets
// it: 39 and 49 are the terminal's own colours).
var colourSGR = regexp.MustCompile(`\x1b\[[0-9;]*(3[0-8]|4[0-8]|9[0-7]|10[0-7])[;m]`)

// TestE2ENoColorKeepsTheCursorAndPlaceholdersApart: under NO_COLOR the app
// draws no colour but keeps the attributes: the text cursor is reverse video
// and an empty input's example ("e.g. 12k") is faint, so both stay visible in
// mono (issue 17, item 13). termenv's plain profile used to drop them all.
func TestE2ENoColorKeepsTheCursorAndPlaceholdersApart(t *testing.T) {
	db := newDemo(t)
	a := startSession(t, appSpec{width: 100, height: 30, db: db, env: []string{"NO_COLOR=1"}})
	a.waitFor(tabBar)
	a.send("e")
	a.waitFor("Enter values for", "e.g.")
	screen := a.captureANSI()
	if loc := colourSGR.FindStringIndex(screen); loc != nil {
		t.Errorf("NO_COLOR: the screen sets a colour (%q)", screen[loc[0]:min(loc[1]+10, len(screen))])
	}
	var cursorLine, placeholder bool
	for _, l := range strings.Split(screen, "\n") {
		if strings.Contains(l, "▸") && strings.Contains(l, "\x1b[7m") {
			cursorLine = true
		}
		if regexp.MustCompile(`\x1b\[(0;)?2m[^\x1b]*e\.g\.|\x1b\[(0;)?2m\.g\.`).MatchString(l) {
			placeholder = true
		}
	}
	if !cursorLine {
		t.Errorf("NO_COLOR: the focused input shows no reverse-video cursor:\n%q", screen)
	}
	if !placeholder {
		t.Errorf("NO_COLOR: no placeholder is drawn faint:\n%q", screen)
	}
	a.send("Escape")
	a.waitGone("Enter values for")
	a.send("t") // apart from the escape, which would make it alt+t
	a.waitFor("NO_COLOR is set, so the theme stays mono")
}
