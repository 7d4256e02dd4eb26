package yamldoc

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"salesdeck/internal/support/diag"
)

func parse(src string) (*diag.List, bool) {
	var errs diag.List
	root := Doc{File: "f.yaml", Errs: &errs}.Parse([]byte(src))
	return &errs, root != nil
}

// Syntax errors point at the line to look at, whatever yaml.v3 counts
// from, and say what usually causes them.
func TestSyntaxErrors(t *testing.T) {
	tests := []struct{ src, want string }{
		{"title: [x\n", `f.yaml:1: invalid YAML: did not find expected ',' or ']'; a [list] is not closed, or an item holding ", " or ": " needs quotes`},
		{"a: 1\nb: 2\ntitle: [x, y\nc: 3\n", `f.yaml:3: invalid YAML: did not find expected ',' or ']'; a [list] is not closed, or an item holding ", " or ": " needs quotes`},
		{"a: 1\nb: {x: 1\n", `f.yaml:2: invalid YAML: did not find expected ',' or '}'; a {mapping} is not closed, or a value holding ", " or ": " needs quotes`},
		{"a: 1\ntitle: a: b\n", `f.yaml:2: invalid YAML: mapping values are not allowed in this context; put text holding ": " in quotes (title: "EMEA: growth plan"), or check the indentation`},
		{"a: 1\n\tb: 2\n", `f.yaml:2: invalid YAML: found a tab character that violates indentation; indent with spaces, not tabs`},
		{"a: 1\nb: @x\n", "f.yaml:2: invalid YAML: found character that cannot start any token; indent with spaces, not tabs, and put text that starts with @, ` or % in quotes"},
		{"a: 1\nb: \"x\nc: 2\n", `f.yaml:2: invalid YAML: found unexpected end of stream; a quote is opened here but never closed`},
		{"a:\n  b: 1\n c: 2\n", `f.yaml:3: invalid YAML: did not find expected key; check the indentation of this line and the ones around it`},
		{"a: 1\n- b\n", `f.yaml:2: invalid YAML: did not find expected key; check the indentation of this line and the ones around it`},
		{"a: 1\nb: [1, *x]\n", `f.yaml:2:8: invalid YAML: unknown anchor 'x' referenced; define the anchor (&name) before the alias (*name) that repeats it`},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			errs, ok := parse(tt.src)
			if ok || errs.Err() == nil || errs.Err().Error() != tt.want {
				t.Errorf("got %v\nwant %s", errs.Err(), tt.want)
			}
		})
	}
}

// Aliases that would expand past MaxExpanded, or into themselves, are
// refused at once, at the alias where it happens; ordinary reuse is fine.
func TestAliases(t *testing.T) {
	laughs := "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
	for i := 1; i < 10; i++ {
		p := "*a" + string(rune('0'+i-1))
		laughs += "a" + string(rune('0'+i)) + ": &a" + string(rune('0'+i)) + " [" + strings.Repeat(p+", ", 8) + p + "]\n"
	}
	long := "big: &big " + strings.Repeat("x", 1<<20) + "\nmany: [" + strings.Repeat("*big, ", 20) + "*big]\n"
	tests := []struct{ name, src, want string }{
		{"billion laughs", laughs, "f.yaml:7:45: aliases make this file more than 16 MB once expanded (*a5 repeats a large part of it); salesdeck refuses such files, which can exhaust memory: repeat less with anchors (&) and aliases (*)"},
		{"long text repeated", long, "f.yaml:2:98: aliases make this file more than 16 MB once expanded (*big repeats a large part of it); salesdeck refuses such files, which can exhaust memory: repeat less with anchors (&) and aliases (*)"},
		{"alias inside its anchor", "a: &a {b: [1, *a]}\n", "f.yaml:1:15: alias *a repeats the anchor it is inside, so it never ends; remove it"},
		{"reuse", "emea: &emea {region: EMEA}\nx: *emea\ny: [*emea, *emea]\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			errs, ok := parse(tt.src)
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("took %v", d)
			}
			got := ""
			if err := errs.Err(); err != nil {
				got = err.Error()
			}
			if got != tt.want || ok != (tt.want == "") {
				t.Errorf("got %q (root %v)\nwant %q", got, ok, tt.want)
			}
		})
	}
}

