package main

import (
	"bytes"
	"encoding/json"
	"image/png"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"salesdeck/internal/app/browser"
)

// needTool returns the path of a command the PDF tests read PDFs with
// (poppler-utils), skipping the test when it is missing, except under CI,
// where that is a failure.
func needTool(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("PDF test under CI: %s not found (apt-get install poppler-utils)", name)
		}
		t.Skipf("%s not found (apt-get install poppler-utils)", name)
	}
	return p
}

func needChromium(t *testing.T) {
	t.Helper()
	if _, err := browser.Find(); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("PDF test under CI: %v", err)
		}
		t.Skip(err)
	}
}

func tool(t *testing.T, name string, args ...string) string {
	t.Helper()
	out, err := exec.Command(name, args...).Output()
	if err != nil {
		t.Fatalf("%s %s: %v", filepath.Base(name), strings.Join(args, " "), err)
	}
	return string(out)
}

// words is s with every run of white space made one space, so a title
// pdftotext broke over two lines still matches.
func words(s string) string { return strings.Join(strings.Fields(s), " ") }

// `salesdeck pdf` prints the example site's board handout: a cover,
// contents and summary, then a page per strategy holding its title and its
// drawn charts.
func TestHandoutPDF(t *testing.T) {
	needChromium(t)
	pdfinfo, pdftotext, pdftoppm := needTool(t, "pdfinfo"), needTool(t, "pdftotext"), needTool(t, "pdftoppm")
	dir := t.TempDir()

	// The strategies, from a normal build of the same site.
	out := filepath.Join(dir, "public")
	if code, _, stderr := salesdeck(t, "build", "-out", out); code != 0 {
		t.Fatalf("build exited %d:\n%s", code, stderr)
	}
	var site struct {
		Strategies []struct{ ID, Title string } `json:"strategies"`
	}
	b, err := os.ReadFile(filepath.Join(out, "data", "strategies.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &site); err != nil || len(site.Strategies) == 0 {
		t.Fatalf("strategies.json: %v (%d strategies)", err, len(site.Strategies))
	}

	file := filepath.Join(dir, "board.pdf")
	code, stdout, stderr := salesdeck(t, "pdf", "-o", file)
	if code != 0 {
		t.Fatalf("pdf exited %d:\n%s", code, stderr)
	}
	if !strings.Contains(stdout, "printed "+file) {
		t.Errorf("no summary line in %q", stdout)
	}

	info := tool(t, pdfinfo, file)
	m := regexp.MustCompile(`(?m)^Pages:\s+(\d+)`).FindStringSubmatch(info)
	if m == nil {
		t.Fatalf("pdfinfo gives no page count:\n%s", info)
	}
	pages, _ := strconv.Atoi(m[1])
	// The cover, the contents, the summary, then one page per strategy at
	// least.
	if min := 3 + len(site.Strategies); pages < min {
		t.Errorf("%d pages, want at least %d", pages, min)
	}
	if !regexp.MustCompile(`(?m)^Page size:.*\(A4\)`).MatchString(info) {
		t.Errorf("not A4 (the example site's default):\n%s", info)
	}

	text := words(tool(t, pdftotext, file, "-"))
	for _, s := range site.Strategies {
		if !strings.Contains(text, words(s.Title)) {
			t.Errorf("no %q in the PDF", s.Title)
		}
	}

	// The first strategy's page: the first holding its title and its
	// cumulative chart's caption (the contents only list the title).
	first := words(site.Strategies[0].Title)
	page := 0
	for p := 1; p <= pages && page == 0; p++ {
		s := words(tool(t, pdftotext, "-f", strconv.Itoa(p), "-l", strconv.Itoa(p), file, "-"))
		if strings.Contains(s, first) && strings.Contains(s, "actual vs target, cumulative") {
			page = p
		}
	}
	if page == 0 {
		t.Fatalf("no page holds %q with its charts", first)
	}
	prefix := filepath.Join(dir, "page")
	tool(t, pdftoppm, "-f", strconv.Itoa(page), "-l", strconv.Itoa(page), "-r", "50", "-png", "-singlefile", file, prefix)
	png, err := os.ReadFile(prefix + ".png")
	if err != nil {
		t.Fatal(err)
	}
	n := chartPixels(t, png)
	if n < 300 {
		t.Errorf("page %d (%s) has %d pixels of the charts' colour: its charts were not drawn", page, first, n)
	}
	t.Logf("%d pages; %s on page %d, %d pixels of chart colour", pages, first, page, n)
}

// chartPixels counts the pixels of a PNG near the example site's theme
// colour (#1f5fd1), which draws actual figures in charts and nothing else
// on a strategy's page: coloured, not grey, and not a status colour.
func chartPixels(t *testing.T, b []byte) int {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	near := func(v uint32, want int) bool { d := int(v>>8) - want; return d > -45 && d < 45 }
	n := 0
	r := img.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			cr, cg, cb, _ := img.At(x, y).RGBA()
			if near(cr, 0x1f) && near(cg, 0x5f) && near(cb, 0xd1) {
				n++
			}
		}
	}
	return n
}

// A normal build writes the handout: one sheet per strategy, on the paper
// site.yaml asks for.
func TestHandoutInBuild(t *testing.T) {
	out := t.TempDir()
	if code, _, stderr := salesdeck(t, "build", "-out", out); code != 0 {
		t.Fatalf("build exited %d:\n%s", code, stderr)
	}
	files := tree(t, out)
	var example exampleJSON
	if err := json.Unmarshal(files["data/strategies.json"], &example); err != nil {
		t.Fatal(err)
	}
	page := string(files["handout.html"])
	for _, s := range example.Strategies {
		if n := strings.Count(page, `<section class="sheet sheet-strategy status-page-`+s.Status+`" aria-labelledby="strategy-`+s.ID+`"`); n != 1 {
			t.Errorf("%d sheets for strategy %s, want 1", n, s.ID)
		}
	}
	if n := strings.Count(page, `<section class="sheet sheet-strategy`); n != len(example.Strategies) {
		t.Errorf("%d strategy sheets for %d strategies", n, len(example.Strategies))
	}
	if !strings.Contains(page, "size: A4 portrait;") {
		t.Error("the example site's handout is not A4 portrait")
	}

	letter := maps.Clone(small)
	letter["site.yaml"] += "handout: {paper: Letter, orientation: landscape}\n"
	dir := site(t, letter)
	if code, _, stderr := salesdeck(t, "build", "-src", dir); code != 0 {
		t.Fatalf("build exited %d:\n%s", code, stderr)
	}
	b, err := os.ReadFile(filepath.Join(dir, "public", "handout.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`@page \{\s*size: Letter landscape;`).Match(b) {
		t.Error("handout: {paper: Letter, orientation: landscape} did not reach the @page rule")
	}
}

// Without Chromium, `salesdeck pdf` says how to install it, exits 2 and
// writes nothing.
func TestPDFWithoutChromium(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	t.Setenv("SALESDECK_CHROME", "")
	file := filepath.Join(t.TempDir(), "handout.pdf")
	code, _, stderr := salesdeck(t, "pdf", "-o", file)
	if code != 2 {
		t.Errorf("exit %d, want 2", code)
	}
	if !strings.Contains(stderr, "apt-get install chromium") {
		t.Errorf("no install hint in %q", stderr)
	}
	if _, err := os.Stat(file); err == nil {
		t.Error("a PDF was written")
	}
}
