package data

import (
	"archive/zip"
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"

	"codeberg.org/sbinet/npyio/npy"

	"github.com/aenets/aenets/internal/npyfile"
)

// npyTypes maps the accepted numpy dtypes to the element kinds read.
var npyTypes = map[string]string{
	"<f8": "f8", ">f8": "f8", "=f8": "f8", "f8": "f8",
	"<f4": "f4", ">f4": "f4", "=f4": "f4", "f4": "f4",
	"|u1": "u1", "<u1": "u1", ">u1": "u1", "=u1": "u1", "u1": "u1",
}

// npzArrayNames are the arrays of a .npz file read as samples when it holds
// more than one.
var npzArrayNames = []string{"x", "X", "images", "data"}

// LoadNPY reads a NumPy array (read with codeberg.org/sbinet/npyio/npy) from a .npy file, or from a .npz archive (an
// archive holding a single array, or an array named x, X, images or data),
// recognised by its first bytes. The array is 2-D, n samples of d values
// (shaped like the values of a text file), or 3-D, n images of rows×cols
// pixels; its elements are float64 or float32 values in [0,1], or uint8
// values b read as b/255. C and Fortran order are both read. The header is
// checked against MaxImageSide, MaxSampleValues and MaxValues before the
// values are allocated. IDs and labels are the sample indices 0, 1, ….
func LoadNPY(path string) (*Dataset, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var magic [6]byte
	k, _ := io.ReadFull(f, magic[:])
	if k >= 2 && string(magic[:2]) == "PK" {
		return loadNPZ(f, path)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, err
	}
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	return readNPY(bufio.NewReaderSize(f, 1<<16), fi.Size(), path)
}

// loadNPZ reads the samples array of the .npz archive f.
func loadNPZ(f *os.File, path string) (*Dataset, error) {
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	z, err := zip.NewReader(f, fi.Size())
	if err != nil {
		return nil, fmt.Errorf("%s: not a .npz file: %w", path, err)
	}
	var keys []string
	var file *zip.File
	for _, zf := range z.File {
		keys = append(keys, zf.Name)
		if file == nil && slices.Contains(npzArrayNames, strings.TrimSuffix(zf.Name, ".npy")) {
			file = zf
		}
	}
	if len(z.File) == 1 {
		file = z.File[0]
	}
	if file == nil {
		return nil, fmt.Errorf("%s: .npz archive of %d arrays (%s), expected one, or one named %s",
			path, len(keys), strings.Join(keys, ", "), strings.Join(npzArrayNames, ", "))
	}
	name := file.Name
	rc, err := file.Open()
	if err != nil {
		return nil, fmt.Errorf("%s:%s: %w", path, name, err)
	}
	defer rc.Close()
	size := int64(math.MaxInt64) // checked by zip while reading
	if file.UncompressedSize64 < math.MaxInt64 {
		size = int64(file.UncompressedSize64)
	}
	d, err := readNPY(bufio.NewReaderSize(rc, 1<<16), size, path+":"+name)
	if d != nil {
		d.Name = path
	}
	return d, err
}

// npyHeader is a validated .npy header.
type npyHeader struct {
	raw     []byte // the whole header, magic included
	kind    string // "f8", "f4" or "u1"
	fortran bool
	shape   []int
}

// readNPYHeader reads and validates the header of a .npy stream
// (internal/npyfile) and its dtype.
func readNPYHeader(r io.Reader) (*npyHeader, string) {
	h, err := npyfile.ReadHeader(r)
	if err != nil {
		return nil, err.Error()
	}
	kind, ok := npyTypes[h.Descr]
	if !ok {
		return nil, fmt.Sprintf("array of dtype %q, expected float64, float32 or uint8 ('<f8', '<f4' or '|u1')", h.Descr)
	}
	return &npyHeader{raw: h.Raw, kind: kind, fortran: h.Fortran, shape: h.Shape}, ""
}

