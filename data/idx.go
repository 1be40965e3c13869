package data

import (
	"bufio"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// IDX magic numbers: two zero bytes, the type (0x08 for unsigned bytes) and
// the number of dimensions.
var (
	idxImagesMagic = [4]byte{0, 0, 0x08, 3}
	idxLabelsMagic = [4]byte{0, 0, 0x08, 1}
	gzipMagic      = [2]byte{0x1f, 0x8b}
)

// LoadIDX reads an IDX images file (the format of MNIST, Fashion-MNIST and
// KMNIST), plain or gzipped (recognised by its first bytes, whatever its
// name): unsigned bytes, n images of rows×cols pixels, each byte b becoming
// the value b/255. The IDs are the image indices 0, 1, …; the labels come
// from the labels file alongside, if there is one (see the package
// documentation), and are the indices otherwise. The header is checked
// against MaxImageSide and MaxValues and against the size of the file
// before the values are allocated, once, as one slice.
func LoadIDX(path string) (*Dataset, error) {
	r, size, closeFn, err := openMaybeGzip(path, 16+MaxValues)
	if err != nil {
		return nil, err
	}
	defer closeFn()
	var hdr [16]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		return nil, fmt.Errorf("%s: truncated IDX header: expected 16 bytes, got %d", path, size)
	}
	if msg := idxMagicMsg(hdr[:4], idxImagesMagic, "images × rows × columns"); msg != "" {
		return nil, fmt.Errorf("%s: %s", path, msg)
	}
	n64 := int64(binary.BigEndian.Uint32(hdr[4:]))
	rows := int(binary.BigEndian.Uint32(hdr[8:]))
	cols := int(binary.BigEndian.Uint32(hdr[12:]))
	if msg := imageSizeMsg(cols, rows); msg != "" {
		return nil, fmt.Errorf("%s: IDX header: %s", path, msg)
	}
	if n64 == 0 {
		return nil, fmt.Errorf("%s: IDX header: no images", path)
	}
	if msg := tooManyValues(n64, rows*cols); msg != "" {
		return nil, fmt.Errorf("%s: IDX header: %s", path, msg)
	}
	n, dim := int(n64), rows*cols
	if msg := sizeMsg(size-16, int64(n)*int64(dim), fmt.Sprintf("%d images of %dx%d pixels", n, cols, rows)); msg != "" {
		return nil, fmt.Errorf("%s: %s", path, msg)
	}
	d := &Dataset{Name: path, N: n, D: dim, Rows: rows, Cols: cols, X: make([]float64, n*dim)}
	buf := make([]byte, 1<<16)
	for i := 0; i < len(d.X); {
		k, err := io.ReadFull(r, buf[:min(len(buf), len(d.X)-i)])
		for _, b := range buf[:k] {
			d.X[i] = float64(b) / 255
			i++
		}
		if err != nil {
			return nil, fmt.Errorf("%s: reading the pixels: %w", path, err)
		}
	}
	d.IDs = make([]string, n)
	for i := range d.IDs {
		d.IDs[i] = strconv.Itoa(i)
	}
	d.Labels = d.IDs
	if lpath, ok := idxLabelsPath(path); ok {
		if d.Labels, err = loadIDXLabels(lpath, n); err != nil {
			return nil, err
		}
	}
	if err := d.Check(); err != nil {
		return nil, err
	}
	return d, nil
}

// idxMagicMsg compares the magic number got with want and describes a
// mismatch.
func idxMagicMsg(got []byte, want [4]byte, dims string) string {
	switch {
	case got[0] != 0 || got[1] != 0:
		return fmt.Sprintf("not an IDX file: expected the magic number % x, got % x", want, got)
	case got[2] != want[2]:
		return fmt.Sprintf("IDX data type 0x%02x, expected 0x08 (unsigned bytes)", got[2])
	case got[3] != want[3]:
		return fmt.Sprintf("IDX file of %d dimensions, expected %d (%s)", got[3], want[3], dims)
	}
	return ""
}

