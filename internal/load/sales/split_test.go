package sales

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// TestSplitterFields cuts unquoted lines of every length up to a few
// words, delimiters anywhere (the splitter reads eight bytes at a time, the
// last eight of a line less those read), and checks the fields against
// strings.Split, and that a line with a field too many or too few is
// refused.
func TestSplitterFields(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for n := range 40 {
		for range 50 {
			b := make([]byte, n)
			for i := range b {
				b[i] = "ab;,,"[r.IntN(5)]
			}
			line := string(b)
			want := strings.Split(line, ",")
			for _, end := range []string{"\n", "\r\n", ""} {
				data := "x\n" + line + end // a record that starts after another
				for _, nf := range []int{len(want), len(want) + 1, len(want) - 1} {
					if nf < 1 {
						continue
					}
					sp := newSplitter(',', nf)
					next, ok := sp.record([]byte(data), 2, true)
					if ok != (nf == len(want)) {
						t.Fatalf("%q with %d fields: ok %v", data, nf, ok)
					}
					if !ok {
						continue
					}
					if next != len(data) {
						t.Errorf("%q: next %d, want %d", data, next, len(data))
					}
					var got []string
					for k := range sp.count() {
						got = append(got, string(sp.field(k)))
					}
					if !slices.Equal(got, want) {
						t.Errorf("%q: fields %q, want %q", data, got, want)
					}
				}
			}
		}
	}
}
