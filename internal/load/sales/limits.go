package sales

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"

	"salesdeck/internal/support/diag"
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
		name := fmt.Sprintf("metric %q", defs[k].Name)
		if defs[k].Hidden {
			name = fmt.Sprintf("the volume %q (analysis.volume)", defs[k].Expr)
		}
		l.fail(pos, "%s%s too large to add up (its figures so far, without their signs, add up past 1.8e308); fix the figure, or check that this column holds amounts", what, name)
	}
}

// maxRecord is the most bytes a record (a row, with every line of its
// quoted cells and its line end) may hold, as UTF-8. Both readers refuse a
// longer one, so that memory stays flat on any file: encoding/csv would
// read a cell of hundreds of megabytes whole, several times over, and a
// quote never closed turns the rest of the file into one cell. Sales rows
// are a few hundred bytes.
const maxRecord = 1 << 20

// errTooLong stops the parallel load at a record longer than maxRecord,
// which the row-by-row read then reports.
var errTooLong = errors.New("a record longer than 1 MB")

// recordGuard passes a file's text to encoding/csv while it follows the
// records as the splitter cuts them: a line end ends a record where the
// record so far holds an even number of quotes, which is true of every
// record encoding/csv accepts, up to the first it does not. It stops the
// text at the first record longer than maxRecord with an error saying
// where the record, or the quoted cell it is in, starts; and at the end
// of the file it tells a quoted cell never closed from text after a
// closing quote, which encoding/csv reports alike (see unclosed).
type recordGuard struct {
	r    io.Reader
	file string
	err  error // to return once the text before it is read

	off       int64 // of the next byte
	line      int   // of the next byte, from 1
	lineStart int64 // the offset where line starts
	recStart  int64 // where the record being read starts
	recLine   int
	inside    bool // in a quoted cell
	open      diag.Pos
	closed    int64 // just after the last closing quote: a quote there is a doubled one
	eof       bool
}

func newRecordGuard(r io.Reader, file string) *recordGuard {
	return &recordGuard{r: r, file: file, line: 1, recLine: 1, closed: -1}
}

func (g *recordGuard) Read(p []byte) (int, error) {
	if g.err != nil {
		return 0, g.err
	}
	n, err := g.r.Read(p)
	if err == io.EOF {
		g.eof = true
	}
	base := g.off
	for i := 0; i < n; {
		k := bytes.IndexAny(p[i:n], "\"\n")
		last := n - 1 // the last byte this step takes
		if k >= 0 {
			last = i + k
		}
		if over := g.recStart + maxRecord; base+int64(last) >= over {
			g.err = g.tooLong()
			cut := int(over - base)
			g.off = base + int64(cut)
			if cut == 0 {
				return 0, g.err
			}
			return cut, nil
		}
		if k < 0 {
			break
		}
		at := base + int64(last)
		if p[last] == '"' {
			switch {
			case g.inside:
				g.inside, g.closed = false, at+1
			case at == g.closed:
				g.inside = true // a doubled quote: the cell goes on
			default:
				g.inside = true
				g.open = diag.Pos{File: g.file, Line: g.line, Col: int(at-g.lineStart) + 1}
			}
		} else {
			g.line++
			g.lineStart = at + 1
			if !g.inside {
				g.recStart, g.recLine = at+1, g.line
			}
		}
		i = last + 1
	}
	g.off = base + int64(n)
	return n, err
}

// tooLong is the error about the record being read, which passes
// maxRecord.
func (g *recordGuard) tooLong() error {
	if g.inside {
		return diag.Errorf(g.open, `a quoted cell starts here and runs on past 1 MB, the most a row may hold: is its closing " missing? close the quote, or double every " inside the cell`)
	}
	return diag.Errorf(diag.Pos{File: g.file, Line: g.recLine, Col: 1}, "this row is longer than 1 MB, the most a row may hold: check that the file is CSV and that sales.delimiter is right")
}

// unclosed returns where the quoted cell starts that encoding/csv's
// ErrQuote pe is about when the cell is never closed: the file ended in
// it. Text after a closing quote, the other cause of ErrQuote, is reported
// before the quote that would have opened a cell at the end.
func (g *recordGuard) unclosed(pe *csv.ParseError) (diag.Pos, bool) {
	if !g.eof || !g.inside || pe.Line < g.open.Line || pe.Line == g.open.Line && pe.Column <= g.open.Col {
		return diag.Pos{}, false
	}
	return g.open, true
}

// looksUTF16 reports whether a file that starts with head is UTF-16, as
// Excel saves "Unicode Text": a byte-order mark (FF FE or FE FF), or, in
// the first bytes, a NUL in every other byte (ASCII in UTF-16) and none
// in between. UTF-8 text has neither; encoding/csv would read the header
// as one column and report every row as having the wrong number of
// fields.
func looksUTF16(head []byte) bool {
	if len(head) >= 2 && (head[0] == 0xFF && head[1] == 0xFE || head[0] == 0xFE && head[1] == 0xFF) {
		return true
	}
	n := min(len(head), 256) &^ 1
	if n < 4 {
		return false
	}
	var even, odd int
	for i := 0; i < n; i += 2 {
		if head[i] == 0 {
			even++
		}
		if head[i+1] == 0 {
			odd++
		}
	}
	return even == 0 && 2*odd >= n/2 || odd == 0 && 2*even >= n/2
}

// errUTF16 is the error about a UTF-16 file.
func errUTF16(file string) error {
	return diag.Errorf(diag.Pos{File: file, Line: 1}, `the file is UTF-16 text (as Excel saves "Unicode Text"), which salesdeck does not read: save it as UTF-8, in Excel as "CSV UTF-8 (Comma delimited)"`)
}
