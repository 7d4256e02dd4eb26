// Package database reads sales data from a SQL engine instead of CSV
// files: a PostgreSQL or ClickHouse server, or any program that takes SQL
// on standard input and answers CSV (a warehouse's command-line client).
// It sends the aggregate queries of a sales.Need, never asks for rows one
// by one, and hands the grouped answers to a sales.Assembler, so what it
// returns is the very sales.Data a CSV read of the same rows makes
// (docs/databases.md).
//
// It knows site.yaml's sales settings and SQL; it does not know plans,
// figures or pages.
package database

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"salesdeck/internal/load/config"
	"salesdeck/internal/load/sales"
	"salesdeck/internal/support/civil"
	"salesdeck/internal/support/diag"
)

// engine runs queries on one source.
type engine interface {
	// query runs sql, calling head once with the names of the answer's
	// columns and then row with each row's values as text ("" for NULL).
	// row's slice is reused between calls.
	query(ctx context.Context, sql string, head func([]string), row func([]string) error) error
	// received is the bytes the source has sent so far.
	received() int64
	close()
}

// failure is an engine's error with what salesdeck makes of it.
type failure struct {
	err error
	// site is set when the site names what the source lacks (a table,
	// a column) or its own SQL is wrong: an input problem (exit 1).
	// Otherwise the source could not be reached or failed (exit 2).
	site bool
	// table is set when the error is that the table does not exist.
	table bool
}

func (f *failure) Error() string { return f.err.Error() }
func (f *failure) Unwrap() error { return f.err }

// Load reads the groups need asks for from the source site.yaml names.
// Errors name site.yaml's setting at fault; a source that cannot be
// reached is a system error (exit 2), a table or column it lacks an input
// problem (exit 1). A connection string's password is never printed. A
// command runs in dir, the site folder, so that a path in its arguments
// (a DuckDB file, a client's config) is the site's wherever salesdeck
// runs.
func Load(ctx context.Context, cfg *config.Site, need *sales.Need, dir string) (*sales.Data, error) {
	sc := &cfg.Sales
	l := &loader{cfg: cfg, sc: sc, d: dialect(sc.Dialect), dir: dir}
	start := time.Now()
	eng, err := l.open(ctx)
	if err != nil {
		return nil, err
	}
	defer eng.close()
	l.eng = eng
	data, err := l.load(ctx, need)
	if err != nil {
		return nil, err
	}
	data.Received = sales.Received{Source: l.label(), Groups: l.groups, Values: l.values, Bytes: eng.received(), Elapsed: time.Since(start)}
	return data, nil
}

type loader struct {
	cfg    *config.Site
	sc     *config.Sales
	d      dialect
	dir    string
	eng    engine
	secret string // the connection string's password, masked in messages
	groups int
	values int // rows of distinct values received
}

// pos is where site.yaml sets sales.key, else sales.source.
func (l *loader) pos(key string) diag.Pos {
	if p, ok := l.sc.Pos[key]; ok {
		return p
	}
	if p, ok := l.sc.Pos["source"]; ok {
		return p
	}
	return diag.Pos{File: l.cfg.Name()}
}

// label names the engine: the server's kind, or the command's program.
func (l *loader) label() string {
	if l.sc.Source == "command" {
		return filepath.Base(l.sc.Command[0])
	}
	return l.sc.Source
}

// name is how messages name the source's rows.
func (l *loader) name() string {
	if l.sc.Table != "" {
		return "table " + l.sc.Table
	}
	return "sales.query"
}

// open connects to the source.
func (l *loader) open(ctx context.Context) (engine, error) {
	if l.sc.Source == "command" {
		return newCommand(l.sc.Command, l.dir), nil
	}
	dsn := os.Getenv(l.sc.DSNEnv)
	if dsn == "" {
		return nil, &diag.Error{Pos: l.pos("dsn_env"),
			Msg: fmt.Sprintf("the environment variable %s is not set: export it with the connection string of the %s server, such as %s", l.sc.DSNEnv, l.sc.Source, exampleDSN[l.sc.Source]),
			Err: errors.New("no connection string")}
	}
	l.secret = password(dsn)
	ctx, cancel := context.WithTimeout(ctx, l.sc.Timeout)
	defer cancel()
	var eng engine
	var err error
	switch l.sc.Source {
	case "postgres":
		eng, err = openPostgres(ctx, dsn)
	case "clickhouse":
		eng, err = openClickHouse(ctx, dsn)
	default:
		return nil, fmt.Errorf("sales.source %q has no engine", l.sc.Source)
	}
	if err != nil {
		return nil, &diag.Error{Pos: l.pos("dsn_env"),
			Msg: fmt.Sprintf("cannot reach the %s server of %s: %s", l.sc.Source, l.sc.DSNEnv, l.mask(l.reason(ctx, err))),
			Err: err}
	}
	return eng, nil
}

