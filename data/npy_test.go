package data_test

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"codeberg.org/sbinet/npyio/npy"
	"codeberg.org/sbinet/npyio/npz"
	"gonum.org/v1/gonum/mat"

	"github.com/aenets/aenets/data"
)

// npyFile returns a .npy file (format 1.0) of the given dtype, order and
// shape around the raw data.
func npyFile(descr string, fortran bool, shape string, raw []byte) []byte {
	order := "False"
	if fortran {
		order = "True"
	}
	dict := fmt.Sprintf("{'descr': '%s', 'fortran_order': %s, 'shape': %s, }", descr, order, shape)
	for (10+len(dict)+1)%64 != 0 {
		dict += " "
	}
	dict += "\n"
	b := append([]byte("\x93NUMPY\x01\x00"), byte(len(dict)), byte(len(dict)>>8))
	return append(append(b, dict...), raw...)
}

func f8(vs ...float64) []byte {
	var b []byte
	for _, v := range vs {
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(v))
	}
	return b
}

func f4be(vs ...float32) []byte {
	var b []byte
	for _, v := range vs {
		b = binary.BigEndian.AppendUint32(b, math.Float32bits(v))
	}
	return b
}

// npzFile returns a zip archive of the named .npy files.
func npzFile(t testing.TB, files ...any) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for i := 0; i < len(files); i += 2 {
		f, err := w.Create(files[i].(string))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.Write(files[i+1].([]byte)); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestLoadNPY(t *testing.T) {
	// Two samples of 2x3: 0 .. 0.5 and 0.5 .. 1 in steps of 0.1.
	c := []float64{0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.5, 0.6, 0.7, 0.8, 0.9, 1}
	var fo []float64 // Fortran order of c as a 2x2x3 array: the first index varies fastest
	for col := range 3 {
		for row := range 2 {
			for s := range 2 {
				fo = append(fo, c[s*6+row*3+col])
			}
		}
	}
	var fo2 []float64 // Fortran order of c as a 2x6 array
	for j := range 6 {
		for s := range 2 {
			fo2 = append(fo2, c[s*6+j])
		}
	}
	u1 := []byte{0, 51, 102, 153, 204, 255, 0, 0, 0, 255, 255, 255}
	var f32 []float32
	for _, v := range c {
		f32 = append(f32, float32(v))
	}
	for _, tc := range []struct {
		name       string
		file       []byte
		rows, cols int
		want       []float64
	}{
		{"c.npy", npyFile("<f8", false, "(2, 2, 3)", f8(c...)), 2, 3, c},
		{"fortran.npy", npyFile("<f8", true, "(2, 2, 3)", f8(fo...)), 2, 3, c},
		{"2d.npy", npyFile("<f8", false, "(2, 6)", f8(c...)), 1, 6, c},
		{"2dfortran.npy", npyFile("<f8", true, "(2, 6)", f8(fo2...)), 1, 6, c},
		{"square.npy", npyFile("<f8", false, "(3, 4)", f8(c...)), 2, 2, c},
		{"u1.npy", npyFile("|u1", false, "(2, 2, 3)", u1), 2, 3, []float64{0, 0.2, 0.4, 0.6, 0.8, 1, 0, 0, 0, 1, 1, 1}},
		{"f4.npy", npyFile(">f4", false, "(2, 2, 3)", f4be(f32...)), 2, 3, nil},
		{"native.npy", npyFile("=f8", false, "(2, 2, 3)", f8(c...)), 2, 3, c},
		{"noorder.npy", npyFile("f8", false, "(2, 2, 3)", f8(c...)), 2, 3, c},
		{"u1le.npy", npyFile("<u1", false, "(2, 2, 3)", u1), 2, 3, []float64{0, 0.2, 0.4, 0.6, 0.8, 1, 0, 0, 0, 1, 1, 1}},
		{"u1fortran.npy", npyFile("u1", true, "(2, 6)", []byte{0, 0, 51, 0, 102, 0, 153, 255, 204, 255, 255, 255}), 1, 6, []float64{0, 0.2, 0.4, 0.6, 0.8, 1, 0, 0, 0, 1, 1, 1}},
		{"one.npz", npzFile(t, "arr_0.npy", npyFile("<f8", false, "(2, 2, 3)", f8(c...))), 2, 3, c},
		{"xy.npz", npzFile(t, "y.npy", npyFile("|u1", false, "(2,)", []byte{1, 2}), "x.npy", npyFile("<f8", true, "(2, 2, 3)", f8(fo...))), 2, 3, c},
	} {
		path := filepath.Join(t.TempDir(), tc.name)
		writeBytes(t, path, tc.file)
		for _, load := range []func(string) (*data.Dataset, error){data.LoadNPY, data.Load} {
			d, err := load(path)
			if err != nil {
				t.Errorf("%s: %v", tc.name, err)
				continue
			}
			if d.Name != path || d.Rows != tc.rows || d.Cols != tc.cols || d.N*d.D != len(c) {
				t.Errorf("%s: name %q, N %d, D %d, shape %dx%d", tc.name, d.Name, d.N, d.D, d.Rows, d.Cols)
			}
			want := tc.want
			if want == nil {
				for _, v := range f32 {
					want = append(want, float64(v))
				}
			}
			if !slices.Equal(d.X, want) {
				t.Errorf("%s: X = %v, want %v", tc.name, d.X, want)
			}
			if d.IDs[1] != "1" || d.Labels[1] != "1" {
				t.Errorf("%s: IDs %q, labels %q", tc.name, d.IDs, d.Labels)
			}
		}
	}
}

// Files written by npyio itself.
func TestLoadNPYFromNpyio(t *testing.T) {
	dir := t.TempDir()
	m := mat.NewDense(2, 4, []float64{0, 0.25, 0.5, 1, 1, 0.5, 0.25, 0})
	var buf bytes.Buffer
	must(t, npy.Write(&buf, m))
	writeBytes(t, filepath.Join(dir, "m.npy"), buf.Bytes())
	must(t, npz.Write(filepath.Join(dir, "m.npz"), map[string]any{"x": m}))
	for _, name := range []string{"m.npy", "m.npz"} {
		d, err := data.Load(filepath.Join(dir, name))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if d.N != 2 || d.D != 4 || d.Rows != 2 || !slices.Equal(d.X, m.RawMatrix().Data) {
			t.Errorf("%s: N %d D %d rows %d X %v", name, d.N, d.D, d.Rows, d.X)
		}
	}
}

func TestLoadNPYErrors(t *testing.T) {
	ok := f8(0, 0.5, 1, 0.5)
	for _, tc := range []struct {
		name string
		file []byte
		want string
	}{
		{"empty.npy", nil, "truncated .npy header"},
		{"magic.npy", []byte("\x93NUMPX\x01\x00\x00\x00"), `not a .npy file: expected the magic bytes \x93NUMPY`},
		{"version.npy", []byte("\x93NUMPY\x03\x00\x00\x00\x00\x00"), ".npy format version 3.0, expected 1.0 or 2.0"},
		{"bighdr.npy", []byte("\x93NUMPY\x02\x00\xff\xff\xff\xff"), ".npy header of 4294967295 bytes, more than the 65536 expected"},
		{"shorthdr.npy", npyFile("<f8", false, "(2, 2)", nil)[:40], "truncated .npy header"},
		{"dict.npy", []byte("\x93NUMPY\x01\x00\x05\x00{}  \n"), "malformed .npy header"},
		{"nonl.npy", []byte("\x93NUMPY\x01\x00\x04\x00{}  "), "malformed .npy header"},
		{"dtype.npy", npyFile("<i8", false, "(2, 2)", ok), `array of dtype "<i8", expected float64, float32 or uint8`},
		{"1d.npy", npyFile("<f8", false, "(4,)", ok), "array of shape [4], expected 2 dimensions (samples × values) or 3 (images × rows × columns)"},
		{"4d.npy", npyFile("<f8", false, "(1, 1, 2, 2)", ok), "array of shape [1 1 2 2], expected 2 dimensions"},
		{"zero.npy", npyFile("<f8", false, "(0, 4)", nil), "array of shape [0 4] holds no samples"},
		{"nod.npy", npyFile("<f8", false, "(4, 0)", nil), "array of shape [4 0]: samples have no values"},
		{"side.npy", npyFile("<f8", false, "(1, 10000, 10000)", nil), "array of shape [1 10000 10000]: image is 10000 pixels wide and 10000 high, above the limit of data.MaxImageSide = 4096"},
		{"wide.npy", npyFile("<f8", false, "(1, 16777217)", nil), "more than data.MaxSampleValues = 16777216 values a sample"},
		{"many.npy", npyFile("<f8", false, "(1000000000, 784)", nil), "1000000000 samples of 784 values exceed the limit of data.MaxValues = 134217728"},
		{"overflow.npy", npyFile("<f8", false, "(3, 6148914691236517217)", nil), "more than data.MaxSampleValues"},
		{"overflow3.npy", npyFile("<f8", false, "(99999999999999999999999, 2, 2)", nil), "exceed the limit of data.MaxValues"},
		{"trunc.npy", npyFile("<f8", false, "(2, 2)", ok[:31]), "truncated: the header announces [2 2] values, 32 bytes, but only 31 follow"},
		{"trunc8.npy", npyFile("<f8", false, "(2, 2)", ok[:24]), "truncated: the header announces [2 2] values, 32 bytes, but only 24 follow"},
		{"extra.npy", npyFile("<f8", false, "(2, 2)", append(ok, 0)), "the header announces [2 2] values, 32 bytes, but more follow"},
		{"range.npy", npyFile("<f8", false, "(2, 2)", f8(0, 0.5, 1.5, 0)), `sample 2 (ID "1"), value 1 is 1.5, outside [0,1]`},
		{"nan.npy", npyFile("<f8", true, "(2, 2)", f8(0, 0.5, math.NaN(), 0)), `sample 1 (ID "0"), value 2 is NaN, outside [0,1]`},
		{"neg.npy", npyFile(">f4", false, "(1, 2)", f4be(0, -0.25)), "value 2 is -0.25, outside [0,1]"},
		{"empty.npz", npzFile(t), ".npz archive of 0 arrays (), expected one, or one named x, X, images, data"},
		{"two.npz", npzFile(t, "a.npy", npyFile("<f8", false, "(2, 2)", ok), "b.npy", npyFile("<f8", false, "(2, 2)", ok)), ".npz archive of 2 arrays (a.npy, b.npy), expected one"},
		{"bad.npz", npzFile(t, "x.npy", npyFile("<f8", false, "(2, 2)", ok[:8])), "bad.npz:x.npy: truncated"},
		{"notzip.npz", []byte("PK\x03\x04garbage"), "zip"},
	} {
		path := filepath.Join(t.TempDir(), tc.name)
		writeBytes(t, path, tc.file)
		_, err := data.LoadNPY(path)
		if err == nil || !strings.HasPrefix(err.Error(), path) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want %s", tc.name, err, tc.want)
		}
	}
}
