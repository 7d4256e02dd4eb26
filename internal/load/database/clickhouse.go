package database

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"net"
	"reflect"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2"
	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
	"github.com/shopspring/decimal"
)

// clickHouse runs queries on a ClickHouse server over its native
// protocol. Values arrive typed; each is written as text the way the
// server prints it, so that Decimal sums keep every digit.
type clickHouse struct {
	conn driver.Conn
	n    *atomic.Int64
}

func openClickHouse(ctx context.Context, dsn string) (engine, error) {
	opts, err := clickhouse.ParseDSN(dsn)
	if err != nil {
		return nil, err
	}
	n := new(atomic.Int64)
	opts.DialContext = func(ctx context.Context, addr string) (net.Conn, error) {
		var d net.Dialer
		c, err := d.DialContext(ctx, "tcp", addr)
		if err != nil {
			return nil, err
		}
		return &counted{Conn: c, n: n}, nil
	}
	conn, err := clickhouse.Open(opts)
	if err != nil {
		return nil, err
	}
	if err := conn.Ping(ctx); err != nil {
		conn.Close()
		return nil, err
	}
	return &clickHouse{conn: conn, n: n}, nil
}

func (c *clickHouse) query(ctx context.Context, sql string, head func([]string), row func([]string) error) error {
	rows, err := c.conn.Query(ctx, sql)
	if err != nil {
		return chFailure(err)
	}
	defer rows.Close()
	head(rows.Columns())
	types := rows.ColumnTypes()
	dest := make([]any, len(types))
	texts := make([]func() string, len(types))
	for i, t := range types {
		dest[i], texts[i] = chColumn(t)
	}
	vals := make([]string, len(types))
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return &failure{err: err}
		}
		for i, text := range texts {
			vals[i] = text()
		}
		if err := row(vals); err != nil {
			return err
		}
	}
	return chFailure(rows.Err())
}

// chColumn returns where Scan puts a column's values and how to write
// the one it holds as text. The answers of salesdeck's queries are
// counts, sums and keys, whose types are read without reflection, which
// boxing every value cost as much as the rest of reading them; other
// types (the first rows of a table) go through chText.
func chColumn(t driver.ColumnType) (dest any, text func() string) {
	switch t.ScanType() {
	case reflect.TypeFor[string]():
		var v string
		return &v, func() string { return v }
	case reflect.TypeFor[uint64]():
		var v uint64
		return &v, func() string { return strconv.FormatUint(v, 10) }
	case reflect.TypeFor[uint8]():
		var v uint8
		return &v, func() string { return strconv.FormatUint(uint64(v), 10) }
	case reflect.TypeFor[uint16]():
		var v uint16
		return &v, func() string { return strconv.FormatUint(uint64(v), 10) }
	case reflect.TypeFor[uint32]():
		var v uint32
		return &v, func() string { return strconv.FormatUint(uint64(v), 10) }
	case reflect.TypeFor[int64]():
		var v int64
		return &v, func() string { return strconv.FormatInt(v, 10) }
	case reflect.TypeFor[decimal.Decimal]():
		var v decimal.Decimal
		return &v, func() string { return decimalText(v) }
	}
	p := reflect.New(t.ScanType())
	typ := t.DatabaseTypeName()
	return p.Interface(), func() string { return chText(p.Elem().Interface(), typ) }
}

// decimalText writes a Decimal as ClickHouse prints it, from its scaled
// integer when that fits in an int64 (18 digits: a sum of money kept in
// Decimal(38, 6) below a trillion), without the big.Int arithmetic of
// Decimal.String. Trailing zeros are kept; they change no figure.
func decimalText(x decimal.Decimal) string {
	e := x.Exponent()
	if x.NumDigits() > 18 || e > 0 {
		return x.String()
	}
	c := x.CoefficientInt64()
	if e == 0 {
		return strconv.FormatInt(c, 10)
	}
	digits, k := strconv.FormatUint(uint64(max(c, -c)), 10), int(-e)
	if len(digits) <= k {
		digits = strings.Repeat("0", k-len(digits)+1) + digits
	}
	sign := ""
	if c < 0 {
		sign = "-"
	}
	return sign + digits[:len(digits)-k] + "." + digits[len(digits)-k:]
}

// chText writes a value as clickhouse-client prints it.
func chText(v any, typ string) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case time.Time:
		if typ == "Date" || typ == "Nullable(Date)" || typ == "Date32" {
			return x.Format(time.DateOnly)
		}
		return x.Format(time.DateTime)
	case decimal.Decimal:
		return x.String()
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	case float32:
		return strconv.FormatFloat(float64(x), 'g', -1, 32)
	case *big.Int:
		return x.String()
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Pointer {
		if rv.IsNil() {
			return ""
		}
		return chText(rv.Elem().Interface(), typ)
	}
	return fmt.Sprint(v)
}

// chFailure sorts ClickHouse's errors: an unknown table, database,
// column or function, or a syntax error, is the site's; the rest the
// server's.
func chFailure(err error) error {
	if err == nil {
		return nil
	}
	var ex *clickhouse.Exception
	if errors.As(err, &ex) {
		switch ex.Code {
		case 60, 81: // UNKNOWN_TABLE, UNKNOWN_DATABASE
			return &failure{err: err, site: true, table: true}
		case 16, 46, 47, 62: // NO_SUCH_COLUMN_IN_TABLE, UNKNOWN_FUNCTION, UNKNOWN_IDENTIFIER, SYNTAX_ERROR
			return &failure{err: err, site: true}
		}
	}
	return &failure{err: err}
}

func (c *clickHouse) received() int64 { return c.n.Load() }

func (c *clickHouse) close() { c.conn.Close() }
