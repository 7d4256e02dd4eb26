// Command salesdeck turns a folder of sales plans (YAML), sales data (CSV)
// and narrative pages (Markdown) into a static HTML site whose charts show
// how each sales strategy is doing against its targets.
//
// This file only parses the command line; the work is done by the
// packages under internal/, in pipeline order: load, analyse, render,
// write (see internal/build).
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"time"

	"golang.org/x/term"

	"salesdeck/internal/app/console"
	"salesdeck/internal/app/inspect"
	"salesdeck/internal/app/pdf"
	"salesdeck/internal/app/revisions"
	"salesdeck/internal/app/serve"
	"salesdeck/internal/app/starter"
	"salesdeck/internal/build"
	"salesdeck/internal/load/config"
	"salesdeck/internal/render"
	"salesdeck/internal/support/diag"
)

// version is set at release time with -ldflags "-X main.version=...".
var version = "0.1.0-dev"

type command struct {
	name, args, summary, example string
	run                          func(args []string, c *console.Console) int
}

func commands() []command {
	return []command{
		{"build", "[-src DIR] [-config FILE] [-out DIR] [-drafts] [-v]", "build the site into DIR/public",
			"salesdeck build -src ~/plans -config nightly/site.yaml", runBuild},
		{"check", "[-src DIR] [-config FILE] [-drafts] [-v]", "validate everything build would read; write nothing",
			"salesdeck check -src ~/plans", runCheck},
		{"serve", "[-src DIR] [-config FILE] [-addr HOST:PORT] [-timeout D] [-drafts]", "build, serve and rebuild the site on every change; open pages reload",
			"salesdeck serve -src ~/plans -addr 127.0.0.1:8080", runServe},
		{"inspect", "[-src DIR] [-config FILE]", "show what salesdeck reads in the sales data: files, encoding, each column's role and values, the dates",
			"salesdeck inspect -src ~/plans", runInspect},
		{"pdf", "[-src DIR] [-config FILE] [-o FILE] [-timeout D]", "build the site and print its board handout to a PDF file (needs Chromium)",
			"salesdeck pdf -src ~/plans -o ~/board/q1-handout.pdf", runPDF},
		{"history", "[-src DIR] [-config FILE] [STRATEGY]", "print the revisions of the targets, from the plans' history in git",
			"salesdeck history -src ~/plans dach-enterprise", runHistory},
		{"init", "DIR", "create a new site with a small working example in DIR",
			"salesdeck init ~/plans", runInit},
		{"templates", "-o DIR [-force]", "write the built-in templates to DIR as a starting point",
			"salesdeck templates -o ~/plans/templates", runTemplates},
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
		n := 0
		fs.VisitAll(func(*flag.Flag) { n++ })
		if n > 0 {
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

// siteFlags adds the flags that say which site to read: srcFlags and
// -drafts.
func siteFlags(fs *flag.FlagSet, opt *build.Options) {
	srcFlags(fs, opt)
	fs.BoolVar(&opt.Drafts, "drafts", false, "include pages marked draft: true")
}

// srcFlags adds -src, the site folder, and -config, its settings file. A
// -config outside the site is a flag error, like a value of the wrong
// type; one that does not exist is reported by the build, which reads it.
func srcFlags(fs *flag.FlagSet, opt *build.Options) {
	fs.StringVar(&opt.Src, "src", ".", "the site `folder` (holding site.yaml, content/, data/)")
	fs.Func("config", "the site settings `file`, a path relative to the site folder, such as examples/postgres/site.yaml (default: site.yaml)", func(name string) error {
		file, err := config.CheckName(name)
		opt.Config = file
		return err
	})
}

// stageFlag adds -v, which makes the summary say how long each stage took.
func stageFlag(fs *flag.FlagSet, c *console.Console) {
	fs.BoolVar(&c.Stages, "v", false, "say how long each stage (load, analyse, render, write) took")
}

func runBuild(args []string, c *console.Console) int {
	opt := build.Options{Version: version}
	fs := flags("build", c)
	siteFlags(fs, &opt)
	stageFlag(fs, c)
	fs.StringVar(&opt.Out, "out", "", "the output `folder` (default: the site's public/)")
	if code, stop := parse(fs, args); stop {
		return code
	}
	opt.Progress = c.Progress("reading sales data")
	opt.Waiting = func(out string) {
		fmt.Fprintf(c.Err, "waiting for another build of %s to finish\n", strings.TrimSuffix(out, string(filepath.Separator))+string(filepath.Separator))
	}
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
	stageFlag(fs, c)
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

func runServe(args []string, c *console.Console) int {
	opt := serve.Options{Build: build.Options{Version: version}}
	fs := flags("serve", c)
	siteFlags(fs, &opt.Build)
	fs.StringVar(&opt.Addr, "addr", "127.0.0.1:8080", "the `address` to listen on; 127.0.0.1 keeps the site to this machine")
	fs.DurationVar(&opt.Timeout, "timeout", serve.DefaultTimeout, "abandon a build that takes longer than this `duration` (a template that loops)")
	fs.DurationVar(&opt.Refresh, "refresh", 0, "read the sales data again this often, such as 15m, for a database whose rows change (0: only when the sales settings change, or on r and Enter)")
	if code, stop := parse(fs, args); stop {
		return code
	}
	if opt.Timeout <= 0 {
		fmt.Fprintln(c.Err, "salesdeck serve: -timeout must be more than 0, such as 60s or 5m (see -h)")
		return 2
	}
	opt.Build.Progress = c.Progress("reading sales data")
	opt.OnBuild = func(rep *build.Report, err error) {
		c.Warnings(rep.Warnings)
		if err != nil {
			c.ServeFailure(err)
			return
		}
		c.Summary("built", opt.Build.Src, rep)
	}
	opt.OnWatchError = func(err error) { fmt.Fprintf(c.Err, "watching for changes: %v\n", err) }
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	defer exitSoonAfter(ctx, c)()
	hint := ""
	if term.IsTerminal(int(os.Stdin.Fd())) {
		opt.Refreshes = keyPresses(os.Stdin, "r")
		hint = "; r and Enter reads the sales data again"
	}
	err := serve.Run(ctx, opt, func(url string) {
		fmt.Fprintf(c.Out, "serving %s (rebuilds on every change%s; Ctrl+C to stop)\n", url, hint)
		fmt.Fprintf(c.Out, "what salesdeck reads in the sales data: %s%s\n", strings.TrimSuffix(url, "/"), serve.InspectURL)
	})
	if err != nil {
		return c.Failure(err)
	}
	return 0
}

// keyPresses sends on the channel it returns each time a line of r is
// key, until r ends.
func keyPresses(r io.Reader, key string) <-chan struct{} {
	ch := make(chan struct{})
	go func() {
		defer close(ch)
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			if strings.EqualFold(strings.TrimSpace(sc.Text()), key) {
				ch <- struct{}{}
			}
		}
	}()
	return ch
}

// stopGrace is how long a command may take to stop after SIGINT or
// SIGTERM, cleaning up, before it exits anyway: a user's Ctrl+C, or a
// service manager's SIGTERM, must end it within two seconds.
const stopGrace = 1500 * time.Millisecond

// exitSoonAfter exits with status 2 when the command has not returned
// stopGrace after ctx, its signal context, ended. The command calls the
// function it returns when it returns.
func exitSoonAfter(ctx context.Context, c *console.Console) (returned func()) {
	done := make(chan struct{})
	go func() {
		select {
		case <-done:
			return
		case <-ctx.Done():
		}
		select {
		case <-done:
		case <-time.After(stopGrace):
			fmt.Fprintln(c.Err, "salesdeck: did not stop in time after the signal; exiting")
			os.Exit(2)
		}
	}()
	return func() { close(done) }
}

func runHistory(args []string, c *console.Console) int {
	opt := build.Options{Version: version}
	fs := flags("history", c)
	srcFlags(fs, &opt)
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return 0
		}
		return 2
	}
	if fs.NArg() > 1 {
		fmt.Fprintf(fs.Output(), "salesdeck history: unexpected argument %q (one strategy at most; see -h)\n", fs.Arg(1))
		return 2
	}
	cfg, plans, h, err := build.History(opt)
	if h != nil {
		c.Warnings(h.Warnings)
	}
	if err != nil {
		return c.Failure(err)
	}
	if err := revisions.Write(c.Out, cfg, plans, h, fs.Arg(0)); err != nil {
		fmt.Fprintf(c.Err, "salesdeck history: %v\n", err)
		return 1
	}
	return 0
}

func runInit(args []string, c *console.Console) int {
	fs := flags("init", c)
	if err := fs.Parse(args); err == flag.ErrHelp {
		return 0
	} else if err != nil {
		return 2
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(c.Err, "salesdeck init: give one folder for the new site (see -h)")
		return 2
	}
	dir := fs.Arg(0)
	files, err := starter.Init(dir)
	if err != nil {
		return c.Failure(err)
	}
	fmt.Fprintf(c.Out, "created a site in %s: %s\n\nNext:\n  salesdeck serve -src %s    # see it at http://127.0.0.1:8080/ as you edit\n  salesdeck build -src %s    # write it to %s\n",
		dir, strings.Join(files, ", "), dir, dir, filepath.Join(dir, "public"))
	return 0
}

func runTemplates(args []string, c *console.Console) int {
	fs := flags("templates", c)
	dir := fs.String("o", "", "the `folder` to write to, such as your site's templates/")
	force := fs.Bool("force", false, "replace files that already exist")
	if code, stop := parse(fs, args); stop {
		return code
	}
	if *dir == "" {
		fmt.Fprintln(c.Err, "salesdeck templates: -o DIR is required (see -h)")
		return 2
	}
	files, err := starter.Copy(*dir, render.Templates(), *force)
	if err != nil {
		return c.Failure(err)
	}
	fmt.Fprintf(c.Out, "wrote %s to %s\nIn a site's templates/ folder, each replaces the built-in template of the same name; delete those you do not change.\n", strings.Join(files, ", "), *dir)
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

func runInspect(args []string, c *console.Console) int {
	opt := build.Options{Version: version}
	fs := flags("inspect", c)
	srcFlags(fs, &opt)
	if code, stop := parse(fs, args); stop {
		return code
	}
	opt.Progress = c.Progress("reading sales data")
	in, err := build.Inspect(opt)
	if err != nil {
		return c.Failure(err)
	}
	c.Warnings(in.Warnings)
	if err := inspect.Text(c.Out, inspect.Summarize(in), c.Heading); err != nil {
		fmt.Fprintf(c.Err, "salesdeck inspect: %v\n", err)
		return 2
	}
	return 0
}

func runPDF(args []string, c *console.Console) int {
	opt := build.Options{Version: version}
	fs := flags("pdf", c)
	srcFlags(fs, &opt)
	file := fs.String("o", "", "the PDF `file` to write (default: "+pdf.DefaultFile+" in the site folder)")
	timeout := fs.Duration("timeout", pdf.DefaultTimeout, "give up when Chromium has not started and printed within this `duration`")
	if code, stop := parse(fs, args); stop {
		return code
	}
	if *timeout <= 0 {
		fmt.Fprintln(c.Err, "salesdeck pdf: -timeout must be more than 0, such as 2m (see -h)")
		return 2
	}
	opt.Progress = c.Progress("reading sales data")
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	defer exitSoonAfter(ctx, c)()
	res, err := pdf.Handout(ctx, opt, *file, pdf.Options{Timeout: *timeout})
	c.Warnings(res.Report.Warnings)
	if err != nil && ctx.Err() != nil {
		// Handout removed its temporary folders on the way out.
		fmt.Fprintln(c.Err, "salesdeck pdf: stopped by a signal; nothing was written")
		return 2
	}
	if err != nil {
		return c.Failure(err)
	}
	rep := *res.Report
	rep.Pages = res.Pages
	c.Summary("printed", res.File, &rep)
	return 0
}
