package pages

import (
	"bytes"
	"strings"

	"salesdeck/internal/support/diag"
	"salesdeck/internal/support/yamldoc"
)

// front is a page cut in two. Both parts keep their position in the file so
// that errors in either can name the real line.
type front struct {
	yaml     string // the front matter, "" when there is none
	yamlLine int    // file line of the first front matter line
	body     string
	bodyLine int
}

// checkUTF8 reports a page that is not UTF-8 at its first bad byte.
func checkUTF8(name string, src []byte, errs *diag.List) bool {
	if err := diag.CheckUTF8(name, src); err != nil {
		errs.Append(err)
		return false
	}
	return true
}

// splitFront cuts the front matter off src. Only an unterminated front
// matter is an error: everything else is a page, possibly without one.
func splitFront(name string, src []byte, errs *diag.List) (front, bool) {
	src = bytes.TrimPrefix(src, []byte("\ufeff"))
	text := strings.ReplaceAll(string(src), "\r\n", "\n")
	lines := strings.SplitAfter(text, "\n")
	if !isDelim(lines[0]) {
		return front{body: text, bodyLine: 1}, true
	}
	off := len(lines[0])
	for i, l := range lines[1:] {
		if isDelim(l) {
			// lines[1:][i] is file line i+2, so the body starts on line i+3.
			return front{yaml: text[len(lines[0]):off], yamlLine: 2, body: text[off+len(l):], bodyLine: i + 3}, true
		}
		off += len(l)
	}
	errs.Add(diag.Pos{File: name, Line: 1, Col: 1}, `front matter starts here but has no closing "---" line`)
	return front{}, false
}

// isDelim reports whether line is "---"; trailing blanks are forgiven as
// editors add them invisibly.
func isDelim(line string) bool { return strings.TrimRight(line, " \t\n") == "---" }

// decodeFront fills p from the front matter keys listed in the package
// comment.
func decodeFront(name string, fm front, p *Page, errs *diag.List) {
	if fm.yamlLine == 0 {
		return
	}
	// Blank lines in front of the YAML make the decoder count lines as the
	// file does, so every position it reports needs no adjusting.
	d := yamldoc.Doc{File: name, Errs: errs, What: "front matter"}
	root := d.Parse([]byte(strings.Repeat("\n", fm.yamlLine-1) + fm.yaml))
	if root == nil {
		return
	}
	f, _ := d.Map(root, "front matter", "title", "description", "weight", "draft", "handout")
	if v, ok := f["title"]; ok {
		p.Title = d.String(v.Value, "title")
	}
	if v, ok := f["description"]; ok {
		p.Description = d.String(v.Value, "description")
	}
	if v, ok := f["weight"]; ok && !yamldoc.IsNull(v.Value) {
		p.Weight, _ = d.Int(v.Value, "weight")
	}
	if v, ok := f["draft"]; ok && !yamldoc.IsNull(v.Value) {
		p.Draft = d.Bool(v.Value, "draft")
	}
	if v, ok := f["handout"]; ok && !yamldoc.IsNull(v.Value) {
		p.Handout = d.Bool(v.Value, "handout")
	}
}

// firstHeading returns the text of the first level-1 ATX heading ("# x")
// outside fenced code, where "# " is more likely a shell comment.
func firstHeading(body string) string {
	fence := ""
	for line := range strings.Lines(body) {
		t := strings.TrimLeft(strings.TrimRight(line, "\n"), " ")
		if len(line)-len(strings.TrimLeft(line, " ")) > 3 {
			continue // indented code
		}
		if fence != "" {
			if strings.HasPrefix(t, fence) && strings.TrimRight(t, fence[:1]+" \t") == "" {
				fence = ""
			}
			continue
		}
		if f := fenceOf(t); f != "" {
			fence = f
			continue
		}
		if t != "#" && !strings.HasPrefix(t, "# ") && !strings.HasPrefix(t, "#\t") {
			continue
		}
		if h := trimClosing(strings.TrimSpace(t[1:])); h != "" {
			return h
		}
	}
	return ""
}

// fenceOf returns the run of ``` or ~~~ that opens a code fence on t.
func fenceOf(t string) string {
	for _, c := range []string{"`", "~"} {
		n := len(t) - len(strings.TrimLeft(t, c))
		if n >= 3 {
			return t[:n]
		}
	}
	return ""
}

// trimClosing drops an optional closing run of "#" ("# Title #"), but not a
// "#" that is part of a word ("# Learn C#").
func trimClosing(h string) string {
	s := strings.TrimRight(h, "#")
	if s == h {
		return h
	}
	if s == "" || strings.HasSuffix(s, " ") || strings.HasSuffix(s, "\t") {
		return strings.TrimSpace(s)
	}
	return h
}
