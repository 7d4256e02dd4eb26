package history_test

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"salesdeck/internal/load/history"
	"salesdeck/internal/load/plan"
	"salesdeck/internal/support/diag"
	"salesdeck/internal/support/testgit"
)

// planYAML is a plan file whose strategies are given as "id metric=total
// ...", e.g. "dach revenue=4500000 units=1200".
func planYAML(title string, strategies ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "title: %s\nperiod: {start: 2026-01-01, end: 2026-12-31}\nstrategies:\n", title)
	for _, s := range strategies {
		f := strings.Fields(s)
		fmt.Fprintf(&b, "  - id: %s\n    title: Strategy %s\n    targets:\n", f[0], f[0])
		for _, t := range f[1:] {
			m, v, _ := strings.Cut(t, "=")
			fmt.Fprintf(&b, "      %s: %s\n", m, v)
		}
	}
	return b.String()
}

// emeaRepo is the repository the tests read: a plan written by Dana, a
// strategy added later by Jonas, a re-forecast, the plan file renamed, a
// target raised and set back, a strategy removed, and a commit that
// leaves the plans alone.
func emeaRepo(t *testing.T, dir string) *testgit.Repo {
	r := testgit.New(t, dir)
	r.Write("content/plans/emea.yaml", planYAML("EMEA", "dach revenue=4500000 units=1200", "france revenue=2000000"))
	r.Commit("c1", "Dana Whitfield", "Plans for FY2026\n\nAgreed with the board.")
	r.Tag("board-2026")
	r.Write("content/plans/emea.yaml", planYAML("EMEA", "dach revenue=4500000 units=1200", "france revenue=2000000", "nordics revenue=1000000"))
	r.Commit("c2", "Jonas Keller", "Add Nordics")
	r.Write("content/plans/emea.yaml", planYAML("EMEA", "dach revenue=4200000 units=1200", "france revenue=2000000", "nordics revenue=1000000"))
	r.Commit("c3", "Dana Whitfield", "Re-forecast after Q1")
	r.Remove("content/plans/emea.yaml")
	r.Write("content/plans/europe.yaml", planYAML("EMEA", "dach revenue=4200000 units=1200", "france revenue=2000000", "nordics revenue=1000000"))
	r.Commit("c4", "Ana Souza", "Rename the EMEA plan")
	r.Write("content/plans/europe.yaml", planYAML("EMEA", "dach revenue=4600000 units=1200", "france revenue=2000000", "nordics revenue=1000000"))
	r.Commit("c5", "Jonas Keller", "Raise DACH")
	r.Write("content/plans/europe.yaml", planYAML("EMEA", "dach revenue=4500000 units=1200", "nordics revenue=1000000"))
	r.Commit("c6", "Dana Whitfield", "Back to the January target; drop France")
	r.Write("README.md", "Our plans.\n")
	r.Commit("c7", "Ana Souza", "Add a README")
	return r
}

// load reads the history of the site in dir as a build does: the
// working tree's plans as package plan loads them.
func load(t *testing.T, dir, planOfRecord string) (*history.History, error) {
	t.Helper()
	fsys := os.DirFS(dir)
	current, err := plan.LoadAll(fsys, 1)
	if err != nil {
		t.Fatal(err)
	}
	return history.Load(history.Options{Dir: dir, PlanOfRecord: planOfRecord, PlanOfRecordPos: diag.Pos{File: "site.yaml", Line: 3, Col: 17},
		FiscalYearStart: 1, Current: current, Files: fsys})
}

