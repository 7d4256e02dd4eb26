package main

import (
	"encoding/json"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"salesdeck/internal/support/testdb"
)

// nightly is the small site's site.yaml, moved to another file with -config.
const nightly = "settings/nightly.yaml"

// The settings file that -config names is read in place of site.yaml,
// whatever site.yaml says: the site it builds is the one that file builds
// as site.yaml. Paths in it stay relative to the site folder: the default
// sales.files, data/*.csv, reads data/, not settings/data/.
func TestConfigFlagBuildsTheSameSite(t *testing.T) {
	want := built(t, site(t, small))
	tests := []struct {
		name   string
		config string            // -config
		files  map[string]string // the small site's files replaced
	}{
		{"a file in a subfolder", nightly, map[string]string{"site.yaml": deleted, nightly: small["site.yaml"]}},
		{"beside another site.yaml", nightly, map[string]string{"site.yaml": "title: Not this one\n", nightly: small["site.yaml"]}},
		{"written with ./ and //", "./settings//nightly.yaml", map[string]string{"site.yaml": deleted, nightly: small["site.yaml"]}},
		{"an OS path", filepath.Join("settings", "nightly.yaml"), map[string]string{"site.yaml": deleted, nightly: small["site.yaml"]}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := site(t, smallWith(tt.files))
			got := built(t, dir, "-config", tt.config)
			if !sameTree(got, want) {
				t.Errorf("the site built with -config %s differs from the one built with site.yaml", tt.config)
			}
		})
	}
}

// A -config outside the site is a usage mistake of every command that
// reads a site (exit 2, before anything is read); a file it names that
// does not exist is too, named like a file that cannot be read. A problem
// in the file, or about a setting in it found when the sales data, the
// plans or the static files are read, is placed in that file.
func TestConfigFlagErrors(t *testing.T) {
	dir := site(t, smallWith(map[string]string{"site.yaml": deleted, nightly: small["site.yaml"]}))
	const inside = "the settings file must be in the site folder: give its path relative to that folder (-src)"
	abs := filepath.Join(dir, nightly)
	broken := func(settings string, files ...string) string {
		m := map[string]string{"site.yaml": deleted, nightly: settings}
		for i := 0; i+1 < len(files); i += 2 {
			m[files[i]] = files[i+1]
		}
		return site(t, smallWith(m))
	}
	exports := broken(small["site.yaml"]+"sales: {files: [exports/*.csv]}\n", "exports/q1.csv", small["data/sales.csv"])
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string // the first lines of stderr
	}{
		{"absolute", []string{"build", "-src", dir, "-config", abs}, 2,
			`invalid value "` + abs + `" for flag -config: an absolute path; ` + inside + ", such as examples/postgres/site.yaml\nUsage: salesdeck build "},
		{"out of the site", []string{"check", "-src", dir, "-config", "../site.yaml"}, 2,
			`invalid value "../site.yaml" for flag -config: a path through ".."; ` + inside + `, without ".."` + "\nUsage: salesdeck check "},
		{"through .. inside", []string{"serve", "-src", dir, "-config", "settings/../settings/nightly.yaml"}, 2,
			`invalid value "settings/../settings/nightly.yaml" for flag -config: a path through ".."`},
		{"the site folder", []string{"pdf", "-src", dir, "-config", "."}, 2,
			`invalid value "." for flag -config: the site folder itself; give the path of the settings file in it, such as site.yaml`},
		{"missing", []string{"build", "-src", dir, "-config", "settings/nigthly.yaml"}, 2,
			"settings/nigthly.yaml: settings file not found: -config is a path relative to the site folder (-src), not to the folder salesdeck runs in\n1 error; nothing was written\n"},
		{"missing site.yaml named", []string{"check", "-src", dir, "-config", "site.yaml"}, 2,
			"site.yaml: settings file not found"},
		{"a folder", []string{"check", "-src", dir, "-config", "settings"}, 2,
			"settings: cannot read: "},
		{"a problem in the file", []string{"check", "-src", broken("title: Small\nsales:\n  delimter: \";\"\n"), "-config", nightly}, 1,
			"settings/nightly.yaml:3:3: unknown key \"delimter\" in sales (did you mean \"delimiter\"?)\n1 error; nothing was written\n"},
		{"an unknown key at the top", []string{"check", "-src", broken("titel: Small\n"), "-config", nightly}, 1,
			`settings/nightly.yaml:1:1: unknown key "titel" in settings/nightly.yaml (did you mean "title"?)`},
		{"no sales file matches", []string{"check", "-src", broken("sales: {files: [exports/*.csv]}\n"), "-config", nightly}, 1,
			`settings/nightly.yaml:1:16: sales.files: no file matches "exports/*.csv"; put the sales CSV files there or set sales.files in settings/nightly.yaml`},
		{"a column it names", []string{"check", "-src", broken("sales:\n  date: Datum\n"), "-config", nightly}, 1,
			`settings/nightly.yaml:2:9: sales.date: data/sales.csv has no column "Datum" (did you mean "date"?)`},
		{"a metric a plan names", []string{"check", "-src", broken(small["site.yaml"], "content/plans/plan.yaml", planHead+"  - id: emea\n    targets: {revenu: 300}\n"), "-config", nightly}, 1,
			`content/plans/plan.yaml:5:15: target: unknown metric "revenu" (did you mean "revenue"?); settings/nightly.yaml defines no metrics, so there is one per numeric column and orders: revenue, orders; define others under metrics in settings/nightly.yaml`},
		{"its logo", []string{"build", "-src", broken("theme: {logo: static/nope.svg}\n"), "-config", nightly}, 1,
			"settings/nightly.yaml:1:15: theme.logo: static/nope.svg does not exist; put the logo there or correct the path"},
		{"its database", []string{"check", "-src", broken("sales:\n  source: postgres\n  dsn_env: SALESDECK_NO_SUCH_DSN\n  table: sales\n"), "-config", nightly}, 2,
			"settings/nightly.yaml:3:12: the environment variable SALESDECK_NO_SUCH_DSN is not set"},
		{"-out inside its sales folder", []string{"build", "-src", exports, "-config", nightly, "-out", filepath.Join(exports, "exports", "public")}, 2,
			"error: -out " + filepath.Join(exports, "exports", "public") + " is inside exports/, a folder the build reads"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := salesdeck(t, tt.args...)
			if code != tt.code || stdout != "" || !strings.HasPrefix(stderr, tt.stderr) {
				t.Errorf("exit %d, stdout %q, stderr:\n%s\nwant exit %d, stderr starting:\n%s", code, stdout, stderr, tt.code, tt.stderr)
			}
		})
	}
}

