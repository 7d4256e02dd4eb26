package metric

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"
)

// Expr is a parsed arithmetic expression over measure names: numbers,
// names, + - * / (or − × ÷), unary minus and parentheses, with the usual
// precedence: * and / bind tighter than + and -, operators of one level
// group from the left.
type Expr struct {
	src  string
	root node
}

type node struct {
	op    byte // 0 leaf number, 'n' name, '+', '-', '*', '/', '~' negate
	num   float64
	dec   int // of a number: its decimal places as written
	name  string
	left  *node
	right *node
}

// SyntaxError is a problem in an expression, at a byte offset of it.
type SyntaxError struct {
	Offset int // 0-based
	Msg    string
}

func (e *SyntaxError) Error() string { return fmt.Sprintf("column %d: %s", e.Offset+1, e.Msg) }

// ParseExpr parses s.
func ParseExpr(s string) (*Expr, error) {
	p := &exprParser{src: s}
	p.next()
	n, err := p.sum()
	if err != nil {
		return nil, err
	}
	if p.tok != eof {
		return nil, p.errorf("unexpected %s", p.describe())
	}
	return &Expr{src: s, root: *n}, nil
}

func (e *Expr) String() string { return e.src }

// Names returns the measure names the expression uses, in order of first use.
func (e *Expr) Names() []string {
	var out []string
	var walk func(n *node)
	walk = func(n *node) {
		if n == nil {
			return
		}
		if n.op == 'n' {
			for _, o := range out {
				if o == n.name {
					return
				}
			}
			out = append(out, n.name)
		}
		walk(n.left)
		walk(n.right)
	}
	walk(&e.root)
	return out
}

// Decimals returns how many decimal places the expression's exact value
// has at most, for figures of each measure with at most dec(name): the
// most of its terms' for a sum or difference, the sum of its factors'
// for a product, a number's as written; -1 when the expression divides,
// since a quotient's decimals need not end. The sales load rounds sums to
// these decimals, so that they are the float64 nearest to the exact
// decimal sums (docs/internals.md, "Exact sums").
func (e *Expr) Decimals(dec func(name string) int) int {
	var walk func(n *node) int
	walk = func(n *node) int {
		switch n.op {
		case 0:
			return n.dec
		case 'n':
			return dec(n.name)
		case '~':
			return walk(n.left)
		case '/':
			return -1
		}
		l, r := walk(n.left), walk(n.right)
		if l < 0 || r < 0 {
			return -1
		}
		if n.op == '*' {
			return l + r
		}
		return max(l, r)
	}
	return walk(&e.root)
}

// Compile turns the expression into a function of a row's measures, where
// index maps a measure name to its position in the slice. A division by
// zero in a row yields 0 for that row: one bad row must not make a whole
// total undefined; the data loader counts such rows in its warnings.
func (e *Expr) Compile(index map[string]int) func(m []float64) (v float64, divZero bool) {
	// A single name or a difference of two names covers most real metrics;
	// they get a fast path because they run once per row.
	r := &e.root
	if r.op == 'n' {
		i := index[r.name]
		return func(m []float64) (float64, bool) { return m[i], false }
	}
	if r.op == '-' && r.left.op == 'n' && r.right.op == 'n' {
		i, j := index[r.left.name], index[r.right.name]
		return func(m []float64) (float64, bool) { return m[i] - m[j], false }
	}
	eval := compileNode(r, index)
	return func(m []float64) (float64, bool) {
		var dz bool
		v := eval(m, &dz)
		if dz {
			return 0, true
		}
		return v, false
	}
}

// compileNode turns n into a closure, resolving names to positions once
// rather than on every row.
func compileNode(n *node, index map[string]int) func(m []float64, dz *bool) float64 {
	switch n.op {
	case 0:
		v := n.num
		return func([]float64, *bool) float64 { return v }
	case 'n':
		i := index[n.name]
		return func(m []float64, _ *bool) float64 { return m[i] }
	case '~':
		x := compileNode(n.left, index)
		return func(m []float64, dz *bool) float64 { return -x(m, dz) }
	}
	l, r := compileNode(n.left, index), compileNode(n.right, index)
	switch n.op {
	case '+':
		return func(m []float64, dz *bool) float64 { return l(m, dz) + r(m, dz) }
	case '-':
		return func(m []float64, dz *bool) float64 { return l(m, dz) - r(m, dz) }
	case '*':
		return func(m []float64, dz *bool) float64 { return l(m, dz) * r(m, dz) }
	}
	return func(m []float64, dz *bool) float64 { // '/'
		d := r(m, dz)
		if d == 0 {
			*dz = true
			return 0
		}
		return l(m, dz) / d
	}
}

const (
	eof = iota
	tNum
	tName
	tOp
)

type exprParser struct {
	src  string
	pos  int // offset of the next unread byte
	tok  int
	at   int // offset of the current token
	text string
	num  float64
}