// describe writes a target's history as lines "label author date: from
// -> to (message)", the working tree as "working tree", and its original
// total first.
func describe(r *testgit.Repo, h *history.History, strategy, metric string) []string {
	t := h.Strategy(strategy).Target(metric)
	if t == nil {
		return nil
	}
	out := []string{"original: none"}
	if t.Original != nil {
		out[0] = fmt.Sprintf("original: %g", t.Original.Total)
	}
	for _, rev := range t.Revisions() {
		who := "working tree"
		if !rev.Uncommitted() {
			who = fmt.Sprintf("%s %s %s", r.Labels[rev.Commit], rev.Author, rev.Date)
		}
		out = append(out, fmt.Sprintf("%s: %g -> %g (%s)", who, rev.From, rev.To, rev.Message))
	}
	return out
}

func TestHistory(t *testing.T) {
	tests := []struct {
		name         string
		planOfRecord string
		edit         string // the working tree's europe.yaml, "" for the committed one
		strategy     string
		metric       string
		want         []string
	}{
		{"a target changed twice and changed back", "", "", "dach", "revenue", []string{
			"original: 4.5e+06",
			"c3 Dana Whitfield 2026-01-08: 4.5e+06 -> 4.2e+06 (Re-forecast after Q1)",
			"c5 Jonas Keller 2026-01-10: 4.2e+06 -> 4.6e+06 (Raise DACH)",
			"c6 Dana Whitfield 2026-01-11: 4.6e+06 -> 4.5e+06 (Back to the January target; drop France)",
		}},
		{"a target never changed", "", "", "dach", "units", []string{"original: 1200"}},
		{"a strategy added later: its first commit is its original", "", "", "nordics", "revenue", []string{"original: 1e+06"}},
		{"a tag as plan of record", "board-2026", "", "dach", "revenue", []string{
			"original: 4.5e+06",
			"c3 Dana Whitfield 2026-01-08: 4.5e+06 -> 4.2e+06 (Re-forecast after Q1)",
			"c5 Jonas Keller 2026-01-10: 4.2e+06 -> 4.6e+06 (Raise DACH)",
			"c6 Dana Whitfield 2026-01-11: 4.6e+06 -> 4.5e+06 (Back to the January target; drop France)",
		}},
		{"a strategy newer than the plan of record", "board-2026", "", "nordics", "revenue", []string{"original: none"}},
		{"a commit as plan of record", "HEAD~2", "", "dach", "revenue", []string{
			"original: 4.6e+06",
			"c3 Dana Whitfield 2026-01-08: 4.5e+06 -> 4.2e+06 (Re-forecast after Q1)",
			"c5 Jonas Keller 2026-01-10: 4.2e+06 -> 4.6e+06 (Raise DACH)",
			"c6 Dana Whitfield 2026-01-11: 4.6e+06 -> 4.5e+06 (Back to the January target; drop France)",
		}},
		{"an uncommitted edit is the last revision", "", planYAML("EMEA", "dach revenue=4500000 units=1200", "nordics revenue=1100000"), "nordics", "revenue", []string{
			"original: 1e+06",
			"working tree: 1e+06 -> 1.1e+06 ()",
		}},
		{"an uncommitted strategy has no original", "", planYAML("EMEA", "dach revenue=4500000 units=1200", "nordics revenue=1000000", "benelux revenue=800000"), "benelux", "revenue", []string{
			"original: none",
		}},
		{"a removed strategy keeps its history", "", "", "france", "revenue", []string{"original: 2e+06"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := emeaRepo(t, t.TempDir())
			if tt.edit != "" {
				r.Write("content/plans/europe.yaml", tt.edit)
			}
			h, err := load(t, r.Dir, tt.planOfRecord)
			if err != nil {
				t.Fatal(err)
			}
			if got := describe(r, h, tt.strategy, tt.metric); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("history of %s %s:\n got %q\nwant %q", tt.strategy, tt.metric, got, tt.want)
			}
		})
	}
}

