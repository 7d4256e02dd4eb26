package build

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"salesdeck/internal/app/browser"
)

// usableJS waits until the page is usable and returns when that was, in
// milliseconds since navigation started: loaded, every chart in the first
// screen drawn, and the main thread free again (a task posted then runs,
// and a frame is painted).
const usableJS = `(async () => {
	if (document.readyState !== 'complete') await new Promise(r => addEventListener('load', r));
	const inView = [...document.querySelectorAll('.chart-canvas')].filter(el => {
		const b = el.getBoundingClientRect();
		return b.top < innerHeight && b.bottom > 0;
	});
	while (!inView.every(el => el.querySelector('svg path, svg text'))) await new Promise(r => setTimeout(r, 5));
	await new Promise(r => setTimeout(r, 0));
	await new Promise(r => requestAnimationFrame(() => r()));
	const nav = performance.getEntriesByType('navigation')[0];
	return [nav.domContentLoadedEventEnd, nav.loadEventEnd, performance.now(), inView.length, document.querySelectorAll('*').length];
})()`

// BenchmarkOverviewInChromium opens the overview of a built site from
// file:// in headless Chromium and reports when it became usable (see
// usableJS). Skipped when no Chromium is installed.
func BenchmarkOverviewInChromium(b *testing.B) {
	path, err := browser.Find()
	if err != nil {
		b.Skip(err)
	}
	for _, sz := range []struct{ rows, strategies int }{{1_000_000, 10}, {1_000_000, 1000}} {
		b.Run(name(sz.rows, sz.strategies), func(b *testing.B) {
			out := filepath.Join(b.TempDir(), "public")
			if _, err := Build(Options{Src: benchSite(b, sz.rows, sz.strategies), Out: out}); err != nil {
				b.Fatal(err)
			}
			ctx, cancel := browser.Start(context.Background(), path)
			defer cancel()
			if err := chromedp.Do(ctx); err != nil {
				b.Fatal(err)
			}
			var dcl, load, usable float64
			for b.Loop() {
				tab, cancelTab := chromedp.NewContext(ctx)
				tctx, cancelT := context.WithTimeout(tab, time.Minute)
				var got []float64
				err := chromedp.Do(tctx, chromedp.Navigate("file://"+filepath.Join(out, "index.html")),
					func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
						var err error
						got, err = chromedp.Evaluate[[]float64](usableJS, chromedp.EvalAwaitPromise)(ctx, t)
						return chromedp.Void{}, err
					})
				cancelT()
				cancelTab()
				if err != nil {
					b.Fatal(err)
				}
				dcl, load, usable = dcl+got[0], load+got[1], usable+got[2]
			}
			n := float64(b.N)
			b.ReportMetric(dcl/n, "dcl-ms")
			b.ReportMetric(load/n, "load-ms")
			b.ReportMetric(usable/n, "usable-ms")
		})
	}
}
