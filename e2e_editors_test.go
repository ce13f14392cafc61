package main

// End-to-end test of issue 4 with the real binary in tmux: an objective and a
// KPI are created through the editors (a bad key and a formula with an unknown
// key are refused with their reasons first), the KPI shows up in `kpi list
// --json` with the fields typed; a value entered in the scorecard shows on the
// dashboard; and after `kpi import` in another process redefines the KPI, the
// app's editor shows the conflict instead of overwriting, and the change log
// holds both changes. Every wait polls the screen; none sleeps.

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// selectLine presses key until a line starting with the selection marker "▸ "
// contains text (a list row, a scorecard row, an editor field).
//
// One key, one move: after each key it waits until the selected line names
// another item (lineHead) on a screen the app finished drawing, so no key is
// sent while the last one may still be unprocessed. Only the name counts, not
// the row the marker is on or the rest of the line: a notice coming or going
// moves every row, a reload or a ticking timer redraws a row's values, and
// text typed just before, drawn late, changes an editor field's input — taking
// any of those for a move would send the next key early and overshoot by one.
func (a *tmuxApp) selectLine(text, key string) {
	a.t.Helper()
	line := a.selectedLine()
	for range 60 {
		if strings.Contains(line, text) {
			return
		}
		a.send(key)
		was := line
		a.waitUntil("the selection to move with "+key, func(lines []string) error {
			l, ok := selectedOf(lines)
			if !ok {
				return fmt.Errorf("no line starts with ▸")
			}
			if lineHead(l) == lineHead(was) {
				return fmt.Errorf("the selection is still on %q", was)
			}
			line = l
			return nil
		})
	}
	a.t.Fatalf("could not select %q with %s\nscreen:\n%s", text, key, a.last)
}

// waitSelected waits until the selected line (the one starting with "▸ ")
// contains text: the proof that the keys sent before have moved the selection
// there, before the next key is sent.
func (a *tmuxApp) waitSelected(text string) {
	a.t.Helper()
	a.waitUntil(fmt.Sprintf("the selection on %q", text), func(lines []string) error {
		if l, ok := selectedOf(lines); !ok || !strings.Contains(l, text) {
			return fmt.Errorf("the selected line is %q", l)
		}
		return nil
	})
}

// selectedLine waits for a screen with a selection and returns the selected line.
func (a *tmuxApp) selectedLine() string {
	a.t.Helper()
	var line string
	a.waitUntil("a selection on screen", func(lines []string) (err error) {
		var ok bool
		if line, ok = selectedOf(lines); !ok {
			return fmt.Errorf("no line starts with ▸")
		}
		return nil
	})
	return line
}

// selectedOf is the first line starting with the selection marker "▸ ".
func selectedOf(lines []string) (string, bool) {
	for _, l := range lines {
		if strings.HasPrefix(l, "▸ ") {
			return l, true
		}
	}
	return "", false
}

// lineHead is the part of a selected line that names what is selected: after
// the marker, up to the first gap of two spaces — an editor field's label
// ("Target", "Key"), a row's name ("★ Monthly recurrin…", "[-] Grow
// recurring revenue", "▶ Check-in and wins"), a button ("[ Save ]") — and not
// the values, inputs or timers drawn after the gap.
func lineHead(line string) string {
	rest := strings.TrimLeft(strings.TrimPrefix(line, "▸ "), " ")
	if i := strings.Index(rest, "  "); i >= 0 {
		return rest[:i]
	}
	return rest
}

// listedDefinition is the part of a `kpi list --json` row that describes the KPI.
type listedDefinition struct {
	Key       string   `json:"key"`
	Name      string   `json:"name"`
	Owner     string   `json:"owner"`
	Objective string   `json:"objective"`
	Unit      string   `json:"unit"`
	Direction string   `json:"direction"`
	Tier      string   `json:"tier"`
	Target    *float64 `json:"target"`
	Value     *float64 `json:"value"`
}

