package format

import (
	"math"
	"testing"

	"salesdeck/internal/support/civil"
)

func TestMoney(t *testing.T) {
	tests := []struct {
		locale, currency string
		v                float64
		want             string
	}{
		{"en-US", "USD", 1234567, "$1,234,567"},
		{"en-US", "USD", 1234567.89, "$1,234,568"},
		{"en-US", "USD", 999.5, "$999.50"},
		{"en-US", "USD", 0, "$0.00"},
		{"en-US", "USD", -1234.4, "-$1,234"},
		{"en-US", "USD", -0.001, "$0.00"},
		{"en-US", "EUR", 1500, "€1,500"},
		{"en-US", "CHF", 1500, "CHF\u00a01,500"},
		{"en-US", "JPY", 12.4, "¥12"},
		{"en-GB", "GBP", 1234567, "£1,234,567"},
		{"en-GB", "USD", 10, "US$10.00"},
		{"de-DE", "EUR", 1234567, "1.234.567\u00a0€"},
		{"de-DE", "EUR", 12.5, "12,50\u00a0€"},
		{"de-DE", "EUR", -12.5, "-12,50\u00a0€"},
		{"fr-FR", "EUR", 1234567, "1\u202f234\u202f567\u00a0€"},
		{"fr-FR", "EUR", 0.5, "0,50\u00a0€"},
		{"es-ES", "EUR", 1234, "1234\u00a0€"},
		{"es-ES", "EUR", 12345, "12.345\u00a0€"},
		{"it-IT", "EUR", 1234567, "1.234.567\u00a0€"},
		{"nl-NL", "EUR", 1234567, "€\u00a01.234.567"},
		{"nl-NL", "EUR", -5, "€\u00a0-5,00"},
		{"ja-JP", "JPY", 1234567, "￥1,234,567"},
		{"ja-JP", "JPY", 12.6, "￥13"},
		{"ja-JP", "USD", 12.5, "$12.50"},
		{"xx-YY", "USD", 1234567, "$1,234,567"},  // unknown locale: en-US
		{"en-US", "XYZ", 1234, "XYZ\u00a01,234"}, // unknown currency: its code
		{"en-US", "USD", math.NaN(), Dash},       // never NaN on a page
		{"en-US", "USD", math.Inf(1), Dash},
	}
	for _, tt := range tests {
		if got := Money(tt.v, tt.currency, tt.locale); got != tt.want {
			t.Errorf("Money(%v, %s, %s) = %q, want %q", tt.v, tt.currency, tt.locale, got, tt.want)
		}
	}
}

