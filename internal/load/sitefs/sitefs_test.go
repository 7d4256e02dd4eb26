package sitefs_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"testing/fstest"

	"salesdeck/internal/load/sitefs"
	"salesdeck/internal/support/diag"
)

// tree makes, in a new folder, a site folder "site" and a folder "outside"
// beside it, from files (path: content) and links (path: target; $TOP is
// the new folder), and returns the site folder. Files come first, so that
// links can lead into their folders.
func tree(t *testing.T, files, links map[string]string) string {
	t.Helper()
	top := t.TempDir()
	for i, set := range []map[string]string{files, links} {
		for name, s := range set {
			p := filepath.Join(top, filepath.FromSlash(name))
			err := os.MkdirAll(filepath.Dir(p), 0o755)
			if err == nil && i == 1 {
				err = os.Symlink(filepath.FromSlash(strings.ReplaceAll(s, "$TOP", top)), p)
			} else if err == nil {
				err = os.WriteFile(p, []byte(s), 0o644)
			}
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	return filepath.Join(top, "site")
}

var files = map[string]string{
	"site/site.yaml":          "title: Site\n",
	"site/static/logo.svg":    "<svg/>",
	"site/art/photo.png":      "png",
	"site/data/sales.csv":     "date,revenue\n",
	"site/content/about.md":   "About.\n",
	"outside/secret":          "id_rsa",
	"outside/folder/leak.md":  "leaked",
	"outside/folder/also.csv": "leaked",
}

var links = map[string]string{
	// Inside the site: followed.
	"site/static/photo.png":     "../art/photo.png",
	"site/static/art":           "../art",
	"site/static/logo2.svg":     "$TOP/site/static/logo.svg",
	"site/content/guides":       "../art",
	"site/data/chain.csv":       "../static/chain",
	"site/static/chain":         "../data/sales.csv",
	"site/content/plans/a.yaml": "../../site.yaml",
	// Leading outside it: refused.
	"site/bad/secret":    "../../outside/secret",
	"site/bad2/secret":   "$TOP/outside/secret",
	"site/bad3/folder":   "../../outside/folder",
	"site/bad4/hostname": "/etc/hostname",
	"site/bad5/via":      "../static/art/../../../outside/secret",
	"site/bad6/up":       "..",
	"site/bad7/self":     "self",
	"site/bad8/nothing":  "gone.csv",
	"site/bad9/hop":      "../bad/secret",
}

// open returns the site of files and links, and the folder holding it.
func open(t *testing.T) (*sitefs.FS, string) {
	t.Helper()
	dir := tree(t, files, links)
	s, err := sitefs.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, filepath.Dir(dir)
}

// Files are read through links that stay inside the site, whether the
// link is relative, absolute or one of a chain.
func TestReadsInside(t *testing.T) {
	s, _ := open(t)
	for name, want := range map[string]string{
		"site.yaml":                "title: Site\n",
		"static/photo.png":         "png",
		"static/art/photo.png":     "png",
		"static/logo2.svg":         "<svg/>",
		"content/guides/photo.png": "png",
		"data/chain.csv":           "date,revenue\n",
		"content/plans/a.yaml":     "title: Site\n",
	} {
		b, err := fs.ReadFile(s, name)
		if err != nil || string(b) != want {
			t.Errorf("ReadFile(%s) = %q, %v; want %q", name, b, err, want)
		}
	}
	if err := fstest.TestFS(subFS(t, s, "static"), "logo.svg", "photo.png", "art/photo.png", "logo2.svg", "chain"); err != nil {
		t.Error(err)
	}
}

func subFS(t *testing.T, s fs.FS, dir string) fs.FS {
	t.Helper()
	sub, err := fs.Sub(s, dir)
	if err != nil {
		t.Fatal(err)
	}
	return sub
}

// A link is listed as what it leads to, so walks take it for a file or a
// folder: a file link in static/ is copied like any file.
func TestListsLinksAsTheirTargets(t *testing.T) {
	s, _ := open(t)
	var got []string
	err := fs.WalkDir(s, "static", func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		kind := "file"
		if d.IsDir() {
			kind = "folder"
		} else if !d.Type().IsRegular() {
			kind = d.Type().String()
		}
		got = append(got, name+" "+kind)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"static folder", "static/art folder", "static/art/photo.png file", "static/chain file",
		"static/logo.svg file", "static/logo2.svg file", "static/photo.png file"}
	if !slices.Equal(got, want) {
		t.Errorf("walk:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// Every way out of the site is refused, naming the link in the site and
// where it points, never what is there.
func TestRefusesLinksOut(t *testing.T) {
	s, top := open(t)
	const out = "leads outside the site folder; salesdeck reads only files inside the site, so that no commit can publish other files of the machine that builds it: copy what it points at into the site, or remove the link"
	tests := []struct{ op, name, want string }{
		{"read", "bad/secret", `bad/secret: symbolic link to "../../outside/secret" ` + out},
		{"read", "bad2/secret", `bad2/secret: symbolic link to "$TOP/outside/secret" ` + out},
		{"read", "bad3/folder/leak.md", `bad3/folder: symbolic link to "../../outside/folder" ` + out},
		{"read", "bad4/hostname", `bad4/hostname: symbolic link to "/etc/hostname" ` + out},
		{"read", "bad5/via", `bad5/via: symbolic link to "../static/art/../../../outside/secret" ` + out},
		{"read", "bad9/hop", `bad9/hop: symbolic link to "../bad/secret" ` + out}, // through bad/secret
		{"stat", "bad/secret", `bad/secret: symbolic link to "../../outside/secret" ` + out},
		{"list", "bad3", `bad3/folder: symbolic link to "../../outside/folder" ` + out},
		{"list", "bad3/folder", `bad3/folder: symbolic link to "../../outside/folder" ` + out},
		// A folder holding a link out cannot be listed: the link is an
		// error wherever salesdeck meets it.
		{"list", "bad", `bad/secret: symbolic link to "../../outside/secret" ` + out},
		{"list", "bad6", `bad6/up: symbolic link to ".." leads back to a folder it is in, so reading the folder would never end; remove the link`},
		{"read", "bad6/up/site.yaml", `bad6/up: symbolic link to ".." leads back to a folder it is in, so reading the folder would never end; remove the link`},
		{"read", "bad8/nothing", `bad8/nothing: symbolic link to "gone.csv" leads to nothing; correct or remove the link`},
	}
	for _, tt := range tests {
		t.Run(tt.op+" "+tt.name, func(t *testing.T) {
			var err error
			switch tt.op {
			case "read":
				_, err = fs.ReadFile(s, tt.name)
			case "stat":
				_, err = fs.Stat(s, tt.name)
			case "list":
				_, err = fs.ReadDir(s, tt.name)
			}
			var problem *diag.Error
			if !errors.As(err, &problem) || problem.System() {
				t.Fatalf("got %v (%T), want an input problem", err, err)
			}
			if want := strings.ReplaceAll(tt.want, "$TOP", top); err.Error() != want {
				t.Errorf("got  %s\nwant %s", err, want)
			}
		})
	}
}

// What is not a link problem stays the system's error for the name asked
// for: a missing file is fs.ErrNotExist, a link to itself too many links.
func TestSystemErrors(t *testing.T) {
	s, _ := open(t)
	tests := []struct {
		name string
		want error
	}{
		{"nope.yaml", fs.ErrNotExist},
		{"content/nope/x.md", fs.ErrNotExist},
		{"bad7/self", syscall.ELOOP},
		{"site.yaml/x", syscall.ENOTDIR},
		{"../outside/secret", fs.ErrInvalid},
		{"/etc/hostname", fs.ErrInvalid},
	}
	for _, tt := range tests {
		_, err := fs.ReadFile(s, tt.name)
		var pe *fs.PathError
		if !errors.Is(err, tt.want) || !errors.As(err, &pe) || pe.Path != tt.name {
			t.Errorf("ReadFile(%s) = %v; want a path error for %[1]s of %v", tt.name, err, tt.want)
		}
	}
	// A link that cannot be followed, but leads nowhere else, is listed
	// as a link: reading it says why, and a folder that holds one can be
	// read (an editor's lock file is such a link).
	for _, folder := range []string{"bad7", "bad8"} {
		entries, err := fs.ReadDir(s, folder)
		if err != nil || len(entries) != 1 || entries[0].Type() != fs.ModeSymlink {
			t.Errorf("ReadDir(%s) = %v, %v; want the link listed as a link", folder, entries, err)
		}
	}
}

// A pattern meets every link out that it passes: as a match, so that
// reading it reports the problem, where fs.Glob would skip the folder.
func TestGlob(t *testing.T) {
	s, _ := open(t)
	tests := []struct {
		pattern string
		want    []string
	}{
		{"data/*.csv", []string{"data/chain.csv", "data/sales.csv"}},
		{"static/*/*.png", []string{"static/art/photo.png"}},
		{"data/nope.csv", nil},
		{"bad4/hostname", []string{"bad4/hostname"}},
		{"bad*/*.csv", []string{"bad/secret", "bad2/secret", "bad3/folder", "bad4/hostname", "bad5/via", "bad6/up", "bad9/hop"}},
	}
	for _, tt := range tests {
		got, err := fs.Glob(s, tt.pattern)
		if err != nil || !slices.Equal(got, tt.want) {
			t.Errorf("Glob(%s) = %q, %v; want %q", tt.pattern, got, err, tt.want)
		}
	}
}
