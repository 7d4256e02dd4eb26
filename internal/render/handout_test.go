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

// sheetOf returns the handout's printed page of strategy id.
func sheetOf(t *testing.T, handout, id string) string {
	t.Helper()
	i := strings.Index(handout, `aria-labelledby="`+strategyAnchor(id)+`"`)
	if i < 0 {
		t.Fatalf("no sheet for %s", id)
	}
	sheet := handout[i:]
	if j := strings.Index(sheet, "\n</section>"); j > 0 {
		sheet = sheet[:j]
	}
	return sheet
}

// A strategy's notes are printed on its sheet, as Markdown rendered the
// same safe way as on its page: raw HTML shown as text, javascript: links
// emptied. A strategy without notes has no notes heading.
func TestHandoutNotes(t *testing.T) {
	tests := []struct {
		name     string
		notes    string
		want     []string
		dontWant []string
	}{
		{"Markdown", "Partner deals are **excluded**.\n\n- one\n- two\n\n> Risk: a budget release in Q3.",
			[]string{`<div class="prose hnotes">`, "<h3>Notes</h3>", "<strong>excluded</strong>", "<li>two</li>", "<blockquote>"}, nil},
		{"raw HTML is text", "Before <script>alert(1)</script> <b onclick=\"x()\">bold</b> after",
			[]string{"&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;b onclick=&quot;x()&quot;&gt;bold&lt;/b&gt;"},
			[]string{"<script>alert", "<b onclick"}},
		{"javascript: links", "[click](javascript:alert(1))", []string{`<a href="">click</a>`}, []string{"javascript:"}},
		{"a live figure", "```kpi\nstrategy: uk-renewals\nshow: [actual]\n```\n", []string{`<div class="figure figure-kpi">`, "Lift UK renewal rate"}, nil},
		{"none", "", nil, []string{"hnotes", "<h3>Notes</h3>"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			site, res := fixture()
			res.Strategies[0].Strategy.Notes = tt.notes
			out, err := Render(Input{Site: site, Result: res})
			if err != nil {
				t.Fatal(err)
			}
			sheet := sheetOf(t, string(out["handout.html"]), res.Strategies[0].Strategy.ID)
			for _, w := range tt.want {
				if !strings.Contains(sheet, w) {
					t.Errorf("the sheet lacks %q:\n%s", w, sheet[strings.Index(sheet, `<div class="strategy-body">`):])
				}
			}
			for _, w := range tt.dontWant {
				if strings.Contains(sheet, w) {
					t.Errorf("the sheet holds %q", w)
				}
			}
		})
	}
}

// Notes take room on the sheet: the longer they are, the smaller the
// charts above them, so that the page still fits the paper (in landscape
// too, where the notes sit under the charts).
func TestHandoutNotesMakeRoom(t *testing.T) {
	for _, orientation := range []string{"portrait", "landscape"} {
		var heights []int
		for _, notes := range []string{"", "One line.", strings.Repeat("A longer note that runs on. ", 20) + "\n\n- a\n- b\n- c"} {
			_, res := fixture()
			s := res.Strategies[0]
			s.Strategy.Notes = notes
			// A bridge and a price-volume-mix take room of their own
			// (changeHeight); without them the charts are above their
			// minimum, so what the notes take shows.
			s.Bridge = nil
			for i := range s.Targets {
				s.Targets[i].PriceVolumeMix = nil
			}
			l := strategyLayout(paperOf(config.Handout{Paper: "A4", Orientation: orientation}), s)
			heights = append(heights, l.cumulativeHeight+l.monthlyHeight)
		}
		if !(heights[0] > heights[1] && heights[1] > heights[2]) {
			t.Errorf("%s: charts %v high without notes, with one line and with three paragraphs; want them smaller as notes grow", orientation, heights)
		}
	}
}

// Pages whose front matter says handout: true are printed after the
// executive summary and before the plans, by weight (pages without one
// last), then title; their links still reach the site's files from the
// handout, and the plans' sections are numbered after them.
func TestHandoutPages(t *testing.T) {
	site, res := fixture()
	pages := []Page{
		{Path: "about.html", Title: "About these figures", Body: "Not for the board.", File: "content/about.md"},
		{Path: "zz.html", Title: "Appendix", Handout: true, Body: "Without a weight: last.", File: "content/zz.md"},
		{Path: "guides/q3.html", Title: "Q3 review", Weight: 2, Handout: true, Description: "What changed in Q3",
			Body: "# Q3 review\n\nSee ![the chart](../assets/q3.png) and [next steps](#next-steps).\n\n## Next steps\n\nHire.",
			File: "content/guides/q3.md", BodyLine: 5},
		{Path: "decisions.html", Title: "Decisions for the board", Weight: 1, Handout: true,
			Body: "1. Approve the Nordic team.\n\n```kpi\nstrategy: uk-renewals\nshow: [actual]\n```\n", File: "content/decisions.md"},
	}
	out, err := Render(Input{Site: site, Result: res, Pages: pages})
	if err != nil {
		t.Fatal(err)
	}
	h := string(out["handout.html"])
	inOrder := func(where string, at int, class string, titles ...string) {
		t.Helper()
		for i, title := range titles {
			want := class + `">` + strconv.Itoa(i+1) + "</span> " + title
			j := strings.Index(h[at:], want)
			if j < 0 {
				t.Errorf("%s: %q missing or out of order", where, want)
				continue
			}
			at += j
		}
	}
	sections := []string{"Executive summary", "Decisions for the board", "Q3 review", "Appendix", res.Plans[0].Plan.Title, res.Plans[1].Plan.Title}
	inOrder("contents", strings.Index(h, `id="contents"`), "toc-no", sections...)
	inOrder("document", strings.Index(h, `id="summary"`), "sec-no", sections...)
	for _, want := range []string{
		`<section class="sheet sheet-page" aria-labelledby="page-3">`,
		`<p class="meta">What changed in Q3</p>`,
		`src="assets/q3.png"`,                    // ../assets/ from guides/ is assets/ from the handout
		`href="#page-3-next-steps"`,              // the page's own anchors, kept apart from others'
		`<h2 id="page-3-next-steps">`,            //
		`<div class="figure figure-kpi">`,        // live figures too
		`<ol>` + "\n" + `<li>Approve the Nordic`, //
	} {
		if !strings.Contains(h, want) {
			t.Errorf("handout.html lacks %q", want)
		}
	}
	if strings.Contains(h, "Not for the board") {
		t.Error("a page without handout: true is in the handout")
	}
	if n := strings.Count(h, "Q3 review</"); n != 2 {
		t.Errorf("the title Q3 review shows %d times, want 2 (contents and section head, not the page's own # heading again)", n)
	}
}
