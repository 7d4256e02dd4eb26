package render

import (
	"io/fs"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
)

// store is a Pieces that keeps every piece and counts, for the last
// render, the pieces it did not have and those kept.
type store struct {
	mu           sync.Mutex
	m            map[string]any
	missed, kept int
}

func (s *store) Piece(key string) (any, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.m[key]
	if !ok {
		s.missed++
	}
	return v, ok
}

func (s *store) Keep(key string, v any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.m == nil {
		s.m = map[string]any{}
	}
	s.m[key] = v
	s.kept++
}

// render renders in with s, checks that the files are those of a render
// without it, and returns how many pieces were made afresh and kept.
func (s *store) render(t *testing.T, in Input) (made, kept int) {
	t.Helper()
	s.missed, s.kept = 0, 0
	in.Pieces = s
	got, err := Render(in)
	if err != nil {
		t.Fatal(err)
	}
	in.Pieces = nil
	want, err := Render(in)
	if err != nil {
		t.Fatal(err)
	}
	sameFiles(t, got, want)
	return s.missed, s.kept
}

// A strategy's page and sheet are made again when, and only when,
// something they show changed; the site is always what rendering without
// Pieces gives.
func TestPieces(t *testing.T) {
	site, res := fixture()
	in := Input{Site: site, Result: res, Pages: fixturePages(), Version: "test"}
	s := &store{}
	n := len(res.Strategies)
	// Each strategy has four pieces: its page, the page's view, its sheet
	// and its part of strategies.json.
	step := func(name string, wantMade, wantKept int) {
		t.Helper()
		if made, kept := s.render(t, in); made != wantMade || kept != wantKept {
			t.Errorf("%s: %d pieces made and %d kept, want %d and %d", name, made, kept, wantMade, wantKept)
		}
	}
	step("first", 4*n, 4*n)
	step("unchanged", 0, 0)

	old := res.Strategies[1]
	changed := *old
	changed.Status = res.Strategies[0].Status
	res.Strategies[1] = &changed
	for _, p := range res.Plans {
		if i := slices.Index(p.Strategies, old); i >= 0 {
			p.Strategies[i] = &changed
		}
	}
	step("a new result", 4, 4)

	renamed := *res.Plans[0].Plan
	renamed.Title = "Renamed plan"
	res.Plans[0].Plan = &renamed
	for _, st := range res.Plans[0].Strategies {
		st.Plan = &renamed
	}
	k := n + 3*len(res.Plans[0].Strategies)
	step("a plan renamed (every menu, the plan's views, sheets and JSON)", k, k)

	in.Version = "test 2"
	step("another version", 4*n, 4*n)

	b, err := fs.ReadFile(Templates(), "base.html")
	if err != nil {
		t.Fatal(err)
	}
	in.Templates = fstest.MapFS{"base.html": {Data: []byte(strings.Replace(string(b), `{{t "nav.skip"}}`, "Skip ahead", 1))}}
	// Pieces are filed under every setting of the site, templates
	// included, though the JSON shows none of them.
	step("a template overridden", 4*n, 4*n)

	// A page or a sheet that draws a block of Markdown (notes are on
	// both) is never kept; the strategy's JSON, which shows no block, is.
	notes := *res.Strategies[2].Strategy
	notes.Notes = "```kpi\nstrategy: dach-enterprise\n```\n"
	res.Strategies[2].Strategy = &notes
	step("notes with a figure block", 4, 1)
	step("notes with a figure block, again", 3, 0)
}

// flipFS serves strategy.html as a until it has been opened after times,
// then as b: a template saved while the site renders.
type flipFS struct {
	mu    sync.Mutex
	n     int
	after int
	a, b  string
}

func (f *flipFS) Open(name string) (fs.File, error) {
	if name != "strategy.html" {
		return nil, fs.ErrNotExist
	}
	f.mu.Lock()
	f.n++
	src := f.a
	if f.n > f.after {
		src = f.b
	}
	f.mu.Unlock()
	return fstest.MapFS{name: {Data: []byte(src)}}.Open(name)
}

// A template saved while the site renders, then put back, leaves no page
// of the saved version among the pieces: a render reads its templates
// once, and files its pieces under what it read.
func TestPiecesTemplateSavedWhileRendering(t *testing.T) {
	b, err := fs.ReadFile(Templates(), "strategy.html")
	if err != nil {
		t.Fatal(err)
	}
	orig := string(b)
	edited := strings.Replace(orig, `<p class="eyebrow">Strategy</p>`, `<p class="eyebrow">EDITED</p>`, 1)
	site, res := fixture()
	for after := range 4 {
		s := &store{}
		in := Input{Site: site, Result: res, Pages: fixturePages(), Templates: &flipFS{after: after, a: orig, b: edited}, Pieces: s}
		if _, err := Render(in); err != nil {
			t.Fatal(err)
		}
		in.Templates = fstest.MapFS{"strategy.html": {Data: []byte(orig)}}
		s.render(t, in)
	}
}
