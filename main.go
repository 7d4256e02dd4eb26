// Command salesdeck turns a folder of sales plans (YAML), sales data (CSV)
// and narrative pages (Markdown) into a static HTML site whose charts show
// how each sales strategy is doing against its targets.
//
// This file only parses the command line; the work is done by the
// packages under internal/, in pipeline order: load, analyse, render,
// write (see internal/build).
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"slices"
	"strings"

	"salesdeck/internal/build"
	"salesdeck/internal/console"
	"salesdeck/internal/diag"
)

// version is set at release time with -ldflags "-X main.version=...".
var version = "0.1.0-dev"

type command struct {
	name, args, summary, example string
	run                          func(args []string, c *console.Console) int
}

func commands() []command {
	return []command{
		{"build", "[-src DIR] [-out DIR] [-drafts]", "build the site into DIR/public",
			"salesdeck build -src ~/plans", runBuild},
		{"check", "[-src DIR] [-drafts]", "validate everything build would read; write nothing",
			"salesdeck check -src ~/plans", runCheck},
		{"version", "", "print salesdeck's version", "salesdeck version", runVersion},
	}
}

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

func run(args []string, out, errOut io.Writer) int {
	c := console.New(out, errOut)
	if len(args) == 0 || args[0] == "-h" || args[0] == "-help" || args[0] == "--help" || args[0] == "help" {
		if len(args) > 1 {
			return run([]string{args[1], "-h"}, out, errOut)
		}
		usage(out)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	cmds := commands()
	i := slices.IndexFunc(cmds, func(cmd command) bool { return cmd.name == args[0] })
	if i < 0 {
		names := make([]string, len(cmds))
		for j, cmd := range cmds {
			names[j] = cmd.name
		}
		fmt.Fprintf(errOut, "salesdeck: unknown command %q%s\nRun 'salesdeck help' for the list of commands.\n", args[0], diag.Suggest(args[0], names))
		return 2
	}
	return cmds[i].run(args[1:], c)
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "salesdeck turns sales plans, sales data and Markdown pages into a static site.")
	fmt.Fprintln(w, "\nUsage:\n  salesdeck <command> [flags]\n\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun 'salesdeck <command> -h' for a command's flags and an example.")
}

// flags returns a flag set for cmd that prints its usage with an example.
func flags(name string, c *console.Console) *flag.FlagSet {
	var cmd command
	for _, x := range commands() {
		if x.name == name {
			cmd = x
		}
	}
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(c.Err)
	fs.Usage = func() {
		fmt.Fprintf(c.Err, "Usage: salesdeck %s %s\n\n%s.\n\n", name, cmd.args, strings.ToUpper(cmd.summary[:1])+cmd.summary[1:])
		if cmd.args != "" {
			fmt.Fprintln(c.Err, "Flags:")
			fs.PrintDefaults()
			fmt.Fprintln(c.Err)
		}
		fmt.Fprintf(c.Err, "Example:\n  %s\n", cmd.example)
	}
	return fs
}

// parse parses args, returning the exit status to stop with, if any.
func parse(fs *flag.FlagSet, args []string) (int, bool) {
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return 0, true
		}
		return 2, true
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(fs.Output(), "salesdeck %s: unexpected argument %q (flags come before it? see -h)\n", fs.Name(), fs.Arg(0))
		return 2, true
	}
	return 0, false
}

func siteFlags(fs *flag.FlagSet, opt *build.Options) {
	fs.StringVar(&opt.Src, "src", ".", "the site `folder` (holding site.yaml, content/, data/)")
	fs.BoolVar(&opt.Drafts, "drafts", false, "include pages marked draft: true")
}

func runBuild(args []string, c *console.Console) int {
	opt := build.Options{Version: version}
	fs := flags("build", c)
	siteFlags(fs, &opt)
	fs.StringVar(&opt.Out, "out", "", "the output `folder` (default: the site's public/)")
	if code, stop := parse(fs, args); stop {
		return code
	}
	opt.Progress = c.Progress("reading sales data")
	rep, err := build.Build(opt)
	c.Warnings(rep.Warnings)
	if err != nil {
		return c.Failure(err)
	}
	c.Summary("built", build.OutDir(opt), rep)
	return 0
}

func runCheck(args []string, c *console.Console) int {
	opt := build.Options{Version: version}
	fs := flags("check", c)
	siteFlags(fs, &opt)
	if code, stop := parse(fs, args); stop {
		return code
	}
	opt.Progress = c.Progress("reading sales data")
	_, rep, err := build.Files(opt)
	c.Warnings(rep.Warnings)
	if err != nil {
		return c.Failure(err)
	}
	c.Summary("checked", opt.Src, rep)
	return 0
}

func runVersion(args []string, c *console.Console) int {
	fs := flags("version", c)
	if code, stop := parse(fs, args); stop {
		return code
	}
	fmt.Fprintf(c.Out, "salesdeck %s (%s, %s/%s)\n", version, runtime.Version(), runtime.GOOS, runtime.GOARCH)
	return 0
}
