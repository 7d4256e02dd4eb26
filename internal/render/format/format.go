// Package format turns figures into the text pages show: money, plain
// numbers, percentages and dates written the way the site's locale writes
// them, "—" for a figure that is undefined, and short forms such as 1.2M.
//
// It knows locales and currencies, nothing else: not what a metric, a
// strategy or a page is. Callers pick the kind ("money", "number",
// "percent") from their own data. Currency symbols and decimal digits come
// from golang.org/x/text's CLDR data; separators and symbol placement come
// from a small table of the locales listed by Locales.
//
// Rounding choices, made once here so every page agrees:
//   - money: the currency's digits below 1,000, whole units from 1,000 up
//     (a board reads $1,234,567, not $1,234,567.00); a Formatter made
//     Whole writes whole units below 1,000 too, for a page where
//     some amount is 1,000 or more ($0 beside $4,100,000, not $0.00);
//   - number: up to 2 decimals below 1,000, trailing zeros dropped; whole
//     numbers from 1,000 up;
//   - percent: one decimal, so a pace of 0.996 shows as 99.6%, not as a
//     100% that contradicts an "at risk" status next to it.
package format

import (
	"bytes"
	"math"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/currency"
	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"salesdeck/internal/support/civil"
)

// Dash is shown in place of an undefined figure.
const Dash = "—"

// Kinds of figure, as site.yaml's metric "format" names them.
const (
	KindMoney   = "money"
	KindNumber  = "number"
	KindPercent = "percent"
)

// Formatter formats figures for one locale and currency. Its zero value
// formats like en-US with USD.
type Formatter struct {
	loc      *locale
	currency string
	symbol   string
	digits   int
	whole    bool // money in whole units whatever the amount
}

// Whole returns f writing every amount of money in whole units when on
// is true, and amounts below 1,000 with the currency's digits when not.
func (f Formatter) Whole(on bool) Formatter {
	f.whole = on
	return f
}

// WholeMoney reports whether f writes every amount in whole units.
func (f Formatter) WholeMoney() bool { return f.whole }

// New returns a Formatter for locale and an ISO 4217 currency code. An
// unknown locale falls back to DefaultLocale; an unknown currency is
// written as its code with 2 decimals.
func New(localeTag, currencyCode string) Formatter {
	l := lookup(localeTag)
	if l == nil {
		l = lookup(DefaultLocale)
	}
	f := Formatter{loc: l, currency: strings.ToUpper(currencyCode), digits: 2}
	f.symbol = f.currency
	if u, err := currency.ParseISO(f.currency); err == nil {
		f.symbol = message.NewPrinter(language.MustParse(l.tag)).Sprint(currency.Symbol(u))
		f.digits, _ = currency.Standard.Rounding(u)
	}
	return f
}

func (f Formatter) locale() *locale {
	if f.loc == nil {
		return locales[0]
	}
	return f.loc
}

// Digits returns the decimal digits of the currency's minor unit: 2 for
// USD and EUR, 0 for JPY.
func (f Formatter) Digits() int {
	if f.currency == "" {
		return 2
	}
	return f.digits
}

// Locale returns the locale tag in use, after any fallback.
func (f Formatter) Locale() string { return f.locale().tag }

// Currency returns the ISO 4217 currency code.
func (f Formatter) Currency() string {
	if f.currency == "" {
		return "USD"
	}
	return f.currency
}

// Money formats an amount of the currency: $1,234,567 (en-US),
// 1.234.567 € (de-DE), 1 234 567 € (fr-FR), ￥1,234,567 (ja-JP).
func (f Formatter) Money(v float64) string {
	if bad(v) {
		return Dash
	}
	digits := f.digits
	if f.currency == "" && f.symbol == "" {
		f.symbol, digits = "$", 2
	}
	if f.whole || math.Abs(v) >= 1000 {
		digits = 0
	}
	neg, num := f.digitsOf(v, digits, false)
	l := f.locale()
	sep := l.symbolSep
	if sep == "" && !l.symbolAfter && endsWithLetter(f.symbol) {
		// CLDR spaces out a symbol that is a code: "CHF 1,234", not "CHF1,234".
		sep = nbsp
	}
	var s string
	if l.symbolAfter {
		s = num + sep + f.symbol
	} else {
		s = f.symbol + sep + num
	}
	if neg {
		if l.tag == "nl-NL" {
			return f.symbol + sep + "-" + num
		}
		return "-" + s
	}
	return s
}

