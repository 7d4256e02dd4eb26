package render

import (
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"testing"

	"salesdeck/internal/load/config"
)

// labelled renders the fixture with site.yaml's labels for two dimensions
// and some of their values; the first strategy's notes and a page draw a
// breakdown by country.
func labelled(t *testing.T) map[string][]byte {
	t.Helper()
	site, res := fixture()
	site.Labels = config.Labels{
		Dimensions: map[string]string{"country": "Land", "region": "Territory"},
		Values: map[string]map[string]string{
			"country": {"Germany": "Deutschland", "Austria": "Österreich"},
			"region":  {"EMEA": "Europe, Middle East & Africa"},
		},
	}
	breakdown := "```chart\nstrategy: dach-enterprise\nkind: breakdown\ndimension: country\n```\n"
	res.Strategies[0].Strategy.Notes = "By country:\n\n" + breakdown
	pages := []Page{{Path: "review.html", Title: "Review", Handout: true, Body: breakdown, File: "content/review.md"}}
	out, err := Render(Input{Site: site, Result: res, Pages: pages})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// Labels name dimensions and values wherever pages show them: a
// strategy's scope, its breakdown charts (options, titles, tables), live
// figures on pages, in notes and in the handout. The exports keep the
// data's own names and values.
func TestLabels(t *testing.T) {
	out := labelled(t)
	checkFiles(t, out, []fileWant{
		{"strategies/dach-enterprise.html", []string{
			// The scope: labelled dimension and value, the others as before.
			`<dt>Territory</dt><dd>Europe, Middle East &amp; Africa</dd>`,
			`<dt>Segment</dt><dd>Enterprise, Mid-market</dd>`,
			// The breakdown chart's title, its table's head and rows.
			`<figcaption>Revenue by Land</figcaption>`,
			`<th scope="col">Land</th>`,
			`<td>Deutschland</td>`, `<td>Österreich</td>`, `<td>Switzerland</td>`,
			// Its option's categories, which the axis and tooltips show.
			`"data":["Deutschland","Switzerland","Österreich",`,
			// The breakdown by product is not touched.
			`<figcaption>Revenue by Product</figcaption>`,
		}, []string{`<td>Germany</td>`, `"Germany"`, "by Country"}},
		{"review.html", []string{`<figcaption>Revenue by Land</figcaption>`, `<td>Deutschland</td>`}, []string{"Germany"}},
		{"handout.html", []string{
			`<figcaption>Revenue by Land</figcaption>`, // in the notes and in the page
			`<td>Deutschland</td>`,
		}, []string{"Germany"}},
		{"data/strategies.json", []string{`"country": [`, `"value": "Germany"`, `"value": "Austria"`},
			[]string{"Deutschland", "Österreich", "Land", "Territory", "Europe, Middle East"}},
		{"data/strategies.csv", nil, []string{"Deutschland", "Territory", "Europe, Middle East"}},
	})
	if n := strings.Count(string(out["handout.html"]), "<figcaption>Revenue by Land</figcaption>"); n != 2 {
		t.Errorf("the handout shows %d breakdowns by Land, want 2: the page's and the notes'", n)
	}
}

// The breakdown chart's option, as ECharts reads it: the categories on
// the axis (and so in its tooltips) are the labels, in the data's order
// of figures; "Other" stays "Other".
func TestLabelsInChartOption(t *testing.T) {
	out := labelled(t)
	page := string(out["strategies/dach-enterprise.html"])
	for _, tt := range []struct {
		id   string
		want []string
	}{
		{"c_breakdown_0", []string{"Deutschland", "Switzerland", "Österreich", hostileValue}},
		{"c_breakdown_1", []string{"Platform", "Analytics add-on", "Services", "Training", "Other"}},
	} {
		m := regexp.MustCompile(`<script type="application/json" data-chart="` + tt.id + `">(.*?)</script>`).FindStringSubmatch(page)
		if m == nil {
			t.Fatalf("no option for %s", tt.id)
		}
		var opt struct {
			YAxis []struct{ Data []string } `json:"yAxis"`
		}
		if err := json.Unmarshal([]byte(m[1]), &opt); err != nil {
			t.Fatal(err)
		}
		if len(opt.YAxis) != 1 || !slices.Equal(opt.YAxis[0].Data, tt.want) {
			t.Errorf("%s: categories %+v, want %q", tt.id, opt.YAxis, tt.want)
		}
	}
}
