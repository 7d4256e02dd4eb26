package sales

import (
	"bytes"
	"io"
	"io/fs"
	"math/bits"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"salesdeck/internal/support/civil"
	"salesdeck/internal/support/diag"
)

// The parallel load. A reader cuts the files into chunks of whole records,
// workers parse and aggregate chunks on every core at once, each into a
// table of its own, and one merger adds those tables to the site's table
// in chunk order. Chunks are cut where they would be whatever the number
// of cores, and every sum of the site's table is added up in the same
// order, so the cells are the same to the last bit on any machine.
//
// Records are cut at line ends outside quotes: a line end preceded by an
// odd number of quotes lies inside a quoted cell (CSV that encoding/csv
// accepts doubles every quote inside a cell). A file that breaks that rule
// fails to parse in the chunk that holds the first stray quote, which is
// cut correctly, because everything before it is valid.
//
// The parallel load reads valid data only: at the first problem of any
// kind (a cell that is not a number, a ragged row, a stray quote) it gives
// up and Load reads the files again with encoding/csv, one row after the
// other, which reports every problem with its position.

// chunkSize is how many bytes of a file a worker takes at a time: a few
// days of a large export, whose rows share cells, so a chunk's table is
// much smaller than the chunk. Larger chunks gain nothing (cells are per
// day) and cost memory the system must first hand over: at 4 MB a load of
// 1M rows spent a fifth more time in page faults. A cell's sum is added
// up chunk by chunk, so another size changes in their last bits the sums
// that are not rounded to their figures' decimals (see roundSums).
// Tests make it tiny so that records and quotes straddle chunk
// boundaries.
var chunkSize = 1 << 20

// parallelSort is how many cells make build share out its work among
// the cores; tests lower it.
var parallelSort = 1 << 16

// sampleRows is how many rows after the header settle which columns are
// numeric (see setup), or fewer when their cells pass sampleBytes: the
// sample is held whole, and rows may each hold up to maxRecord.
const (
	sampleRows  = 1000
	sampleBytes = 4 << 20
)

// sampled reports whether a sample of rows whose cells hold size bytes
// is complete.
func sampled(rows, size int) bool { return rows >= sampleRows || size >= sampleBytes }

type chunk struct {
	seq  int    // position among every chunk of every file
	file int    // index into the files
	data []byte // whole records
	buf  []byte // the buffer data lies in, to reuse
	head bool   // the file's first chunk: a byte-order mark and the header come first
	eof  bool   // the file's last chunk
}

// chunker reads the files one after the other and cuts them into chunks.
type chunker struct {
	fsys  fs.FS
	files []string
	pool  chan []byte
	opt   Options
	total int64
	done  int64

	sampling bool

	fi    int
	f     fs.File
	head  bool
	carry []byte // the start of a record the last chunk cut off
	seq   int
}

// buffer takes a buffer from the pool, waiting for one to come back while
// the chunks in flight hold them all, except while sampling: the sample's
// chunks are all held until it is complete.
func (r *chunker) buffer() []byte {
	select {
	case b := <-r.pool:
		return b
	default:
		if r.sampling {
			return make([]byte, 0, chunkSize)
		}
		return <-r.pool
	}
}

// release puts a buffer back into the pool, or drops it when the pool is
// full (with the sample's extra buffers).
func (r *chunker) release(b []byte) {
	select {
	case r.pool <- b:
	default:
	}
}

func (r *chunker) close() {
	if r.f != nil {
		r.f.Close()
		r.f = nil
	}
}

// next returns the next chunk, or io.EOF after the last.
func (r *chunker) next() (*chunk, error) {
	if r.f == nil {
		if r.fi == len(r.files) {
			return nil, io.EOF
		}
		f, err := r.fsys.Open(r.files[r.fi])
		if err != nil {
			return nil, err
		}
		r.f, r.head, r.carry = f, true, r.carry[:0]
	}
	buf := append(r.buffer()[:0], r.carry...)
	for {
		eof := false
		for len(buf) < cap(buf) {
			n, err := r.f.Read(buf[len(buf):cap(buf)])
			buf = buf[:len(buf)+n]
			r.done += int64(n)
			if r.opt.Progress != nil && n > 0 {
				r.opt.Progress(r.done, r.total)
			}
			if err == io.EOF {
				eof = true
				break
			}
			if err != nil {
				return nil, err
			}
		}
		c := &chunk{seq: r.seq, file: r.fi, buf: buf, head: r.head}
		if eof {
			r.close()
			r.fi++
			c.data, c.eof = buf, true
		} else {
			cut := lastRecordEnd(buf)
			if cut < 0 {
				if len(buf) > maxRecord {
					// Decoding to UTF-8 adds bytes, never takes any
					// away: the record is too long as text too.
					return nil, errTooLong
				}
				// One record longer than the buffer: read on into a
				// larger one.
				buf = append(make([]byte, 0, 2*cap(buf)), buf...)
				continue
			}
			c.data = buf[:cut]
			r.carry = append(r.carry[:0], buf[cut:]...)
		}
		r.seq++
		r.head = false
		return c, nil
	}
}

