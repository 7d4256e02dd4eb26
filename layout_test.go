package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/device"
)

// The layout checks open the example site in Chromium as a phone (an
// emulated iPhone 12: 390 CSS pixels, mobile viewport, touch), a desktop
// screen 1400 pixels wide and paper (print media, an A4 text column), in
// English and in German, and measure what a reader would see go wrong:
// a table wider than the screen, axis labels written over each other,
// figures crossed by a chart's line. Each view is saved as a screenshot,
// in $SALESDECK_SCREENSHOTS when set (to look at), else in a temporary
// folder.

// layoutSite builds the example site in locale and currency, with a
// Markdown page holding a table block, and returns its public folder.
func layoutSite(t *testing.T, locale, currency string) string {
	t.Helper()
	dir := t.TempDir()
	for _, name := range []string{"site.yaml", "data", "content"} {
		if err := os.CopyFS(filepath.Join(dir, name), os.DirFS(name)); err != nil && name != "site.yaml" {
			t.Fatal(err)
		}
	}
	yaml := read(t, "site.yaml")
	yaml = strings.Replace(yaml, "locale: en-US", "locale: "+locale, 1)
	yaml = strings.Replace(yaml, "currency: USD", "currency: "+currency, 1)
	writeFiles(t, dir, map[string]string{
		"site.yaml": yaml,
		"content/review.md": "---\ntitle: Quarterly review\n---\n\nEvery strategy of the year, as the board sees it.\n\n" +
			"```table\ntitle: Every strategy\n```\n",
	})
	out := filepath.Join(dir, "public")
	if code, _, stderr := salesdeck(t, "build", "-src", dir, "-out", out); code != 0 {
		t.Fatalf("build in %s exited %d:\n%s", locale, code, stderr)
	}
	return out
}

// view is a way of looking at a page.
type view struct {
	name  string
	setup chromedp.Action[chromedp.Void]
	print bool
}

func views() []view {
	return []view{
		{name: "phone", setup: chromedp.Emulate(device.IPhone12)},
		{name: "desktop", setup: chromedp.EmulateViewport(1400, 900)},
		// 688 CSS pixels: the text column of A4 paper with the handout's
		// margins, the narrowest salesdeck prints on.
		{name: "print", print: true, setup: chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			if _, err := chromedp.EmulateViewport(688, 1000)(ctx, t); err != nil {
				return err
			}
			_, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
			return err
		})},
	}
}

// screenshotDir is where screenshots go.
func screenshotDir(t *testing.T) string {
	if d := os.Getenv("SALESDECK_SCREENSHOTS"); d != "" {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		return d
	}
	return t.TempDir()
}

// look opens page in a new tab as v shows it, draws its charts, saves a
// screenshot of the whole page under name and returns what measure
// evaluates to there.
func look[T any](t *testing.T, ctx context.Context, v view, page, name, measure string) T {
	t.Helper()
	var got T
	problems, err := inTab(ctx, func(tab context.Context) error {
		_, err := chromedp.Run(tab, v.setup)
		if err != nil {
			return err
		}
		err = chromedp.Do(tab,
			chromedp.Navigate("file://"+page),
			chromedp.WaitReady("body"),
			func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
				_, err := chromedp.Evaluate[bool](drawAll, chromedp.EvalAwaitPromise)(ctx, tg)
				return chromedp.Void{}, err
			},
		)
		if err != nil {
			return err
		}
		if v.print {
			// What the browser does before it prints: salesdeck.js
			// unfolds the figures and draws charts at the paper's width.
			if _, err := chromedp.Run(tab, chromedp.Evaluate[bool](`window.dispatchEvent(new Event('beforeprint')); true`)); err != nil {
				return err
			}
		}
		png, err := chromedp.Run(tab, chromedp.FullScreenshot(100))
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(screenshotDir(t), name+".png"), png, 0o644); err != nil {
			return err
		}
		// The charts whose layout is checked, each on its own, to look
		// at closely.
		ids, err := chromedp.Run(tab, chromedp.Evaluate[[]string](`[...document.querySelectorAll('.chart-canvas')].map(el => el.id).filter(id => /pace|attainment|breakdown_0|monthly_0|bridge/.test(id))`))
		if err != nil {
			return err
		}
		// And the handout's first table of targets, its widest table.
		if n, err := chromedp.Run(tab, chromedp.Evaluate[int](`document.querySelectorAll('.targets').length`)); err == nil && n > 0 {
			png, err := chromedp.Run(tab, chromedp.Screenshot(chromedp.JSPath(`document.querySelector('.targets')`)))
			if err != nil {
				return err
			}
			if err := os.WriteFile(filepath.Join(screenshotDir(t), name+"-targets.png"), png, 0o644); err != nil {
				return err
			}
		}
		for _, id := range ids {
			png, err := chromedp.Run(tab, chromedp.Screenshot(chromedp.JSPath(fmt.Sprintf(`document.getElementById(%q)`, id))))
			if err != nil {
				return err
			}
			if err := os.WriteFile(filepath.Join(screenshotDir(t), name+"-"+id+".png"), png, 0o644); err != nil {
				return err
			}
		}
		got, err = chromedp.Run(tab, chromedp.Evaluate[T](measure))
		return err
	})
	if err != nil {
		t.Fatalf("%s: %v (console: %v)", name, err, problems)
	}
	for _, p := range problems {
		t.Errorf("%s: %s", name, p)
	}
	return got
}

