package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"maps"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"salesdeck/internal/app/serve"
	"salesdeck/internal/build"
	"salesdeck/internal/support/civil"
	"salesdeck/internal/support/testdb"
	"salesdeck/tools/gen"
)

// dbSite is a site to build from CSV and from databases: its files but
// the sales data, the sales data, and which columns hold numbers.
type dbSite struct {
	name    string
	files   map[string][]byte
	csv     []byte
	numbers []string
	// rank lists the dimensions whose breakdowns PostgreSQL ranks in a
	// further build from it (sales.rank_in_source); none when empty.
	rank string
}

// exampleDBSite is the repository's example site.
func exampleDBSite(t *testing.T) dbSite {
	files := map[string][]byte{}
	for name, b := range tree(t, "content") {
		files["content/"+name] = b
	}
	site, err := os.ReadFile("site.yaml")
	if err != nil {
		t.Fatal(err)
	}
	files["site.yaml"] = site
	data, err := os.ReadFile("data/sales.csv")
	if err != nil {
		t.Fatal(err)
	}
	return dbSite{name: "example", files: files, csv: data, numbers: []string{"revenue", "units", "cost"}}
}

// genDBSite is a generated site of shape, with rows order lines and
// strategies strategies.
func genDBSite(t *testing.T, name string, shape gen.Shape, seed uint64, rows, strategies int) dbSite {
	o := gen.SiteOptions{Data: gen.Options{Seed: seed, Start: civil.New(2024, 1, 1), End: civil.New(2026, 6, 30), Rows: rows, Shape: shape},
		Plans: 3, Strategies: strategies}
	files, err := gen.SiteFiles(o)
	if err != nil {
		t.Fatal(err)
	}
	var data bytes.Buffer
	if _, err := gen.Write(&data, o.Data); err != nil {
		t.Fatal(err)
	}
	return dbSite{name: name, files: files, csv: data.Bytes(), numbers: []string{"revenue", "units", "cost"}}
}

