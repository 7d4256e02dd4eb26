package serve

import (
	"bytes"
	"fmt"
	"html"
	"mime"
	"net"
	"net/http"
	"os"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"

	"salesdeck/internal/app/inspect"
	"salesdeck/internal/build"
)

// The server's own URLs sit under a folder no site can have: page paths
// hold no "_" at their start (package pages), generated ones neither.
const (
	eventsURL = "/_salesdeck/events"
	scriptURL = "/_salesdeck/reload.js"
	// InspectURL is the page that shows what salesdeck reads in the
	// sales data, as salesdeck inspect prints it.
	InspectURL = "/_salesdeck/inspect"
)

// reloadScript reloads the page when the server says the site changed. It
// compares the state it was served in (data-gen) with the server's at
// every (re)connection, so a rebuild between loading the page and opening
// the event stream, or a restart of the server, is not missed.
const reloadScript = `(function () {
  'use strict';
  var me = document.currentScript;
  var gen = me && me.getAttribute('data-gen');
  if (typeof EventSource === 'undefined') return;
  var events = new EventSource('` + eventsURL + `');
  events.addEventListener('hello', function (e) { if (gen && e.data !== gen) location.reload(); });
  events.addEventListener('reload', function () { location.reload(); });
})();
`

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !s.hostAllowed(r.Host) {
		// A page of another site whose name was made to point at this
		// machine (DNS rebinding) would otherwise read the site.
		http.Error(w, "salesdeck serve does not answer to the name "+strconv.Quote(r.Host)+
			"; open it as http://localhost or by its IP address, or start serve with -addr NAME:PORT to use that name", http.StatusMisdirectedRequest)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	switch r.URL.Path {
	case eventsURL:
		s.events(w, r)
		return
	case scriptURL:
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		_, _ = w.Write([]byte(reloadScript))
		return
	case InspectURL:
		s.inspect(w)
		return
	}
	name := strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")
	if name == "" || strings.HasSuffix(r.URL.Path, "/") {
		name = path.Join(name, "index.html")
	}
	s.mu.RLock()
	site, fails, gen := s.site, s.fails, s.gen
	s.mu.RUnlock()
	w.Header().Set("Cache-Control", "no-store")
	b, ok := site[name]
	switch {
	case site == nil:
		// No build has succeeded yet: there is only the errors to show.
		s.page(w, http.StatusInternalServerError, "The site does not build yet", fails, gen)
		return
	case !ok:
		s.page(w, http.StatusNotFound, "Not found", "No page "+name+" in the site.", gen)
		return
	}
	ctype := mime.TypeByExtension(path.Ext(name))
	if ctype == "" {
		ctype = http.DetectContentType(b)
	}
	w.Header().Set("Content-Type", ctype)
	if path.Ext(name) == ".html" {
		b = inject(b, fails, gen)
	}
	_, _ = w.Write(b)
}

// inject adds the reload script, and the overlay when the last build
// failed, at the end of a page's body.
func inject(page []byte, fails, gen string) []byte {
	var add bytes.Buffer
	if fails != "" {
		add.WriteString(overlay(fails))
	}
	fmt.Fprintf(&add, `<script src="%s" data-gen="%s"></script>`+"\n", scriptURL, html.EscapeString(gen))
	i := bytes.LastIndex(page, []byte("</body>"))
	if i < 0 {
		i = len(page)
	}
	out := make([]byte, 0, len(page)+add.Len())
	out = append(out, page[:i]...)
	out = append(out, add.Bytes()...)
	return append(out, page[i:]...)
}

// overlay shows the problems of the last build over the last good page.
// Its style is inline: a site's style sheet, broken or not, cannot hide it.
func overlay(fails string) string {
	return `<div id="salesdeck-errors" role="alert" style="position:fixed;left:0;right:0;bottom:0;max-height:60vh;overflow:auto;z-index:2147483647;` +
		`background:#2b0d0d;color:#ffe4e4;border-top:4px solid #d64545;padding:14px 20px;font:13px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;text-align:left">` +
		`<strong style="font:600 15px/1.4 system-ui,sans-serif">The last change does not build. This is the last good version; the page reloads when the problems are fixed.</strong>` +
		`<pre style="white-space:pre-wrap;margin:8px 0 0;font:inherit;color:inherit;background:none;border:0;padding:0">` + html.EscapeString(fails) + `</pre></div>` + "\n"
}

