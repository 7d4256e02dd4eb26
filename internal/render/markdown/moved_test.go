package markdown

import (
	"strings"
	"testing"
)

// A page printed in the handout, at the top of the site, keeps its links,
// images and footnotes working, and its ids apart from other pages'.
func TestRenderMoved(t *testing.T) {
	src := "# Q3 review\n\n## Next steps\n\nSee [below](#next-steps), [the glossary](glossary.html), " +
		"[home](../index.html?x=1#top), [a folder](sub/), [a site](https://example.com/a), [root](/x.html), " +
		"[bad](javascript:alert(1)) and ![chart](../assets/c.png).[^1]\n\n[^1]: From the CRM.\n"
	tests := []struct {
		name string
		m    Moved
		want []string
	}{
		{"from a folder", Moved{Dir: "guides", IDs: "page-2-"}, []string{
			`<h2 id="page-2-next-steps">`, `href="#page-2-next-steps"`, `href="guides/glossary.html"`,
			`href="index.html?x=1#top"`, `href="guides/sub/"`, `href="https://example.com/a"`, `href="/x.html"`,
			`<a href="">bad</a>`, `src="assets/c.png"`, `id="page-2-fn:1"`, `href="#page-2-fn:1"`,
		}},
		{"from the top", Moved{IDs: "page-3-"}, []string{
			`href="glossary.html"`, `href="../index.html?x=1#top"`, `src="../assets/c.png"`, `<h1 id="page-3-q3-review">`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := New(false).RenderMoved(src, tt.m)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.want {
				if !strings.Contains(string(got), w) {
					t.Errorf("lacks %s:\n%s", w, got)
				}
			}
		})
	}
	// Shown in its own page, nothing moves.
	got, err := New(false).Render(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{`<h2 id="next-steps">`, `href="#next-steps"`, `href="glossary.html"`, `id="fn:1"`} {
		if !strings.Contains(string(got), w) {
			t.Errorf("Render lacks %s:\n%s", w, got)
		}
	}
}