// pgExample is the example site's settings for its sales in PostgreSQL.
const pgExample = "examples/postgres/site.yaml"

// The example site builds from PostgreSQL with examples/postgres/site.yaml
// (and the table examples/postgres/load.sql makes), whose settings are
// site.yaml's but for where the sales are: the same strategies with the
// same statuses as from data/sales.csv. Without a PostgreSQL server only
// the settings are compared.
func TestExampleFromPostgres(t *testing.T) {
	settings := func(name string) map[string]any {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := yaml.Unmarshal(b, &m); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if _, ok := m["sales"]; !ok {
			t.Fatalf("%s has no sales settings", name)
		}
		delete(m, "sales")
		return m
	}
	if !reflect.DeepEqual(settings(pgExample), settings("site.yaml")) {
		t.Errorf("%s differs from site.yaml in more than its sales settings", pgExample)
	}

	pg := testdb.Get(t, "postgres")
	psql, err := exec.LookPath("psql")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("psql is not installed (scripts/dbservers.sh install)")
		}
		t.Skip("psql is not installed: examples/postgres/load.sql cannot be run")
	}
	pg.Exec(t, "DROP TABLE IF EXISTS sales")
	t.Cleanup(func() { pg.Exec(t, "DROP TABLE IF EXISTS sales") })
	if out, err := exec.Command(psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", "examples/postgres/load.sql", pg.DSN).CombinedOutput(); err != nil {
		t.Fatalf("psql -f examples/postgres/load.sql: %v\n%s", err, out)
	}
	t.Setenv("SALES_DSN", pg.DSN)
	figures := func(args ...string) (exampleJSON, []string) {
		out := t.TempDir()
		code, stdout, stderr := salesdeck(t, append([]string{"build", "-out", out}, args...)...)
		if code != 0 {
			t.Fatalf("build %s exited %d:\n%s", strings.Join(args, " "), code, stderr)
		}
		t.Log(strings.TrimSpace(stdout))
		files := tree(t, out)
		var site exampleJSON
		if err := json.Unmarshal(files["data/strategies.json"], &site); err != nil {
			t.Fatal(err)
		}
		return site, slices.Sorted(maps.Keys(files))
	}
	fromPG, pgFiles := figures("-config", pgExample)
	fromCSV, csvFiles := figures()
	if !reflect.DeepEqual(fromPG, fromCSV) || fromPG.RowsRead == 0 {
		t.Errorf("from PostgreSQL:\n%+v\nfrom data/sales.csv:\n%+v", fromPG, fromCSV)
	}
	if !slices.Equal(pgFiles, csvFiles) {
		t.Errorf("files built from PostgreSQL:\n%v\nfrom data/sales.csv:\n%v", pgFiles, csvFiles)
	}
}