// result is what a worker made of a chunk.
type result struct {
	seq, file int
	ok        bool
	t         *table
	brk       *breaks
	size      int // bytes in the chunk
	lines     int // line ends in the chunk
	rows      int
	empty     int // empty measure cells
	emptyLine int // of the first empty measure cell, counted from the chunk's start
	emptyCol  int
	divZero   int
	kind      dateKind // the date spelling auto mode saw, if any
	dec       []int    // per measure, the most decimal places of its figures (see roundSums)
	kept      *rowBlock
}

// worker parses chunks. Everything it holds is its own; the loader's
// settings are only read.
type worker struct {
	l     *loader
	sp    *splitter
	dates *dateParser
	sink  *sink
	// When the dimensions are adjacent columns from run0 on, their cells
	// as written (delimiters, spaces and all) say which groups a row
	// belongs to (see grouper.raw).
	run0 int
	meas []float64
	dec  func([]byte) ([]byte, error)
}

func (l *loader) newWorker() *worker {
	w := &worker{l: l, sp: newSplitter(byte(l.cfg.Sales.Delimiter), len(l.header)),
		dates: newDateParser(l.cfg.Sales), meas: make([]float64, len(l.meaCols)), run0: -1}
	if len(l.dimCols) > 0 {
		w.run0 = l.dimCols[0]
		for j, c := range l.dimCols {
			if c != w.run0+j {
				w.run0 = -1
			}
		}
	}
	w.sink = l.newSink(w.run0 >= 0)
	if enc := decoder(l.cfg.Sales.Encoding); enc != nil {
		w.dec = enc.NewDecoder().Bytes
	}
	return w
}

// text returns the chunk's records as UTF-8, without a byte-order mark.
func (w *worker) text(c *chunk) ([]byte, bool) {
	data := c.data
	if c.head && looksUTF16(data) {
		return nil, false // the row-by-row read says so
	}
	if w.dec != nil {
		var err error
		if data, err = w.dec(data); err != nil {
			return nil, false
		}
		// Bytes the encoding leaves undefined (five in windows-1252)
		// decode to U+FFFD; the row-by-row read reports where.
		if bytes.ContainsRune(data, utf8.RuneError) {
			return nil, false
		}
	} else if !utf8.Valid(data) {
		// encoding/csv says which cell; a cut between the bytes of one
		// character cannot happen, since chunks end after a line end.
		return nil, false
	}
	if c.head && w.dec == nil {
		data = bytes.TrimPrefix(data, []byte("\ufeff"))
	}
	return data, true
}

// header reads the header at data[0:] and returns the offset after it.
func (w *worker) header(data []byte, eof bool) (int, []string, bool) {
	sp := w.sp
	nf := sp.nf
	sp.nf = -1
	defer func() { sp.nf = nf }()
	pos := sp.skip(data, 0, eof)
	if pos == len(data) {
		return 0, nil, false // an empty file
	}
	next, ok := sp.record(data, pos, eof)
	if !ok || next-pos > maxRecord {
		return 0, nil, false
	}
	h := make([]string, sp.count())
	for i := range h {
		h[i] = string(bytes.TrimSpace(sp.field(i)))
	}
	return next, h, true
}

