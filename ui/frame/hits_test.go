package frame

import "testing"

func TestHitsFindTheRegionDrawnAtAPoint(t *testing.T) {
	var h Hits
	h.Add(0, 0, 10, 3, 1)
	h.Add(10, 0, 10, 3, 2)
	h.Add(0, 5, 20, 1, 3)
	h.Add(0, 9, 0, 1, 4) // no width: not clickable
	for _, c := range []struct{ x, y, item int }{{0, 0, 1}, {9, 2, 1}, {10, 0, 2}, {19, 2, 2}, {5, 5, 3}} {
		if got, ok := h.At(c.x, c.y); !ok || got != c.item {
			t.Errorf("At(%d, %d) = %d, %v; want %d", c.x, c.y, got, ok, c.item)
		}
	}
	for _, p := range [][2]int{{20, 0}, {0, 3}, {0, 4}, {0, 9}, {-1, 0}} {
		if got, ok := h.At(p[0], p[1]); ok {
			t.Errorf("At(%d, %d) = %d; want nothing", p[0], p[1], got)
		}
	}
}