// drawAll scrolls every chart into view, as a reader would, and waits
// until all are drawn.
const drawAll = `(async () => {
	for (const el of document.querySelectorAll('.chart-canvas')) {
		el.scrollIntoView();
		await new Promise(r => requestAnimationFrame(() => setTimeout(r, 30)));
	}
	for (let i = 0; i < 200 && document.documentElement.getAttribute('data-charts-ready') !== 'true' && document.querySelector('.chart-canvas'); i++) {
		await new Promise(r => setTimeout(r, 25));
	}
	window.scrollTo(0, 0);
	await new Promise(r => setTimeout(r, 50));
	return true;
})()`

// layoutReport is what measureLayout finds on a page: the checks it
// made, by name, and each problem.
type layoutReport struct {
	Checked  map[string]int `json:"checked"`
	Problems []string       `json:"problems"`
}

// measureLayout measures the page as drawn; see TestLayout for what.
const measureLayout = `(() => {
	const checked = {}, problems = [];
	const check = (name, ok, msg) => { checked[name] = (checked[name] || 0) + 1; if (!ok) problems.push(name + ': ' + msg); };
	const vw = document.documentElement.clientWidth;
	const r = el => el.getBoundingClientRect();
	const overlap = (a, b) => a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
	const texts = el => [...el.querySelectorAll('svg text')].filter(t => t.textContent.trim() !== '').map(t => ({ el: t, text: t.textContent, box: r(t) }));

	const widest = [...document.querySelectorAll('body *')].reduce((w, el) => r(el).right > r(w).right ? el : w, document.body);
	check('page', document.documentElement.scrollWidth <= vw + 1, 'the page is ' + document.documentElement.scrollWidth + ' px wide on a ' + vw + ' px screen (' + widest.tagName + '.' + widest.className + ' ' + r(widest).width + ' px in ' + widest.parentElement.className + ' ' + r(widest.parentElement).width + ' px)');

	// A table of strategies on a Markdown page.
	document.querySelectorAll('.page .table-scroll').forEach(card => {
		const table = card.querySelector('table'), page = card.closest('.page');
		check('table-card', r(card).right <= vw + 0.5, 'the card ends at ' + r(card).right + ', past the screen (' + vw + ')');
		const cs = getComputedStyle(page);
		const content = page.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
		check('table-card', Math.abs(r(card).width - content) <= 1, 'the card is ' + r(card).width + ' px in a ' + content + ' px page');
		if (matchMedia('print').matches) {
			check('table-print', table.scrollWidth <= card.clientWidth + 1, 'the table (' + table.scrollWidth + ' px) does not fit its box (' + card.clientWidth + ' px)');
		} else if (vw >= 1200) {
			check('table-wide', table.scrollWidth <= card.clientWidth + 1, 'the table (' + table.scrollWidth + ' px) scrolls in a ' + card.clientWidth + ' px card');
			const main = document.querySelector('main');
			const ms = getComputedStyle(main);
			check('table-wide', Math.abs(r(page).width - (main.clientWidth - parseFloat(ms.paddingLeft) - parseFloat(ms.paddingRight))) <= 1, 'the page is narrower than the content (' + r(page).width + ' px)');
		}
	});

	// The labels of a horizontal axis (the bottom row of a chart's
	// text, unless turned) never overlap nor touch.
	document.querySelectorAll('.chart-canvas').forEach(el => {
		const ts = texts(el).filter(t => { const m = t.el.getCTM(); return !m || (Math.abs(m.b) < 1e-6 && Math.abs(m.c) < 1e-6); });
		if (!ts.length) return;
		const bottom = Math.max(...ts.map(t => t.box.bottom));
		const row = ts.filter(t => t.box.bottom > bottom - 3).sort((a, b) => a.box.left - b.box.left);
		// Apart by a space at least, or they read as one.
		for (let i = 1; i < row.length; i++) {
			check('labels', row[i - 1].box.right + 4 <= row[i].box.left, el.id + ': "' + row[i - 1].text + '" and "' + row[i].text + '" run together');
		}
	});

	// The value axis of a breakdown is written short: no thousands in full.
	document.querySelectorAll('.chart-canvas[id^="c_breakdown"]').forEach(el => {
		const ts = texts(el), bottom = Math.max(...ts.map(t => t.box.bottom));
		ts.filter(t => t.box.bottom > bottom - 2).forEach(t => check('axis-short', !/\d[.,\s\u00a0\u202f]\d{3}/.test(t.text), el.id + ': axis label "' + t.text + '" in full'));
	});

	// A waterfall's figures, over or under its bars, keep apart and
	// inside the chart, turned upright where the bars are narrow; where
	// even that leaves too little plot, they are left to the figures
	// table under the chart.
	document.querySelectorAll('.chart-canvas').forEach(el => {
		const inst = window.echarts && echarts.getInstanceByDom(el);
		if (!inst) return;
		const want = new Set();
		(inst.getOption().series || []).filter(s => s.stack === 'w').forEach(s => (s.data || []).forEach(d => { if (d && d.label && d.label.formatter) want.add(d.label.formatter); }));
		if (!want.size) return;
		const at = r(el), figs = texts(el).filter(t => want.has(t.text));
		// The table is in the chart's figure (a page's, folded for the
		// screen) or right after it (the handout's).
		const fig = el.closest('figure'), next = fig && fig.nextElementSibling;
		const table = fig && (fig.querySelector('table') || (next && next.matches('table') ? next : null));
		check('figures', figs.length > 0 || (table && r(table).height > 0), el.id + ': its figures are neither over its bars nor in a table under it');
		figs.forEach((f, i) => {
			const b = f.box;
			check('figures', b.left >= at.left - 1 && b.right <= at.right + 1 && b.top >= at.top - 1 && b.bottom <= at.bottom + 1, el.id + ': "' + f.text + '" runs out of the chart');
			figs.slice(i + 1).forEach(g => check('figures', !overlap(b, g.box), el.id + ': "' + f.text + '" and "' + g.text + '" overlap'));
		});
	});

	// Ratio charts: each figure stands in the column on its bar's line,
	// crossed by neither the 100% line nor an expected-by-now tick; the
	// names beside the bars keep apart.
	document.querySelectorAll('.chart-canvas').forEach(el => {
		const inst = window.echarts && echarts.getInstanceByDom(el);
		if (!inst) return;
		const opt = inst.getOption();
		const col = (opt.series || []).findIndex(s => s.id === 'labels');
		if (col < 0) return;
		const at = r(el), px = (s, v) => { const p = inst.convertToPixel({ seriesIndex: s }, v); return [p[0] + at.left, p[1] + at.top]; };
		const hundred = px(0, [1, 0])[0];
		const labels = texts(el).filter(t => /[●▲▼★✕○]/.test(t.text));
		const names = texts(el).filter(t => t.box.right <= px(0, [0, 0])[0] + 1);
		check('column', labels.length === opt.series[col].data.length, el.id + ': ' + labels.length + ' figures for ' + opt.series[col].data.length + ' bars');
		labels.forEach((l, i) => {
			const b = l.box;
			check('column', !(b.left < hundred && hundred < b.right), el.id + ': the 100% line crosses "' + l.text + '"');
			// On its bar's line: within half the distance between bars.
			const bar = px(0, [0, i])[1], half = Math.abs(px(0, [0, 1])[1] - px(0, [0, 0])[1]) / 2 || 16;
			check('column', Math.abs((b.top + b.bottom) / 2 - bar) <= half, el.id + ': "' + l.text + '" is not on the line of its bar');
			check('column', b.right <= at.right + 1, el.id + ': "' + l.text + '" runs out of the chart');
			const tick = opt.series.findIndex(s => s.type === 'scatter' && s.id !== 'labels');
			if (tick >= 0) {
				const v = opt.series[tick].data[i], x = v && v.value ? v.value[0] : null;
				if (x !== null && x !== undefined) {
					const c = px(tick, [x, i]);
					check('column', !overlap(b, { left: c[0] - 2, right: c[0] + 2, top: c[1] - 13, bottom: c[1] + 13 }), el.id + ': the tick crosses "' + l.text + '"');
				}
			}
		});
		names.sort((a, b) => a.box.top - b.box.top);
		for (let i = 1; i < names.length; i++) check('names', names[i - 1].box.bottom <= names[i].box.top + 0.5, el.id + ': "' + names[i - 1].text + '" and "' + names[i].text + '" overlap');
		names.forEach(n => check('names', n.box.left >= at.left - 1, el.id + ': "' + n.text + '" starts left of the chart'));
	});
	return { checked, problems };
})()`

