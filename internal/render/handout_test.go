package render

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"salesdeck/internal/load/config"
)

// The handout has a cover, contents and summary, then one sheet per plan
// and one per strategy, each strategy with its two charts at a fixed size
// that fits the paper.
func TestHandout(t *testing.T) {
	site, res := fixture()
	out, err := Render(Input{Site: site, Result: res, Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	page := string(out["handout.html"])
	if page == "" {
		t.Fatal("no handout.html")
	}
	for _, want := range []string{
		`data-charts="fixed"`, `class="sheet sheet-cover"`, `id="contents"`, `id="summary"`,
		"size: A4 portrait;", "counter(page)", "figures as of Jun 30, 2026",
		// Every strategy is counted on the cover, with the data it came from.
		strconv.Itoa(len(res.Strategies)) + " strategies",
		`<link rel="stylesheet" href="assets/handout.css">`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("handout.html lacks %q", want)
		}
	}
	if n := strings.Count(page, `class="sheet sheet-plan"`); n != len(res.Plans) {
		t.Errorf("%d plan sheets, want %d", n, len(res.Plans))
	}
	if n := strings.Count(page, `<section class="sheet sheet-strategy`); n != len(res.Strategies) {
		t.Errorf("%d strategy sheets, want %d", n, len(res.Strategies))
	}
	paper := paperOf(config.Handout{Paper: "A4", Orientation: "portrait"})
	for _, s := range res.Strategies {
		id := `id="` + strategyAnchor(s.Strategy.ID) + `"`
		i := strings.Index(page, id)
		if i < 0 {
			t.Errorf("no sheet for %s", s.Strategy.ID)
			continue
		}
		sheet := page[i:]
		if j := strings.Index(sheet, "</section>"); j > 0 {
			sheet = sheet[:j]
		}
		// The cumulative and the monthly chart, and the waterfalls of the
		// headline target that has them, each with its figures.
		want := 2
		if s.Bridge != nil && len(s.Bridge.Steps) > 0 {
			want++
		}
		if s.Targets[0].PriceVolumeMix != nil {
			want++
		}
		if n := strings.Count(sheet, `class="chart-canvas"`); n != want {
			t.Errorf("%s: %d charts on its sheet, want %d", s.Strategy.ID, n, want)
		}
		if n := strings.Count(sheet, `<div class="print-figures">`); n != want-2 {
			t.Errorf("%s: %d waterfalls with their figures, want %d", s.Strategy.ID, n, want-2)
		}
		for _, m := range canvasSize.FindAllStringSubmatch(sheet, -1) {
			w, _ := strconv.Atoi(m[1])
			h, _ := strconv.Atoi(m[2])
			if w <= 0 || w > paper.Width || h < 100 || h > paper.Height/2 {
				t.Errorf("%s: chart drawn at %d×%d on a %d×%d page", s.Strategy.ID, w, h, paper.Width, paper.Height)
			}
		}
		if !strings.Contains(sheet, `<table class="months">`) {
			t.Errorf("%s: no numbers table", s.Strategy.ID)
		}
	}
}

var canvasSize = regexp.MustCompile(`data-width="(\d+)" data-height="(\d+)"`)

// site.yaml's handout settings reach the @page rule and the chart sizes.
func TestHandoutPaper(t *testing.T) {
	tests := []struct {
		paper, orientation string
		size               string
		width              int // printable CSS pixels
	}{
		{"A4", "portrait", "A4 portrait", 687},
		{"A4", "landscape", "A4 landscape", 1016},
		{"Letter", "portrait", "Letter portrait", 710},
		{"Letter", "landscape", "Letter landscape", 950},
		{"", "", "A4 portrait", 687}, // a site without settings
	}
	for _, tt := range tests {
		t.Run(tt.size, func(t *testing.T) {
			site, res := fixture()
			site.Handout = config.Handout{Paper: tt.paper, Orientation: tt.orientation}
			out, err := Render(Input{Site: site, Result: res})
			if err != nil {
				t.Fatal(err)
			}
			page := string(out["handout.html"])
			if !strings.Contains(page, "size: "+tt.size+";") {
				t.Errorf("@page size is not %q", tt.size)
			}
			if !strings.Contains(page, "--sheet-width: "+strconv.Itoa(tt.width)+"px") {
				t.Errorf("printable width is not %dpx", tt.width)
			}
			landscape := tt.orientation == "landscape"
			if got := strings.Contains(page, `class="handout handout-landscape"`); got != landscape {
				t.Errorf("landscape class = %v, want %v", got, landscape)
			}
			for _, m := range canvasSize.FindAllStringSubmatch(page, -1) {
				if w, _ := strconv.Atoi(m[1]); w > tt.width {
					t.Errorf("chart %spx wide on a %dpx page", m[1], tt.width)
				}
			}
		})
	}
}

// A site's templates/handout.html replaces the built-in one, like every
// other template.
func TestHandoutOverride(t *testing.T) {
	site, res := fixture()
	fsys := fstest.MapFS{"handout.html": {Data: []byte(`{{define "main"}}<!DOCTYPE html><title>Ours</title><p>{{len .Handout.Plans}} plans, {{.Handout.Paper.Size}}</p>{{end}}`)}}
	out, err := Render(Input{Site: site, Result: res, Templates: fsys})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(out["handout.html"]), "<!DOCTYPE html><title>Ours</title><p>2 plans, A4 portrait</p>"; got != want {
		t.Errorf("handout.html = %q, want %q", got, want)
	}
}
