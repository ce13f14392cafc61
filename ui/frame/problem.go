package frame

import (
	"errors"
	"strings"

	"kpi/model"
)

// SaveProblem is the one line a form shows when a save failed for a reason other
// than a conflict (which each form shows with theirs): a busy file offers the
// retry (the typed text stays in the form, so Enter tries again), a read-only or
// full file says that nothing can be saved and why; anything else is "Not saved:"
// and the reason.
func SaveProblem(err error) string {
	text := model.Sanitize(err.Error(), false)
	switch {
	case errors.Is(err, model.ErrBusy):
		return strings.TrimSuffix(strings.TrimSuffix(text, "; try again"), ".") + ". Press Enter to try again; what you typed is kept."
	case errors.Is(err, model.ErrReadOnly):
		return "Nothing can be saved: " + text
	case errors.Is(err, model.ErrFull):
		return text + ". Nothing was saved; free space on the drive, then press Enter to try again."
	}
	return "Not saved: " + text
}
