package ui

import (
	"fmt"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"kpi/demo"
	"kpi/ui/fakestore"
)

// BenchmarkKey is spec §7's "a keypress handled and drawn" (16 ms) and the
// synchronous part of a week change (its reload runs in a command, off the key
// path): Update plus View on every view at 120×40 and 250×70, on the normal demo
// and the large one (1000 KPIs × 520 weeks, held in memory by the fake store).
func BenchmarkKey(b *testing.B) {
	for _, size := range []string{"normal", "large"} {
		opt := demo.Options{Seed: 1, Now: testNow}
		if size == "large" {
			opt.KPIs, opt.Weeks = 1000, 520
		}
		st := fakestore.NewFrom(demo.Generate(opt), fakestore.Options{Now: func() time.Time { return testNow }})
		for _, dim := range [][2]int{{120, 40}, {250, 70}} {
			for v := range viewCount {
				m := New(plainOptions(st, "mono"))
				m = settle(m, m.Init())
				m, _ = m.Update(tea.WindowSizeMsg{Width: dim[0], Height: dim[1]})
				m.active = v
				m.ensureActive()
				m = settle(m, m.views[v].Init())
				for _, k := range []struct {
					name string
					msg  tea.KeyMsg
				}{{"down", tea.KeyMsg{Type: tea.KeyDown}}, {"week", tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("]")}}} {
					b.Run(fmt.Sprintf("%s/%s/%dx%d/%s", size, viewNames[v], dim[0], dim[1], k.name), func(b *testing.B) {
						for b.Loop() {
							next, _ := m.Update(k.msg)
							_ = next.View()
						}
					})
				}
			}
		}
	}
}
