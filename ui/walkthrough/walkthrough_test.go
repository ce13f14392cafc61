package walkthrough

import (
	"io"
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"kpi/model"
	"kpi/themes"
)

// TestAMonthlyKPIsChangeIsSinceLastMonth: the walkthrough's change line says
// "since last month" for a monthly KPI and "since last week" for a weekly one.
func TestAMonthlyKPIsChangeIsSinceLastMonth(t *testing.T) {
	th, err := themes.Lookup("mono")
	if err != nil {
		t.Fatal(err)
	}
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.Ascii)
	st := themes.NewStyles(th, r)
	w := model.MustWeek("2026-W49")
	k := model.KPI{ID: 1, Key: "burn", Name: "Net burn", Unit: "$", Direction: model.Down, Kind: model.Quantitative,
		Cadence: model.Monthly, Tier: model.TierKey, Tolerance: model.DefaultTolerance}
	nov := model.DueWeekOf(model.Monthly, w.Prev())
	s := model.Series{{KPIID: 1, Week: nov, Number: 90000, HasNumber: true}, {KPIID: 1, Week: w, Number: 95000, HasNumber: true}}
	screen := func(k model.KPI, s model.Series) string {
		return Draw(Screen{Styles: st, Width: 100, Height: 30, KPI: k, Reading: model.Evaluate(k, s, w), Pos: 1, Of: 1,
			Chart: func(h int) string { return strings.Repeat("\n", max(h-1, 0)) }})
	}
	if got := screen(k, s); !strings.Contains(got, "since last month") || strings.Contains(got, "since last week") {
		t.Errorf("a monthly KPI's walkthrough:\n%s", got)
	}
	k.Cadence = model.Weekly
	s[0].Week = w.Prev()
	if got := screen(k, s); !strings.Contains(got, "since last week") {
		t.Errorf("a weekly KPI's walkthrough:\n%s", got)
	}
}
