package sales_test

import (
	"io"
	"io/fs"
	"runtime"
	"strings"
	"testing"

	"salesdeck/internal/load/config"
	"salesdeck/internal/load/sales"
)

// genFS holds site.yaml and one file, data/a.csv, made as it is read:
// head, then fill repeated to about size bytes, then tail. Only the file's
// size and its reading cost memory that a test does not mean to measure.
type genFS struct {
	site             string
	head, fill, tail string
	size             int64
}

func (g genFS) Open(name string) (fs.File, error) {
	switch name {
	case ".", "data":
		return dir{name}, nil
	case "site.yaml":
		return &genFile{info: info{"site.yaml", int64(len(g.site)), 0}, r: strings.NewReader(g.site)}, nil
	case "data/a.csv":
		return &genFile{info: info{"a.csv", g.size, 0}, r: io.MultiReader(strings.NewReader(g.head),
			io.LimitReader(&repeat{s: g.fill}, g.size-int64(len(g.head)+len(g.tail))), strings.NewReader(g.tail))}, nil
	}
	return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
}

func (g genFS) ReadDir(name string) ([]fs.DirEntry, error) {
	switch name {
	case ".":
		return []fs.DirEntry{fs.FileInfoToDirEntry(info{"data", 0, fs.ModeDir}), fs.FileInfoToDirEntry(info{"site.yaml", 0, 0})}, nil
	case "data":
		return []fs.DirEntry{fs.FileInfoToDirEntry(info{"a.csv", g.size, 0})}, nil
	}
	return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrNotExist}
}

type genFile struct {
	info
	r io.Reader
}

func (f *genFile) Stat() (fs.FileInfo, error) { return f.info, nil }
func (f *genFile) Read(p []byte) (int, error) { return f.r.Read(p) }
func (f *genFile) Close() error               { return nil }

// repeat reads s over and over.
type repeat struct {
	s   string
	off int
}

func (r *repeat) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		c := copy(p[n:], r.s[r.off:])
		n += c
		r.off = (r.off + c) % len(r.s)
	}
	return n, nil
}

// allocated returns the bytes f allocates: an upper bound of the memory
// it takes at any one time, whatever the garbage collector does.
func allocated(f func()) uint64 {
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// Malformed sales files take the memory of small ones: a record may hold
// up to 1 MB, so a cell of hundreds of megabytes, or a quote never closed
// near the top of a large file, is refused after 1 MB by both readers
// rather than read whole (issue 13, item 10: 11.2 GB of memory for one
// 300 MB cell, 1.23 GB for a 200 MB file with an unclosed quote). The
// -short variant reads 32 MB files; memory must not depend on the size.
func TestMalformedCSVInFlatMemory(t *testing.T) {
	size := int64(256 << 20)
	if testing.Short() {
		size = 32 << 20
	}
	const site = "sales:\n  dimensions: [region]\n  measures: {revenue: revenue}\n"
	const header = "date,region,revenue,notes\n"
	const row = "2026-01-01,EMEA,1,a note\n"
	tests := []struct {
		name string
		fs   genFS
		want string
	}{
		{"one huge quoted cell", genFS{head: header + row + `2026-01-02,EMEA,2,"`, fill: "x", tail: "\"\n" + row},
			`data/a.csv:3:19: a quoted cell starts here and runs on past 1 MB, the most a row may hold: is its closing " missing? close the quote, or double every " inside the cell`},
		{"one huge unquoted line", genFS{head: header + row + "2026-01-02,EMEA,2,", fill: "x", tail: "\n" + row},
			`data/a.csv:3:1: this row is longer than 1 MB, the most a row may hold: check that the file is CSV and that sales.delimiter is right`},
		{"a quote never closed near the top", genFS{head: header + row + "2026-01-02,\"EMEA,2,x\n", fill: row},
			`data/a.csv:3:12: a quoted cell starts here and runs on past 1 MB, the most a row may hold: is its closing " missing? close the quote, or double every " inside the cell`},
		{"a huge header", genFS{head: "date,region,revenue,", fill: "notes"},
			`data/a.csv:1:1: this row is longer than 1 MB, the most a row may hold: check that the file is CSV and that sales.delimiter is right`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := tt.fs
			fsys.site, fsys.size = site, size
			cfg, err := config.Load(fsys)
			if err != nil {
				t.Fatal(err)
			}
			var loadErr error
			n := allocated(func() { _, loadErr = sales.Load(fsys, cfg, sales.Options{}) })
			if loadErr == nil || loadErr.Error() != tt.want {
				t.Errorf("got\n%v\nwant\n%s", loadErr, tt.want)
			}
			t.Logf("%d MB file: %.1f MB allocated", size>>20, float64(n)/(1<<20))
			if n > 24<<20 {
				t.Errorf("reading a %d MB file allocated %d MB: memory follows the malformed record", size>>20, n>>20)
			}
		})
	}
}

// Rows of 100 KB, valid ones, are sampled (to tell numeric columns from
// text ones) up to 4 MB of cells rather than 1,000 rows: a sample of 1,000
// rows of up to 1 MB would hold a gigabyte, twice.
func TestWideRowsInFlatMemory(t *testing.T) {
	size := int64(256 << 20)
	if testing.Short() {
		size = 32 << 20
	}
	fsys := genFS{site: "sales:\n  dimensions: [region]\n  measures: {revenue: revenue}\n", size: size,
		head: "date,region,revenue,notes\n", fill: "2026-01-01,EMEA,1," + strings.Repeat("x", 100<<10) + "\n"}
	cfg, err := config.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	var d *sales.Data
	n := allocated(func() { d, err = sales.Load(fsys, cfg, sales.Options{}) })
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d MB file of %d rows: %.1f MB allocated", size>>20, d.RowsRead, float64(n)/(1<<20))
	if n > 24<<20 {
		t.Errorf("reading a %d MB file allocated %d MB: memory follows the rows", size>>20, n>>20)
	}
}
