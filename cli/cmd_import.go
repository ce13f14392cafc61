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
	opt := importOptions{decimals: -1}
	var defaults importDefaults
	cmd := &cobra.Command{
		Use:   "import FILE [flags]",
		Short: "Import values from CSV or .xlsx (long, wide or scorecard layout), KPI definitions from CSV (key,name,...), or a JSON export into a fresh file — all rows or none",
		Long: "Import values from a CSV or .xlsx file, in one of three layouts (detected from the\n" +
			"header, or named with --layout):\n" +
			"  long       one row per KPI and week: kpi,week,value,note, or any columns named with\n" +
			"             --kpi-column, --week-column or --date-column, --value-column, --note-column\n" +
			"  wide       a week or date column and one column per KPI: Date,Revenue,Signups\n" +
			"  scorecard  one row per KPI and one column per week or date\n" +
			"Dates are taken as the ISO week that contains them; their format is detected when\n" +
			"the whole column is unambiguous, or named with --date-format (yyyy-mm-dd, dd-mm-yyyy,\n" +
			"mm-dd-yyyy, dd/mm/yyyy, mm/dd/yyyy, dd.mm.yyyy, yyyy/mm/dd or a Go layout).\n" +
			"CSV separators (, ; tab) and encodings (UTF-8 with or without a BOM, UTF-16, Latin-1)\n" +
			"are detected, or named with --separator and --encoding.\n" +
			"--create makes the KPIs the file names and the team file lacks (key from --key-format\n" +
			"or the name; --unit, --direction, --tier, --aggregate, --tag for their definition).\n" +
			"A value equal to the stored one is left alone: importing a file again changes nothing.\n" +
			"Unlike kpi set, an import is not refused for values 10× off the recent median or\n" +
			"typed with another unit: it is history, where such steps are real (check it with\n" +
			"--dry-run).\n" +
			"A CSV whose header has key and name defines KPIs instead (new keys are created,\n" +
			"existing ones redefined): key,name,description,owner,objective,unit,decimals,\n" +
			"direction,target,target_high,tolerance,tier,indicator,kind,cadence,aggregate,formula,tags.\n" +
			"A JSON export made by `kpi export --format json` imports into a fresh file made by\n" +
			"`kpi init`. Either every row is imported or none is; problems are listed by cause\n" +
			"with their line numbers.",
		Args: argsBetween(1, 1, "FILE [flags]"),
		RunE: func(cmd *cobra.Command, args []string) error {
			data, err := readImportFile(args[0])
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			if !isXLSX(args[0], data) && !looksLikeJSON(data) && isKPICSV(data) {
				return importKPIs(env, g, out, data, args[0], dryRun)
			}
			if !isXLSX(args[0], data) && looksLikeJSON(data) {
				return importJSON(env, g, out, data, dryRun)
			}
			if opt.defaults, err = defaults.kpi(cmd); err != nil {
				return err
			}
			opt.dryRun = dryRun
			return importValues(env, g, out, args[0], data, opt)
		},
	}
	f := cmd.Flags()
	f.BoolVar(&dryRun, "dry-run", false, "check everything and show the first mapped rows; write nothing")
	f.StringVar(&opt.cols.kpi, "kpi-column", "", "the column that names the KPI (long layout)")
	f.StringVar(&opt.cols.week, "week-column", "", "the column of weeks (2026-W47) or dates")
	f.StringVar(&opt.cols.date, "date-column", "", "the column of dates, each taken as its ISO week")
	f.StringVar(&opt.cols.value, "value-column", "", "the column of values (long layout)")
	f.StringVar(&opt.cols.note, "note-column", "", "the column of notes")
	f.StringVar(&opt.cols.event, "event-column", "", "a column whose non-empty, non-zero cells make a week event")
	f.StringVar(&opt.cols.dateFormat, "date-format", "", "yyyy-mm-dd, dd-mm-yyyy, mm-dd-yyyy, dd/mm/yyyy, mm/dd/yyyy, dd.mm.yyyy, yyyy/mm/dd or a Go layout")
	f.StringVar(&opt.cols.layout, "layout", "", "long, wide or scorecard (default: detected from the header)")
	f.StringVar(&opt.read.sheet, "sheet", "", "the sheet of an .xlsx file (default: the first)")
	f.StringVar(&opt.read.encoding, "encoding", "", "utf-8, utf-16, utf-16le, utf-16be, latin-1 or windows-1252 (default: detected)")
	f.StringVar(&opt.read.separator, "separator", "", ", ; or tab (default: detected)")
	f.StringVar(&opt.keyFormat, "key-format", "", "the key of a KPI named X in the file, with {} for X: 'store_{}'")
	f.BoolVar(&opt.create, "create", false, "create the KPIs the file names that the team file lacks")
	f.StringVar(&opt.combine, "combine", "", "combine several rows for one KPI and week: sum, avg or last")
	f.IntVar(&opt.decimals, "decimals", -1, "decimals of created KPIs (default: as many as the values have, up to 6)")
	defaults.flags(cmd)
	return cmd
}

