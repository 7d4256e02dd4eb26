// Package console is the terminal side of the command line: it prints
// problems, warnings, progress and the summary at the end of a run, with
// colour only on a terminal and never when NO_COLOR is set. It knows the
// shape of a build report but nothing of how a site is built.
package console

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"
	"unicode"

	"golang.org/x/term"

	"salesdeck/internal/build"
	"salesdeck/internal/support/diag"
)

// Console writes messages for people.
type Console struct {
	Out, Err io.Writer
	// Stages, when set, adds to the summary how long each stage of the
	// build took (the -v flag).
	Stages bool
	// Each stream is coloured only when it is a terminal itself: a
	// summary redirected to a log file must not carry escape codes even
	// when errors still go to the screen.
	colourOut, colourErr bool
	terminal             bool // Err is a terminal: progress may be drawn
	lastDraw             time.Time
}

// New returns a console writing to out and errOut. Progress is shown only
// when errOut is a terminal, colour only on a stream that is one, and
// never when the NO_COLOR variable is set (https://no-color.org).
func New(out, errOut io.Writer) *Console {
	c := &Console{Out: out, Err: errOut, terminal: isTerminal(errOut)}
	_, noColour := os.LookupEnv("NO_COLOR")
	ok := !noColour && os.Getenv("TERM") != "dumb"
	c.colourOut = ok && isTerminal(out)
	c.colourErr = ok && c.terminal
	return c
}

// isTerminal asks the system whether w is a terminal; a character device
// such as /dev/null is not one.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// paint colours s for the error stream.
func (c *Console) paint(code, s string) string { return colour(c.colourErr, code, s) }

func colour(on bool, code, s string) string {
	if !on {
		return s
	}
	return "\x1b[" + code + "m" + s + "\x1b[0m"
}

// Progress returns a callback drawing a progress line for long reads, or
// nil when errors do not go to a terminal (a log file wants no \r lines).
func (c *Console) Progress(what string) func(done, total int64) {
	if !c.terminal {
		return nil
	}
	start := time.Now()
	return func(done, total int64) {
		now := time.Now()
		// Short reads finish before anyone could read a progress line.
		if now.Sub(start) < 300*time.Millisecond || now.Sub(c.lastDraw) < 100*time.Millisecond && done < total {
			return
		}
		c.lastDraw = now
		pct := 100.0
		if total > 0 {
			pct = 100 * float64(done) / float64(total)
		}
		fmt.Fprintf(c.Err, "\r%s %5.1f%% (%s of %s)", what, pct, size(done), size(total))
		if done >= total {
			fmt.Fprint(c.Err, "\r\x1b[K")
		}
	}
}

func size(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.0f kB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

// Cell is s made safe for a cell of a terminal table: line breaks and
// tabs would break the columns, and control codes (a terminal's escape
// sequences, in a value from the data or a commit message) could move
// the cursor; each becomes a space.
func Cell(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
}

// Heading returns s in bold for the output stream when it is a terminal
// that takes colour, else as it is.
func (c *Console) Heading(s string) string { return colour(c.colourOut, "1", s) }

// Warnings prints each warning on its own line.
func (c *Console) Warnings(ws []*diag.Error) {
	for _, w := range ws {
		fmt.Fprintf(c.Err, "%s %s\n", c.paint("33", "warning:"), w.Error())
	}
}

// Failure prints err: every input problem on its own line, then a count.
// It returns the exit status: 1 for invalid input, 2 for anything else,
// including a file that could not be read.
func (c *Console) Failure(err error) int { return c.failure(err, "nothing was written") }

// ServeFailure prints a failed rebuild of salesdeck serve like Failure,
// saying that the last good site is still being served.
func (c *Console) ServeFailure(err error) { c.failure(err, "still serving the last good site") }

func (c *Console) failure(err error, outcome string) int {
	var list *diag.ListError
	if errors.As(err, &list) {
		for _, e := range list.Items {
			fmt.Fprintln(c.Err, e.Error())
		}
		if line := list.OmittedLine(); line != "" {
			fmt.Fprintln(c.Err, line)
		}
		fmt.Fprintln(c.Err, c.paint("31", plural(list.Count(), "error")+"; "+outcome))
		return exitStatus(list.System())
	}
	var one *diag.Error
	if errors.As(err, &one) {
		fmt.Fprintln(c.Err, one.Error())
		fmt.Fprintln(c.Err, c.paint("31", "1 error; "+outcome))
		return exitStatus(one.System())
	}
	fmt.Fprintf(c.Err, "%s %v\n", c.paint("31", "error:"), err)
	return 2
}

// exitStatus is 1 for invalid input and 2 when a file could not be read
// (a system error, docs/commands.md), even alongside input problems: the input
// could not all be checked.
func exitStatus(system bool) int {
	if system {
		return 2
	}
	return 1
}

// Summary prints the line that ends every successful run.
func (c *Console) Summary(verb, where string, r *build.Report) {
	parts := []string{
		plural(r.Pages, "page"),
		plural(r.Plans, "plan"),
		plural(r.Strategies, "strategy"),
		rowsFrom(r),
		plural(len(r.Warnings), "warning"),
	}
	msg := fmt.Sprintf("%s %s: %s in %s", verb, where, strings.Join(parts, ", "), r.Elapsed.Round(time.Millisecond))
	if c.Stages {
		var st []string
		for _, s := range r.Stages {
			st = append(st, fmt.Sprintf("%s %s", s.Name, s.Elapsed.Round(time.Millisecond)))
		}
		msg += " (" + strings.Join(st, ", ") + ")"
	}
	fmt.Fprintln(c.Out, colour(c.colourOut, "32", msg))
}

// rowsFrom says where the rows came from: files, or a database that
// sent their groups.
func rowsFrom(r *build.Report) string {
	if rc := r.Received; rc.Kept {
		return fmt.Sprintf("%s grouped by %s (the groups of its last answer)", plural(r.RowsRead, "row"), rc.Source)
	} else if rc.Source != "" {
		groups := plural(rc.Groups, "group")
		if rc.Values > 0 {
			// count_distinct metrics: each group's values, once each.
			groups += " and " + plural(rc.Values, "distinct value")
		}
		return fmt.Sprintf("%s grouped by %s (%s, %s received in %s)", plural(r.RowsRead, "row"), rc.Source,
			groups, size(rc.Bytes), rc.Elapsed.Round(time.Millisecond))
	}
	return fmt.Sprintf("%s from %s", plural(r.RowsRead, "row"), plural(r.DataFiles, "file"))
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	if strings.HasSuffix(word, "y") {
		return fmt.Sprintf("%d %sies", n, word[:len(word)-1])
	}
	return fmt.Sprintf("%d %ss", n, word)
}
