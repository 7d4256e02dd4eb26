package markdown

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"
)

// repeat repeats unit until the result is about size bytes.
func repeat(unit string, size int) string { return strings.Repeat(unit, max(1, size/len(unit))) }

// pathological are inputs whose parse time grew with the square of their
// size: cmark's pathological suite, the reproducers of the issue that found
// them in salesdeck, and cases from goldmark's own tracker. Each makes
// about n bytes.
var pathological = []struct {
	name string
	gen  func(n int) string
}{
	// cmark's suite.
	{"nested strong emph", func(n int) string { return repeat("*a **a ", n/2) + "b" + repeat(" a** a*", n/2) }},
	{"many emph closers with no openers", func(n int) string { return repeat("a_ ", n) }},
	{"many emph openers with no closers", func(n int) string { return repeat("_a ", n) }},
	{"many link closers with no openers", func(n int) string { return repeat("a]", n) }},
	{"many link openers with no closers", func(n int) string { return repeat("[a", n) }},
	{"mismatched openers and closers", func(n int) string { return repeat("*a_ ", n) }},
	{"openers and closers multiple of 3", func(n int) string { return "a**b" + repeat("c* ", n) }},
	{"link openers and emph closers", func(n int) string { return repeat("[ a_", n) }},
	{"nested brackets", func(n int) string { return strings.Repeat("[", n/2) + "a" + strings.Repeat("]", n/2) }},
	{"nested block quotes", func(n int) string { return repeat("> ", n) + "a" }},
	{"deeply nested lists", func(n int) string {
		var b strings.Builder
		for i := 0; b.Len() < n; i++ {
			b.WriteString(strings.Repeat("  ", i) + "* a\n")
		}
		return b.String()
	}},
	{"backticks", distinctBackticks},
	{"unclosed links A", func(n int) string { return repeat("[a](<b", n) }},
	{"unclosed links B", func(n int) string { return repeat("[a](b", n) }},
	{"many references", func(n int) string {
		var b strings.Builder
		for i := 1; b.Len() < n*3/4; i++ {
			fmt.Fprintf(&b, "[%d]: u\n", i)
		}
		return b.String() + repeat("[0] ", n/4)
	}},
	// The reproducers that are not above.
	{"nested > without blanks", func(n int) string { return repeat(">", n) + "a" }},
	{"one paragraph of reference definitions", func(n int) string { return repeat("[a]: /u\n", n) }},
	{"footnotes", func(n int) string {
		var b strings.Builder
		for i := 0; b.Len() < n/2; i++ {
			fmt.Fprintf(&b, "x[^%d]\n", i)
		}
		for i := 0; b.Len() < n; i++ {
			fmt.Fprintf(&b, "[^%d]: note\n", i)
		}
		return b.String()
	}},
	// More that goldmark took quadratic time on.
	{"escaped backtick runs", func(n int) string { return repeat("\\``", n) }},
	{"backtick runs then escape", func(n int) string { return repeat("``\\", n) }},
	{"empty link destinations", func(n int) string { return repeat("[](", n) }},
	{"unclosed images", func(n int) string { return repeat("![a](", n) }},
	{"single quotes", func(n int) string { return repeat("'", n) }},
	{"double quotes", func(n int) string { return repeat(`"`, n) }},
	{"lines of shortcut references", func(n int) string { return repeat("[a]\n", n) }},
	{"link and bracket lines", func(n int) string { return repeat("]([\n", n) }},
	{"emphasis and brackets", func(n int) string { return repeat("[*_a", n) }},
	{"mixed emphasis", func(n int) string { return repeat("*a_b*c_d**e_f*g**h*i_j**", n) }},
	{"list markers on one line", func(n int) string { return repeat("- ", n) + "x\n" }},
	{"ordered markers on one line", func(n int) string { return repeat("1. ", n) + "x\n" }},
	{"quoted list markers", func(n int) string { return repeat("> - ", n) + "x\n" }},
	{"table rows padded to a wide header", func(n int) string {
		return repeat("|a", 1000) + "|\n" + repeat("|-", 1000) + "|\n" + repeat("x\n", n)
	}},
}

// distinctBackticks makes about n bytes of backtick runs no two of the
// same length, so that none closes another.
func distinctBackticks(n int) string {
	var b strings.Builder
	for i := 1; b.Len() < n; i++ {
		b.WriteString("e" + strings.Repeat("`", i))
	}
	return b.String()
}

