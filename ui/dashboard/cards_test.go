package dashboard

import (
	"io"
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"kpi/model"
	"kpi/themes"
)

func monoStyles(t *testing.T) *themes.Styles {
	t.Helper()
	th, err := themes.Lookup("mono")
	if err != nil {
		t.Fatal(err)
	}
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.Ascii)
	return themes.NewStyles(th, r)
}

// TestCardsSayMonthsForMonthlyKPIsAndBlankBeforeTheFirstWeek: a monthly key
// KPI's card gives its change "vs last month"; a card for a week before the
// KPI's first week says from when it is tracked, not "no value yet".
func TestCardsSayMonthsForMonthlyKPIsAndBlankBeforeTheFirstWeek(t *testing.T) {
	st := monoStyles(t)
	w := model.MustWeek("2026-W49")
	k := model.KPI{ID: 1, Key: "burn", Name: "Net burn", Unit: "$", Direction: model.Down, Kind: model.Quantitative,
		Cadence: model.Monthly, Tier: model.TierKey, Tolerance: model.DefaultTolerance}
	nov := model.DueWeekOf(model.Monthly, w.Prev())
	s := model.Series{{KPIID: 1, Week: nov, Number: 90000, HasNumber: true}, {KPIID: 1, Week: w, Number: 95000, HasNumber: true}}
	card := drawCard(st, item{reading: model.Evaluate(k, s, w), tier: tierKey}, 40, false, sizesFor(false))
	if !strings.Contains(card, "vs last month") || strings.Contains(card, "vs last week") {
		t.Errorf("a monthly card:\n%s", card)
	}
	k.Cadence, k.CreatedAt = model.Weekly, w.Day(3)
	card = drawCard(st, item{reading: model.Evaluate(k, nil, w.Add(-9)), tier: tierKey}, 40, false, sizesFor(false))
	if !strings.Contains(card, "tracked from 2026-W49") || strings.Contains(card, "missing") || strings.Contains(card, "no value yet") {
		t.Errorf("a card before the KPI's first week:\n%s", card)
	}
}
