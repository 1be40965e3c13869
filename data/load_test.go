package data_test

import (
	"errors"
	"image"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aenets/aenets/data"
)

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	pngs := filepath.Join(dir, "pngs")
	writePNG(t, filepath.Join(dir, "x.png"), image.NewGray(image.Rect(0, 0, 2, 2))) // in dir, not pngs
	must(t, mkdir(pngs))
	writePNG(t, filepath.Join(pngs, "one.png"), image.NewGray(image.Rect(0, 0, 4, 3)))
	text := filepath.Join(dir, "font") // a file named like a builtin
	writeFile(t, text, "61 a 00 0e 01 0d 13 13 0d\n")

	for _, tc := range []struct {
		source string
		name   string
		n, d   int
	}{
		{"font", "font", 32, 35},
		{"emoji", "emoji", 56, 400},
		{pngs, pngs, 1, 12},
		{text, text, 1, 35},
	} {
		d, err := data.Load(tc.source)
		if err != nil {
			t.Errorf("Load(%q): %v", tc.source, err)
			continue
		}
		if d.Name != tc.name || d.N != tc.n || d.D != tc.d {
			t.Errorf("Load(%q): name %q, N %d, D %d; want %q, %d, %d", tc.source, d.Name, d.N, d.D, tc.name, tc.n, tc.d)
		}
	}
}

func TestLoadErrors(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "missing.txt")
	_, err := data.Load(missing)
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: got %v, want fs.ErrNotExist", err)
	}
	if err != nil {
		for _, s := range []string{missing, "no such file or folder", "font", "emoji"} {
			if !strings.Contains(err.Error(), s) {
				t.Errorf("missing file: %q does not mention %q", err, s)
			}
		}
	}

	bad := filepath.Join(dir, "bad.txt")
	writeFile(t, bad, "a x 0 2\n")
	var perr *data.ParseError
	if _, err := data.Load(bad); !errors.As(err, &perr) || perr.Line != 1 {
		t.Errorf("bad text file: got %v", err)
	}

	if _, err := data.Load(dir); err == nil || !strings.Contains(err.Error(), "no .png files") {
		t.Errorf("folder without PNG: got %v", err)
	}
}

// Files are told apart by their first bytes, not their names.
func TestLoadSniffs(t *testing.T) {
	dir := t.TempDir()
	for name, content := range map[string][]byte{
		"pk.npy":   []byte("PK x 0 1\n"),                      // text, despite the name and the first letters
		"data.txt": npyFile("<f8", false, "(1, 2)", f8(0, 1)), // NumPy
		"idx.txt":  gz(t, idxImages(1, 1, 2, []byte{0, 255})), // gzipped IDX
	} {
		path := filepath.Join(dir, name)
		writeBytes(t, path, content)
		d, err := data.Load(path)
		if err != nil || d.N != 1 || d.D != 2 || d.X[0] != 0 || d.X[1] != 1 {
			t.Errorf("%s: got %v, %v", name, d, err)
		}
	}
}
