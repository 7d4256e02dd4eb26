package sales

import (
	"fmt"
	"math"

	"salesdeck/internal/diag"
)

// maxTotal bounds, per base metric column, the running total over every
// row read of the row's figure without its sign. Sums are kept per group
// (cells, breaks) and added up again by later stages over any period and
// scope, so no one group's sum tells whether a figure will overflow: a
// group can overflow while the grand total does not (+x and -x rows in
// two regions), and the grand total while no group does (one large figure
// a day). The total of |figure| bounds them all: a float64 sum of any of
// the rows, in any order, has at most the size of the float64 sum of
// their sizes, since rounding keeps order, and that differs from the
// total here only by rounding, a relative n×2⁻⁵³ for n rows. The bound
// lies that much below the largest float64 (a thousandth, good for a
// trillion rows), so every sum of the figures of data within it is
// finite; a non-finite figure (an expression's Inf - Inf) fails it too.
//
// The parallel load adds each chunk's total to the site's (a few adds a
// row) and, when a total passes the bound, leaves the data to the
// row-by-row read, which checks after each row and names the row at which
// the total first passes it.
const maxTotal = math.MaxFloat64 * (1 - 1.0/1024)

// bounded reports whether every column's total is within maxTotal.
func bounded(abs []float64) bool {
	for _, a := range abs {
		if !(a <= maxTotal) { // NaN too
			return false
		}
	}
	return true
}

// checkTotals reports the base metrics whose totals the row at file:line
// just took past maxTotal, once each, at the row's largest figure among
// the measures of the metric's expression.
func (l *loader) checkTotals(file string, line int, rec []string, col func(int) int) {
	if bounded(l.t.abs) {
		return
	}
	if l.overflow == nil {
		l.overflow = make([]bool, len(l.t.abs))
	}
	defs := l.data.Metrics.BaseDefs()
	for k, a := range l.t.abs {
		if a <= maxTotal || l.overflow[k] {
			continue
		}
		l.overflow[k] = true
		pos := diag.Pos{File: file, Line: line}
		big := -1
		for _, j := range l.baseMeas[k] {
			if big < 0 || math.Abs(l.meas[j]) > math.Abs(l.meas[big]) {
				big = j
			}
		}
		what := ""
		if big >= 0 {
			c := l.meaCols[big]
			pos.Col = col(c)
			what = fmt.Sprintf("column %q: %q makes ", l.header[c], trimSpace(rec[c]))
		}
		l.fail(pos, "%smetric %q too large to add up (its figures so far, without their signs, add up past 1.8e308); fix the figure, or check that this column holds amounts", what, defs[k].Name)
	}
}
