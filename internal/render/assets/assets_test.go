package assets

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"regexp"
	"strings"
	"testing"
)

// readSums parses SHA256SUMS as written by scripts/update-echarts.sh.
func readSums(t *testing.T) map[string]string {
	t.Helper()
	b, err := os.ReadFile("third_party/echarts/SHA256SUMS")
	if err != nil {
		t.Fatal(err)
	}
	sums := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) != 2 {
			t.Fatalf("SHA256SUMS: malformed line %q", sc.Text())
		}
		sums[f[1]] = f[0]
	}
	return sums
}

// TestFilesMatchSHA256SUMS hashes the embedded bytes, not the files on
// disk, so what ships in the binary is what was reviewed.
func TestFilesMatchSHA256SUMS(t *testing.T) {
	sums := readSums(t)
	files := Files()
	tests := []struct{ output, vendored string }{
		{"assets/echarts.min.js", "echarts.min.js"},
		{"assets/echarts-LICENSE.txt", "LICENSE"},
		{"assets/echarts-NOTICE.txt", "NOTICE"},
	}
	if len(files) != len(tests) {
		t.Errorf("Files() has %d entries, want %d", len(files), len(tests))
	}
	for _, tt := range tests {
		t.Run(tt.vendored, func(t *testing.T) {
			b, ok := files[tt.output]
			if !ok {
				t.Fatalf("Files() has no %q", tt.output)
			}
			want, ok := sums[tt.vendored]
			if !ok {
				t.Fatalf("SHA256SUMS has no entry for %s", tt.vendored)
			}
			sum := sha256.Sum256(b)
			if got := hex.EncodeToString(sum[:]); got != want {
				t.Errorf("sha256 %s, SHA256SUMS says %s: the vendored copy was changed; rerun scripts/update-echarts.sh", got, want)
			}
		})
	}
}

func TestScriptStartsWithApacheBanner(t *testing.T) {
	js := Files()["assets/echarts.min.js"]
	banner := "/*\n* Licensed to the Apache Software Foundation (ASF) under one\n"
	if !bytes.HasPrefix(bytes.TrimLeft(js, "\n"), []byte(banner)) {
		t.Errorf("echarts.min.js does not start with the Apache licence banner:\n%.200s", js)
	}
}

// TestVersionMatchesPinnedTarball catches a VERSION edited by hand without
// the tarball hash that scripts/update-echarts.sh checks against.
func TestVersionMatchesPinnedTarball(t *testing.T) {
	v := Version()
	if !regexp.MustCompile(`^\d+\.\d+\.\d+$`).MatchString(v) {
		t.Fatalf("Version() = %q, want an exact version such as 5.6.0", v)
	}
	b, err := os.ReadFile("third_party/echarts/TARBALL.sha256")
	if err != nil {
		t.Fatal(err)
	}
	f := strings.Fields(string(b))
	if len(f) != 2 || f[1] != "echarts-"+v+".tgz" || len(f[0]) != 64 {
		t.Errorf("TARBALL.sha256 = %q, want the sha256 of echarts-%s.tgz", b, v)
	}
}

func TestFilesReturnsCopies(t *testing.T) {
	a := Files()
	a["assets/echarts.min.js"][0] = 'X'
	if Files()["assets/echarts.min.js"][0] == 'X' {
		t.Error("changing one result of Files() changed the next")
	}
}