// Number formats a count or other plain figure: 1,234,567 or 12.5.
func (f Formatter) Number(v float64) string {
	if bad(v) {
		return Dash
	}
	// Counts and units are whole things: from 100 up, a forecast of
	// 572.77 orders reads better as 573; small figures keep two decimals.
	if math.Abs(v) >= 100 {
		neg, s := f.digitsOf(v, 0, false)
		return sign(neg) + s
	}
	neg, s := f.digitsOf(v, 2, true)
	return sign(neg) + s
}

// Percent formats a ratio as a percentage: 0.6444 is 64.4%.
func (f Formatter) Percent(v float64) string {
	if bad(v) {
		return Dash
	}
	neg, s := f.digitsOf(v*100, 1, false)
	return sign(neg) + s + f.locale().percentSep + "%"
}

// Change formats a relative change with its sign: 0.208 is +20.8%, -0.031
// is -3.1%, so a lift reads as a gain or a loss at a glance.
func (f Formatter) Change(v float64) string { return f.signed(v, f.locale().percentSep+"%") }

// Points formats a difference of two percentages in percentage points
// with its sign: 0.027 (34.5% against 31.8%) is +2.7 pp.
func (f Formatter) Points(v float64) string { return f.signed(v, " pp") }

// signed writes ratio v as a percentage with one decimal, then unit,
// signed unless it rounds to zero.
func (f Formatter) signed(v float64, unit string) string {
	if bad(v) {
		return Dash
	}
	neg, s := f.digitsOf(v*100, 1, false)
	switch {
	case neg:
		return "-" + s + unit
	case strings.Trim(s, "0,."+f.locale().group) == "":
		return s + unit
	}
	return "+" + s + unit
}

// Date formats a day: Jun 30, 2026 (en-US), 30 Jun 2026 (en-GB),
// 30.06.2026 (de-DE), 2026年6月30日 (ja-JP).
func (f Formatter) Date(d civil.Date) string {
	y, m, day := d.YMD()
	l := f.locale()
	return l.date(y, int(m), day, l.months[m-1])
}

// Month formats the month of d for chart axes and tables: Jun 2026,
// juin 2026, 2026年6月.
func (f Formatter) Month(d civil.Date) string {
	y, m, _ := d.YMD()
	l := f.locale()
	return l.month(y, l.months[m-1])
}

// Value formats v as kind (KindMoney, KindNumber or KindPercent); any
// other kind is formatted as a number.
func (f Formatter) Value(kind string, v float64) string {
	switch kind {
	case KindMoney:
		return f.Money(v)
	case KindPercent:
		return f.Percent(v)
	default:
		return f.Number(v)
	}
}

// Opt is Value for a figure that may be undefined: it returns Dash when ok
// is false. Pass a result's value and validity flag, e.g.
// f.Opt(kind, n.V, n.Valid).
func (f Formatter) Opt(kind string, v float64, ok bool) string {
	if !ok {
		return Dash
	}
	return f.Value(kind, v)
}

