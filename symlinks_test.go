package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// link makes a symbolic link name -> target inside dir.
func link(t *testing.T, dir, name, target string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	os.Remove(p)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.FromSlash(target), p); err != nil {
		t.Fatal(err)
	}
}

// outside writes files into a folder "outside" beside the site folder
// dir, for links to lead to.
func outside(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	writeFiles(t, filepath.Join(filepath.Dir(dir), "outside"), files)
}

// A symbolic link that leads out of the site is an error naming the link,
// wherever it is: git carries links, so one commit could otherwise
// publish the building machine's files. Nothing it points at is read, so
// no message shows any of it, and nothing is written.
func TestLinksOutOfTheSite(t *testing.T) {
	const out = ` leads outside the site folder; salesdeck reads only files inside the site, so that no commit can publish other files of the machine that builds it: copy what it points at into the site, or remove the link`
	tests := []struct {
		name  string
		setup func(t *testing.T, dir string)
		want  string
	}{
		{"static folder", func(t *testing.T, dir string) {
			outside(t, dir, map[string]string{"ssh/id_rsa": "PRIVATE KEY"})
			link(t, dir, "static", "../outside/ssh")
		}, `static: symbolic link to "../outside/ssh"` + out},
		{"file in static", func(t *testing.T, dir string) {
			outside(t, dir, map[string]string{"id_rsa": "PRIVATE KEY"})
			link(t, dir, "static/id_rsa", "../../outside/id_rsa")
		}, `static/id_rsa: symbolic link to "../../outside/id_rsa"` + out},
		{"page", func(t *testing.T, dir string) {
			outside(t, dir, map[string]string{"leak.md": "# Leaked\n"})
			link(t, dir, "content/leak.md", "../../outside/leak.md")
		}, `content/leak.md: symbolic link to "../../outside/leak.md"` + out},
		{"folder of pages", func(t *testing.T, dir string) {
			outside(t, dir, map[string]string{"notes/a.md": "# Leaked\n"})
			link(t, dir, "content/notes", "../../outside/notes")
		}, `content/notes: symbolic link to "../../outside/notes"` + out},
		{"plan", func(t *testing.T, dir string) {
			outside(t, dir, map[string]string{"plan.yaml": small["content/plans/plan.yaml"]})
			link(t, dir, "content/plans/other.yaml", "../../../outside/plan.yaml")
		}, `content/plans/other.yaml: symbolic link to "../../../outside/plan.yaml"` + out},
		{"sales file to a system file", func(t *testing.T, dir string) {
			link(t, dir, "data/x.csv", "/etc/hostname")
		}, `data/x.csv: symbolic link to "/etc/hostname"` + out},
		{"sales file to an endless device", func(t *testing.T, dir string) {
			link(t, dir, "data/x.csv", "/dev/zero")
		}, `data/x.csv: symbolic link to "/dev/zero"` + out},
		{"template", func(t *testing.T, dir string) {
			outside(t, dir, map[string]string{"page.html": `{{define "main"}}leak{{end}}`})
			link(t, dir, "templates/page.html", "../../outside/page.html")
		}, `templates/page.html: symbolic link to "../../outside/page.html"` + out},
		{"templates folder", func(t *testing.T, dir string) {
			outside(t, dir, map[string]string{"t/page.html": `{{define "main"}}leak{{end}}`})
			link(t, dir, "templates", "../outside/t")
		}, `templates: symbolic link to "../outside/t"` + out},
		{"logo", func(t *testing.T, dir string) {
			os.WriteFile(filepath.Join(dir, "site.yaml"), []byte("title: Small\nas_of: 2026-02-15\ntheme: {logo: static/logo.svg}\n"), 0o644)
			link(t, dir, "static/logo.svg", "/etc/hostname")
		}, `static/logo.svg: symbolic link to "/etc/hostname"` + out},
		{"site.yaml", func(t *testing.T, dir string) {
			outside(t, dir, map[string]string{"site.yaml": "title: Elsewhere\n"})
			link(t, dir, "site.yaml", "../outside/site.yaml")
		}, `site.yaml: symbolic link to "../outside/site.yaml"` + out},
		{"a loop", func(t *testing.T, dir string) {
			link(t, dir, "static/again", "..")
		}, `static/again: symbolic link to ".." leads back to a folder it is in, so reading the folder would never end; remove the link`},
	}
	hostname, _ := os.ReadFile("/etc/hostname")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := site(t, small)
			tt.setup(t, dir)
			for _, cmd := range []string{"check", "build"} {
				code, stdout, stderr := salesdeck(t, cmd, "-src", dir)
				want := tt.want + "\n1 error; nothing was written\n"
				if code != 1 || stderr != want || stdout != "" {
					t.Errorf("%s: exit %d, stdout %q, stderr:\n%s\nwant exit 1, stderr:\n%s", cmd, code, stdout, stderr, want)
				}
				if h := strings.TrimSpace(string(hostname)); h != "" && strings.Contains(stderr, h) {
					t.Errorf("%s: the message shows the content of /etc/hostname", cmd)
				}
			}
			if _, err := os.Lstat(filepath.Join(dir, "public")); err == nil {
				t.Error("public/ was written")
			}
		})
	}
}

// Links that stay inside the site are followed everywhere, like the files
// and folders they lead to: a file link in static/ is copied, a linked
// folder of pages is published, a linked sales file is read.
func TestLinksInsideTheSite(t *testing.T) {
	dir := site(t, withFiles(map[string]string{
		"site.yaml":           "title: Small\nas_of: 2026-02-15\ntheme: {logo: static/logo.svg}\n",
		"brand/logo.svg":      "<svg/>",
		"brand/css/theme.css": "body{}",
		"shared/guide.md":     "# Guide\n",
		"exports/sales.csv":   small["data/sales.csv"],
	}))
	os.Remove(filepath.Join(dir, "data/sales.csv"))
	link(t, dir, "static/logo.svg", "../brand/logo.svg")
	link(t, dir, "static/css", "../brand/css")
	link(t, dir, "content/guides", "../shared")
	link(t, dir, "content/about2.md", filepath.Join(dir, "content/about.md")) // absolute, into the site
	link(t, dir, "data/sales.csv", "../exports/sales.csv")
	got := built(t, dir)
	for name, want := range map[string]string{
		"assets/logo.svg":      "<svg/>",
		"assets/css/theme.css": "body{}",
	} {
		if string(got[name]) != want {
			t.Errorf("public/%s = %q, want %q", name, got[name], want)
		}
	}
	for _, name := range []string{"guides/guide.html", "about2.html"} {
		if got[name] == nil {
			t.Errorf("public/%s not written", name)
		}
	}
	if !strings.Contains(string(got["data/strategies.json"]), `"rows_read": 2`) {
		t.Error("the linked sales file was not read")
	}
}
