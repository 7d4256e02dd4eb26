package sales

import (
	"math"
	"runtime"
	"slices"
	"sync"

	"salesdeck/internal/support/metric"
)

// Exact sums (docs/internals.md, "Exact sums"). A database given a Need's
// queries sums NUMERIC or Decimal columns exactly and prints the sums as
// decimal text, which an Assembler reads into the float64 nearest to
// each. Rows read from CSV are added up in float64, whose every addition
// may round, so the same rows would give sums a few last bits apart, and
// a site built from either would print other figures. So a CSV load ends
// by rounding every group's sum of a column to the most decimal places
// among the figures the column sums: the float64 sum is within a tiny
// error of the exact decimal sum, which has no more decimals than that,
// and rounding takes it back to that sum's nearest float64. There is one
// way of summing, the float64 one, and this one pass after it.

// maxRoundDecimals is the most decimal places sums are rounded to: p =
// 10^D must be exact (pow10).
const maxRoundDecimals = 15

// columnDecimals returns, per base column, the most decimal places the
// exact value of its expression has for any row, given the most of each
// measure's figures (meas, indexed like the measures); -1 for a column
// not to round: a count, whose sums are whole numbers already, and an
// expression that divides.
func (l *loader) columnDecimals(meas []int) []int {
	index := map[string]int{}
	for j, name := range l.data.Measures {
		index[name] = j
	}
	defs := l.data.Metrics.BaseDefs()
	out := make([]int, len(defs))
	for c, d := range defs {
		out[c] = -1
		if d.Kind == metric.Sum {
			out[c] = d.Expr.Decimals(func(name string) int { return meas[index[name]] })
		}
	}
	return out
}

// exact reports whether every sum of the rows, of any of their groups,
// rounds back to its exact value (RoundTo): each sum column has
// decimals, and its figures without their signs add up (abs) to under
// the 10^15 units of its last decimal past which roundSum leaves a sum as
// it is; a count is a whole number anyway. A column that divides has no
// decimals, so its figures keep the last digits of their grouping.
func (l *loader) exact(dec []int, abs []float64) bool {
	for c, d := range l.data.Metrics.BaseDefs() {
		if d.Kind != metric.Sum {
			continue
		}
		if dec[c] < 0 || dec[c] > maxRoundDecimals || !(abs[c]*pow10[dec[c]] < 1e15) {
			return false
		}
	}
	return true
}

// roundSums rounds every group's sum of base column c, the cells'
// and the break groups', to dec[c] decimal places (see roundSum).
func roundSums(d *Data, dec []int) {
	p := make([]float64, len(dec)) // 0: not rounded
	for c, n := range dec {
		if n >= 0 && n <= maxRoundDecimals {
			p[c] = pow10[n]
		}
	}
	roundGroups(d.Sums, p)
	for _, b := range d.Breaks {
		bp := make([]float64, len(b.Cols))
		for k, c := range b.Cols {
			bp[k] = p[c]
		}
		for _, s := range b.Segs {
			roundGroups(s.Sums, bp)
		}
	}
}

// roundGroups rounds sums, len(p) per group, each to its column's p (0
// for a column not rounded). Many groups are shared out among the cores:
// at the end of a load nothing else is left to run on them.
func roundGroups(sums []float64, p []float64) {
	w := len(p)
	if !slices.ContainsFunc(p, func(pc float64) bool { return pc != 0 }) {
		return
	}
	round := func(part []float64) {
		for c, pc := range p {
			if pc == 0 {
				continue
			}
			for i := c; i < len(part); i += w {
				part[i] = roundSum(part[i], pc)
			}
		}
	}
	n := len(sums) / w
	if n < parallelSort {
		round(sums)
		return
	}
	parts := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	for k := range parts {
		wg.Go(func() { round(sums[k*n/parts*w : (k+1)*n/parts*w]) })
	}
	wg.Wait()
}

// RoundTo returns v rounded to dec decimal places as roundSum does; v
// itself when dec is negative or too many.
func RoundTo(v float64, dec int) float64 {
	if dec < 0 || dec > maxRoundDecimals {
		return v
	}
	return roundSum(v, pow10[dec])
}

// roundSum returns the float64 nearest to v rounded to the decimals of
// p = 10^D: math.Round(v·p) is the whole number N of units of the last
// decimal, and N/p, a quotient of two float64 that are exact, is
// correctly rounded, the very float64 strconv.ParseFloat makes of the
// decimal. That holds while N has at most 15 digits: v then tells N from
// its neighbours with room to spare for the error float64 additions
// leave (a float64 nearer 2⁵³ units may be a unit off, even when it is
// the nearest to the exact sum). Larger sums are left as they are, and
// agree with the exact sums to about 15 significant digits. A sum of 0
// is +0, as a database prints it, never -0.
func roundSum(v, p float64) float64 {
	x := v * p
	if !(math.Abs(x) < 1e15) {
		return v
	}
	r := math.Round(x) / p
	if r == 0 {
		return 0
	}
	return r
}
