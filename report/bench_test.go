package report

import (
	"testing"
	"time"

	"kpi/demo"
	"kpi/model"
)

// BenchmarkReport is `kpi report` after reading the file: the week's input
// gathered from the demo team and written as Markdown.
func BenchmarkReport(b *testing.B) {
	now := time.Date(2026, 11, 18, 10, 0, 0, 0, time.UTC)
	src := datasetSource{demo.Generate(demo.Options{Seed: 1, Now: now})}
	w := model.CurrentWeek(now)
	for b.Loop() {
		in, err := Gather(src, w)
		if err != nil {
			b.Fatal(err)
		}
		if Markdown(in) == "" {
			b.Fatal("empty report")
		}
	}
}

// datasetSource reads a dataset held in memory, as the file would give it.
type datasetSource struct{ ds model.Dataset }

func (s datasetSource) Settings() (model.Settings, error)      { return s.ds.Settings, nil }
func (s datasetSource) Objectives() ([]model.Objective, error) { return s.ds.Objectives, nil }
func (s datasetSource) KPIs() ([]model.KPI, error)             { return s.ds.KPIs, nil }
func (s datasetSource) ActionItems() ([]model.ActionItem, error) {
	return s.ds.ActionItems, nil
}

func (s datasetSource) Values(from, to model.Week) ([]model.Value, error) {
	var out []model.Value
	for _, v := range s.ds.Values {
		if !v.Week.Before(from) && !v.Week.After(to) {
			out = append(out, v)
		}
	}
	return out, nil
}

func (s datasetSource) Review(w model.Week) (model.Review, bool, error) {
	for _, r := range s.ds.Reviews {
		if r.Week == w {
			return r, true, nil
		}
	}
	return model.Review{}, false, nil
}
