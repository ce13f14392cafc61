package cli

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"

	"github.com/spf13/cobra"

	"kpi/model"
)

func newExportCmd(env *Env, g *globals) *cobra.Command {
	var format, out string
	cmd := &cobra.Command{
		Use:   "export [--format csv|json] [--out FILE]",
		Short: "Export the team file: json has everything needed to rebuild it, csv the values",
		Args:  argsBetween(0, 0, "[--format csv|json] [--out FILE]"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if format != "csv" && format != "json" {
				return usagef("--format must be csv or json, not %q", model.Sanitize(format, false))
			}
			path, err := resolvePath(env, g)
			if err != nil {
				return err
			}
			if out != "" {
				if abs, _ := filepath.Abs(out); abs == path {
					return usagef("--out names the team file itself; choose another file")
				}
			}
			st, err := openReading(env, g, path)
			if err != nil {
				return err
			}
			ds, err := st.Export()
			st.Close()
			if err != nil {
				return err
			}
			ds, left := withoutBadNumbers(ds)
			if left > 0 {
				fmt.Fprintf(env.Stderr, "kpi: left out %d %s that %s not finite or beyond ±1e15 (JSON cannot hold them); `kpi doctor` names them\n",
					left, plural(left, "number", "numbers"), plural(left, "is", "are"))
			}
			write := func(to io.Writer) error {
				// a file written with --out is cleaned like standard output:
				// someone will cat it
				w := newSafeWriter(to)
				var err error
				if format == "json" {
					enc := json.NewEncoder(w)
					enc.SetIndent("", "  ")
					err = enc.Encode(ds)
				} else {
					err = writeValuesCSV(w, ds)
				}
				if err != nil {
					return err
				}
				return w.Flush()
			}
			if out == "" {
				return write(cmd.OutOrStdout())
			}
			if err := writeFileAtomically(out, write); err != nil {
				return err
			}
			fmt.Fprintf(env.Stderr, "Exported %d KPIs and %d values to %s.\n", len(ds.KPIs), len(ds.Values), shownPath(out))
			return nil
		},
	}
	cmd.Flags().StringVar(&format, "format", "csv", "csv (values) or json (everything)")
	cmd.Flags().StringVar(&out, "out", "", "write to FILE instead of standard output")
	return cmd
}

// withoutBadNumbers is ds without the numbers another tool may have written
// that are not model.Usable (±Inf, NaN, beyond ±1e15): JSON cannot encode
// ±Inf and NaN at all, and none of them can be imported back. A value keeps its
// row (and its note) without the number, a target point goes, a tolerance
// becomes the default.
// left counts what was left out, so the export can say so: nothing goes silently.
func withoutBadNumbers(ds model.Dataset) (out model.Dataset, left int) {
	out = ds
	out.Values = append([]model.Value(nil), ds.Values...)
	for i, v := range out.Values {
		if v.HasNumber && !model.Usable(v.Number) {
			out.Values[i].Number, out.Values[i].HasNumber = 0, false
			left++
		}
	}
	out.KPIs = append([]model.KPI(nil), ds.KPIs...)
	for i, k := range out.KPIs {
		if !model.Usable(k.Tolerance.Amount) {
			out.KPIs[i].Tolerance = model.DefaultTolerance
			left++
		}
		var kept model.TargetPath
		for _, p := range k.Targets {
			if model.Usable(p.Value) && model.Usable(p.High) {
				kept = append(kept, p)
			} else {
				left++
			}
		}
		out.KPIs[i].Targets = kept
	}
	return out, left
}

// writeValuesCSV writes every entered value as kpi,week,value,note, the format
// `kpi import` reads (qualitative KPIs: their status in words).
func writeValuesCSV(w io.Writer, ds model.Dataset) error {
	keys := map[int64]model.KPI{}
	for _, k := range ds.KPIs {
		keys[k.ID] = k
	}
	vals := append([]model.Value(nil), ds.Values...)
	sort.Slice(vals, func(i, j int) bool {
		ki, kj := keys[vals[i].KPIID].Key, keys[vals[j].KPIID].Key
		if ki != kj {
			return ki < kj
		}
		return vals[i].Week.Before(vals[j].Week)
	})
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"kpi", "week", "value", "note"}); err != nil {
		return err
	}
	for _, v := range vals {
		k := keys[v.KPIID]
		val := v.Status.Label()
		if v.HasNumber {
			val = strconv.FormatFloat(v.Number, 'f', -1, 64)
		}
		// cells are cleaned before encoding, so quoting is decided on the text
		// that is written
		if err := cw.Write([]string{model.Sanitize(k.Key, false), v.Week.String(), val, model.Sanitize(v.Note, true)}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// writeFileAtomically writes to a temporary file beside path and renames it into
// place, so an interrupted export never leaves half a file.
func writeFileAtomically(path string, write func(io.Writer) error) error {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("cannot write %s: %v", path, err)
	}
	defer os.Remove(tmp.Name())
	bw := bufio.NewWriter(tmp)
	if err := write(bw); err != nil {
		tmp.Close()
		return fmt.Errorf("cannot write %s: %v", path, err)
	}
	if err := bw.Flush(); err != nil {
		tmp.Close()
		return fmt.Errorf("cannot write %s: %v", path, err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("cannot write %s: %v", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("cannot write %s: %v", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("cannot write %s: %v", path, err)
	}
	return nil
}
