package render_test

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"testing"
	"testing/fstest"

	"salesdeck/internal/analysis"
	"salesdeck/internal/build"
	"salesdeck/internal/render"
	"salesdeck/tools/gen"
)

// These tests render real analysed results, the example site's and
// generated sites'. They are in package render_test because
// internal/build imports render.

// sites returns the render input of the example site and of two generated
// sites, loaded and analysed as a build does.
func sites(t *testing.T) map[string]render.Input {
	t.Helper()
	fss := map[string]fs.FS{"example": os.DirFS("../..")}
	for _, sz := range []struct {
		seed                    uint64
		rows, plans, strategies int
	}{{1, 20_000, 3, 30}, {gen.DefaultSeed, 50_000, 7, 70}} {
		o := gen.Default()
		o.Seed, o.Rows = sz.seed, sz.rows
		files, err := gen.SiteFiles(gen.SiteOptions{Data: o, Plans: sz.plans, Strategies: sz.strategies})
		if err != nil {
			t.Fatal(err)
		}
		var data bytes.Buffer
		if _, err := gen.Write(&data, o); err != nil {
			t.Fatal(err)
		}
		files["data/sales.csv"] = data.Bytes()
		m := fstest.MapFS{}
		for name, b := range files {
			m[name] = &fstest.MapFile{Data: b}
		}
		fss[fmt.Sprintf("generated seed %d, %d strategies", sz.seed, sz.strategies)] = m
	}
	ins := map[string]render.Input{}
	for name, fsys := range fss {
		l, err := build.Load(fsys, build.Options{})
		if err != nil {
			t.Fatal(err)
		}
		res, _, err := analysis.Run(l.Config, l.Plans, l.Data, l.Asks, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Strategies) == 0 {
			t.Fatalf("%s: no strategies", name)
		}
		in := render.Input{Site: l.Config, Result: res}
		for _, p := range l.Pages {
			in.Pages = append(in.Pages, render.Page{Path: p.Path, Title: p.Title, Body: p.Body, File: p.File, BodyLine: p.BodyLine})
		}
		ins[name] = in
	}
	return ins
}