// listedKPIOf is KPI key's row of `kpi list --json`, if it is listed.
func listedKPIOf(t *testing.T, db, key string) (listedDefinition, bool) {
	t.Helper()
	code, out, stderr := kpi(t, nil, "list", "--json", "--db", db)
	if code != 0 {
		t.Fatalf("kpi list --json: exit %d: %s", code, stderr)
	}
	var rows []listedDefinition
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatalf("kpi list --json: %v\n%s", err, out)
	}
	for _, r := range rows {
		if r.Key == key {
			return r, true
		}
	}
	return listedDefinition{}, false
}

func TestE2EEditorsScorecardAndConflicts(t *testing.T) {
	needTmux(t)
	db := newDemo(t)
	week := isoWeek(testToday())
	a := startApp(t, 120, 40, db)
	a.waitFor(tabBar)

	// a new objective, through the objective editor
	a.send("2")
	a.waitFor("active objectives")
	a.send("o")
	// the form's title shows while it reads the file, and keys typed then
	// are not for its fields: wait for the focused Title field
	a.waitFor("New objective", "▸ Title")
	a.sendText("Expand to Europe")
	a.send("C-s")
	a.waitFor(`Created objective "Expand to Europe"`)

	// a new KPI serving it: n on the objective, once its row is listed (the
	// toast comes before the reload that lists it, and j would walk past
	// where the row is going to be)
	a.waitUntil("the new objective's row", func(lines []string) error {
		for _, l := range lines {
			if strings.Contains(l, "Expand to Europe") && !strings.Contains(l, "Created objective") {
				return nil
			}
		}
		return fmt.Errorf("no row lists Expand to Europe yet")
	})
	a.selectLine("Expand to Europe", "j")
	a.send("n")
	a.waitFor("New KPI")
	a.waitUntil("the new KPI to serve the selected objective", func(lines []string) error {
		if i := lineWith(lines, "Objective     ["); i < 0 || !strings.Contains(lines[i], "Expand to Europe") {
			return fmt.Errorf("the objective field does not name it")
		}
		return nil
	})
	a.sendText("Expansion pipeline")
	a.waitFor("[expansion_pipeline")

	// a bad key is refused beside its field
	a.selectLine("Key ", "Down")
	a.send("C-u")
	a.sendText("Bad Key")
	a.send("Down")
	a.waitFor(`✗ key "Bad Key" must start with a letter and use only a-z, 0-9 and _`)
	a.waitSelected("Description")
	a.selectLine("Key ", "Up")
	a.send("C-u")
	a.sendText("expansion_pipeline")
	a.send("Down")
	// The reason goes as soon as the typed key is valid, which can be drawn
	// before Down is read: wait for the focus on Description too, or the
	// next selectLine would see Key still selected and send one Down too many.
	a.waitGone("✗ key")
	a.waitSelected("Description")

	// so is a formula reading a key no KPI has, on save; nothing is saved
	a.selectLine("Formula", "Down")
	a.sendText("won / nosuch")
	a.send("C-s")
	a.waitFor(`✗ no KPI has the key "nosuch"`)
	a.waitFor("Fix the fields marked ✗ first; nothing was saved.")
	if _, ok := listedKPIOf(t, db, "expansion_pipeline"); ok {
		t.Fatal("a KPI with a refused formula was saved")
	}
	a.send("C-u")
	a.waitFor("Formula       [e.g.")

	// the unit and a target, then save
	a.selectLine("Unit", "Up")
	a.sendText("$")
	a.waitFor("Unit          [$")
	a.selectLine("Target", "Down")
	a.send("Tab")
	a.sendText("1.2M")
	a.send("C-s")
	a.waitFor("Created KPI expansion_pipeline (Expansion pipeline)")
	got, ok := listedKPIOf(t, db, "expansion_pipeline")
	if !ok || got.Name != "Expansion pipeline" || got.Owner != "e2e" || got.Objective != "Expand to Europe" || got.Unit != "$" ||
		got.Direction != "up" || got.Tier != "health" || got.Target == nil || *got.Target != 1200000 || got.Value != nil {
		t.Fatalf("kpi list --json has %+v (listed %v), want the fields typed in the editor", got, ok)
	}

	// a value entered in the scorecard, in place
	a.send("3")
	// the KPI's row, not just the tab: the week's reload after the save may
	// reach the scorecard after it is shown, and j would walk past where the
	// row is going to be
	a.waitUntil("the new KPI's row on the scorecard", func(lines []string) error {
		if !strings.Contains(lines[1], "[3 Scorecard]") || lineWith(lines, "Expansion pipeline") < 0 {
			return fmt.Errorf("no Expansion pipeline row on the scorecard yet")
		}
		return nil
	})
	a.selectLine("Expansion pipeline", "j")
	a.send("Enter")
	a.waitFor("note [") // the cell's note input, on the line under what is edited
	a.sendText("1.1M")
	a.send("Enter")
	a.waitFor("Saved Expansion pipeline for " + week + ": $1,100,000")
	if got, _ := listedKPIOf(t, db, "expansion_pipeline"); got.Value == nil || *got.Value != 1100000 {
		t.Errorf("kpi list --json has the value %v, want 1100000", got.Value)
	}
	// … and it is on the dashboard
	a.send("1")
	a.waitUntil("the value on the dashboard", func(lines []string) error {
		if i := lineWith(lines, "Expansion pipeline"); i < 0 || !strings.Contains(lines[i], "$1,100,000") {
			return fmt.Errorf("no dashboard line shows Expansion pipeline at $1,100,000")
		}
		return nil
	})

	// E on the scorecard edits the KPI; kpi import in another process redefines
	// it before the save
	a.send("3")
	a.waitFor("[3 Scorecard]")
	a.selectLine("Expansion pipeline", "j")
	a.send("E")
	a.waitFor("Edit KPI expansion_pipeline")
	a.selectLine("Description", "Down")
	a.sendText("Qualified pipeline in new EU markets")
	// drawn, so no typed key is still on its way: a key pressed with the
	// form open clears the footer's toast, the one waited for below
	a.waitFor("[Qualified pipeline in new EU markets")
	defs := filepath.Join(t.TempDir(), "defs.csv")
	csv := "key,name,owner,objective,unit,target\nexpansion_pipeline,Expansion pipeline,farid,Expand to Europe,$,1500000\n"
	if err := os.WriteFile(defs, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := kpi(t, nil, "import", defs, "--db", db); code != 0 {
		t.Fatalf("kpi import of the redefinition: exit %d: %s", code, stderr)
	}
	// The live refresh names the import in a toast when it next looks at the
	// file. Wait for it before any key: ctrl+s pressed before that look would
	// clear the toast (a key with a form open clears the footer's notice), and
	// a look after the save below would replace that save's toast with it.
	a.waitFor("tester redefined KPI expansion_pipeline")
	a.send("C-s")
	a.waitFor("Not saved: tester saved this KPI")
	a.waitFor("Theirs (tester)")
	if got, _ := listedKPIOf(t, db, "expansion_pipeline"); got.Owner != "farid" || *got.Target != 1500000 {
		t.Fatalf("the app's save overwrote the import: %+v", got)
	}
	a.send("o")
	a.waitFor("Saved KPI expansion_pipeline")
	if got, _ := listedKPIOf(t, db, "expansion_pipeline"); got.Owner != "e2e" || *got.Target != 1200000 {
		t.Errorf("overwriting knowingly saved %+v, want the editor's owner and target", got)
	}
	code, history, stderr := kpi(t, nil, "history", "--kpi", "expansion_pipeline", "--db", db)
	if code != 0 {
		t.Fatalf("kpi history: exit %d: %s", code, stderr)
	}
	var imported, overwritten bool
	for _, l := range strings.Split(history, "\n") {
		imported = imported || strings.Contains(l, "tester@") && strings.Contains(l, "KPI expansion_pipeline") && strings.Contains(l, "by import")
		overwritten = overwritten || strings.Contains(l, "e2e@") && strings.Contains(l, "changed KPI expansion_pipeline") && strings.Contains(l, "owner")
	}
	if !imported || !overwritten {
		t.Errorf("the change log lacks the import's change (%v) or the app's (%v):\n%s", imported, overwritten, history)
	}
}
