package main

import (
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"salesdeck/internal/render"
)

// withFiles returns small with files added or replaced.
func withFiles(files map[string]string) map[string]string {
	m := maps.Clone(small)
	maps.Copy(m, files)
	return m
}

func read(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestInit(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "plans")
	code, stdout, stderr := salesdeck(t, "init", dir)
	if code != 0 {
		t.Fatalf("init exited %d:\n%s", code, stderr)
	}
	if !strings.Contains(stdout, "salesdeck serve -src "+dir) {
		t.Errorf("init does not say what to do next:\n%s", stdout)
	}
	// The new site builds at once, without a warning.
	code, stdout, stderr = salesdeck(t, "build", "-src", dir)
	if code != 0 || !strings.Contains(stdout, "1 plan, 3 strategies") || !strings.Contains(stdout, "0 warnings") {
		t.Fatalf("building the new site: exit %d\n%s%s", code, stdout, stderr)
	}
	out := tree(t, filepath.Join(dir, "public"))
	for _, name := range []string{"index.html", "guide.html", "plans/fy2026.html", "strategies/emea-growth.html", "assets/logo.svg"} {
		if out[name] == nil {
			t.Errorf("the new site lacks public/%s", name)
		}
	}
	// Its pages show live figures.
	if index := string(out["index.html"]); !strings.Contains(index, `id="c_md_1"`) || !strings.Contains(index, `class="figure figure-kpi"`) {
		t.Error("the new site's overview has no live figures")
	}
	if code, _, stderr := salesdeck(t, "init", dir); code != 2 || !strings.Contains(stderr, "is not empty") {
		t.Errorf("init over a site: exit %d, %q; want 2 and a refusal", code, stderr)
	}
	if code, _, _ := salesdeck(t, "init"); code != 2 {
		t.Errorf("init without a folder: exit %d, want 2", code)
	}
	// An existing empty folder is fine.
	if code, _, stderr := salesdeck(t, "init", t.TempDir()); code != 0 {
		t.Errorf("init into an empty folder: exit %d\n%s", code, stderr)
	}
}

func TestCheckExitCodes(t *testing.T) {
	good := site(t, small)
	brokenPlan := site(t, withFiles(map[string]string{"content/plans/plan.yaml": "title: Plan\nperiod: {start: 2026-01-01, end: 2026-03-31}\nstrategies:\n  - id: emea\n    title: EMEA\n    targets: {revenu: 300}\n"}))
	brokenPage := site(t, withFiles(map[string]string{"content/guides/q1.md": "---\ntitle: Q1\n---\n\n```chart\nstrategy: emae\n```\n"}))
	warned := site(t, withFiles(map[string]string{"content/plans/plan.yaml": "title: Plan\nperiod: {start: 2026-01-01, end: 2026-03-31}\nstrategies:\n  - id: emea\n    title: EMEA\n    scope: {region: [EMEA, APAC]}\n    targets: {revenue: 300}\n"}))
	labelled := site(t, withFiles(map[string]string{"site.yaml": "title: Small\nas_of: 2026-02-15\nlabels:\n  dimensions: {regoin: Territory}\n"}))
	file := filepath.Join(good, "site.yaml")
	tests := []struct {
		name           string
		args           []string
		code           int
		stdout, stderr string
	}{
		{"valid", []string{"check", "-src", good}, 0, "checked " + good + ": ", ""},
		{"warnings do not fail", []string{"check", "-src", warned}, 0, "1 warning", `warning: content/plans/plan.yaml:6:28: scope.region: no row has "APAC"`},
		{"a label of a dimension the data lacks", []string{"check", "-src", labelled}, 0, "1 warning",
			`warning: site.yaml:4:16: labels.dimensions: the sales data has no dimension "regoin" (did you mean "region"?), so this label is not shown; its dimensions: region`},
		{"invalid plan", []string{"check", "-src", brokenPlan}, 1, "", "content/plans/plan.yaml:6:15: target: unknown metric \"revenu\" (did you mean \"revenue\"?)"},
		{"invalid figure", []string{"check", "-src", brokenPage}, 1, "", "content/guides/q1.md:6:11: chart block: unknown strategy \"emae\" (did you mean \"emea\"?)\n1 error; nothing was written"},
		{"unknown flag", []string{"check", "-nope"}, 2, "", "flag provided but not defined: -nope"},
		{"stray argument", []string{"check", good}, 2, "", "unexpected argument"},
		{"missing folder", []string{"check", "-src", filepath.Join(good, "missing")}, 2, "", "does not exist"},
		{"not a folder", []string{"check", "-src", file}, 2, "", "is a file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := salesdeck(t, tt.args...)
			if code != tt.code || !strings.Contains(stdout, tt.stdout) || !strings.Contains(stderr, tt.stderr) {
				t.Errorf("exit %d, stdout %q, stderr %q\nwant exit %d, stdout with %q, stderr with %q", code, stdout, stderr, tt.code, tt.stdout, tt.stderr)
			}
		})
	}
	for _, dir := range []string{good, brokenPlan, brokenPage, warned, labelled} {
		if _, err := os.Stat(filepath.Join(dir, "public")); !os.IsNotExist(err) {
			t.Errorf("check wrote %s/public: %v", dir, err)
		}
	}
}

