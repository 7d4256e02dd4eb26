package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// An image from another host in a page, a plan's summary or a strategy's
// notes is left out with a warning at its place, its text kept, so that
// no reader's browser (nor salesdeck pdf) fetches it; links stay links.
// site.yaml can allow such images.
func TestExternalImagesLeftOut(t *testing.T) {
	files := map[string]string{
		"content/about.md": "---\ntitle: About\n---\nHello.\n\nSee ![our chart](http://tracker.example/p.png?u=1) and [the report](https://example.com/r.pdf).\n",
		"content/plans/plan.yaml": "title: Plan\nperiod: {start: 2026-01-01, end: 2026-03-31}\nsummary: |\n  Growth.\n\n  ![pixel](https://tracker.example/s.gif)\n" +
			"strategies:\n  - id: emea\n    title: EMEA\n    scope: {region: EMEA}\n    targets: {revenue: 300}\n    notes: \"![](//tracker.example/n.gif)\"\n",
	}
	const why = ": every reader's browser would fetch it from there, telling that host who reads the site; "
	const todo = ". Put the image in static/ and point at it under assets/, or allow such images with markdown: {external_images: true} in site.yaml\n"
	dir := site(t, withFiles(files))
	code, stdout, stderr := salesdeck(t, "build", "-src", dir)
	want := "warning: content/about.md:6:5: image from another host left out (http://tracker.example/p.png?u=1)" + why + `its text "our chart" is shown instead` + todo +
		"warning: content/plans/plan.yaml:1:1: summary, line 3: image from another host left out (https://tracker.example/s.gif)" + why + `its text "pixel" is shown instead` + todo +
		"warning: content/plans/plan.yaml:8:9: notes, line 1: image from another host left out (//tracker.example/n.gif)" + why + "nothing is shown instead" + todo
	if code != 0 || stderr != want || !strings.Contains(stdout, ", 3 warnings in ") {
		t.Errorf("exit %d, stdout %q, stderr:\n%s\nwant exit 0, 3 warnings:\n%s", code, stdout, stderr, want)
	}
	out := tree(t, filepath.Join(dir, "public"))
	for name, page := range out {
		if strings.HasSuffix(name, ".html") && strings.Contains(string(page), "tracker.example") {
			t.Errorf("%s still names tracker.example", name)
		}
	}
	if about := string(out["about.html"]); !strings.Contains(about, "See our chart and <a href=\"https://example.com/r.pdf\">the report</a>.") {
		t.Errorf("about.html lost the image's text or the link:\n%s", about)
	}

	allowed := site(t, withFiles(map[string]string{"site.yaml": "title: Small\nas_of: 2026-02-15\nmarkdown: {external_images: true}\n",
		"content/about.md": files["content/about.md"]}))
	code, _, stderr = salesdeck(t, "build", "-src", allowed)
	about := read(t, filepath.Join(allowed, "public/about.html"))
	if code != 0 || stderr != "" || !strings.Contains(about, `<img src="http://tracker.example/p.png?u=1" alt="our chart">`) {
		t.Errorf("with external_images: exit %d, stderr %q, about.html:\n%s", code, stderr, about)
	}
}
