package ui

import (
	"slices"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"kpi/model"
)

// The KPI editor's Tags field: typed with commas or spaces, checked with
// model's tag rules, saved normalised, shown again when the form reopens, and
// compared on the conflict screen.

func TestKPIEditorSavesTagsTypedWithCommasAndSpaces(t *testing.T) {
	st := newFakeStore()
	m := editKPI(t, started(t, st, 120, 40), st, "nps")
	m = typeInto(t, focusField(t, m, "Tags"), "Store, region:north store")
	m = send(t, m, tea.KeyCtrlS)
	if m.editorOpen() != nil {
		t.Fatalf("ctrl+s did not save the tags:\n%s", m.View())
	}
	want := []string{"region:north", "store"}
	if got := st.KPIByKey(t, "nps").Tags; !slices.Equal(got, want) {
		t.Fatalf("saved tags %q, want %q", got, want)
	}
	m = editKPI(t, m, st, "nps")
	if line := focusedLine(t, focusField(t, m, "Tags")); !strings.Contains(line, "region:north store") {
		t.Errorf("the reopened form shows the tags as %q", line)
	}
}

func TestKPIEditorRefusesABadTagOnItsField(t *testing.T) {
	st := newFakeStore()
	m := editKPI(t, started(t, st, 120, 40), st, "nps")
	m = typeInto(t, focusField(t, m, "Tags"), "store Big!")
	m = send(t, m, tea.KeyCtrlS)
	if m.editorOpen() == nil {
		t.Fatal("a bad tag was saved")
	}
	if got := st.KPIByKey(t, "nps").Tags; len(got) != 0 {
		t.Errorf("the refused form wrote tags %q", got)
	}
	if !strings.Contains(m.View(), `tag "big!" must be a lower-case word`) {
		t.Errorf("the Tags field does not say why:\n%s", m.View())
	}
}

func TestKPIEditorConflictShowsTheirTags(t *testing.T) {
	st := newFakeStore()
	m := editKPI(t, started(t, st, 120, 40), st, "nps")
	m = typeInto(t, focusField(t, m, "Tags"), "survey")
	theyChange(t, st, "nps", func(k *model.KPI) { k.Tags = []string{"region:south"} })
	m = send(t, m, tea.KeyCtrlS)
	screen := m.View()
	for _, want := range []string{"Not saved: ben saved this KPI", "Tags", "region:south", "survey"} {
		if !strings.Contains(screen, want) {
			t.Errorf("the conflict screen lacks %q:\n%s", want, screen)
		}
	}
}
