package cell

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"kpi/model"
)

// An empty value input's placeholder is written as an example ("e.g. 12k"), so
// it reads as one even in plain text, where no style sets it apart from a
// value; the longest that fits the input is chosen (issue 17, item 13).
func TestTheExampleReadsAsOneAndFits(t *testing.T) {
	number := model.KPI{Kind: model.Quantitative}
	status := model.KPI{Kind: model.Qualitative}
	pct := model.KPI{Kind: model.Quantitative, Unit: "%"}
	for _, c := range []struct {
		k     model.KPI
		width int
		want  string
	}{
		{number, 16, "e.g. 12k, 45%"}, {number, 9, "e.g. 12k"}, {number, 6, "e.g. 5"},
		{status, 15, "e.g. on track"}, {status, 8, "e.g. ok"}, {pct, 12, "e.g. 45%"},
	} {
		got := Example(c.k, c.width)
		if got != c.want || !strings.HasPrefix(got, "e.g. ") || ansi.StringWidth(got) > c.width {
			t.Errorf("Example(%v, %d) = %q, want %q", c.k.Kind, c.width, got, c.want)
		}
	}
}
