package markdown

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// goldmark's time grows with the square of some counts: containers opened
// on one line, link destinations left open on one line, emphasis marks,
// quotes and backtick runs that find no partner within one paragraph, and
// footnotes in one document; a table pads every short row to the header's
// width. A plan author could stall every build (and a running serve) with
// a few hundred kilobytes of such text. check refuses a source before
// goldmark sees it, with one linear scan, at the first place over a limit;
// within the limits the worst case stays a fixed multiple of the source's
// size (the pathological tests measure it), and no page a person writes
// comes near them.
const (
	// MaxPageBytes bounds a content/*.md page.
	MaxPageBytes = 1 << 20
	// MaxValueBytes bounds Markdown held in a YAML value: a plan's
	// summary, a strategy's notes. They sit on pages beside other content,
	// and the handout repeats them.
	MaxValueBytes = 64 << 10

	maxDepth     = 32      // block quotes and list items opened on one line
	maxLinks     = 256     // "[" in one paragraph or table row
	maxDelims    = 500     // runs of * _ ~ and single ' " in one paragraph or table row
	maxRefDefs   = 1000    // "[label]: url" lines in one source
	maxFootnotes = 1000    // footnote definitions, and references, in one source
	maxPadding   = 100_000 // empty cells added to short table rows, in one source
)

// LimitError says a Markdown source is over one of salesdeck's limits, at
// a line and column of the source; callers add the file name.
type LimitError struct {
	Line, Col int // from 1
	Msg       string
}

func (e *LimitError) Error() string { return fmt.Sprintf("line %d:%d: %s", e.Line, e.Col, e.Msg) }

// check returns a *LimitError for src over a limit, or nil.
func check(src string, maxBytes int) error {
	if len(src) > maxBytes {
		return &LimitError{Line: 1, Col: 1, Msg: fmt.Sprintf("%s of Markdown, over the %s salesdeck renders in one piece; split it into several pages",
			kib(len(src)), kib(maxBytes))}
	}
	c := checker{}
	for n, start := 1, 0; start < len(src); n++ {
		end := strings.IndexByte(src[start:], '\n')
		if end < 0 {
			end = len(src)
		} else {
			end += start
		}
		if err := c.line(src[start:end], n); err != nil {
			return err
		}
		start = end + 1
	}
	return c.endPara()
}

func kib(n int) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%d KiB", (n+1023)/1024)
}

// checker follows a source line by line. A "paragraph" here is a run of
// lines that goldmark may parse as one: it ends at a blank line, where a
// list item or a fenced code block starts, as goldmark's paragraphs do; a
// table's rows are counted one by one, since goldmark parses each cell
// alone, and the lines of a fenced code block not at all. Where it cannot
// tell, it counts more than goldmark sees, not less.
type checker struct {
	links, delims int    // in the paragraph
	ticks         []tick // the paragraph's runs of backticks
	bytes         int    // the paragraph's length
	inList        bool   // the paragraph's lines include a list item
	itemCol       int    // column where the last list item's text starts
	prevCells     int    // cells of the previous line read as a table row; 0 at a paragraph's start
	tableCols     int    // the table's width, once its delimiter row was seen
	fence         *fence // the fenced code block the line is in
	refDefs       int
	fnDefs        int
	fnRefs        int
	padding       int
}

// tick is a run of backticks: where it is in the source and in its
// paragraph, how long it is, and whether its first backtick is escaped.
type tick struct {
	text         string // its line
	line, i, off int    // line number, byte in the line, byte in the paragraph
	n            int
	escaped      bool
}

// fence is an open fenced code block: its character and length, the block
// quotes it is in and the column of its first character.
type fence struct {
	ch          byte
	n           int
	quotes, col int
}

