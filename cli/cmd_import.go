package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"kpi/model"
)

// maxImportBytes bounds what import reads into memory (a CSV of a million rows is
// about 40 MB).
const maxImportBytes = 512 << 20

func newImportCmd(env *Env, g *globals) *cobra.Command {
	var dryRun bool
	cmd := &cobra.Command{
		Use:   "import FILE [--dry-run]",
		Short: "Import values from CSV (kpi,week,value,note), KPI definitions from CSV (key,name,...), or a JSON export into a fresh file — all rows or none",
		Long: "Import values from a CSV file with the header kpi,week,value,note (note optional;\n" +
			"week as 2026-W47 or a date, taken as its ISO week), or a JSON export made by\n" +
			"`kpi export --format json` into a fresh file made by `kpi init`.\n" +
			"A CSV whose header has key and name defines KPIs instead (new keys are created,\n" +
			"existing ones redefined): key,name,description,owner,objective,unit,decimals,\n" +
			"direction,target,target_high,tolerance,tier,indicator,kind,cadence,aggregate,formula.\n" +
			"Either every row\n" +
			"is imported or none is; every bad row is reported with its line number.",
		Args: argsBetween(1, 1, "FILE [--dry-run]"),
		RunE: func(cmd *cobra.Command, args []string) error {
			data, err := readImportFile(args[0])
			if err != nil {
				return err
			}
			if !looksLikeJSON(data) && isKPICSV(data) {
				return importKPIs(env, g, cmd.OutOrStdout(), data, args[0], dryRun)
			}
			st, err := openResolved(env, g)
			if err != nil {
				return err
			}
			defer st.Close()
			out := cmd.OutOrStdout()
			if looksLikeJSON(data) {
				ds, err := decodeDataset(data)
				if err != nil {
					return err
				}
				if dryRun {
					fmt.Fprintf(out, "Would import %d objectives, %d KPIs, %d values, %d reviews and %d action items (dry run: nothing was written).\n",
						len(ds.Objectives), len(ds.KPIs), len(ds.Values), len(ds.Reviews), len(ds.ActionItems))
					return nil
				}
				if err := st.ImportDataset(ds); err != nil {
					return fmt.Errorf("nothing was imported: %w", err)
				}
				fmt.Fprintf(out, "Imported %d objectives, %d KPIs, %d values, %d reviews and %d action items.\n",
					len(ds.Objectives), len(ds.KPIs), len(ds.Values), len(ds.Reviews), len(ds.ActionItems))
				return nil
			}
			kpis, err := st.KPIs()
			if err != nil {
				return err
			}
			vals, problems, err := parseValuesCSV(data, kpis)
			if err != nil {
				return err
			}
			if len(problems) > 0 {
				for _, p := range problems {
					fmt.Fprintln(env.Stderr, "  "+oneLine(p))
				}
				return fmt.Errorf("nothing was imported: %d bad %s in %s; fix %s and import again", len(problems), plural(len(problems), "row", "rows"),
					model.Sanitize(args[0], false), plural(len(problems), "it", "them"))
			}
			if dryRun {
				fmt.Fprintf(out, "Would import %d values (dry run: nothing was written).\n", len(vals))
				return nil
			}
			n, err := st.ImportValues(vals)
			if err != nil {
				return fmt.Errorf("nothing was imported: %w", err)
			}
			fmt.Fprintf(out, "Imported %d values.\n", n)
			return nil
		},
	}
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "check everything, write nothing")
	return cmd
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func readImportFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("cannot read %s: no such file; check the path", model.Sanitize(path, false))
		}
		return nil, fmt.Errorf("cannot read %s: %v", model.Sanitize(path, false), err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxImportBytes+1))
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %v", model.Sanitize(path, false), err)
	}
	if len(data) > maxImportBytes {
		return nil, fmt.Errorf("%s is larger than %d MB; split it into smaller files", model.Sanitize(path, false), maxImportBytes>>20)
	}
	return data, nil
}

func looksLikeJSON(data []byte) bool {
	t := bytes.TrimLeft(data, " \t\r\n\ufeff")
	return len(t) > 0 && t[0] == '{'
}

