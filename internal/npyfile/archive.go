package npyfile

import (
	"archive/zip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"slices"
	"strconv"
	"unicode/utf8"
)

// Archive is a .npz file (a zip archive of .npy streams) opened for reading
// arrays whose dtype and shape the reader knows in advance: each header is
// checked against them before its values are read, so that no record in the
// file decides how much is allocated.
type Archive struct {
	files map[string]*zip.File // by array name, ".npy" cut
	names []string             // in the archive's order
}

// OpenArchive reads the directory of the .npz archive r of size bytes. An
// entry that is not a .npy file, or a name that appears twice, is an error.
func OpenArchive(r io.ReaderAt, size int64) (*Archive, error) {
	z, err := zip.NewReader(r, size)
	if err != nil {
		return nil, fmt.Errorf("not a readable .npz file: %w", err)
	}
	a := &Archive{files: map[string]*zip.File{}}
	for _, f := range z.File {
		name, ok := cutNPY(f.Name)
		if !ok {
			return nil, fmt.Errorf("entry %q is not a .npy array", f.Name)
		}
		if _, dup := a.files[name]; dup {
			return nil, fmt.Errorf("array %s appears twice", name)
		}
		a.files[name] = f
		a.names = append(a.names, name)
	}
	return a, nil
}

func cutNPY(s string) (string, bool) {
	if len(s) > 4 && s[len(s)-4:] == ".npy" {
		return s[:len(s)-4], true
	}
	return "", false
}

// Names lists the arrays, in the archive's order.
func (a *Archive) Names() []string { return slices.Clone(a.names) }

// Has reports whether the archive holds an array named name.
func (a *Archive) Has(name string) bool { return a.files[name] != nil }

// Float64s reads the float64 array name, which must have the given shape,
// into dst (of the shape's size), in row-major order whatever the file's.
// NaN and ±Inf are errors.
func (a *Archive) Float64s(name string, shape []int, dst []float64) error {
	n := 1
	for _, s := range shape {
		n *= s
	}
	if len(dst) != n {
		return fmt.Errorf("array %s: room for %d values, shape %v has %d", name, len(dst), shape, n)
	}
	return a.read(name, func(h *Header) (int64, error) {
		if h.Descr != "<f8" && h.Descr != ">f8" {
			return 0, fmt.Errorf("dtype %q, want float64 ('<f8')", h.Descr)
		}
		if !slices.Equal(h.Shape, shape) {
			return 0, fmt.Errorf("shape %s, want %v", shapeString(h.Shape), shape)
		}
		return int64(n) * 8, nil
	}, func(h *Header, b []byte) error {
		var order binary.ByteOrder = binary.LittleEndian
		if h.Descr[0] == '>' {
			order = binary.BigEndian
		}
		src := dst
		if h.Fortran && len(shape) > 1 {
			src = make([]float64, n)
		}
		for i := range src {
			v := math.Float64frombits(order.Uint64(b[8*i:]))
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("holds %v at %d", v, i)
			}
			src[i] = v
		}
		if h.Fortran && len(shape) > 1 {
			FortranToC(dst, src, shape)
		}
		return nil
	})
}

// maxRatio bounds how much an entry may grow when decompressed: deflate
// expands at most about 1032 times.
const maxRatio = 1100

// Float64Count reads only the header of the float64 array name and returns
// its number of values, which must be at most limit and agree with the
// entry's size (and that size with what the entry's compressed bytes can
// hold). It lets a reader check what a file holds before allocating
// anything the file's own records ask for.
func (a *Archive) Float64Count(name string, limit int) (int, error) {
	f := a.files[name]
	if f == nil {
		return 0, fmt.Errorf("array %s: missing", name)
	}
	rc, err := f.Open()
	if err != nil {
		return 0, fmt.Errorf("array %s: %w", name, err)
	}
	defer rc.Close()
	h, err := ReadHeader(rc)
	if err != nil {
		return 0, fmt.Errorf("array %s: %w", name, err)
	}
	if h.Descr != "<f8" && h.Descr != ">f8" {
		return 0, fmt.Errorf("array %s: dtype %q, want float64 ('<f8')", name, h.Descr)
	}
	n, ok := h.Count(limit)
	if !ok {
		return 0, fmt.Errorf("array %s: shape %s, more than %d values", name, shapeString(h.Shape), limit)
	}
	if want := uint64(len(h.Raw)) + 8*uint64(n); f.UncompressedSize64 != want || f.UncompressedSize64 > maxRatio*f.CompressedSize64+1024 {
		return 0, fmt.Errorf("array %s: the entry holds %d bytes (%d compressed), its header announces %d", name, f.UncompressedSize64, f.CompressedSize64, want)
	}
	return n, nil
}

// stringDescr is the dtype of a numpy str: UTF-32 code points.
var stringDescr = regexp.MustCompile(`^[<=]U([0-9]{1,9})$`)

// String reads the string scalar name (a numpy str, dtype '<U…' and shape
// ()), of at most maxChars characters.
func (a *Archive) String(name string, maxChars int) (string, error) {
	var s string
	err := a.read(name, func(h *Header) (int64, error) {
		m := stringDescr.FindStringSubmatch(h.Descr)
		if m == nil || len(h.Shape) != 0 {
			return 0, fmt.Errorf("dtype %q and shape %s, want a string ('<U…', ())", h.Descr, shapeString(h.Shape))
		}
		n, _ := strconv.Atoi(m[1])
		if n > maxChars {
			return 0, fmt.Errorf("a string of %d characters, above the limit of %d", n, maxChars)
		}
		return int64(n) * 4, nil
	}, func(_ *Header, b []byte) error {
		r := make([]rune, 0, len(b)/4)
		for i := 0; i < len(b); i += 4 {
			c := rune(binary.LittleEndian.Uint32(b[i:]))
			if !utf8.ValidRune(c) {
				return fmt.Errorf("invalid character %#x at %d", uint32(c), i/4)
			}
			r = append(r, c)
		}
		for len(r) > 0 && r[len(r)-1] == 0 { // numpy pads with NULs
			r = r[:len(r)-1]
		}
		s = string(r)
		return nil
	})
	return s, err
}

// read opens the array name, reads and checks its header (check returns
// the size of the data it expects), reads exactly that many bytes and
// passes them to decode. Anything after them is an error.
func (a *Archive) read(name string, check func(*Header) (int64, error), decode func(*Header, []byte) error) (err error) {
	defer func() {
		if err != nil {
			err = fmt.Errorf("array %s: %w", name, err)
		}
	}()
	f := a.files[name]
	if f == nil {
		return errors.New("missing")
	}
	rc, err := f.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	h, err := ReadHeader(rc)
	if err != nil {
		return err
	}
	size, err := check(h)
	if err != nil {
		return err
	}
	if want := uint64(len(h.Raw)) + uint64(size); f.UncompressedSize64 != want || f.UncompressedSize64 > maxRatio*f.CompressedSize64+1024 {
		return fmt.Errorf("the entry holds %d bytes (%d compressed), its header announces %d", f.UncompressedSize64, f.CompressedSize64, want)
	}
	b := make([]byte, size)
	if _, err := io.ReadFull(rc, b); err != nil {
		return fmt.Errorf("truncated: %w", err)
	}
	var more [1]byte
	switch k, err := io.ReadFull(rc, more[:]); {
	case k > 0:
		return errors.New("more data than its header announces")
	case err != io.EOF: // zip checks the entry's checksum at its end
		return err
	}
	return decode(h, b)
}

func shapeString(s []int) string {
	if len(s) == 0 {
		return "()"
	}
	return fmt.Sprint(s)
}
