package model

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
)

// Formula errors that callers tell apart: a week with a missing input shows
// "missing", a division by zero shows "n/a" — never a wrong number, Inf or NaN.
var (
	ErrMissingInput = errors.New("an input of the formula has no value")
	ErrDivByZero    = errors.New("division by zero")
	ErrBadFormula   = errors.New("bad formula")
)

// Formula is a parsed derived-KPI expression: + - * /, parentheses, numbers, KPI
// keys and the functions min, max and abs. It is parsed once and evaluated per week.
type Formula struct {
	src  string
	root node
	refs []string
	tags []string
}

type node interface {
	eval(env *evalEnv) (float64, error)
}

// evalEnv is what a formula reads while it is evaluated for one week: each
// key's value, and the keys a tag stands for (sorted, so a sum adds in one order).
type evalEnv struct {
	lookup  func(string) (float64, bool)
	members func(tag string) []string
}

type numNode float64
type refNode string
type negNode struct{ x node }
type binNode struct {
	op   byte
	l, r node
}
type callNode struct {
	fn   string
	args []node
}

func (n numNode) eval(*evalEnv) (float64, error) { return float64(n), nil }

func (n refNode) eval(env *evalEnv) (float64, error) {
	v, ok := env.lookup(string(n))
	if !ok {
		return 0, fmt.Errorf("%w (%s)", ErrMissingInput, string(n))
	}
	return v, nil
}

func (n negNode) eval(env *evalEnv) (float64, error) {
	v, err := n.x.eval(env)
	return -v, err
}

func (n binNode) eval(env *evalEnv) (float64, error) {
	l, err := n.l.eval(env)
	if err != nil {
		return 0, err
	}
	r, err := n.r.eval(env)
	if err != nil {
		return 0, err
	}
	switch n.op {
	case '+':
		return l + r, nil
	case '-':
		return l - r, nil
	case '*':
		return l * r, nil
	default:
		if r == 0 {
			return 0, ErrDivByZero
		}
		return l / r, nil
	}
}

func (n callNode) eval(env *evalEnv) (float64, error) {
	vals := make([]float64, len(n.args))
	for i, a := range n.args {
		v, err := a.eval(env)
		if err != nil {
			return 0, err
		}
		vals[i] = v
	}
	switch n.fn {
	case "abs":
		return math.Abs(vals[0]), nil
	case "min":
		m := vals[0]
		for _, v := range vals[1:] {
			m = math.Min(m, v)
		}
		return m, nil
	default:
		m := vals[0]
		for _, v := range vals[1:] {
			m = math.Max(m, v)
		}
		return m, nil
	}
}

// ParseFormula parses an expression like "won / created * 100" or
// "max(0, mrr - churned_mrr)". Errors say where and what.
func ParseFormula(src string) (*Formula, error) {
	p := &formulaParser{src: src}
	if err := p.lex(); err != nil {
		return nil, err
	}
	if len(p.toks) == 0 {
		return nil, fmt.Errorf("%w: empty", ErrBadFormula)
	}
	root, err := p.expr()
	if err != nil {
		return nil, err
	}
	if p.pos < len(p.toks) {
		return nil, fmt.Errorf("%w: unexpected %q", ErrBadFormula, p.toks[p.pos].text)
	}
	return &Formula{src: src, root: root, refs: sortedSet(p.refs), tags: sortedSet(p.tags)}, nil
}