func (c *checker) line(s string, n int) error {
	s = strings.TrimSuffix(s, "\r")
	p := readPrefix(s)
	rest := s[p.end:]
	if f := c.fence; f != nil {
		if isBlank(s) || p.quotes >= f.quotes && p.quoteCol >= f.col {
			if t := strings.TrimLeft(s[p.quoteEnd:], " \t"); run(t, f.ch) >= f.n && isBlank(t[run(t, f.ch):]) {
				c.fence = nil
			}
			return nil
		}
		// A line outside the block's quote or list item ends it.
		c.fence = nil
	}
	switch {
	case p.depth > maxDepth:
		return c.at(s, n, 0, "block quotes and lists nested %d deep, over the %d salesdeck allows; flatten them", p.depth, maxDepth)
	case isBlank(rest) && !p.item:
		return c.endPara()
	case p.item && !isBlank(rest) && p.markerCol <= c.itemCol+3 && (!p.ordered || p.first || c.inList):
		// A list item with text ends the paragraph before it.
		if err := c.endPara(); err != nil {
			return err
		}
		c.inList, c.itemCol = true, p.textCol
	}
	if isFence(rest, p) {
		c.fence = &fence{ch: rest[0], n: run(rest, rest[0]), quotes: p.quotes, col: p.endCol}
		return c.endPara()
	}
	switch {
	case c.tableCols > 0:
		// Each row on its own.
		if err := c.flush(); err != nil {
			return err
		}
		c.links, c.delims, c.ticks, c.bytes = 0, 0, c.ticks[:0], 0
		if cells := cellCount(rest); cells < c.tableCols {
			c.padding += c.tableCols - cells
			if c.padding > maxPadding {
				return c.at(s, n, p.end, "table rows lack more than %d cells in all, which would be added empty; give each row its cells", maxPadding)
			}
		}
	case c.prevCells > 0 && isDelimiterRow(rest) && cellCount(rest) == c.prevCells:
		c.tableCols = c.prevCells
		return nil
	default:
		c.prevCells = cellCount(rest)
	}
	return c.inline(s, n, p.end)
}

// endPara checks the paragraph that ends and starts the next.
func (c *checker) endPara() error {
	err := c.flush()
	c.links, c.delims, c.ticks, c.bytes = 0, 0, c.ticks[:0], 0
	c.inList, c.itemCol, c.prevCells, c.tableCols = false, 0, 0, 0
	return err
}

// maxScan bounds what goldmark reads to pair up the backtick runs of a
// paragraph, as a multiple of the paragraph's length.
const maxScan = 32

// flush checks the paragraph's backtick runs. goldmark pairs a run (less
// an escaped first backtick) with the next run of the same length, which
// it looks for with no regard to escapes; it reads to the paragraph's end
// for a run that has none, and starts again after it. flush adds up what
// that reads, with one pass back to find each run's next of its length.
func (c *checker) flush() error {
	if len(c.ticks) == 0 {
		return nil
	}
	next := make([]int, len(c.ticks))
	last := map[int]int{}
	for i := len(c.ticks) - 1; i >= 0; i-- {
		t := c.ticks[i]
		j, ok := last[t.n-b2i(t.escaped)]
		if !ok {
			j = -1
		}
		next[i] = j
		last[t.n] = i
	}
	budget := maxScan*c.bytes + 4096
	for i := 0; i < len(c.ticks); i++ {
		t := c.ticks[i]
		if t.escaped && t.n == 1 {
			continue // text
		}
		if j := next[i]; j >= 0 {
			budget -= c.ticks[j].off - t.off
			i = j
		} else {
			budget -= c.bytes - t.off
		}
		if budget < 0 {
			return &LimitError{Line: t.line, Col: utf8.RuneCountInString(t.text[:t.i]) + 1, Msg: "too many runs of backticks (`) without a closing run of the same length in one paragraph; close the code spans or split the paragraph with a blank line"}
		}
	}
	return nil
}