// run parses and aggregates chunk c into t and brk.
func (w *worker) run(c *chunk, t *table, brk *breaks) *result {
	res := &result{seq: c.seq, file: c.file, t: t, brk: brk, size: len(c.data), dec: make([]int, len(w.l.meaCols))}
	if w.l.keeps() {
		res.kept = &rowBlock{}
	}
	data, ok := w.text(c)
	if !ok {
		return res
	}
	sp, l := w.sp, w.l
	sp.lines = 0
	pos := 0
	if c.head {
		next, h, ok := w.header(data, c.eof)
		if !ok || !slices.Equal(h, l.header) {
			return res
		}
		pos = next
	}
	w.dates.kind = kindNone
	for {
		pos = sp.skip(data, pos, c.eof)
		if pos == len(data) {
			break
		}
		start, line := pos, sp.lines
		next, ok := sp.record(data, pos, c.eof)
		if !ok || next-start > maxRecord || !w.row(data, start, line, res) {
			return res
		}
		pos = next
	}
	res.lines, res.kind, res.ok = sp.lines, w.dates.kind, true
	if res.kept != nil {
		res.kept = res.kept.clip()
	}
	return res
}

// row aggregates the record the splitter just read, which starts at
// data[start:] on line line of the chunk.
func (w *worker) row(data []byte, start, line int, res *result) bool {
	l, sp := w.l, w.sp
	date := sp.field(l.dateCol)
	if len(date) == 0 || date[0] <= ' ' || date[0] >= utf8.RuneSelf {
		if sp.blank() {
			return true // ",,,," from a spreadsheet: an empty line in all but name
		}
	}
	res.rows++
	day, err := w.dates.parseBytes(date)
	if err != nil {
		return false
	}
	decs := res.dec
	for j, c := range l.meaCols {
		v, dec, err := parseNumberBytes(sp.field(c), l.cfg.Sales.Decimal)
		if err == errEmpty {
			if res.empty == 0 {
				res.emptyLine, res.emptyCol = line, column(data, start, sp.start(c))
			}
			res.empty++
			v, err = 0, nil
		}
		if err != nil {
			return false
		}
		w.meas[j] = v
		if dec > decs[j] {
			decs[j] = dec
		}
	}
	var raw []byte
	if w.run0 >= 0 && !sp.quotes {
		raw = sp.data[sp.bounds[w.run0] : sp.bounds[w.run0+len(l.dimCols)]-1]
	}
	if !w.sink.cached(raw) {
		for j, c := range l.dimCols {
			w.sink.vals[j] = trim(sp.field(c))
		}
	}
	for k, c := range l.distCols {
		w.sink.dvals[k] = trim(sp.field(c))
	}
	if w.sink.add(res.t, res.brk, day, raw, w.meas, res.kept) {
		res.divZero++
	}
	return true
}

// trim is bytes.TrimSpace, quick for a cell that needs nothing trimmed.
func trim(b []byte) []byte {
	if n := len(b); n > 0 && b[0] > ' ' && b[0] < utf8.RuneSelf && b[n-1] > ' ' && b[n-1] < utf8.RuneSelf {
		return b
	}
	return bytes.TrimSpace(b)
}

// blank reports whether every field of the last record is empty or
// spaces.
func (s *splitter) blank() bool {
	for k := range s.count() {
		if len(bytes.TrimSpace(s.field(k))) > 0 {
			return false
		}
	}
	return true
}

// loadParallel is Load's fast way; ok is false when the files must be
// read with encoding/csv instead (see the comment at the top).
func loadParallel(fsys fs.FS, l *loader, files []string) (data *Data, ok bool) {
	d := l.cfg.Sales.Delimiter
	if d >= utf8.RuneSelf || d == '"' || d == '\n' || d == '\r' {
		return nil, false
	}
	rd := &chunker{fsys: fsys, files: files, opt: l.opt, total: l.total, pool: make(chan []byte, inFlight())}
	defer rd.close()
	for range inFlight() {
		rd.pool <- make([]byte, 0, chunkSize)
	}
	early, ok := l.sample(rd)
	if !ok {
		return nil, false
	}
	chunks := make(chan *chunk)
	var failed atomic.Bool
	go feed(rd, early, chunks, &failed)
	m := l.fanIn(&failed, func(tables chan *chunkTables, results chan<- *result) {
		l.work(rd, chunks, tables, results, &failed)
	})
	if failed.Load() || !bounded(m.s.abs) {
		// Figures too large to add up: the row-by-row read names the
		// row (see maxTotal).
		return nil, false
	}
	if m.rows == 0 {
		return nil, false // Load says there are no rows
	}
	data = l.build(m)
	l.warnings()
	m.kept.finish(l, m, data)
	return data, true
}

// inFlight is how many chunks are read, parsed or waiting to be merged
// at once: one a core, and two more so that no core waits for the
// merger.
func inFlight() int { return runtime.GOMAXPROCS(0) + 2 }