// importDefaults are the flags that define the KPIs --create makes.
type importDefaults struct {
	unit, direction, tier, aggregate string
	tags                             []string
}

func (d *importDefaults) flags(cmd *cobra.Command) {
	f := cmd.Flags()
	f.StringVar(&d.unit, "unit", "", "unit of created KPIs ($, %, ms, ...)")
	f.StringVar(&d.direction, "direction", "up", "direction of created KPIs: up, down, range or none (a context metric, never judged)")
	f.StringVar(&d.tier, "tier", "health", "tier of created KPIs: key or health")
	f.StringVar(&d.aggregate, "aggregate", "last", "how created KPIs roll up into months: sum, avg or last")
	f.StringSliceVar(&d.tags, "tag", nil, "a tag of created KPIs (repeat it or separate with commas): --tag store")
}

// kpi is the definition a created KPI starts from, checked now so a bad flag
// is a usage error before the file is read.
func (d *importDefaults) kpi(cmd *cobra.Command) (model.KPI, error) {
	tags, err := model.NormalizeTags(d.tags)
	if err != nil {
		return model.KPI{}, usagef("--tag: %v", err)
	}
	k := model.KPI{Key: "x", Name: "x", Unit: strings.TrimSpace(d.unit), Direction: model.Direction(strings.ToLower(d.direction)),
		Tier: model.Tier(strings.ToLower(d.tier)), Aggregate: model.Aggregate(strings.ToLower(d.aggregate)), Tags: tags,
		Indicator: model.Lagging, Kind: model.Quantitative, Cadence: model.Weekly, Tolerance: model.DefaultTolerance}
	if err := model.ValidateKPI(k); err != nil {
		return k, usagef("%v", err)
	}
	if c, _ := cmd.Flags().GetString("combine"); c != "" && c != "sum" && c != "avg" && c != "last" {
		return k, usagef("--combine %q: use sum, avg or last", c)
	}
	return k, nil
}

// importJSON loads a JSON export into a fresh file.
func importJSON(env *Env, g *globals, out io.Writer, data []byte, dryRun bool) error {
	st, err := openResolved(env, g)
	if err != nil {
		return err
	}
	defer st.Close()
	ds, err := decodeDataset(data)
	if err != nil {
		return err
	}
	if dryRun {
		fmt.Fprintf(out, "Would import %d objectives, %d KPIs, %d values, %d reviews, %d action items and %d events (dry run: nothing was written).\n",
			len(ds.Objectives), len(ds.KPIs), len(ds.Values), len(ds.Reviews), len(ds.ActionItems), len(ds.Events))
		return nil
	}
	if err := st.ImportDataset(ds); err != nil {
		return fmt.Errorf("nothing was imported: %w", err)
	}
	fmt.Fprintf(out, "Imported %d objectives, %d KPIs, %d values, %d reviews, %d action items and %d events.\n",
		len(ds.Objectives), len(ds.KPIs), len(ds.Values), len(ds.Reviews), len(ds.ActionItems), len(ds.Events))
	return nil
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
