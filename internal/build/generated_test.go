package build

import (
	"os"
	"testing"

	"salesdeck/internal/analysis"
	"salesdeck/tools/gen"
)

// A site made by the benchmark generator builds without a warning, and
// its strategies end up in most statuses, as a real site's do, whatever
// the shape of its data.
func TestGeneratedSiteBuilds(t *testing.T) {
	for _, c := range []struct {
		shape gen.Shape
		plans int // the wide shapes' fifth plan is the one under way
	}{{gen.Tidy, 4}, {gen.Wide, 5}, {gen.Customers, 5}, {gen.Orders, 5}} {
		t.Run(c.shape.String(), func(t *testing.T) {
			o := gen.Defaults(c.shape)
			o.Rows = 30_000
			dir := t.TempDir()
			if err := gen.WriteSite(dir, gen.SiteOptions{Data: o, Plans: c.plans, Strategies: 60}); err != nil {
				t.Fatal(err)
			}
			l, err := Load(os.DirFS(dir), Options{})
			if err != nil {
				t.Fatal(err)
			}
			res, warnings, err := analysis.Run(l.Config, l.Plans, l.Data, l.Asks, nil)
			if err != nil {
				t.Fatal(err)
			}
			if len(l.Data.Warnings)+len(warnings) > 0 {
				t.Errorf("warnings: %v %v", l.Data.Warnings, warnings)
			}
			if len(res.Strategies) != 60 {
				t.Errorf("%d strategies, want 60", len(res.Strategies))
			}
			if counts := analysis.Counts(res.Strategies); len(counts) < 4 {
				t.Errorf("statuses %v: want most of them", counts)
			}
			files, rep, err := Files(Options{Src: dir})
			if err != nil {
				t.Fatal(err)
			}
			if rep.Pages != 60+c.plans+2 || files["strategies/p01-s00001.html"] == nil {
				t.Errorf("%d pages", rep.Pages)
			}
		})
	}
}