// inline counts what goldmark's inline parsers pair up, in s from byte i.
func (c *checker) inline(s string, n, i int) error {
	const where = "in one paragraph or table row; split it with a blank line"
	base := i
	defer func() { c.bytes += len(s) - base + 1 }()
	if def := strings.TrimLeft(s[i:], " \t"); isDefinition(def) {
		// Its label is no link: goldmark takes definitions out of a
		// paragraph before it looks for links. The count of them bounds
		// what a paragraph that only looks like definitions costs.
		i = len(s) - len(def)
		if strings.HasPrefix(def, "[^") {
			if c.fnDefs++; c.fnDefs > maxFootnotes {
				return c.at(s, n, i, "more than %d footnote definitions, over what salesdeck allows in one piece; split it into several pages", maxFootnotes)
			}
		} else if c.refDefs++; c.refDefs > maxRefDefs {
			return c.at(s, n, i, "more than %d link reference definitions ([label]: url), over what salesdeck allows in one piece; split it into several pages", maxRefDefs)
		}
		i += strings.Index(def, "]:") + 2
	}
	for ; i < len(s); i++ {
		switch ch := s[i]; ch {
		case '\\':
			if strings.HasPrefix(s[i+1:], "`") {
				i = c.tick(s, n, i+1, base, true)
			} else {
				i++ // an escaped character is text
			}
		case '[':
			if c.links++; c.links > maxLinks {
				return c.at(s, n, i, "more than %d links or brackets ([) %s", maxLinks, where)
			}
			if strings.HasPrefix(s[i:], "[^") {
				if c.fnRefs++; c.fnRefs > maxFootnotes {
					return c.at(s, n, i, "more than %d footnote references ([^label]), over what salesdeck allows in one piece; split it into several pages", maxFootnotes)
				}
			}
		case '`':
			i = c.tick(s, n, i, base, false)
		case '*', '_', '~', '\'', '"':
			if ch != '\'' && ch != '"' {
				i += run(s[i:], ch) - 1
			}
			if c.delims++; c.delims > maxDelims {
				return c.at(s, n, i, "more than %d emphasis marks and quotes (* _ ~ ' \") %s", maxDelims, where)
			}
		}
	}
	return nil
}

// tick records the run of backticks at byte i of line s (line n, whose
// paragraph text starts at byte base) and returns the run's last byte.
func (c *checker) tick(s string, n, i, base int, escaped bool) int {
	w := run(s[i:], '`')
	c.ticks = append(c.ticks, tick{text: s, line: n, i: i, off: c.bytes + i - base, n: w, escaped: escaped})
	return i + w - 1
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// at returns a LimitError at byte i of line s, line n.
func (c *checker) at(s string, n, i int, format string, args ...any) error {
	return &LimitError{Line: n, Col: utf8.RuneCountInString(s[:min(i, len(s))]) + 1, Msg: fmt.Sprintf(format, args...)}
}

// prefix is what opens containers at a line's start.
type prefix struct {
	end       int  // byte offset of the line's text after the prefix
	depth     int  // containers the prefix may open (an upper bound)
	quotes    int  // block quote markers
	quoteEnd  int  // byte offset after the leading quote markers and blanks
	quoteCol  int  // ... and its column
	item      bool // the prefix has a list marker
	ordered   bool // ... and the first is a number
	first     bool // ... which is 1
	markerCol int  // column of the first list marker
	textCol   int  // column where the last list item's text starts
	endCol    int  // column at end
	markCol   int  // column after the last marker, 0 for none
}

// isFence reports whether rest, a line's text after its prefix p, opens a
// fenced code block: three backticks or tildes (backticks not followed by
// another), indented less than an indented code block.
func isFence(rest string, p prefix) bool {
	indent := 3
	if p.quotes > 0 || p.item {
		indent = 4 // the blank after a marker is the marker's
	}
	if p.endCol-p.markCol > indent {
		return false
	}
	if n := run(rest, '`'); n >= 3 {
		return !strings.Contains(rest[n:], "`")
	}
	return run(rest, '~') >= 3
}

// readPrefix reads the block quote markers and list markers at the start
// of s. Indentation before a list marker counts a level for every four
// columns, as nested lists indent at least two columns a level. It stops
// past maxDepth: a line of a million "- " must not take a million steps
// each.
func readPrefix(s string) prefix {
	var p prefix
	col, i := 0, 0
	for p.depth <= maxDepth {
		for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
			if s[i] == '\t' {
				col += 4 - col%4
			} else {
				col++
			}
			i++
		}
		if !p.item {
			p.quoteEnd, p.quoteCol = i, col
		}
		if i == len(s) {
			break
		}
		if s[i] == '>' {
			p.depth++
			p.quotes++
			i++
			col++
			p.markCol = col
			continue
		}
		w, ordered, one := listMarker(s[i:])
		if w == 0 || !p.item && isBreak(s[i:]) {
			break
		}
		if !p.item {
			p.item, p.ordered, p.first, p.markerCol = true, ordered, one, col
			p.depth += col / 4
		}
		p.depth++
		i += w
		col += w
		p.textCol, p.markCol = col+1, col
	}
	p.end, p.endCol = i, col
	return p
}

