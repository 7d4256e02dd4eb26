package database

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"net"
	"reflect"
	"strconv"
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
	for i, t := range types {
		dest[i] = reflect.New(t.ScanType()).Interface()
	}
	vals := make([]string, len(types))
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return &failure{err: err}
		}
		for i, d := range dest {
			vals[i] = chText(reflect.ValueOf(d).Elem().Interface(), types[i].DatabaseTypeName())
		}
		if err := row(vals); err != nil {
			return err
		}
	}
	return chFailure(rows.Err())
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
