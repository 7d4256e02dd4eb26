package build

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"
	"weak"

	"salesdeck/internal/load/sales"
	"salesdeck/internal/render"
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
		"data/sales.csv":          "date,region,channel,revenue\n2026-01-10,EMEA,Direct,100\n2026-02-10,EMEA,Direct,50\n",
		"content/plans/plan.yaml": "title: Plan\nperiod: {start: 2026-01-01, end: 2026-03-31}\nstrategies:\n  - id: emea\n    title: EMEA\n    scope: {region: EMEA}\n    targets: {revenue: 300}\n",
	})
	cache := &Cache{}
	opt := Options{Src: dir, Cache: cache}
	later := time.Now().Add(time.Hour)
	steps := []struct {
		name           string
		edit           map[string]string
		reads, regroup int
	}{
		{"first build", nil, 1, 0},
		{"nothing changed", nil, 1, 0},
		{"target and title", map[string]string{"content/plans/plan.yaml": "title: Plan B\nperiod: {start: 2026-01-01, end: 2026-03-31}\nstrategies:\n  - id: emea\n    title: EMEA\n    scope: {region: [EMEA, APAC]}\n    targets: {revenue: 400}\n"}, 1, 0},
		{"page added", map[string]string{"content/about.md": "# About\n"}, 1, 0},
		{"title", map[string]string{"site.yaml": "title: Renamed\nas_of: 2026-02-15\n"}, 1, 0},
		// The groups depend on the dimensions scopes name and on the
		// periods to date (analysis.Need): the rows are grouped again.
		{"scope dropped", map[string]string{"content/plans/plan.yaml": "title: Plan B\nperiod: {start: 2026-01-01, end: 2026-03-31}\nstrategies:\n  - id: emea\n    title: EMEA\n    targets: {revenue: 400}\n"}, 1, 1},
		{"period", map[string]string{"content/plans/plan.yaml": "title: Plan B\nperiod: {start: 2026-01-05, end: 2026-03-31}\nstrategies:\n  - id: emea\n    title: EMEA\n    targets: {revenue: 400}\n"}, 1, 2},
		{"as_of", map[string]string{"site.yaml": "title: Renamed\nas_of: 2026-02-10\n"}, 1, 3},
		{"data edit", map[string]string{"data/sales.csv": "date,region,channel,revenue\n2026-01-10,EMEA,Direct,100\n2026-02-10,EMEA,Direct,70\n"}, 2, 3},
		{"data file added", map[string]string{"data/more.csv": "date,region,channel,revenue\n2026-01-11,EMEA,Direct,1\n"}, 3, 3},
		{"metrics", map[string]string{"site.yaml": "title: Renamed\nas_of: 2026-02-10\nmetrics:\n  revenue: {sum: revenue, format: money}\n"}, 4, 3},
		// So do the Markdown's blocks (render.Asks): a chart of a period
		// cuts time at its buckets, and one by a dimension no scope names
		// cuts the per-dimension groups too. A chart whose buckets start
		// on days already cut (here the plan's start and its months)
		// needs no new groups.
		{"a chart of a period", map[string]string{"content/about.md": "# About\n\n```chart\nmetric: revenue\nperiod: {start: 2026-01-05, end: 2026-03-31}\n```\n"}, 4, 3},
		{"by a dimension no scope names", map[string]string{"content/about.md": "# About\n\n```chart\nmetric: revenue\nby: channel\nperiod: {start: 2026-01-01, end: 2026-03-31}\n```\n"}, 4, 4},
		{"by another grain", map[string]string{"content/about.md": "# About\n\n```chart\nmetric: revenue\nby: channel\nperiod: {start: 2026-01-01, end: 2026-03-31}\ngrain: quarter\n```\n"}, 4, 5},
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
		if got := cache.Regroups(); got != st.regroup {
			t.Errorf("%s: %d regroups, want %d", st.name, got, st.regroup)
		}
		if st.name == "data edit" && !strings.Contains(string(files["data/strategies.csv"]), ",170,") {
			t.Errorf("data edit: figures not updated:\n%s", files["data/strategies.csv"])
		}
		if st.name == "by another grain" && !strings.Contains(string(files["about.html"]), "<td>Q1 FY2026</td>") {
			t.Errorf("by another grain: the chart not drawn again:\n%s", files["about.html"])
		}
	}
	// A block with a mistake asks for nothing and is reported at its line;
	// the data read for the others is kept.
	write(t, dir, map[string]string{"content/about.md": "# About\n\n```chart\nmetric: revenue\nby: channel\nperiod: {start: 2026-01-01, end: 2026-03-31}\ngrain: quarter\n```\n\n```chart\nmetric: [\n```\n"})
	if _, _, err := Files(opt); err == nil || !strings.Contains(err.Error(), "content/about.md:11: chart block: invalid YAML") {
		t.Errorf("the block with a mistake: %v", err)
	}
	reads := cache.Reads()
	if reads != 4 {
		t.Errorf("a block with a mistake: %d reads, want 4", reads)
	}
	write(t, dir, map[string]string{"content/about.md": "# About\n"})
	// A failed load is not kept.
	write(t, dir, map[string]string{"data/sales.csv": "date,region,channel,revenue\nnot a date,EMEA,Direct,1\n"})
	if _, _, err := Files(opt); err == nil {
		t.Fatal("a broken CSV built")
	}
	write(t, dir, map[string]string{"data/sales.csv": "date,region,channel,revenue\n2026-01-10,EMEA,Direct,100\n"})
	if _, _, err := Files(opt); err != nil {
		t.Fatal(err)
	}
	if got := cache.Reads(); got != reads+2 {
		t.Errorf("after a failed load: %d reads, want %d", got, reads+2)
	}
	// Refresh reads once more, for a database whose rows changed
	// without a file changing, and then the data is kept again.
	cache.Refresh()
	for range 2 {
		if _, _, err := Files(opt); err != nil {
			t.Fatal(err)
		}
	}
	if got := cache.Reads(); got != reads+3 {
		t.Errorf("after a refresh: %d reads, want %d", got, reads+3)
	}
}

