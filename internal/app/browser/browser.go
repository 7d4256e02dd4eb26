// Package browser finds the system's Chromium and starts it headless
// through chromedp, with the flags that keep it quiet and self-contained
// (no sandbox when run as root, no background network traffic). It is used
// by the browser tests and by commands that print pages; it knows nothing
// of sites or pages.
package browser

import (
	"context"
	"errors"
	"os"
	"os/exec"

	"github.com/chromedp/chromedp"
)

// Names are the executables looked for on PATH, in order.
var names = []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome"}

// ErrNotFound says no Chromium could be found; its text tells the reader
// how to install one.
var ErrNotFound = errors.New("no Chromium found: install it (Debian/Ubuntu: apt-get install chromium; macOS: brew install --cask chromium) or set SALESDECK_CHROME to its path")

// Find returns the path of the Chromium to use: $SALESDECK_CHROME when
// set, else the first of the usual names on PATH.
func Find() (string, error) {
	if p := os.Getenv("SALESDECK_CHROME"); p != "" {
		if _, err := os.Stat(p); err != nil {
			return "", errors.New("SALESDECK_CHROME: " + err.Error())
		}
		return p, nil
	}
	for _, n := range names {
		if p, err := exec.LookPath(n); err == nil {
			return p, nil
		}
	}
	return "", ErrNotFound
}

// Start launches headless Chromium at path and returns a context for
// chromedp actions; cancel stops the browser, waits for it to end and
// removes its profile (one chromedp made; a profile given with
// chromedp.UserDataDir in more is the caller's to remove).
func Start(ctx context.Context, path string, more ...chromedp.ExecAllocatorOption) (context.Context, context.CancelFunc) {
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		// file:// pages may read sibling files (the site's own assets).
		chromedp.Flag("allow-file-access-from-files", true),
	)
	opts = append(opts, more...)
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	bctx, cancelBrowser := chromedp.NewContext(actx)
	return bctx, func() { cancelBrowser(); cancelAlloc() }
}
