package database

import (
	"context"
	"errors"
	"net"
	"net/url"
	"regexp"
	"strings"
	"sync/atomic"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// postgres runs queries on a PostgreSQL server (or one that speaks its
// protocol: Citus, CockroachDB, Timescale). It uses the simple
// protocol, in which every value arrives as text, so sums of NUMERIC
// columns keep every digit and nothing is converted on the way.
type postgres struct {
	conn *pgx.Conn
	n    *atomic.Int64
}

func openPostgres(ctx context.Context, dsn string) (engine, error) {
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, err
	}
	cfg.DefaultQueryExecMode = pgx.QueryExecModeSimpleProtocol
	n := new(atomic.Int64)
	dial := cfg.DialFunc
	cfg.DialFunc = func(ctx context.Context, network, addr string) (net.Conn, error) {
		c, err := dial(ctx, network, addr)
		if err != nil {
			return nil, err
		}
		return &counted{Conn: c, n: n}, nil
	}
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return nil, err
	}
	return &postgres{conn: conn, n: n}, nil
}

func (p *postgres) query(ctx context.Context, sql string, head func([]string), row func([]string) error) error {
	rows, err := p.conn.Query(ctx, sql)
	if err != nil {
		return pgFailure(err)
	}
	defer rows.Close()
	fields := rows.FieldDescriptions()
	names := make([]string, len(fields))
	for i, f := range fields {
		names[i] = f.Name
	}
	head(names)
	vals := make([]string, len(fields))
	for rows.Next() {
		for i, raw := range rows.RawValues() {
			vals[i] = string(raw) // NULL is nil: ""
		}
		if err := row(vals); err != nil {
			return err
		}
	}
	return pgFailure(rows.Err())
}

// pgFailure sorts PostgreSQL's errors: class 42 (a table, column or
// function that does not exist, a syntax error) is the site's SQL or
// names at fault; the rest is the server's.
func pgFailure(err error) error {
	if err == nil {
		return nil
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) && len(pe.Code) == 5 && pe.Code[:2] == "42" && pe.Code != "42501" {
		return &failure{err: err, site: true, table: pe.Code == "42P01"}
	}
	return &failure{err: err}
}

func (p *postgres) received() int64 { return p.n.Load() }

func (p *postgres) close() { p.conn.Close(context.Background()) }

// counted counts the bytes a connection reads.
type counted struct {
	net.Conn
	n *atomic.Int64
}

func (c *counted) Read(b []byte) (int, error) {
	n, err := c.Conn.Read(b)
	c.n.Add(int64(n))
	return n, err
}

// password is the password in a connection string, URL or key=value.
func password(dsn string) string {
	if u, err := url.Parse(dsn); err == nil && u.User != nil {
		if p, ok := u.User.Password(); ok {
			return p
		}
	}
	if m := keyPassword.FindStringSubmatch(dsn); m != nil {
		if m[1] != "" {
			return strings.NewReplacer(`\'`, `'`, `\\`, `\`).Replace(m[1])
		}
		return m[2]
	}
	return ""
}

var keyPassword = regexp.MustCompile(`(?:^|\s)password\s*=\s*(?:'((?:[^'\\]|\\.)*)'|(\S+))`)
