package serve

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"salesdeck/internal/app/starter"
	"salesdeck/internal/build"
)

// running is a server started by start, on a free loopback port.
type running struct {
	url   string
	cache *build.Cache
	dir   string
	mu    sync.Mutex
	fails []error // of every build, nil when it succeeded
}

func (r *running) builds() []error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]error(nil), r.fails...)
}

// start serves a copy of the starter site until the test ends; prepare,
// when given, changes the copy first.
func start(t *testing.T, prepare ...func(dir string)) *running {
	t.Helper()
	return startWith(t, nil, prepare...)
}

// startWith is start with options changed by set.
func startWith(t *testing.T, set func(*Options), prepare ...func(dir string)) *running {
	t.Helper()
	r := &running{dir: t.TempDir(), cache: &build.Cache{}}
	if _, err := starter.Copy(r.dir, starter.Site(), false); err != nil {
		t.Fatal(err)
	}
	for _, p := range prepare {
		p(r.dir)
	}
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	stopped := make(chan error, 1)
	opt := Options{
		Build:    build.Options{Src: r.dir, Cache: r.cache},
		Addr:     "127.0.0.1:0",
		Debounce: 50 * time.Millisecond,
		OnBuild: func(_ *build.Report, err error) {
			r.mu.Lock()
			r.fails = append(r.fails, err)
			r.mu.Unlock()
		},
	}
	if set != nil {
		set(&opt)
	}
	go func() { stopped <- Run(ctx, opt, func(url string) { ready <- url }) }()
	select {
	case r.url = <-ready:
	case err := <-stopped:
		t.Fatalf("serve stopped: %v", err)
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not start within 20s")
	}
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-stopped:
			if err != nil {
				t.Errorf("serve: %v", err)
			}
		case <-time.After(5 * time.Second):
			t.Error("serve did not stop within 5s of being cancelled")
		}
	})
	return r
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b)
}

// await fetches url until its body satisfies ok, for at most 10 seconds.
func await(t *testing.T, url, what string, ok func(string) bool) string {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		_, body := get(t, url)
		if ok(body) {
			return body
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: not served within 10s; last body:\n%s", what, body)
		}
		time.Sleep(25 * time.Millisecond)
	}
}

func edit(t *testing.T, file, old, new string) {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), old) {
		t.Fatalf("%s has no %q", file, old)
	}
	if err := os.WriteFile(file, []byte(strings.Replace(string(b), old, new, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
}

// events connects to the event stream and sends each event's name.
func events(t *testing.T, url string) <-chan string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url+"_salesdeck/events", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("events: Content-Type %q", ct)
	}
	ch := make(chan string, 16)
	go func() {
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			if name, ok := strings.CutPrefix(sc.Text(), "event: "); ok {
				ch <- name
			}
		}
	}()
	return ch
}

func awaitEvent(t *testing.T, ch <-chan string, want string) {
	t.Helper()
	timeout := time.After(10 * time.Second)
	for {
		select {
		case got := <-ch:
			if got == want {
				return
			}
		case <-timeout:
			t.Fatalf("no %q event within 10s", want)
		}
	}
}

