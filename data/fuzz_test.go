package data_test

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aenets/aenets/data"
)

// loaded checks the invariant of every loader on any input: an error, or a
// dataset that passes Check.
func loaded(t *testing.T, d *data.Dataset, err error) {
	t.Helper()
	if err != nil {
		if d != nil {
			t.Fatalf("both a dataset and the error %v", err)
		}
		return
	}
	if err := d.Check(); err != nil {
		t.Fatalf("a dataset that fails Check: %v", err)
	}
}

func FuzzParseText(f *testing.F) {
	ones := strings.Repeat(" 1", 35)
	for _, s := range []string{
		"a x 0 0.5 1 0.25\nb y 1e-1 1. .0 0e-400\n",
		"61 a 00 0e 01 0d 13 13 0d\n41 A 0E 11 11 11 1F 11 11\n",
		"\ufeff# shape: 1x2\r\n61 a 0 1\r\n\r\n62 b 1 0",
		"# shape: 2x3\na x 0 0 0 0 0 0\n",
		// Hostile inputs.
		"a x 0_1 1\n", "a x 0x1p-1 1\n", "a x 1e-400 1\n", "a x -0 1\n", "a x +0.5\n",
		"a x NaN Inf -Inf 1e400\n",
		"# shape: 3x6148914691236517217\na x" + ones + "\n",
		"# shape: 99999999999999999999x2\na x 0 1\n",
		"# shape: -1x-2\na x 0 1\n",
		"62 b" + ones + "\n61 a 00 0e 01 0d 13 13 0d\n",
		"61 a 00 0e 01 0d 13 13 0d\n62 b 00 0e 01 0.5 13 13 0d\n",
	} {
		f.Add(s)
	}
	if b, err := os.ReadFile("font3.txt"); err == nil {
		f.Add(string(b))
	}
	f.Fuzz(func(t *testing.T, text string) {
		d, err := data.ParseText(strings.NewReader(text), "fuzz.txt")
		loaded(t, d, err)
	})
}

func FuzzLoadPNGDir(f *testing.F) {
	var buf bytes.Buffer
	img := image.NewNRGBA(image.Rect(0, 0, 3, 2))
	img.Set(1, 1, color.NRGBA{200, 100, 50, 128})
	if err := png.Encode(&buf, img); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	buf.Reset()
	if err := png.Encode(&buf, image.NewGray16(image.Rect(0, 0, 4, 4))); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Add(pngHeader(10000, 10000)) // hostile: 10000×10000
	f.Add(pngHeader(4097, 1))
	f.Add(pngHeader(0, 0))
	f.Add([]byte("\x89PNG\r\n\x1a\n"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "a.png"), b, 0o644); err != nil {
			t.Fatal(err)
		}
		d, err := data.LoadPNGDir(dir)
		loaded(t, d, err)
	})
}

func FuzzIDX(f *testing.F) {
	px := []byte{0, 255, 51, 102, 0, 0, 255, 255, 255, 0, 0, 0}
	f.Add(idxImages(2, 2, 3, px), idxLabels(7, 2), false)
	f.Add(idxImages(2, 2, 3, px), []byte(nil), true)
	f.Add(gz(f, idxImages(2, 2, 3, px)), gz(f, idxLabels(7, 2)), false)
	f.Add(idxImages(1, 10000, 10000, nil), []byte(nil), false) // hostile: 10000×10000
	f.Add(idxImages(1<<32-1, 4096, 4096, nil), []byte(nil), false)
	f.Add(idxImages(1, 4096, 4096, px), []byte(nil), true)
	f.Add(idxImages(2, 2, 3, px[:11]), idxLabels(1, 2, 3), false)
	f.Add(gz(f, idxImages(2, 2, 3, px))[:30], []byte(nil), false)
	f.Add([]byte{0, 0, 8, 1, 0, 0, 0, 1, 0}, idxImages(2, 2, 3, px), false)
	f.Fuzz(func(t *testing.T, images, labels []byte, gzipLabels bool) {
		dir := t.TempDir()
		path := filepath.Join(dir, "t10k-images-idx3-ubyte")
		if err := os.WriteFile(path, images, 0o644); err != nil {
			t.Fatal(err)
		}
		if labels != nil {
			name := "t10k-labels-idx1-ubyte"
			if gzipLabels {
				name += ".gz"
			}
			if err := os.WriteFile(filepath.Join(dir, name), labels, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		d, err := data.LoadIDX(path)
		loaded(t, d, err)
	})
}

func FuzzNPY(f *testing.F) {
	ok := f8(0, 0.5, 1, 0.25)
	for _, b := range [][]byte{
		npyFile("<f8", false, "(2, 2)", ok),
		npyFile("<f8", true, "(1, 2, 2)", ok),
		npyFile("|u1", false, "(2, 1, 2)", []byte{0, 255, 7, 9}),
		npyFile(">f4", true, "(2, 2)", f4be(0, 1, 0.5, 0.25)),
		npzFile(f, "x.npy", npyFile("<f8", false, "(2, 2)", ok)),
		npzFile(f, "a.npy", npyFile("<f8", false, "(2, 2)", ok), "b.npy", []byte("\x93NUMPY")),
		// Hostile inputs.
		npyFile("<f8", false, "(1, 10000, 10000)", nil),
		npyFile("<f8", false, "(3, 6148914691236517217)", nil),
		npyFile("<f8", false, "(99999999999999999999999, 2, 2)", nil),
		npyFile("<f8", false, "(2, 2)", ok[:31]),
		npyFile("<f8", false, "(2, 2)", f8(0, 2, 0, 0)),
		npyFile("<i8", false, "(2, 2)", ok),
		npyFile("O", false, "(2, 2)", ok),
		[]byte("\x93NUMPY\x02\x00\xff\xff\xff\xff"),
		[]byte("\x93NUMPY\x01\x00\x05\x00{}  \n"),
		[]byte("\x93NUMPY\x01\x00\x04\x00{}  "),
	} {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		path := filepath.Join(t.TempDir(), "f.npy")
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		d, err := data.LoadNPY(path)
		loaded(t, d, err)
	})
}
