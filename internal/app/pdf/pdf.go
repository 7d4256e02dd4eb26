// Package pdf prints pages of a built site to PDF with the system's
// Chromium, headless, through chromedp: `salesdeck pdf` uses it for the
// board handout. File prints one page, waiting until every chart of it
// has been drawn (salesdeck.js marks the page when they are), so a PDF
// never catches a half-drawn chart. Handout builds a site into a
// temporary folder and prints its handout.html; the site's public/ is
// left as it is.
package pdf

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"time"

	"github.com/chromedp/chromedp"

	"salesdeck/internal/app/browser"
	"salesdeck/internal/build"
)

// ready is true once the page has loaded and, on a page drawn for paper
// (data-charts="fixed": the handout), every chart has been drawn:
// salesdeck.js then sets data-charts-ready on <html>. Other pages draw
// their charts as they scroll into view, and all of them on beforeprint,
// which Chromium fires when it prints.
const ready = `document.readyState === "complete" &&
	(document.documentElement.dataset.charts !== "fixed" || document.querySelector(".chart-canvas") === null ||
	 document.documentElement.dataset.chartsReady === "true")`

// Options say how to print.
type Options struct {
	// Chrome is the browser's executable; "" finds one (browser.Find).
	Chrome string
	// Timeout bounds starting Chromium, loading the page, drawing its
	// charts and printing it; 0 means DefaultTimeout.
	Timeout time.Duration
	// TempDir, when set, is an existing folder for Chromium's temporary
	// files, which the caller removes: a Chromium killed on a signal
	// cannot remove its own. By default they go to the system's temporary
	// folder. Chromium's profile is chromedp's, which removes it when the
	// browser has stopped, with any of its processes left.
	TempDir string
}

// DefaultTimeout bounds a print when Options.Timeout is 0.
const DefaultTimeout = 2 * time.Minute

// File prints the HTML file at path, as Chromium's print dialog would with
// "background graphics" on and the paper size taken from the page's CSS
// @page rule, and returns the PDF.
func File(ctx context.Context, path string, opt Options) ([]byte, error) {
	chrome := opt.Chrome
	if chrome == "" {
		var err error
		if chrome, err = browser.Find(); err != nil {
			return nil, err
		}
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}

	timeout := opt.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	deadline := time.Now().Add(timeout)
	var more []chromedp.ExecAllocatorOption
	if opt.TempDir != "" {
		more = append(more, chromedp.Env("TMPDIR="+opt.TempDir))
	}
	sctx, kill := context.WithCancel(ctx)
	defer kill()
	bctx, cancel := browser.Start(sctx, chrome, more...)
	// The first run starts the browser, which must outlive the timeout's
	// context (see chromedp.Run), so it runs without one, and the
	// deadline is watched beside it: a Chromium that hangs as it starts
	// never answers.
	started := make(chan error, 1)
	go func() { started <- chromedp.Do(bctx) }()
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	select {
	case err := <-started:
		defer func() { stop(ctx, kill, cancel, nil) }()
		if err != nil {
			return nil, fmt.Errorf("starting %s: %w", chrome, err)
		}
	case <-timer.C:
		kill()
		stop(ctx, kill, cancel, started)
		return nil, fmt.Errorf("%s did not start within %v: is it hung? Check that it runs (%s --headless --version), "+
			"or set SALESDECK_CHROME to another Chromium", chrome, timeout, chrome)
	case <-ctx.Done():
		stop(ctx, kill, cancel, started)
		return nil, ctx.Err()
	}
	tctx, cancelT := context.WithDeadline(bctx, deadline)
	defer cancelT()
	return printPage(tctx, u, path, timeout)
}

// printPage opens the page at u in the started browser, waits until it is
// ready to print (ready) and prints it; path names the page in errors.
func printPage(ctx context.Context, u url.URL, path string, timeout time.Duration) ([]byte, error) {
	if err := chromedp.Do(ctx, chromedp.Navigate(u.String())); err != nil {
		return nil, fmt.Errorf("opening %s: %w", path, err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](ready, chromedp.WithPollingTimeout(timeout), chromedp.WithPollingInterval(50*time.Millisecond))); err != nil {
		return nil, fmt.Errorf("%s: its charts were not all drawn within %v (is assets/echarts.min.js there?): %w", path, timeout, err)
	}
	b, err := chromedp.Run(ctx, chromedp.PrintToPDF(
		chromedp.PDFPreferCSSPageSize(),
		chromedp.PDFPrintBackground(),
		chromedp.PDFOutlineAndTagged(),
		chromedp.PDFStream(),
	))
	if err != nil {
		return nil, fmt.Errorf("printing %s: %w", path, err)
	}
	return b, nil
}

// stop stops Chromium (cancel of browser.Start) and waits for chromedp to
// have removed its profile, for stopWait at most: after a signal (ctx)
// the command has two seconds, and chromedp could wait for ever for a
// browser that is not killed. After a signal, or when cancel does not
// return in time, kill kills the browser at once. A browser still
// starting (started, not yet received from) is removed by the run that
// starts it, which stop waits for too.
func stop(ctx context.Context, kill, cancel context.CancelFunc, started <-chan error) {
	if ctx.Err() != nil {
		kill()
	}
	done := make(chan struct{})
	go func() {
		cancel()
		if started != nil {
			<-started
		}
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(stopWait / 2):
		kill()
		select {
		case <-done:
		case <-time.After(stopWait / 2):
		}
	}
}

