package diag

import (
	"errors"
	"io/fs"
	"syscall"
	"testing"
)

func TestReadErrors(t *testing.T) {
	tests := []struct {
		err  *Error
		want string
	}{
		{ReadError("data/sales.csv", &fs.PathError{Op: "open", Path: "/site/data/sales.csv", Err: syscall.EACCES}),
			"data/sales.csv: cannot read: permission denied; give the user running salesdeck permission to read it"},
		{ReadDirError("content", &fs.PathError{Op: "open", Path: "content", Err: syscall.ELOOP}),
			"content: cannot read folder: too many levels of symbolic links"},
		{ReadError("site.yaml", errors.New("input/output error")),
			"site.yaml: cannot read: input/output error"},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want || !tt.err.System() {
			t.Errorf("got %q (system %v), want %q", got, tt.err.System(), tt.want)
		}
	}
	if !errors.Is(tests[0].err, fs.ErrPermission) {
		t.Error("a permission error does not match fs.ErrPermission")
	}
}

// A list is a system error when any problem in it is one: a read failure
// or an error that is not a diag.Error at all.
func TestListSystem(t *testing.T) {
	tests := []struct {
		name   string
		add    func(l *List)
		system bool
	}{
		{"input only", func(l *List) { l.Add(Pos{File: "a", Line: 1}, "bad") }, false},
		{"with a read failure", func(l *List) {
			l.Add(Pos{File: "a", Line: 1}, "bad")
			l.Append(ReadError("b", syscall.EIO))
		}, true},
		{"with a foreign error", func(l *List) { l.Append(errors.New("disk full")) }, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var l List
			tt.add(&l)
			var le *ListError
			if !errors.As(l.Err(), &le) || le.System() != tt.system {
				t.Errorf("System() = %v, want %v", le.System(), tt.system)
			}
		})
	}
}

// Problems sort by file, line and column; those without a file, which
// sum up others ("... and 5 more"), come last.
func TestSorted(t *testing.T) {
	var l List
	l.Add(Pos{}, "... and 5 more")
	l.Add(Pos{File: "b", Line: 1}, "b1")
	l.Add(Pos{File: "a", Line: 2, Col: 3}, "a2.3")
	l.Add(Pos{File: "a", Line: 2, Col: 1}, "a2.1")
	l.Add(Pos{File: "a"}, "a")
	want := "a: a\na:2:1: a2.1\na:2:3: a2.3\nb:1: b1\n... and 5 more"
	if got := l.Err().Error(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}
