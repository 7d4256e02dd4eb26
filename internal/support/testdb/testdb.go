// Package testdb gives tests the database servers that scripts/dbservers.sh
// starts (a throwaway PostgreSQL and ClickHouse on 127.0.0.1, named by the
// environment variables SALESDECK_TEST_POSTGRES and
// SALESDECK_TEST_CLICKHOUSE) and fills tables of them with CSV rows. Only
// tests import it. Without a server a test skips, saying how to start one,
// except under CI=true, where it fails: CI starts both.
package testdb

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2"
	"github.com/jackc/pgx/v5"
)

// Server is a database server the tests may fill and query.
type Server struct {
	Kind string // postgres or clickhouse
	DSN  string
}

// Env is the environment variable that names kind's server.
func Env(kind string) string { return "SALESDECK_TEST_" + strings.ToUpper(kind) }

// Get returns the server of kind (postgres or clickhouse), or skips t
// (fails it under CI=true) when there is none.
func Get(t testing.TB, kind string) Server {
	t.Helper()
	dsn := os.Getenv(Env(kind))
	if dsn == "" {
		msg := fmt.Sprintf("no %s server: %s is not set (start one with: env=$(scripts/dbservers.sh start /tmp/db) && eval \"$env\")", kind, Env(kind))
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return Server{Kind: kind, DSN: dsn}
}

// Column is a column of a table to create: its name and whether it holds
// dates, numbers or text.
type Column struct {
	Name string
	Type string // date, number or text
}

// Columns types the columns of a CSV header: date for the first of
// dateCol, number for those in numbers, text for the rest.
func Columns(header []string, dateCol string, numbers ...string) []Column {
	cols := make([]Column, len(header))
	for i, h := range header {
		cols[i] = Column{Name: h, Type: "text"}
		switch {
		case strings.EqualFold(h, dateCol):
			cols[i].Type = "date"
		case contains(numbers, h):
			cols[i].Type = "number"
		}
	}
	return cols
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if strings.EqualFold(x, y) {
			return true
		}
	}
	return false
}

// Create makes table (dropping one of that name first) with cols and
// rows, CSV text with a header line, and drops it when t ends. Numbers
// are exact decimals (NUMERIC, Decimal(38, 6)), as money should be kept.
func (s Server) Create(t testing.TB, table string, cols []Column, csvText []byte) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	var err error
	switch s.Kind {
	case "postgres":
		err = s.createPostgres(ctx, table, cols, csvText)
	case "clickhouse":
		err = s.createClickHouse(ctx, table, cols, csvText)
	default:
		err = fmt.Errorf("no server kind %q", s.Kind)
	}
	if err != nil {
		t.Fatalf("%s: creating %s: %v", s.Kind, table, err)
	}
	t.Cleanup(func() { s.Exec(t, "DROP TABLE IF EXISTS "+table) })
}

// Exec runs statements that return no rows.
func (s Server) Exec(t testing.TB, sql string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	switch s.Kind {
	case "postgres":
		conn, err := pgx.Connect(ctx, s.DSN)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, sql); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	case "clickhouse":
		conn, err := clickHouse(s.DSN)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		if err := conn.Exec(ctx, sql); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
}

func (s Server) createPostgres(ctx context.Context, table string, cols []Column, csvText []byte) error {
	conn, err := pgx.Connect(ctx, s.DSN)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	types := map[string]string{"date": "DATE", "number": "NUMERIC", "text": "TEXT"}
	var defs []string
	for _, c := range cols {
		defs = append(defs, pgx.Identifier{c.Name}.Sanitize()+" "+types[c.Type])
	}
	name := pgx.Identifier(strings.Split(table, ".")).Sanitize()
	if _, err := conn.Exec(ctx, "DROP TABLE IF EXISTS "+name+"; CREATE TABLE "+name+" ("+strings.Join(defs, ", ")+")"); err != nil {
		return err
	}
	_, err = conn.PgConn().CopyFrom(ctx, bytes.NewReader(csvText), "COPY "+name+" FROM STDIN WITH (FORMAT csv, HEADER true)")
	return err
}

func clickHouse(dsn string) (clickhouse.Conn, error) {
	opts, err := clickhouse.ParseDSN(dsn)
	if err != nil {
		return nil, err
	}
	return clickhouse.Open(opts)
}

func (s Server) createClickHouse(ctx context.Context, table string, cols []Column, csvText []byte) error {
	conn, err := clickHouse(s.DSN)
	if err != nil {
		return err
	}
	defer conn.Close()
	types := map[string]string{"date": "Date", "number": "Decimal(38, 6)", "text": "String"}
	var defs []string
	for _, c := range cols {
		defs = append(defs, "`"+c.Name+"` "+types[c.Type])
	}
	if err := conn.Exec(ctx, "DROP TABLE IF EXISTS "+table); err != nil {
		return err
	}
	if err := conn.Exec(ctx, "CREATE TABLE "+table+" ("+strings.Join(defs, ", ")+") ENGINE = MergeTree() ORDER BY tuple()"); err != nil {
		return err
	}
	// clickhouse-go's batches do not speak to servers as old as Debian's
	// 18.16; its own client does, and parses CSV fastest.
	u, err := url.Parse(s.DSN)
	if err != nil {
		return err
	}
	pw, _ := u.User.Password()
	cmd := exec.CommandContext(ctx, "clickhouse-client", "--host", u.Hostname(), "--port", u.Port(),
		"--user", u.User.Username(), "--password", pw, "--database", strings.TrimPrefix(u.Path, "/"),
		"--query", "INSERT INTO "+table+" FORMAT CSVWithNames")
	cmd.Stdin = bytes.NewReader(csvText)
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("clickhouse-client: %v: %s", err, out)
	}
	return nil
}

// Count runs a query whose answer is one integer, on a PostgreSQL server.
func (s Server) Count(ctx context.Context, sql string) (int64, error) {
	conn, err := pgx.Connect(ctx, s.DSN)
	if err != nil {
		return 0, err
	}
	defer conn.Close(ctx)
	var n int64
	err = conn.QueryRow(ctx, sql).Scan(&n)
	return n, err
}
