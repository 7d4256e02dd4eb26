package metric

import (
	"strings"
	"testing"
)

// The measures of one row: revenue 100, cost 60, units 4, discount 0.
var (
	row   = []float64{100, 60, 4, 0}
	index = map[string]int{"revenue": 0, "cost": 1, "units": 2, "discount": 3}
)

func TestExprValues(t *testing.T) {
	tests := []struct {
		expr string
		want float64
	}{
		{"revenue", 100},
		{"revenue - cost", 40},
		{"revenue + cost * units", 340},      // * before +
		{"(revenue + cost) * units", 640},    // parentheses first
		{"revenue - cost - units", 36},       // left to right
		{"revenue / units / 5", 5},           // left to right
		{"revenue / (units / 2)", 50},        //
		{"-revenue + cost", -40},             // unary minus
		{"revenue - -cost", 160},             // unary after binary
		{"-(revenue - cost) * 2", -80},       //
		{"revenue * 0.9 - 10", 80},           // numbers
		{"(revenue − cost) × units ÷ 2", 80}, // typographic signs
		{"  revenue-cost  ", 40},             // spacing is free
		{"((units))", 4},                     //
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			e, err := ParseExpr(tt.expr)
			if err != nil {
				t.Fatal(err)
			}
			got, dz := e.Compile(index)(row)
			if got != tt.want || dz {
				t.Errorf("= %v (division by zero: %v), want %v", got, dz, tt.want)
			}
		})
	}
}

// The decimal places of an expression's exact value, for figures of
// revenue and cost with 2, units with 0 and weight with 3: the sales load
// rounds sums to them (docs/internals.md, "Exact sums").
func TestExprDecimals(t *testing.T) {
	dec := map[string]int{"revenue": 2, "cost": 2, "units": 0, "weight": 3}
	tests := []struct {
		expr string
		want int
	}{
		{"revenue", 2},
		{"units", 0},
		{"revenue - cost", 2},          // the most of the terms
		{"revenue + weight", 3},        //
		{"units * revenue", 2},         // the sum of the factors
		{"weight * revenue", 5},        //
		{"-weight", 3},                 // unary minus changes nothing
		{"revenue * 0.9", 3},           // a number has its decimals as written
		{"revenue * 1.50 - cost", 4},   // trailing zeros count
		{"units * 2", 0},               //
		{"revenue / units", -1},        // a quotient's decimals need not end
		{"(revenue - cost) / 2", -1},   //
		{"revenue + cost / units", -1}, // anywhere in the expression
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			e, err := ParseExpr(tt.expr)
			if err != nil {
				t.Fatal(err)
			}
			if got := e.Decimals(func(name string) int { return dec[name] }); got != tt.want {
				t.Errorf("%d decimals, want %d", got, tt.want)
			}
		})
	}
}

func TestExprDivisionByZero(t *testing.T) {
	// One row with nothing to divide by counts 0 and is reported; it must
	// not make a whole total undefined.
	e, err := ParseExpr("revenue / discount + cost")
	if err != nil {
		t.Fatal(err)
	}
	if got, dz := e.Compile(index)(row); got != 0 || !dz {
		t.Errorf("= %v, %v; want 0, true", got, dz)
	}
}

func TestExprErrors(t *testing.T) {
	tests := []struct {
		expr   string
		offset int
		msg    string
	}{
		{"", 0, "expected a measure name, a number or ( but found end of expression"},
		{"revenue -", 9, "found end of expression"},
		{"revenue cost", 8, `unexpected name "cost"`},
		{"(revenue - cost", 0, "unclosed parenthesis"},
		{"revenue - cost)", 14, `unexpected ")"`},
		{"revenue * * cost", 10, `found "*"`},
		{"revenue % cost", 8, `unexpected "%"`},
		{"1.2.3 * units", 0, "malformed number 1.2.3"},
		{"revenue * 1" + strings.Repeat("0", 400), 10, "is too large"},
		{"(revenue - cost units)", 16, `expected ) but found name "units"`},
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			_, err := ParseExpr(tt.expr)
			se, ok := err.(*SyntaxError)
			if !ok || se.Offset != tt.offset || !strings.Contains(se.Msg, tt.msg) {
				t.Errorf("got %v, want an error at offset %d about %q", err, tt.offset, tt.msg)
			}
		})
	}
}

func TestExprNames(t *testing.T) {
	e, err := ParseExpr("revenue - cost * (revenue / units)")
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(e.Names(), ","); got != "revenue,cost,units" {
		t.Errorf("names %s, want revenue,cost,units", got)
	}
}

func mustExpr(s string) *Expr {
	e, err := ParseExpr(s)
	if err != nil {
		panic(err)
	}
	return e
}