// The version a site shows is the last commit that changed its plans, or
// the working tree when its plans differ from HEAD's.
func TestHead(t *testing.T) {
	r := emeaRepo(t, t.TempDir())
	h, err := load(t, r.Dir, "")
	if err != nil {
		t.Fatal(err)
	}
	if got := r.Labels[h.Head.Commit]; got != "c6" || h.Head.Date != "2026-01-11" {
		t.Errorf("head is %s (%+v), want c6 of 2026-01-11", got, h.Head)
	}
	if h.Strategy("dach").Plan != "europe" {
		t.Errorf("dach is in plan %q, want europe (the renamed file)", h.Strategy("dach").Plan)
	}
	r.Write("content/plans/europe.yaml", planYAML("EMEA", "dach revenue=4500000 units=1200", "nordics revenue=1000000")+"# a comment\n")
	if h, err = load(t, r.Dir, ""); err != nil {
		t.Fatal(err)
	}
	if !h.Head.Uncommitted() {
		t.Errorf("head is %+v with an uncommitted edit, want the working tree", h.Head)
	}
	if revs := h.Strategy("dach").Target("revenue").Revisions(); revs[len(revs)-1].Uncommitted() {
		t.Errorf("an edit that changes no total added a revision: %+v", revs[len(revs)-1])
	}
}

