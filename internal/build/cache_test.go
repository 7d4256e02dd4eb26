package build

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func write(t *testing.T, dir string, files map[string]string) {
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

// The cache reads the sales data again exactly when the files or the
// settings that shape it change.
func TestSalesCache(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, map[string]string{
		"site.yaml":               "title: Small\nas_of: 2026-02-15\n",
		"data/sales.csv":          "date,region,revenue\n2026-01-10,EMEA,100\n2026-02-10,EMEA,50\n",
		"content/plans/plan.yaml": "title: Plan\nperiod: {start: 2026-01-01, end: 2026-03-31}\nstrategies:\n  - id: emea\n    title: EMEA\n    scope: {region: EMEA}\n    targets: {revenue: 300}\n",
	})
	cache := &SalesCache{}
	opt := Options{Src: dir, Cache: cache}
	later := time.Now().Add(time.Hour)
	steps := []struct {
		name  string
		edit  map[string]string
		reads int
	}{
		{"first build", nil, 1},
		{"nothing changed", nil, 1},
		{"plan edit", map[string]string{"content/plans/plan.yaml": "title: Plan B\nperiod: {start: 2026-01-01, end: 2026-03-31}\nstrategies:\n  - id: emea\n    title: EMEA\n    targets: {revenue: 300}\n"}, 1},
		{"page added", map[string]string{"content/about.md": "# About\n"}, 1},
		{"title and as_of", map[string]string{"site.yaml": "title: Renamed\nas_of: 2026-02-10\n"}, 1},
		{"data edit", map[string]string{"data/sales.csv": "date,region,revenue\n2026-01-10,EMEA,100\n2026-02-10,EMEA,70\n"}, 2},
		{"data file added", map[string]string{"data/more.csv": "date,region,revenue\n2026-01-11,EMEA,1\n"}, 3},
		{"metrics", map[string]string{"site.yaml": "title: Renamed\nas_of: 2026-02-10\nmetrics:\n  revenue: {sum: revenue, format: money}\n"}, 4},
	}
	for _, st := range steps {
		write(t, dir, st.edit)
		if st.edit["data/sales.csv"] != "" {
			// The same size and, on a coarse clock, the same time: the key
			// must still see the change.
			if err := os.Chtimes(filepath.Join(dir, "data/sales.csv"), later, later); err != nil {
				t.Fatal(err)
			}
		}
		files, _, err := Files(opt)
		if err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		if got := cache.Reads(); got != st.reads {
			t.Errorf("%s: %d reads, want %d", st.name, got, st.reads)
		}
		if st.name == "data edit" && !strings.Contains(string(files["data/strategies.csv"]), ",170,") {
			t.Errorf("data edit: figures not updated:\n%s", files["data/strategies.csv"])
		}
	}
	// A failed load is not kept.
	write(t, dir, map[string]string{"data/sales.csv": "date,region,revenue\nnot a date,EMEA,1\n"})
	if _, _, err := Files(opt); err == nil {
		t.Fatal("a broken CSV built")
	}
	write(t, dir, map[string]string{"data/sales.csv": "date,region,revenue\n2026-01-10,EMEA,100\n"})
	if _, _, err := Files(opt); err != nil {
		t.Fatal(err)
	}
	if got := cache.Reads(); got != 6 {
		t.Errorf("after a failed load: %d reads, want 6", got)
	}
}
