package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"salesdeck/internal/support/testdb"
)

// salesdeck inspect of a database source lists the dimensions' values
// with the rows of each, as the database groups them: the same lines as
// inspect of the same rows in a CSV file, and the same dates.
func TestInspectDatabase(t *testing.T) {
	pg := testdb.Get(t, "postgres")
	const rows = "date,region,rep,revenue\n" +
		"2026-01-12,EMEA,Dana,1200.5\n" +
		"2026-01-20,EMEA,Jonas,-80\n" +
		"2026-02-18,APAC,Dana,950\n" +
		"2026-02-19,EMEA,O'Brien <b>,10\n"
	pg.Create(t, "inspect_sales", testdb.Columns(strings.Split("date,region,rep,revenue", ","), "date", "revenue"), []byte(rows))
	const settings = "  date: date\n  dimensions: [region, rep]\n  measures: {revenue: revenue}\n"
	sites := map[string]string{
		"csv":      "sales:\n" + settings,
		"postgres": "sales:\n  source: postgres\n  dsn_env: " + testdb.Env("postgres") + "\n  table: inspect_sales\n" + settings,
	}
	lines := map[string][]string{}
	for name, yaml := range sites {
		dir := filepath.Join(t.TempDir(), name)
		write(t, dir, map[string]string{"site.yaml": yaml, "data/sales.csv": rows})
		var out, errOut bytes.Buffer
		if code := run([]string{"inspect", "-src", dir}, &out, &errOut); code != 0 {
			t.Fatalf("%s: exit %d: %s", name, code, errOut.String())
		}
		for _, l := range strings.Split(out.String(), "\n") {
			if strings.Contains(l, " dimension ") || strings.HasPrefix(l, "rows:") {
				lines[name] = append(lines[name], strings.Join(strings.Fields(l), " "))
			}
		}
	}
	want := []string{
		"rows: 4, dated 2026-01-12 to 2026-02-19",
		"region dimension 2 EMEA (3), APAC (1)",
		"rep dimension 3 Dana (2), Jonas (1), O'Brien <b> (1)",
	}
	for name, got := range lines {
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("%s:\n got %q\nwant %q", name, got, want)
		}
	}
}

// write makes the files of a site in dir.
func write(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
