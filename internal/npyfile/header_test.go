package npyfile

import (
	"bytes"
	"math"
	"slices"
	"strings"
	"testing"
)

// npy returns a version-1.0 header of dict, padded as numpy pads it.
func npy(dict string) []byte {
	pad := 64 - (10+len(dict)+1)%64
	dict += strings.Repeat(" ", pad%64) + "\n"
	return append([]byte{0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, byte(len(dict)), byte(len(dict) >> 8)}, dict...)
}

func TestReadHeader(t *testing.T) {
	b := npy("{'descr': '<f8', 'fortran_order': True, 'shape': (3, 4), }")
	h, err := ReadHeader(bytes.NewReader(append(b, 1, 2, 3)))
	if err != nil {
		t.Fatal(err)
	}
	if h.Descr != "<f8" || !h.Fortran || !slices.Equal(h.Shape, []int{3, 4}) || !bytes.Equal(h.Raw, b) {
		t.Errorf("got %+v", h)
	}
	if n, ok := h.Count(12); n != 12 || !ok {
		t.Errorf("Count(12) = %d, %v", n, ok)
	}
	if _, ok := h.Count(11); ok {
		t.Errorf("Count(11) accepted 12 elements")
	}
	h, err = ReadHeader(bytes.NewReader(npy("{'descr': '<U185', 'fortran_order': False, 'shape': (), }")))
	if err != nil || h.Descr != "<U185" || len(h.Shape) != 0 {
		t.Errorf("string header: %+v, %v", h, err)
	}
	h, err = ReadHeader(bytes.NewReader(npy("{'descr': '<f8', 'fortran_order': False, 'shape': (3, 6148914691236517217, 99999999999999999999), }")))
	if err != nil || h.Shape[2] != math.MaxInt {
		t.Fatalf("huge shape: %+v, %v", h, err)
	}
	if _, ok := h.Count(math.MaxInt); ok {
		t.Errorf("Count accepted a product that overflows")
	}
}

func TestReadHeaderRefuses(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"", "truncated .npy header"},
		{"\x93NUMPZ\x01\x00\x00\x00", "not a .npy file"},
		{"\x93NUMPY\x03\x00\x00\x00", "version 3.0"},
		{"\x93NUMPY\x02\x00\xff\xff\xff\xff", "4294967295 bytes"},
		{"\x93NUMPY\x01\x00\x02\x00{}", "malformed .npy header"}, // no newline: npyio panics on this
		{"\x93NUMPY\x01\x00\x09\x00{}", "truncated .npy header"},
		{string(npy("{'descr': '<f8', 'fortran_order': False, 'shape': (-1, 2), }")), "malformed .npy header"},
		{string(npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1, 2x), }")), "malformed .npy header"},
	} {
		_, err := ReadHeader(strings.NewReader(c.in))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: error %v, want %q", c.in, err, c.want)
		}
	}
}

func TestFortranToC(t *testing.T) {
	// A 2×3×2 array: element (i, j, k) is 100i + 10j + k.
	shape := []int{2, 3, 2}
	var c, f []float64
	for i := range 2 {
		for j := range 3 {
			for k := range 2 {
				c = append(c, float64(100*i+10*j+k))
			}
		}
	}
	for k := range 2 {
		for j := range 3 {
			for i := range 2 {
				f = append(f, float64(100*i+10*j+k))
			}
		}
	}
	got := make([]float64, len(f))
	FortranToC(got, f, shape)
	if !slices.Equal(got, c) {
		t.Errorf("got %v, want %v", got, c)
	}
}