// hostileDBSite is a small site whose dimension values hold quotes,
// backslashes, SQL and HTML: a database that ranks breakdowns gets them
// back in its query's VALUES list, as literals, and pages show them as
// text.
func hostileDBSite(t *testing.T) dbSite {
	regions := []string{`North'); DROP TABLE sales; --`, `Back\slash \' Co`}
	customers := []string{`O'Brien & "Sons"`, `<script>alert(1)</script>`, `C:\Temp\`, `Müller`, `Plain`, `a''b`, `E`, `F`, `G`, `H`, `I`, `J`}
	var data bytes.Buffer
	w := csv.NewWriter(&data)
	w.Write([]string{"date", "region", "customer", "revenue", "units", "cost"})
	n := 0
	for d := civil.New(2025, 1, 1); d <= civil.New(2026, 6, 30); d += 3 {
		for i, c := range customers {
			n++
			r := regions[(n+i)%len(regions)]
			w.Write([]string{d.String(), r, c, fmt.Sprintf("%d.%02d", 100+(n*37)%900, n%100), strconv.Itoa(1 + n%7), fmt.Sprintf("%d.%02d", 50+(n*13)%400, (n*7)%100)})
		}
	}
	w.Flush()
	site := "title: Hostile values\ncurrency: USD\nlocale: en-US\nas_of: 2026-03-31\nsales:\n  files: [data/*.csv]\n  date: date\n" +
		"  dimensions: [region, customer]\n  measures: {revenue: revenue, units: units, cost: cost}\n"
	plan := fmt.Sprintf("id: hostile\ntitle: Hostile\nperiod: {start: 2026-01-01, end: 2026-06-30}\nstrategies:\n"+
		"  - id: one-region\n    title: One region\n    scope:\n      region: %q\n    bridge_by: region\n    targets:\n      revenue: 50000\n"+
		"  - id: all\n    title: All\n    bridge_by: region\n    targets:\n      units: 5000\n", regions[0])
	return dbSite{name: "hostile", files: map[string][]byte{"site.yaml": []byte(site), "content/plans/hostile.yaml": []byte(plan)},
		csv: data.Bytes(), numbers: []string{"revenue", "units", "cost"}, rank: "customer"}
}

// withAsks adds to s a page of blocks that ask the analysis for more
// than the plans do (docs/pages.md, Live figures): charts of a period by
// dimensions no scope names, whose groups are then cut at their buckets,
// and breakdowns of the first strategy ranked by other metrics, distinct
// counts and ratios among them.
func withAsks(t *testing.T, s dbSite) dbSite {
	var first string
	for name, b := range s.files {
		if m := regexp.MustCompile(`(?m)^  - id: (\S+)`).FindSubmatch(b); strings.HasPrefix(name, "content/plans/") && m != nil && (first == "" || string(m[1]) < first) {
			first = string(m[1])
		}
	}
	if first == "" {
		t.Fatal("no strategy")
	}
	var page strings.Builder
	page.WriteString("# Asks\n")
	for _, b := range []string{
		"metric: orders\nby: category\nperiod: {fiscal_year: 2026}\ngrain: quarter",
		"metric: avg_order\nby: region\nperiod: {start: 2025-11-15, end: 2026-02-10}",
		"metric: margin\nperiod: {fiscal_year: 2025}\ngrain: year",
		"metric: lines\nby: category\nperiod: {fiscal_year: 2026}\nscope: {channel: [Direct, Online]}",
		"strategy: " + first + "\nkind: breakdown\nmetric: orders",
		"strategy: " + first + "\nkind: breakdown\nmetric: margin",
		"strategy: " + first + "\nkind: breakdown\nmetric: lines",
	} {
		page.WriteString("\n```chart\n" + b + "\n```\n")
	}
	s.files["content/asks.md"] = []byte(page.String())
	return s
}

// lastDay is s with as_of left out of site.yaml: the figures are then as
// of the last day of the data.
func (s dbSite) lastDay(t *testing.T) dbSite {
	files := maps.Clone(s.files)
	y := regexp.MustCompile(`(?m)^as_of:.*\n`)
	if !y.Match(files["site.yaml"]) {
		t.Fatalf("%s: site.yaml sets no as_of", s.name)
	}
	files["site.yaml"] = y.ReplaceAll(files["site.yaml"], nil)
	s.name += "_last_day"
	s.files = files
	return s
}

// write writes the site into dir with site.yaml's sales settings made
// into source, the lines of the sales section that name where the rows
// are (CSV-only settings are dropped). An empty source keeps the CSV.
func (s dbSite) write(t *testing.T, dir, source string) {
	t.Helper()
	for name, b := range s.files {
		if name == "site.yaml" && source != "" {
			b = withSource(t, b, source)
		}
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if source == "" {
		if err := os.MkdirAll(filepath.Join(dir, "data"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "data", "sales.csv"), s.csv, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

var csvOnly = regexp.MustCompile(`^  (files|encoding|delimiter|decimal|date_format):`)

// withSource rewrites site.yaml's sales section for another source.
func withSource(t *testing.T, site []byte, source string) []byte {
	var out []string
	in := false
	for _, line := range strings.Split(string(site), "\n") {
		switch {
		case line == "sales:":
			in = true
			out = append(out, line, strings.TrimRight(source, "\n"))
			continue
		case in && line != "" && line[0] != ' ' && line[0] != '#':
			in = false
		}
		if in && csvOnly.MatchString(line) {
			continue
		}
		out = append(out, line)
	}
	if !slices.Contains(out, "sales:") {
		t.Fatal("site.yaml has no sales section")
	}
	return []byte(strings.Join(out, "\n"))
}

// buildSite builds the site in dir into dir/public and returns what it
// wrote, failing t on any error.
func buildSite(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	code, stdout, stderr := salesdeck(t, "build", "-src", dir)
	if code != 0 {
		t.Fatalf("build %s: exit %d\n%s%s", dir, code, stdout, stderr)
	}
	return tree(t, filepath.Join(dir, "public"))
}

// prepared is the handout's sentence naming where the rows came from, the
// one place a page says which source it was built from.
var prepared = regexp.MustCompile(`Prepared from [^<]*\.`)

// sameSite reports the files in which got differs from want.
func sameSite(t *testing.T, what string, got, want map[string][]byte) {
	t.Helper()
	if !bytes.Equal(got["data/strategies.json"], want["data/strategies.json"]) {
		t.Errorf("%s: strategies.json differs from the CSV build's:\n%s", what, firstDifference(got["data/strategies.json"], want["data/strategies.json"]))
	}
	for _, name := range slices.Sorted(maps.Keys(want)) {
		g, w := got[name], want[name]
		if name == "handout.html" {
			g, w = prepared.ReplaceAll(g, nil), prepared.ReplaceAll(w, nil)
		}
		if !bytes.Equal(g, w) {
			t.Errorf("%s: %s differs from the CSV build's:\n%s", what, name, firstDifference(g, w))
		}
	}
	if len(got) != len(want) {
		t.Errorf("%s: %d files, the CSV build %d", what, len(got), len(want))
	}
}

func firstDifference(got, want []byte) string {
	i := 0
	for i < len(got) && i < len(want) && got[i] == want[i] {
		i++
	}
	from := max(0, i-80)
	return fmt.Sprintf("  got  …%s…\n  want …%s…", got[from:min(len(got), i+80)], want[from:min(len(want), i+80)])
}

// sources are the ways a test site reads a table of a server: the drivers
// and the command-line clients.
func sources(t *testing.T, pg, ch testdb.Server, table, rank string) map[string]string {
	out := map[string]string{
		"postgres":   "  source: postgres\n  dsn_env: " + testdb.Env("postgres") + "\n  table: " + table,
		"clickhouse": "  source: clickhouse\n  dsn_env: " + testdb.Env("clickhouse") + "\n  table: " + table,
	}
	if psql := client(t, "psql"); psql != "" {
		out["psql"] = fmt.Sprintf("  source: command\n  command: [%s, -X, --csv, -v, ON_ERROR_STOP=1, %q]\n  table: %s", psql, pg.DSN, table)
	}
	if chc := client(t, "clickhouse-client"); chc != "" {
		host, port := hostPort(t, ch.DSN)
		out["clickhouse-client"] = fmt.Sprintf("  source: command\n  command: [%s, --host, %s, --port, %q, --password, salesdeck, --database, salesdeck, --format, CSVWithNames]\n  table: %s",
			chc, host, port, table)
	}
	if rank != "" {
		for _, name := range []string{"postgres", "psql"} {
			if src, ok := out[name]; ok {
				out[name+"_ranked"] = src + "\n  rank_in_source: [" + rank + "]"
			}
		}
	}
	return out
}

// client finds a database's command-line client; under CI=true it must
// be there.
func client(t *testing.T, name string) string {
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is not installed (scripts/dbservers.sh install)", name)
		}
		t.Logf("%s is not installed: the command source is not tried with it", name)
		return ""
	}
	return p
}

func hostPort(t *testing.T, dsn string) (string, string) {
	m := regexp.MustCompile(`@([^:/]+):(\d+)`).FindStringSubmatch(dsn)
	if m == nil {
		t.Fatalf("no host:port in %s", dsn)
	}
	return m[1], m[2]
}

// The same rows as a CSV file, in a PostgreSQL table, in a ClickHouse
// table, and through psql and clickhouse-client, build the same site: the
// same strategies.json byte for byte and the same pages, but for the
// handout's sentence that names the source (docs/databases.md).
func TestDatabaseSourcesBuildTheSameSite(t *testing.T) {
	pg, ch := testdb.Get(t, "postgres"), testdb.Get(t, "clickhouse")
	// orders counts distinct order ids (count_distinct), pushed down as
	// SELECT DISTINCT, and ranks breakdowns by them.
	// Without as_of, as_of is the data's last day, which a database is
	// asked for first and a CSV read learns at its end: the spans the
	// figures sum must come out the same.
	// PostgreSQL ranks the breakdowns by the dimensions of many values
	// in a build of its own (sales.rank_in_source), to the same figures.
	ranked := func(s dbSite, dims string) dbSite { s.rank = dims; return s }
	sites := []dbSite{exampleDBSite(t), withAsks(t, genDBSite(t, "orders", gen.Orders, 10, 4_000, 12)),
		exampleDBSite(t).lastDay(t), withAsks(t, genDBSite(t, "orders", gen.Orders, 10, 4_000, 12)).lastDay(t),
		ranked(genDBSite(t, "ranked", gen.Customers, 11, 4_000, 12), "product, rep, customer"),
		ranked(genDBSite(t, "ranked", gen.Customers, 11, 4_000, 12), "product, rep, customer").lastDay(t),
		hostileDBSite(t)}
	if !testing.Short() {
		sites = append(sites,
			genDBSite(t, "tidy", gen.Tidy, 7, 20_000, 30),
			ranked(genDBSite(t, "wide", gen.Wide, 8, 20_000, 30), "product, rep"),
			ranked(genDBSite(t, "customers", gen.Customers, 9, 20_000, 30), "product, rep, customer"))
	}
	for _, s := range sites {
		t.Run(s.name, func(t *testing.T) {
			dir := t.TempDir()
			s.write(t, filepath.Join(dir, "csv"), "")
			want := buildSite(t, filepath.Join(dir, "csv"))
			header := strings.Split(strings.TrimSpace(string(s.csv[:bytes.IndexByte(s.csv, '\n')])), ",")
			table := "sales_" + s.name
			cols := testdb.Columns(header, "date", s.numbers...)
			pg.Create(t, table, cols, s.csv)
			ch.Create(t, table, cols, s.csv)
			for name, src := range sources(t, pg, ch, table, s.rank) {
				site := filepath.Join(dir, name)
				s.write(t, site, src)
				sameSite(t, name, buildSite(t, site), want)
			}
		})
	}
}

// freePort is a 127.0.0.1 port nothing listens on.
func freePort(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	return port
}

// A database source that fails leaves public/ as it was, with the exit
// status and message of docs/databases.md ("When it fails"): 2 when the
// server cannot be reached or fails, 1 when the site names what it lacks.
// Passwords never show.
func TestDatabaseFailures(t *testing.T) {
	pg, ch := testdb.Get(t, "postgres"), testdb.Get(t, "clickhouse")
	s := exampleDBSite(t)
	header := strings.Split(strings.TrimSpace(string(s.csv[:bytes.IndexByte(s.csv, '\n')])), ",")
	cols := testdb.Columns(header, "date", s.numbers...)
	pg.Create(t, "sales_failures", cols, s.csv)
	ch.Create(t, "sales_failures", cols, s.csv)
	wrongPassword := strings.Replace(pg.DSN, ":salesdeck@", ":Hunter2Wrong@", 1)
	chWrong := strings.Replace(ch.DSN, ":salesdeck@", ":Hunter2Wrong@", 1)
	down := "postgres://salesdeck:Hunter2Down@127.0.0.1:" + freePort(t) + "/salesdeck?sslmode=disable&connect_timeout=5"
	chDown := "clickhouse://default:Hunter2Down@127.0.0.1:" + freePort(t) + "/salesdeck?dial_timeout=5s"
	pgSrc := func(extra string) string {
		return "  source: postgres\n  dsn_env: SALES_DSN\n" + extra
	}
	chSrc := func(extra string) string {
		return "  source: clickhouse\n  dsn_env: SALES_DSN\n" + extra
	}
	tests := []struct {
		name   string
		dsn    string
		source string
		during func(ctx context.Context) // runs while the build does
		code   int
		want   []string // in stderr, in order
	}{
		{"postgres down", down, pgSrc("  table: sales_failures\n"), nil, 2,
			[]string{"site.yaml:", "cannot reach the postgres server of SALES_DSN", "1 error; nothing was written"}},
		{"postgres wrong password", wrongPassword, pgSrc("  table: sales_failures\n"), nil, 2,
			[]string{"cannot reach the postgres server of SALES_DSN", `password authentication failed for user "salesdeck"`}},
		{"postgres table dropped", pg.DSN, pgSrc("  table: sales_failurs\n"), nil, 1,
			[]string{`site.yaml:17:10: table sales_failurs:`, `relation "sales_failurs" does not exist`, `(did you mean "sales_failures"?)`}},
		{"postgres column missing", pg.DSN, pgSrc("  query: SELECT date, region, country, product, category, channel, segment, rep AS reps, revenue, units, cost FROM sales_failures\n"), nil, 1,
			[]string{`site.yaml:19:15: sales.dimensions: sales.query has no column "rep" (did you mean "reps"?)`}},
		{"postgres timeout", pg.DSN, pgSrc("  query: SELECT s.* FROM sales_failures s, pg_sleep(30)\n  timeout: 1s\n"), nil, 2,
			[]string{"sales.query: the postgres source failed: the query took longer than sales.timeout (1s)"}},
		{"postgres killed mid-query", pg.DSN, pgSrc("  query: SELECT s.* FROM sales_failures s, pg_sleep(30)\n"), func(ctx context.Context) {
			terminate(ctx, t, pg, "pg_sleep(30)")
		}, 2, []string{"sales.query: the postgres source failed:", "terminating connection due to administrator command"}},
		{"clickhouse down", chDown, chSrc("  table: sales_failures\n"), nil, 2,
			[]string{"cannot reach the clickhouse server of SALES_DSN"}},
		{"clickhouse wrong password", chWrong, chSrc("  table: sales_failures\n"), nil, 2,
			[]string{"cannot reach the clickhouse server of SALES_DSN", "password"}},
		{"clickhouse table dropped", ch.DSN, chSrc("  table: sales_failurs\n"), nil, 1,
			[]string{`site.yaml:17:10: table sales_failurs:`, `(did you mean "sales_failures"?)`}},
		{"command not installed", "", "  source: command\n  command: [no-such-sql-client, --csv]\n  table: sales_failures\n", nil, 2,
			[]string{"no-such-sql-client", "install it, or write its full path in sales.command"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			s.write(t, dir, strings.TrimRight(tt.source, "\n"))
			before := map[string][]byte{"index.html": []byte("the last good build"), "data/strategies.json": []byte("{}")}
			for name, b := range before {
				p := filepath.Join(dir, "public", filepath.FromSlash(name))
				os.MkdirAll(filepath.Dir(p), 0o755)
				os.WriteFile(p, b, 0o644)
			}
			t.Setenv("SALES_DSN", tt.dsn)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			if tt.during != nil {
				go tt.during(ctx)
			}
			start := time.Now()
			code, _, stderr := salesdeck(t, "build", "-src", dir)
			if code != tt.code {
				t.Errorf("exit %d, want %d\n%s", code, tt.code, stderr)
			}
			at := 0
			for _, w := range tt.want {
				i := strings.Index(stderr[at:], w)
				if i < 0 {
					t.Errorf("stderr lacks %q (after byte %d):\n%s", w, at, stderr)
					break
				}
				at += i + len(w)
			}
			for _, secret := range []string{"Hunter2Wrong", "Hunter2Down", ":salesdeck@"} {
				if strings.Contains(stderr, secret) {
					t.Errorf("stderr shows the password (%s):\n%s", secret, stderr)
				}
			}
			if got := tree(t, filepath.Join(dir, "public")); !maps.EqualFunc(got, before, bytes.Equal) {
				t.Errorf("public/ changed: %v", slices.Sorted(maps.Keys(got)))
			}
			if d := time.Since(start); d > 20*time.Second {
				t.Errorf("took %v: a failing source must fail within its timeout", d)
			}
		})
	}
}

// terminate ends the server process that runs the query holding marker,
// as an administrator or a crash would, once it has started.
func terminate(ctx context.Context, t *testing.T, pg testdb.Server, marker string) {
	for ctx.Err() == nil {
		time.Sleep(300 * time.Millisecond)
		n, err := pg.Count(ctx, "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE query LIKE "+
			"'%"+marker+"%' AND query NOT LIKE '%pg_terminate_backend%' AND pid <> pg_backend_pid()")
		if err != nil {
			t.Log(err)
			return
		}
		if n > 0 {
			return
		}
	}
}

// serve asks the database once and builds again from the groups it holds
// after every edit; rows added to the table show after a refresh (-refresh,
// or r and Enter), not before (docs/databases.md, "serve").
func TestServeRefreshesADatabaseOnlyWhenAsked(t *testing.T) {
	pg := testdb.Get(t, "postgres")
	s := exampleDBSite(t)
	header := strings.Split(strings.TrimSpace(string(s.csv[:bytes.IndexByte(s.csv, '\n')])), ",")
	pg.Create(t, "sales_refresh", testdb.Columns(header, "date", s.numbers...), s.csv)
	dir := t.TempDir()
	s.write(t, dir, "  source: postgres\n  dsn_env: "+testdb.Env("postgres")+"\n  table: sales_refresh")
	var rows []int
	srv := serve.New(serve.Options{Build: build.Options{Src: dir}, OnBuild: func(rep *build.Report, err error) {
		if err != nil {
			t.Fatal(err)
		}
		rows = append(rows, rep.RowsRead)
	}})
	ctx := context.Background()
	if err := srv.Build(ctx); err != nil {
		t.Fatal(err)
	}
	pg.Exec(t, "INSERT INTO sales_refresh SELECT * FROM sales_refresh LIMIT 10")
	if err := os.WriteFile(filepath.Join(dir, "content", "new.md"), []byte("# New page\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := srv.Build(ctx); err != nil { // an edit: the groups in memory serve
		t.Fatal(err)
	}
	if err := srv.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || rows[1] != rows[0] || rows[2] != rows[0]+10 {
		t.Errorf("rows read by the three builds: %v, want n, n, n+10", rows)
	}
}
