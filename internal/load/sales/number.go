package sales

import (
	"errors"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ParseNumber reads a measure cell as spreadsheets export it: thousands
// separators, a currency symbol or ISO code before or after the figure,
// a leading or trailing minus, and accounting negatives in parentheses.
// decimal is '.' or ','. Thousands groups must have three digits, so that
// a decimal comma in a file declared with '.' decimals is caught instead of
// being read as a figure a thousand times too large.
func ParseNumber(s string, decimal byte) (float64, error) {
	v, _, err := parseNumber(s, decimal)
	return v, err
}

// parseNumber is ParseNumber that also returns the figure's decimal
// places: the digits after the decimal separator, less the exponent of a
// plain figure (see plainDecimals). A load rounds every group's sum to
// the most decimals its figures have, so that the sum is the float64
// nearest to the exact decimal sum (docs/internals.md, "Exact sums").
func parseNumber(s string, decimal byte) (v float64, dec int, err error) {
	s = trimSpace(s)
	if s == "" {
		return 0, 0, errEmpty
	}
	// Plain figures are by far the most common; try them first.
	if decimal == '.' {
		if v, err := strconv.ParseFloat(s, 64); err == nil {
			if dec, ok := plainDecimals(s); ok {
				return v, dec, nil
			}
		}
	}
	s, neg := stripAffixes(s)
	if s == "" {
		return 0, 0, errors.New("no digits")
	}
	figure, dec, err := ungroup(s, decimal)
	if err != nil {
		return 0, 0, err
	}
	v, err = strconv.ParseFloat(figure, 64)
	if err != nil {
		return 0, 0, errors.New("not a number")
	}
	if neg {
		v = -v
	}
	return v, dec, nil
}

// stripAffixes takes the signs, accounting brackets and currency off a
// figure, in any of the orders exports write them ("-$99.00", "$(99.00)",
// "(99.00) EUR", "99.00-"), and reports whether they make it negative.
func stripAffixes(s string) (string, bool) {
	s, neg := stripParens(s)
	s, sign := stripSign(s)
	s = stripCurrency(s)
	if !neg {
		s, neg = stripParens(s) // "$(99.00)": the symbol outside the brackets
	}
	s, sign2 := stripSign(s)
	if sign2 {
		sign = !sign
	}
	if sign {
		neg = !neg
	}
	return s, neg
}

// ungroup returns the digits of s without its thousands separators and
// with '.' for decimal, as strconv.ParseFloat reads them, and how many
// digits follow the decimal separator; or says why s is no figure: groups
// must have three digits (see ParseNumber).
func ungroup(s string, decimal byte) (string, int, error) {
	group := byte(',')
	if decimal == ',' {
		group = '.'
	}
	var b strings.Builder
	intPart, frac, hasFrac := strings.Cut(s, string(decimal))
	if strings.IndexByte(frac, decimal) >= 0 {
		return "", 0, errors.New("more than one decimal separator")
	}
	groups := splitGroups(intPart, group)
	for i, g := range groups {
		if g == "" || !digits(g) {
			return "", 0, errors.New("not a number")
		}
		if len(groups) > 1 && ((i == 0 && len(g) > 3) || (i > 0 && len(g) != 3)) {
			if decimal == '.' && len(groups) == 2 && len(groups[1]) != 3 {
				return "", 0, errors.New(`has a decimal comma, but the file is set to "." decimals (set sales.decimal: ",")`)
			}
			return "", 0, errors.New("thousands separators in the wrong places")
		}
		b.WriteString(g)
	}
	if hasFrac {
		if !digits(frac) {
			return "", 0, errors.New("not a number")
		}
		b.WriteByte('.')
		b.WriteString(frac)
	}
	return b.String(), len(frac), nil
}

var errEmpty = errors.New("empty")

// parseNumberBytes is parseNumber for a cell the parallel load has not
// copied. Cells of digits with at most one decimal separator and no more
// digits than a float64 holds exactly are read right away; the value is
// the one ParseNumber returns, since both are the float64 nearest to the
// decimal (a float64 quotient of two exact values is correctly rounded),
// and the decimal places are the digits counted after the separator.
func parseNumberBytes(b []byte, decimal byte) (float64, int, error) {
	i := 0
	neg := len(b) > 0 && b[0] == '-'
	if neg {
		i = 1
	}
	var m uint64
	digits, frac, point := 0, 0, -1
	for ; i < len(b); i++ {
		c := b[i]
		switch {
		case c >= '0' && c <= '9':
			m = m*10 + uint64(c-'0')
			digits++
			if point >= 0 {
				frac++
			}
			if digits > 15 {
				return slowNumber(b, decimal)
			}
		case c == decimal && point < 0:
			point = i
		default:
			return slowNumber(b, decimal)
		}
	}
	if digits == 0 || decimal == ',' && point >= 0 && frac == 0 {
		// "", "-", "." and ParseNumber's refusal of "5," with decimal ",".
		return slowNumber(b, decimal)
	}
	v := float64(m)
	if frac > 0 {
		v /= pow10[frac]
	}
	if neg {
		v = -v
	}
	return v, frac, nil
}

var pow10 = [...]float64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15}

