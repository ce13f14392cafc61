package cli

import (
	"slices"
	"testing"

	"kpi/model"
	"kpi/themes"
)

// TestModelKnowsEveryTheme: the store checks a team's default theme against
// model.ThemeNames (it may not import themes), so a theme added to themes must
// be added there too. cli knows both, so the test lives here.
func TestModelKnowsEveryTheme(t *testing.T) {
	if !slices.Equal(model.ThemeNames(), themes.Names()) {
		t.Errorf("model.ThemeNames() = %v, themes.Names() = %v; keep them equal", model.ThemeNames(), themes.Names())
	}
}
