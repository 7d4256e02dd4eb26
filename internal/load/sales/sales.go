// Package sales reads sales data (CSV files as spreadsheets and CRMs
// export them) and aggregates it as it reads into the groups a Need asks
// for: cells per day and combination of the dimensions that scopes name,
// and per segment of time the sums of each value of the other
// dimensions; for count_distinct metrics, each group's distinct values
// (distinct.go). Everything later stages compute is computed from these,
// never by reading rows again, so memory follows the groups, not the
// rows or the combinations of every dimension. Only a process that builds
// again after every edit (serve) keeps the rows too, when it asks, to
// group them for other plans without reading the files (rows.go). The package knows
// site.yaml's sales and metrics settings but nothing of plans or pages;
// the Need is compiled from the plans by package analysis.
//
// Valid data is read on every core at once, in chunks cut at record
// boundaries (parallel.go, split.go, table.go, site.go); data with a
// problem is read again with encoding/csv, one row after the other (this
// file), which reports each problem with its position. Memory grows with
// the groups, not with the rows. Limits that keep it so on hostile files,
// and figures finite (limits.go): a record holds at most 1 MB, and a
// metric's figures, without their signs, add up to less than the largest
// float64; docs/security.md (Sales data limits) lists them,
// docs/troubleshooting.md their messages. A setting that makes every row
// look wrong (the delimiter, the encoding) is named once, from what the
// file's bytes look like (sniff.go). A Profile (profile.go) counts what
// a load saw of each column, for salesdeck inspect.
package sales

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/transform"

	"salesdeck/internal/load/config"
	"salesdeck/internal/support/civil"
	"salesdeck/internal/support/diag"
	"salesdeck/internal/support/metric"
)

// Data is the aggregated sales data of a site.
type Data struct {
	Dimensions []string
	Values     [][]string // per dimension, every value seen, sorted; cell keys index it
	Measures   []string
	Metrics    *metric.Set
	Files      []string
	RowsRead   int
	First      civil.Date // earliest date in the data
	Last       civil.Date // latest date in the data
	Warnings   []*diag.Error
	Received   Received // what a database source sent; zero for files

	// The cells: the groups of Need per span of time and combination of
	// the Grouped dimensions' values, sorted by day and then by combo.
	// Cell i has day Day[i], the first day of its span, the value ids of
	// the Grouped dimensions Keys[i*ng:(i+1)*ng], row count Rows[i] and
	// base metric sums Sums[i*nb:(i+1)*nb]. The spans start on the days
	// Cuts lists, and the rows before the first cut are those of its eve
	// (Cuts[0] − 1); without Cuts, every day is a span of its own.
	Grouped []int // the dimensions cells are keyed by, as indices into Dimensions
	// Named is nil, or per dimension nil or, for a Grouped one that a
	// regroup keyed by some of its values only (Need.Named), those
	// values, sorted: its other values share one value's cells, and its
	// figures per value come from its Break, which it has too.
	Named [][]string
	Cuts  []civil.Date
	Day   []civil.Date
	Keys  []uint32
	Rows  []int64
	Sums  []float64

	// The combinations of the Grouped dimensions' values that cells have,
	// sorted like keys: cell i has Combo[i], combo c has value ids
	// Combos[c*ng:(c+1)*ng]. There are far fewer combos than cells (one
	// per day they sold on), so a strategy's scope is checked once per
	// combo rather than once per cell.
	Combos []uint32
	Combo  []uint32

	// The groups of the dimensions that are not Grouped, per segment of
	// time (see Need).
	Segments []civil.Range
	Breaks   []Break

	// Per count_distinct metric (Metrics.DistinctDefs), the distinct
	// non-empty values of each cell's rows, as ids from 0 up to
	// DistinctValues: a figure over many cells counts the union of
	// theirs (docs/internals.md, "Distinct values"). Ids are numbered
	// as the load met the values, which no figure depends on.
	Sets           []IDSets
	DistinctValues []int

	// Decimals are, per base column, the decimal places its exact sums
	// have at most, to which figures added up from many groups are
	// rounded (RoundTo); -1 for a column not rounded.
	Decimals []int
	// Exact is set when every figure added up from the groups, rounded
	// to Decimals, is the exact sum of its rows, whichever groups it
	// was added up from: so a load grouped for other plans gives every
	// figure the same (docs/internals.md, "Exact sums").
	Exact bool

	// The breakdowns a source ranked itself (Need.Rank): the Rankings it
	// was asked, and its answers by Ranking.Key. Their dimensions have no
	// Break.
	Rankings []Ranking
	Ranked   map[string]Ranked

	kept *keptRows // the rows, when the load kept them (Options.Keep)
}

