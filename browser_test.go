package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"salesdeck/internal/app/browser"
)

// chromium returns a browser context, skipping the test when no Chromium
// is installed, except under CI, where a missing browser is a failure.
func chromium(t *testing.T) context.Context {
	t.Helper()
	path, err := browser.Find()
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("browser test under CI: %v", err)
		}
		t.Skip(err)
	}
	ctx, cancel := browser.Start(context.Background(), path)
	t.Cleanup(cancel)
	ctx, cancelT := context.WithTimeout(ctx, 2*time.Minute)
	t.Cleanup(cancelT)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting %s: %v", path, err)
	}
	return ctx
}

// pageReport is what a page did in the browser.
type pageReport struct {
	errors   []string
	charts   int // chart containers
	rendered int // containers holding a drawn chart
}

// inTab runs fn in a new tab of the browser and returns, with fn's
// error, the console errors and warnings and the uncaught exceptions of
// the page.
func inTab(ctx context.Context, fn func(tab context.Context) error) ([]string, error) {
	tab, cancel := chromedp.NewContext(ctx)
	defer cancel()
	var problems []string
	messages := chromedp.Console(tab)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for m, err := range messages {
			if err != nil {
				return
			}
			if m.IsException() || m.Type == chromedp.ConsoleType("error") || m.Type == chromedp.ConsoleType("warning") {
				problems = append(problems, fmt.Sprintf("%s: %s (%s:%d)", m.Type, m.Text, m.URL, m.Line+1))
			}
		}
	}()
	err := fn(tab)
	// Let late messages (a failed image, an error in a timer) arrive.
	time.Sleep(100 * time.Millisecond)
	cancel()
	<-done
	return problems, err
}

// visit opens url in a new tab, scrolls every chart into view (they are
// drawn lazily) and reports console errors, failed loads and charts.
func visit(ctx context.Context, url string) (pageReport, error) {
	const scroll = `(async () => {
		for (const el of document.querySelectorAll('.chart-canvas')) {
			el.scrollIntoView();
			await new Promise(r => requestAnimationFrame(() => setTimeout(r, 20)));
		}
		return true;
	})()`
	const count = `[document.querySelectorAll('.chart-canvas').length,
		[...document.querySelectorAll('.chart-canvas')].filter(el => el.querySelector('svg path, svg text')).length]`
	var rep pageReport
	var err error
	rep.errors, err = inTab(ctx, func(tab context.Context) error {
		err := chromedp.Do(tab,
			chromedp.Navigate(url),
			chromedp.WaitReady("body"),
			func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
				_, err := chromedp.Evaluate[bool](scroll, chromedp.EvalAwaitPromise)(ctx, t)
				return chromedp.Void{}, err
			},
			func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
				_, err := chromedp.Poll[bool](count+`.every((n, i, a) => a[0] === a[1])`, chromedp.WithPollingTimeout(10*time.Second))(ctx, t)
				return chromedp.Void{}, err
			},
		)
		if err != nil {
			return err
		}
		counts, err := chromedp.Run(tab, chromedp.Evaluate[[]int](count))
		if len(counts) == 2 {
			rep.charts, rep.rendered = counts[0], counts[1]
		}
		return err
	})
	return rep, err
}

// builtPages runs salesdeck with args and -out into a temporary folder, and
// returns the folder and its HTML pages in name order.
func builtPages(t *testing.T, args ...string) (string, []string) {
	t.Helper()
	out := t.TempDir()
	if code, _, stderr := salesdeck(t, append(args, "-out", out)...); code != 0 {
		t.Fatalf("build exited %d:\n%s", code, stderr)
	}
	var pages []string
	for name := range tree(t, out) {
		if strings.HasSuffix(name, ".html") {
			pages = append(pages, name)
		}
	}
	slices.Sort(pages)
	return out, pages
}

// Every page of the example site, opened from file:// in Chromium, loads
// without a console error or failed request and draws all its charts.
func TestExampleSiteInChromium(t *testing.T) {
	ctx := chromium(t)
	out, pages := builtPages(t, "build")
	total := 0
	for _, name := range pages {
		t.Run(name, func(t *testing.T) {
			rep, err := visit(ctx, "file://"+filepath.Join(out, filepath.FromSlash(name)))
			if err != nil {
				t.Fatalf("%v (errors: %v)", err, rep.errors)
			}
			for _, e := range rep.errors {
				t.Error(e)
			}
			if rep.rendered != rep.charts {
				t.Errorf("%d of %d charts drawn", rep.rendered, rep.charts)
			}
			if (strings.HasPrefix(name, "strategies/") || strings.HasPrefix(name, "plans/") || name == "index.html") && rep.charts == 0 {
				t.Errorf("no chart on a page that must have one")
			}
			total += rep.charts
		})
	}
	t.Logf("%d pages, %d charts drawn", len(pages), total)
}
