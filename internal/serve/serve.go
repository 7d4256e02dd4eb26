// Package serve is `salesdeck serve`: it builds a site in memory, serves
// it over HTTP, watches the site's inputs (content/, data/, templates/,
// static/ and site.yaml) and rebuilds when they change, and tells the
// pages open in browsers to reload, through server-sent events.
//
// The reload script and, while the inputs are broken, an overlay listing
// the problems are added to pages as they are served; neither is ever part
// of a build, and serve writes nothing to disk, public/ included. A build
// that fails keeps the last good site on show, under the overlay, and the
// pages reload again once the inputs are fixed. A rebuild redoes only
// what the change touched: sales data, plans, results and pages it left
// as they were come from a build.Cache.
//
// The package knows how to run a build (package build) but nothing of
// what a build reads or writes; it does not print: callers see each
// build through Options.OnBuild.
package serve

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"

	"salesdeck/internal/build"
)

// Options configure a server.
type Options struct {
	Build build.Options // the site; Build.Cache is set when nil
	Addr  string        // host:port to listen on; ":0" picks a free port
	// Debounce is how long the inputs must stay quiet before a rebuild, so
	// that an editor's burst of writes (or a copied folder) makes one
	// build. Default 200ms.
	Debounce time.Duration
	// OnBuild, when set, is called after every build with its report and
	// error (nil when it succeeded).
	OnBuild func(*build.Report, error)
	// OnWatchError, when set, receives problems of the file watcher.
	OnWatchError func(error)
}

// Server holds the last good build of a site and serves it.
type Server struct {
	opt     Options
	buildMu sync.Mutex // one build at a time

	mu    sync.RWMutex
	site  map[string][]byte // the last good build; nil before the first
	fails string            // the last build's problems; "" when it succeeded
	gen   string            // names the current state, for reloads

	start time.Time
	n     int
	hub   *hub
}

// New returns a server for opt's site; it has built nothing yet.
func New(opt Options) *Server {
	if opt.Build.Cache == nil {
		opt.Build.Cache = &build.Cache{}
	}
	if opt.Debounce <= 0 {
		opt.Debounce = 200 * time.Millisecond
	}
	return &Server{opt: opt, start: time.Now(), hub: newHub()}
}

// Build builds the site. When it succeeds its pages replace those being
// served; when it fails the last good ones stay, shown under the errors.
// Either way open pages are told to reload.
func (s *Server) Build() error {
	s.buildMu.Lock()
	defer s.buildMu.Unlock()
	files, rep, err := build.Files(s.opt.Build)
	s.mu.Lock()
	s.n++
	// The start time tells a page served before a restart of salesdeck
	// serve from one served after it.
	s.gen = s.start.Format("150405.000") + "-" + strconv.Itoa(s.n)
	if err == nil {
		s.site, s.fails = files, ""
	} else {
		s.fails = err.Error()
	}
	s.mu.Unlock()
	s.hub.broadcast()
	if s.opt.OnBuild != nil {
		s.opt.OnBuild(rep, err)
	}
	return err
}

// Run listens on opt.Addr, builds the site, serves it and rebuilds on
// every change until ctx is done. ready is called with the site's URL once
// the server is listening and watching, after the first build.
func Run(ctx context.Context, opt Options, ready func(url string)) error {
	s := New(opt)
	w, err := newWatcher(s.opt.Build.Src, build.OutDir(s.opt.Build))
	if err != nil {
		return err
	}
	defer w.close()
	ln, err := net.Listen("tcp", s.opt.Addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	srv.RegisterOnShutdown(s.hub.close)
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	_ = s.Build() // a broken site is served as its errors until fixed
	if ready != nil {
		ready("http://" + ln.Addr().String() + "/")
	}
	watched := make(chan struct{})
	go func() {
		defer close(watched)
		w.run(ctx, s.opt.Debounce, func() { _ = s.Build() }, s.opt.OnWatchError)
	}()
	select {
	case <-ctx.Done():
	case err = <-served:
	}
	shut, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	_ = srv.Shutdown(shut)
	w.close()
	<-watched
	if err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
