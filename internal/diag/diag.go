// Package diag holds the one error type every input problem is reported
// with: a position (file, line, column) and a message, printed as
// "file:line:col: message". Loaders collect all problems of a run in a List
// so a user fixes them in one pass; nothing here knows about YAML, CSV or
// sites.
package diag

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Pos is a place in an input file. Line and Col count from 1; 0 means
// unknown, and the part is left out when printed.
type Pos struct {
	File      string
	Line, Col int
}

func (p Pos) String() string {
	s := p.File
	if p.Line > 0 {
		s += fmt.Sprintf(":%d", p.Line)
		if p.Col > 0 {
			s += fmt.Sprintf(":%d", p.Col)
		}
	}
	return s
}

// Error is one problem in the input.
type Error struct {
	Pos Pos
	Msg string
}

func (e *Error) Error() string {
	if e.Pos.File == "" {
		return e.Msg
	}
	return e.Pos.String() + ": " + e.Msg
}

// Errorf returns an *Error at pos.
func Errorf(pos Pos, format string, args ...any) *Error {
	return &Error{Pos: pos, Msg: fmt.Sprintf(format, args...)}
}

// List collects the problems of a run. Its zero value is ready to use.
type List struct{ Items []*Error }

// Add records a problem at pos.
func (l *List) Add(pos Pos, format string, args ...any) {
	l.Items = append(l.Items, Errorf(pos, format, args...))
}

// Append records err; an *Error or a List keeps its positions, anything
// else becomes a message without one.
func (l *List) Append(err error) {
	switch e := err.(type) {
	case nil:
	case *Error:
		l.Items = append(l.Items, e)
	case *ListError:
		l.Items = append(l.Items, e.Items...)
	default:
		l.Items = append(l.Items, &Error{Msg: err.Error()})
	}
}

// Len is the number of problems recorded.
func (l *List) Len() int { return len(l.Items) }

// Sorted returns the problems ordered by file, line and column, so that
// output does not depend on the order in which loaders ran.
func (l *List) Sorted() []*Error {
	s := slices.Clone(l.Items)
	slices.SortStableFunc(s, func(a, b *Error) int {
		return cmp.Or(cmp.Compare(a.Pos.File, b.Pos.File),
			cmp.Compare(a.Pos.Line, b.Pos.Line),
			cmp.Compare(a.Pos.Col, b.Pos.Col))
	})
	return s
}

// Err returns nil when nothing was recorded, else a *ListError.
func (l *List) Err() error {
	if len(l.Items) == 0 {
		return nil
	}
	return &ListError{Items: l.Sorted()}
}

// ListError is the error of a run with invalid input.
type ListError struct{ Items []*Error }

func (e *ListError) Error() string {
	var b strings.Builder
	for i, it := range e.Items {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(it.Error())
	}
	return b.String()
}