// TestLayout opens the pages that hold what goes wrong first at one
// width or another (a table on a Markdown page, the overview's pace
// chart, a plan's attainment chart, a strategy's breakdowns and the
// handout) and checks, as measureLayout measures them:
//   - no page is wider than the screen; a table on a Markdown page has
//     the content's whole width, and is as wide as its card on a desktop
//     screen and on paper (it scrolls inside the card only on a phone);
//   - labels in a row (an axis) never overlap, and a breakdown's value
//     axis is written short (100K, 100 Tsd. €), not 100.000 €;
//   - a waterfall's figures keep apart and inside the chart;
//   - each figure of a ratio chart stands on its bar's line, crossed by
//     neither the 100% line nor the expected-by-now tick, inside the
//     chart; the names beside the bars keep apart.
func TestLayout(t *testing.T) {
	pages := []struct {
		page string
		want []string // checks the page must have made
	}{
		{"review.html", []string{"table-card"}},
		{"index.html", []string{"column", "names"}},
		{"plans/fy2027-emea.html", []string{"column"}},
		{"strategies/dach-enterprise.html", []string{"labels", "axis-short", "figures"}},
		// Its breakdowns run to hundreds of thousands: 100 Tsd. € in German;
		// its bridge has eleven bars.
		{"strategies/france-partner-reset.html", []string{"labels", "axis-short", "figures"}},
		{"handout.html", []string{"column", "figures"}},
	}
	for _, loc := range []struct{ locale, currency string }{{"en-US", "USD"}, {"de-DE", "EUR"}} {
		t.Run(loc.locale, func(t *testing.T) {
			out := layoutSite(t, loc.locale, loc.currency)
			for _, v := range views() {
				t.Run(v.name, func(t *testing.T) {
					ctx := chromium(t)
					for _, p := range pages {
						if p.page == "handout.html" && v.name == "phone" {
							continue // paper first; its charts are drawn at the paper's size
						}
						name := fmt.Sprintf("%s-%s-%s", loc.locale, v.name, strings.NewReplacer("/", "-", ".html", "").Replace(p.page))
						rep := look[layoutReport](t, ctx, v, filepath.Join(out, p.page), name, measureLayout)
						for _, prob := range rep.Problems {
							t.Errorf("%s: %s", name, prob)
						}
						for _, w := range p.want {
							if rep.Checked[w] == 0 {
								t.Errorf("%s: nothing to check for %s", name, w)
							}
						}
						if v.print {
							wantTablePrint := p.page == "review.html"
							if wantTablePrint && rep.Checked["table-print"] == 0 {
								t.Errorf("%s: the table was not checked on paper", name)
							}
						}
					}
				})
			}
		})
	}
}