func (p *exprParser) errorf(format string, args ...any) error {
	return &SyntaxError{Offset: p.at, Msg: fmt.Sprintf(format, args...)}
}

func (p *exprParser) describe() string {
	switch p.tok {
	case eof:
		return "end of expression"
	case tNum:
		return "number " + p.text
	case tName:
		return "name " + strconv.Quote(p.text)
	}
	return strconv.Quote(p.text)
}

func isNameRune(r rune, first bool) bool {
	return r == '_' || unicode.IsLetter(r) || (!first && unicode.IsDigit(r))
}

func (p *exprParser) next() {
	for p.pos < len(p.src) && (p.src[p.pos] == ' ' || p.src[p.pos] == '\t') {
		p.pos++
	}
	p.at = p.pos
	if p.pos >= len(p.src) {
		p.tok, p.text = eof, ""
		return
	}
	rest := p.src[p.pos:]
	r := []rune(rest)[0]
	switch {
	case strings.ContainsRune("+-*/()", r):
		p.tok, p.text = tOp, string(r)
		p.pos++
	case strings.ContainsRune("−×÷", r):
		// Formulas copied from documents or spreadsheets use the
		// typographic signs; they mean the same operators.
		p.tok, p.text = tOp, map[rune]string{'−': "-", '×': "*", '÷': "/"}[r]
		p.pos += len(string(r))
	case r >= '0' && r <= '9' || r == '.':
		end := strings.IndexFunc(rest, func(r rune) bool { return !(r >= '0' && r <= '9' || r == '.') })
		if end < 0 {
			end = len(rest)
		}
		p.tok, p.text = tNum, rest[:end]
		p.num, _ = strconv.ParseFloat(p.text, 64)
		p.pos += end
	case isNameRune(r, true):
		end := strings.IndexFunc(rest, func(r rune) bool { return !isNameRune(r, false) })
		if end < 0 {
			end = len(rest)
		}
		p.tok, p.text = tName, rest[:end]
		p.pos += end
	default:
		p.tok, p.text = tOp, string(r)
		p.pos += len(string(r))
	}
}

func (p *exprParser) sum() (*node, error) {
	left, err := p.product()
	if err != nil {
		return nil, err
	}
	for p.tok == tOp && (p.text == "+" || p.text == "-") {
		op := p.text[0]
		p.next()
		right, err := p.product()
		if err != nil {
			return nil, err
		}
		left = &node{op: op, left: left, right: right}
	}
	return left, nil
}

func (p *exprParser) product() (*node, error) {
	left, err := p.unary()
	if err != nil {
		return nil, err
	}
	for p.tok == tOp && (p.text == "*" || p.text == "/") {
		op := p.text[0]
		p.next()
		right, err := p.unary()
		if err != nil {
			return nil, err
		}
		left = &node{op: op, left: left, right: right}
	}
	return left, nil
}

func (p *exprParser) unary() (*node, error) {
	if p.tok == tOp && p.text == "-" {
		p.next()
		n, err := p.unary()
		if err != nil {
			return nil, err
		}
		return &node{op: '~', left: n}, nil
	}
	return p.operand()
}

func (p *exprParser) operand() (*node, error) {
	switch {
	case p.tok == tNum:
		if strings.Count(p.text, ".") > 1 || p.text == "." {
			return nil, p.errorf("malformed number %s", p.text)
		}
		if math.IsInf(p.num, 0) {
			return nil, p.errorf("number %s is too large", p.text)
		}
		n := &node{num: p.num}
		if _, frac, ok := strings.Cut(p.text, "."); ok {
			n.dec = len(frac)
		}
		p.next()
		return n, nil
	case p.tok == tName:
		n := &node{op: 'n', name: p.text}
		p.next()
		return n, nil
	case p.tok == tOp && p.text == "(":
		open := p.at
		p.next()
		n, err := p.sum()
		if err != nil {
			return nil, err
		}
		if p.tok != tOp || p.text != ")" {
			if p.tok == eof {
				return nil, &SyntaxError{Offset: open, Msg: "unclosed parenthesis"}
			}
			return nil, p.errorf("expected ) but found %s", p.describe())
		}
		p.next()
		return n, nil
	}
	return nil, p.errorf("expected a measure name, a number or ( but found %s", p.describe())
}

// Format writes e out in another language's infix syntax, fully
// parenthesised: name renders each measure and div each division, given
// its operands as already rendered. A database source uses it to have
// the database sum the very expression a CSV read evaluates per row.
func (e *Expr) Format(name func(string) string, div func(num, den string) string) string {
	var f func(n *node) string
	f = func(n *node) string {
		switch n.op {
		case 0:
			return strconv.FormatFloat(n.num, 'g', -1, 64)
		case 'n':
			return name(n.name)
		case '~':
			return "(-" + f(n.left) + ")"
		case '/':
			return div(f(n.left), f(n.right))
		}
		return "(" + f(n.left) + " " + string(n.op) + " " + f(n.right) + ")"
	}
	return f(&e.root)
}
