package data_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/aenets/aenets/data"
)

// TestUnseen checks examples/unseen.txt: ten 5x7 glyphs that differ from
// every font glyph and from each other, pictured correctly in its header.
func TestUnseen(t *testing.T) {
	const path = "examples/unseen.txt"
	u, err := data.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if u.N != 10 || u.D != 35 || u.Rows != 7 || u.Cols != 5 || !u.Binary() {
		t.Fatalf("N %d, D %d, shape %dx%d, binary %v; want 10 binary 7x5 glyphs", u.N, u.D, u.Rows, u.Cols, u.Binary())
	}
	if want := strings.Fields("A B C E H 0 1 2 3 7"); !slices.Equal(u.Labels, want) {
		t.Errorf("labels %q, want %q", u.Labels, want)
	}
	if want := strings.Fields("41 42 43 45 48 30 31 32 33 37"); !slices.Equal(u.IDs, want) {
		t.Errorf("IDs %q, want %q", u.IDs, want)
	}
	font := data.Font()
	for i := range u.N {
		for j := range font.N {
			if slices.Equal(u.Row(i), font.Row(j)) {
				t.Errorf("%s equals font glyph %s", u.Labels[i], font.Labels[j])
			}
		}
		for j := range i {
			if slices.Equal(u.Row(i), u.Row(j)) {
				t.Errorf("%s equals %s", u.Labels[i], u.Labels[j])
			}
		}
	}

	// The header pictures the glyphs side by side, one comment line per row.
	text := readFile(t, path)
	var art [][]string
	for _, line := range strings.Split(text, "\n") {
		if f := strings.Fields(strings.TrimPrefix(line, "#")); strings.HasPrefix(line, "#") &&
			len(f) == u.N && strings.Trim(f[0], "#.") == "" {
			art = append(art, f)
		}
	}
	if len(art) != u.Rows {
		t.Fatalf("found %d picture rows in the header, want %d", len(art), u.Rows)
	}
	for i := range u.N {
		var rows []string
		for r := range u.Rows {
			rows = append(rows, art[r][i])
		}
		if got, want := lines(rows...), picture(u, i); got != want {
			t.Errorf("header pictures %s as\n%s\nbut its bytes are\n%s", u.Labels[i], got, want)
		}
	}
}