var exampleDSN = map[string]string{
	"postgres":   "postgres://user:password@host:5432/database",
	"clickhouse": "clickhouse://user:password@host:9000/database",
}

// load asks the source for its columns, then for the groups.
func (l *loader) load(ctx context.Context, need *sales.Need) (*sales.Data, error) {
	from := l.d.from(l.sc.Table, l.sc.Query)
	table := sales.Table{Name: l.name()}
	err := l.run(ctx, probe(l.d, from), func(h []string) { table.Header = h }, func(r []string) error {
		table.Sample = append(table.Sample, append([]string(nil), r...))
		return nil
	})
	if err != nil {
		return nil, l.failed(ctx, err)
	}
	if len(table.Header) == 0 {
		return nil, diag.Errorf(l.pos(cmp.Or(l.keyOfRows(), "source")), "%s answered without naming its columns; a command must print a CSV header line", l.name())
	}
	a, err := sales.NewAssembler(l.cfg, need, table)
	if err != nil {
		return nil, err
	}
	// The dates first: the spans of the cells may depend on the last.
	var (
		rows        int
		first, last civil.Date
		undated     int64
	)
	err = l.run(ctx, bounds(l.d, from, a.DateColumn()), func([]string) {}, func(r []string) error {
		if len(r) != 4 {
			return fmt.Errorf("answer has %d columns, want 4", len(r))
		}
		all, err := strconv.ParseInt(strings.TrimSpace(r[2]), 10, 64)
		if err != nil {
			return fmt.Errorf("row count %q: %v", r[2], err)
		}
		dated, err := strconv.ParseInt(strings.TrimSpace(r[3]), 10, 64)
		if err != nil {
			return fmt.Errorf("row count %q: %v", r[3], err)
		}
		undated = all - dated
		if dated == 0 {
			return nil // no date to read: an engine may print its zero date
		}
		if first, err = parseDay(r[0]); err == nil {
			last, err = parseDay(r[1])
		}
		return err
	})
	if err != nil {
		return nil, l.failed(ctx, err)
	}
	if undated > 0 {
		return nil, l.undated(a, undated)
	}
	a.Dated(last)
	cuts := a.Cuts()
	var rc *rawCombos
	if need != nil && need.Rank != nil {
		rc = newRawCombos()
	}
	answer := func(q query) func(r []string) error {
		return func(r []string) error {
			switch {
			case q.values:
				l.values++
				return addValue(a, q, r)
			case q.rank:
				l.groups++
				return addRanked(a, r)
			}
			if len(r) != q.width {
				return fmt.Errorf("answer has %d columns, want %d", len(r), q.width)
			}
			n, err := strconv.ParseInt(strings.TrimSpace(r[q.nkeys]), 10, 64)
			if err != nil {
				return fmt.Errorf("row count %q: %v", r[q.nkeys], err)
			}
			l.groups++
			if q.brk == "" {
				rows += int(n)
				day, err := cellDay(cuts, r[0])
				if err != nil {
					return err
				}
				if rc != nil {
					rc.add(r[1:q.nkeys])
				}
				return a.Cell(day, r[1:q.nkeys], n, r[q.nkeys+1:])
			}
			seg, err := strconv.Atoi(strings.TrimSpace(r[0]))
			if err != nil {
				return fmt.Errorf("segment %q: %v", r[0], err)
			}
			return a.Break(q.brk, seg, r[1:q.nkeys-1], r[q.nkeys-1], n, r[q.nkeys+1:])
		}
	}
	runAll := func(qs []query) error {
		for _, q := range qs {
			if err := l.run(ctx, q.sql, func([]string) {}, answer(q)); err != nil {
				return l.failed(ctx, err)
			}
		}
		return nil
	}
	if err := runAll(cellQueries(l.d, from, a)); err != nil {
		return nil, err
	}
	var ranks []query
	if rc != nil {
		// The cells told which combinations of keys there are: the
		// breakdowns the source ranks are asked for them.
		dims, asks := need.Rank(a.Keyed(rc.combos()))
		a.RankedBy(dims, asks)
		if ranks, err = rankQueries(l.d, from, a, asks, rc); err != nil {
			return nil, diag.Errorf(l.pos("rank_in_source"), "%v", err)
		}
	}
	if err := runAll(append(breakQueries(l.d, from, a), ranks...)); err != nil {
		return nil, err
	}
	if rows == 0 {
		return nil, diag.Errorf(l.pos(cmp.Or(l.keyOfRows(), "source")), "%s has no rows: there are no sales to show", l.name())
	}
	return a.Data(rows, first, last, []string{l.name() + " (" + l.label() + ")"}), nil
}

// undated is the error of n rows without a date.
func (l *loader) undated(a *sales.Assembler, n int64) error {
	return diag.Errorf(l.pos("date"), "%s of %s %s no %s; every row needs the date of its sale (leave them out with sales.query)",
		rowsText(n), l.name(), map[bool]string{true: "has", false: "have"}[n == 1], a.DateColumn())
}