func TestServe(t *testing.T) {
	r := start(t)
	page := r.url + "strategies/emea-growth.html"
	plan := filepath.Join(r.dir, "content/plans/fy2026.yaml")

	code, body := get(t, page)
	if code != http.StatusOK || !strings.Contains(body, "<h1>Grow EMEA revenue by a fifth</h1>") {
		t.Fatalf("GET %s: %d\n%s", page, code, body)
	}
	if !strings.Contains(body, `<script src="/_salesdeck/reload.js" data-gen=`) {
		t.Error("served page lacks the reload script")
	}
	if _, home := get(t, r.url); !strings.Contains(home, "<title>FY2026 sales plans · Acme Sales Plans</title>") {
		t.Error("/ does not serve the overview")
	}
	if code, _ := get(t, r.url+"nope.html"); code != http.StatusNotFound {
		t.Errorf("missing page: %d, want 404", code)
	}
	if code, js := get(t, r.url+"_salesdeck/reload.js"); code != http.StatusOK || !strings.Contains(js, "EventSource") {
		t.Errorf("reload script: %d %q", code, js)
	}
	ev := events(t, r.url)
	awaitEvent(t, ev, "hello")

	// A plan edit shows within seconds, without reading the sales again.
	edit(t, plan, "by a fifth", "by a quarter")
	awaitEvent(t, ev, "reload")
	await(t, page, "edited plan", func(b string) bool { return strings.Contains(b, "<h1>Grow EMEA revenue by a quarter</h1>") })
	if n := r.cache.Reads(); n != 1 {
		t.Errorf("sales data read %d times after a plan edit, want 1", n)
	}

	// A broken edit keeps the last good site, under the errors.
	edit(t, plan, "revenue: 250000", "revenu: 250000")
	broken := await(t, page, "errors overlay", func(b string) bool { return strings.Contains(b, `id="salesdeck-errors"`) })
	for _, want := range []string{"<h1>Grow EMEA revenue by a quarter</h1>", `content/plans/fy2026.yaml:16:7: target: unknown metric &#34;revenu&#34;`} {
		if !strings.Contains(broken, want) {
			t.Errorf("page served while broken lacks %q", want)
		}
	}
	if fails := r.builds(); fails[len(fails)-1] == nil {
		t.Error("the broken build was reported as a success")
	}
	// Fixed: the overlay goes.
	edit(t, plan, "revenu: 250000", "revenue: 250000")
	await(t, page, "fixed site", func(b string) bool { return !strings.Contains(b, `id="salesdeck-errors"`) })

	// A page edit with a broken figure names the Markdown file's line.
	index := filepath.Join(r.dir, "content/index.md")
	edit(t, index, "strategy: emea-growth\nshow:", "strategy: emea-grwoth\nshow:")
	await(t, page, "figure error", func(b string) bool {
		return strings.Contains(b, `content/index.md:19:11: kpi block: unknown strategy &#34;emea-grwoth&#34; (did you mean &#34;emea-growth&#34;?)`)
	})
	edit(t, index, "emea-grwoth", "emea-growth")
	await(t, page, "fixed page", func(b string) bool { return !strings.Contains(b, `id="salesdeck-errors"`) })

	// A scope on a dimension no scope named groups the rows serve kept
	// again, without reading the sales files; taken back, the figures are
	// those of before to the last digit.
	csv := r.url + "data/strategies.csv"
	_, before := get(t, csv)
	edit(t, plan, "scope: {region: EMEA}", "scope: {region: EMEA, product: Pro}")
	await(t, csv, "scope on a new dimension", func(b string) bool { return r.cache.Regroups() == 1 && b != before })
	edit(t, plan, "scope: {region: EMEA, product: Pro}", "scope: {region: EMEA}")
	await(t, csv, "scope taken back", func(b string) bool { return r.cache.Regroups() == 2 && b == before })
	if n := r.cache.Reads(); n != 1 {
		t.Errorf("sales data read %d times after scope edits, want 1", n)
	}

	// New sales data is read.
	appendRow(t, filepath.Join(r.dir, "data/sales.csv"), "2026-06-30,EMEA,Germany,Pro,Direct,100000.00,1000.00\n")
	await(t, r.url+"data/strategies.csv", "new sales", func(b string) bool { return r.cache.Reads() == 2 && !strings.Contains(b, "131567.09") })

	if _, err := os.Stat(filepath.Join(r.dir, "public")); !os.IsNotExist(err) {
		t.Errorf("serve wrote public/: %v", err)
	}
}

// appendRow adds a sales row to a CSV file.
func appendRow(t *testing.T, csv, row string) {
	t.Helper()
	f, err := os.OpenFile(csv, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	_, err = f.WriteString(row)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatal(err)
	}
}

