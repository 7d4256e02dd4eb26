package markdown

import (
	"errors"
	"html/template"
	"regexp"
	"strings"
	"testing"
)

func TestRender(t *testing.T) {
	tests := []struct {
		name    string
		unsafe  bool
		src     string
		want    []string // substrings of the output
		notWant []string
	}{
		{name: "heading id", src: "## Market overview", want: []string{`<h2 id="market-overview">Market overview</h2>`}},
		{name: "table", src: "| a | b |\n|---|--:|\n| 1 | 2 |", want: []string{"<table>", `<td style="text-align:right">2</td>`}},
		{name: "strikethrough", src: "~~old~~", want: []string{"<del>old</del>"}},
		{name: "task list", src: "- [x] done\n- [ ] open", want: []string{`<input checked="" disabled="" type="checkbox"`}},
		{name: "autolink", src: "see https://example.com", want: []string{`<a href="https://example.com">https://example.com</a>`}},
		{name: "footnote", src: "Claim[^1].\n\n[^1]: Source.", want: []string{`<sup id="fnref:1">`, `<li id="fn:1">`}},
		{name: "typographer", src: `"quoted" -- dash...`, want: []string{"&ldquo;quoted&rdquo;", "&ndash;", "&hellip;"}},
		{name: "code kept", src: "```go\nx := 1 < 2\n```", want: []string{`<pre><code class="language-go">x := 1 &lt; 2`}},
		{name: "script escaped", src: "<script>alert(1)</script>\n\nText", want: []string{"<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"}, notWant: []string{"<script", "omitted"}},
		{name: "inline html escaped", src: "a <img src=x onerror=alert(1)> b", want: []string{"<p>a &lt;img src=x onerror=alert(1)&gt; b</p>"}, notWant: []string{"<img", "omitted"}},
		{name: "javascript link", src: "[click](javascript:alert(1))", want: []string{`<a href="">click</a>`}, notWant: []string{"javascript:"}},
		{name: "javascript mixed case", src: "[click](JaVaScRiPt:alert(1))", want: []string{`<a href="">`}},
		{name: "javascript autolink", src: "<javascript:alert(1)>", want: []string{`<a href="">`}},
		{name: "javascript reference", src: "[a]: javascript:x\n\n[a]", want: []string{`<a href="">a</a>`}},
		{name: "javascript image", src: "![i](javascript:alert(1))", want: []string{`<img src="" alt="i">`}},
		{name: "data html link", src: "[a](data:text/html;base64,PHNjcmlwdD4=)", want: []string{`<a href="">`}},
		// Percent-encoding makes these relative paths, which browsers do not run.
		{name: "encoded whitespace", src: "[a](java&#9;script:alert(1))", want: []string{`href="java%09script:alert(1)"`}},
		{name: "leading space", src: "[a](< javascript:alert(1)>)", want: []string{`href="%20javascript:alert(1)"`}},
		{name: "attributes ignored", src: "## Title {style=\"color:red\"}", notWant: []string{`style="`}},
		{name: "unsafe keeps html", unsafe: true, src: "<div class=\"note\">Hi</div>", want: []string{`<div class="note">Hi</div>`}},
		{name: "unsafe attributes", unsafe: true, src: "## Title {#custom}", want: []string{`<h2 id="custom">Title</h2>`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := New(tt.unsafe).Render(tt.src)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.want {
				if !strings.Contains(string(got), w) {
					t.Errorf("output lacks %q:\n%s", w, got)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(string(got), w) {
					t.Errorf("output has %q:\n%s", w, got)
				}
			}
		})
	}
}

// TestRawHTML checks that raw HTML in safe mode is shown as the text that
// was typed (docs/pages.md), escaped so that none of it runs, and that unsafe
// mode passes it through.
func TestRawHTML(t *testing.T) {
	tests := []struct {
		name   string
		unsafe bool
		src    string
		want   string // the whole output
	}{
		{name: "inline tags", src: "Hi <b>x</b>", want: "<p>Hi &lt;b&gt;x&lt;/b&gt;</p>\n"},
		{name: "placeholder in text", src: "Sign the <NDA> first.", want: "<p>Sign the &lt;NDA&gt; first.</p>\n"},
		{name: "placeholder alone", src: "<NDA>", want: "<p>&lt;NDA&gt;</p>\n"},
		{name: "inline comment", src: "a <!-- x --> b", want: "<p>a &lt;!-- x --&gt; b</p>\n"},
		{name: "block comment", src: "<!-- x -->\n\nText", want: "<p>&lt;!-- x --&gt;</p>\n<p>Text</p>\n"},
		{name: "multi-line comment", src: "<!--\nnote\n-->\nafter", want: "<p>&lt;!--<br>\nnote<br>\n--&gt;</p>\n<p>after</p>\n"},
		{name: "script block", src: "<script>alert(1)</script>", want: "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n"},
		{
			name: "script block over lines",
			src:  "<script>\nvar a = 1 && 2;\n\nalert(a)\n</script>\n",
			want: "<p>&lt;script&gt;<br>\nvar a = 1 &amp;&amp; 2;<br>\n<br>\nalert(a)<br>\n&lt;/script&gt;</p>\n",
		},
		{name: "div block, CRLF", src: "<div class=\"x\">\r\nHi\r\n</div>", want: "<p>&lt;div class=&quot;x&quot;&gt;<br>\nHi<br>\n&lt;/div&gt;</p>\n"},
		{name: "event handler", src: "<img src=x onerror=alert(1)>", want: "<p>&lt;img src=x onerror=alert(1)&gt;</p>\n"},
		{name: "javascript in raw link", src: "<a href=\"javascript:alert(1)\">x</a>", want: "<p>&lt;a href=&quot;javascript:alert(1)&quot;&gt;x&lt;/a&gt;</p>\n"},
		{name: "inline over lines", src: "a <span\ntitle=\"t\">b</span>", want: "<p>a &lt;span\ntitle=&quot;t&quot;&gt;b&lt;/span&gt;</p>\n"},
		{name: "in a list", src: "- <i>x</i>", want: "<ul>\n<li>&lt;i&gt;x&lt;/i&gt;</li>\n</ul>\n"},
		// Text between the tags is Markdown, where an entity means its character.
		{name: "entity between tags", src: "<b>&amp;</b>", want: "<p>&lt;b&gt;&amp;&lt;/b&gt;</p>\n"},
		{name: "markdown link still neutralised", src: "<b>[x](javascript:alert(1))</b>", want: "<p>&lt;b&gt;<a href=\"\">x</a>&lt;/b&gt;</p>\n"},
		{name: "unsafe inline", unsafe: true, src: "Hi <b>x</b>", want: "<p>Hi <b>x</b></p>\n"},
		{name: "unsafe block", unsafe: true, src: "<!-- x -->\n<div>y</div>", want: "<!-- x -->\n<div>y</div>"},
	}
	// Tags the safe output may hold: those Markdown itself produces.
	tag := regexp.MustCompile(`<(/?)([a-zA-Z0-9]+)([^>]*)>`)
	allowed := map[string]bool{"p": true, "br": true, "a": true, "ul": true, "li": true}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := New(tt.unsafe).Render(tt.src)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("Render(%q):\n got %q\nwant %q", tt.src, got, tt.want)
			}
			if tt.unsafe {
				return
			}
			for _, m := range tag.FindAllStringSubmatch(string(got), -1) {
				if !allowed[m[2]] || (m[3] != "" && m[3] != ` href=""`) {
					t.Errorf("output has tag %q:\n%s", m[0], got)
				}
			}
			if strings.Contains(string(got), "<!") || strings.Contains(string(got), "<?") {
				t.Errorf("output has a comment or declaration:\n%s", got)
			}
		})
	}
}