// decodeDataset reads and checks a JSON export before anything is written.
func decodeDataset(data []byte) (model.Dataset, error) {
	var ds model.Dataset
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&ds); err != nil {
		return ds, fmt.Errorf("not a kpi JSON export: %v; make one with `kpi export --format json`", err)
	}
	if ds.Format != model.DatasetFormat {
		return ds, fmt.Errorf("not a kpi JSON export (format %q, expected %q); make one with `kpi export --format json`", model.Sanitize(ds.Format, false), model.DatasetFormat)
	}
	ids := map[int64]model.KPI{}
	for _, k := range ds.KPIs {
		if err := model.ValidateKPI(k); err != nil {
			return ds, fmt.Errorf("KPI %q in the export: %v", model.Sanitize(k.Key, false), err)
		}
		ids[k.ID] = k
	}
	if err := model.FormulaCycle(ds.KPIs); err != nil {
		return ds, err
	}
	for _, o := range ds.Objectives {
		if err := model.ValidateObjective(o); err != nil {
			return ds, fmt.Errorf("objective %q in the export: %v", model.Sanitize(o.Title, false), err)
		}
	}
	for _, v := range ds.Values {
		k, ok := ids[v.KPIID]
		if !ok {
			return ds, fmt.Errorf("a value for %s refers to KPI id %d, which the export does not define", v.Week, v.KPIID)
		}
		k.Archived = false // an archived KPI keeps its history
		if err := model.ValidateValue(k, v); err != nil {
			return ds, fmt.Errorf("value of %s for %s in the export: %v", k.Key, v.Week, err)
		}
	}
	return ds, nil
}

// parseValuesCSV reads the kpi,week,value,note CSV of spec §4. It returns the
// values, or every problem found (one per bad row, with its line number); a
// structural problem (no header) is an error.
func parseValuesCSV(data []byte, kpis []model.KPI) ([]model.Value, []string, error) {
	rows, problems, err := readCSV(data, valueColumns, []string{"kpi", "week", "value"})
	if err != nil {
		return nil, nil, err
	}
	byKey := map[string]model.KPI{}
	byName := map[string]model.KPI{}
	for _, k := range kpis {
		byKey[k.Key] = k
		byName[strings.ToLower(k.Name)] = k
	}
	type slot struct {
		kpi  int64
		week model.Week
	}
	firstLine := map[slot]int{}
	var vals []model.Value
	for _, row := range rows {
		line, field := row.line, row.field
		bad := func(format string, args ...any) {
			problems = append(problems, fmt.Sprintf("line %d: ", line)+model.Sanitize(fmt.Sprintf(format, args...), false))
		}
		keyText := field("kpi")
		k, ok := byKey[strings.ToLower(keyText)]
		if !ok {
			k, ok = byName[strings.ToLower(keyText)]
		}
		if !ok {
			bad("no KPI %q (use its key; `kpi list` shows them)", keyText)
			continue
		}
		w, err := model.ParseWeek(field("week"))
		if err != nil {
			bad("%v", err)
			continue
		}
		v := model.Value{KPIID: k.ID, Week: w}
		if v.Note, err = model.CleanText("note", field("note"), model.MaxTextLen, true); err != nil {
			bad("%v", err)
			continue
		}
		if k.Kind == model.Qualitative {
			s, ok := model.ParseStatus(field("value"))
			if !ok {
				bad("%s is qualitative: the value must be on track, at risk or off track, not %q", k.Key, field("value"))
				continue
			}
			v.Status = s
		} else if !k.Derived() {
			n, err := model.ParseValue(field("value"))
			if err != nil {
				bad("%s: %v", k.Key, err)
				continue
			}
			v.Number, v.HasNumber = n, true
		}
		if err := model.ValidateValue(k, v); err != nil {
			bad("%v", err)
			continue
		}
		s := slot{k.ID, w}
		if prev, dup := firstLine[s]; dup {
			bad("%s %s is also on line %d; keep one", k.Key, w, prev)
			continue
		}
		firstLine[s] = line
		vals = append(vals, v)
	}
	return vals, problems, nil
}