// A site in a subfolder of its repository reads the plans of its own
// folder only.
func TestSubfolder(t *testing.T) {
	r := testgit.New(t, t.TempDir())
	r.Write("sales/site/content/plans/p.yaml", planYAML("P", "a revenue=10"))
	r.Write("content/plans/p.yaml", planYAML("P", "a revenue=99"))
	r.Commit("c1", "Dana", "First")
	r.Write("sales/site/content/plans/p.yaml", planYAML("P", "a revenue=20"))
	r.Commit("c2", "Dana", "Second")
	h, err := load(t, filepath.Join(r.Dir, "sales", "site"), "")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := describe(r, h, "a", "revenue"), []string{"original: 10", "c2 Dana 2026-01-07: 10 -> 20 (Second)"}; !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

// Outside a repository there is no history, and no error.
func TestNoRepository(t *testing.T) {
	dir := t.TempDir()
	h, err := load(t, dir, "v1")
	if h != nil || err != nil {
		t.Errorf("got %+v, %v; want no history and no error", h, err)
	}
}

// A plan of record the repository does not have is an error at its line
// in site.yaml.
func TestUnknownPlanOfRecord(t *testing.T) {
	r := emeaRepo(t, t.TempDir())
	_, err := load(t, r.Dir, "board-2025")
	if want := `site.yaml:3:17: plan_of_record "board-2025" is not a tag, branch or commit of the repository`; err == nil || err.Error() != want {
		t.Errorf("got %v, want %s", err, want)
	}
}

// A shallow clone gives the history it holds, with a warning, and no
// error even when the plan of record is not in it.
func TestShallowClone(t *testing.T) {
	r := emeaRepo(t, t.TempDir())
	c := r.Clone(t.TempDir(), 1)
	for _, por := range []string{"", "board-2026-missing"} {
		h, err := load(t, c.Dir, por)
		if err != nil {
			t.Fatal(err)
		}
		if !h.Shallow || r.Labels[h.Since.Commit] != "c7" {
			t.Errorf("shallow %v since %+v, want a shallow history since c7", h.Shallow, h.Since)
		}
		if got := describe(r, h, "dach", "revenue"); len(got) != 1 {
			t.Errorf("dach's history in a clone of depth 1 is %q, want its total only", got)
		}
		if len(h.Warnings) == 0 || !strings.Contains(h.Warnings[0].Error(), "shallow clone") {
			t.Errorf("warnings %v, want one about the shallow clone", h.Warnings)
		}
	}
}

// Two clones of a repository at different paths have the same history.
func TestClonesAgree(t *testing.T) {
	r := emeaRepo(t, t.TempDir())
	a, err := load(t, r.Clone(filepath.Join(t.TempDir(), "a"), 0).Dir, "board-2026")
	if err != nil {
		t.Fatal(err)
	}
	b, err := load(t, r.Clone(filepath.Join(t.TempDir(), "deeper", "b"), 0).Dir, "board-2026")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(a, b) {
		t.Errorf("two clones differ:\n%+v\n%+v", a, b)
	}
}

// A load that keeps its walk reads only the commits that are new.
func TestKeptWalk(t *testing.T) {
	r := emeaRepo(t, t.TempDir())
	pieces := &memo{kept: map[string]any{}}
	fsys := os.DirFS(r.Dir)
	opt := func() history.Options {
		current, err := plan.LoadAll(fsys, 1)
		if err != nil {
			t.Fatal(err)
		}
		return history.Options{Dir: r.Dir, FiscalYearStart: 1, Current: current, Files: fsys, Pieces: pieces}
	}
	if _, err := history.Load(opt()); err != nil {
		t.Fatal(err)
	}
	r.Write("content/plans/europe.yaml", planYAML("EMEA", "dach revenue=4400000 units=1200", "nordics revenue=1000000"))
	r.Commit("c8", "Jonas Keller", "Trim DACH")
	pieces.asked = nil
	h, err := history.Load(opt())
	if err != nil {
		t.Fatal(err)
	}
	// The new commit's parent was walked before: the walk stops there.
	if len(pieces.asked) != 2 || !pieces.hit[pieces.asked[1]] {
		t.Errorf("asked for %q, want the new commit, then its parent, found", pieces.asked)
	}
	got := describe(r, h, "dach", "revenue")
	if last := got[len(got)-1]; last != "c8 Jonas Keller 2026-01-13: 4.5e+06 -> 4.4e+06 (Trim DACH)" {
		t.Errorf("last revision %q, want c8's", last)
	}
	// The kept walk was not changed by the one that went on from it.
	if n := len(pieces.kept); n < 2 {
		t.Fatalf("%d walks kept", n)
	}
}

// memo is a Pieces that remembers what it was asked for.
type memo struct {
	kept  map[string]any
	asked []string
	hit   map[string]bool
}

func (m *memo) Piece(key string) (any, bool) {
	m.asked = append(m.asked, key)
	v, ok := m.kept[key]
	if m.hit == nil {
		m.hit = map[string]bool{}
	}
	m.hit[key] = ok
	return v, ok
}

func (m *memo) Keep(key string, v any) { m.kept[key] = v }

// A commit-graph (git gc writes one) changes how commits are read, not
// what they say: the history is the same with none, with one of every
// commit, and with one written before the last commit.
func TestCommitGraph(t *testing.T) {
	tests := []struct {
		name          string
		before, after bool // a commit-graph written before the last commit, after it
	}{
		{name: "none"},
		{name: "every commit", after: true},
		{name: "written before the last commit", before: true},
	}
	var want *history.History
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := emeaRepo(t, t.TempDir())
			if tt.before {
				r.CommitGraph()
			}
			r.Write("content/plans/europe.yaml", planYAML("EMEA", "dach revenue=4400000 units=1200", "nordics revenue=1000000"))
			r.Commit("c8", "Jonas Keller", "Trim DACH")
			if tt.after {
				r.CommitGraph()
			}
			_, err := os.Stat(filepath.Join(r.Dir, ".git", "objects", "info", "commit-graph"))
			if graph := tt.before || tt.after; graph != (err == nil) {
				t.Fatalf("commit-graph written: %v, want %v", err == nil, graph)
			}
			h, err := load(t, r.Dir, "board-2026")
			if err != nil {
				t.Fatal(err)
			}
			got := describe(r, h, "dach", "revenue")
			if last := got[len(got)-1]; last != "c8 Jonas Keller 2026-01-13: 4.5e+06 -> 4.4e+06 (Trim DACH)" {
				t.Errorf("last revision %q, want c8's", last)
			}
			if want == nil {
				want = h
			} else if !reflect.DeepEqual(h, want) {
				t.Errorf("history differs from the one read without a commit-graph:\n%+v\n%+v", h, want)
			}
		})
	}
}
