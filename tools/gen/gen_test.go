package gen

import (
	"bytes"
	"encoding/csv"
	"io"
	"math"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"salesdeck/internal/support/civil"
)

// TestExampleData keeps the example site's data/sales.csv what the
// generator makes by default, so nobody edits it by hand.
func TestExampleData(t *testing.T) {
	const path = "../../data/sales.csv"
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var got bytes.Buffer
	if _, err := Write(&got, Default()); err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(got.Bytes(), want) {
		return
	}
	gl := strings.Split(got.String(), "\n")
	wl := strings.Split(string(want), "\n")
	for i := 0; i < len(gl) || i < len(wl); i++ {
		g, w := line(gl, i), line(wl, i)
		if g != w {
			t.Fatalf("%s:%d differs from the generator's output:\n file: %q\n  gen: %q\n"+
				"regenerate it with: go run ./tools/gendata -out data/sales.csv", path, i+1, w, g)
		}
	}
}

func line(ls []string, i int) string {
	if i < len(ls) {
		return ls[i]
	}
	return "<end of file>"
}

func generate(t *testing.T, o Options) []byte {
	t.Helper()
	var b bytes.Buffer
	if _, err := Write(&b, o); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func short() Options {
	o := Default()
	o.Start = civil.New(2025, 12, 1)
	o.End = civil.New(2026, 3, 31)
	return o
}

func TestDeterministic(t *testing.T) {
	o := short()
	a, b := generate(t, o), generate(t, o)
	if !bytes.Equal(a, b) {
		t.Fatal("two runs with the same options differ")
	}
	o.Seed++
	if bytes.Equal(a, generate(t, o)) {
		t.Fatal("another seed gives the same data")
	}
}

// TestFormat checks every row of the example data against the contract the
// example site relies on.
func TestFormat(t *testing.T) {
	o := Default()
	data := generate(t, o)
	r := csv.NewReader(bytes.NewReader(data))
	head, err := r.Read()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(head, ","); got != Header {
		t.Fatalf("header = %q, want %q", got, Header)
	}
	money := regexp.MustCompile(`^[0-9]+\.[0-9]{2}$`)
	home := map[string]string{} // rep -> region/country
	prev := ""
	n := 0
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		n++
		d, err := civil.Parse(rec[0])
		if err != nil || d < o.Start || d > o.End || rec[0] < prev {
			t.Fatalf("row %d: date %q out of order or range", n, rec[0])
		}
		prev = rec[0]
		where := rec[1] + "/" + rec[2]
		if h, ok := home[rec[7]]; ok && h != where {
			t.Fatalf("row %d: rep %s sells in %s and %s", n, rec[7], h, where)
		}
		home[rec[7]] = where
		if !money.MatchString(rec[8]) || !money.MatchString(rec[10]) {
			t.Fatalf("row %d: revenue %q or cost %q is not dollars with two decimals", n, rec[8], rec[10])
		}
		if u, err := strconv.Atoi(rec[9]); err != nil || u < 1 {
			t.Fatalf("row %d: units %q", n, rec[9])
		}
	}
	if n < 25000 || n > 40000 || len(data) > 5<<20 {
		t.Errorf("%d rows in %d bytes; the example should stay about 30k rows under 5 MB", n, len(data))
	}
	if len(home) != len(reps) {
		t.Errorf("%d reps sold, want %d", len(home), len(reps))
	}
}

func TestRows(t *testing.T) {
	o := short()
	o.Rows = 50000
	e, err := ExpectedRows(o)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(e-50000) > 1e-6 {
		t.Errorf("ExpectedRows = %v, want 50000", e)
	}
	n, err := Write(io.Discard, o)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(float64(n)-50000) > 1000 {
		t.Errorf("Rows 50000 wrote %d rows", n)
	}
}

func TestOptionErrors(t *testing.T) {
	bad := []Options{
		{Start: civil.New(2026, 1, 2), End: civil.New(2026, 1, 1)},
		{Start: civil.New(2026, 1, 1), End: civil.New(2026, 1, 1), Scale: -1},
		{Start: civil.New(2026, 1, 1), End: civil.New(2026, 1, 1), Scale: math.NaN()},
		{Start: civil.New(2026, 1, 1), End: civil.New(2026, 1, 1), Rows: -5},
	}
	for _, o := range bad {
		if _, err := Write(io.Discard, o); err == nil {
			t.Errorf("Write(%+v) succeeded, want an error", o)
		}
	}
}

func BenchmarkWriteMillion(b *testing.B) {
	o := Default()
	o.Rows = 1_000_000
	for b.Loop() {
		if _, err := Write(io.Discard, o); err != nil {
			b.Fatal(err)
		}
	}
}
