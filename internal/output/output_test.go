package output

import (
	"cmp"
	"errors"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// tree returns every file and folder under root as path -> "mode content"
// (folders: "mode/"), so a comparison catches any byte or mode change.
func tree(t *testing.T, root string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || p == root {
			return err
		}
		rel := filepath.ToSlash(strings.TrimPrefix(p, root+string(filepath.Separator)))
		fi, err := d.Info()
		if err != nil {
			return err
		}
		if d.IsDir() {
			out[rel+"/"] = fi.Mode().Perm().String()
			return nil
		}
		b, err := os.ReadFile(p)
		out[rel] = fi.Mode().Perm().String() + " " + string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func diffTrees(t *testing.T, want, got map[string]string) {
	t.Helper()
	for _, k := range slices.Sorted(maps.Keys(want)) {
		if g, ok := got[k]; !ok {
			t.Errorf("missing %s", k)
		} else if g != want[k] {
			t.Errorf("%s: got %.60q, want %.60q", k, g, want[k])
		}
	}
	for _, k := range slices.Sorted(maps.Keys(got)) {
		if _, ok := want[k]; !ok {
			t.Errorf("unexpected %s", k)
		}
	}
}

func mustWrite(t *testing.T, p, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func previousBuild(t *testing.T, root string) {
	t.Helper()
	err := Write(filepath.Join(root, "public"), map[string][]byte{
		"index.html":     []byte("old index"),
		"old.html":       []byte("old page"),
		"assets/old.css": []byte("old css"),
	})
	if err != nil {
		t.Fatal(err)
	}
}

const (
	file   = "-rw-r--r-- "
	folder = "-rwxr-xr-x"
	marker = file + markerText
)

func TestWrite(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("file modes are not Unix modes on Windows")
	}
	site := map[string][]byte{
		"index.html":           []byte("<h1>new</h1>"),
		"assets/echarts.js":    []byte("js"),
		"strategies/dach.html": []byte("dach"),
	}
	newBuild := map[string]string{
		"public/":                     folder,
		"public/.salesdeck":           marker,
		"public/index.html":           file + "<h1>new</h1>",
		"public/assets/":              folder,
		"public/assets/echarts.js":    file + "js",
		"public/strategies/":          folder,
		"public/strategies/dach.html": file + "dach",
	}
	with := func(extra map[string]string) map[string]string {
		m := maps.Clone(newBuild)
		maps.Copy(m, extra)
		return m
	}
	tests := []struct {
		name    string
		out     string // relative to the test's root folder
		setup   func(t *testing.T, root string)
		files   map[string][]byte
		wantErr string            // "" for success; else the whole message after the folder
		want    map[string]string // the root's tree afterwards; nil: unchanged
	}{
		{name: "new folder", files: site, want: newBuild},
		{
			name:  "empty folder",
			setup: func(t *testing.T, root string) { os.Mkdir(filepath.Join(root, "public"), 0o755) },
			files: site, want: newBuild,
		},
		{
			name:  "missing parent folders",
			out:   "site/build/public",
			files: map[string][]byte{"a.html": []byte("a")},
			want: map[string]string{
				"site/": folder, "site/build/": folder, "site/build/public/": folder,
				"site/build/public/.salesdeck": marker, "site/build/public/a.html": file + "a",
			},
		},
		{name: "previous build replaced", setup: previousBuild, files: site, want: newBuild},
		{name: "no files", setup: previousBuild, files: nil,
			want: map[string]string{"public/": folder, "public/.salesdeck": marker}},
		{
			name: "foreign folder refused",
			setup: func(t *testing.T, root string) {
				mustWrite(t, filepath.Join(root, "public", "thesis.docx"), "years of work")
			},
			files:   site,
			wantErr: "refusing to replace a folder salesdeck did not create (no .salesdeck marker); move it away or choose another -out",
		},
		{
			name:    "file in the way",
			setup:   func(t *testing.T, root string) { mustWrite(t, filepath.Join(root, "public"), "notes") },
			files:   site,
			wantErr: "exists and is not a folder; move it away or choose another -out",
		},
		{
			name:    "path that cannot be written leaves the previous build",
			setup:   previousBuild,
			files:   map[string][]byte{"a": []byte("file"), "a/b.html": []byte("needs a folder a")},
			wantErr: `writing a/b.html: "a" is a file, so it cannot also be a folder`,
		},
		{name: "absolute path", setup: previousBuild, files: map[string][]byte{"/etc/passwd": nil},
			wantErr: `output path "/etc/passwd" is absolute; paths must be relative to the output folder`},
		{name: "escape with ..", setup: previousBuild, files: map[string][]byte{"../index.html": nil},
			wantErr: `output path "../index.html" is not a clean relative path (empty, "." or ".." parts)`},
		{name: "inner ..", setup: previousBuild, files: map[string][]byte{"a/../../b": nil},
			wantErr: `output path "a/../../b" is not a clean relative path (empty, "." or ".." parts)`},
		{name: "empty path", setup: previousBuild, files: map[string][]byte{"": nil},
			wantErr: `output path "" is not a clean relative path (empty, "." or ".." parts)`},
		{name: "backslash", setup: previousBuild, files: map[string][]byte{`..\x`: nil},
			wantErr: `output path "..\\x" contains a backslash; use /`},
		{name: "marker", setup: previousBuild, files: map[string][]byte{".salesdeck": nil},
			wantErr: `output path ".salesdeck" is reserved for the marker file`},
		{
			name: "leftovers with the marker removed, others kept",
			setup: func(t *testing.T, root string) {
				mustWrite(t, filepath.Join(root, ".public.tmp-1", Marker), "x")
				mustWrite(t, filepath.Join(root, ".public.tmp-1", "strategies", "a.html"), "half a build")
				mustWrite(t, filepath.Join(root, ".public.tmp-1", "strategies", "b.html"), "half a build")
				mustWrite(t, filepath.Join(root, ".public.tmp-1", "index.html"), "half a build")
				mustWrite(t, filepath.Join(root, ".public.tmp-1.old", Marker), "x")
				mustWrite(t, filepath.Join(root, ".public.tmp-2", "mine.txt"), "not salesdeck's")
				os.Mkdir(filepath.Join(root, ".public.tmp-3"), 0o755)
			},
			files: site,
			want: with(map[string]string{
				".public.tmp-2/":         folder,
				".public.tmp-2/mine.txt": file + "not salesdeck's",
			}),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			if tt.setup != nil {
				tt.setup(t, root)
			}
			before := tree(t, root)
			out := filepath.Join(root, filepath.FromSlash(cmp.Or(tt.out, "public")))

			err := Write(out, tt.files)

			if tt.wantErr != "" {
				if want := out + ": " + tt.wantErr; err == nil || err.Error() != want {
					t.Fatalf("Write error = %v\nwant %s", err, want)
				}
				diffTrees(t, before, tree(t, root))
				return
			}
			if err != nil {
				t.Fatalf("Write: %v", err)
			}
			diffTrees(t, tt.want, tree(t, root))
		})
	}
}

func TestErrNotOurs(t *testing.T) {
	root := t.TempDir()
	mustWrite(t, filepath.Join(root, "public", "x"), "x")
	if err := Write(filepath.Join(root, "public"), nil); !errors.Is(err, ErrNotOurs) {
		t.Errorf("Write on a foreign folder = %v, want ErrNotOurs", err)
	}
}

func TestWriteIsDeterministic(t *testing.T) {
	site := map[string][]byte{"b.html": []byte("b"), "a/c.html": []byte("c"), "a.html": []byte("a")}
	var trees []map[string]string
	for range 2 {
		root := t.TempDir()
		if err := Write(filepath.Join(root, "public"), site); err != nil {
			t.Fatal(err)
		}
		trees = append(trees, tree(t, root))
	}
	diffTrees(t, trees[0], trees[1])
}
