package data_test

import (
	"os"
	"strings"
	"testing"

	"github.com/aenets/aenets/data"
)

// picture renders sample i of d as rows of '#' (value ≥ 0.5) and '.'.
func picture(d *data.Dataset, i int) string {
	var b strings.Builder
	for r := 0; r < d.Rows; r++ {
		for c := 0; c < d.Cols; c++ {
			if d.Row(i)[r*d.Cols+c] >= 0.5 {
				b.WriteByte('#')
			} else {
				b.WriteByte('.')
			}
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// lines joins rows into a picture as returned by picture.
func lines(rows ...string) string { return strings.Join(rows, "\n") + "\n" }

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func mkdir(path string) error { return os.Mkdir(path, 0o755) }

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
