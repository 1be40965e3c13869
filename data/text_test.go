package data_test

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/aenets/aenets/data"
)

func parse(t *testing.T, text string) *data.Dataset {
	t.Helper()
	d, err := data.ParseText(strings.NewReader(text), "test.txt")
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestParseTextNumbers(t *testing.T) {
	d := parse(t, "# a comment\n   # an indented comment\n\n \t \na x 0 0.5 1 0.25\nb\ty\t1e-1 1. .0 0e-400\n")
	if d.Name != "test.txt" || d.N != 2 || d.D != 4 || d.Rows != 2 || d.Cols != 2 {
		t.Fatalf("got name %q, N %d, D %d, shape %dx%d", d.Name, d.N, d.D, d.Rows, d.Cols)
	}
	if want := []float64{0, 0.5, 1, 0.25, 0.1, 1, 0, 0}; !slices.Equal(d.X, want) {
		t.Errorf("X = %v, want %v", d.X, want)
	}
	for _, tc := range []struct {
		s string
		v float64
	}{{"2.5e-1", 0.25}, {".5", 0.5}, {"5E-1", 0.5}, {"0.5e+0", 0.5}, {"00.50", 0.5}, {"5e-324", 5e-324}, {"1.0", 1}, {"100e-2", 1}} {
		if d := parse(t, "a x "+tc.s+"\n"); d.X[0] != tc.v {
			t.Errorf("%s read as %v, want %v", tc.s, d.X[0], tc.v)
		}
	}
	if !slices.Equal(d.IDs, []string{"a", "b"}) || !slices.Equal(d.Labels, []string{"x", "y"}) {
		t.Errorf("IDs %q, labels %q", d.IDs, d.Labels)
	}
}

func TestParseTextGlyphs(t *testing.T) {
	d := parse(t, "61 a 00 0e 01 0d 13 13 0d\n41 A 0E 11 11 11 1F 11 11\n61 a 1f 1f 1f 1f 1f 1f 1f\n")
	if d.N != 3 || d.D != 35 || d.Rows != 7 || d.Cols != 5 || !d.Binary() {
		t.Fatalf("got N %d, D %d, shape %dx%d, binary %v", d.N, d.D, d.Rows, d.Cols, d.Binary())
	}
	want := lines(".###.", "#...#", "#...#", "#...#", "#####", "#...#", "#...#")
	if got := picture(d, 1); got != want {
		t.Errorf("A:\n%s\nwant\n%s", got, want)
	}
	if d.Labels[0] != d.Labels[2] {
		t.Error("duplicate labels were not kept")
	}
}

func TestParseTextShape(t *testing.T) {
	row := func(n int) string { return "id l" + strings.Repeat(" 0.5", n) + "\n" }
	for _, tc := range []struct {
		text       string
		rows, cols int
	}{
		{row(35), 7, 5},
		{row(16) + row(16), 4, 4},
		{row(1), 1, 1},
		{row(6), 1, 6},
		{row(7), 1, 7}, // 7 numbers, not hex bytes: a number file
		{"# shape: 2x3\n" + row(6), 2, 3},
		{"# Shape: 3X2\n\n" + row(6), 3, 2},
		{"#shape:1x6\n" + row(6), 1, 6},
		{"# shape: 5x7\n" + row(35), 5, 7},
		{"# shape:  20 x 20 \n" + row(400), 20, 20},
		{"# shape: 7x5\n61 a 00 0e 01 0d 13 13 0d\n", 7, 5},
		{"# shapes are nice\n" + row(6), 1, 6}, // not a shape comment
	} {
		d, err := data.ParseText(strings.NewReader(tc.text), "shape.txt")
		if err != nil {
			t.Errorf("%.40q: %v", tc.text, err)
			continue
		}
		if d.Rows != tc.rows || d.Cols != tc.cols {
			t.Errorf("%.40q: shape %dx%d, want %dx%d", tc.text, d.Rows, d.Cols, tc.rows, tc.cols)
		}
	}
}

func TestParseTextBOMAndCRLF(t *testing.T) {
	for _, text := range []string{
		"\ufeff61 a 0 1\r\n62 b 1 0\r\n",
		"\ufeff# shape: 1x2\r\n61 a 0 1\r\n\r\n62 b 1 0",
		"\ufeff61 a 00 0e 01 0d 13 13 0d\r\n62 b 00 0e 01 0d 13 13 0d\r\n",
	} {
		d, err := data.ParseText(strings.NewReader(text), "bom.txt")
		if err != nil {
			t.Errorf("%q: %v", text, err)
			continue
		}
		if d.N != 2 || d.IDs[0] != "61" || d.Labels[1] != "b" {
			t.Errorf("%q: N %d, IDs %q, labels %q", text, d.N, d.IDs, d.Labels)
		}
	}
}

func TestParseTextLongLines(t *testing.T) {
	const n = 100_000 // about 600 kB a line
	line := "x y" + strings.Repeat(" 0.123", n)
	d := parse(t, line+"\n"+line) // no final newline
	if d.N != 2 || d.D != n || d.X[2*n-1] != 0.123 {
		t.Fatalf("N %d, D %d", d.N, d.D)
	}
}

func TestParseTextErrors(t *testing.T) {
	glyph := "61 a 00 0e 01 0d 13 13 0d\n"
	for _, tc := range []struct {
		text string
		line int
		msg  string
	}{
		{"a x 0 1 0\nb y 0 1\n", 2, "expected 3 values after ID and label (as on line 1), got 2"},
		{"a x 0 1\nb y 0 1 0\n", 2, "expected 2 values after ID and label (as on line 1), got 3"},
		{"a x 0 1.5\n", 1, `value "1.5" is outside [0,1]`},
		{"a x 0 1\n\nb y -0.1 1\n", 3, `value "-0.1" is outside [0,1]`},
		{"a x NaN 1\n", 1, `value "NaN" is not a number in [0,1]`},
		{"a x 0 nan\n", 1, `value "nan" is not a number in [0,1]`},
		{"a x Inf 1\n", 1, `value "Inf" is outside [0,1]`},
		{"a x -Inf 1\n", 1, `value "-Inf" is outside [0,1]`},
		{"a x 1e400 1\n", 1, `value "1e400" is outside [0,1]`},
		{"a x 0 abc\n", 1, `value "abc" is not a number`},
		{"a x 0,5 1\n", 1, `value "0,5" is not a number`},
		// Only plain decimals.
		{"a x 0_1 1\n", 1, `value "0_1" is not a plain decimal (digits with an optional fraction and exponent, such as 0.25 or 2.5e-1)`},
		{"a x 0x1p-1 1\n", 1, `value "0x1p-1" is not a plain decimal`},
		{"a x +0.5 1\n", 1, `value "+0.5" is not a plain decimal`},
		{"a x 1e-400 1\n", 1, `value "1e-400" is not 0 but too small for a float64 (it would read as 0`},
		{"a x 0.0000000001e-320 1\n", 1, `value "0.0000000001e-320" is not 0 but too small`},
		{"a x -0 1\n", 1, `value "-0" is a negative zero, expected 0`},
		{"a x -0.0e3 1\n", 1, `value "-0.0e3" is a negative zero, expected 0`},
		{"a x -1e-400 1\n", 1, `value "-1e-400" is outside [0,1]`},
		{"a x 1.0000000001 1\n", 1, `value "1.0000000001" is outside [0,1]`},
		{"a x . 1\n", 1, `value "." is not a number`},
		{"a x 1e 1\n", 1, `value "1e" is not a number`},
		{"a x e5 1\n", 1, `value "e5" is not a number`},
		{"a x 0.5.5 1\n", 1, `value "0.5.5" is not a number`},
		{"a\n", 1, `expected an ID, a label and values, got only "a"`},
		{"a x 0 1\nb\n", 2, `expected an ID, a label and values, got only "b"`},
		{"a x\n", 1, `expected values after ID "a" and label "x", got none`},
		{"a x 0 1\nb y\n", 2, "expected 2 values after ID and label (as on line 1), got 0"},
		// Glyphs.
		{glyph + glyph + "\n# c\n\n\n62 b 00 zz 01 0d 13 13 0d\n", 7, `"zz" is not a hex byte`},
		{"61 a 00 0e 01 0d 13 13 zz\n", 1, `"zz" is not a hex byte`},
		{"61 a 00 3f 01 0d 13 13 0d\n", 1, "hex byte 0x3f has bits above the 5 pixels of a glyph row"},
		{glyph + "62 b FF 00 00 00 00 00 00\n", 2, "hex byte 0xff has bits above the 5 pixels"},
		{glyph + "62 b 00 0e 01 0d 13 13\n", 2, "expected 7 hex bytes after ID and label (a 5x7 glyph, as on line 1), got 6 values"},
		{glyph + "62 b 00 0e 01 0d 13 13 0d 00\n", 2, "expected 7 hex bytes after ID and label (a 5x7 glyph, as on line 1), got 8 values"},
		{glyph + "62 b 00 0e 01 0.5 13 13 0d\n", 2, `"0.5" is not a hex byte`},
		{glyph + "62 b" + strings.Repeat(" 1", 35) + "\n", 2, "expected 7 hex bytes after ID and label (a 5x7 glyph, as on line 1), got 35 values"},
		{"62 b" + strings.Repeat(" 1", 35) + "\n" + glyph, 2, "expected 35 values after ID and label (as on line 1), got 7; this line looks like a 5x7 glyph in hex, but a file cannot mix glyphs and numbers"},
		// Shape comments.
		{"# shape: 20x20\na x 0 1\n", 1, "shape 20x20 holds 400 values, but the sample on line 2 has 2"},
		{"# shape: 20by20\na x 0 1\n", 1, `malformed shape comment "# shape: 20by20", expected "# shape: ROWSxCOLS"`},
		{"# shape: 0x2\na x 0 1\n", 1, "malformed shape comment"},
		{"# shape: 2\na x 0 1\n", 1, "malformed shape comment"},
		{"# shape: -1x-2\na x 0 1\n", 1, "malformed shape comment"},
		{"# shape: 3x6148914691236517217\na x" + strings.Repeat(" 1", 35) + "\n", 1,
			"shape 3x6148914691236517217 holds more values than the limit of data.MaxSampleValues = 16777216 a sample"},
		{"# shape: 99999999999999999999x2\na x 0 1\n", 1, "shape (too large)x2 holds more values than the limit"},
		{"# shape: 4097x4097\na x 0 1\n", 1, "shape 4097x4097 holds more values than the limit"},
		{"# shape: 1x16777217\na x 0 1\n", 1, "shape 1x16777217 holds more values than the limit"},
		{"a x 0 1\n# shape: 1x2\n", 2, "the shape comment must come before the first sample (line 1)"},
		{"# shape: 1x2\n# shape: 1x2\na x 0 1\n", 2, "second shape comment (the first is on line 1)"},
		{"\n# shape: 5x7\n" + glyph, 2, "shape 5x7 does not fit the 5x7 glyphs in hex (7 rows of 5 pixels) that start on line 3"},
	} {
		_, err := data.ParseText(strings.NewReader(tc.text), "bad.txt")
		var perr *data.ParseError
		if !errors.As(err, &perr) {
			t.Errorf("%q: got error %v, want a *ParseError", tc.text, err)
			continue
		}
		prefix := fmt.Sprintf("bad.txt:%d: ", tc.line)
		if perr.Name != "bad.txt" || perr.Line != tc.line || !strings.HasPrefix(err.Error(), prefix+tc.msg) {
			t.Errorf("%q:\n got %v\nwant %s%s", tc.text, err, prefix, tc.msg)
		}
	}
}

// The exact message from the documentation.
func TestParseTextErrorMessage(t *testing.T) {
	var b strings.Builder
	b.WriteString("# a file\n\n")
	for i := 0; i < 9; i++ {
		fmt.Fprintf(&b, "%d l%s\n", i, strings.Repeat(" 1", 35))
	}
	b.WriteString("9 l" + strings.Repeat(" 1", 34) + "\n")
	_, err := data.ParseText(strings.NewReader(b.String()), "other.txt")
	const want = "other.txt:12: expected 35 values after ID and label (as on line 3), got 34"
	if err == nil || err.Error() != want {
		t.Errorf("got %v\nwant %s", err, want)
	}
}

func TestParseTextNoSamples(t *testing.T) {
	for _, text := range []string{"", "\n\n", "# only\n# comments\n", "\ufeff", "# shape: 2x2\n"} {
		_, err := data.ParseText(strings.NewReader(text), "empty.txt")
		if err == nil || err.Error() != "empty.txt: no samples" {
			t.Errorf("%q: got %v, want empty.txt: no samples", text, err)
		}
	}
}

func TestParseTextReadError(t *testing.T) {
	boom := errors.New("boom")
	_, err := data.ParseText(iotest.ErrReader(boom), "r.txt")
	if !errors.Is(err, boom) || !strings.HasPrefix(err.Error(), "r.txt:1: ") {
		t.Errorf("got %v, want r.txt:1: boom", err)
	}
}

func TestLoadText(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "glyphs.txt")
	if err := os.WriteFile(path, []byte("61 a 00 0e 01 0d 13 13 0d\n62 b 00\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := data.LoadText(path)
	if err == nil || !strings.HasPrefix(err.Error(), path+":2: ") {
		t.Errorf("got %v, want an error at %s:2", err, path)
	}
	if err := os.WriteFile(path, []byte("61 a 00 0e 01 0d 13 13 0d\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	d, err := data.LoadText(path)
	if err != nil || d.Name != path || d.N != 1 {
		t.Errorf("got %v, %v", d, err)
	}
	if _, err := data.LoadText(filepath.Join(dir, "missing.txt")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: got %v", err)
	}
}

func TestParseTextLimits(t *testing.T) {
	line := "a x" + strings.Repeat(" 0", data.MaxSampleValues+1) + "\n"
	_, err := data.ParseText(strings.NewReader("# big\n"+line), "big.txt")
	const want = "big.txt:2: more than data.MaxSampleValues = 16777216 values after ID and label"
	if err == nil || err.Error() != want {
		t.Errorf("got %.200v, want %s", err, want)
	}
}
