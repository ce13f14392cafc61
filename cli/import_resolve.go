package cli

import (
	"strings"
	"unicode"

	"kpi/model"
)

// resolver finds the KPI a file names — by key, by name, or by the key
// --key-format makes of the name — and, with --create, makes the ones the team
// file lacks from the import's defaults.
type resolver struct {
	opt     importOptions
	byKey   map[string]model.KPI
	byName  map[string]model.KPI
	created map[string]*newKPI
	order   []string
	sheet   *sheet
	// found is each name resolve found or created a KPI for: a large file
	// names a few KPIs many times, and making and checking the key of each
	// row again was a tenth of planning it.
	found map[string]model.KPI
}

// newKPI is a KPI the import creates, with the most decimals its values have.
type newKPI struct {
	kpi      model.KPI
	decimals int
}

func newResolver(kpis []model.KPI, opt importOptions, sh *sheet) *resolver {
	r := &resolver{opt: opt, byKey: map[string]model.KPI{}, byName: map[string]model.KPI{}, created: map[string]*newKPI{}, sheet: sh, found: map[string]model.KPI{}}
	for _, k := range kpis {
		r.byKey[strings.ToLower(k.Key)] = k
		r.byName[strings.ToLower(k.Name)] = k
	}
	return r
}

// keyFor is the key a name stands for: --key-format with {} replaced by the
// name as a slug (store_{} and 1 make store_1), or the name itself as a key.
func (r *resolver) keyFor(name string) string {
	if r.opt.keyFormat != "" {
		return strings.ReplaceAll(r.opt.keyFormat, "{}", slugPart(name))
	}
	if model.ValidKey(strings.ToLower(name)) == nil {
		return strings.ToLower(name)
	}
	return model.Slugify(name)
}

// slugPart is a name as the lower-case a-z, 0-9 and _ a key is made of.
func slugPart(name string) string {
	var b strings.Builder
	under := false
	for _, c := range strings.ToLower(strings.TrimSpace(name)) {
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			b.WriteRune(c)
			under = false
		case !under && b.Len() > 0:
			b.WriteByte('_')
			under = true
		}
	}
	return strings.Trim(b.String(), "_")
}

// resolve finds or creates the KPI of record rec; a KPI that cannot be found
// or made is a problem, grouped by the name.
func (r *resolver) resolve(rec *record, probs *problems) (model.KPI, bool) {
	if k, ok := r.found[rec.kpi]; ok {
		return k, true
	}
	k, ok := r.resolveNew(rec, probs)
	if ok {
		r.found[rec.kpi] = k
	}
	return k, ok
}

// resolveNew is resolve for a name not met before (or met as a problem).
func (r *resolver) resolveNew(rec *record, probs *problems) (model.KPI, bool) {
	name := rec.kpi
	key := r.keyFor(name)
	if k, ok := r.lookup(name, key); ok {
		return k, true
	}
	if c, ok := r.created[strings.ToLower(key)]; ok {
		return c.kpi, true
	}
	if !r.opt.create {
		probs.add("nokpi:"+strings.ToLower(name), rec.line, "add --create, or define it first", "no KPI %q", name)
		return model.KPI{}, false
	}
	if err := model.ValidKey(key); err != nil {
		probs.add("badkey:"+strings.ToLower(name), rec.line, "add --key-format, like --key-format 'kpi_{}'", "cannot make a key of %q: %v", name, err)
		return model.KPI{}, false
	}
	k := r.opt.defaults
	k.Key, k.Name = key, r.nameFor(rec)
	if _, err := model.ParseValue(rec.value); err != nil {
		if _, isStatus := model.ParseStatus(rec.value); isStatus {
			k.Kind, k.Direction = model.Qualitative, model.Up
		}
	}
	r.created[strings.ToLower(key)] = &newKPI{kpi: k}
	r.order = append(r.order, strings.ToLower(key))
	return k, true
}

// lookup finds an existing KPI: by the key made of the name, or (without
// --key-format) by the name, without case.
func (r *resolver) lookup(name, key string) (model.KPI, bool) {
	if k, ok := r.byKey[strings.ToLower(key)]; ok {
		return k, true
	}
	if r.opt.keyFormat != "" {
		return model.KPI{}, false
	}
	if k, ok := r.byKey[strings.ToLower(name)]; ok {
		return k, true
	}
	k, ok := r.byName[strings.ToLower(name)]
	return k, ok
}

// nameFor is a created KPI's name: the name the file gives it, or for a bare
// number in a KPI column its column and the number ("Store 1").
func (r *resolver) nameFor(rec *record) string {
	name := strings.TrimSpace(model.Sanitize(rec.kpi, false))
	if strings.IndexFunc(name, unicode.IsLetter) < 0 && r.kpiColumn() != "" {
		return strings.ReplaceAll(r.kpiColumn(), "_", " ") + " " + name
	}
	if n := []rune(name); len(n) > model.MaxNameLen {
		name = string(n[:model.MaxNameLen])
	}
	return name
}

// kpiColumn is the header of the column KPIs are named in, when flagged.
func (r *resolver) kpiColumn() string { return r.opt.cols.kpi }

// sawValue notes the decimals of a created KPI's value ("1643690.9" has one).
func (r *resolver) sawValue(key, text string) {
	c, ok := r.created[strings.ToLower(key)]
	if !ok {
		return
	}
	t := strings.TrimSpace(text)
	sep := "."
	if r.sheet != nil && r.sheet.decimalComma && !strings.Contains(t, ".") {
		sep = ","
	}
	if i := strings.LastIndex(t, sep); i >= 0 {
		digits := 0
		for _, ch := range t[i+1:] {
			if ch < '0' || ch > '9' {
				break
			}
			digits++
		}
		c.decimals = max(c.decimals, min(digits, 6))
	}
}

// newKPIs are the KPIs to create, in the order the file names them.
func (r *resolver) newKPIs() []model.KPI {
	var out []model.KPI
	for _, key := range r.order {
		c := r.created[key]
		k := c.kpi
		if r.opt.decimals >= 0 {
			k.Decimals = r.opt.decimals
		} else {
			k.Decimals = c.decimals
		}
		out = append(out, k)
	}
	return out
}
