package database

import (
	"testing"

	"github.com/shopspring/decimal"
)

// A ClickHouse Decimal is written with every digit it holds, from its
// scaled integer or, past 18 digits, by its own String.
func TestDecimalText(t *testing.T) {
	for _, tt := range []struct {
		d    decimal.Decimal
		want string
	}{
		{decimal.New(123456, -6), "0.123456"},
		{decimal.New(-5, -2), "-0.05"},
		{decimal.New(1234500000, -6), "1234.500000"},
		{decimal.New(-7, 0), "-7"},
		{decimal.New(0, -6), "0.000000"},
		{decimal.New(999999999999999999, -6), "999999999999.999999"},
		{decimal.RequireFromString("12345678901234567890.123456"), "12345678901234567890.123456"},
	} {
		if got := decimalText(tt.d); got != tt.want {
			t.Errorf("decimalText(%s) = %s, want %s", tt.d, got, tt.want)
		}
	}
}