// Received is what a database source sent for a load: the groups of its
// answers and their bytes on the wire, for the build's summary.
type Received struct {
	Source  string // postgres, clickhouse or command
	Groups  int
	Values  int // distinct values of groups, for count_distinct metrics
	Bytes   int64
	Elapsed time.Duration
	// Kept is set when a build used the groups of an earlier load
	// rather than asking the source again (salesdeck serve).
	Kept bool
}

// Len is the number of cells.
func (d *Data) Len() int { return len(d.Day) }

// Options tune a load beyond site.yaml.
type Options struct {
	// Progress, when set, is called now and then with the bytes read so
	// far and the total size of all files.
	Progress func(done, total int64)
	// Need says which groups to keep; nil keeps the cells of every
	// day and combination of all dimensions, and no breaks.
	Need *Need
	// Profile, when set, is filled with what the load made of each
	// column; the files are then read one row after the other.
	Profile *Profile
	// Keep, when above 0, keeps the rows read, in at most Keep bytes,
	// so that Data.Regroup can group them for other plans without
	// reading the files again (rows.go). Rows that take more are not
	// kept.
	Keep int64
}

// maxListed bounds how many row errors are listed; a file with a wrong
// setting would otherwise print one error per row.
const maxListed = 20

// Load reads every file cfg.Sales names and aggregates it.
//
// Valid data is read in parallel (see loadParallel); data with a problem
// is read again with encoding/csv, one row after the other, which reports
// each problem with its position.
func Load(fsys fs.FS, cfg *config.Site, opt Options) (*Data, error) {
	var errs diag.List
	files := expand(fsys, cfg, &errs)
	if errs.Len() > 0 {
		return nil, errs.Err()
	}
	var total int64
	for _, f := range files {
		if st, err := fs.Stat(fsys, f); err == nil {
			total += st.Size()
		}
	}
	if opt.Profile == nil {
		if d, ok := loadParallel(fsys, newLoader(fsys, cfg, opt, files, total), files); ok {
			return d, nil
		}
	}
	return loadSequential(newLoader(fsys, cfg, opt, files, total))
}

func newLoader(fsys fs.FS, cfg *config.Site, opt Options, files []string, total int64) *loader {
	l := &loader{cfg: cfg, fsys: fsys, errs: &diag.List{}, opt: opt, total: total,
		dates: newDateParser(cfg.Sales)}
	l.data.Files = files
	return l
}

