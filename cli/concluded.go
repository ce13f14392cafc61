package cli

import (
	"fmt"
	"io"

	"kpi/db"
	"kpi/model"
)

// printConcluded says, after a value was saved for week, that the week's
// review is already concluded: the change is not silent, and the report marks
// it (report.Input.Changed). Nothing is said when the review cannot be read:
// the value is saved either way.
func printConcluded(out io.Writer, st *db.Store, week model.Week) {
	r, ok, err := st.Review(week)
	if err != nil || !ok || r.State != model.ReviewConcluded {
		return
	}
	fmt.Fprintf(out, "Note: the review of %s was concluded on %s; its figures now differ from the meeting's, and `kpi report --week %s` marks what changed.\n",
		week, r.ConcludedAt.UTC().Format("2 Jan 2006"), week)
}
