package serve

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A template that loops for ever does not wedge serve: its build is
// abandoned at the deadline, the panel over the last good site says so,
// and the fix builds again.
func TestServeAbandonsALoopingBuild(t *testing.T) {
	r := startWith(t, func(o *Options) { o.Timeout = time.Second }, func(dir string) {
		if err := os.Mkdir(filepath.Join(dir, "templates"), 0o755); err != nil {
			t.Fatal(err)
		}
	})
	page := r.url + "guide.html"
	tmpl := filepath.Join(r.dir, "templates", "page.html")
	// It writes as it loops: the build's deadline stops it at a write,
	// so the test leaves no loop running.
	loop := `{{define "main"}}{{range 1000000000000}}x{{end}}{{end}}`
	if err := os.WriteFile(tmpl, []byte(loop), 0o644); err != nil {
		t.Fatal(err)
	}
	await(t, page, "the panel of an abandoned build", func(b string) bool {
		return strings.Contains(b, `id="salesdeck-errors"`) &&
			strings.Contains(b, "the build took longer than 1s and was abandoned: does a template loop for ever") &&
			strings.Contains(b, "Writing pages</h1>")
	})
	if err := os.Remove(tmpl); err != nil {
		t.Fatal(err)
	}
	await(t, page, "the site after the fix", func(b string) bool { return !strings.Contains(b, `id="salesdeck-errors"`) })
}

// serve answers only to the names it listens on; a page of another site
// whose name points at this machine (DNS rebinding) gets 421.
func TestServeChecksHost(t *testing.T) {
	r := start(t)
	u, err := url.Parse(r.url)
	if err != nil {
		t.Fatal(err)
	}
	port := u.Port()
	// A stream served to a refused name would never end: the timeout
	// makes that a failure.
	client := &http.Client{Timeout: 5 * time.Second}
	tests := []struct {
		host string
		want int
	}{
		{"127.0.0.1:" + port, http.StatusOK},
		{"localhost:" + port, http.StatusOK},
		{"LocalHost.:" + port, http.StatusOK},
		{"[::1]:" + port, http.StatusOK},
		{"localhost", http.StatusOK},
		{"evil.example.com:" + port, http.StatusMisdirectedRequest},
		{"evil.example.com", http.StatusMisdirectedRequest},
		{"localhost.evil.example.com:" + port, http.StatusMisdirectedRequest},
	}
	for _, tt := range tests {
		for _, path := range []string{"index.html", "data/strategies.json", "_salesdeck/events"} {
			req, _ := http.NewRequest(http.MethodGet, r.url+path, nil)
			req.Host = tt.host
			if path == "_salesdeck/events" && tt.want == http.StatusOK {
				continue // a stream: the other paths show the name is taken
			}
			resp, err := client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != tt.want {
				t.Errorf("Host %q, %s: %d, want %d", tt.host, path, resp.StatusCode, tt.want)
			}
			if tt.want != http.StatusOK && (strings.Contains(string(body), "strategies") || !strings.Contains(string(body), "-addr NAME:PORT")) {
				t.Errorf("Host %q, %s: refused with %q", tt.host, path, body)
			}
		}
	}
}

// The -addr host is answered too, and any IP address: a rebinding attack
// needs a name.
func TestHostNames(t *testing.T) {
	tests := []struct {
		addr, host string
		ok         bool
	}{
		{"sales.example:8080", "sales.example:8080", true},
		{"sales.example:8080", "SALES.example", true},
		{"sales.example:8080", "other.example:8080", false},
		{"127.0.0.1:8080", "10.1.2.3:8080", true},
		{"127.0.0.1:8080", "[fe80::1]:8080", true},
		{"127.0.0.1:8080", "intranet:8080", false},
		{"127.0.0.1:8080", "", false},
	}
	for _, tt := range tests {
		s := New(Options{Addr: tt.addr})
		s.hosts = hostNames(tt.addr)
		if got := s.hostAllowed(tt.host); got != tt.ok {
			t.Errorf("listening on %s, Host %q allowed: %v, want %v", tt.addr, tt.host, got, tt.ok)
		}
	}
}

// At most 256 reload streams are open at once: the next gets 503 until
// one closes.
func TestServeCapsEventStreams(t *testing.T) {
	r := start(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	first, closeFirst := context.WithCancel(ctx)
	defer closeFirst()
	for i := 0; i < DefaultMaxStreams; i++ {
		sctx := ctx
		if i == 0 {
			sctx = first
		}
		req, _ := http.NewRequestWithContext(sctx, http.MethodGet, r.url+"_salesdeck/events", nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("stream %d: %d", i+1, resp.StatusCode)
		}
		defer resp.Body.Close()
	}
	code, body := get(t, r.url+"_salesdeck/events")
	if code != http.StatusServiceUnavailable || !strings.Contains(body, "too many pages are open for live reload") {
		t.Fatalf("stream %d: %d %q, want 503", DefaultMaxStreams+1, code, body)
	}
	if code, _ := get(t, r.url+"index.html"); code != http.StatusOK {
		t.Errorf("a page with every stream taken: %d", code)
	}
	// A closed stream frees its place.
	closeFirst()
	deadline := time.Now().Add(10 * time.Second)
	for {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, r.url+"_salesdeck/events", nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode == http.StatusOK {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no stream after one closed: %d", resp.StatusCode)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