func TestRatioIsRecomputed(t *testing.T) {
	set, err := NewSet([]Def{
		{Name: "revenue", Kind: Sum, Expr: mustExpr("revenue")},
		{Name: "gross_profit", Kind: Sum, Expr: mustExpr("revenue - cost")},
		{Name: "orders", Kind: Count},
		{Name: "margin", Kind: Ratio, Ratio: [2]string{"gross_profit", "revenue"}},
		{Name: "avg_order", Kind: Ratio, Ratio: [2]string{"revenue", "orders"}},
		{Name: "margin_per_order", Kind: Ratio, Ratio: [2]string{"margin", "orders"}},
	}, []string{"revenue", "cost"})
	if err != nil {
		t.Fatal(err)
	}
	// Two months, margins 0.1 (10 of 100) and 1.0 (900 of 900), summed
	// into one vector of base sums: revenue, gross_profit, orders.
	sums := []float64{1000, 910, 4}
	tests := []struct {
		name string
		want float64
		ok   bool
	}{
		{"revenue", 1000, true},
		{"orders", 4, true},
		{"margin", 0.91, true}, // not 0.1 + 1.0, not their mean
		{"avg_order", 250, true},
		{"margin_per_order", 0.91 / 4, true},
	}
	for _, tt := range tests {
		got, ok := set.Value(tt.name, sums)
		if got != tt.want || ok != tt.ok {
			t.Errorf("%s = %v, %v; want %v, %v", tt.name, got, ok, tt.want, tt.ok)
		}
	}
	if _, ok := set.Value("margin", []float64{0, 0, 0}); ok {
		t.Error("margin of no revenue is defined; want undefined")
	}
	if v, ok := set.Value("revenue", []float64{0, 0, 0}); v != 0 || !ok {
		t.Errorf("revenue of no rows = %v, %v; want 0, defined", v, ok)
	}
}

func TestSetErrors(t *testing.T) {
	tests := []struct {
		name string
		defs []Def
		want string
	}{
		{"unknown measure", []Def{{Name: "gp", Kind: Sum, Expr: mustExpr("revenue - cots")}},
			`metric "gp": unknown measure "cots" (did you mean "cost"?)`},
		{"unknown ratio part", []Def{{Name: "revenue", Kind: Sum, Expr: mustExpr("revenue")}, {Name: "m", Kind: Ratio, Ratio: [2]string{"revenu", "revenue"}}},
			`metric "m": unknown metric "revenu" in ratio (did you mean "revenue"?)`},
		{"cycle", []Def{{Name: "a", Kind: Ratio, Ratio: [2]string{"b", "b"}}, {Name: "b", Kind: Ratio, Ratio: [2]string{"a", "a"}}},
			`metric "a" is defined in terms of itself`},
		{"twice", []Def{{Name: "a", Kind: Count}, {Name: "a", Kind: Count}},
			`metric "a" is defined twice`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewSet(tt.defs, []string{"revenue", "cost"})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want %q", err, tt.want)
			}
		})
	}
}

// FuzzParseExpr checks that no input panics, that errors point inside the
// text, and that what parses can be evaluated.
func FuzzParseExpr(f *testing.F) {
	for _, s := range []string{"revenue - cost", "(a + b) * -c / 2", "((", "1.2.3", "a × b ÷ c − d", ")"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e, err := ParseExpr(s)
		if err != nil {
			if se, ok := err.(*SyntaxError); !ok || se.Offset < 0 || se.Offset > len(s) {
				t.Fatalf("error %v is not a SyntaxError inside %q", err, s)
			}
			return
		}
		idx := map[string]int{}
		for _, n := range e.Names() {
			idx[n] = 0
		}
		e.Compile(idx)([]float64{1})
	})
}

func TestExprFormat(t *testing.T) {
	name := func(n string) string { return `"` + n + `"` }
	div := func(num, den string) string { return "div(" + num + ", " + den + ")" }
	for _, tt := range []struct{ expr, want string }{
		{"revenue", `"revenue"`},
		{"revenue - cost", `("revenue" - "cost")`},
		{"-cost + 2.5 * units", `((-"cost") + (2.5 * "units"))`},
		{"revenue / (units - 1)", `div("revenue", ("units" - 1))`},
		{"1000000 * x", `(1e+06 * "x")`},
	} {
		e, err := ParseExpr(tt.expr)
		if err != nil {
			t.Fatal(err)
		}
		if got := e.Format(name, div); got != tt.want {
			t.Errorf("%s: got %s, want %s", tt.expr, got, tt.want)
		}
	}
}

// The hidden volume column is a base column: the count_distinct columns
// move on past it and no column is shared.
func TestVolumeBeforeDistinct(t *testing.T) {
	rev, err := ParseExpr("revenue")
	if err != nil {
		t.Fatal(err)
	}
	s, err := NewSet([]Def{
		{Name: "revenue", Kind: Sum, Expr: rev},
		{Name: "orders", Kind: Distinct, Column: "Order ID"},
		{Name: "lines", Kind: Count},
		{Name: "customers", Kind: Distinct, Column: "Customer"},
	}, []string{"revenue", "units"})
	if err != nil {
		t.Fatal(err)
	}
	s.UseVolume("units")
	if s.Base() != 3 || s.Width() != 5 || s.Distinct() != 2 {
		t.Fatalf("base %d, width %d, distinct %d; want 3, 5, 2", s.Base(), s.Width(), s.Distinct())
	}
	want := map[string]int{"revenue": 0, "lines": 1, Volume: 2, "orders": 3, "customers": 4}
	for name, c := range want {
		if got := s.Column(name); got != c {
			t.Errorf("Column(%q) = %d, want %d", name, got, c)
		}
	}
	if !s.Additive(s.Column(Volume)) || s.Additive(s.Column("orders")) {
		t.Error("the volume column must add up and a distinct one must not")
	}
	if got := len(s.BaseDefs()); got != 3 {
		t.Errorf("%d base defs, want 3", got)
	}
}
