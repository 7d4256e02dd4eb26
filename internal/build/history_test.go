package build

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"salesdeck/internal/support/testgit"
)

// historySite is a site in a git repository: the EMEA plan agreed and
// tagged, DACH's revenue re-forecast down by Dana and raised by Jonas,
// and a commit that leaves the plans alone.
func historySite(t *testing.T, dir string) *testgit.Repo {
	r := testgit.New(t, dir)
	r.Write("site.yaml", "title: Acme\nas_of: 2026-03-31\nplan_of_record: agreed\n")
	var csv strings.Builder
	csv.WriteString("date,region,revenue,units\n")
	for m := 1; m <= 3; m++ {
		fmt.Fprintf(&csv, "2026-%02d-15,EMEA,%d,10\n2025-%02d-15,EMEA,900,9\n", m, 1000*m, m)
	}
	r.Write("data/sales.csv", csv.String())
	r.Write("content/plans/emea.yaml", emeaPlan(12000))
	r.Commit("c1", "Dana Whitfield", "FY2026 plans as agreed")
	r.Tag("agreed")
	r.Write("content/plans/emea.yaml", emeaPlan(10000))
	r.Commit("c2", "Dana Whitfield", "Re-forecast after Q1")
	r.Write("content/plans/emea.yaml", emeaPlan(11000))
	r.Commit("c3", "Jonas Keller", "Raise <DACH> & \"hope\"")
	r.Write("content/about.md", "# About\n")
	r.Commit("c4", "Ana Souza", "About page")
	return r
}

func emeaPlan(revenue int) string {
	return fmt.Sprintf(`title: EMEA
period: {start: 2026-01-01, end: 2026-12-31}
strategies:
  - id: dach
    title: DACH enterprise
    targets:
      revenue: %d
      units: 120
`, revenue)
}

// revisionsOf reads strategies.json's target_original and revisions of
// a strategy's target.
func revisionsOf(t *testing.T, files map[string][]byte, metric string) (original any, revisions []map[string]any) {
	t.Helper()
	var doc struct {
		Strategies []struct {
			Targets map[string]struct {
				Original  any              `json:"target_original"`
				Revisions []map[string]any `json:"revisions"`
			}
		}
	}
	if err := json.Unmarshal(files["data/strategies.json"], &doc); err != nil {
		t.Fatal(err)
	}
	tg := doc.Strategies[0].Targets[metric]
	return tg.Original, tg.Revisions
}

func TestHistorySite(t *testing.T) {
	r := historySite(t, t.TempDir())
	files, rep, err := Files(Options{Src: r.Dir})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Warnings) != 0 {
		t.Errorf("warnings: %v", rep.Warnings)
	}
	original, revs := revisionsOf(t, files, "revenue")
	c2, c3 := r.ID("c2"), r.ID("c3")
	want := []map[string]any{
		{"commit": c2, "date": "2026-01-07", "author": "Dana Whitfield", "message": "Re-forecast after Q1", "from": 12000.0, "to": 10000.0},
		{"commit": c3, "date": "2026-01-08", "author": "Jonas Keller", "message": `Raise <DACH> & "hope"`, "from": 10000.0, "to": 11000.0},
	}
	if original != 12000.0 || fmt.Sprint(revs) != fmt.Sprint(want) {
		t.Errorf("revenue: original %v, revisions %v; want 12000, %v", original, revs, want)
	}
	if original, revs := revisionsOf(t, files, "units"); original != 120.0 || len(revs) != 0 {
		t.Errorf("units: original %v, revisions %v; want 120 and none", original, revs)
	}
	pages := []struct{ file, want string }{
		{"strategies/dach.html", `of <strong>$11,000</strong> target <span class="kpi-original">· original $12,000</span>`},
		{"strategies/dach.html", `<h2 id="h-history" class="section-title">Target history</h2>`},
		{"strategies/dach.html", `<td><code>` + c3 + `</code></td>`},
		// The commit message is text, never markup.
		{"strategies/dach.html", `<td>Raise &lt;DACH&gt; &amp; &#34;hope&#34;</td>`},
		// The cumulative chart's fourth line and its column.
		{"strategies/dach.html", `"name":"Original target"`},
		{"strategies/dach.html", `Original target to date`},
		{"index.html", `<span class="flag-reforecast" title="a target differs from the plan of record">re-forecast</span>`},
		{"plans/emea.html", `Changes to targets`},
		{"plans/emea.html", `<td><a href="../strategies/dach.html">DACH enterprise</a></td>`},
		// The last commit that changed the plans, not c4.
		{"handout.html", "Plans: commit " + c3 + " of Jan 8, 2026"},
	}
	for _, p := range pages {
		if !bytes.Contains(files[p.file], []byte(p.want)) {
			t.Errorf("%s does not show %s", p.file, p.want)
		}
	}
}