// Result tells what Handout did.
type Result struct {
	Report *build.Report // the build's; never nil
	File   string        // the PDF written
	Pages  int           // pages in the PDF; 0 when they could not be counted
	Size   int           // bytes
}

// stopWait is how long Handout waits for a build it no longer needs to end
// before it removes the build's folder: within the two seconds a stopped
// command has.
const stopWait = time.Second

// DefaultFile is the PDF's name in the site folder when no file is given.
const DefaultFile = "handout.pdf"

// Handout builds the site of opt (its Out is ignored) into a temporary
// folder, prints its handout.html and writes the PDF to file, by default
// handout.pdf in the site folder. It looks for Chromium first, so a
// machine without one fails at once (browser.ErrNotFound) rather than
// after the build. A file is written whole or not at all.
func Handout(ctx context.Context, opt build.Options, file string, popt Options) (*Result, error) {
	start := time.Now()
	res := &Result{Report: &build.Report{}, File: file}
	if res.File == "" {
		res.File = filepath.Join(opt.Src, DefaultFile)
	}
	// Say so before a build and a print that would be thrown away.
	if dir := filepath.Dir(res.File); !isDir(dir) {
		return res, fmt.Errorf("cannot write %s: the folder %s does not exist; create it or choose another -o", res.File, dir)
	}
	if popt.Chrome == "" {
		var err error
		if popt.Chrome, err = browser.Find(); err != nil {
			return res, err
		}
	}
	// A temporary folder holds the site, another Chromium's temporary
	// files, so that their removal leaves nothing behind, after a signal
	// too (ctx).
	tmp, err := os.MkdirTemp("", "salesdeck-pdf-")
	if err != nil {
		return res, err
	}
	defer removeAll(tmp)
	opt.Out = filepath.Join(tmp, "public")
	if popt.TempDir, err = chromiumTemp(); err != nil {
		return res, err
	}
	if popt.TempDir != "" {
		defer removeAll(popt.TempDir)
	}
	rep, err := buildSite(ctx, opt)
	if rep != nil {
		res.Report = rep
	}
	if err != nil {
		return res, err
	}
	b, err := File(ctx, filepath.Join(opt.Out, "handout.html"), popt)
	if err != nil {
		return res, err
	}
	if err := writeFile(res.File, b); err != nil {
		return res, err
	}
	res.Pages, res.Size = countPages(b), len(b)
	res.Report.Elapsed = time.Since(start)
	return res, nil
}

// buildSite builds the site of opt, or gives up when ctx is done. The
// build cannot be stopped: then it is given a moment to end, so that it
// does not write into the folder as the caller removes it.
func buildSite(ctx context.Context, opt build.Options) (*build.Report, error) {
	type built struct {
		rep *build.Report
		err error
	}
	done := make(chan built, 1)
	go func() {
		rep, err := build.Build(opt)
		done <- built{rep, err}
	}()
	select {
	case b := <-done:
		return b.rep, b.err
	case <-ctx.Done():
		select {
		case <-done:
		case <-time.After(stopWait):
		}
		return nil, ctx.Err()
	}
}

// chromiumTemp makes a folder for Chromium's temporary files, or returns
// "" where its path would be too long: Chromium puts a socket in it, at
// org.chromium.Chromium.XXXXXX/SingletonSocket, and fails to start when
// that path is longer than a socket's may be (104 bytes on macOS).
func chromiumTemp() (string, error) {
	dir, err := os.MkdirTemp("", "sdc")
	if err != nil {
		return "", err
	}
	if len(dir)+len("/org.chromium.Chromium.XXXXXX/SingletonSocket") > 100 {
		os.Remove(dir)
		return "", nil
	}
	return dir, nil
}

// removeAll removes dir and what is in it. The processes of a Chromium
// that was just killed may still write in it for a moment, so it tries
// again for up to a second while dir is not empty.
func removeAll(dir string) {
	for end := time.Now().Add(stopWait / 4); ; time.Sleep(20 * time.Millisecond) {
		if err := os.RemoveAll(dir); err == nil || time.Now().After(end) {
			return
		}
	}
}

// writeFile writes b to name through a temporary file in the same folder,
// so a reader (or a PDF viewer holding it open) never sees half a file.
func writeFile(name string, b []byte) error {
	f, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".*")
	if err != nil {
		return err
	}
	_, err = f.Write(b)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(f.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(f.Name(), name)
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}

// pageObject matches a page object of the PDFs Chromium writes, whose
// page dictionaries are not compressed.
var pageObject = regexp.MustCompile(`/Type\s*/Page\b`)

// countPages counts the pages of a PDF Chromium wrote, for the summary
// line.
func countPages(b []byte) int {
	if !bytes.HasPrefix(b, []byte("%PDF-")) {
		return 0
	}
	return len(pageObject.FindAllIndex(b, -1))
}

func isDir(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}
