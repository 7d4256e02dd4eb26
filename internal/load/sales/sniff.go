package sales

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"salesdeck/internal/load/config"
	"salesdeck/internal/support/diag"
)

// The sniffing here only serves messages: what a file that cannot be read
// as site.yaml says is most likely written in, so that the message names
// the setting that reads it (docs/data-sources.md, Encoding and
// delimiter). Nothing is ever read with a guessed setting.

// sniffDelimiter returns the separator a header read as one column seems
// to use instead of the one set: the one it holds most often.
func sniffDelimiter(header []string, set rune) (rune, bool) {
	if len(header) != 1 {
		return 0, false
	}
	best, most := rune(0), 0
	for _, d := range config.Delimiters {
		if n := strings.Count(header[0], string(d.Rune)); d.Rune != set && n > most {
			best, most = d.Rune, n
		}
	}
	return best, most > 0
}

// errDelimiter is the one error about a file whose header reads as one
// column because the file is separated by another character: without it,
// every column site.yaml names would be reported missing.
func errDelimiter(file, header string, set, found rune, settings string) error {
	if r := []rune(header); len(r) > 60 {
		header = string(r[:57]) + "..."
	}
	yaml := config.DelimiterYAML
	return diag.Errorf(diag.Pos{File: file, Line: 1, Col: 1}, "the header reads as one column, %q, since sales.delimiter is %s but the file is separated by %s; set sales.delimiter: %s in %s",
		header, yaml(set), yaml(found), yaml(found), settings)
}

// codePage is a single-byte encoding a file that is not UTF-8 may be in.
type codePage struct {
	name  string // as sales.encoding writes it
	about string // where such files come from
	cm    *charmap.Charmap
}

// codePages are the encodings guessEncoding chooses among. ISO 8859-1 and
// -15 write letters with the same bytes as windows-1252, which also has
// curly quotes and dashes where they have control codes: windows-1252
// stands for all three.
var codePages = []codePage{
	{"windows-1252", "as Excel and most Windows programs save", charmap.Windows1252},
	{"ibm850", "DOS code page 850, as old DOS and AS/400 systems export", charmap.CodePage850},
}

// sniffLimit bounds how much of a file guessEncoding reads.
const sniffLimit = 16 << 20

// EncodingGuess is what guessEncoding makes of a file's bytes.
type EncodingGuess struct {
	Name  string // sales.encoding's name for it; "" when no byte is above 0x7F
	About string // where such files come from
	// Word is the first word of the file with a letter above 0x7F, as
	// the encoding reads it ("Martín"), for messages; "" when none.
	Word string
}

// guessEncoding reads up to 16 MB of r and says which encoding its bytes
// above 0x7F most likely stand for: UTF-8 when they are valid UTF-8, else
// a code page. Code page
// 850 writes accented letters with the bytes where windows-1252 has
// punctuation and symbols (0x80-0xBF) and box drawing where windows-1252
// has letters (0xC0-0xDF), so under the wrong one names read as
// "Mart¡n" or "Franz÷sisch": a symbol inside a word, or a letter alone.
// Each distinct byte votes for the code page under which it reads more
// often as a letter inside a word than as a symbol there, so that one
// byte repeated thousands of times (a no-break space) weighs no more than
// one rare letter.
func guessEncoding(r io.Reader) EncodingGuess {
	b, _ := io.ReadAll(io.LimitReader(r, sniffLimit))
	high := bytes.IndexFunc(b, func(r rune) bool { return r >= utf8.RuneSelf })
	if high < 0 {
		return EncodingGuess{}
	}
	if utf8.Valid(b) {
		return EncodingGuess{Name: "utf-8", About: "the default", Word: word(b, high)}
	}
	best, bestVotes := -1, 0
	for k, cp := range codePages {
		var score [256]int
		for i, c := range b {
			if c >= 0x80 {
				score[c] += fits(cp.cm, b, i)
			}
		}
		votes := 0
		for _, s := range score {
			switch {
			case s > 0:
				votes++
			case s < 0:
				votes--
			}
		}
		if best < 0 || votes > bestVotes {
			best, bestVotes = k, votes
		}
	}
	cp := codePages[best]
	g := EncodingGuess{Name: cp.name, About: cp.about}
	for i, c := range b {
		if c >= 0x80 && fits(cp.cm, b, i) > 0 {
			g.Word, _ = cp.cm.NewDecoder().String(word(b, i))
			break
		}
	}
	return g
}

// fits scores how well byte b[i] reads in cm, beside its neighbours: +1
// for a common letter in a word that keeps the word's case, -1 for a
// rare letter, a letter alone, out of case or beside a digit, or for punctuation or a symbol between letters
// (box drawing and control codes anywhere), 0 for spaces and
// punctuation between words.
func fits(cm *charmap.Charmap, b []byte, i int) int {
	r := cm.DecodeByte(b[i])
	var prev, next rune
	if i > 0 {
		prev = cm.DecodeByte(b[i-1])
	}
	if i+1 < len(b) {
		next = cm.DecodeByte(b[i+1])
	}
	lp, ln := unicode.IsLetter(prev), unicode.IsLetter(next)
	switch {
	case r == utf8.RuneError || unicode.IsControl(r) || r >= 0x2500 && r <= 0x25FF:
		return -1
	case unicode.IsLetter(r):
		if !lp && !ln || !strings.ContainsRune(westernLetters, unicode.ToLower(r)) {
			return -1
		}
		if unicode.IsUpper(r) && unicode.IsLower(prev) || unicode.IsLower(r) && unicode.IsUpper(next) {
			return -1 // RÚsumÚ, ôImportant
		}
		if unicode.IsDigit(prev) || unicode.IsDigit(next) {
			return -1 // 5á1/2: a no-break space read as a letter
		}
		return 1
	case unicode.IsSpace(r):
		return 0
	case r == '’' || r == '-' || r == '–' || r == '‐':
		return 0 // don’t, Baden‐Baden
	default:
		if lp && ln {
			return -1 // Mart¡n, Franz÷sisch
		}
		return 0
	}
}

// westernLetters are the letters above 0x7F of the languages that write
// with windows-1252 and code page 850, less the rare ones (þ, ð, µ),
// which are what the wrong code page makes of common ones.
const westernLetters = "àáâãäåæçèéêëìíîïñòóôõöøùúûüýÿßœš"

// word returns the word of s around its byte at i: the letters, digits
// and bytes above 0x7F on either side.
func word(s []byte, i int) string {
	in := func(c byte) bool {
		return c >= 0x80 || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
	}
	start, end := i, i
	for start > 0 && in(s[start-1]) {
		start--
	}
	for end < len(s) && in(s[end]) {
		end++
	}
	return string(s[start:end])
}

// errEncoding is the message about a cell that is not valid UTF-8 in a
// file read as UTF-8, naming the encoding its bytes look like.
func errEncoding(g EncodingGuess, settings string) string {
	const not = "not valid UTF-8"
	if g.Name == "" {
		return fmt.Sprintf("%s; set sales.encoding in %s to the encoding the file was saved in", not, settings)
	}
	example := ""
	if g.Word != "" {
		example = fmt.Sprintf(", in which the file has %q", g.Word)
	}
	return fmt.Sprintf("%s: the bytes look like %s (%s)%s; set sales.encoding: %s in %s",
		not, g.Name, g.About, example, g.Name, settings)
}