// A file over MaxSize is refused before it is read whole: by its size
// when the file system tells it, else after MaxSize+1 bytes.
func TestReadFileBound(t *testing.T) {
	dir := t.TempDir()
	f, err := os.Create(filepath.Join(dir, "big.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	// Sparse: 100 MB that take no room and are never read.
	if err := os.Truncate(filepath.Join(dir, "big.yaml"), 100<<20); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "ok.yaml"), []byte("title: x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	unsized := lyingFS{fstest.MapFS{"grown.yaml": {Data: make([]byte, MaxSize+10)}}}
	const refused = "; YAML files over 4 MB are refused, as plans and site.yaml are written by hand: check that this is the right file, or split the plan into several files"
	tests := []struct {
		fsys fs.FS
		name string
		want string
	}{
		{os.DirFS(dir), "big.yaml", "big.yaml: file is 100.0 MB" + refused},
		{unsized, "grown.yaml", "grown.yaml: file is more than 4 MB" + refused},
		{os.DirFS(dir), "ok.yaml", ""},
		{os.DirFS(dir), "missing.yaml", "missing.yaml: cannot read: no such file or directory"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := ReadFile(tt.fsys, tt.name)
			got := ""
			if err != nil {
				got = err.Error()
			}
			if got != tt.want || (err == nil && string(b) != "title: x\n") {
				t.Errorf("got %q, %v\nwant %q", b, err, tt.want)
			}
		})
	}
	var errs diag.List
	Doc{File: "big.yaml", Errs: &errs}.Parse(make([]byte, MaxSize+1))
	if got := errs.Err().Error(); got != "big.yaml: file is 4.0 MB"+refused {
		t.Errorf("Parse: %s", got)
	}
}

// lyingFS reports every file as 0 bytes long, as a pipe or a file still
// being written might.
type lyingFS struct{ fstest.MapFS }

func (l lyingFS) Open(name string) (fs.File, error) {
	f, err := l.MapFS.Open(name)
	return zeroSize{f}, err
}

type zeroSize struct{ fs.File }

func (z zeroSize) Stat() (fs.FileInfo, error) { return zeroInfo{}, nil }

type zeroInfo struct{ fs.FileInfo }

func (zeroInfo) Size() int64       { return 0 }
func (zeroInfo) Mode() fs.FileMode { return 0 }

// A file holds one YAML document. yaml.v3 reads the first and ignores the
// rest, even when it is invalid, so a second is an error at its marker
// rather than text that silently counts for nothing.
func TestOneDocument(t *testing.T) {
	tests := []struct {
		name, src string
		doc       Doc // What and Split; File and Errs are the test's
		want      string
	}{
		{"a second document", "a: 1\n---\nb: 2\n", Doc{}, `f.yaml:2:1: this file holds one YAML document; remove the "---" at line 2`},
		{"an invalid second document", "a: 1\n---\ntitle: [unclosed\n", Doc{What: "a plan file", Split: true},
			`f.yaml:2:1: a plan file holds one YAML document; remove the "---" at line 2 or split the file`},
		{"an empty second document", "a: 1\n--- \n", Doc{What: "site.yaml"}, `f.yaml:2:1: site.yaml holds one YAML document; remove the "---" at line 2`},
		{"a document after an end marker", "a: 1\n...\n# more\nb: 2\n", Doc{What: "front matter"}, `f.yaml:2:1: front matter holds one YAML document; remove the "..." at line 2`},
		{"a marker before the document", "# plan\n---\na: 1\n...\n\n# end\n", Doc{}, ""},
		{"a directive", "%YAML 1.1\n---\na: 1\n", Doc{}, ""},
		{"dashes inside a block of text", "a: |\n  ---\n  text\nb: \"---\"\n", Doc{}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var errs diag.List
			d := tt.doc
			d.File, d.Errs = "f.yaml", &errs
			d.Parse([]byte(tt.src))
			got := ""
			if err := errs.Err(); err != nil {
				got = err.Error()
			}
			if got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}
