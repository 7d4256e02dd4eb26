package render_test

import (
	"bytes"
	"cmp"
	"fmt"
	"io/fs"
	"os"
	"testing"
	"testing/fstest"

	"salesdeck/internal/analysis"
	"salesdeck/internal/build"
	"salesdeck/internal/gen"
	"salesdeck/internal/render"
)

// strategies.json of real analysed results, the example site's and
// generated sites', is byte for byte what the reflective reference
// (export_test.go) writes. In package render_test because
// internal/build imports render.
func TestJSONMatchesReferenceOnSites(t *testing.T) {
	sites := map[string]fs.FS{"example": os.DirFS("../..")}
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
		sites[fmt.Sprintf("generated seed %d, %d strategies", sz.seed, sz.strategies)] = m
	}
	for name, fsys := range sites {
		t.Run(name, func(t *testing.T) {
			l, err := build.Load(fsys, build.Options{})
			if err != nil {
				t.Fatal(err)
			}
			res, _, err := analysis.Run(l.Config, l.Plans, l.Data)
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Strategies) == 0 {
				t.Fatal("no strategies")
			}
			cur := cmp.Or(res.Currency, l.Config.Currency)
			got, want := render.StrategiesJSON(res, cur), render.RefStrategiesJSON(res, cur)
			if !bytes.Equal(got, want) {
				i := 0
				for i < min(len(got), len(want)) && got[i] == want[i] {
					i++
				}
				t.Fatalf("differs from the reference at byte %d: got …%q, want …%q", i,
					got[max(0, i-60):min(len(got), i+30)], want[max(0, i-60):min(len(want), i+30)])
			}
			// And Render writes exactly that file.
			out, err := render.Render(render.Input{Site: l.Config, Result: res})
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(out["data/strategies.json"], want) {
				t.Error("Render's data/strategies.json is not the reference's")
			}
		})
	}
}
