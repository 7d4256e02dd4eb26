package sales

import (
	"bytes"
	"encoding/binary"
	"math/bits"
)

// splitter cuts records out of CSV text the way encoding/csv reads them
// (RFC 4180 quotes, \r\n read as \n, empty lines skipped, no lazy quotes)
// without copying unquoted fields. It only reads valid CSV: at anything
// encoding/csv would report, it stops, and the load starts again with
// encoding/csv, whose messages and positions users see.
type splitter struct {
	comma byte
	nf    int // fields per record: the header's; -1 while reading the header
	data  []byte
	// bounds locates the fields of a record without quotes: field k is
	// data[bounds[k]:bounds[k+1]-1].
	bounds []int
	// A record with quotes has its fields in fields (unescaped values in
	// scratch) and their offsets (their opening quotes) in starts.
	quotes  bool
	fields  [][]byte
	starts  []int
	scratch []byte
	// lines counts the line ends passed so far, in and between records.
	lines int
}

func newSplitter(comma byte, nf int) *splitter {
	return &splitter{comma: comma, nf: nf, bounds: make([]int, max(nf, 0)+1)}
}

// field returns field k of the last record.
func (s *splitter) field(k int) []byte {
	if s.quotes {
		return s.fields[k]
	}
	return s.data[s.bounds[k] : s.bounds[k+1]-1]
}

// start returns the offset of field k of the last record in the text.
func (s *splitter) start(k int) int {
	if s.quotes {
		return s.starts[k]
	}
	return s.bounds[k]
}

// count returns the number of fields of the last record.
func (s *splitter) count() int {
	if s.quotes {
		return len(s.fields)
	}
	return s.nf
}

// skip returns the offset of the next record at or after pos, past the
// lines that hold nothing but their end ("\n", "\r\n", or a lone "\r" at
// the end of the file), which encoding/csv skips. eof says that data ends
// where the file ends; otherwise it ends right after a line end.
func (s *splitter) skip(data []byte, pos int, eof bool) int {
	for pos < len(data) {
		switch {
		case data[pos] == '\n':
			pos++
		case data[pos] == '\r' && pos+1 < len(data) && data[pos+1] == '\n':
			pos += 2
		case data[pos] == '\r' && pos+1 == len(data) && eof:
			return len(data)
		default:
			return pos
		}
		s.lines++
	}
	return pos
}

// record reads the record starting at data[pos:] (where skip left off)
// into s.fields and returns the offset after it. ok is false for anything
// encoding/csv would refuse, a record with more or fewer fields than the
// header included.
func (s *splitter) record(data []byte, pos int, eof bool) (next int, ok bool) {
	s.data = data
	end := bytes.IndexByte(data[pos:], '\n')
	next = pos + end + 1
	if end < 0 {
		if !eof {
			return pos, false
		}
		end, next = len(data)-pos, len(data)
	}
	line := data[pos : pos+end]
	if s.nf < 0 || bytes.IndexByte(line, '"') >= 0 {
		return s.quoted(data, pos, eof)
	}
	s.quotes = false
	if n := len(line); n > 0 && line[n-1] == '\r' {
		line = line[:n-1] // "\r\n" is read as "\n"; a "\r" before the end of the file is dropped
	}
	b := s.bounds
	b[0] = pos
	n := 1
	// Eight bytes at a time: the high bit of each byte of m is set where
	// the byte is the delimiter (x has a zero byte there).
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	comma := ones * uint64(s.comma)
	i := 0
	for ; i+8 <= len(line); i += 8 {
		x := binary.LittleEndian.Uint64(line[i:]) ^ comma
		m := ^((x&^highs + ^uint64(highs)) | x) & highs
		for m != 0 {
			if n == len(b)-1 {
				return pos, false // more fields than the header
			}
			b[n] = pos + i + bits.TrailingZeros64(m)>>3 + 1
			n++
			m &= m - 1
		}
	}
	for ; i < len(line); i++ {
		if line[i] == s.comma {
			if n == len(b)-1 {
				return pos, false
			}
			b[n] = pos + i + 1
			n++
		}
	}
	b[n] = pos + len(line) + 1
	if end < len(data)-pos {
		s.lines++
	}
	return next, n == len(b)-1
}

