package frame

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"kpi/model"
)

func TestSaveProblemOffersWhatToDo(t *testing.T) {
	busy := fmt.Errorf("%w (another program is writing; open: ana@pc), nothing was saved; try again", model.ErrBusy)
	for _, tc := range []struct {
		err  error
		want []string
	}{
		{busy, []string{"busy", "ana@pc", "Press Enter to try again"}},
		{fmt.Errorf("%w: made by a newer kpi", model.ErrReadOnly), []string{"Nothing can be saved", "newer kpi"}},
		{model.ErrFull, []string{"cannot grow", "free space"}},
		{errors.New("decimals must be 0 to 6\x1b[2J"), []string{"decimals must be 0 to 6"}},
	} {
		got := SaveProblem(tc.err)
		for _, w := range tc.want {
			if !strings.Contains(got, w) {
				t.Errorf("SaveProblem(%v) = %q, want it to say %q", tc.err, got, w)
			}
		}
		if strings.ContainsAny(got, "\x1b\n") {
			t.Errorf("SaveProblem(%v) = %q is not one plain line", tc.err, got)
		}
	}
}