// A Formatter made Whole writes every amount in whole units, as a page
// does where one amount is 1,000 or more; other figures are as before.
func TestWholeMoney(t *testing.T) {
	f := New("de-DE", "EUR").Whole(true)
	tests := []struct{ got, want string }{
		{f.Money(0), "0\u00a0€"},
		{f.Money(999.5), "1.000\u00a0€"},
		{f.Money(12.49), "12\u00a0€"},
		{f.Money(-0.4), "0\u00a0€"},
		{f.Money(1234567.5), "1.234.568\u00a0€"},
		{f.Number(12.5), "12,5"},
		{f.Percent(0.256), "25,6\u00a0%"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
	if !f.WholeMoney() || New("de-DE", "EUR").WholeMoney() {
		t.Error("WholeMoney does not say which Formatter is whole")
	}
}

func TestNumberPercent(t *testing.T) {
	tests := []struct {
		locale string
		kind   string
		v      float64
		want   string
	}{
		{"en-US", KindNumber, 1234567.4, "1,234,567"},
		{"en-US", KindNumber, 12.5, "12.5"},
		{"en-US", KindNumber, 12.0, "12"},
		{"en-US", KindNumber, 0.333, "0.33"},
		{"en-US", KindNumber, 572.77, "573"}, // a forecast of whole things from 100 up
		{"en-US", KindNumber, 99.25, "99.25"},
		{"en-US", KindNumber, -0.001, "0"},
		{"en-US", KindNumber, -1500, "-1,500"},
		{"de-DE", KindNumber, 1234.5, "1.235"},
		{"de-DE", KindNumber, 2.25, "2,25"},
		{"fr-FR", KindNumber, 1234, "1\u202f234"},
		{"ja-JP", KindNumber, 1234, "1,234"},
		{"en-US", KindPercent, 0.6444, "64.4%"},
		{"en-US", KindPercent, 0.9996, "100.0%"},
		{"en-US", KindPercent, 0.996, "99.6%"},
		{"en-US", KindPercent, 1.5, "150.0%"},
		{"en-US", KindPercent, -0.25, "-25.0%"},
		{"de-DE", KindPercent, 0.6444, "64,4\u00a0%"},
		{"fr-FR", KindPercent, 0.6444, "64,4\u202f%"},
		{"it-IT", KindPercent, 0.5, "50,0%"},
		{"ja-JP", KindPercent, 0.5, "50.0%"},
		{"en-US", "", 3, "3"}, // an unknown kind is a number
	}
	for _, tt := range tests {
		if got := New(tt.locale, "USD").Value(tt.kind, tt.v); got != tt.want {
			t.Errorf("Value(%s, %v) in %s = %q, want %q", tt.kind, tt.v, tt.locale, got, tt.want)
		}
	}
	if got := Number(1e6, "en-GB"); got != "1,000,000" {
		t.Errorf("Number = %q", got)
	}
	if got := Percent(0.25, "de-DE"); got != "25,0\u00a0%" {
		t.Errorf("Percent = %q", got)
	}
}

func TestOpt(t *testing.T) {
	f := New("en-US", "USD")
	tests := []struct {
		kind string
		v    float64
		ok   bool
		want string
	}{
		{KindMoney, 5, true, "$5.00"},
		{KindMoney, 5, false, Dash},
		{KindPercent, 0, false, Dash},
		{KindPercent, 0, true, "0.0%"},
	}
	for _, tt := range tests {
		if got := f.Opt(tt.kind, tt.v, tt.ok); got != tt.want {
			t.Errorf("Opt(%s, %v, %v) = %q, want %q", tt.kind, tt.v, tt.ok, got, tt.want)
		}
	}
}

func TestChange(t *testing.T) {
	tests := []struct {
		locale string
		v      float64
		want   string
	}{
		{"en-US", 0.2083, "+20.8%"},
		{"en-US", -0.031, "-3.1%"},
		{"en-US", 0, "0.0%"},
		{"en-US", -0.0001, "0.0%"},
		{"de-DE", 0.2083, "+20,8\u00a0%"},
	}
	for _, tt := range tests {
		if got := New(tt.locale, "").Change(tt.v); got != tt.want {
			t.Errorf("Change(%v) in %s = %q, want %q", tt.v, tt.locale, got, tt.want)
		}
	}
}

func TestPoints(t *testing.T) {
	tests := []struct {
		locale string
		v      float64
		want   string
	}{
		{"en-US", 0.345 - 0.318, "+2.7 pp"}, // 34.5% against 31.8%
		{"en-US", -0.0125, "-1.3 pp"},       // halves away from zero
		{"en-US", 0.0004, "0.0 pp"},
		{"de-DE", 0.027, "+2,7 pp"},
		{"fr-FR", -0.1, "-10,0 pp"},
	}
	for _, tt := range tests {
		if got := New(tt.locale, "").Points(tt.v); got != tt.want {
			t.Errorf("Points(%v) in %s = %q, want %q", tt.v, tt.locale, got, tt.want)
		}
	}
}

func TestDate(t *testing.T) {
	d := civil.New(2026, 6, 30)
	m := civil.New(2026, 3, 1)
	tests := []struct {
		locale, date, month string
	}{
		{"en-US", "Jun 30, 2026", "Mar 2026"},
		{"en-GB", "30 Jun 2026", "Mar 2026"},
		{"de-DE", "30.06.2026", "Mär 2026"},
		{"fr-FR", "30 juin 2026", "mars 2026"},
		{"ja-JP", "2026年6月30日", "2026年3月"},
		{"nope", "Jun 30, 2026", "Mar 2026"},
	}
	for _, tt := range tests {
		f := New(tt.locale, "EUR")
		if got := f.Date(d); got != tt.date {
			t.Errorf("Date in %s = %q, want %q", tt.locale, got, tt.date)
		}
		if got := f.Month(m); got != tt.month {
			t.Errorf("Month in %s = %q, want %q", tt.locale, got, tt.month)
		}
	}
	if got := Date(civil.New(2026, 1, 5), "de-DE"); got != "05.01.2026" {
		t.Errorf("Date = %q", got)
	}
}

func TestShort(t *testing.T) {
	tests := []struct {
		v    float64
		want string
	}{
		{0, "0"},
		{12, "12"},
		{2.5, "2.5"},
		{0.125, "0.13"},
		{999, "999"},
		{999.96, "1K"},
		{1000, "1K"},
		{1500, "1.5K"},
		{950000, "950K"},
		{999960, "1M"},
		{1234567, "1.2M"},
		{-1234567, "-1.2M"},
		{3.4e9, "3.4B"},
		{math.NaN(), Dash},
	}
	for _, tt := range tests {
		if got := Short(tt.v); got != tt.want {
			t.Errorf("Short(%v) = %q, want %q", tt.v, got, tt.want)
		}
	}
}

func TestSupported(t *testing.T) {
	for _, l := range []string{"en-US", "en-GB", "de-DE", "fr-FR", "ja-JP", "en_us", "DE-de"} {
		if !Supported(l) {
			t.Errorf("Supported(%q) = false", l)
		}
	}
	for _, l := range []string{"", "en", "xx-YY", "de-CH"} {
		if Supported(l) {
			t.Errorf("Supported(%q) = true", l)
		}
	}
	if got := Locales()[0]; got != DefaultLocale {
		t.Errorf("Locales()[0] = %q, want the default first", got)
	}
	if got := New("en_gb", "GBP").Locale(); got != "en-GB" {
		t.Errorf("Locale() = %q", got)
	}
}

func TestZeroFormatter(t *testing.T) {
	var f Formatter
	if got := f.Money(1234); got != "$1,234" {
		t.Errorf("zero Formatter Money = %q", got)
	}
	if got := f.Currency(); got != "USD" {
		t.Errorf("zero Formatter Currency = %q", got)
	}
}

func TestHumanize(t *testing.T) {
	tests := map[string]string{"gross_profit": "Gross profit", "revenue": "Revenue", "avg-order": "Avg order", "": "", "ünits": "Ünits", " _new_logos_ ": "New logos", "__": "__"}
	for in, want := range tests {
		if got := Humanize(in); got != want {
			t.Errorf("Humanize(%q) = %q, want %q", in, got, want)
		}
	}
}