// quoted reads a record holding quotes, which may span lines.
func (s *splitter) quoted(data []byte, pos int, eof bool) (int, bool) {
	s.quotes = true
	s.fields, s.starts, s.scratch = s.fields[:0], s.starts[:0], s.scratch[:0]
	i := pos
	for {
		start := i
		if i < len(data) && data[i] == '"' {
			i++
			v := len(s.scratch)
			for {
				if i == len(data) {
					return pos, false // never closed
				}
				c := data[i]
				switch {
				case c == '"' && i+1 < len(data) && data[i+1] == '"':
					s.scratch = append(s.scratch, '"')
					i += 2
					continue
				case c == '"':
					i++
				case c == '\n':
					if data[i-1] == '\r' {
						s.scratch[len(s.scratch)-1] = '\n'
					} else {
						s.scratch = append(s.scratch, '\n')
					}
					s.lines++
					i++
					continue
				default:
					s.scratch = append(s.scratch, c)
					i++
					continue
				}
				break
			}
			if !s.add(s.scratch[v:len(s.scratch):len(s.scratch)], start) {
				return pos, false
			}
			switch {
			case i == len(data) && eof, i+1 == len(data) && data[i] == '\r' && eof:
				return len(data), s.complete()
			case i < len(data) && data[i] == s.comma:
				i++
				continue
			case i < len(data) && data[i] == '\n':
				s.lines++
				return i + 1, s.complete()
			case i+1 < len(data) && data[i] == '\r' && data[i+1] == '\n':
				s.lines++
				return i + 2, s.complete()
			}
			return pos, false // text after the closing quote
		}
		for i < len(data) && data[i] != s.comma && data[i] != '\n' {
			if data[i] == '"' {
				return pos, false // a quote inside an unquoted field
			}
			i++
		}
		f := data[start:i]
		atEnd := i == len(data) || data[i] == '\n'
		if atEnd && len(f) > 0 && f[len(f)-1] == '\r' && (i < len(data) || eof) {
			f = f[:len(f)-1]
		}
		if !s.add(f, start) {
			return pos, false
		}
		switch {
		case i == len(data):
			if !eof {
				return pos, false
			}
			return i, s.complete()
		case data[i] == '\n':
			s.lines++
			return i + 1, s.complete()
		}
		i++ // the delimiter
	}
}

// complete reports whether the last record has as many fields as the
// header (every record does, when nf is -1).
func (s *splitter) complete() bool { return s.nf < 0 || len(s.fields) == s.nf }

func (s *splitter) add(f []byte, start int) bool {
	if len(s.fields) == s.nf {
		return false
	}
	s.fields = append(s.fields, f)
	s.starts = append(s.starts, start)
	return true
}

// column returns the 1-based column of offset off in data as encoding/csv
// counts it: bytes from the start of its line, which is rec or a later line
// start when a quoted cell before off spans lines. The sequential load
// names the row by the line it starts on, whichever line the cell is on.
func column(data []byte, rec, off int) int {
	if i := bytes.LastIndexByte(data[rec:off], '\n'); i >= 0 {
		rec += i + 1
	}
	return off - rec + 1
}

// lastRecordEnd returns the offset just after the last line end in data
// that ends a record: one outside quotes, which in CSV that encoding/csv
// accepts is one preceded by an even number of quotes. data starts a
// record. It returns -1 when no record ends in data.
func lastRecordEnd(data []byte) int {
	inside := bytes.Count(data, []byte{'"'})%2 == 1
	for i := len(data) - 1; i >= 0; i-- {
		switch data[i] {
		case '"':
			inside = !inside
		case '\n':
			if !inside {
				return i + 1
			}
		}
	}
	return -1
}
