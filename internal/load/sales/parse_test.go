package sales

import (
	"math"
	"strings"
	"testing"

	"salesdeck/internal/load/config"
)

func TestParseNumber(t *testing.T) {
	tests := []struct {
		in      string
		decimal byte
		want    float64
		err     string
	}{
		{"1234.5", '.', 1234.5, ""},
		{"-99", '.', -99, ""},
		{`$1,234.50`, '.', 1234.5, ""},
		{"USD 10", '.', 10, ""},
		{"10 EUR", '.', 10, ""},
		{"(99.00)", '.', -99, ""},
		{"($1,000)", '.', -1000, ""},
		{"$(1,000)", '.', -1000, ""},
		{"-$5", '.', -5, ""},
		{"$-5", '.', -5, ""},
		{"1'234.50", '.', 1234.5, ""},
		{"−5", '.', -5, ""},
		{"1.234,50", ',', 1234.5, ""},
		{"1 234,50 €", ',', 1234.5, ""},
		{"1\u00a0234,50", ',', 1234.5, ""},
		{"-1.234.567", ',', -1234567, ""},
		{"99-", '.', -99, ""},
		{"1,5", '.', 0, "decimal comma"},
		{"12,34,567", '.', 0, "thousands separators in the wrong places"},
		{"NA", '.', 0, "not a number"},
		{"1.2.3", '.', 0, "more than one decimal separator"},
		{"Inf", '.', 0, "not a number"},
		{"NaN", '.', 0, "not a number"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseNumber(tt.in, tt.decimal)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("got %v, %v; want an error about %q", got, err, tt.err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("got %v, %v; want %v", got, err, tt.want)
			}
		})
	}
}

// A figure's decimal places, to which a load rounds the sums of its
// column (docs/internals.md, "Exact sums"), counted alike by both readers.
func TestNumberDecimals(t *testing.T) {
	tests := []struct {
		in      string
		decimal byte
		want    int
	}{
		{"12", '.', 0},
		{"3.5", '.', 1},
		{"0.125", '.', 3},
		{"-0.00", '.', 2},                  // trailing zeros count
		{"12.", '.', 0},                    //
		{"1,234.50", '.', 2},               // thousands separators
		{"$(1,000.125)", '.', 3},           // currency, accounting negative
		{"1.234,5", ',', 1},                // a decimal comma
		{"1 234,50 €", ',', 2},             //
		{"1.5e3", '.', 0},                  // 1500: the digits after the point less the exponent
		{"1.5e-3", '.', 4},                 // 0.0015
		{"2.50E+1", '.', 1},                // 25.0
		{"0.1234567890123456789", '.', 19}, // past what the quick read takes
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if _, got, err := parseNumber(tt.in, tt.decimal); err != nil || got != tt.want {
				t.Errorf("parseNumber: %d decimals, %v; want %d", got, err, tt.want)
			}
			if _, got, err := parseNumberBytes([]byte(tt.in), tt.decimal); err != nil || got != tt.want {
				t.Errorf("parseNumberBytes: %d decimals, %v; want %d", got, err, tt.want)
			}
		})
	}
}

func TestParseAutoDates(t *testing.T) {
	tests := []struct {
		in, want, err string
	}{
		{"2026-01-31", "2026-01-31", ""},
		{"2026-01-31T10:00:00Z", "2026-01-31", ""},
		{"2026-01-31 23:59:59", "2026-01-31", ""},
		{"1/31/2026", "2026-01-31", ""},
		{"1/31/2026 0:00", "2026-01-31", ""},
		{"12/1/2026 14:30", "2026-12-01", ""},
		{"31/01/2026", "", "looks day-first"},
		{"2026/01/31", "2026-01-31", ""},
		{"2026.01.31", "2026-01-31", ""},
		{"2026/02/30", "", "not a valid date"},
		{"31.01.2026", "", "looks day-first"},
		{"2026-02-30", "", "not a valid date"},
		{"yesterday", "", "not a date"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			d, _, err := parseAuto(tt.in)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("got %v, %v; want an error about %q", d, err, tt.err)
				}
				return
			}
			if err != nil || d.String() != tt.want {
				t.Fatalf("got %v, %v; want %s", d, err, tt.want)
			}
		})
	}
}