// loadSequential reads the files with encoding/csv.
func loadSequential(l *loader) (*Data, error) {
	errs, files := l.errs, l.data.Files
	if l.keeps() {
		l.kept = &rowBlock{}
	}
	for _, f := range files {
		if err := l.readFile(f); err != nil {
			errs.Append(err)
		}
		if errs.Len() >= maxListed {
			break
		}
	}
	if l.listedOver > 0 {
		errs.Omitted += l.listedOver
	}
	if l.dateMore > 0 {
		more := fmt.Sprintf("; %d more rows like it", l.dateMore)
		if l.dateMore == 1 {
			more = "; 1 more row like it"
		}
		l.dateSetting.Msg += more
	}
	if errs.Len() == 0 && l.data.RowsRead == 0 {
		errs.Add(diag.Pos{File: files[0]}, "no data rows: the sales files hold a header but no sales")
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	if p := l.opt.Profile; p != nil {
		p.finish(l)
	}
	m := l.newMerged(len(l.exprs))
	m.rows, m.empty, m.emptyAt, m.divZero = l.data.RowsRead, l.emptyCells, l.emptyFirst, l.divZero
	m.dec = l.dec
	m.s.add(l.t, 0)
	m.brk.merge(l.brk)
	if l.kept != nil {
		m.kept.keep(l.kept.clip(), l.opt.Keep)
	}
	d := l.build(m)
	l.warnings()
	m.kept.finish(l, m, d)
	return d, nil
}

func expand(fsys fs.FS, cfg *config.Site, errs *diag.List) []string {
	pos := cfg.Sales.Pos["files"]
	if pos.File == "" {
		pos = diag.Pos{File: cfg.Name()}
	}
	var files []string
	for _, g := range cfg.Sales.Files {
		m, err := fs.Glob(fsys, path.Clean(g))
		if err != nil {
			errs.Add(pos, "sales.files: bad pattern %q: %v", g, err)
			continue
		}
		if len(m) == 0 {
			// fs.Glob skips folders it cannot read: say so rather than
			// send the user looking for files that are there.
			if dir := path.Dir(path.Clean(g)); !hasMeta(dir) {
				if _, err := fs.ReadDir(fsys, dir); err != nil && !errors.Is(err, fs.ErrNotExist) {
					errs.Append(diag.ReadDirError(dir, err))
					continue
				}
			}
			errs.Add(pos, "sales.files: no file matches %q; put the sales CSV files there or set sales.files in %s", g, cfg.Name())
		}
		if len(m) == 1 && !hasMeta(g) {
			// A folder named without a pattern is a slip in site.yaml,
			// not a file the system will not read.
			if st, err := fs.Stat(fsys, m[0]); err == nil && st.IsDir() {
				errs.Add(pos, "sales.files: %q is a folder; name the CSV files in it, such as %q", g, path.Join(m[0], "*.csv"))
				continue
			}
		}
		files = append(files, m...)
	}
	slices.Sort(files)
	return slices.Compact(files)
}

func hasMeta(p string) bool { return strings.ContainsAny(p, `*?[\`) }

type loader struct {
	cfg        *config.Site
	fsys       fs.FS
	errs       *diag.List
	opt        Options
	total      int64
	done       int64
	listedOver int

	header  []string
	hfile   string
	dateCol int
	dimCols []int
	meaCols []int
	// The columns of the count_distinct metrics, in their order.
	distCols []int
	exprs    []func([]float64) (float64, bool) // per base metric; nil for count
	// Per base metric, the measures its expression names (indices
	// into meaCols), and whether its total passed maxTotal.
	baseMeas [][]int
	overflow []bool
	dates    *dateParser

	// What is grouped (see Need): dimensions as indices into dimCols.
	need    *Need
	keyDims []int
	othDims []int // the dimensions that are not keys, and the classed keys, whose values rows are kept with (rows.go)
	// classed is, for a regroup, nil or per dimension nil or the class
	// of each value (keptRows.classes): a key told apart by some values
	// only, which is broken down like a dimension that is no key too.
	classed [][]uint32
	brkDims []int // othDims, or none without segments
	brkCols []int // base columns the break groups sum
	brkDist []int // count_distinct columns the break groups hold values of
	seg     segmenter
	reg     *registry
	// quick is set for a regroup (rows.go): the collections a read
	// forces to keep its peak of memory down (site.done, breaks.build)
	// are left to the collector's own pace, since serve, which regroups,
	// holds the rows and the data anyway and is waited on.
	quick bool
	order *valueOrder // a regroup's, its rows' (keptRows.order)
	// dated is set when the last day was known before the groups were
	// added (Assembler.Dated): they are cut as it needs already.
	dated bool

	// The row-by-row read's groups, and its rows when they are kept.
	sink *sink
	t    *table
	brk  *breaks
	kept *rowBlock

	meas []float64
	dec  []int // per measure, the most decimal places of its figures (see roundSums)
	data Data

	emptyCells, divZero int
	emptyFirst          diag.Pos
	// The first date the date setting does not read, and how many more
	// there were (see settingError).
	dateSetting *diag.Error
	dateMore    int
	// The files with a cell that is not valid UTF-8, reported once each:
	// the rest of such a file has the same cause.
	notUTF8 []string
}

func (l *loader) fail(pos diag.Pos, format string, args ...any) {
	if l.errs.Len() >= maxListed {
		l.listedOver++
		return
	}
	l.errs.Add(pos, format, args...)
}

func decoder(name string) encoding.Encoding {
	switch name {
	case "windows-1252":
		return charmap.Windows1252
	case "iso-8859-1":
		return charmap.ISO8859_1
	case "iso-8859-15":
		return charmap.ISO8859_15
	case "ibm850":
		return charmap.CodePage850
	}
	return nil
}

type counter struct {
	r io.Reader
	l *loader
}

func (c counter) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.l.done += int64(n)
	if c.l.opt.Progress != nil {
		c.l.opt.Progress(c.l.done, c.l.total)
	}
	return n, err
}

func (l *loader) readFile(file string) error {
	f, err := l.fsys.Open(file)
	if err != nil {
		return diag.ReadError(file, err)
	}
	defer f.Close()
	var r io.Reader = counter{f, l}
	head := make([]byte, 256)
	n, err := io.ReadFull(r, head)
	if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
		return diag.ReadError(file, err)
	}
	if looksUTF16(head[:n]) {
		return errUTF16(file)
	}
	r = io.MultiReader(bytes.NewReader(head[:n]), r)
	utf := true
	if enc := decoder(l.cfg.Sales.Encoding); enc != nil {
		r = transform.NewReader(r, enc.NewDecoder())
		utf = false
	}
	guard := newRecordGuard(skipBOM(r), file)
	cr := csv.NewReader(guard)
	cr.Comma = l.cfg.Sales.Delimiter
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err == io.EOF {
		return diag.Errorf(diag.Pos{File: file, Line: 1}, "file is empty: expected a header line naming the columns")
	}
	if err != nil {
		return csvError(file, err, guard)
	}
	if d, ok := sniffDelimiter(header, l.cfg.Sales.Delimiter); ok {
		return errDelimiter(file, header[0], l.cfg.Sales.Delimiter, d, l.cfg.Name())
	}
	header = slices.Clone(header)
	for i := range header {
		header[i] = strings.TrimSpace(header[i])
	}
	if l.header == nil {
		l.header, l.hfile = header, file
		if err := l.setupFirst(file, cr, guard, utf); err != nil {
			return err
		}
	} else if !slices.Equal(header, l.header) {
		return headerMismatch(file, cr, header, l.header, l.hfile)
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return csvError(file, err, guard)
		}
		line, _ := cr.FieldPos(0)
		l.row(file, rec, line, cr, nil, utf)
		if l.errs.Len() >= maxListed {
			return nil
		}
	}
}

// setupFirst reads a sample of the first file's rows past its header,
// sets the loader up with it (setup) and then aggregates the sampled
// rows. Their positions are kept with them, since cr has moved on by
// the time a row is found wrong.
func (l *loader) setupFirst(file string, cr *csv.Reader, guard *recordGuard, utf bool) error {
	var sample [][]string
	var lines []int
	var cols [][]int
	size := 0
	for !sampled(len(sample), size) {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return csvError(file, err, guard)
		}
		line, _ := cr.FieldPos(0)
		sample = append(sample, slices.Clone(rec))
		for _, f := range rec {
			size += len(f)
		}
		lines = append(lines, line)
		c := make([]int, len(rec))
		for i := range rec {
			_, c[i] = cr.FieldPos(i)
		}
		cols = append(cols, c)
	}
	if err := l.setup(sample); err != nil {
		return err
	}
	for i, rec := range sample {
		l.row(file, rec, lines[i], nil, cols[i], utf)
	}
	return nil
}

func skipBOM(r io.Reader) io.Reader {
	br := &bomReader{r: r}
	return br
}

// bomReader drops a UTF-8 byte-order mark at the start of a stream.
type bomReader struct {
	r       io.Reader
	started bool
}

func (b *bomReader) Read(p []byte) (int, error) {
	if b.started {
		return b.r.Read(p)
	}
	var head [3]byte
	n, err := io.ReadFull(b.r, head[:])
	b.started = true
	rest := head[:n]
	rest = bytes.TrimPrefix(rest, []byte("\ufeff"))
	b.r = io.MultiReader(bytes.NewReader(rest), b.r)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return 0, err
	}
	return b.r.Read(p)
}

// csvError turns what encoding/csv, or the record guard in front of it,
// says of a file into an error at its position.
func csvError(file string, err error, guard *recordGuard) error {
	var de *diag.Error
	if errors.As(err, &de) {
		return de // the guard's: a record too long
	}
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		msg := pe.Err.Error()
		switch {
		case errors.Is(pe.Err, csv.ErrFieldCount):
			msg = "wrong number of fields: every row must have as many cells as the header"
		case errors.Is(pe.Err, csv.ErrBareQuote):
			msg = `a " inside a cell that is not quoted; quote the cell and double the " (24" screen becomes "24"" screen"), or check sales.delimiter`
		case errors.Is(pe.Err, csv.ErrQuote):
			// The reader notices an unclosed quote only where the file
			// ends, past the end of its last line; the mistake is where
			// the cell opens.
			if open, ok := guard.unclosed(pe); ok {
				msg = `a quoted cell starting here is never closed`
				if pe.Line > open.Line {
					msg += fmt.Sprintf(", so everything up to line %d was read as one cell", pe.Line)
				}
				return diag.Errorf(open, `%s; close the quote, or double every " inside the cell`, msg)
			}
			msg = `a quoted cell has text after its closing "; double every " inside a quoted cell`
		}
		return diag.Errorf(diag.Pos{File: file, Line: pe.Line, Col: pe.Column}, "%s", msg)
	}
	return diag.ReadError(file, err)
}

func blank(rec []string) bool {
	for _, f := range rec {
		if trimSpace(f) != "" {
			return false
		}
	}
	return true
}

// row aggregates one record. Column positions, needed only for messages,
// come from cols when the record was buffered, else from cr.
func (l *loader) row(file string, rec []string, line int, cr *csv.Reader, cols []int, utf bool) {
	if blank(rec) {
		// Spreadsheets save rows they once formatted as ",,,,"; they are
		// empty lines in all but name.
		return
	}
	l.data.RowsRead++
	col := func(i int) int {
		if cols != nil {
			return cols[i]
		}
		_, c := cr.FieldPos(i)
		return c
	}
	if utf {
		for i, f := range rec {
			if !utf8.ValidString(f) {
				l.badEncoding(file, diag.Pos{File: file, Line: line, Col: col(i)})
				return
			}
		}
	} else if l.cfg.Sales.Encoding == "windows-1252" {
		// The decoder turns the five bytes windows-1252 leaves undefined
		// into U+FFFD, which no windows-1252 byte means.
		for i, f := range rec {
			if strings.ContainsRune(f, utf8.RuneError) {
				l.fail(diag.Pos{File: file, Line: line, Col: col(i)}, "not valid windows-1252 (a byte 0x81, 0x8D, 0x8F, 0x90 or 0x9D); the file is in another encoding: set sales.encoding to the one it was saved in (utf-8, ibm850, ...)")
				return
			}
		}
	}
	day, err := l.dates.parse(rec[l.dateCol], file, line)
	if err != nil {
		if errors.As(err, new(settingError)) {
			if l.dateSetting != nil {
				l.dateMore++
				return
			}
			l.dateSetting = diag.Errorf(diag.Pos{File: file, Line: line, Col: col(l.dateCol)}, "column %q: %v", l.header[l.dateCol], err)
			l.errs.Append(l.dateSetting)
			return
		}
		l.fail(diag.Pos{File: file, Line: line, Col: col(l.dateCol)}, "column %q: %v", l.header[l.dateCol], err)
		return
	}
	for j, c := range l.meaCols {
		v, dec, err := parseNumber(rec[c], l.cfg.Sales.Decimal)
		if err == errEmpty {
			if l.emptyCells == 0 {
				l.emptyFirst = diag.Pos{File: file, Line: line, Col: col(c)}
			}
			l.emptyCells++
			v, err = 0, nil
		}
		if err != nil {
			why := ": " + err.Error()
			if why == ": not a number" || why == ": no digits" {
				why = "; fix the cell (figures look like 1234.50, \"$1,234.50\" or (99.00))"
			}
			l.fail(diag.Pos{File: file, Line: line, Col: col(c)}, "column %q: %q is not a number%s", l.header[c], rec[c], why)
			return
		}
		l.meas[j] = v
		l.dec[j] = max(l.dec[j], dec)
	}
	for j, c := range l.dimCols {
		l.sink.vals[j] = []byte(strings.TrimSpace(rec[c]))
	}
	for k, c := range l.distCols {
		l.sink.dvals[k] = []byte(strings.TrimSpace(rec[c]))
	}
	if l.sink.add(l.t, l.brk, day, nil, l.meas, l.kept) {
		l.divZero++
	}
	if p := l.opt.Profile; p != nil {
		p.add(l, rec, day, l.meas)
	}
	l.checkTotals(file, line, rec, col)
}

// badEncoding reports the cell at pos, which is not valid UTF-8, unless
// another cell of file was reported: the message names the encoding the
// file's bytes look like (see guessEncoding).
func (l *loader) badEncoding(file string, pos diag.Pos) {
	if slices.Contains(l.notUTF8, file) {
		return
	}
	l.notUTF8 = append(l.notUTF8, file)
	var g EncodingGuess
	if f, err := l.fsys.Open(file); err == nil {
		g = guessEncoding(f)
		f.Close()
	}
	if g.Name == "utf-8" {
		g = EncodingGuess{} // valid as far as the guess read: no guess
	}
	l.fail(pos, "%s", errEncoding(g, l.cfg.Name()))
}

// checkEncoding warns when the first file's bytes look like another
// encoding than the one sales.encoding names: every byte means some
// letter in each code page, so the file reads without an error, with its
// names garbled ("Mart¡n" for "Martín", "ZÃ¼rich" for "Zürich").
func (l *loader) checkEncoding() *diag.Error {
	set := l.cfg.Sales.Encoding
	if decoder(set) == nil || len(l.data.Files) == 0 {
		return nil
	}
	f, err := l.fsys.Open(l.data.Files[0])
	if err != nil {
		return nil
	}
	defer f.Close()
	g := guessEncoding(f)
	switch {
	case g.Name == "utf-8":
		return diag.Errorf(l.settingPos("encoding"), "sales.encoding is %s, but %s is valid UTF-8, in which it has %q; remove sales.encoding (UTF-8 is the default) unless names show rightly on the pages",
			set, l.data.Files[0], g.Word)
	case g.Name == "" || g.Name == set || g.Name == "windows-1252" && set != "ibm850":
		return nil
	}
	return diag.Errorf(l.settingPos("encoding"), "sales.encoding is %s, but the bytes of %s look like %s (%s), in which it has %q; set sales.encoding: %s unless names show rightly on the pages",
		set, l.data.Files[0], g.Name, g.About, g.Word, g.Name)
}

// warnings adds the warnings about what was read to the data.
func (l *loader) warnings() {
	d := &l.data
	if w := l.checkEncoding(); w != nil {
		d.Warnings = append(d.Warnings, w)
	}
	if l.emptyCells > 0 {
		msg := "1 empty measure cell was read as 0"
		if l.emptyCells > 1 {
			msg = fmt.Sprintf("%d empty measure cells were read as 0 (the first is here)", l.emptyCells)
		}
		d.Warnings = append(d.Warnings, diag.Errorf(l.emptyFirst, "%s", msg))
	}
	if l.divZero > 0 {
		d.Warnings = append(d.Warnings, diag.Errorf(diag.Pos{File: l.cfg.Name()}, "%s divided by zero in a metric expression and counted as 0", rows(l.divZero)))
	}
}

// rows says "1 row" or "N rows".
func rows(n int) string {
	if n == 1 {
		return "1 row"
	}
	return fmt.Sprintf("%d rows", n)
}

// headerMismatch says where a file's header first parts from the first
// file's; cr has just read header, so its field positions are the header's.
func headerMismatch(file string, cr *csv.Reader, header, first []string, firstFile string) error {
	const rule = "every sales file must have the same columns in the same order"
	for i := range min(len(header), len(first)) {
		if header[i] != first[i] {
			line, col := cr.FieldPos(i)
			return diag.Errorf(diag.Pos{File: file, Line: line, Col: col}, "column %d is %q here but %q in %s; %s", i+1, header[i], first[i], firstFile, rule)
		}
	}
	return diag.Errorf(diag.Pos{File: file, Line: 1}, "header has %d columns but %s's has %d; %s", len(header), firstFile, len(first), rule)
}

// sortValues returns a dimension's values (indexed by the id they got as
// they were read) in sorted order, and for each old id its new one: ids
// that follow the values' order make the cells, and so every sum, the same
// whatever order the rows came in.
// valueOrder keeps each dimension's sortValues across the regroups of the
// same rows (rows.go), whose values are the same every time; a read has
// none.
type valueOrder struct {
	sorted [][]string
	remap  [][]uint32
}

// of is sortValues(vals) of dimension j, from o when it has them.
func (o *valueOrder) of(j int, vals []string) (sorted []string, remap []uint32) {
	if o == nil || vals == nil {
		return sortValues(vals)
	}
	if o.remap[j] == nil {
		o.sorted[j], o.remap[j] = sortValues(vals)
	}
	return o.sorted[j], o.remap[j]
}

func sortValues(vals []string) (sorted []string, remap []uint32) {
	sorted = slices.Clone(vals)
	slices.Sort(sorted)
	remap = make([]uint32, len(vals))
	for id, v := range vals {
		n, _ := slices.BinarySearch(sorted, v)
		remap[id] = uint32(n)
	}
	return sorted, remap
}