// Parsing any of the pathological inputs takes time in proportion to its
// size: eight times the input may take at most 32 times as long (linear
// is 8; quadratic would be 64), whether the input renders or is refused.
// The inputs are kept as they came, so that a goldmark upgrade that
// changes what is slow shows here.
func TestPathologicalInputsTakeLinearTime(t *testing.T) {
	n := 32 << 10
	if testing.Short() {
		n = 4 << 10
	}
	r := New(false)
	for _, tt := range pathological {
		t.Run(tt.name, func(t *testing.T) {
			small, large := tt.gen(n), tt.gen(8*n)
			ts, errSmall := timeRender(r, small)
			tl, errLarge := timeRender(r, large)
			for _, err := range []error{errSmall, errLarge} {
				var le *LimitError
				if err != nil && !errors.As(err, &le) {
					t.Fatalf("error %v is not a *LimitError", err)
				}
			}
			t.Logf("%d bytes %v (%v), %d bytes %v (%v)", len(small), ts, errSmall, len(large), tl, errLarge)
			// Below a tenth of a second a timing says more about the
			// machine (go test runs packages side by side) than the
			// parser; a quadratic case takes seconds.
			if tl > 32*ts && tl > 100*time.Millisecond {
				t.Errorf("%d bytes took %v, %d bytes %v: %.0f times as long for %.0f times the input", len(small), ts, len(large), tl,
					float64(tl)/float64(ts), float64(len(large))/float64(len(small)))
			}
		})
	}
}

// timeRender returns the least time of a few renders of src, each timed
// over enough repetitions to read the clock well, and the error.
func timeRender(r *Renderer, src string) (time.Duration, error) {
	best := time.Duration(1 << 62)
	var err error
	for range 3 {
		reps, start := 0, time.Now()
		for reps == 0 || time.Since(start) < 20*time.Millisecond {
			_, err = r.Render(src)
			reps++
		}
		best = min(best, time.Since(start)/time.Duration(reps))
	}
	return best, err
}

// Each limit refuses what is over it at the place it is crossed, with a
// message that says what to do, and lets through what is just under it.
func TestLimits(t *testing.T) {
	tests := []struct {
		name  string
		src   string
		value bool   // a YAML value (RenderValue) rather than a page
		want  string // the error; "" for none
	}{
		{name: "page at its size", src: strings.Repeat("a", MaxPageBytes)},
		{name: "page over its size", src: strings.Repeat("a", MaxPageBytes+1),
			want: "line 1:1: 1.0 MiB of Markdown, over the 1.0 MiB salesdeck renders in one piece; split it into several pages"},
		{name: "summary over its size", value: true, src: strings.Repeat("a\n", 40<<10),
			want: "line 1:1: 80 KiB of Markdown, over the 64 KiB salesdeck renders in one piece; split it into several pages"},
		{name: "32 quotes", src: "text\n\n" + strings.Repeat("> ", 32) + "a\n"},
		{name: "33 quotes", src: "text\n\n" + strings.Repeat("> ", 33) + "a\n",
			want: "line 3:1: block quotes and lists nested 33 deep, over the 32 salesdeck allows; flatten them"},
		{name: "list markers on one line", src: strings.Repeat("- ", 40) + "x",
			want: "line 1:1: block quotes and lists nested 33 deep, over the 32 salesdeck allows; flatten them"},
		{name: "indented list items", src: strings.Repeat(" ", 128) + "- x",
			want: "line 1:1: block quotes and lists nested 33 deep, over the 32 salesdeck allows; flatten them"},
		{name: "a long thematic break is no list", src: strings.Repeat("* ", 100)},
		{name: "256 links", src: strings.Repeat("[a](b) ", 256)},
		{name: "257 links", src: "intro\n\n" + strings.Repeat("[a](b", 257),
			want: "line 3:1281: more than 256 links or brackets ([) in one paragraph or table row; split it with a blank line"},
		{name: "links in list items count apart", src: strings.Repeat("- [a](b) [c](d)\n", 1000)},
		{name: "links in table rows count apart", src: "| a | b |\n|---|---|\n" + strings.Repeat("| [a](b) | [c](d) |\n", 1000)},
		{name: "500 emphasis marks", src: strings.Repeat("*a* ", 250)},
		{name: "501 emphasis marks", src: strings.Repeat("*a_ ", 251),
			want: "line 1:1001: more than 500 emphasis marks and quotes (* _ ~ ' \") in one paragraph or table row; split it with a blank line"},
		{name: "escaped marks are text", src: strings.Repeat(`\*`, 2000)},
		{name: "quotes count", src: strings.Repeat("'", 501),
			want: "line 1:501: more than 500 emphasis marks and quotes (* _ ~ ' \") in one paragraph or table row; split it with a blank line"},
		{name: "code in fences is not counted", src: "```\n" + strings.Repeat(`"key": "value", [1], *x*`+"\n", 1000) + "```\n"},
		{name: "a fence in a list item ends with the item", src: "- ```\n  code\n" + strings.Repeat("*a_ ", 600),
			want: "line 3:1001: more than 500 emphasis marks and quotes (* _ ~ ' \") in one paragraph or table row; split it with a blank line"},
		{name: "paired code spans", src: strings.Repeat("`a` ", 5000)},
		{name: "unpaired backtick runs", src: "text\n\n" + distinctBackticks(40000),
			want: "line 3:562: too many runs of backticks (`) without a closing run of the same length in one paragraph; close the code spans or split the paragraph with a blank line"},
		{name: "1000 reference definitions", src: repeat("[a]: /u\n", 8000) + "\n[a]"},
		{name: "1001 reference definitions", src: repeat("[a]: /u\n", 8008),
			want: "line 1001:1: more than 1000 link reference definitions ([label]: url), over what salesdeck allows in one piece; split it into several pages"},
		{name: "1001 footnote definitions", src: repeat("[^a]: note\n\n", 12012),
			want: "line 2001:1: more than 1000 footnote definitions, over what salesdeck allows in one piece; split it into several pages"},
		{name: "1001 footnote references", src: repeat("x[^a]\n\n", 7007),
			want: "line 2001:2: more than 1000 footnote references ([^label]), over what salesdeck allows in one piece; split it into several pages"},
		{name: "a table with its cells", src: "| a | b |\n|---|---|\n" + strings.Repeat("| 1 | 2 |\n", 100000)},
		{name: "short rows of a wide table", src: repeat("|a", 2000) + "|\n" + repeat("|-", 2000) + "|\n" + repeat("x\n", 300),
			want: "line 103:1: table rows lack more than 100000 cells in all, which would be added empty; give each row its cells"},
	}
	r := New(false)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			render := r.Render
			if tt.value {
				render = r.RenderValue
			}
			_, err := render(tt.src)
			got := ""
			if err != nil {
				got = err.Error()
			}
			if got != tt.want {
				t.Errorf("error %q\nwant  %q", got, tt.want)
			}
		})
	}
}

