package cli

import (
	"math"
	"strings"
	"testing"
	"unicode"

	"kpi/demo"
	"kpi/model"
)

// FuzzParseValuesCSV: whatever a file holds, reading and planning a values
// import never panics, and every value it accepts is valid for its KPI, finite,
// and free of control characters; every problem names its lines.
func FuzzParseValuesCSV(f *testing.F) {
	ds := demo.Generate(demo.Options{Seed: 1, Now: fixedNow})
	for _, s := range []string{
		"kpi,week,value,note\nmrr,2026-W47,\"430,000\",ok\n",
		"kpi,week,value\nnps,2026-11-18,44\nnps,2026-W47,45\n",
		"week,kpi,value,note\r\nchurn,2026-W01,2.5%,\"multi\nline\"\n",
		"kpi,week,value,note\nmrr,2026-W47,1e400,\nmrr,2026-W99,3,\n",
		"kpi,week,value,note\nmrr,2026-W47,\"unclosed\n",
		"\ufeffkpi,week,value,note\nmrr,2026-W47,1,\x1b]0;pwned\x07\n",
		"kpi,week,value,note\nmrr,2026-W47,1,a,b\n",
		"kpi,colour\n", "", "\n\n",
	} {
		f.Add([]byte(s))
	}
	byID := map[int64]model.KPI{}
	for _, k := range ds.KPIs {
		byID[k.ID] = k
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		sh, err := readSheet("f.csv", data, readOptions{})
		if err != nil {
			return
		}
		probs := newProblems()
		plan, err := planImport(sh, importOptions{decimals: -1}, ds.KPIs, probs)
		if err != nil {
			return
		}
		for _, p := range probs.lines() {
			if !strings.Contains(p, "line") {
				t.Fatalf("a problem without its line: %q", p)
			}
		}
		byKey := map[string]model.KPI{}
		for _, k := range ds.KPIs {
			byKey[strings.ToLower(k.Key)] = k
		}
		for _, r := range plan.batch.Rows {
			v := r.Value
			v.KPIID = byKey[strings.ToLower(r.Key)].ID
			k, ok := byID[v.KPIID]
			if !ok {
				t.Fatalf("a value for unknown KPI %d", v.KPIID)
			}
			if err := model.ValidateValue(k, v); err != nil {
				t.Fatalf("accepted an invalid value %+v: %v", v, err)
			}
			if math.IsNaN(v.Number) || math.IsInf(v.Number, 0) {
				t.Fatalf("accepted a non-finite number %v", v.Number)
			}
			if strings.ContainsFunc(v.Note, func(r rune) bool { return unicode.IsControl(r) && r != '\n' && r != '\t' }) {
				t.Fatalf("a note with control characters: %q", v.Note)
			}
		}
	})
}

// FuzzParseKPIsCSV: the KPI-definitions parser never panics, every KPI it accepts
// passes ValidateKPI, and no key is accepted twice.
func FuzzParseKPIsCSV(f *testing.F) {
	objectives := demo.Generate(demo.Options{Seed: 1, Now: fixedNow}).Objectives
	for _, s := range []string{
		"key,name,owner,objective,unit,decimals,direction,target,target_high,tolerance,tier,cadence\ncsat,CSAT,ana,,%,1,range,80,90,2,health,weekly\n",
		"key,name,formula\nratio,Ratio,a / b * 100\nratio,Again,\n",
		"key,name,decimals,tolerance\nx,X,9,500%\ny,Y,-1,-3\n",
		"key,name,direction,target\nz,Z,range,5\nw,W,sideways,1\n",
		"name,key\n\"Evil \x1b[2J\",evil\n",
		"key,name\n,\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		ks, _, err := parseKPIsCSV(data, objectives, model.MustWeek("2026-W47"))
		if err != nil {
			return
		}
		seen := map[string]bool{}
		for _, k := range ks {
			if err := model.ValidateKPI(k); err != nil {
				t.Fatalf("accepted an invalid KPI %+v: %v", k, err)
			}
			if seen[strings.ToLower(k.Key)] {
				t.Fatalf("key %q accepted twice", k.Key)
			}
			seen[strings.ToLower(k.Key)] = true
		}
	})
}
