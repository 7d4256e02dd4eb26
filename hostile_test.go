package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Text that runs as code wherever it is not escaped for its context: an
// HTML element, an attribute, a JSON string in a script, an ECharts
// template, a go-echarts function marker, a link.
const (
	hScript = `</script><script>window.__pwned=1</script>`
	hImg    = `<img src=x onerror="window.__pwned=1">`
	hJSON   = `"};window.__pwned=1;//`
	hTmpl   = `{b}{c}{a}`
	hFunc   = `__f__window.__pwned=1__f__`
	hLink   = `javascript:window.__pwned=1`
	// hLabel is site.yaml's label of a region; the data's own value is
	// =HYPERLINK("http://x").
	hLabel = `Label ` + hImg + ` ` + hTmpl + ` ` + hScript + ` '"&amp;`
)

// yq quotes s for YAML.
func yq(s string) string { b, _ := json.Marshal(s); return string(b) }

// cq quotes s for CSV.
func cq(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// hostileSite is a site whose every text field and CSV cell carries
// hostile text: titles, owners, summaries and notes (Markdown), tactics,
// metric names, a dimension name and its values, their labels, scope
// values, page front matter and bodies with raw HTML and javascript:
// links, and live figures of all of them (charts of a period and a
// breakdown ranked by a metric of a hostile name among them).
func hostileSite() map[string]string {
	okMetric, imgMetric := hJSON+" "+hTmpl, hImg
	return map[string]string{
		"site.yaml": "title: " + yq(hScript+" "+hImg) + "\nas_of: 2026-02-15\n" +
			"sales:\n  measures: {revenue: revenue}\n" +
			"metrics:\n  revenue: {sum: revenue, format: money}\n" +
			"  " + yq(okMetric) + ": {count: rows}\n" +
			"  " + yq(imgMetric) + ": {ratio: [revenue, " + yq(okMetric) + "], format: money}\n" +
			"labels:\n  dimensions: {region: " + yq(hScript+` "Region"`) + ", " + yq("<b>"+hTmpl+"</b>") + ": " + yq(hJSON+" "+hFunc) + "}\n" +
			"  values: {region: {" + yq(`=HYPERLINK("http://x")`) + ": " + yq(hLabel) + "}}\n",
		"data/sales.csv": "date,region," + cq("<b>"+hTmpl+"</b>") + ",revenue\n" +
			"2026-01-10," + cq(hScript) + "," + cq(hImg) + ",100\n" +
			"2026-01-11," + cq(hJSON) + "," + cq(hTmpl+" "+hFunc) + ",50\n" +
			"2026-02-10," + cq(`=HYPERLINK("http://x")`) + "," + cq(hLink) + ",70\n" +
			"2025-01-10," + cq(hScript) + "," + cq(hImg) + ",80\n",
		"content/plans/hostile.yaml": "title: " + yq(hImg+" "+hScript) + "\n" +
			"owner: " + yq(hJSON) + "\n" +
			"period: {start: 2026-01-01, end: 2026-03-31}\n" +
			"summary: |\n  Summary <script>window.__pwned=1</script> " + hImg + "\n  [click me](" + hLink + ") <" + hLink + "> " + hTmpl + "\n" +
			"scope:\n  region: [" + yq(hScript) + ", " + yq(hJSON) + ", " + yq(`=HYPERLINK("http://x")`) + "]\n" +
			"strategies:\n  - id: hostile\n" +
			"    title: " + yq("="+hImg+" "+hFunc+" "+hTmpl) + "\n" +
			"    owner: " + yq("@"+hJSON+" "+hScript) + "\n" +
			"    targets:\n      revenue: 300\n      " + yq(okMetric) + ": 3\n      " + yq(imgMetric) + ": {total: 50}\n" +
			"    tactics: [" + yq(hScript) + ", " + yq(hImg) + ", " + yq(hJSON) + ", " + yq(hTmpl) + ", " + yq(hFunc) + ", " + yq(hLink) + "]\n" +
			"    notes: |\n      Notes [link](" + hLink + ") and [x](JAVASCRIPT:window.__pwned=1)\n      " + hImg + " `" + hScript + "` " + hFunc + "\n",
		"content/hostile.md": "---\ntitle: " + yq(hScript) + "\ndescription: " + yq(`">`+hImg+" "+hJSON) + "\n---\n" +
			"# Page " + hImg + "\n\n[click](" + hLink + ") <" + hLink + "> [[x]](javascript:alert(1))\n" +
			"<script>window.__pwned=1</script>\n\n" + hTmpl + " " + hFunc + "\n\n" +
			"```chart\nstrategy: hostile\nkind: breakdown\ndimension: region\n```\n\n" +
			"```kpi\nstrategy: hostile\n```\n\n```table\nplan: hostile\n```\n\n" +
			"```chart\nmetric: revenue\nby: region\nperiod: {start: 2026-01-01, end: 2026-03-31}\n```\n\n" +
			"```chart\nmetric: " + yq(okMetric) + "\nby: " + yq("<b>"+hTmpl+"</b>") + "\nperiod: {start: 2026-01-01, end: 2026-03-31}\nscope: {region: [" + yq(hScript) + ", " + yq(hJSON) + "]}\n```\n\n" +
			"```chart\nstrategy: hostile\nkind: breakdown\ndimension: region\nmetric: " + yq(imgMetric) + "\n```\n",
	}
}

// Hostile text reaches the files only escaped for where it lands, and
// the exports keep it as data: spreadsheet formulas are defused.
func TestHostileTextEscaped(t *testing.T) {
	out := t.TempDir()
	if code, _, stderr := salesdeck(t, "build", "-src", site(t, hostileSite()), "-out", out); code != 0 {
		t.Fatalf("build exited %d:\n%s", code, stderr)
	}
	files := tree(t, out)
	jsHref := regexp.MustCompile(`(?i)href="\s*javascript:`)
	for name, b := range files {
		if filepath.Ext(name) != ".html" {
			continue
		}
		for _, raw := range []string{hScript, hImg, "<script>window", "<b>"} {
			if bytes.Contains(b, []byte(raw)) {
				t.Errorf("%s holds %q unescaped", name, raw)
			}
		}
		if jsHref.Match(b) {
			t.Errorf("%s links to javascript:", name)
		}
		// Inside a JSON block, the function marker is a string like any
		// other; go-echarts' renderer would have turned it into code.
		for _, m := range regexp.MustCompile(`(?s)<script type="application/json" data-chart="[A-Za-z0-9_]+">(.*?)</script>`).FindAllSubmatch(b, -1) {
			var v any
			if err := json.Unmarshal(m[1], &v); err != nil {
				t.Errorf("%s: chart options are not JSON: %v", name, err)
			}
		}
	}
	if !bytes.Contains(files["strategies/hostile.html"], []byte(`\"};window.__pwned=1;//`)) {
		t.Error("no chart option of the strategy page holds the dimension value as a JSON string")
	}
	// Labels are shown as text wherever a dimension or a value is: in the
	// scope, the breakdowns' options, titles and tables.
	for _, want := range []string{
		`<dt>&lt;/script&gt;&lt;script&gt;window.__pwned=1&lt;/script&gt; &#34;Region&#34;</dt>`,
		`Label &lt;img src=x onerror=&#34;window.__pwned=1&#34;&gt; {b}{c}{a} &lt;/script&gt;`,
		`"Label \u003cimg src=x onerror=\"window.__pwned=1\"\u003e {b}{c}{a} \u003c/script\u003e`,
		`&#34;};window.__pwned=1;// __f__window.__pwned=1__f__</th>`,
	} {
		if !bytes.Contains(files["strategies/hostile.html"], []byte(want)) {
			t.Errorf("strategies/hostile.html lacks the label as text: %s", want)
		}
	}
	// The exports keep the data's own names and values.
	for _, name := range []string{"data/strategies.json", "data/strategies.csv"} {
		if bytes.Contains(files[name], []byte("Label")) || bytes.Contains(files[name], []byte("Region")) {
			t.Errorf("%s holds a label; it keeps the data's names and values", name)
		}
	}

	rows, err := csv.NewReader(bytes.NewReader(files["data/strategies.csv"])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range rows[1:] {
		if row[2] != "'="+hImg+" "+hFunc+" "+hTmpl || row[3] != "'@"+hJSON+" "+hScript {
			t.Errorf("strategies.csv: title %q, owner %q; want them starting with ' so spreadsheets do not run them", row[2], row[3])
		}
	}
	var export struct {
		Plans      []struct{ Title string }
		Strategies []struct {
			Title, Owner string
			Breakdowns   map[string][]struct{ Value string }
		}
	}
	if err := json.Unmarshal(files["data/strategies.json"], &export); err != nil {
		t.Fatal(err)
	}
	if export.Plans[0].Title != hImg+" "+hScript || export.Strategies[0].Title != "="+hImg+" "+hFunc+" "+hTmpl {
		t.Errorf("strategies.json does not keep the text as written: %+v", export)
	}
	var regions []string
	for _, b := range export.Strategies[0].Breakdowns["region"] {
		regions = append(regions, b.Value)
	}
	if !slices.Contains(regions, `=HYPERLINK("http://x")`) {
		t.Errorf("strategies.json's region breakdown %q lacks the data's own value", regions)
	}
	if bytes.Contains(files["data/strategies.json"], []byte("<")) {
		t.Error("strategies.json holds a raw <; it is escaped so the file is safe to inline")
	}
}

// In Chromium, from file://, a site built of hostile text runs none of
// it: every page loads without a console error, every chart is drawn and
// hovered until its tooltips show, and afterwards window.__pwned is still
// undefined, no element carries an onerror or javascript: link, and the
// hostile text is on the page and in the tooltips as text.
func TestHostileSiteInChromium(t *testing.T) {
	ctx := chromium(t)
	out, pages := builtPages(t, "build", "-src", site(t, hostileSite()))
	var tips []string
	for _, name := range pages {
		t.Run(name, func(t *testing.T) {
			rep, err := hover(ctx, "file://"+filepath.Join(out, filepath.FromSlash(name)))
			if err != nil {
				t.Fatalf("%v (console: %v)", err, rep.errors)
			}
			for _, e := range rep.errors {
				t.Error(e)
			}
			if rep.pwned != "undefined" {
				t.Errorf("window.__pwned is %s: hostile text ran", rep.pwned)
			}
			if rep.unsafe != 0 {
				t.Errorf("%d elements with onerror, a javascript: link or a script holding hostile text", rep.unsafe)
			}
			if !strings.Contains(rep.text, hScript) || !strings.Contains(rep.text, hImg) {
				t.Errorf("the hostile site title is not shown as text:\n%.300s", rep.text)
			}
			if name == "strategies/hostile.html" {
				for _, s := range []string{hJSON, hTmpl, hFunc, hLink} {
					if !strings.Contains(rep.text, s) {
						t.Errorf("tactic %q is not shown as text", s)
					}
				}
			}
			if rep.charts > 0 && len(rep.tips) == 0 {
				t.Errorf("hovering %d charts showed no tooltip", rep.charts)
			}
			tips = append(tips, rep.tips...)
		})
	}
	all := strings.Join(tips, "\n")
	for _, s := range []string{hScript, hJSON, hLabel} {
		if !strings.Contains(all, s) {
			t.Errorf("no tooltip shows the region %q as text; tooltips:\n%s", s, all)
		}
	}
}

// hoverReport is what a page did in the browser while it was hovered.
type hoverReport struct {
	errors []string
	charts int
	tips   []string // every distinct tooltip text seen
	pwned  string   // typeof window.__pwned
	unsafe int      // elements that could run hostile text
	text   string   // the page's visible text
}

// hover opens url, scrolls each chart into view and moves the mouse over
// it, with real input events, collecting the tooltips it shows.
func hover(ctx context.Context, url string) (hoverReport, error) {
	var rep hoverReport
	var err error
	rep.errors, err = inTab(ctx, func(tab context.Context) error { return hoverCharts(tab, url, &rep) })
	return rep, err
}

func hoverCharts(tab context.Context, url string, rep *hoverReport) error {
	if err := chromedp.Do(tab, chromedp.Navigate(url), chromedp.WaitReady("body")); err != nil {
		return err
	}
	n, err := chromedp.Run(tab, chromedp.Evaluate[int](`document.querySelectorAll('.chart-canvas').length`))
	if err != nil {
		return err
	}
	rep.charts = n
	const tip = `[...document.querySelectorAll('.chart-canvas div')].filter(d => d.style.zIndex === '9999999' && d.style.display !== 'none' && d.style.opacity !== '0').map(d => d.innerText).join('\n')`
	seen := map[string]bool{}
	for i := range n {
		rect, err := chromedp.Run(tab, chromedp.Evaluate[[]float64](fmt.Sprintf(`(async () => {
			const el = document.querySelectorAll('.chart-canvas')[%d];
			el.scrollIntoView({block: 'center'});
			for (let i = 0; i < 100 && !el.querySelector('svg path, svg text'); i++) {
				await new Promise(r => setTimeout(r, 20));
			}
			const r = el.getBoundingClientRect();
			return [r.left, r.top, r.width, r.height];
		})()`, i), chromedp.EvalAwaitPromise))
		if err != nil {
			return err
		}
		// Rows for bar charts by category, columns for months.
		for _, fy := range []float64{0.3, 0.55, 0.8} {
			for _, fx := range []float64{0.2, 0.45, 0.7, 0.9} {
				x, y := rect[0]+fx*rect[2], rect[1]+fy*rect[3]
				if err := chromedp.Do(tab, chromedp.MouseEvent(chromedp.MouseMoved, x, y), chromedp.Sleep(10*time.Millisecond)); err != nil {
					return err
				}
				s, err := chromedp.Run(tab, chromedp.Evaluate[string](tip))
				if err != nil {
					return err
				}
				if s != "" && !seen[s] {
					seen[s] = true
					rep.tips = append(rep.tips, s)
				}
			}
		}
	}
	rep.pwned, err = chromedp.Run(tab, chromedp.Evaluate[string](`typeof window.__pwned`))
	if err != nil {
		return err
	}
	rep.unsafe, err = chromedp.Run(tab, chromedp.Evaluate[int](`document.querySelectorAll('[onerror], [onload], img[src="x"], a[href^="javascript:" i]').length +
		[...document.scripts].filter(s => s.type !== 'application/json' && s.textContent.includes('__pwned')).length`))
	if err != nil {
		return err
	}
	rep.text, err = chromedp.Run(tab, chromedp.Evaluate[string](`document.body.innerText`))
	return err
}