// fanIn runs work on every core, each taking tables to fill from a pool
// of inFlight and sending them as results, and merges the results in
// the order of their seq as they come (merge).
func (l *loader) fanIn(failed *atomic.Bool, work func(tables chan *chunkTables, results chan<- *result)) *merged {
	tables := make(chan *chunkTables, inFlight())
	for range inFlight() {
		tables <- l.newChunkTables()
	}
	results := make(chan *result, inFlight())
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() { work(tables, results) })
	}
	go func() {
		wg.Wait()
		close(results)
	}()
	return l.merge(results, tables, len(l.exprs), failed)
}

// feed sends the sampled chunks and then the rest of the files' chunks to
// the workers, and closes chunks after the last one or once the load has
// failed; a read error fails it.
func feed(rd *chunker, early []*chunk, chunks chan<- *chunk, failed *atomic.Bool) {
	defer close(chunks)
	for _, c := range early {
		chunks <- c
	}
	for !failed.Load() {
		c, err := rd.next()
		if err != nil {
			if err != io.EOF {
				failed.Store(true)
			}
			return
		}
		chunks <- c
	}
}

// work is a worker: it parses and aggregates chunks, each into tables
// taken from tables, until chunks is closed. Once the load has failed it
// passes chunks on unparsed, so that merge still gets every chunk in turn
// and hands every table back.
func (l *loader) work(rd *chunker, chunks <-chan *chunk, tables chan *chunkTables, results chan<- *result, failed *atomic.Bool) {
	w := l.newWorker()
	for {
		t := <-tables
		c, more := <-chunks
		if !more {
			tables <- t
			return
		}
		var res *result
		if failed.Load() {
			res = &result{seq: c.seq, t: t.t, brk: t.brk}
		} else {
			res = w.run(c, t.t, t.brk)
		}
		rd.release(c.buf)
		results <- res
	}
}

// sample reads the first chunks up to a sample of rows past the header of
// the first file, lets setup settle the columns with them, and returns
// them to be parsed like the others.
func (l *loader) sample(rd *chunker) ([]*chunk, bool) {
	var early []*chunk
	var sample [][]string
	rd.sampling = true
	defer func() { rd.sampling = false }()
	w := &worker{sp: newSplitter(byte(l.cfg.Sales.Delimiter), -1)}
	if enc := decoder(l.cfg.Sales.Encoding); enc != nil {
		w.dec = enc.NewDecoder().Bytes
	}
	size := 0
	for !sampled(len(sample), size) {
		c, err := rd.next()
		if err != nil && err != io.EOF {
			return nil, false
		}
		if err != nil || c.file != 0 {
			if err == nil {
				early = append(early, c)
			}
			break
		}
		early = append(early, c)
		data, ok := w.text(c)
		if !ok {
			return nil, false
		}
		pos := 0
		if c.head {
			next, h, ok := w.header(data, c.eof)
			if !ok {
				return nil, false
			}
			l.header, l.hfile = h, rd.files[0]
			w.sp = newSplitter(byte(l.cfg.Sales.Delimiter), len(h))
			pos = next
		}
		for !sampled(len(sample), size) {
			if pos = w.sp.skip(data, pos, c.eof); pos == len(data) {
				break
			}
			next, ok := w.sp.record(data, pos, c.eof)
			if !ok || next-pos > maxRecord {
				return nil, false
			}
			rec := make([]string, w.sp.count())
			for i := range rec {
				rec[i] = string(w.sp.field(i))
				size += len(rec[i])
			}
			sample = append(sample, rec)
			pos = next
		}
		if c.eof {
			break
		}
	}
	if l.header == nil || l.setup(sample) != nil {
		return nil, false
	}
	return early, true
}

// merged is the sum of every chunk.
type merged struct {
	s              *site
	brk            *breaks
	rows           int
	empty, divZero int
	emptyAt        diag.Pos
	kind           dateKind
	lines          []int // per file, the line ends before the next chunk
	// Per measure, the most decimal places of its figures, to which
	// build rounds the sums (see roundSums); nil for sums that are exact
	// already (an Assembler's).
	dec  []int
	kept keptRows // the rows, when they are kept (Options.Keep)
}