// A parse that outlives MaxParseTime is abandoned where goldmark was, as
// a LimitError, and the Renderer goes on working.
func TestTimeGuard(t *testing.T) {
	r := New(false)
	r.maxTime = time.Nanosecond
	_, err := r.Render("# Title\n\n" + strings.Repeat("Some *text* and a [link](x).\n", 100))
	var le *LimitError
	if !errors.As(err, &le) || !strings.Contains(le.Msg, "took longer than 1ns to read, around here; simplify or split this part") || le.Line < 1 {
		t.Fatalf("error %v, want a LimitError for the time", err)
	}
	r.maxTime = MaxParseTime
	if got, err := r.Render("*fine*"); err != nil || got != "<p><em>fine</em></p>\n" {
		t.Errorf("after an abandoned parse: %q, %v", got, err)
	}
}

// The checks and the guard change nothing in what a page renders to: the
// project's own documents render byte for byte as goldmark alone renders
// them.
func TestLimitsKeepOrdinaryPages(t *testing.T) {
	var docs []string
	for _, name := range []string{"../../../README.md", "../../../BENCHMARKS.md", "../../../content/about.md", "../../../content/index.md"} {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, string(b))
	}
	docs = append(docs, "| a | b |\n|:--|--:|\n| `x` | *y* |\n\n- [ ] task\n- [x] done\n\n> quote\n> - item\n\nNote[^1].\n\n[^1]: \"Quoted\" -- it's here...\n")
	for _, unsafe := range []bool{false, true} {
		guarded, plain := New(unsafe), New(unsafe, func(r *Renderer) { r.noGuard = true })
		for i, doc := range docs {
			got, err := guarded.Render(doc)
			if err != nil {
				t.Fatalf("doc %d: %v", i, err)
			}
			var want bytes.Buffer
			if err := plain.md.Convert([]byte(doc), &want); err != nil {
				t.Fatal(err)
			}
			if string(got) != want.String() {
				t.Errorf("doc %d (unsafe %v) renders differently with the guard", i, unsafe)
			}
		}
	}
}
