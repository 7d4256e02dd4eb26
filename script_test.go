package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"unicode/utf16"

	"github.com/rogpeppe/go-internal/testscript"
)

// The scripts in testdata/script are the command line's examples: each
// .txtar file is one behaviour, told as the commands a user types and what
// salesdeck answers, followed by the files of the site it runs in. Run
// them alone with
//
//	go test -run TestScripts .
//	go test -run TestScripts/build_summary .   # one script
//
// and, after a deliberate change of wording, rewrite the text that `cmp`
// compares inside the scripts with -update-scripts (then read the diff).
var updateScripts = flag.Bool("update-scripts", false, "rewrite the expected output inside testdata/script/*.txtar")

// TestMain makes this test binary double as the salesdeck command: a
// script's "exec salesdeck build" runs run() in a process of its own, with
// real standard streams and exit status.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"salesdeck": func() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) },
		// salesdeck-on-terminal is salesdeck writing both its streams to
		// the terminal that "ttyin" attaches, as when a person runs it in
		// a terminal window: the only way to see its colours.
		"salesdeck-on-terminal": func() {
			tty, err := os.OpenFile("/dev/tty", os.O_WRONLY, 0)
			if err != nil {
				os.Stderr.WriteString("salesdeck-on-terminal: no terminal; precede it with ttyin\n")
				os.Exit(3)
			}
			os.Exit(run(os.Args[1:], tty, tty))
		},
	})
}

func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		UpdateScripts:       *updateScripts,
		RequireExplicitExec: true,
		RequireUniqueNames:  true,
		Cmds:                map[string]func(*testscript.TestScript, bool, []string){"exits": cmdExits, "utf16": cmdUTF16},
		Setup:               setupReal,
		Condition:           realCondition,
	})
}

// realData is the folder of real public exports kept beside the
// repository (../shared/data/real from its root), in their original
// encodings; they are not ours to copy into it.
var realData = filepath.Join("..", "shared", "data", "real")

// setupReal gives scripts the real exports' folder as $REAL.
func setupReal(env *testscript.Env) error {
	abs, err := filepath.Abs(realData)
	if err != nil {
		return err
	}
	env.Setenv("REAL", abs)
	return nil
}

// realCondition answers [real]: whether the real exports are here. A
// script about them skips without them, except under CI=true, where
// their absence fails it.
func realCondition(cond string) (bool, error) {
	if cond != "real" {
		return false, fmt.Errorf("unknown condition %q", cond)
	}
	if _, err := os.Stat(realData); err != nil {
		if os.Getenv("CI") == "true" {
			return false, fmt.Errorf("the real exports are missing under CI: %v", err)
		}
		return false, nil
	}
	return true, nil
}

// cmdExits runs a command like exec and checks its exit status, which
// salesdeck uses to tell invalid input (1) from usage and system errors
// (2):
//
//	exits 1 salesdeck check
func cmdExits(ts *testscript.TestScript, neg bool, args []string) {
	if neg {
		ts.Fatalf("unsupported: ! exits (give the status expected)")
	}
	if len(args) < 2 {
		ts.Fatalf("usage: exits STATUS command [args...]")
	}
	want, err := strconv.Atoi(args[0])
	if err != nil {
		ts.Fatalf("exits: %q is not an exit status", args[0])
	}
	got := 0
	if err := ts.Exec(args[1], args[2:]...); err != nil {
		var exit *exec.ExitError
		if !errors.As(err, &exit) {
			ts.Fatalf("exits: %v", err)
		}
		got = exit.ExitCode()
	}
	if got != want {
		ts.Fatalf("%s exited with status %d, want %d", args[1], got, want)
	}
}

// cmdUTF16 writes a copy of a script's text file in UTF-16, little
// endian with its byte order mark, as Excel saves "Unicode Text": a
// script cannot hold the NUL bytes of such a file itself.
//
//	utf16 sales.csv data/sales.csv
func cmdUTF16(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: utf16 from to")
	}
	text := []rune(ts.ReadFile(args[0]))
	out := []byte{0xff, 0xfe}
	for _, u := range utf16.Encode(text) {
		out = append(out, byte(u), byte(u>>8))
	}
	ts.Check(os.WriteFile(ts.MkAbs(args[1]), out, 0o644))
}
