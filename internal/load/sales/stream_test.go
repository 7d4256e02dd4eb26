package sales_test

import (
	"io"
	"io/fs"
	"os"
	"runtime"
	"runtime/metrics"
	"strconv"
	"testing"
	"time"

	"salesdeck/internal/load/config"
	"salesdeck/internal/load/sales"
)

// bigCSV is a sales file of about size bytes, made as it is read: rows
// over two years of days, regions, products and channels that repeat, so
// the aggregate stops growing early however long the file is, and memory
// that keeps growing can only be rows kept.
type bigCSV struct {
	size int64
	read int64
	row  int
	buf  []byte
	// peak is the largest heap seen, sampled every sample bytes.
	peak         uint64
	sample, next int64
}

const csvHeader = "date,region,product,channel,revenue,units\n"

var (
	regions  = []string{"EMEA", "North America", "APAC", "LATAM", "Middle East"}
	channels = []string{"Direct", "Partner", "Online"}
)

func (b *bigCSV) Read(p []byte) (int, error) {
	if b.read >= b.size && len(b.buf) == 0 {
		return 0, io.EOF
	}
	if b.read >= b.next {
		b.next += b.sample
		b.peak = max(b.peak, heapObjects())
	}
	for len(b.buf) < len(p) && b.read+int64(len(b.buf)) < b.size {
		if b.read == 0 && b.row == 0 {
			b.buf = append(b.buf, csvHeader...)
		}
		r := b.row
		b.row++
		// Every 7,300 rows the same cells again: the aggregate is full
		// long before the smallest file in the test ends.
		k := r % 7300
		day := time.Date(2025, 1, 1+k%730, 0, 0, 0, 0, time.UTC)
		b.buf = day.AppendFormat(b.buf, "2006-01-02")
		b.buf = append(b.buf, ',')
		b.buf = append(b.buf, regions[(k/730)%len(regions)]...)
		b.buf = append(b.buf, ",Product "...)
		b.buf = strconv.AppendInt(b.buf, int64(k%20), 10)
		b.buf = append(b.buf, ',')
		b.buf = append(b.buf, channels[k%len(channels)]...)
		b.buf = append(b.buf, ',')
		b.buf = strconv.AppendInt(b.buf, int64(100+r%9000), 10)
		b.buf = append(b.buf, ".50,"...)
		b.buf = strconv.AppendInt(b.buf, int64(1+r%40), 10)
		b.buf = append(b.buf, '\n')
	}
	n := copy(p, b.buf)
	b.buf = b.buf[:copy(b.buf, b.buf[n:])]
	b.read += int64(n)
	return n, nil
}

func heapObjects() uint64 {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// bigFS holds one file, data/sales.csv, made by a bigCSV.
type bigFS struct{ csv *bigCSV }

func (f bigFS) Open(name string) (fs.File, error) {
	switch name {
	case ".", "data":
		return dir{name}, nil
	case "data/sales.csv":
		return file{f.csv}, nil
	}
	return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
}

func (f bigFS) ReadDir(name string) ([]fs.DirEntry, error) {
	switch name {
	case ".":
		return []fs.DirEntry{fs.FileInfoToDirEntry(info{"data", 0, fs.ModeDir})}, nil
	case "data":
		return []fs.DirEntry{fs.FileInfoToDirEntry(info{"sales.csv", f.csv.size, 0})}, nil
	}
	return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrNotExist}
}

type file struct{ *bigCSV }

func (f file) Stat() (fs.FileInfo, error) { return info{"sales.csv", f.size, 0}, nil }
func (f file) Close() error               { return nil }

type dir struct{ name string }

func (d dir) Stat() (fs.FileInfo, error) { return info{d.name, 0, fs.ModeDir}, nil }
func (d dir) Read([]byte) (int, error)   { return 0, io.EOF }
func (d dir) Close() error               { return nil }

type info struct {
	name string
	size int64
	mode fs.FileMode
}

func (i info) Name() string       { return i.name }
func (i info) Size() int64        { return i.size }
func (i info) Mode() fs.FileMode  { return i.mode }
func (i info) ModTime() time.Time { return time.Time{} }
func (i info) IsDir() bool        { return i.mode.IsDir() }
func (i info) Sys() any           { return nil }

// loadBig reads size bytes of generated sales and returns the peak heap
// seen while reading and the rows read.
func loadBig(t testing.TB, size int64) (peak uint64, rows int) {
	t.Helper()
	runtime.GC()
	gen := &bigCSV{size: size, sample: 1 << 20}
	cfg := config.Default()
	d, err := sales.Load(bigFS{gen}, cfg, sales.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return max(gen.peak, heapObjects()), d.RowsRead
}

// bigSize is how much the streaming test reads: SALESDECK_BIG_CSV in MB
// (2048 for the 2 GB of the contract), else a size that keeps go test
// quick.
func bigSize(t testing.TB) int64 {
	if s := os.Getenv("SALESDECK_BIG_CSV"); s != "" {
		mb, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			t.Fatalf("SALESDECK_BIG_CSV=%q: want a size in MB", s)
		}
		return mb << 20
	}
	return 200 << 20
}

// Sales data streams: reading eight times as much data, with the same
// days and dimension values, takes no more memory, so a 2 GB export
// (SALESDECK_BIG_CSV=2048) loads in the memory of a small one.
func TestCSVStreamsInFlatMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("reads hundreds of megabytes")
	}
	size := bigSize(t)
	start := time.Now()
	smallPeak, smallRows := loadBig(t, size/8)
	bigPeak, bigRows := loadBig(t, size)
	t.Logf("%d MB (%d rows): peak heap %.1f MB; %d MB (%d rows): peak heap %.1f MB; %v",
		size>>23, smallRows, float64(smallPeak)/(1<<20), size>>20, bigRows, float64(bigPeak)/(1<<20), time.Since(start).Round(time.Millisecond))
	if bigRows < 7*smallRows {
		t.Fatalf("read %d and %d rows; the generator is broken", smallRows, bigRows)
	}
	// Buffers and the garbage collector's slack vary a little from run to
	// run; rows kept would add about size/8 bytes or more.
	if limit := smallPeak + smallPeak/2 + 16<<20; bigPeak > limit {
		t.Errorf("peak heap grew from %d MB to %d MB with the data: rows are kept rather than streamed", smallPeak>>20, bigPeak>>20)
	}
}

// BenchmarkLoadBig reads a generated file of SALESDECK_BIG_CSV MB (200 by
// default) and reports the throughput and peak heap.
func BenchmarkLoadBig(b *testing.B) {
	size := bigSize(b)
	b.SetBytes(size)
	var peak uint64
	for b.Loop() {
		p, _ := loadBig(b, size)
		peak = max(peak, p)
	}
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
}