func TestFence(t *testing.T) {
	var got []Fence
	r := New(false, WithFence("chart", func(f Fence) (template.HTML, error) {
		got = append(got, f)
		if strings.Contains(string(f.Body), "bad") {
			return "", errors.New("unknown strategy")
		}
		return template.HTML(`<figure class="x"></figure>`), nil
	}))

	src := "# Title\n\nText.\n\n```chart\nstrategy: a\nkind: cumulative\n```\n\n```chart\n```\n\n```yaml\nchart: no\n```\n"
	out, err := r.Render(src)
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(out), `<figure class="x"></figure>`); n != 2 {
		t.Errorf("want 2 figures, got %d:\n%s", n, out)
	}
	if !strings.Contains(string(out), `<code class="language-yaml">chart: no`) {
		t.Errorf("other languages must stay code:\n%s", out)
	}
	want := []Fence{
		{Lang: "chart", Info: "chart", Body: []byte("strategy: a\nkind: cumulative\n"), Line: 5},
		{Lang: "chart", Info: "chart", Line: 10},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d fences, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i].Lang != want[i].Lang || got[i].Info != want[i].Info || string(got[i].Body) != string(want[i].Body) || got[i].Line != want[i].Line {
			t.Errorf("fence %d = %+v, want %+v", i, got[i], want[i])
		}
	}

	_, err = r.Render("a\n\nb\n\n```chart\nbad\n```\n")
	var fe *FenceError
	if !errors.As(err, &fe) || fe.Line != 5 || fe.Lang != "chart" {
		t.Fatalf("err = %v, want a FenceError at line 5", err)
	}
	if want := "line 5: chart block: unknown strategy"; err.Error() != want {
		t.Errorf("err = %q, want %q", err, want)
	}
}

