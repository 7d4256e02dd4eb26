package main

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// salesdeck runs the command line in-process and returns its exit status
// and output.
func salesdeck(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

// tree reads every file below dir, keyed by slash path.
func tree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// exampleJSON is the shape of strategies.json the tests read.
type exampleJSON struct {
	AsOf     string `json:"as_of"`
	RowsRead int    `json:"rows_read"`
	Plans    []struct {
		ID         string   `json:"id"`
		Strategies []string `json:"strategies"`
	} `json:"plans"`
	Strategies []struct {
		ID     string `json:"id"`
		Status string `json:"status"`
	} `json:"strategies"`
}

// The repository root is the example site: it builds, with a page for
// every plan and strategy, and two builds are byte-identical.
func TestBuildExampleSite(t *testing.T) {
	outA, outB := t.TempDir(), t.TempDir()
	for _, out := range []string{outA, outB} {
		code, stdout, stderr := salesdeck(t, "build", "-out", out)
		if code != 0 {
			t.Fatalf("build exited %d:\n%s", code, stderr)
		}
		if !strings.Contains(stdout, "built "+out) {
			t.Errorf("no summary line in %q", stdout)
		}
	}
	a, b := tree(t, outA), tree(t, outB)
	if len(a) != len(b) {
		t.Fatalf("builds differ in file count: %d vs %d", len(a), len(b))
	}
	for name, data := range a {
		if !bytes.Equal(data, b[name]) {
			t.Errorf("%s differs between two builds of the same inputs", name)
		}
	}

	var site exampleJSON
	if err := json.Unmarshal(a["data/strategies.json"], &site); err != nil {
		t.Fatalf("strategies.json: %v", err)
	}
	if site.RowsRead == 0 || len(site.Plans) == 0 {
		t.Fatalf("strategies.json has no rows or plans: %+v", site)
	}
	want := []string{"index.html", "about.html", "data/strategies.csv", "assets/echarts.min.js", "assets/salesdeck.js", "assets/salesdeck.css"}
	for _, p := range site.Plans {
		want = append(want, "plans/"+p.ID+".html")
	}
	statuses := map[string]bool{}
	for _, s := range site.Strategies {
		want = append(want, "strategies/"+s.ID+".html")
		statuses[s.Status] = true
	}
	for _, name := range want {
		if _, ok := a[name]; !ok {
			t.Errorf("missing %s", name)
		}
	}
	// The example shows every status a strategy can have.
	for _, st := range []string{"not_started", "on_track", "at_risk", "behind", "achieved", "missed"} {
		if !statuses[st] {
			t.Errorf("no example strategy is %s", st)
		}
	}
	for name, data := range a {
		if strings.HasSuffix(name, ".html") && bytes.Contains(data, []byte("://")) && bytes.Contains(data, []byte("<script src=\"http")) {
			t.Errorf("%s loads a script from another host", name)
		}
	}
}

// site writes a small site into a temporary folder and returns it.
func site(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	writeFiles(t, dir, files)
	return dir
}

// writeFiles writes files (slash paths relative to dir) into dir.
func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

var small = map[string]string{
	"site.yaml":               "title: Small\nas_of: 2026-02-15\n",
	"data/sales.csv":          "date,region,revenue\n2026-01-10,EMEA,100\n2026-02-10,EMEA,50\n",
	"content/plans/plan.yaml": "title: Plan\nperiod: {start: 2026-01-01, end: 2026-03-31}\nstrategies:\n  - id: emea\n    title: EMEA\n    scope: {region: EMEA}\n    targets: {revenue: 300}\n",
	"content/about.md":        "---\ntitle: About\n---\nHello.\n",
}

// A failed build lists every problem with its position, exits 1 and
// leaves the previous site exactly as it was.
func TestFailedBuildKeepsPreviousSite(t *testing.T) {
	dir := site(t, small)
	if code, _, stderr := salesdeck(t, "build", "-src", dir); code != 0 {
		t.Fatalf("first build exited %d:\n%s", code, stderr)
	}
	before := tree(t, filepath.Join(dir, "public"))

	broken := "title: Plan\nperiod: {start: 2026-01-01, end: 2026-03-31}\nstrategies:\n  - id: emea\n    scope: {regoin: EMEA}\n    targets: {revenu: 300}\n"
	if err := os.WriteFile(filepath.Join(dir, "content/plans/plan.yaml"), []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := salesdeck(t, "build", "-src", dir)
	if code != 1 {
		t.Fatalf("broken build exited %d, want 1:\n%s", code, stderr)
	}
	for _, want := range []string{
		`content/plans/plan.yaml:5:13: scope: unknown dimension "regoin" (did you mean "region"?)`,
		`content/plans/plan.yaml:6:15: target: unknown metric "revenu" (did you mean "revenue"?)`,
		"2 errors; nothing was written",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	after := tree(t, filepath.Join(dir, "public"))
	if len(after) != len(before) {
		t.Fatalf("public/ changed: %d files before, %d after", len(before), len(after))
	}
	for name, data := range before {
		if !bytes.Equal(data, after[name]) {
			t.Errorf("public/%s changed", name)
		}
	}
}

func TestCommandLine(t *testing.T) {
	dir := site(t, small)
	tests := []struct {
		args           []string
		code           int
		stdout, stderr string
	}{
		{[]string{"version"}, 0, "salesdeck ", ""},
		{[]string{"build", "-h"}, 0, "", "Example:\n  salesdeck build"},
		{[]string{"check", "-h"}, 0, "", "Example:\n  salesdeck check"},
		{[]string{"pdf", "-h"}, 0, "", "Example:\n  salesdeck pdf"},
		{[]string{"pdf", "board.pdf"}, 2, "", `unexpected argument "board.pdf"`},
		{[]string{"pdf", "-src", dir, "-o", filepath.Join(dir, "missing", "board.pdf")}, 2, "", "the folder " + filepath.Join(dir, "missing") + " does not exist; create it or choose another -o"},
		{[]string{"biuld"}, 2, "", `unknown command "biuld" (did you mean "build"?)`},
		{[]string{"build", "-nope"}, 2, "", "flag provided but not defined: -nope"},
		{[]string{"check", "-src", dir}, 0, "checked " + dir + ": 5 pages, 1 plan, 1 strategy, 2 rows from 1 file, 0 warnings", ""},
		{[]string{"build", "-src", filepath.Join(dir, "missing")}, 2, "", `site folder "` + filepath.Join(dir, "missing") + `" does not exist`},
		{[]string{"build", "-src", t.TempDir()}, 1, "", `sales.files: no file matches "data/*.csv"`},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, stdout, stderr := salesdeck(t, tt.args...)
			if code != tt.code || !strings.Contains(stdout, tt.stdout) || !strings.Contains(stderr, tt.stderr) {
				t.Errorf("exit %d, stdout %q, stderr %q\nwant exit %d, stdout with %q, stderr with %q", code, stdout, stderr, tt.code, tt.stdout, tt.stderr)
			}
		})
	}
	// check writes nothing.
	if _, err := os.Stat(filepath.Join(dir, "public")); !os.IsNotExist(err) {
		t.Errorf("check wrote public/: %v", err)
	}
}