// sortedSet is the keys of set, sorted (nil for none).
func sortedSet(set map[string]bool) []string {
	var out []string
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Refs are the KPI keys the formula names, sorted (not those a tag stands for;
// see Inputs).
func (f *Formula) Refs() []string { return f.refs }

// Tags are the tags the formula aggregates over (sum(tag:store)), sorted.
func (f *Formula) Tags() []string { return f.tags }

// String is the formula as written.
func (f *Formula) String() string { return f.src }

// Eval computes the formula with lookup giving each key's value for the week
// (ok=false when the input has no value). The result is always finite.
func (f *Formula) Eval(lookup func(key string) (float64, bool)) (float64, error) {
	return f.EvalWith(lookup, func(string) []string { return nil })
}

// EvalWith is Eval for a formula that aggregates over tags: members gives the
// keys each tag stands for (TagMembers).
func (f *Formula) EvalWith(lookup func(key string) (float64, bool), members func(tag string) []string) (float64, error) {
	v, err := f.root.eval(&evalEnv{lookup: lookup, members: members})
	if err != nil {
		return 0, err
	}
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, ErrDivByZero
	}
	return v, nil
}

type tokKind int

const (
	tokNum tokKind = iota
	tokIdent
	tokOp
	tokTag // tag:store, the argument of a tag aggregate
)

type token struct {
	kind tokKind
	text string
	num  float64
}

type formulaParser struct {
	src  string
	toks []token
	pos  int
	refs map[string]bool // keys named
	tags map[string]bool // tags aggregated over
}

func isFunc(s string) bool { return s == "min" || s == "max" || s == "abs" }

func (p *formulaParser) lex() error {
	s := p.src
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t':
			i++
		case strings.IndexByte("+-*/(),", c) >= 0:
			p.toks = append(p.toks, token{kind: tokOp, text: string(c)})
			i++
		case c >= '0' && c <= '9' || c == '.':
			j := i
			for j < len(s) && (s[j] >= '0' && s[j] <= '9' || s[j] == '.' || s[j] == 'e' || s[j] == 'E' ||
				((s[j] == '+' || s[j] == '-') && j > i && (s[j-1] == 'e' || s[j-1] == 'E'))) {
				j++
			}
			f, err := strconv.ParseFloat(s[i:j], 64)
			if err != nil || math.IsInf(f, 0) {
				return fmt.Errorf("%w: %q is not a number", ErrBadFormula, s[i:j])
			}
			p.toks = append(p.toks, token{kind: tokNum, text: s[i:j], num: f})
			i = j
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_':
			j := i
			for j < len(s) && (s[j] >= 'a' && s[j] <= 'z' || s[j] >= 'A' && s[j] <= 'Z' || s[j] >= '0' && s[j] <= '9' || s[j] == '_') {
				j++
			}
			id := strings.ToLower(s[i:j])
			if id == "tag" && j < len(s) && s[j] == ':' {
				tag, next, err := lexTag(s, j+1)
				if err != nil {
					return err
				}
				p.toks = append(p.toks, token{kind: tokTag, text: tag})
				i = next
				continue
			}
			if !isFunc(id) {
				if err := ValidKey(id); err != nil {
					return fmt.Errorf("%w: %v", ErrBadFormula, err)
				}
			}
			p.toks = append(p.toks, token{kind: tokIdent, text: id})
			i = j
		default:
			return fmt.Errorf("%w: unexpected character %q; use + - * / ( ), numbers, KPI keys, min max abs, sum(tag:NAME)", ErrBadFormula, rune(c))
		}
	}
	return nil
}

func (p *formulaParser) peek(op string) bool {
	return p.pos < len(p.toks) && p.toks[p.pos].kind == tokOp && p.toks[p.pos].text == op
}

// expr := term (('+'|'-') term)*
func (p *formulaParser) expr() (node, error) {
	l, err := p.term()
	if err != nil {
		return nil, err
	}
	for p.peek("+") || p.peek("-") {
		op := p.toks[p.pos].text[0]
		p.pos++
		r, err := p.term()
		if err != nil {
			return nil, err
		}
		l = binNode{op: op, l: l, r: r}
	}
	return l, nil
}

// term := unary (('*'|'/') unary)*
func (p *formulaParser) term() (node, error) {
	l, err := p.unary()
	if err != nil {
		return nil, err
	}
	for p.peek("*") || p.peek("/") {
		op := p.toks[p.pos].text[0]
		p.pos++
		r, err := p.unary()
		if err != nil {
			return nil, err
		}
		l = binNode{op: op, l: l, r: r}
	}
	return l, nil
}

// unary := '-' unary | primary
func (p *formulaParser) unary() (node, error) {
	if p.peek("-") {
		p.pos++
		x, err := p.unary()
		if err != nil {
			return nil, err
		}
		return negNode{x}, nil
	}
	if p.peek("+") {
		p.pos++
		return p.unary()
	}
	return p.primary()
}