// Sales files outside data/ (sales.files may name any folder of the site)
// are watched too, and so is a folder site.yaml starts naming later.
func TestServeSalesElsewhere(t *testing.T) {
	r := start(t, func(dir string) {
		if err := os.Rename(filepath.Join(dir, "data"), filepath.Join(dir, "exports")); err != nil {
			t.Fatal(err)
		}
		edit(t, filepath.Join(dir, "site.yaml"), `files: ["data/*.csv"]`, `files: ["exports/*.csv"]`)
	})
	export := r.url + "data/strategies.csv"
	_, before := get(t, export)
	appendRow(t, filepath.Join(r.dir, "exports/sales.csv"), "2026-06-30,EMEA,Germany,Pro,Direct,100000.00,1000.00\n")
	after := await(t, export, "sales in exports/", func(b string) bool { return r.cache.Reads() == 2 && b != before })

	// Moved again, to a folder that site.yaml names only now: once a
	// build has read it, a new row there is seen.
	n := len(r.builds())
	crm := filepath.Join(r.dir, "crm", "2026")
	if err := os.MkdirAll(filepath.Dir(crm), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(filepath.Join(r.dir, "exports"), crm); err != nil {
		t.Fatal(err)
	}
	edit(t, filepath.Join(r.dir, "site.yaml"), `files: ["exports/*.csv"]`, `files: ["crm/*/*.csv"]`)
	await(t, export, "a build reading crm/2026/", func(string) bool {
		b := r.builds()
		return len(b) > n && b[len(b)-1] == nil
	})
	if _, b := get(t, export); b != after {
		t.Error("the same sales in another folder changed the figures")
	}
	reads := r.cache.Reads()
	appendRow(t, filepath.Join(crm, "sales.csv"), "2026-06-30,EMEA,Germany,Pro,Direct,50000.00,500.00\n")
	after = await(t, export, "new sales in crm/2026/", func(b string) bool { return r.cache.Reads() > reads && b != after })

	// A glob whose first folder is a pattern, then a folder made later
	// that it matches.
	csv, err := os.ReadFile(filepath.Join(crm, "sales.csv"))
	if err != nil {
		t.Fatal(err)
	}
	header, _, _ := strings.Cut(string(csv), "\n")
	orders := func(folder, row string) {
		dir := filepath.Join(r.dir, folder)
		if err := os.Mkdir(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "orders.csv"), []byte(header+"\n"+row), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	orders("exports-2026", "2026-06-30,EMEA,Germany,Pro,Direct,25000.00,250.00\n")
	n = len(r.builds())
	edit(t, filepath.Join(r.dir, "site.yaml"), `files: ["crm/*/*.csv"]`, `files: ["crm/*/*.csv", "exports-*/orders.csv"]`)
	after = await(t, export, "a build reading both globs", func(b string) bool {
		builds := r.builds()
		return len(builds) > n && builds[len(builds)-1] == nil && b != after
	})
	later := filepath.Join(r.dir, "exports-2027")
	orders("exports-2027", "2026-06-30,EMEA,Germany,Pro,Direct,12500.00,125.00\n")
	after = await(t, export, "sales in exports-2027/", func(b string) bool { return b != after })
	appendRow(t, filepath.Join(later, "orders.csv"), "2026-06-30,EMEA,Germany,Pro,Direct,6250.00,62.00\n")
	await(t, export, "more sales in exports-2027/", func(b string) bool { return b != after })
}

// A site that has never built shows its errors and still reloads.
func TestServeBrokenFromStart(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "site.yaml"), []byte("title: [\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	s := New(Options{Build: build.Options{Src: dir}})
	if err := s.Build(context.Background()); err == nil {
		t.Fatal("broken site built")
	}
	w := httptest.NewRecorder()
	s.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/index.html", nil))
	if body := w.Body.String(); w.Code != http.StatusInternalServerError || !strings.Contains(body, "site.yaml:") || !strings.Contains(body, "/_salesdeck/reload.js") {
		t.Errorf("got %d:\n%s", w.Code, body)
	}
}

// A settings file other than site.yaml (-config) is watched where it is,
// in a folder of the site that is no input folder: an edit of it, saved
// in place or as a new file renamed over it, rebuilds, its sales.files are
// watched, and a problem in it is placed in it. site.yaml, unread, is not
// watched.
func TestServeConfigFile(t *testing.T) {
	const nightly = "settings/nightly.yaml"
	r := startWith(t, func(o *Options) { o.Build.Config = nightly }, func(dir string) {
		if err := os.Mkdir(filepath.Join(dir, "settings"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(filepath.Join(dir, "site.yaml"), filepath.Join(dir, nightly)); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(filepath.Join(dir, "data"), filepath.Join(dir, "exports")); err != nil {
			t.Fatal(err)
		}
		edit(t, filepath.Join(dir, nightly), `files: ["data/*.csv"]`, `files: ["exports/*.csv"]`)
		if err := os.WriteFile(filepath.Join(dir, "site.yaml"), []byte("title: Not read\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	})
	settings := filepath.Join(r.dir, filepath.FromSlash(nightly))
	title := func(name string) func(string) bool {
		return func(b string) bool { return strings.Contains(b, "<title>FY2026 sales plans · "+name+"</title>") }
	}
	if _, home := get(t, r.url); !title("Acme Sales Plans")(home) {
		t.Fatalf("the overview does not show the title of %s:\n%s", nightly, home)
	}
	ev := events(t, r.url)
	awaitEvent(t, ev, "hello")

	// An edit in place.
	edit(t, settings, "title: Acme Sales Plans", "title: Acme Nightly")
	await(t, r.url, "edited settings", title("Acme Nightly"))

	// site.yaml is not read, so its edits build nothing.
	n := len(r.builds())
	edit(t, filepath.Join(r.dir, "site.yaml"), "Not read", "Still not read")
	time.Sleep(300 * time.Millisecond)
	if got := len(r.builds()); got != n {
		t.Errorf("an edit of site.yaml, which -config replaces, built %d times", got-n)
	}

	// Saved as editors often do: a new file renamed over the old.
	b, err := os.ReadFile(settings)
	if err != nil {
		t.Fatal(err)
	}
	tmp := filepath.Join(r.dir, "settings", ".nightly.yaml.swp")
	if err := os.WriteFile(tmp, []byte(strings.Replace(string(b), "title: Acme Nightly", "title: Acme Renamed", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, settings); err != nil {
		t.Fatal(err)
	}
	await(t, r.url, "settings renamed over", title("Acme Renamed"))

	// Its sales.files are watched.
	export := r.url + "data/strategies.csv"
	_, before := get(t, export)
	appendRow(t, filepath.Join(r.dir, "exports/sales.csv"), "2026-06-30,EMEA,Germany,Pro,Direct,100000.00,1000.00\n")
	await(t, export, "sales in exports/", func(b string) bool { return r.cache.Reads() == 2 && b != before })

	// A problem in it is placed in it, and goes when fixed.
	edit(t, settings, "fiscal_year_start: 1", "fiscal_year_start: 13")
	await(t, r.url, "errors overlay", func(b string) bool {
		return strings.Contains(b, "settings/nightly.yaml:6:20: fiscal_year_start must be a month from 1 to 12, not 13")
	})
	edit(t, settings, "fiscal_year_start: 13", "fiscal_year_start: 1")
	await(t, r.url, "fixed settings", func(b string) bool { return !strings.Contains(b, `id="salesdeck-errors"`) })
}

// The inspect page shows what salesdeck reads in the sales data, as
// salesdeck inspect prints it, read afresh at each request: a value added
// to the file shows at once, and text from the data is text, never
// markup.
func TestServeInspect(t *testing.T) {
	r := start(t)
	tests := []struct {
		name string
		row  string // appended to the sales file first, if any
		want []string
		not  []string
	}{
		{name: "the starter's data", want: []string{
			"<h1>What salesdeck reads in the sales data</h1>",
			"<dt>files</dt><dd>data/sales.csv</dd>",
			"<td>region</td><td>dimension</td>",
		}},
		{name: "hostile text", row: "2026-03-02,EMEA,Germany,\"<script>alert(1)</script>\",Direct,100,50\n",
			want: []string{"&lt;script&gt;alert(1)&lt;/script&gt;"},
			not:  []string{"<script>alert(1)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.row != "" {
				appendRow(t, filepath.Join(r.dir, "data", "sales.csv"), tt.row)
			}
			code, body := get(t, r.url+strings.TrimPrefix(InspectURL, "/"))
			if code != http.StatusOK {
				t.Fatalf("status %d:\n%s", code, body)
			}
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Errorf("page lacks %q:\n%s", w, body)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(body, n) {
					t.Errorf("page has %q:\n%s", n, body)
				}
			}
		})
	}
}