func slowNumber(b []byte, decimal byte) (float64, int, error) { return parseNumber(string(b), decimal) }

// plainDecimals reports whether s is digits with an optional sign, point
// and exponent (ParseFloat also accepts "Inf", "NaN" and hex, which no
// sales export means), and if so how many decimal places the figure has:
// the digits after the point less the exponent, at least 0 ("1.5e3" has
// none, "1.5e-3" four). It scans s once, as the check alone would.
func plainDecimals(s string) (dec int, ok bool) {
	frac, exp, expNeg := 0, 0, false
	const (
		whole = iota
		fraction
		exponent
	)
	part := whole
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			switch part {
			case fraction:
				frac++
			case exponent:
				exp = min(exp*10+int(c-'0'), maxExp)
			}
		case c == '.':
			part = fraction
		case c == 'e' || c == 'E':
			part = exponent
		case c == '-':
			expNeg = part == exponent
		case c == '+':
		default:
			return 0, false
		}
	}
	if expNeg {
		exp = -exp
	}
	return max(frac-exp, 0), true
}

// maxExp bounds the exponents plainDecimals reads, so that a figure like
// 1e-99999999999999999999 cannot overflow the count: its sums are not
// rounded anyway (see maxRoundDecimals).
const maxExp = 1 << 16

func digits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// splitGroups splits the integer part at group separators; spaces (also
// no-break and narrow no-break) and apostrophes group digits in several
// locales and are accepted whatever the decimal separator.
func splitGroups(s string, group byte) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return r == rune(group) || r == ' ' || r == '\u00a0' || r == '\u202f' || r == '\''
	})
}

func trimSpace(s string) string {
	return strings.TrimFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == '\u00a0' || r == '\u202f' })
}

// stripParens removes the brackets of an accounting negative.
func stripParens(s string) (string, bool) {
	if len(s) >= 2 && s[0] == '(' && s[len(s)-1] == ')' {
		return trimSpace(s[1 : len(s)-1]), true
	}
	return s, false
}

func stripSign(s string) (string, bool) {
	switch {
	case strings.HasPrefix(s, "-"), strings.HasPrefix(s, "\u2212"):
		_, n := utf8.DecodeRuneInString(s)
		return trimSpace(s[n:]), true
	case strings.HasSuffix(s, "-"):
		return trimSpace(s[:len(s)-1]), true
	case strings.HasPrefix(s, "+"):
		return trimSpace(s[1:]), false
	}
	return s, false
}

// stripCurrency removes one currency symbol or three-letter code at
// either end.
func stripCurrency(s string) string {
	if r, n := utf8.DecodeRuneInString(s); unicode.Is(unicode.Sc, r) {
		return trimSpace(s[n:])
	}
	if r, n := utf8.DecodeLastRuneInString(s); unicode.Is(unicode.Sc, r) {
		return trimSpace(s[:len(s)-n])
	}
	if len(s) > 3 && isCode(s[:3]) {
		return trimSpace(s[3:])
	}
	if len(s) > 3 && isCode(s[len(s)-3:]) {
		return trimSpace(s[:len(s)-3])
	}
	return s
}

func isCode(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return true
}
