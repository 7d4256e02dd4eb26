package sales

import (
	"bytes"
	"testing"

	"salesdeck/tools/gen"
)

// BenchmarkSplit cuts the records of generated sales data into fields
// (the splitter alone, no aggregation).
func BenchmarkSplit(b *testing.B) {
	var buf bytes.Buffer
	o := gen.Default()
	o.Rows = 100_000
	if _, err := gen.Write(&buf, o); err != nil {
		b.Fatal(err)
	}
	data := buf.Bytes()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		sp := newSplitter(',', 11)
		pos := 0
		for {
			if pos = sp.skip(data, pos, true); pos == len(data) {
				break
			}
			next, ok := sp.record(data, pos, true)
			if !ok {
				b.Fatal("bad record")
			}
			pos = next
		}
	}
}