func TestMixedDateColumn(t *testing.T) {
	p := newDateParser(config.Default().Sales)
	if _, err := p.parse("2026-01-31", "data/a.csv", 2); err != nil {
		t.Fatal(err)
	}
	_, err := p.parse("2/1/2026", "data/a.csv", 3)
	want := `date "2/1/2026" is US month-first (1/31/2026) but data/a.csv:2 was ISO (2026-01-31); a column must use one format: fix the cells or set sales.date_format`
	if err == nil || err.Error() != want {
		t.Fatalf("got %v\nwant %s", err, want)
	}
}

// An explicit date_format, as a spreadsheet spells it or as a Go layout,
// reads its cells; a cell it does not read is named with the spelling
// site.yaml wrote and the common spellings that would read it.
func TestExplicitDateFormat(t *testing.T) {
	tests := []struct {
		format, cell, want, err string
	}{
		{"DD.MM.YYYY", "31.01.2026", "2026-01-31", ""},
		{"DD.MM.YYYY", "31.01.2026 14:30", "2026-01-31", ""},
		{"D.M.YYYY", "1.2.2026", "2026-02-01", ""},
		{"MM/DD/YYYY", "01/31/2026", "2026-01-31", ""},
		{"m/d/yyyy", "1/31/2026", "2026-01-31", ""},
		{"M/D/YYYY H:mm", "2/24/2003 0:00", "2003-02-24", ""},
		{"YYYY-MM-DD", "2026-01-31", "2026-01-31", ""},
		{"D/M/YYYY", "31/1/2026", "2026-01-31", ""},
		{"DD-MMM-YYYY", "31-Jan-2026", "2026-01-31", ""},
		{"02.01.2006", "31.01.2026", "2026-01-31", ""},
		{"MM/DD/YYYY", "31/01/2026", "", `date "31/01/2026" does not match date_format "MM/DD/YYYY"; the cell reads as "D/M/YYYY": set sales.date_format to the one the file uses, or fix the cell`},
		{"DD.MM.YYYY", "soon", "", `date "soon" does not match date_format "DD.MM.YYYY"; fix the cell, or write sales.date_format as the cells are written (YYYY year, MM month, DD day, as in "DD.MM.YYYY")`},
	}
	for _, tt := range tests {
		t.Run(tt.format+" "+tt.cell, func(t *testing.T) {
			sc := config.Default().Sales
			sc.DateFormat = tt.format
			var err error
			if sc.DateLayout, err = config.DateLayout(tt.format); err != nil {
				t.Fatal(err)
			}
			d, err := newDateParser(sc).parse(tt.cell, "data/a.csv", 2)
			if tt.err != "" {
				if err == nil || err.Error() != tt.err {
					t.Fatalf("got %v, %v\nwant %s", d, err, tt.err)
				}
				return
			}
			if err != nil || d.String() != tt.want {
				t.Fatalf("got %v, %v; want %s", d, err, tt.want)
			}
		})
	}
}

// FuzzParseNumber checks that no cell panics, none reads as NaN or an
// infinity, and both readers read every cell alike.
func FuzzParseNumber(f *testing.F) {
	for _, s := range []string{"$1,234.50", "(99.00)", "1.234,50", "USD 10", "-", "()", "1e999", "Inf", "12.", "-0", "1.5e-3", "0.12345678901234567"} {
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, s string, comma bool) {
		decimal := byte('.')
		if comma {
			decimal = ','
		}
		v, dec, err := parseNumber(s, decimal)
		if err == nil && (math.IsNaN(v) || math.IsInf(v, 0)) {
			t.Fatalf("%q reads as %v", s, v)
		}
		// The parallel load's quick read gives the same figure and decimals.
		vb, decb, errb := parseNumberBytes([]byte(s), decimal)
		if (err == nil) != (errb == nil) || math.Float64bits(v) != math.Float64bits(vb) || dec != decb {
			t.Fatalf("%q: parseNumber %v, %d, %v; parseNumberBytes %v, %d, %v", s, v, dec, err, vb, decb, errb)
		}
	})
}

// FuzzParseAuto checks that no cell panics and every date read is valid.
func FuzzParseAuto(f *testing.F) {
	for _, s := range []string{"2026-01-31", "1/31/2026 0:00", "31.01.2026", "2026/02/30", "1/1/1", "//"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, _, err := parseAuto(s)
		if err == nil && d.String() == "" {
			t.Fatalf("%q read as an empty date", s)
		}
	})
}
