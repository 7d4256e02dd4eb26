package pages

import (
	"errors"
	"io/fs"
	"reflect"
	"testing"
	"testing/fstest"

	"salesdeck/internal/support/diag"
)

func files(m map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{}
	for name, s := range m {
		fsys[name] = &fstest.MapFile{Data: []byte(s)}
	}
	return fsys
}

func TestLoad(t *testing.T) {
	tests := []struct {
		name    string
		files   map[string]string
		drafts  bool
		want    []Page
		wantErr string // the whole diag list, one problem a line
	}{
		{
			name: "front matter",
			files: map[string]string{"content/about.md": "---\ntitle: About us\ndescription: Who we are\n" +
				"weight: 3\ndraft: false\n---\n# Ignored heading\n\nText.\n"},
			want: []Page{{Path: "about.html", Title: "About us", Description: "Who we are", Weight: 3,
				Body: "# Ignored heading\n\nText.\n", BodyLine: 7, File: "content/about.md"}},
		},
		{
			name:  "printed in the handout",
			files: map[string]string{"content/q3.md": "---\nhandout: true\nweight: 1\n---\nText.\n", "content/b.md": "---\nhandout: false\n---\n# B"},
			want: []Page{{Path: "b.html", Title: "B", Body: "# B", BodyLine: 4, File: "content/b.md"},
				{Path: "q3.html", Title: "q3", Weight: 1, Handout: true, Body: "Text.\n", BodyLine: 5, File: "content/q3.md"}},
		},
		{
			name:  "no front matter: title from the first heading",
			files: map[string]string{"content/a.md": "Intro\n\n```sh\n# not a title\n```\n\n## Sub\n# Q3 review #\n"},
			want: []Page{{Path: "a.html", Title: "Q3 review",
				Body: "Intro\n\n```sh\n# not a title\n```\n\n## Sub\n# Q3 review #\n", BodyLine: 1, File: "content/a.md"}},
		},
		{
			name:  "no heading: title from the file name",
			files: map[string]string{"content/q3-review.md": "---\nweight: -1\n---\nJust text."},
			want:  []Page{{Path: "q3-review.html", Title: "q3-review", Weight: -1, Body: "Just text.", BodyLine: 4, File: "content/q3-review.md"}},
		},
		{
			name:  "CRLF and byte-order mark",
			files: map[string]string{"content/win.md": "\ufeff---\r\ntitle: Windows\r\n---\r\nLine one\r\nLine two\r\n"},
			want:  []Page{{Path: "win.html", Title: "Windows", Body: "Line one\nLine two\n", BodyLine: 4, File: "content/win.md"}},
		},
		{
			name:  "empty front matter and body",
			files: map[string]string{"content/e.md": "---\n---"},
			want:  []Page{{Path: "e.html", Title: "e", Body: "", BodyLine: 3, File: "content/e.md"}},
		},
		{
			name: "nested paths; plans, hidden and other files skipped",
			files: map[string]string{
				"content/guides/setup.md":     "# Setup",
				"content/guides/deep/x.md":    "# X",
				"content/index.md":            "Welcome",
				"content/plans/fy2026.yaml":   "id: x",
				"content/plans/readme.md":     "# plans are not pages",
				"content/.#index.md":          "editor lock",
				"content/.drafts/secret.md":   "# hidden",
				"content/guides/chart.png":    "png",
				"content/guides/notes.md.bak": "backup",
			},
			want: []Page{
				{Path: "guides/deep/x.html", Title: "X", Body: "# X", BodyLine: 1, File: "content/guides/deep/x.md"},
				{Path: "guides/setup.html", Title: "Setup", Body: "# Setup", BodyLine: 1, File: "content/guides/setup.md"},
				{Path: "index.html", Body: "Welcome", BodyLine: 1, File: "content/index.md"},
			},
		},
		{
			name:  "drafts left out",
			files: map[string]string{"content/a.md": "---\ndraft: true\n---\n", "content/b.md": "# B"},
			want:  []Page{{Path: "b.html", Title: "B", Body: "# B", BodyLine: 1, File: "content/b.md"}},
		},
		{
			name:   "drafts kept on request",
			files:  map[string]string{"content/a.md": "---\ndraft: true\n---\n", "content/b.md": "# B"},
			drafts: true,
			want: []Page{
				{Path: "a.html", Title: "a", Draft: true, Body: "", BodyLine: 4, File: "content/a.md"},
				{Path: "b.html", Title: "B", Body: "# B", BodyLine: 1, File: "content/b.md"},
			},
		},
		{name: "no content folder", files: map[string]string{"site.yaml": "title: x"}},
		{
			name:    "content is a file",
			files:   map[string]string{"content": "oops"},
			wantErr: "content: must be a folder holding the Markdown pages",
		},
		{
			name:    "unknown key with suggestion",
			files:   map[string]string{"content/about.md": "---\ntitle: A\ntitel: B\n---\n"},
			wantErr: `content/about.md:3:1: unknown key "titel" in front matter (did you mean "title"?)`,
		},
		{
			name:  "wrong types",
			files: map[string]string{"content/about.md": "---\ndraft: yes\nweight: high\ntitle: [a, b]\nhandout: print\n---\n"},
			wantErr: "content/about.md:2:8: draft must be true or false, not \"yes\"\n" +
				"content/about.md:3:9: weight must be a whole number, not \"high\"\n" +
				"content/about.md:4:8: title must be text, not a list\n" +
				"content/about.md:5:10: handout must be true or false, not \"print\"",
		},
		{
			name:    "errors in a draft count even when drafts are left out",
			files:   map[string]string{"content/wip.md": "---\ndraft: true\nweight: 1.5\n---\n"},
			wantErr: `content/wip.md:3:9: weight must be a whole number, not "1.5"`,
		},
		{
			name:    "front matter that is not a mapping",
			files:   map[string]string{"content/a.md": "---\n- a\n---\n"},
			wantErr: `content/a.md:2:1: front matter must be a mapping of keys to values, not a list`,
		},
		{
			name:    "YAML syntax error at its file line",
			files:   map[string]string{"content/a.md": "\ufeff---\r\ntitle: ok\r\ndescription: \"open\r\n---\r\n"},
			wantErr: `content/a.md:3: invalid YAML: found unexpected end of stream; a quote is opened here but never closed`,
		},
		{
			name:    "unterminated front matter",
			files:   map[string]string{"content/a.md": "---\ntitle: A\n\n# Body\n", "content/b.md": "---"},
			wantErr: "content/a.md:1:1: front matter starts here but has no closing \"---\" line\ncontent/b.md:1:1: front matter starts here but has no closing \"---\" line",
		},
		{
			name: "not UTF-8: first bad byte, column in characters",
			files: map[string]string{
				"content/a.md": "Caf\xe9 au lait\n\xff",                        // Latin-1 é
				"content/b.md": "\ufeff---\r\ntitle: Über \x96 uns\r\n---\r\n", // cp1252 dash in front matter, after a BOM
				"content/c.md": "# Ok\n\n€ ü \xc3(\n",                          // truncated sequence after multi-byte characters
				"content/d.md": "\xff\xfe#\x00 \x00",                           // UTF-16
				"content/e.md": "Replacement character \ufffd is fine",
			},
			wantErr: "content/a.md:1:4: not valid UTF-8; save the file as UTF-8\n" +
				"content/b.md:2:13: not valid UTF-8; save the file as UTF-8\n" +
				"content/c.md:3:5: not valid UTF-8; save the file as UTF-8\n" +
				"content/d.md:1:1: not valid UTF-8; save the file as UTF-8",
		},
		{
			name: "unsafe file names",
			files: map[string]string{
				"content/about us.md":      "# A",
				"content/Über/team.md":     "# T",
				"content/ok/price?list.md": "# P",
			},
			wantErr: "content/about us.md: file name \"about us.md\" cannot become a web address: use only letters a-z and A-Z, digits, \".\", \"_\" and \"-\" (rename it \"about-us.md\")\n" +
				"content/ok/price?list.md: file name \"price?list.md\" cannot become a web address: use only letters a-z and A-Z, digits, \".\", \"_\" and \"-\"\n" +
				"content/Über/team.md: file name \"Über\" cannot become a web address: use only letters a-z and A-Z, digits, \".\", \"_\" and \"-\"",
		},
		{
			name:    "output paths differing only in case",
			files:   map[string]string{"content/About.md": "", "content/about.md": ""},
			wantErr: `content/about.md: output "about.html" clashes with that of content/About.md on Windows and macOS, where case does not count; rename one of them`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Load(files(tt.files), tt.drafts)
			if tt.wantErr != "" {
				var le *diag.ListError
				if !errors.As(err, &le) {
					t.Fatalf("Load error = %v (%T), want a diag list:\n%s", err, err, tt.wantErr)
				}
				if err.Error() != tt.wantErr {
					t.Fatalf("Load error:\n%s\nwant:\n%s", err, tt.wantErr)
				}
				if got != nil {
					t.Errorf("Load returned pages with an error: %+v", got)
				}
				return
			}
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Load:\n got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

// brokenFS fails to read one file, as a disk or permission error would.
type brokenFS struct {
	fstest.MapFS
	bad string
}

var errDisk = errors.New("input/output error")

func (b brokenFS) ReadFile(name string) ([]byte, error) {
	if name == b.bad {
		return nil, &fs.PathError{Op: "read", Path: name, Err: errDisk}
	}
	return b.MapFS.ReadFile(name)
}

// TestLoadSystemErrors checks that a failure of the file system names
// the file like an input problem, yet is marked as a system error (the
// command line exits 2) that still wraps the cause.
func TestLoadSystemErrors(t *testing.T) {
	fsys := brokenFS{files(map[string]string{"content/a.md": "# A", "content/b.md": "# B"}), "content/b.md"}
	_, err := Load(fsys, false)
	var le *diag.ListError
	if !errors.Is(err, errDisk) || !errors.As(err, &le) || !le.System() || err.Error() != "content/b.md: cannot read: input/output error" {
		t.Errorf("Load = %v, want content/b.md's read error, marked as a system error", err)
	}
}

func TestFirstHeading(t *testing.T) {
	tests := []struct{ body, want string }{
		{"# Title", "Title"},
		{"   #   Spaced   ", "Spaced"},
		{"    # indented code", ""},
		{"#hashtag\n# Real", "Real"},
		{"#\n# Second", "Second"},
		{"# Learn C#", "Learn C#"},
		{"# Closed ##", "Closed"},
		{"## Level two", ""},
		{"~~~~\n# in code\n~~~\n# still code\n~~~~\n# After", "After"},
		{"```\n# in code\n", ""},
		{"Setext\n======", ""},
	}
	for _, tt := range tests {
		if got := firstHeading(tt.body); got != tt.want {
			t.Errorf("firstHeading(%q) = %q, want %q", tt.body, got, tt.want)
		}
	}
}