// Fences finds the blocks Render hands to a FenceFunc, as it hands them,
// without rendering: in a list item, in a quote, after other code.
func TestFences(t *testing.T) {
	src := "Text.\n\n- Look:\n\n  ```chart\n  metric: revenue\n  ```\n\n> ```chart\n> strategy: a\n> ```\n\n" +
		"```yaml\nmetric: no\n```\n\n    ```chart\n    indented code\n    ```\n\n```chart\n```\n"
	var rendered []Fence
	r := New(false, WithFence("chart", func(f Fence) (template.HTML, error) {
		rendered = append(rendered, f)
		return "", nil
	}))
	if _, err := r.Render(src); err != nil {
		t.Fatal(err)
	}
	got := New(false).Fences(src, "chart")
	if len(got) != 3 || len(got) != len(rendered) {
		t.Fatalf("%d fences, %d rendered, want 3: %+v", len(got), len(rendered), got)
	}
	for i, f := range got {
		w := rendered[i]
		if f.Lang != w.Lang || f.Info != w.Info || string(f.Body) != string(w.Body) || f.Line != w.Line || f.Col != w.Col {
			t.Errorf("fence %d = %+v, rendered %+v", i, f, w)
		}
	}
	if f := got[0]; string(f.Body) != "metric: revenue\n" || f.Line != 5 || f.Col != 3 {
		t.Errorf("the list item's fence = %+v", f)
	}
	// Markdown Render refuses has none.
	if got := New(false).Fences(strings.Repeat("> ", 40)+"```chart\nmetric: x\n```\n", "chart"); got != nil {
		t.Errorf("over the limits: %+v", got)
	}
}

func TestFenceUnsafeDelegation(t *testing.T) {
	// Fenced code that is not a registered block keeps escaping its
	// content in either mode: it is code, not HTML.
	for _, unsafe := range []bool{false, true} {
		out, err := New(unsafe, WithFence("kpi", nil)).Render("```html\n<script>x</script>\n```")
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(out), "<script>") {
			t.Errorf("unsafe=%v: code block not escaped: %s", unsafe, out)
		}
	}
}