// readNPY reads a .npy stream of size bytes named name into a dataset.
func readNPY(r io.Reader, size int64, name string) (*Dataset, error) {
	h, msg := readNPYHeader(r)
	if msg != "" {
		return nil, fmt.Errorf("%s: %s", name, msg)
	}
	shape := h.shape
	d := &Dataset{Name: name}
	switch {
	case len(shape) != 2 && len(shape) != 3:
		return nil, fmt.Errorf("%s: array of shape %v, expected 2 dimensions (samples × values) or 3 (images × rows × columns)", name, shape)
	case shape[0] == 0:
		return nil, fmt.Errorf("%s: array of shape %v holds no samples", name, shape)
	case len(shape) == 3:
		if msg := imageSizeMsg(shape[2], shape[1]); msg != "" {
			return nil, fmt.Errorf("%s: array of shape %v: %s", name, shape, msg)
		}
		d.Rows, d.Cols, d.D = shape[1], shape[2], shape[1]*shape[2]
	case shape[1] == 0:
		return nil, fmt.Errorf("%s: array of shape %v: samples have no values", name, shape)
	case shape[1] > MaxSampleValues:
		return nil, fmt.Errorf("%s: array of shape %v: more than data.MaxSampleValues = %d values a sample", name, shape, MaxSampleValues)
	default:
		d.D = shape[1]
		d.Rows, d.Cols = defaultShape(d.D)
	}
	if msg := tooManyValues(int64(shape[0]), d.D); msg != "" {
		return nil, fmt.Errorf("%s: array of shape %v: %s", name, shape, msg)
	}
	d.N = shape[0]
	count := d.N * d.D
	esize := map[string]int64{"f8": 8, "f4": 4, "u1": 1}[h.kind]
	want := int64(count) * esize
	if have := size - int64(len(h.raw)); have < want {
		return nil, fmt.Errorf("%s: truncated: the header announces %v values, %d bytes, but only %d follow", name, shape, want, have)
	}

	// The header is valid and canonical: npyio reads it again, then the data.
	cr := &countingReader{r: r}
	rr, err := npy.NewReader(io.MultiReader(bytes.NewReader(h.raw), cr))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	d.X = make([]float64, count)
	var get func(i int) float64
	switch h.kind {
	case "f8":
		buf := d.X
		if h.fortran {
			buf = make([]float64, count)
		}
		err = rr.Read(&buf)
		get = func(i int) float64 { return buf[i] }
	case "f4":
		buf := make([]float32, count)
		err = rr.Read(&buf)
		get = func(i int) float64 { return float64(buf[i]) }
	case "u1":
		buf := make([]uint8, count)
		err = rr.Read(&buf)
		get = func(i int) float64 { return float64(buf[i]) / 255 }
	}
	switch {
	case err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF):
		return nil, fmt.Errorf("%s: %w", name, err)
	case err != nil || cr.n != want:
		return nil, fmt.Errorf("%s: truncated: the header announces %v values, %d bytes, but only %d follow", name, shape, want, cr.n)
	}
	if extra, err := extraData(r); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	} else if extra {
		return nil, fmt.Errorf("%s: the header announces %v values, %d bytes, but more follow", name, shape, want)
	}
	rows, cols := d.D, 1 // how a sample is laid out in Fortran order
	if len(shape) == 3 {
		rows, cols = d.Rows, d.Cols
	}
	for i := range count {
		v := get(i)
		t := i // position in X
		if h.fortran {
			s, k := i%d.N, i/d.N // sample, column-major position within it
			t = s*d.D + k%rows*cols + k/rows
		}
		if math.IsNaN(v) || v < 0 || v > 1 {
			s := t / d.D
			return nil, fmt.Errorf("%s: sample %d (ID \"%d\"), value %d is %v, outside [0,1]", name, s+1, s, t%d.D+1, v)
		}
		d.X[t] = v + 0 // +0 turns -0 into 0
	}
	d.IDs = make([]string, d.N)
	for i := range d.IDs {
		d.IDs[i] = strconv.Itoa(i)
	}
	d.Labels = d.IDs
	if err := d.Check(); err != nil {
		return nil, err
	}
	return d, nil
}

// defaultShape is the image shape of samples of n values without a stated
// shape: 7x5 for 35 values, n×n for a perfect square n², else one row.
func defaultShape(d int) (rows, cols int) {
	switch r := int(math.Sqrt(float64(d))); {
	case d == glyphRows*glyphCols:
		return glyphRows, glyphCols
	case r*r == d:
		return r, r
	}
	return 1, d
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// extraData reports whether r has more to read.
func extraData(r io.Reader) (bool, error) {
	var b [1]byte
	n, err := io.ReadFull(r, b[:])
	if n > 0 {
		return true, nil
	}
	if errors.Is(err, io.EOF) {
		return false, nil
	}
	return false, err
}
