package pages

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"salesdeck/internal/support/diag"
)

// FuzzParse checks that no page panics, that a page is either read or
// rejected, that every rejection names the file and a line of it, and
// that the body keeps its place in the file. Its seeds (the example
// site's pages and front matter that once went wrong) run with every go
// test.
func FuzzParse(f *testing.F) {
	examples, _ := filepath.Glob("../../../content/*.md")
	for _, name := range examples {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(b)
		}
	}
	for _, s := range []string{
		"",
		"---",
		"---\n",
		"---\n---\n",
		"\ufeff---\r\ntitle: A\r\n---\r\nBody\r\n",
		"---\ntitle: [x\n---\n",
		"---\ntitle: &a [x, *a]\n---\n",
		"---\n- a\n---\n",
		"---\nweight: 1e99\ndraft: yes\ntitel: x\n---\n# H\n",
		"---\na: &a [x, x, x, x]\nb: &b [*a, *a, *a, *a]\ntitle: *b\n---\n",
		"# Title #\n```\n# not\n```\n",
		"---  \ntitle: x\n---\t\nbody",
		"---\ntitle: Caf\xe9\n---\n",
		"\ufeff\xff",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		const name = "content/a.md"
		var errs diag.List
		p, ok := parse(name, src, &errs)
		if ok != (errs.Len() == 0) {
			t.Fatalf("ok %v with errors: %v", ok, errs.Err())
		}
		for _, e := range errs.Items {
			if e.Pos.File != name || e.Pos.Line < 1 || e.Pos.Col < 0 || strings.TrimSpace(e.Msg) == "" {
				t.Errorf("error without a position: %q at %+v", e.Msg, e.Pos)
			}
		}
		if !ok {
			return
		}
		if p.Title == "" || p.Path != "a.html" || p.BodyLine < 1 {
			t.Errorf("page %+v", p)
		}
		if !utf8.Valid(src) && !utf8.Valid(bytes.TrimPrefix(src, []byte("\ufeff"))) {
			t.Errorf("file that is not UTF-8 accepted: %q", src)
		}
		// Line n of the body is line BodyLine+n-1 of the file, for errors
		// found while rendering it.
		text := strings.ReplaceAll(strings.TrimPrefix(string(src), "\ufeff"), "\r\n", "\n")
		lines := strings.SplitAfter(text, "\n")
		if p.BodyLine > len(lines)+1 || p.Body != strings.Join(lines[min(p.BodyLine-1, len(lines)):], "") {
			t.Errorf("body starting at line %d is %q; the file from there is %q", p.BodyLine, p.Body, lines[min(p.BodyLine-1, len(lines)):])
		}
	})
}
