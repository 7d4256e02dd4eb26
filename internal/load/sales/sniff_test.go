package sales

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The code page of a file that is not UTF-8 is told from its bytes: the
// real exports, byte for byte as published, and small files written in
// each code page.
func TestGuessEncoding(t *testing.T) {
	real := filepath.Join("..", "..", "..", "..", "shared", "data", "real")
	tests := []struct {
		name, file, text string
		want, word       string
	}{
		{name: "superstore", file: "sample_superstore.csv", want: "windows-1252", word: "Französisch"},
		{name: "model cars", file: "sales_data_sample.csv", want: "ibm850", word: "Berguvsvägen"},
		{name: "1252 names and curly quotes", text: "M\xfcller,\x93Best\x94 paper,Caf\xe9 Z\xfcrich\n", want: "windows-1252", word: "Müller"},
		{name: "1252 no-break spaces outnumber letters", text: strings.Repeat("Conference\xa0phone,", 50) + "Fran\xe7ois\n", want: "windows-1252", word: "François"},
		{name: "850 names", text: "Mart\xa1n,Espa\xa4a,M\x81ller\n", want: "ibm850", word: "Martín"},
		{name: "ascii only", text: "date,region\n", want: ""},
		{name: "utf-8", text: "date,city\n2026-01-01,Zürich\n", want: "utf-8", word: "Zürich"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := tt.text
			if tt.file != "" {
				b, err := os.ReadFile(filepath.Join(real, tt.file))
				if err != nil {
					if os.Getenv("CI") == "true" {
						t.Fatalf("the real exports are missing under CI: %v", err)
					}
					t.Skipf("no real exports here: %v", err)
				}
				text = string(b)
			}
			g := guessEncoding(strings.NewReader(text))
			if g.Name != tt.want || g.Word != tt.word {
				t.Errorf("got %s with %q, want %s with %q", g.Name, g.Word, tt.want, tt.word)
			}
		})
	}
}
