// Package serve is `salesdeck serve`: it builds a site in memory, serves
// it over HTTP, watches the site's inputs (content/, data/, templates/,
// static/ and its settings file, site.yaml or the one chosen) and
// rebuilds when they change, and tells the pages open in browsers to
// reload, through server-sent events.
//
// The reload script and, while the inputs are broken, an overlay listing
// the problems are added to pages as they are served; neither is ever part
// of a build, and serve writes nothing to disk, public/ included. A build
// that fails keeps the last good site on show, under the overlay, and the
// pages reload again once the inputs are fixed. A rebuild redoes only
// what the change touched: sales data, plans, results and pages it left
// as they were come from a build.Cache.
//
// At InspectURL it shows what salesdeck reads in the sales data, as
// salesdeck inspect prints it (package inspect lays it out).
//
// The package knows how to run a build (package build) but nothing of
// what a build reads or writes; it does not print: callers see each
// build through Options.OnBuild.
package serve

import (
	"context"
	"errors"
	"fmt"
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
	// Timeout is how long a build may take before it is abandoned (see
	// Build). Default DefaultTimeout.
	Timeout time.Duration
	// MaxStreams is how many reload event streams may be open at once;
	// more are refused with 503. Default DefaultMaxStreams.
	MaxStreams int
	// Refresh, when more than 0, reads the sales data again this often
	// and rebuilds: a database's rows change without a file changing.
	Refresh time.Duration
	// Refreshes, when set, asks for the same whenever it receives (a key
	// pressed in the terminal).
	Refreshes <-chan struct{}
}

// Defaults of Options.
const (
	DefaultTimeout    = 60 * time.Second
	DefaultMaxStreams = 256
)

// TimeoutError is the error of a build abandoned at its deadline.
type TimeoutError struct{ Timeout time.Duration }

func (e *TimeoutError) Error() string {
	return fmt.Sprintf("the build took longer than %v and was abandoned: does a template loop for ever "+
		"({{range}} over a huge list, a template that calls itself)? Fix it and save; the next change builds again "+
		"(raise the limit with -timeout if the site is just that large, or its database source takes that long to answer)", e.Timeout)
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
	hosts map[string]bool // the Host names requests may use; nil lets any through
}

// New returns a server for opt's site; it has built nothing yet.
func New(opt Options) *Server {
	if opt.Build.Cache == nil {
		opt.Build.Cache = &build.Cache{}
	}
	if opt.Debounce <= 0 {
		opt.Debounce = 200 * time.Millisecond
	}
	if opt.Timeout <= 0 {
		opt.Timeout = DefaultTimeout
	}
	if opt.MaxStreams <= 0 {
		opt.MaxStreams = DefaultMaxStreams
	}
	return &Server{opt: opt, start: time.Now(), hub: newHub(opt.MaxStreams)}
}

// Build builds the site. When it succeeds its pages replace those being
// served; when it fails the last good ones stay, shown under the errors.
// Either way open pages are told to reload.
//
// A build that takes longer than Options.Timeout is abandoned, as failed
// with a *TimeoutError, so that the next change builds again: Go cannot
// stop it, but its templates stop at their next write (render's
// deadline), and it keeps the Cache it had, for the next build gets a new
// one. When ctx ends first Build returns ctx's error at once and changes
// nothing.
func (s *Server) Build(ctx context.Context) error {
	s.buildMu.Lock()
	defer s.buildMu.Unlock()
	opt := s.opt.Build
	opt.Deadline = time.Now().Add(s.opt.Timeout)
	opt.Context = ctx
	type result struct {
		files map[string][]byte
		rep   *build.Report
		err   error
	}
	done := make(chan result, 1)
	go func() {
		files, rep, err := build.Files(opt)
		done <- result{files, rep, err}
	}()
	timer := time.NewTimer(s.opt.Timeout)
	defer timer.Stop()
	var res result
	select {
	case res = <-done:
		if res.err != nil && time.Now().After(opt.Deadline) {
			// Stopped by its deadline (templates stop writing then)
			// just before the timer: the same abandoned build.
			s.opt.Build.Cache = &build.Cache{}
			res.err = &TimeoutError{s.opt.Timeout}
		}
	case <-timer.C:
		s.opt.Build.Cache = &build.Cache{}
		res = result{rep: &build.Report{}, err: &TimeoutError{s.opt.Timeout}}
	case <-ctx.Done():
		s.opt.Build.Cache = &build.Cache{}
		return ctx.Err()
	}
	files, rep, err := res.files, res.rep, res.err
	if rep == nil {
		rep = &build.Report{}
	}
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

// Refresh builds the site with its sales data read again, for a database
// source whose rows have changed (Options.Refresh).
func (s *Server) Refresh(ctx context.Context) error {
	s.buildMu.Lock()
	c := s.opt.Build.Cache
	s.buildMu.Unlock()
	c.Refresh()
	return s.Build(ctx)
}

// refreshes calls Refresh every Options.Refresh and on every
// Options.Refreshes until ctx is done.
func (s *Server) refreshes(ctx context.Context) {
	var tick <-chan time.Time
	if s.opt.Refresh > 0 {
		t := time.NewTicker(s.opt.Refresh)
		defer t.Stop()
		tick = t.C
	}
	asked := s.opt.Refreshes
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick:
		case _, ok := <-asked:
			if !ok {
				asked = nil
				continue
			}
		}
		_ = s.Refresh(ctx)
	}
}

// Run listens on opt.Addr, builds the site, serves it and rebuilds on
// every change until ctx is done. ready is called with the site's URL once
// the server is listening and watching, after the first build.
func Run(ctx context.Context, opt Options, ready func(url string)) error {
	s := New(opt)
	w, err := newWatcher(s.opt.Build.Src, build.OutDir(s.opt.Build), s.opt.Build.Config)
	if err != nil {
		return err
	}
	defer w.close()
	ln, err := net.Listen("tcp", s.opt.Addr)
	if err != nil {
		return err
	}
	s.hosts = hostNames(s.opt.Addr)
	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	srv.RegisterOnShutdown(s.hub.close)
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	_ = s.Build(ctx) // a broken site is served as its errors until fixed
	if ready != nil && ctx.Err() == nil {
		ready("http://" + ln.Addr().String() + "/")
	}
	watched := make(chan struct{})
	go func() {
		defer close(watched)
		w.run(ctx, s.opt.Debounce, func() { _ = s.Build(ctx) }, s.opt.OnWatchError)
	}()
	rctx, stopRefreshes := context.WithCancel(ctx)
	refreshed := make(chan struct{})
	go func() {
		defer close(refreshed)
		s.refreshes(rctx)
	}()
	defer func() {
		stopRefreshes()
		<-refreshed
	}()
	select {
	case <-ctx.Done():
	case err = <-served:
	}
	// Open pages hold event streams, which the hub ends at once; a client
	// that does not let go is cut off, so that a stop is quick (Ctrl+C, or
	// a service manager's SIGTERM).
	shut, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	if srv.Shutdown(shut) != nil {
		_ = srv.Close()
	}
	w.close()
	<-watched
	if err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