func TestHistoryUncommitted(t *testing.T) {
	r := historySite(t, t.TempDir())
	r.Write("content/plans/emea.yaml", emeaPlan(9000))
	files, _, err := Files(Options{Src: r.Dir})
	if err != nil {
		t.Fatal(err)
	}
	_, revs := revisionsOf(t, files, "revenue")
	last := revs[len(revs)-1]
	if want := map[string]any{"commit": nil, "date": nil, "message": nil, "from": 11000.0, "to": 9000.0}; fmt.Sprint(last) != fmt.Sprint(want) {
		t.Errorf("last revision %v, want %v (no author)", last, want)
	}
	if !bytes.Contains(files["handout.html"], []byte("Plans: uncommitted changes")) {
		t.Error("the handout does not say its plans have uncommitted changes")
	}
	if !bytes.Contains(files["strategies/dach.html"], []byte(`<td colspan="3">uncommitted changes</td>`)) {
		t.Error("the target history does not show the uncommitted change")
	}
}

// history: false, and a site in no repository, build without history
// and without a word about it.
func TestNoHistory(t *testing.T) {
	r := historySite(t, t.TempDir())
	r.Write("site.yaml", "title: Acme\nas_of: 2026-03-31\nhistory: false\nplan_of_record: nowhere\n")
	files, rep, err := Files(Options{Src: r.Dir})
	if err != nil || len(rep.Warnings) != 0 {
		t.Fatalf("err %v, warnings %v", err, rep.Warnings)
	}
	if original, revs := revisionsOf(t, files, "revenue"); original != nil || len(revs) != 0 {
		t.Errorf("original %v, revisions %v; want none", original, revs)
	}
	if bytes.Contains(files["handout.html"], []byte("plans of commit")) || bytes.Contains(files["index.html"], []byte("re-forecast")) {
		t.Error("a site without history speaks of commits or re-forecasts")
	}
}

// The same repository cloned to two paths builds the same site, byte for
// byte; a shallow clone builds what it holds, with a warning.
func TestHistoryClones(t *testing.T) {
	r := historySite(t, t.TempDir())
	build := func(dir string) map[string][]byte {
		files, _, err := Files(Options{Src: dir})
		if err != nil {
			t.Fatal(err)
		}
		return files
	}
	a := build(r.Clone(filepath.Join(t.TempDir(), "a"), 0).Dir)
	b := build(r.Clone(filepath.Join(t.TempDir(), "deeper", "b"), 0).Dir)
	for _, name := range slices.Sorted(maps.Keys(a)) {
		if !bytes.Equal(a[name], b[name]) {
			t.Errorf("%s differs between two clones", name)
		}
	}
	shallow := r.Clone(t.TempDir(), 1)
	files, rep, err := Files(Options{Src: shallow.Dir})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Warnings) != 1 || !strings.Contains(rep.Warnings[0].Error(), "shallow clone") {
		t.Errorf("warnings %v, want the shallow clone's", rep.Warnings)
	}
	// The clone fetched the tag, and the commit it names: the original
	// is there, the revisions between are not.
	if original, revs := revisionsOf(t, files, "revenue"); original != 12000.0 || len(revs) != 0 {
		t.Errorf("a clone of depth 1: original %v, revisions %v; want 12000 and none", original, revs)
	}
}

// serve builds again with its Cache after a commit: the new revision is
// there, as a build without the cache gives it.
func TestHistoryCache(t *testing.T) {
	r := historySite(t, t.TempDir())
	c := &Cache{}
	if _, _, err := Files(Options{Src: r.Dir, Cache: c}); err != nil {
		t.Fatal(err)
	}
	r.Write("content/plans/emea.yaml", emeaPlan(11500))
	r.Commit("c5", "Dana Whitfield", "Raise again")
	cached, _, err := Files(Options{Src: r.Dir, Cache: c})
	if err != nil {
		t.Fatal(err)
	}
	fresh, _, err := Files(Options{Src: r.Dir})
	if err != nil {
		t.Fatal(err)
	}
	if _, revs := revisionsOf(t, cached, "revenue"); len(revs) != 3 || revs[2]["commit"] != r.ID("c5") {
		t.Errorf("revisions after a commit %v, want c5's last", revs)
	}
	for _, name := range slices.Sorted(maps.Keys(fresh)) {
		if !bytes.Equal(cached[name], fresh[name]) {
			t.Errorf("%s differs between the cached build and a fresh one", name)
		}
	}
}

// A target set back to its original has revisions but is no re-forecast:
// nothing is flagged, and no original is shown beside it.
func TestHistoryChangedBack(t *testing.T) {
	r := historySite(t, t.TempDir())
	r.Write("content/plans/emea.yaml", emeaPlan(12000))
	r.Commit("c5", "Dana Whitfield", "Back to the agreed target")
	files, _, err := Files(Options{Src: r.Dir})
	if err != nil {
		t.Fatal(err)
	}
	if original, revs := revisionsOf(t, files, "revenue"); original != 12000.0 || len(revs) != 3 {
		t.Errorf("original %v, %d revisions; want 12000 and 3", original, len(revs))
	}
	for _, file := range []string{"index.html", "plans/emea.html", "handout.html"} {
		if bytes.Contains(files[file], []byte("flag-reforecast")) {
			t.Errorf("%s flags a strategy whose target is its original again", file)
		}
	}
	if page := files["strategies/dach.html"]; bytes.Contains(page, []byte("kpi-original")) || bytes.Contains(page, []byte(`"name":"Original target"`)) {
		t.Error("the strategy page shows an original equal to its target")
	}
}