func TestTemplatesCommand(t *testing.T) {
	dir := filepath.Join(site(t, small), "templates")
	code, _, stderr := salesdeck(t, "templates", "-o", dir)
	if code != 0 {
		t.Fatalf("templates exited %d:\n%s", code, stderr)
	}
	var got []string
	for name := range tree(t, dir) {
		got = append(got, name)
	}
	slices.Sort(got)
	want := slices.Sorted(slices.Values(render.TemplateNames))
	if !slices.Equal(got, want) {
		t.Errorf("wrote %q, want %q", got, want)
	}
	if code, _, stderr := salesdeck(t, "templates", "-o", dir); code != 2 || !strings.Contains(stderr, "nothing was written (use -force") {
		t.Errorf("templates over existing files: exit %d %q, want 2 and a refusal", code, stderr)
	}
	if code, _, _ := salesdeck(t, "templates", "-o", dir, "-force"); code != 0 {
		t.Errorf("templates -force: exit %d", code)
	}
	if code, _, _ := salesdeck(t, "templates"); code != 2 {
		t.Errorf("templates without -o: exit %d, want 2", code)
	}
}

// A site's templates/ folder replaces built-in templates by name; a
// mistake in one is reported at its file and line.
func TestTemplateOverride(t *testing.T) {
	dir := site(t, withFiles(map[string]string{
		"templates/page.html": "{{define \"main\"}}\n<article class=\"mine\">{{.Page.Body}}<p>{{money 1234.5}}</p></article>\n{{end}}\n",
	}))
	if code, _, stderr := salesdeck(t, "build", "-src", dir); code != 0 {
		t.Fatalf("build exited %d:\n%s", code, stderr)
	}
	about := read(t, filepath.Join(dir, "public/about.html"))
	if !strings.Contains(about, `<article class="mine"><p>Hello.</p>`) || !strings.Contains(about, "<p>$1,235</p>") {
		t.Errorf("override of page.html not used:\n%s", about)
	}
	if !strings.Contains(read(t, filepath.Join(dir, "public/index.html")), `class="counts"`) {
		t.Error("built-in overview.html not used beside the override")
	}
	if err := os.WriteFile(filepath.Join(dir, "templates/page.html"), []byte("{{define \"main\"}}\n<p>{{.Page.Bdy}}</p>\n{{end}}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := salesdeck(t, "build", "-src", dir)
	if want := `templates/page.html:2:11: executing "main" at <.Page.Bdy>: can't evaluate field Bdy`; code != 1 || !strings.Contains(stderr, want) {
		t.Errorf("exit %d, stderr %q; want 1 and %q", code, stderr, want)
	}
}

// built builds the site in dir, with args added to the command line, and
// returns the files of its public/.
func built(t *testing.T, dir string, args ...string) map[string][]byte {
	t.Helper()
	if code, _, stderr := salesdeck(t, append([]string{"build", "-src", dir}, args...)...); code != 0 {
		t.Fatalf("build exited %d:\n%s", code, stderr)
	}
	return tree(t, filepath.Join(dir, "public"))
}

// theme.primary and theme.logo reach pages and charts; static/ is copied
// to assets/ and its style sheets are linked after salesdeck.css.
func TestThemeAndStatic(t *testing.T) {
	dir := site(t, withFiles(map[string]string{
		"site.yaml":        "title: Small\nas_of: 2026-02-15\ntheme: {primary: \"#0f766e\", logo: static/logo.svg}\n",
		"static/logo.svg":  "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
		"static/brand.css": ":root { --primary: #0f766e; }",
		"static/img/x.png": "png",
		"static/.DS_Store": "junk",
	}))
	out := built(t, dir)
	for _, name := range []string{"assets/logo.svg", "assets/brand.css", "assets/img/x.png"} {
		if out[name] == nil {
			t.Errorf("static file not copied to public/%s", name)
		}
	}
	if out["assets/.DS_Store"] != nil {
		t.Error("hidden file copied")
	}
	strategy := string(out["strategies/emea.html"])
	for _, want := range []string{`<img class="logo" src="../assets/logo.svg" alt="">`, `--primary: #0f766e;`,
		`<link rel="stylesheet" href="../assets/salesdeck.css">` + "\n" + `<style>:root { --primary: #0f766e; }</style>` + "\n" + `<link rel="stylesheet" href="../assets/brand.css">`} {
		if !strings.Contains(strategy, want) {
			t.Errorf("strategy page lacks %q", want)
		}
	}
	if !regexp.MustCompile(`data-chart="c_cumulative_0">[^<]*"#0f766e"`).MatchString(strategy) {
		t.Error("theme.primary does not reach the charts")
	}

	for name, files := range map[string]map[string]string{
		"missing logo":  {"site.yaml": "theme: {logo: static/nope.svg}\n"},
		"logo outside":  {"site.yaml": "theme: {logo: img/logo.svg}\n", "img/logo.svg": "<svg/>"},
		"asset clobber": {"static/salesdeck.css": "body{}"},
	} {
		code, _, stderr := salesdeck(t, "build", "-src", site(t, withFiles(files)))
		if code != 1 {
			t.Errorf("%s: exit %d, want 1\n%s", name, code, stderr)
		}
	}
}

// Pages: the menu follows weight, sub-folders keep their path with links
// relative to their depth, drafts only with -drafts.
func TestPagesMenuAndDrafts(t *testing.T) {
	dir := site(t, withFiles(map[string]string{
		"content/zeta.md":          "---\ntitle: Zeta first\nweight: 1\n---\nZ.\n",
		"content/guides/deep/x.md": "---\ntitle: Deep\nweight: 5\n---\n```table\nstatus: [on_track, behind, at_risk]\n```\n",
		"content/wip.md":           "---\ntitle: Work in progress\ndraft: true\n---\nSoon.\n",
	}))
	if code, _, stderr := salesdeck(t, "build", "-src", dir); code != 0 {
		t.Fatalf("build exited %d:\n%s", code, stderr)
	}
	out := tree(t, filepath.Join(dir, "public"))
	if out["wip.html"] != nil {
		t.Error("a draft was built without -drafts")
	}
	deep := string(out["guides/deep/x.html"])
	re := regexp.MustCompile(`<li class="menu-page"><a href="([^"]*)"[^>]*>([^<]*)</a>`)
	var menu []string
	for _, m := range re.FindAllStringSubmatch(deep, -1) {
		menu = append(menu, m[2]+"="+m[1])
	}
	if want := []string{"Zeta first=../../zeta.html", "Deep=../../guides/deep/x.html", "About=../../about.html"}; !slices.Equal(menu, want) {
		t.Errorf("menu %q, want %q", menu, want)
	}
	if !strings.Contains(deep, `href="../../strategies/emea.html"`) || !strings.Contains(deep, `href="../../assets/salesdeck.css"`) {
		t.Error("links from a sub-folder page do not climb to the site's root")
	}
	if about := string(out["about.html"]); !strings.Contains(about, "<p>Hello.</p>") {
		t.Error("about.html lost its text")
	}
	// Raw HTML only when site.yaml allows it.
	write := func(name, body string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("content/zeta.md", "---\ntitle: Zeta first\nweight: 1\n---\n<div class=\"note\">Raw</div>\n")
	if code, _, _ := salesdeck(t, "build", "-src", dir); code != 0 || strings.Contains(read(t, filepath.Join(dir, "public/zeta.html")), `<div class="note">`) {
		t.Error("raw HTML let through without markdown.unsafe")
	}
	write("site.yaml", small["site.yaml"]+"markdown: {unsafe: true}\n")
	if code, _, _ := salesdeck(t, "build", "-src", dir); code != 0 || !strings.Contains(read(t, filepath.Join(dir, "public/zeta.html")), `<div class="note">Raw</div>`) {
		t.Error("raw HTML dropped with markdown.unsafe: true")
	}
	if code, _, _ := salesdeck(t, "build", "-src", dir, "-drafts"); code != 0 {
		t.Fatal("build -drafts failed")
	}
	if !strings.Contains(read(t, filepath.Join(dir, "public/wip.html")), "Soon.") {
		t.Error("build -drafts left the draft out")
	}
}

// The site salesdeck init writes, opened in Chromium, draws its Markdown
// figures without a console error.
func TestStarterSiteInChromium(t *testing.T) {
	ctx := chromium(t)
	dir := filepath.Join(t.TempDir(), "site")
	if code, _, stderr := salesdeck(t, "init", dir); code != 0 {
		t.Fatalf("init: %s", stderr)
	}
	if code, _, stderr := salesdeck(t, "build", "-src", dir); code != 0 {
		t.Fatalf("build: %s", stderr)
	}
	for _, name := range []string{"index.html", "guide.html"} {
		rep, err := visit(ctx, "file://"+filepath.Join(dir, "public", name))
		if err != nil {
			t.Fatalf("%s: %v (errors: %v)", name, err, rep.errors)
		}
		for _, e := range rep.errors {
			t.Errorf("%s: %s", name, e)
		}
		if rep.charts == 0 || rep.rendered != rep.charts {
			t.Errorf("%s: %d of %d charts drawn", name, rep.rendered, rep.charts)
		}
	}
}

// templates -force replaces a symbolic link in the folder with the
// template, and never writes through it to the file it points at.
func TestTemplatesForceReplacesLinks(t *testing.T) {
	dir := t.TempDir()
	victim := filepath.Join(t.TempDir(), "notes.html")
	if err := os.WriteFile(victim, []byte("someone's work"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(victim, filepath.Join(dir, "base.html")); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := salesdeck(t, "templates", "-o", dir); code != 2 || !strings.Contains(stderr, "already holds base.html") {
		t.Errorf("without -force: exit %d %q, want 2 and a refusal", code, stderr)
	}
	if code, _, stderr := salesdeck(t, "templates", "-o", dir, "-force"); code != 0 {
		t.Fatalf("templates -force exited %d:\n%s", code, stderr)
	}
	if got := read(t, victim); got != "someone's work" {
		t.Errorf("the file the link pointed at now holds %.40q", got)
	}
	fi, err := os.Lstat(filepath.Join(dir, "base.html"))
	if err != nil || !fi.Mode().IsRegular() || !strings.Contains(read(t, filepath.Join(dir, "base.html")), `{{define "base" -}}`) {
		t.Errorf("base.html is %v, %v; want the built-in template in a file of its own", fi, err)
	}
}

// An -out inside a folder the build reads would copy each build into the
// next: it is refused (a usage error) before anything is read or written.
func TestOutInsideTheSiteRefused(t *testing.T) {
	tests := []struct{ out, inside string }{
		{"static/pub", "static"},
		{"content/site", "content"},
		{"templates/out", "templates"},
		{"data/public", "data"},
		{"exports/2026/public", "exports"},
		{"static", "static"},
	}
	for _, tt := range tests {
		t.Run(tt.out, func(t *testing.T) {
			dir := site(t, withFiles(map[string]string{
				"site.yaml":       "title: Small\nas_of: 2026-02-15\nsales: {files: [data/*.csv, \"exports/*/sales.csv\"]}\n",
				"static/logo.svg": "<svg/>",
			}))
			before := tree(t, dir)
			out := filepath.Join(dir, filepath.FromSlash(tt.out))
			code, stdout, stderr := salesdeck(t, "build", "-src", dir, "-out", out)
			want := "error: -out " + out + " is inside " + tt.inside + "/, a folder the build reads, so every build would copy the last one into itself; choose an -out outside static/, content/, templates/ and the folders of sales.files (the default, public/ in the site, is fine)\n"
			if code != 2 || stderr != want || stdout != "" {
				t.Errorf("exit %d, stdout %q, stderr:\n%s\nwant exit 2, stderr:\n%s", code, stdout, stderr, want)
			}
			if !sameTree(tree(t, dir), before) {
				t.Error("the site folder changed")
			}
		})
	}
}
