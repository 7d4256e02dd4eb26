// Package diag holds the one error type every input problem is reported
// with: a position (file, line, column) and a message, printed as
// "file:line:col: message". Loaders collect all problems of a run in a List
// so a user fixes them in one pass; nothing here knows about YAML, CSV or
// sites.
package diag

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
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

// Error is one problem in the input, or, when Err is set, a file the
// system would not let salesdeck read: not the input's fault, so the
// command line exits with the status of a system error (2), yet it is
// listed with the input problems of the run and names its file the same
// way.
type Error struct {
	Pos Pos
	Msg string
	Err error // the system error behind a read failure; nil for input problems
}

// Unwrap returns the system error behind e, if any.
func (e *Error) Unwrap() error { return e.Err }

// System reports whether e is a read failure rather than an input problem.
func (e *Error) System() bool { return e.Err != nil }

// ReadError reports that file could not be read. The path in err is
// dropped: file already names it, relative to the site. An *Error in err
// is returned as it is.
func ReadError(file string, err error) *Error { return readError(file, "cannot read", err) }

// ReadDirError reports that the folder dir could not be listed.
func ReadDirError(dir string, err error) *Error { return readError(dir, "cannot read folder", err) }

func readError(file, what string, err error) *Error {
	// A file the site may not hand over (a link out of it, a device) is
	// already an input problem, named by whoever found it: pass it on.
	var problem *Error
	if errors.As(err, &problem) {
		return problem
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	msg := what + ": " + err.Error()
	if errors.Is(err, fs.ErrPermission) {
		msg += "; give the user running salesdeck permission to read it"
	}
	return &Error{Pos: Pos{File: file}, Msg: msg, Err: err}
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
type List struct {
	Items []*Error
	// Omitted counts problems found but not listed: a wrong setting
	// would otherwise print one line per row of a large file.
	Omitted int
}

// Add records a problem at pos.
func (l *List) Add(pos Pos, format string, args ...any) {
	l.Items = append(l.Items, Errorf(pos, format, args...))
}

// Append records err; an *Error or a List keeps its positions. Anything
// else is not an input problem (loaders report those as *Error), so it
// becomes a system error without a position.
func (l *List) Append(err error) {
	switch e := err.(type) {
	case nil:
	case *Error:
		l.Items = append(l.Items, e)
	case *ListError:
		l.Items = append(l.Items, e.Items...)
		l.Omitted += e.Omitted
	default:
		l.Items = append(l.Items, &Error{Msg: err.Error(), Err: err})
	}
}

// Len is the number of problems recorded.
func (l *List) Len() int { return len(l.Items) }

// Sorted returns the problems ordered by file, line and column, so that
// output does not depend on the order in which loaders ran. Problems
// without a file ("... and 5 more") come last, after those they sum up.
func (l *List) Sorted() []*Error {
	s := slices.Clone(l.Items)
	slices.SortStableFunc(s, func(a, b *Error) int {
		return cmp.Or(cmp.Compare(noFile(a), noFile(b)),
			cmp.Compare(a.Pos.File, b.Pos.File),
			cmp.Compare(a.Pos.Line, b.Pos.Line),
			cmp.Compare(a.Pos.Col, b.Pos.Col))
	})
	return s
}

func noFile(e *Error) int {
	if e.Pos.File == "" {
		return 1
	}
	return 0
}

// Err returns nil when nothing was recorded, else a *ListError.
func (l *List) Err() error {
	if len(l.Items) == 0 {
		return nil
	}
	return &ListError{Items: l.Sorted(), Omitted: l.Omitted}
}

// ListError is the error of a run with invalid input.
type ListError struct {
	Items   []*Error
	Omitted int // problems found but not listed
}

// Count is the number of problems found, listed or not.
func (e *ListError) Count() int { return len(e.Items) + e.Omitted }

// OmittedLine is the line that stands for the problems not listed, or "".
func (e *ListError) OmittedLine() string {
	switch e.Omitted {
	case 0:
		return ""
	case 1:
		return "... and 1 more problem like these"
	}
	return fmt.Sprintf("... and %d more problems like these", e.Omitted)
}

// System reports whether any problem is a read failure, which makes the
// run a system error rather than invalid input.
func (e *ListError) System() bool {
	return slices.ContainsFunc(e.Items, (*Error).System)
}

// Unwrap returns the problems, so errors.Is finds the system error
// behind a read failure in the list.
func (e *ListError) Unwrap() []error {
	out := make([]error, len(e.Items))
	for i, it := range e.Items {
		out[i] = it
	}
	return out
}

func (e *ListError) Error() string {
	var b strings.Builder
	for i, it := range e.Items {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(it.Error())
	}
	if line := e.OmittedLine(); line != "" {
		b.WriteString("\n" + line)
	}
	return b.String()
}