// digitsOf renders |v| with the locale's separators and reports whether v
// is negative after rounding (so -0.001 never prints as "-0.00").
func (f Formatter) digitsOf(v float64, decimals int, trim bool) (neg bool, s string) {
	l := f.locale()
	// Halves round away from zero, as accountants do; FormatFloat alone
	// would round 1234.5 to even.
	p := math.Pow10(decimals)
	var buf [40]byte
	raw := strconv.AppendFloat(buf[:0], math.Round(math.Abs(v)*p)/p, 'f', decimals, 64)
	intPart, frac := raw, raw[len(raw):]
	if i := bytes.IndexByte(raw, '.'); i >= 0 {
		intPart, frac = raw[:i], raw[i+1:]
	}
	if trim {
		frac = bytes.TrimRight(frac, "0")
	}
	neg = v < 0 && len(bytes.Trim(raw, "0.")) > 0
	// The digits are written once, with their separators, into a string
	// of their own: pages format tens of thousands of figures.
	var b strings.Builder
	b.Grow(len(raw) + len(intPart)/3*len(l.group) + len(l.decimal))
	group(&b, intPart, l.group, l.minGroup)
	if len(frac) > 0 {
		b.WriteString(l.decimal)
		b.Write(frac)
	}
	return neg, b.String()
}

// group writes digits to b with sep every three digits from the right,
// when there are at least 3+minGroup digits (minGroup 0 counts as 1).
func group(b *strings.Builder, digits []byte, sep string, minGroup int) {
	if minGroup < 1 {
		minGroup = 1
	}
	if len(digits) < 3+minGroup {
		b.Write(digits)
		return
	}
	first := len(digits) % 3
	if first == 0 {
		first = 3
	}
	b.Write(digits[:first])
	for i := first; i < len(digits); i += 3 {
		b.WriteString(sep)
		b.Write(digits[i : i+3])
	}
}

// Short writes v compactly for chart axes and tight spaces: 1.2M, 950K,
// 12.5, -3.4B. It is the same in every locale (K, M, B are read
// everywhere a sales deck goes); pages show full figures beside it.
func Short(v float64) string {
	if bad(v) {
		return Dash
	}
	a := math.Abs(v)
	units := []string{"", "K", "M", "B", "T"}
	u := 0
	for u < len(units)-1 && a >= 1000 {
		a /= 1000
		u++
	}
	// 999,960 would round to 1000K: show it as 1M instead.
	if u < len(units)-1 && math.Round(a*10)/10 >= 1000 {
		a /= 1000
		u++
	}
	suffix := units[u]
	decimals := 1
	if suffix == "" && a < 10 {
		decimals = 2
	}
	p := math.Pow10(decimals)
	s := strconv.FormatFloat(math.Round(a*p)/p, 'f', decimals, 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	if v < 0 && s != "0" {
		s = "-" + s
	}
	return s + suffix
}

// Money formats v in currency for locale; see Formatter.Money.
func Money(v float64, currencyCode, localeTag string) string {
	return New(localeTag, currencyCode).Money(v)
}

// Number formats v for locale; see Formatter.Number.
func Number(v float64, localeTag string) string { return New(localeTag, "").Number(v) }

// Percent formats the ratio v for locale; see Formatter.Percent.
func Percent(v float64, localeTag string) string { return New(localeTag, "").Percent(v) }

// Date formats d for locale; see Formatter.Date.
func Date(d civil.Date, localeTag string) string { return New(localeTag, "").Date(d) }

// Humanize turns an identifier such as "gross_profit" into a label,
// "Gross profit", for metric and dimension names that have no title of
// their own.
func Humanize(name string) string {
	b := []byte(name)
	for i, c := range b {
		if c == '_' || c == '-' {
			b[i] = ' '
		}
	}
	s := strings.TrimSpace(string(b))
	if s == "" {
		return name
	}
	r := []rune(s)
	r[0] = unicode.ToUpper(r[0])
	return string(r)
}

func bad(v float64) bool { return math.IsNaN(v) || math.IsInf(v, 0) }

func sign(neg bool) string {
	if neg {
		return "-"
	}
	return ""
}

func endsWithLetter(s string) bool {
	if s == "" {
		return false
	}
	c := s[len(s)-1]
	return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z'
}

func itoa(n int) string { return strconv.Itoa(n) }

func pad2(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}
