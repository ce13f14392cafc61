package model

import "testing"

// BenchmarkParseValue is one typed value parsed, as the entry form, kpi set and
// every row of an import do.
func BenchmarkParseValue(b *testing.B) {
	inputs := []string{"1,234.5", "12k", "3.4M", "45%", "$1,200", "-3", "1.2e3"}
	for i := 0; b.Loop(); i++ {
		if _, err := ParseValue(inputs[i%len(inputs)]); err != nil {
			b.Fatal(err)
		}
	}
}
