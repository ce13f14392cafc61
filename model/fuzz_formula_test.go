package model

import (
	"errors"
	"math"
	"testing"
)

// FuzzParseFormula: any text either parses into a formula whose references are
// valid keys and whose evaluation is a finite number or a clear error, or is
// refused with ErrBadFormula; it never panics or loops.
func FuzzParseFormula(f *testing.F) {
	for _, s := range []string{
		"won / created * 100", "(a + b) / 2", "a - -b", "mrr * 12", "1 / 0", "a /", "((a)", "a b", "",
		"3.5e2 * x", "a * (b + (c - d)) / e", "min(a, b)", "a % b", "1e400 * a", "-(-(-a))", "a+", "_a", "A",
		"((((((((((a))))))))))", "a / (b - b)",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		fm, err := ParseFormula(src)
		if err != nil {
			if !errors.Is(err, ErrBadFormula) {
				t.Fatalf("ParseFormula(%q) error %v does not wrap ErrBadFormula", src, err)
			}
			return
		}
		for _, r := range fm.Refs() {
			if ValidKey(r) != nil {
				t.Fatalf("ParseFormula(%q) refers to %q, not a valid key", src, r)
			}
		}
		for _, input := range []float64{0, 1, -3, 1e15} {
			v, err := fm.Eval(func(string) (float64, bool) { return input, true })
			if err == nil && (math.IsNaN(v) || math.IsInf(v, 0)) {
				t.Fatalf("%q with every input %v = %v: a non-finite result without an error", src, input, v)
			}
		}
		if _, err := fm.Eval(func(string) (float64, bool) { return 0, false }); err == nil && len(fm.Refs()) > 0 {
			t.Fatalf("%q evaluated without its inputs", src)
		}
	})
}
