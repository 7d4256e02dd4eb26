package markdown

import (
	"errors"
	"html/template"
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
		{name: "script omitted", src: "<script>alert(1)</script>\n\nText", want: []string{"<!-- raw HTML omitted -->"}, notWant: []string{"<script"}},
		{name: "inline html omitted", src: "a <img src=x onerror=alert(1)> b", want: []string{"raw HTML omitted"}, notWant: []string{"<img", "onerror"}},
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