// merge adds each chunk's table to the site's table in chunk order and
// hands the chunk's table back for reuse.
func (l *loader) merge(results <-chan *result, tables chan<- *chunkTables, nb int, failed *atomic.Bool) *merged {
	m := l.newMerged(nb)
	m.dec = make([]int, len(l.meaCols))
	pending := map[int]*result{}
	next := 0
	for res := range results {
		if !res.ok {
			failed.Store(true)
		}
		pending[res.seq] = res
		for {
			r, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			next++
			if !failed.Load() && !l.mergeOne(m, r) {
				failed.Store(true)
			}
			r.t.reset()
			r.brk.reset()
			tables <- &chunkTables{r.t, r.brk}
		}
	}
	return m
}

func (l *loader) newMerged(nb int) *merged {
	m := &merged{s: newSite(nb, len(l.distCols), l.total), brk: l.newBreaks(), lines: make([]int, len(l.data.Files))}
	m.s.quick, m.brk.quick = l.quick, l.quick
	return m
}

func (l *loader) mergeOne(m *merged, r *result) bool {
	m.kept.keep(r.kept, l.opt.Keep)
	m.s.add(r.t, r.size)
	m.brk.merge(r.brk)
	m.rows += r.rows
	m.divZero += r.divZero
	for j, d := range r.dec {
		m.dec[j] = max(m.dec[j], d)
	}
	if r.empty > 0 && m.empty == 0 {
		m.emptyAt = diag.Pos{File: l.data.Files[r.file], Line: m.lines[r.file] + r.emptyLine + 1, Col: r.emptyCol}
	}
	m.empty += r.empty
	m.lines[r.file] += r.lines
	if r.kind != kindNone {
		if m.kind != kindNone && m.kind != r.kind {
			// A column mixing spellings: encoding/csv's pass names the
			// first row of the other spelling.
			return false
		}
		m.kind = r.kind
	}
	return true
}

// build turns the merged groups into Data, in a canonical order: values
// sorted, combos in the order of their values, cells by day and then
// combo, so that the same rows in any order give the same Data; and rounds
// the sums of rows read to the decimals of their figures, so that they are
// those of the exact sums (roundSums).
func (l *loader) build(m *merged) *Data {
	d := &l.data
	reg := l.reg
	remap := make([][]uint32, len(l.dimCols))
	d.Values = make([][]string, len(l.dimCols))
	for j, vals := range reg.values[:len(l.dimCols)] {
		if !slices.Contains(l.keyDims, j) && !slices.Contains(l.brkDims, j) {
			// Values of a dimension no group is keyed by (read to keep
			// rows, rows.go) are not the data's: a load that keeps no
			// rows does not look them up.
			vals = nil
		}
		d.Values[j], remap[j] = l.order.of(j, vals)
	}
	nc := len(reg.combos)
	var rank []uint32
	d.Combos, rank = l.rankCombos(remap)
	d.Breaks = make([]Break, len(l.brkDims))
	if l.quick {
		// Each dimension's on a core of its own: a read builds them one
		// after the other, collecting what each lets go of as it goes
		// (breaks.build), but a regroup is waited on.
		var wg sync.WaitGroup
		cores := make(chan struct{}, runtime.GOMAXPROCS(0))
		for k, j := range l.brkDims {
			cores <- struct{}{}
			wg.Go(func() {
				d.Breaks[k] = m.brk.build(k, j, l.brkCols, l.brkDist, nc, rank, remap[j])
				<-cores
			})
		}
		wg.Wait()
	} else {
		for k, j := range l.brkDims {
			d.Breaks[k] = m.brk.build(k, j, l.brkCols, l.brkDist, nc, rank, remap[j])
		}
	}
	// The cells' days and combos are written a day at a time, the cells
	// of each day's table put in the order of their combos' ranks; the
	// site puts their row counts and sums in the same order where they
	// lie; and then the keys are written (last, so that they can have the
	// memory the site may free). Both on every core: nothing else is left
	// to run.
	st := m.s
	n := st.len()
	abs := st.abs // sort lets go of it
	parts := 1
	if n >= parallelSort {
		parts = runtime.GOMAXPROCS(0)
	}
	d.Day = make([]civil.Date, n)
	d.Combo = make([]uint32, n)
	d.Rows, d.Sums = st.sort(parts, func() func(int32, *dayCells, int) []uint64 {
		at := make([]uint32, nc+1)
		present := make([]uint64, nc/64+1)
		var cells []uint64
		return func(day int32, dc *dayCells, i int) []uint64 {
			cells = byRank(dc, rank, at, present, cells[:0])
			for _, rc := range cells {
				d.Day[i] = civil.Date(day)
				d.Combo[i] = uint32(rc >> 32)
				i++
			}
			return cells
		}
	})
	if len(l.distCols) > 0 {
		d.Sets = st.sets()
		d.DistinctValues = make([]int, len(l.distCols))
		for k, ids := range reg.dist {
			d.DistinctValues[k] = len(ids)
		}
	}
	if n > 0 {
		d.First, d.Last = d.Day[0], d.Day[n-1]
	}
	// A CSV read learns the last day only now: its days are merged into
	// the spans of the cells, its segments into those of that day. An
	// Assembler was told the day first (Dated).
	if !l.dated {
		d.Cuts = l.opt.Need.cutsFor(d.Last)
		toSpans(d)
		mergeSegments(d, l.opt.Need.segmentsFor(d.Last))
	}
	fillKeys(d, len(l.keyDims), parts)
	if m.dec != nil {
		d.Decimals = l.columnDecimals(m.dec)
		d.Exact = l.exact(d.Decimals, abs)
		roundSums(d, d.Decimals)
	}
	d.RowsRead = m.rows
	l.emptyCells, l.emptyFirst, l.divZero = m.empty, m.emptyAt, m.divZero
	return d
}

