package render

import (
	"io/fs"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"salesdeck/internal/analysis"
)

// A Memo gives back a strategy's page (its main part while the templates
// are built-in) and handout sheet while its result (the same
// *analysis.Strategy) and what frames it are unchanged, and renders it
// again otherwise; either way the site is what rendering without the Memo
// gives.
func TestMemo(t *testing.T) {
	base, err := fs.ReadFile(Templates(), "base.html")
	if err != nil {
		t.Fatal(err)
	}
	ours := fstest.MapFS{"base.html": {Data: []byte(strings.Replace(string(base), "Skip to content", "Skip to our figures", 1))}}
	for _, c := range []struct {
		name      string
		templates fs.FS
		// kept returns the pieces kept of each strategy's page, as the
		// address of their first byte: the same address is the same piece.
		kept func(m *Memo) map[*analysis.Strategy]*byte
		// menu is whether the pieces kept hold the menu.
		menu bool
	}{
		{"built-in templates", nil, pagesKept, true},
		{"a site's base.html", ours, pagesKept, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			site, res := fixture()
			memo := &Memo{}
			in := Input{Site: site, Result: res, Pages: fixturePages(), Version: "test", Templates: c.templates, Memo: memo}
			render := func(step string) map[*analysis.Strategy]*byte {
				t.Helper()
				out, err := Render(in)
				if err != nil {
					t.Fatal(err)
				}
				sameAsWithout(t, in, out)
				if strings.Contains(string(out["strategies/dach-enterprise.html"]), "Skip to our figures") != (c.templates != nil) {
					t.Fatalf("%s: the wrong templates", step)
				}
				return c.kept(memo)
			}
			// compare reports the strategies whose piece was rendered again.
			compare := func(step string, before, after map[*analysis.Strategy]*byte, fresh ...*analysis.Strategy) {
				t.Helper()
				if len(after) != len(res.Strategies) {
					t.Errorf("%s: %d pieces kept, want %d", step, len(after), len(res.Strategies))
				}
				for _, s := range res.Strategies {
					want := false
					for _, f := range fresh {
						want = want || f == s
					}
					if got := before[s] != after[s]; got != want {
						t.Errorf("%s: %s rendered again = %v, want %v", step, s.Strategy.ID, got, want)
					}
				}
			}
			first := render("first")
			// Sheets are kept while handout.html is the built-in one.
			if n, want := len(memo.last.sheets), len(res.Strategies); n != want {
				t.Errorf("%d handout sheets kept, want %d", n, want)
			}
			again := render("unchanged")
			compare("unchanged", first, again)

			// A strategy evaluated again (a new result) is rendered again,
			// alone.
			old := res.Strategies[1]
			changed := *old
			changed.Status = res.Strategies[0].Status
			for _, p := range res.Plans {
				for i, s := range p.Strategies {
					if s == old {
						p.Strategies[i] = &changed
					}
				}
			}
			res.Strategies[1] = &changed
			third := render("one new result")
			compare("one new result", again, third, &changed)

			// A new plan title changes every page's menu.
			renamed := *res.Plans[0].Plan
			renamed.Title = "Renamed plan"
			res.Plans[0].Plan = &renamed
			fourth := render("a plan renamed")
			if c.menu {
				compare("a plan renamed", third, fourth, res.Strategies...)
			} else {
				compare("a plan renamed", third, fourth)
			}
		})
	}
}

func pagesKept(m *Memo) map[*analysis.Strategy]*byte {
	out := map[*analysis.Strategy]*byte{}
	for s, b := range m.last.pages {
		out[s] = &b[0]
	}
	return out
}

// sameAsWithout checks that got is what rendering in without a Memo gives.
func sameAsWithout(t *testing.T, in Input, got map[string][]byte) {
	t.Helper()
	in.Memo = nil
	want, err := Render(in)
	if err != nil {
		t.Fatal(err)
	}
	sameFiles(t, got, want)
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
	src := ""
	if name == "strategy.html" {
		f.mu.Lock()
		f.n++
		src = f.a
		if f.n > f.after {
			src = f.b
		}
		f.mu.Unlock()
	}
	return fstest.MapFS{"strategy.html": {Data: []byte(src)}}.Open(name)
}

// A template saved while the site renders, then put back, leaves no page
// of the saved version in the Memo: every part of a render reads the
// templates once, together.
func TestMemoTemplateSavedWhileRendering(t *testing.T) {
	b, err := fs.ReadFile(Templates(), "strategy.html")
	if err != nil {
		t.Fatal(err)
	}
	orig := string(b)
	edited := strings.Replace(orig, `<p class="eyebrow">Strategy</p>`, `<p class="eyebrow">EDITED</p>`, 1)
	site, res := fixture()
	for after := range 4 {
		in := Input{Site: site, Result: res, Pages: fixturePages(), Templates: &flipFS{after: after, a: orig, b: edited}, Memo: &Memo{}}
		if _, err := Render(in); err != nil {
			t.Fatal(err)
		}
		in.Templates = fstest.MapFS{"strategy.html": {Data: []byte(orig)}}
		got, err := Render(in)
		if err != nil {
			t.Fatal(err)
		}
		sameAsWithout(t, in, got)
	}
}
