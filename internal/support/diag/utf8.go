package diag

import (
	"bytes"
	"unicode/utf8"
)

// CheckUTF8 returns an error at the first byte of src that is not UTF-8
// (a leading byte-order mark allowed), or nil. Text files written by hand
// (plans, pages) must be UTF-8: an old editor's Latin-1 "é" would
// otherwise reach the site as "�". Columns count characters.
func CheckUTF8(file string, src []byte) *Error {
	src = bytes.TrimPrefix(src, []byte("\ufeff"))
	if utf8.Valid(src) {
		return nil
	}
	i := 0
	for i < len(src) {
		r, n := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && n == 1 {
			break
		}
		i += n
	}
	lineStart := bytes.LastIndexByte(src[:i], '\n') + 1
	pos := Pos{File: file, Line: 1 + bytes.Count(src[:i], []byte("\n")), Col: 1 + utf8.RuneCount(src[lineStart:i])}
	return Errorf(pos, "not valid UTF-8; save the file as UTF-8")
}
