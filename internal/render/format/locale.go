package format

import "strings"

// Separators and placements cannot come from golang.org/x/text: its number
// package always puts the currency symbol in front, whatever the locale.
// The table follows CLDR as browsers' Intl.NumberFormat applies it, so the
// figures in tables and the chart axes (formatted by Intl in the browser)
// agree.
const (
	nbsp  = "\u00a0" // no-break space
	nnbsp = "\u202f" // narrow no-break space, CLDR's French group separator
)

// locale holds what formatting needs to know about one locale.
type locale struct {
	tag     string
	decimal string
	group   string
	// minGroup is the fewest integer digits that get grouped: Spanish writes
	// 1234 but 12.345 (CLDR minimumGroupingDigits 2).
	minGroup int
	// symbolAfter puts the currency symbol after the number ("1.234 €").
	symbolAfter bool
	// symbolSep goes between symbol and number: "" for "$1", a no-break
	// space for "1 €" or "€ 1".
	symbolSep string
	// percentSep goes between number and "%".
	percentSep string
	months     [12]string // abbreviated month names, stand-alone form
	date       func(y, m, d int, mon string) string
	month      func(y int, mon string) string
}

var locales = []*locale{
	{tag: "en-US", decimal: ".", group: ",", months: enMonths, date: mdy, month: monYear},
	{tag: "en-GB", decimal: ".", group: ",", months: enMonths, date: dmy, month: monYear},
	{tag: "en-AU", decimal: ".", group: ",", months: enMonths, date: dmy, month: monYear},
	{tag: "en-CA", decimal: ".", group: ",", months: enMonths, date: mdy, month: monYear},
	{tag: "en-IE", decimal: ".", group: ",", months: enMonths, date: dmy, month: monYear},
	{tag: "de-DE", decimal: ",", group: ".", symbolAfter: true, symbolSep: nbsp, percentSep: nbsp,
		months: [12]string{"Jan", "Feb", "Mär", "Apr", "Mai", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dez"},
		date:   dmyDots, month: monYear},
	{tag: "fr-FR", decimal: ",", group: nnbsp, symbolAfter: true, symbolSep: nbsp, percentSep: nnbsp,
		months: [12]string{"janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."},
		date:   dmy, month: monYear},
	{tag: "es-ES", decimal: ",", group: ".", minGroup: 2, symbolAfter: true, symbolSep: nbsp, percentSep: nbsp,
		months: [12]string{"ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic"},
		date:   dmy, month: monYear},
	{tag: "it-IT", decimal: ",", group: ".", symbolAfter: true, symbolSep: nbsp,
		months: [12]string{"gen", "feb", "mar", "apr", "mag", "giu", "lug", "ago", "set", "ott", "nov", "dic"},
		date:   dmy, month: monYear},
	{tag: "nl-NL", decimal: ",", group: ".", symbolSep: nbsp,
		months: [12]string{"jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"},
		date:   dmy, month: monYear},
	{tag: "ja-JP", decimal: ".", group: ",", months: [12]string{"1月", "2月", "3月", "4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月"},
		date:  func(y, m, d int, _ string) string { return itoa(y) + "年" + itoa(m) + "月" + itoa(d) + "日" },
		month: func(y int, mon string) string { return itoa(y) + "年" + mon }},
}

var enMonths = [12]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}

func mdy(y, _, d int, mon string) string   { return mon + " " + itoa(d) + ", " + itoa(y) }
func dmy(y, _, d int, mon string) string   { return itoa(d) + " " + mon + " " + itoa(y) }
func monYear(y int, mon string) string     { return mon + " " + itoa(y) }
func dmyDots(y, m, d int, _ string) string { return pad2(d) + "." + pad2(m) + "." + itoa(y) }

// DefaultLocale is used for a locale this package does not know.
const DefaultLocale = "en-US"

// Locales returns the supported locale tags, in a stable order.
func Locales() []string {
	out := make([]string, len(locales))
	for i, l := range locales {
		out[i] = l.tag
	}
	return out
}

// Supported reports whether locale is one of Locales. Case and "_" for "-"
// are forgiven, as people write en_us as often as en-US.
func Supported(locale string) bool { return lookup(locale) != nil }

func lookup(tag string) *locale {
	tag = strings.ReplaceAll(tag, "_", "-")
	for _, l := range locales {
		if strings.EqualFold(l.tag, tag) {
			return l
		}
	}
	return nil
}
