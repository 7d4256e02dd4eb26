package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"salesdeck/tools/gen"
)

// TestMain runs main when the test binary is started by gendata below, so
// the tests see flags, output and exit status as a user would.
func TestMain(m *testing.M) {
	if args, ok := os.LookupEnv("GENDATA_ARGS"); ok {
		os.Args = append([]string{"gendata"}, strings.Fields(args)...)
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func gendata(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), "GENDATA_ARGS="+strings.Join(args, " "))
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		code = exit.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return out.String(), errb.String(), code
}

func TestShapes(t *testing.T) {
	for _, c := range []struct {
		args        []string
		head        string // the first line of standard output
		first, last string // the first and last day of the data
	}{
		{[]string{"-shape", "wide", "-rows", "3000", "-out", "-"}, gen.Wide.Header(), "2022-01-01", "2024-12-31"},
		{[]string{"-shape", "customers", "-rows", "3000", "-out", "-"}, gen.Customers.Header(), "2022-01-01", "2024-12-31"},
		{[]string{"-shape", "wide", "-from", "2023-02-01", "-to", "2023-02-28", "-rows", "500", "-out", "-"}, gen.Wide.Header(), "2023-02-01", "2023-02-28"},
		{[]string{"-from", "2026-01-01", "-to", "2026-01-31", "-out", "-"}, gen.Header, "2026-01-01", "2026-01-31"},
	} {
		out, stderr, code := gendata(t, c.args...)
		if code != 0 {
			t.Errorf("%v: exit %d: %s", c.args, code, stderr)
			continue
		}
		lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
		if lines[0] != c.head {
			t.Errorf("%v: header %q, want %q", c.args, lines[0], c.head)
		}
		// A small run may sell nothing on the first or last day, but does
		// in the first and last month.
		first, last := lines[min(1, len(lines)-1)][:10], lines[len(lines)-1][:10]
		if len(lines) < 3 || first < c.first || first[:7] != c.first[:7] || last > c.last || last[:7] != c.last[:7] {
			t.Errorf("%v: %d rows from %s to %s, want %s to %s", c.args, len(lines)-1, first, last, c.first, c.last)
		}
	}
}

// A wide shape never writes over the example site's data by default.
func TestWideNeedsOut(t *testing.T) {
	for _, args := range [][]string{{"-shape", "wide"}, {"-shape", "customers", "-rows", "10"}, {"-shape", "tall", "-out", "-"}} {
		if _, stderr, code := gendata(t, args...); code != 2 || !strings.Contains(stderr, "-shape") {
			t.Errorf("%v: exit %d, %q; want 2 and a word on -shape", args, code, stderr)
		}
	}
}

func TestWideSite(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "site")
	if _, stderr, code := gendata(t, "-site", dir, "-shape", "customers", "-rows", "5000", "-plans", "2", "-strategies", "6"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	site, err := os.ReadFile(filepath.Join(dir, "site.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(site), "dimensions: [region, country, customer, category, product, channel, rep]") {
		t.Errorf("site.yaml:\n%s", site)
	}
	data, err := os.ReadFile(filepath.Join(dir, "data", "sales.csv"))
	if err != nil || !bytes.HasPrefix(data, []byte(gen.Customers.Header()+"\n")) {
		t.Errorf("data/sales.csv: %v, starts %.100q", err, data)
	}
}