// listMarker returns the width of the list marker s starts with (0 for
// none), whether it is a number and whether that number is 1.
func listMarker(s string) (w int, ordered, one bool) {
	if s == "" {
		return 0, false, false
	}
	if c := s[0]; c == '-' || c == '+' || c == '*' {
		w = 1
	} else {
		for w < len(s) && w < 9 && s[w] >= '0' && s[w] <= '9' {
			w++
		}
		if w == 0 || w == len(s) || (s[w] != '.' && s[w] != ')') {
			return 0, false, false
		}
		ordered, one = true, strings.TrimLeft(s[:w], "0") == "1"
		w++
	}
	if w < len(s) && s[w] != ' ' && s[w] != '\t' {
		return 0, false, false
	}
	return w, ordered, one
}

// isBreak reports whether s is a thematic break ("* * *", "---"), which
// opens no list however many markers it seems to hold.
func isBreak(s string) bool {
	s = strings.TrimRight(s, " \t")
	if s == "" {
		return false
	}
	c, n := s[0], 0
	if c != '-' && c != '*' && c != '_' {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case c:
			n++
		case ' ', '\t':
		default:
			return false
		}
	}
	return n >= 3
}

// isDefinition reports whether s, which starts with "[", looks like a link
// reference or footnote definition: "[label]:".
func isDefinition(s string) bool {
	if !strings.HasPrefix(s, "[") {
		return false
	}
	end := strings.IndexByte(s, ']')
	return end > 1 && end+1 < len(s) && s[end+1] == ':'
}

// isDelimiterRow reports whether s is a table's delimiter row, "|---|:-:|",
// as goldmark reads one: no more than three columns indented, and every
// cell dashes with a colon at either end or none.
func isDelimiterRow(s string) bool {
	if len(s)-len(strings.TrimLeft(s, " ")) > 3 || strings.Trim(s, "-") == "" {
		return false
	}
	cells := strings.Split(s, "|")
	if isBlank(cells[0]) {
		cells = cells[1:]
	}
	if len(cells) > 0 && isBlank(cells[len(cells)-1]) {
		cells = cells[:len(cells)-1]
	}
	for _, cell := range cells {
		cell = strings.Trim(cell, " \t")
		cell = strings.TrimPrefix(cell, ":")
		cell = strings.TrimSuffix(cell, ":")
		if cell == "" || strings.Trim(cell, "-") != "" {
			return false
		}
	}
	return len(cells) > 0
}

// cellCount counts the cells of s read as a table row: its unescaped "|"
// separate them, a leading and a trailing one do not.
func cellCount(s string) int {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(s, "|")
	if strings.HasSuffix(s, "|") && !strings.HasSuffix(s, "\\|") {
		s = s[:len(s)-1]
	}
	if s == "" {
		return 0
	}
	n := 1
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '|':
			n++
		}
	}
	return n
}

func run(s string, c byte) int {
	n := 0
	for n < len(s) && s[n] == c {
		n++
	}
	return n
}

func isBlank(s string) bool { return strings.Trim(s, " \t") == "" }