// primary := number | key | func '(' expr (',' expr)* ')' | '(' expr ')'
func (p *formulaParser) primary() (node, error) {
	if p.pos >= len(p.toks) {
		return nil, fmt.Errorf("%w: ends too early", ErrBadFormula)
	}
	t := p.toks[p.pos]
	p.pos++
	switch {
	case t.kind == tokNum:
		return numNode(t.num), nil
	case t.kind == tokIdent && isTagFunc(t.text) && p.peek("(") && p.pos+1 < len(p.toks) && p.toks[p.pos+1].kind == tokTag:
		return p.tagAggregate(t.text)
	case t.kind == tokTag:
		return nil, fmt.Errorf("%w: tag:%s must be inside sum, avg, min, max or count, like sum(tag:%s)", ErrBadFormula, t.text, t.text)
	case t.kind == tokIdent && isFunc(t.text):
		if !p.peek("(") {
			return nil, fmt.Errorf("%w: %s needs parentheses, like %s(a, b)", ErrBadFormula, t.text, t.text)
		}
		p.pos++
		var args []node
		for {
			a, err := p.expr()
			if err != nil {
				return nil, err
			}
			args = append(args, a)
			if p.peek(",") {
				p.pos++
				continue
			}
			break
		}
		if !p.peek(")") {
			return nil, fmt.Errorf("%w: missing ) after %s(", ErrBadFormula, t.text)
		}
		p.pos++
		if t.text == "abs" && len(args) != 1 {
			return nil, fmt.Errorf("%w: abs takes one argument", ErrBadFormula)
		}
		return callNode{fn: t.text, args: args}, nil
	case t.kind == tokIdent:
		if p.refs == nil {
			p.refs = map[string]bool{}
		}
		p.refs[t.text] = true
		return refNode(t.text), nil
	case t.text == "(":
		e, err := p.expr()
		if err != nil {
			return nil, err
		}
		if !p.peek(")") {
			return nil, fmt.Errorf("%w: missing )", ErrBadFormula)
		}
		p.pos++
		return e, nil
	}
	return nil, fmt.Errorf("%w: unexpected %q", ErrBadFormula, t.text)
}

// FormulaCycle checks the formulas of a whole set of KPIs: every key a formula reads
// must exist (and not be archived away), and no formula may depend on itself,
// directly or through others. It is run on every save of a KPI.
func FormulaCycle(kpis []KPI) error {
	byKey := make(map[string]KPI, len(kpis))
	for _, k := range kpis {
		byKey[k.Key] = k
	}
	deps := map[string][]string{}
	for _, k := range kpis {
		if !k.Derived() || k.Archived {
			// an archived derived KPI is never computed again; its formula may
			// read KPIs that were archived with it
			continue
		}
		f, err := ParseFormula(k.Formula)
		if err != nil {
			return fmt.Errorf("%s: %w", k.Key, err)
		}
		for _, r := range f.Refs() {
			in, ok := byKey[r]
			if !ok {
				return fmt.Errorf("%w in %s: no KPI has the key %q", ErrBadFormula, k.Key, r)
			}
			if in.Archived {
				return fmt.Errorf("%w in %s: %q is archived; restore it or change the formula", ErrBadFormula, k.Key, r)
			}
		}
		deps[k.Key] = f.Inputs(k.Key, kpis)
	}
	const (
		white = iota
		grey
		black
	)
	color := map[string]int{}
	var visit func(key string, path []string) error
	visit = func(key string, path []string) error {
		switch color[key] {
		case grey:
			return fmt.Errorf("%w: a cycle %s", ErrBadFormula, strings.Join(append(path, key), " → "))
		case black:
			return nil
		}
		color[key] = grey
		for _, d := range deps[key] {
			if err := visit(d, append(path, key)); err != nil {
				return err
			}
		}
		color[key] = black
		return nil
	}
	keys := make([]string, 0, len(deps))
	for k := range deps {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if err := visit(k, nil); err != nil {
			return err
		}
	}
	return nil
}