// rankCombos returns the combos' keys, with the values' sorted ids
// (remap), in the order of those keys, and for each combo its place in
// that order.
func (l *loader) rankCombos(remap [][]uint32) (combos, rank []uint32) {
	reg := l.reg
	nk := len(l.keyDims)
	nc := len(reg.combos)
	keys := make([]uint32, nc*nk)
	for i, id := range reg.keys {
		keys[i] = remap[l.keyDims[i%nk]][id]
	}
	byKey := make([]uint32, nc)
	for i := range byKey {
		byKey[i] = uint32(i)
	}
	slices.SortFunc(byKey, func(a, b uint32) int {
		return slices.Compare(keys[int(a)*nk:int(a+1)*nk], keys[int(b)*nk:int(b+1)*nk])
	})
	rank = make([]uint32, nc)
	for r, c := range byKey {
		rank[c] = uint32(r)
	}
	combos = make([]uint32, 0, nc*nk)
	for _, c := range byKey {
		combos = append(combos, keys[int(c)*nk:int(c+1)*nk]...)
	}
	return combos, rank
}

// fillKeys writes each cell's keys, nd of them, its combo's, sharing the
// cells out among parts goroutines.
func fillKeys(d *Data, nd, parts int) {
	n := len(d.Combo)
	d.Keys = make([]uint32, n*nd)
	var wg sync.WaitGroup
	for p := range parts {
		wg.Go(func() {
			for i := p * n / parts; i < (p+1)*n/parts; i++ {
				// A loop rather than copy: a call to memmove costs more
				// than a few words.
				r := int(d.Combo[i])
				keys, from := d.Keys[i*nd:(i+1)*nd], d.Combos[r*nd:(r+1)*nd]
				for j := range keys {
					keys[j] = from[j]
				}
			}
		})
	}
	wg.Wait()
}

// byRank returns the cells of a day's table as rank << 32 | cell, in the
// order of their combos' ranks. A day with a fair share of all the combos
// is put in order by marking each cell's rank in a bitmap (cell in at),
// without a comparison or an unpredictable branch per cell; a day with
// few of many combos is sorted. at has a spare entry, and present a spare
// bit, after the last rank: empty slots write there.
func byRank(dc *dayCells, rank []uint32, at []uint32, present []uint64, out []uint64) []uint64 {
	nc := uint32(len(rank))
	if 64*dc.n < len(rank) {
		for _, s := range dc.slots {
			if s != 0 {
				out = append(out, uint64(rank[s>>32])<<32|uint64(uint32(s)-1))
			}
		}
		slices.Sort(out)
		return out
	}
	for _, s := range dc.slots {
		r := nc
		if s != 0 {
			r = rank[s>>32]
		}
		at[r] = uint32(s) - 1
		present[r>>6] |= 1 << (r & 63)
	}
	present[nc>>6] &^= 1 << (nc & 63)
	for w, b := range present {
		for ; b != 0; b &= b - 1 {
			r := w<<6 | bits.TrailingZeros64(b)
			out = append(out, uint64(r)<<32|uint64(at[r]))
		}
		present[w] = 0
	}
	return out
}
