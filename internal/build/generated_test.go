package build

import (
	"os"
	"testing"

	"salesdeck/internal/analysis"
	"salesdeck/internal/gen"
)

// A site made by the benchmark generator builds without a warning, and
// its strategies end up in most statuses, as a real site's do.
func TestGeneratedSiteBuilds(t *testing.T) {
	o := gen.Default()
	o.Rows = 30_000
	dir := t.TempDir()
	if err := gen.WriteSite(dir, gen.SiteOptions{Data: o, Plans: 4, Strategies: 60}); err != nil {
		t.Fatal(err)
	}
	l, err := Load(os.DirFS(dir), Options{})
	if err != nil {
		t.Fatal(err)
	}
	res, warnings, err := analysis.Run(l.Config, l.Plans, l.Data)
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Data.Warnings)+len(warnings) > 0 {
		t.Errorf("warnings: %v %v", l.Data.Warnings, warnings)
	}
	if len(res.Strategies) != 60 {
		t.Errorf("%d strategies, want 60", len(res.Strategies))
	}
	if c := analysis.Counts(res.Strategies); len(c) < 4 {
		t.Errorf("statuses %v: want most of them", c)
	}
	files, rep, err := Files(Options{Src: dir})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Pages != 60+4+2 || files["strategies/p01-s00001.html"] == nil {
		t.Errorf("%d pages", rep.Pages)
	}
}