// page answers with a page of salesdeck's own that reloads like the site's.
func (s *Server) page(w http.ResponseWriter, code int, title, text, gen string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(code)
	body := fmt.Sprintf("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"color-scheme\" content=\"light dark\"><title>%s · salesdeck</title></head>\n"+
		"<body style=\"font:15px/1.5 system-ui,sans-serif;margin:40px\"><h1>%s</h1><pre style=\"white-space:pre-wrap\">%s</pre><p><a href=\"/index.html\">Overview</a></p>\n</body></html>\n",
		html.EscapeString(title), html.EscapeString(title), html.EscapeString(text))
	_, _ = w.Write(inject([]byte(body), "", gen))
}

// inspect answers with what salesdeck reads in the sales data, read
// afresh at each request: it is asked for while the data is being set
// up, and must show the file as it is now.
func (s *Server) inspect(w http.ResponseWriter) {
	opt := s.opt.Build
	opt.Progress, opt.Cache = nil, nil
	s.mu.RLock()
	gen := s.gen
	s.mu.RUnlock()
	in, err := build.Inspect(opt)
	if err != nil {
		s.page(w, http.StatusOK, "The sales data cannot be read yet", err.Error(), gen)
		return
	}
	var b bytes.Buffer
	if err := inspect.Page(&b, inspect.Summarize(in)); err != nil {
		s.page(w, http.StatusInternalServerError, "Inspect failed", err.Error(), gen)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(inject(b.Bytes(), "", gen))
}

// events streams "reload" to a page whenever a build finishes; its first
// event, "hello", names the current state.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	ch, done, ok := s.hub.subscribe()
	if !ok {
		// Each stream holds a connection: past the cap, pages stay as
		// they are rather than the server running out of them.
		w.Header().Set("Retry-After", "10")
		http.Error(w, "too many pages are open for live reload; close some", http.StatusServiceUnavailable)
		return
	}
	defer s.hub.unsubscribe(ch)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	s.mu.RLock()
	gen := s.gen
	s.mu.RUnlock()
	fmt.Fprintf(w, "retry: 1000\nevent: hello\ndata: %s\n\n", gen)
	flusher.Flush()
	// A comment now and then keeps proxies from closing an idle stream.
	ping := time.NewTicker(20 * time.Second)
	defer ping.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-done:
			return
		case <-ping.C:
			fmt.Fprint(w, ": ping\n\n")
		case <-ch:
			s.mu.RLock()
			gen := s.gen
			s.mu.RUnlock()
			fmt.Fprintf(w, "event: reload\ndata: %s\n\n", gen)
		}
		flusher.Flush()
	}
}

// hub tells every open event stream that the site changed.
type hub struct {
	mu     sync.Mutex
	subs   map[chan struct{}]bool
	max    int
	done   chan struct{}
	closed bool
}

func newHub(max int) *hub {
	return &hub{subs: map[chan struct{}]bool{}, max: max, done: make(chan struct{})}
}

// subscribe opens a stream, unless max are open.
func (h *hub) subscribe() (chan struct{}, <-chan struct{}, bool) {
	ch := make(chan struct{}, 1)
	h.mu.Lock()
	defer h.mu.Unlock()
	if len(h.subs) >= h.max {
		return nil, nil, false
	}
	h.subs[ch] = true
	return ch, h.done, true
}

func (h *hub) unsubscribe(ch chan struct{}) {
	h.mu.Lock()
	delete(h.subs, ch)
	h.mu.Unlock()
}

// broadcast never blocks: a stream that has a reload pending needs no
// second one.
func (h *hub) broadcast() {
	h.mu.Lock()
	defer h.mu.Unlock()
	for ch := range h.subs {
		select {
		case ch <- struct{}{}:
		default:
		}
	}
}

// close ends every stream, so the server can shut down.
func (h *hub) close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if !h.closed {
		h.closed = true
		close(h.done)
	}
}

// hostNames are the names a server listening on addr answers to: localhost, the loopback addresses, addr's host and,
// listening on every interface, this machine's name. Any IP address is
// answered too: DNS rebinding needs a name.
func hostNames(addr string) map[string]bool {
	hosts := map[string]bool{"localhost": true}
	host, _, err := net.SplitHostPort(addr)
	if err == nil && host != "" {
		hosts[normHost(host)] = true
	}
	if ip := net.ParseIP(host); host == "" || ip != nil && ip.IsUnspecified() {
		if name, err := os.Hostname(); err == nil {
			hosts[normHost(name)] = true
			short, _, _ := strings.Cut(name, ".")
			hosts[normHost(short)] = true
		}
	}
	return hosts
}

func normHost(h string) string { return strings.TrimSuffix(strings.ToLower(h), ".") }

// hostAllowed reports whether a request's Host header names this server.
func (s *Server) hostAllowed(hostport string) bool {
	if s.hosts == nil {
		return true // not listening (Server used as a handler alone)
	}
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	if net.ParseIP(host) != nil {
		return true
	}
	return host != "" && s.hosts[normHost(host)]
}