// cellDay reads the first column of a cell's row: the number of its span
// (dialect.bucket) when cuts cut the cells, the first day of that span
// returned; else its date.
func cellDay(cuts []civil.Date, s string) (civil.Date, error) {
	if len(cuts) == 0 {
		return parseDay(s)
	}
	b, err := strconv.Atoi(strings.TrimSpace(s))
	switch {
	case err != nil || b < 0 || b > len(cuts):
		return 0, fmt.Errorf("span %q is not a number from 0 to %d", s, len(cuts))
	case b == 0:
		return cuts[0] - 1, nil
	}
	return cuts[b-1], nil
}

// addValue adds row r of a query of distinct values to a: the group's
// keys, then a value.
func addValue(a *sales.Assembler, q query, r []string) error {
	if len(r) != q.nkeys+1 {
		return fmt.Errorf("answer has %d columns, want %d", len(r), q.nkeys+1)
	}
	if q.brk == "" {
		day, err := cellDay(a.Cuts(), r[0])
		if err != nil {
			return err
		}
		return a.DistinctCell(q.col, day, r[1:q.nkeys], r[q.nkeys])
	}
	seg, err := strconv.Atoi(strings.TrimSpace(r[0]))
	if err != nil {
		return fmt.Errorf("segment %q: %v", r[0], err)
	}
	return a.DistinctBreak(q.col, q.brk, seg, r[1:q.nkeys-1], r[q.nkeys-1], r[q.nkeys])
}

func rowsText(n int64) string {
	if n == 1 {
		return "1 row"
	}
	return strconv.FormatInt(n, 10) + " rows"
}

// keyOfRows is the setting that names the rows: table or query.
func (l *loader) keyOfRows() string {
	if l.sc.Table != "" {
		return "table"
	}
	return "query"
}

// parseDay reads a date as engines print one: 2026-03-31, perhaps
// followed by a time of day.
func parseDay(s string) (civil.Date, error) {
	s = strings.TrimSpace(s)
	if len(s) > 10 && (s[10] == ' ' || s[10] == 'T') {
		s = s[:10]
	}
	d, err := civil.Parse(s)
	if err != nil {
		return 0, fmt.Errorf("date %q is not a date such as 2026-03-31", s)
	}
	return d, nil
}

// run runs one query within sales.timeout.
func (l *loader) run(ctx context.Context, sql string, head func([]string), row func([]string) error) error {
	qctx, cancel := context.WithTimeout(ctx, l.sc.Timeout)
	defer cancel()
	err := l.eng.query(qctx, sql, head, row)
	if err != nil && qctx.Err() == context.DeadlineExceeded && ctx.Err() == nil {
		return &failure{err: fmt.Errorf("the query took longer than sales.timeout (%v); raise sales.timeout, or give the server an index or a smaller sales.query", l.sc.Timeout)}
	}
	return err
}

// failed turns a query's error into the error the command line reports.
func (l *loader) failed(ctx context.Context, err error) error {
	var f *failure
	if !errors.As(err, &f) {
		// A row salesdeck could not read: the source answered, but not
		// as the site says its columns are.
		return diag.Errorf(l.pos(l.keyOfRows()), "%s: %s", l.name(), l.mask(err.Error()))
	}
	msg := l.mask(l.reason(ctx, f.err))
	if f.table {
		if names := l.tables(ctx); names != nil {
			msg += diag.Suggest(l.sc.Table, names)
		}
	}
	if f.site {
		return diag.Errorf(l.pos(l.keyOfRows()), "%s: %s", l.name(), msg)
	}
	return &diag.Error{Pos: l.pos(l.keyOfRows()), Msg: fmt.Sprintf("%s: the %s source failed: %s", l.name(), l.sc.Source, msg), Err: err}
}

// tables lists the tables and views of the source, for "did you mean"
// when the site names one it lacks; nil when the dialect cannot tell.
// Those of the connection's own schema or database are listed by their
// bare names too.
func (l *loader) tables(ctx context.Context) []string {
	sql := l.d.tables()
	if sql == "" {
		return nil
	}
	var names []string
	err := l.run(ctx, sql, func([]string) {}, func(r []string) error {
		names = append(names, r[0]+"."+r[1])
		if r[2] == "1" || r[2] == "t" || r[2] == "true" {
			names = append(names, r[1])
		}
		return nil
	})
	if err != nil {
		return nil
	}
	return names
}

// reason is err's message, or what stopped it when the build was
// interrupted.
func (l *loader) reason(ctx context.Context, err error) string {
	if ctx.Err() == context.Canceled {
		return "interrupted"
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return fmt.Sprintf("no answer within sales.timeout (%v)", l.sc.Timeout)
	}
	return err.Error()
}

// mask hides the connection string's password in a message.
func (l *loader) mask(msg string) string {
	if l.secret == "" {
		return msg
	}
	return strings.ReplaceAll(msg, l.secret, "xxxxx")
}
