package render_test

import (
	"bytes"
	"os"
	"testing"

	"salesdeck/internal/analysis"
	"salesdeck/internal/build"
	"salesdeck/internal/gen"
	"salesdeck/internal/render"
)

// The example site and a generated one render to the same bytes with the
// fast partials and through html/template alone.
func TestFastPartialsSites(t *testing.T) {
	o := gen.Default()
	o.Rows = 20_000
	generated := t.TempDir()
	if err := gen.WriteSite(generated, gen.SiteOptions{Data: o, Plans: 3, Strategies: 40}); err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{"../..", generated} {
		l, err := build.Load(os.DirFS(dir), build.Options{})
		if err != nil {
			t.Fatal(err)
		}
		res, _, err := analysis.Run(l.Config, l.Plans, l.Data)
		if err != nil {
			t.Fatal(err)
		}
		in := render.Input{Site: l.Config, Result: res}
		for _, p := range l.Pages {
			in.Pages = append(in.Pages, render.Page{Path: p.Path, Title: p.Title, Body: p.Body, File: p.File, BodyLine: p.BodyLine})
		}
		fast, err := render.Render(in)
		if err != nil {
			t.Fatal(err)
		}
		slow, err := render.RenderWithTemplates(in)
		if err != nil {
			t.Fatal(err)
		}
		if len(fast) != len(slow) || len(fast) < 10 {
			t.Errorf("%s: %d files with the fast partials, %d without", dir, len(fast), len(slow))
		}
		for name, want := range slow {
			if !bytes.Equal(fast[name], want) {
				t.Errorf("%s: %s differs", dir, name)
			}
		}
	}
}
