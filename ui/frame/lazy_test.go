package frame

import (
	"testing"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// countedView is a view that says how it was changed and counts its builds.
type countedView struct {
	builds *int
	size   [2]int
}

func (v countedView) Init() tea.Cmd                         { return nil }
func (v countedView) Update(tea.Msg) (countedView, tea.Cmd) { return v, nil }
func (v countedView) View() string                          { return "drawn" }
func (v countedView) SetSize(w, h int) countedView          { v.size = [2]int{w, h}; return v }
func (v countedView) SetContext(Context) countedView        { return v }
func (v countedView) Title() string                         { return "Counted" }
func (v countedView) Capturing() bool                       { return false }
func (v countedView) ShortHelp() []key.Binding              { return nil }
func (v countedView) FullHelp() [][]key.Binding             { return nil }

// A lazy page is not built to be listed in the tabs; the first change builds
// it once and gives back the built page, which later changes keep.
func TestLazyPagesAreBuiltByTheirFirstChange(t *testing.T) {
	builds := 0
	p := Lazy("Counted", func() Page { builds++; return Adapt(countedView{builds: &builds}) })
	if p.Title() != "Counted" || p.Capturing() || builds != 0 {
		t.Fatalf("listing the page built it %d times", builds)
	}
	p = p.SetSize(80, 24)
	p = p.SetContext(Context{})
	p, _ = p.Update(nil)
	if builds != 1 || p.View() != "drawn" {
		t.Fatalf("three changes built the page %d times", builds)
	}
	if got := p.(page[countedView]).v.size; got != [2]int{80, 24} {
		t.Errorf("the built page lost its size: %v", got)
	}
}