// sizeMsg compares the bytes after a header, have, with those it announces,
// want, for what.
func sizeMsg(have, want int64, what string) string {
	switch {
	case have < want:
		return fmt.Sprintf("truncated: the header announces %s, %d bytes, but only %d follow", what, want, have)
	case have > want:
		return fmt.Sprintf("the header announces %s, %d bytes, but more follow", what, want)
	}
	return ""
}

// idxLabelsPath returns the labels file that goes with the images file at
// path ("t10k-labels-idx1-ubyte" for "t10k-images-idx3-ubyte", with or
// without .gz), if it exists.
func idxLabelsPath(path string) (string, bool) {
	base := strings.TrimSuffix(filepath.Base(path), ".gz")
	if !strings.Contains(base, "images") || !strings.Contains(base, "idx3") {
		return "", false
	}
	base = strings.Replace(strings.Replace(base, "images", "labels", 1), "idx3", "idx1", 1)
	for _, name := range []string{base, base + ".gz"} {
		p := filepath.Join(filepath.Dir(path), name)
		if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() {
			return p, true
		}
	}
	return "", false
}

// loadIDXLabels reads an IDX labels file of n unsigned bytes, returned as
// decimal strings.
func loadIDXLabels(path string, n int) ([]string, error) {
	r, size, closeFn, err := openMaybeGzip(path, 8+MaxValues)
	if err != nil {
		return nil, err
	}
	defer closeFn()
	var hdr [8]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		return nil, fmt.Errorf("%s: truncated IDX header: expected 8 bytes, got %d", path, size)
	}
	if msg := idxMagicMsg(hdr[:4], idxLabelsMagic, "labels"); msg != "" {
		return nil, fmt.Errorf("%s: %s", path, msg)
	}
	if m := binary.BigEndian.Uint32(hdr[4:]); int64(m) != int64(n) {
		return nil, fmt.Errorf("%s: %d labels, expected one for each of the %d images", path, m, n)
	}
	if msg := sizeMsg(size-8, int64(n), fmt.Sprintf("%d labels", n)); msg != "" {
		return nil, fmt.Errorf("%s: %s", path, msg)
	}
	var names [256]string
	for i := range names {
		names[i] = strconv.Itoa(i)
	}
	labels := make([]string, n)
	buf := make([]byte, 1<<16)
	for i := 0; i < n; {
		k, err := io.ReadFull(r, buf[:min(len(buf), n-i)])
		for _, b := range buf[:k] {
			labels[i] = names[b]
			i++
		}
		if err != nil {
			return nil, fmt.Errorf("%s: reading the labels: %w", path, err)
		}
	}
	return labels, nil
}

// openMaybeGzip opens the file at path and returns a reader of its
// contents, decompressed if it starts with the gzip magic bytes, and their
// size in bytes, at most limit+1 (a gzip stream is read through once to
// count them, and checked). The caller must call closeFn.
func openMaybeGzip(path string, limit int64) (r io.Reader, size int64, closeFn func() error, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, nil, err
	}
	defer func() {
		if err != nil {
			f.Close()
		}
	}()
	var magic [2]byte
	k, _ := io.ReadFull(f, magic[:])
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, 0, nil, err
	}
	if k < 2 || magic != gzipMagic {
		fi, err := f.Stat()
		if err != nil {
			return nil, 0, nil, err
		}
		return bufio.NewReaderSize(f, 1<<16), fi.Size(), f.Close, nil
	}
	gz, err := gzip.NewReader(f)
	if err != nil {
		return nil, 0, nil, fmt.Errorf("%s: %w", path, err)
	}
	size, err = io.CopyN(io.Discard, gz, limit+1)
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, 0, nil, fmt.Errorf("%s: %w", path, err)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, 0, nil, err
	}
	if err := gz.Reset(f); err != nil {
		return nil, 0, nil, fmt.Errorf("%s: %w", path, err)
	}
	return bufio.NewReaderSize(gz, 1<<16), size, f.Close, nil
}
