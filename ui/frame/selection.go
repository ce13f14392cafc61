package frame

import "kpi/model"

// Selection is what a view has selected, for the history overlay: a KPI (its
// definition and its weekly values), an objective or a review. The zero
// Selection means nothing in particular, and history shows the whole file.
type Selection struct {
	Kind  string // "kpi", "objective", "review" or ""
	ID    int64
	Week  model.Week // a review's week
	Label string     // what the overlay's title calls it ("KPI MRR")
}

// Selector is a view that can say what is selected. Views without a selection
// need not implement it.
type Selector interface{ Selection() Selection }

// SelectionOf is the selection of a page's view, or the zero Selection.
func SelectionOf(p Page) Selection {
	if s, ok := p.(interface{ selection() Selection }); ok {
		return s.selection()
	}
	return Selection{}
}

func (p page[V]) selection() Selection {
	if s, ok := any(p.v).(Selector); ok {
		return s.Selection()
	}
	return Selection{}
}