// A site built with a Cache after any edit is byte for byte the site
// built from scratch: each stage reuses only what the edit left as it
// was. The example site is edited one way after another, each edit
// touching a different input a page may show.
func TestCacheBuildsTheSameSite(t *testing.T) {
	dir := exampleSite(t)
	edit := func(file, old, new string) func() {
		return func() {
			p := filepath.Join(dir, filepath.FromSlash(file))
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(b), old) {
				t.Fatalf("%s holds no %q", file, old)
			}
			if err := os.WriteFile(p, []byte(strings.Replace(string(b), old, new, 1)), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	const americas, emea = "content/plans/fy2027-americas.yaml", "content/plans/fy2027-emea.yaml"
	chartBlock := "\n      ```chart\n      strategy: na-online-smb\n      kind: monthly\n      ```\n"
	steps := []struct {
		name string
		do   func()
	}{
		{"first build", func() {}},
		{"nothing changed", func() {}},
		{"a target raised", edit(americas, "total: 2100000", "total: 2300000")},
		{"a plan renamed (every page's menu)", edit(americas, "\ntitle: ", "\ntitle: Renamed ")},
		{"another plan's notes chart the first plan", edit(emea, "    notes: |\n", "    notes: |\n"+chartBlock)},
		{"the charted target changed", edit(americas, "total: 2300000", "total: 2400000")},
		{"the chart block removed", edit(emea, chartBlock, "\n")},
		// The overview's chart of a period and breakdown ranked by
		// units: what they ask of the data changes with them.
		{"the period chart by a dimension no scope names", edit("content/index.md", "by: region\n", "by: product\n")},
		{"the period chart by month", edit("content/index.md", "grain: quarter\n", "grain: month\n")},
		{"the period chart of another year", edit("content/index.md", "{fiscal_year: 2026}", "{fiscal_year: 2025}")},
		{"the breakdown ranked by a ratio", edit("content/index.md", "metric: units\n", "metric: margin\n")},
		{"a breakdown ranked by a ratio in notes", edit(emea, "    notes: |\n", "    notes: |\n      ```chart\n      strategy: uk-mid-market\n      kind: breakdown\n      metric: avg_order\n      ```\n")},
		{"site.yaml title", edit("site.yaml", "title: ", "title: Retitled ")},
		{"as_of moved", edit("site.yaml", "as_of: 2026-09-30", "as_of: 2026-10-15")},
		{"status thresholds", edit("site.yaml", "at_risk: 0.9", "at_risk: 0.8")},
		// The figures for the decision: the lift of a ratio is in points
		// or relative by its format; a target may be a percentage; last
		// year's months follow the baseline.
		{"a ratio's format", edit("site.yaml", "[gross_profit, revenue], format: percent}", "[gross_profit, revenue], format: number}")},
		{"the ratio's format back", edit("site.yaml", "[gross_profit, revenue], format: number}", "[gross_profit, revenue], format: percent}")},
		{"a target as a percentage", edit(americas, "margin: {total: 0.69}", "margin: {total: 68.5%}")},
		{"a baseline set", edit(americas, "  - id: na-mid-market-margin\n", "  - id: na-mid-market-margin\n    baseline: {start: 2025-01-01, end: 2025-09-30}\n")},
		// The bridge from last year follows bridge_by, and price-volume-mix
		// site.yaml's analysis: its volume and the dimension of the mix.
		{"a bridge_by set", edit(americas, "  - id: na-mid-market-margin\n", "  - id: na-mid-market-margin\n    bridge_by: channel\n")},
		{"bridge_by changed", edit(americas, "    bridge_by: channel\n", "    bridge_by: product\n")},
		{"analysis removed", edit("site.yaml", "analysis:                     # price, volume and mix of each sum target\n  volume: units\n  mix_by: product\n", "")},
		{"analysis set", edit("site.yaml", "\ntitle: ", "\nanalysis: {volume: units, mix_by: product}\ntitle: ")},
		{"analysis by another dimension", edit("site.yaml", "mix_by: product}", "mix_by: channel}")},
		{"analysis by a volume of its own", edit("site.yaml", "volume: units,", "volume: cost,")},
		{"a template overridden", func() {
			write(t, dir, map[string]string{"templates/page.html": `{{define "main"}}<article class="ours">{{.Page.Body}}</article>{{end}}`})
		}},
		{"a base template overridden", func() {
			b, err := fs.ReadFile(render.Templates(), "base.html")
			if err != nil {
				t.Fatal(err)
			}
			write(t, dir, map[string]string{"templates/base.html": strings.Replace(string(b), `{{t "nav.skip"}}`, "Skip to our figures", 1)})
		}},
		{"the override edited", edit("templates/base.html", "our figures", "the figures")},
		{"a file no template reads can't be read", func() {
			// Only the templates salesdeck uses are read: a dangling link
			// beside them neither fails the build nor hides their edits.
			if err := os.Symlink("nowhere", filepath.Join(dir, "templates", "notes.txt")); err != nil {
				t.Fatal(err)
			}
		}},
		{"the override edited again", edit("templates/base.html", "the figures", "figures, ours")},
		{"a partial overridden", func() {
			write(t, dir, map[string]string{"templates/partials/counts.html": `{{define "counts"}}<p>{{len .}} statuses</p>{{end}}`})
		}},
		{"a page added to the menu", func() { write(t, dir, map[string]string{"content/zz-about.md": "---\ntitle: About us\n---\nHello.\n"}) }},
		{"a style sheet added", func() { write(t, dir, map[string]string{"static/brand.css": "body{}\n"}) }},
		{"the sales data edited", edit("data/sales.csv", "\n2026-", "\n2025-")},
		{"a plan removed", func() {
			if err := os.Remove(filepath.Join(dir, filepath.FromSlash(americas))); err != nil {
				t.Fatal(err)
			}
		}},
		{"nothing changed, last", func() {}},
	}
	opt := Options{Src: dir, Cache: &Cache{}}
	for _, st := range steps {
		st.do()
		got, _, err := Files(opt)
		if err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		want, _, err := Files(Options{Src: dir})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(want) {
			t.Errorf("%s: %d files with the cache, %d without", st.name, len(got), len(want))
		}
		for name, w := range want {
			if !bytes.Equal(got[name], w) {
				t.Errorf("%s: %s differs from a build without the cache", st.name, name)
			}
		}
	}
}

// A rebuild makes afresh exactly the pieces whose inputs an edit
// changed: the example site has 3 plans and 12 strategies, 3 of them in
// the Americas plan.
func TestCacheReusesWhatAnEditLeft(t *testing.T) {
	dir := exampleSite(t)
	c := &Cache{}
	const americas = "content/plans/fy2027-americas.yaml"
	edit := func(file, old, new string) {
		p := filepath.Join(dir, filepath.FromSlash(file))
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(strings.Replace(string(b), old, new, 1)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, st := range []struct {
		name string
		do   func()
		made int // pieces that were not kept from the build before
	}{
		{"first build", func() {}, 3 + 12 + 4*12},
		{"nothing changed", func() {}, 0},
		// Its plan's parse, its results, page, view, sheet and JSON; the
		// plan's other strategies keep theirs.
		{"a target raised", func() { edit(americas, "total: 2100000", "total: 2300000") }, 1 + 1 + 4},
		// bridge_by is the strategy's own: the same pieces.
		{"a bridge_by set", func() {
			edit(americas, "  - id: na-mid-market-margin\n", "  - id: na-mid-market-margin\n    bridge_by: channel\n")
		}, 1 + 1 + 4},
		// A scope on a dimension no scope named groups the rows again,
		// and since the figures are the exact sums however the rows are
		// grouped (sales.Data.Exact), the same pieces again.
		{"a scope on a new dimension", func() {
			edit(americas, "      segment: Mid-Market\n", "      segment: Mid-Market\n      product: [Cloud Business]\n")
		}, 1 + 1 + 4},
		// Every page's menu, the plan's results, views, sheets and JSON.
		{"a plan renamed", func() { edit(americas, "\ntitle: ", "\ntitle: Renamed ") }, 1 + 12 + 4*3},
		// Every result, view, page, sheet and JSON; no plan's parse.
		{"site.yaml's title", func() { edit("site.yaml", "title: ", "title: Retitled ") }, 12 + 4*12},
		{"a page added to the menu", func() { write(t, dir, map[string]string{"content/zz.md": "# Z\n"}) }, 12},
	} {
		st.do()
		before := c.last
		if _, _, err := Files(Options{Src: dir, Cache: c}); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		made := 0
		for k := range c.last {
			if _, ok := before[k]; !ok {
				made++
			}
		}
		if made != st.made {
			t.Errorf("%s: %d pieces made, want %d", st.name, made, st.made)
		}
	}
}

// exampleSite copies the example site (site.yaml, content/ and data/)
// into a folder of its own, to be edited.
func exampleSite(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, p := range []string{"content", "data"} {
		if err := os.CopyFS(filepath.Join(dir, p), os.DirFS(filepath.Join("..", "..", p))); err != nil {
			t.Fatal(err)
		}
	}
	src, err := os.ReadFile(filepath.Join("..", "..", "site.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	write(t, dir, map[string]string{"site.yaml": string(src)})
	return dir
}

// A Cache holds one copy of the sales data at most: the previous data can
// be freed while new data is read, and once the data no longer loads.
func TestCacheLetsOldSalesDataGo(t *testing.T) {
	dir := exampleSite(t)
	c := &Cache{}
	opt := Options{Src: dir, Cache: c}
	if _, _, err := Files(opt); err != nil {
		t.Fatal(err)
	}
	old := func() weak.Pointer[sales.Data] {
		c.mu.Lock()
		defer c.mu.Unlock()
		return weak.Make(c.data)
	}
	gone := func(w weak.Pointer[sales.Data]) bool {
		runtime.GC()
		return w.Value() == nil
	}

	w := old()
	csv := filepath.Join(dir, "data", "sales.csv")
	b, err := os.ReadFile(csv)
	if err != nil {
		t.Fatal(err)
	}
	write(t, dir, map[string]string{"data/sales.csv": strings.Replace(string(b), "\n2026-", "\n2025-", 1)})
	freed := true
	calls := 0
	opt.Progress = func(done, total int64) { calls++; freed = freed && gone(w) }
	if _, _, err := Files(opt); err != nil {
		t.Fatal(err)
	}
	if calls == 0 || !freed {
		t.Errorf("the previous data stayed in memory while the new data was read (%d progress reports)", calls)
	}

	w = old()
	opt.Progress = nil
	write(t, dir, map[string]string{"data/sales.csv": "date,region,revenue\nnot a date,EMEA,1\n"})
	if _, _, err := Files(opt); err == nil {
		t.Fatal("a CSV that does not load built")
	}
	if !gone(w) {
		t.Error("the last good data stayed in memory while the data does not load")
	}
	runtime.KeepAlive(c)
}

// Random sequences of edits give with a Cache the files, warnings and
// errors a build without one gives. An edit that breaks the site is
// undone after its build, as its author would, so that most builds
// succeed and have pages to compare.
func TestCacheRandomEdits(t *testing.T) {
	dir := exampleSite(t)
	const americas, emea, apac = "content/plans/fy2027-americas.yaml", "content/plans/fy2027-emea.yaml", "content/plans/apac-latam-expansion.yaml"
	read := func(file string) string {
		b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(file)))
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			t.Fatal(err)
		}
		return string(b)
	}
	builtin := func(name string) string {
		b, err := fs.ReadFile(render.Templates(), name)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	// Each edit changes its file a little more every time (%d is the step).
	type edit struct {
		name, file string
		breaks     bool
		do         func(i int)
	}
	replace := func(name, file, old, new string, breaks bool) edit {
		return edit{name, file, breaks, func(i int) {
			write(t, dir, map[string]string{file: strings.Replace(read(file), old, fmt.Sprintf(new, i), 1)})
		}}
	}
	edits := []edit{
		replace("target", americas, "total: 2100000", "total: 21%d", false),
		replace("plan title", americas, "\ntitle: ", "\ntitle: T%d ", false),
		replace("notes show another plan's strategy", emea, "    notes: |\n", "    notes: |\n      ```kpi\n      strategy: na-online-smb\n      ```\n      n%d\n", false),
		replace("scope value no row has", apac, "region: [APAC, LATAM", "region: [APAC, LATAM, MARS%d", false),
		replace("plan owner", apac, "\nowner: ", "\nowner: O%d ", false),
		replace("threshold", "site.yaml", "at_risk: 0.", "at_risk: 0.8%d", false),
		replace("site title", "site.yaml", "title: ", "title: S%d ", false),
		{"as_of", "site.yaml", false, func(i int) {
			asOf := regexp.MustCompile(`(?m)^as_of: .*$`)
			write(t, dir, map[string]string{"site.yaml": asOf.ReplaceAllString(read("site.yaml"), fmt.Sprintf("as_of: 2026-09-%02d", 1+i%28))})
		}},
		// A scope on a dimension no scope names groups the rows again
		// (sales.Data.Regroup); taking it out groups them back.
		{"scope on a new dimension, or not any more", apac, false, func(i int) {
			text, extra := read(apac), regexp.MustCompile(`\n      (product|rep): .*`)
			if extra.MatchString(text) {
				text = extra.ReplaceAllString(text, "")
			} else {
				dim := []string{"product: [Cloud Business, P%d]", "rep: [Hugo Moreau, R%d]"}[i%2]
				text = strings.Replace(text, "\n      region: LATAM\n", "\n      region: LATAM\n      "+fmt.Sprintf(dim, i)+"\n", 1)
			}
			write(t, dir, map[string]string{apac: text})
		}},
		replace("notes show an unknown strategy", emea, "    notes: |\n", "    notes: |\n      ```kpi\n      strategy: nope%d\n      ```\n", true),
		replace("unknown dimension", apac, "scope:", "scope:\n  region%d: [X]\n", true),
		replace("unknown metric", americas, "revenue:", "revenu%d:", true),
		{"page added", "", false, func(i int) {
			write(t, dir, map[string]string{fmt.Sprintf("content/p%d.md", i%3): fmt.Sprintf("---\ntitle: P%d\n---\nHello.\n", i)})
		}},
		{"page removed", "", false, func(i int) { os.Remove(filepath.Join(dir, fmt.Sprintf("content/p%d.md", i%3))) }},
		{"own strategy.html", "", false, func(i int) {
			write(t, dir, map[string]string{"templates/strategy.html": strings.Replace(builtin("strategy.html"), "Strategy</p>", fmt.Sprintf("S%d</p>", i), 1)})
		}},
		{"own base.html", "", false, func(i int) {
			write(t, dir, map[string]string{"templates/base.html": strings.Replace(builtin("base.html"), "Skip to content", fmt.Sprintf("Skip %d", i), 1)})
		}},
		{"own partial", "", false, func(i int) {
			write(t, dir, map[string]string{"templates/partials/counts.html": strings.Replace(builtin("partials/counts.html"), "<ul", fmt.Sprintf("<ul data-n=\"%d\"", i), 1)})
		}},
		{"templates removed", "", false, func(int) { os.RemoveAll(filepath.Join(dir, "templates")) }},
	}
	rng := rand.New(rand.NewPCG(7, 7))
	opt := Options{Src: dir, Cache: &Cache{}}
	built := 0
	for i := range 80 {
		e := edits[rng.IntN(len(edits))]
		before := ""
		if e.breaks {
			before = read(e.file)
		}
		e.do(i)
		got, gotRep, gotErr := Files(opt)
		want, wantRep, wantErr := Files(Options{Src: dir})
		step := fmt.Sprintf("step %d (%s)", i, e.name)
		if fmt.Sprint(gotErr) != fmt.Sprint(wantErr) {
			t.Fatalf("%s: error %v, want %v", step, gotErr, wantErr)
		}
		if (wantErr != nil) != e.breaks {
			t.Fatalf("%s: error %v; the edit should break the site: %v", step, wantErr, e.breaks)
		}
		if fmt.Sprint(gotRep.Warnings) != fmt.Sprint(wantRep.Warnings) {
			t.Fatalf("%s: warnings %v, want %v", step, gotRep.Warnings, wantRep.Warnings)
		}
		if len(got) != len(want) {
			t.Fatalf("%s: %d files, want %d", step, len(got), len(want))
		}
		for name, w := range want {
			if !bytes.Equal(got[name], w) {
				t.Fatalf("%s: %s differs from a build without the cache", step, name)
			}
		}
		if wantErr == nil {
			built++
		}
		if e.breaks {
			write(t, dir, map[string]string{e.file: before})
		}
	}
	if built < 40 {
		t.Errorf("only %d of 80 builds succeeded", built)
	}
	if opt.Cache.Regroups() == 0 {
		t.Error("no edit grouped the rows again")
	}
}

// A page that warns (an image from another host left out) is not kept
// between builds, so a Cache gives its warning with every build, as
// serve shows it after every edit.
func TestCacheRepeatsWarnings(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, map[string]string{
		"site.yaml":      "title: Small\nas_of: 2026-02-15\n",
		"data/sales.csv": "date,region,revenue\n2026-01-10,EMEA,100\n",
		"content/plans/plan.yaml": "title: Plan\nperiod: {start: 2026-01-01, end: 2026-03-31}\nstrategies:\n" +
			"  - {id: emea, targets: {revenue: 300}, notes: \"![x](https://host/x.png)\"}\n",
	})
	opt := Options{Src: dir, Cache: &Cache{}}
	for build := range 3 {
		_, rep, err := Files(opt)
		if err != nil {
			t.Fatal(err)
		}
		if len(rep.Warnings) != 1 || !strings.Contains(rep.Warnings[0].Error(), "content/plans/plan.yaml:4:10: notes, line 1: image from another host left out (https://host/x.png)") {
			t.Errorf("build %d: warnings %v; want the image's, once", build, rep.Warnings)
		}
	}
}
