package frame

// Hits are the clickable regions of a drawn body, recorded while drawing, so a
// click finds what is drawn where it landed instead of each view redoing its
// layout arithmetic: the dashboard's cards, the lines of the lists, the root's
// tabs. Coordinates are the body's (the root subtracts what is above it).
type Hits struct{ regions []hitRegion }

type hitRegion struct{ x0, y0, x1, y1, item int }

// Add records item as drawn in the width×height cells from x, y.
func (h *Hits) Add(x, y, width, height, item int) {
	if width > 0 && height > 0 {
		h.regions = append(h.regions, hitRegion{x, y, x + width, y + height, item})
	}
}

// At is the item drawn at x, y, if any (the last added wins where regions
// overlap).
func (h Hits) At(x, y int) (int, bool) {
	for i := len(h.regions) - 1; i >= 0; i-- {
		r := h.regions[i]
		if x >= r.x0 && x < r.x1 && y >= r.y0 && y < r.y1 {
			return r.item, true
		}
	}
	return 0, false
}
