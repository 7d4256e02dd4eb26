package database

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"strings"
	"sync/atomic"
	"time"
)

// command runs queries through a program that reads SQL on standard input
// and writes CSV with a header line on standard output: a warehouse's
// command-line client (psql --csv, clickhouse-client --format
// CSVWithNames, duckdb -csv, bq query --format=csv). Each query is one run
// of the program, given argv as it is, without a shell.
type command struct {
	argv []string
	dir  string
	n    atomic.Int64
}

func newCommand(argv []string, dir string) *command { return &command{argv: argv, dir: dir} }

// stderrLimit keeps a chatty client's error output to what a message can
// show.
const stderrLimit = 4 << 10

func (c *command) query(ctx context.Context, sql string, head func([]string), row func([]string) error) error {
	cmd := exec.CommandContext(ctx, c.argv[0], c.argv[1:]...)
	cmd.Dir = c.dir
	cmd.Stdin = strings.NewReader(sql + "\n")
	var stderr limited
	cmd.Stderr = &stderr
	// A client killed at the timeout may leave children holding its
	// output open; do not wait for them.
	cmd.WaitDelay = 2 * time.Second
	out, err := cmd.StdoutPipe()
	if err != nil {
		return &failure{err: err}
	}
	if err := cmd.Start(); err != nil {
		if errors.Is(err, exec.ErrNotFound) {
			return &failure{err: fmt.Errorf("sales.command: %v; install it, or write its full path in sales.command", err)}
		}
		return &failure{err: err}
	}
	readErr := c.read(&countReader{r: out, n: &c.n}, head, row)
	if readErr != nil {
		// Stop the program: what it still writes is not wanted.
		_ = cmd.Process.Kill()
	}
	waitErr := cmd.Wait()
	msg := strings.TrimSpace(stderr.String())
	switch {
	case ctx.Err() != nil:
		return &failure{err: ctx.Err()}
	case waitErr != nil && msg != "":
		return &failure{err: fmt.Errorf("%s exited with %v: %s", c.argv[0], waitErr, msg)}
	case readErr != nil:
		return readErr
	case waitErr != nil:
		return &failure{err: fmt.Errorf("%s exited with %v and no message on standard error", c.argv[0], waitErr)}
	}
	return nil
}

func (c *command) read(r io.Reader, head func([]string), row func([]string) error) error {
	cr := csv.NewReader(r)
	cr.ReuseRecord = true
	cr.FieldsPerRecord = -1
	rec, err := cr.Read()
	if err == io.EOF {
		return nil // no header: reported by the caller
	}
	if err != nil {
		return fmt.Errorf("reading the CSV %s printed: %v", c.argv[0], err)
	}
	head(append([]string(nil), rec...))
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("reading the CSV %s printed: %v", c.argv[0], err)
		}
		if err := row(rec); err != nil {
			return err
		}
	}
}

func (c *command) tables(context.Context) []string { return nil }

func (c *command) received() int64 { return c.n.Load() }

func (c *command) close() {}

type countReader struct {
	r io.Reader
	n *atomic.Int64
}

func (c *countReader) Read(b []byte) (int, error) {
	n, err := c.r.Read(b)
	c.n.Add(int64(n))
	return n, err
}

// limited keeps the first stderrLimit bytes written to it.
type limited struct{ bytes.Buffer }

func (l *limited) Write(b []byte) (int, error) {
	if room := stderrLimit - l.Len(); room > 0 {
		l.Buffer.Write(b[:min(room, len(b))])
	}
	return len(b), nil
}
