package console

import (
	"bytes"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"salesdeck/internal/build"
	"salesdeck/internal/support/diag"
)

// Output that is not a terminal (a log file, a pipe, /dev/null, which is
// a character device) never carries colour codes or progress lines.
func TestNoColourOffTerminal(t *testing.T) {
	devnull, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer devnull.Close()
	t.Setenv("TERM", "xterm-256color")
	for _, c := range []*Console{New(devnull, devnull), New(&bytes.Buffer{}, &bytes.Buffer{})} {
		if c.colourOut || c.colourErr || c.terminal || c.Progress("reading") != nil {
			t.Errorf("colour or progress on a stream that is not a terminal: %+v", c)
		}
	}
}

// A run that found more problems than it lists says so, and counts them
// all.
func TestFailureCountsOmittedProblems(t *testing.T) {
	var out, errOut bytes.Buffer
	c := New(&out, &errOut)
	var l diag.List
	l.Add(diag.Pos{File: "data/sales.csv", Line: 2, Col: 17}, "bad cell")
	l.Omitted = 4
	if code := c.Failure(l.Err()); code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	want := "data/sales.csv:2:17: bad cell\n... and 4 more problems like these\n5 errors; nothing was written\n"
	if errOut.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", errOut.String(), want)
	}
	c.Summary("built", "public", &build.Report{Pages: 1, Plans: 1, Strategies: 2, RowsRead: 1, DataFiles: 1})
	if got := out.String(); strings.Contains(got, "\x1b[") || !strings.HasPrefix(got, "built public: 1 page, 1 plan, 2 strategies, 1 row from 1 file, 0 warnings") {
		t.Errorf("summary %q", got)
	}
}

// With -v the summary says how long each stage took.
func TestSummaryStages(t *testing.T) {
	rep := &build.Report{Pages: 1, Plans: 1, Strategies: 1, RowsRead: 1, DataFiles: 1, Elapsed: 40 * time.Millisecond,
		Stages: []build.Stage{{Name: "load", Elapsed: 20 * time.Millisecond}, {Name: "analyse", Elapsed: 5 * time.Millisecond},
			{Name: "render", Elapsed: 10 * time.Millisecond}, {Name: "write", Elapsed: 5 * time.Millisecond}}}
	for _, stages := range []bool{false, true} {
		var out bytes.Buffer
		c := New(&out, io.Discard)
		c.Stages = stages
		c.Summary("built", "public", rep)
		want := "built public: 1 page, 1 plan, 1 strategy, 1 row from 1 file, 0 warnings in 40ms\n"
		if stages {
			want = "built public: 1 page, 1 plan, 1 strategy, 1 row from 1 file, 0 warnings in 40ms (load 20ms, analyse 5ms, render 10ms, write 5ms)\n"
		}
		if out.String() != want {
			t.Errorf("stages %v: got %q, want %q", stages, out.String(), want)
		}
	}
}
