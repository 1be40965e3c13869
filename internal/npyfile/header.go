package npyfile

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// MaxHeader is the largest header dictionary read, in bytes (numpy writes
// a few dozen, padded to a multiple of 64).
const MaxHeader = 1 << 16

// magic starts every .npy stream.
var magic = [6]byte{0x93, 'N', 'U', 'M', 'P', 'Y'}

// headerRE matches the header dictionary as numpy writes it: its keys in
// this order, padded with spaces and ended by a newline.
var headerRE = regexp.MustCompile(`^\{'descr': '([<>|=]?[a-zA-Z][0-9]+)', 'fortran_order': (True|False), 'shape': \(([0-9, ]*)\), \} *\n$`)

// Header is a validated .npy header.
type Header struct {
	Raw     []byte // the whole header as read: magic, version, length, dictionary
	Descr   string // the dtype, e.g. "<f8", "|u1", "<U185"
	Fortran bool   // the data is in column-major (Fortran) order
	Shape   []int  // a size too large for an int is math.MaxInt
}

// ReadHeader reads and validates the header at the start of r, reading
// nothing past it. Its errors are one line, without the stream's name.
func ReadHeader(r io.Reader) (*Header, error) {
	var pre [12]byte
	if _, err := io.ReadFull(r, pre[:8]); err != nil {
		return nil, errors.New("truncated .npy header")
	}
	if [6]byte(pre[:6]) != magic {
		return nil, fmt.Errorf("not a .npy file: expected the magic bytes \\x93NUMPY, got %q", pre[:6])
	}
	switch pre[6] {
	case 1:
		if _, err := io.ReadFull(r, pre[8:10]); err != nil {
			return nil, errors.New("truncated .npy header")
		}
		return readDict(r, slices.Clone(pre[:10]), int(binary.LittleEndian.Uint16(pre[8:])))
	case 2:
		if _, err := io.ReadFull(r, pre[8:12]); err != nil {
			return nil, errors.New("truncated .npy header")
		}
		l := binary.LittleEndian.Uint32(pre[8:])
		if l > MaxHeader {
			return nil, fmt.Errorf(".npy header of %d bytes, more than the %d expected", l, MaxHeader)
		}
		return readDict(r, slices.Clone(pre[:12]), int(l))
	}
	return nil, fmt.Errorf(".npy format version %d.%d, expected 1.0 or 2.0", pre[6], pre[7])
}

// readDict reads the n bytes of the header dictionary after the prefix raw
// and parses them.
func readDict(r io.Reader, raw []byte, n int) (*Header, error) {
	dict := make([]byte, n)
	if _, err := io.ReadFull(r, dict); err != nil {
		return nil, errors.New("truncated .npy header")
	}
	m := headerRE.FindSubmatch(dict)
	if m == nil {
		return nil, fmt.Errorf(`malformed .npy header %.200q, expected {'descr': '<f8', 'fortran_order': False, 'shape': (N, D), }`, dict)
	}
	h := &Header{Raw: append(raw, dict...), Descr: string(m[1]), Fortran: string(m[2]) == "True"}
	for _, t := range strings.Split(string(m[3]), ",") {
		if t = strings.TrimSpace(t); t == "" {
			continue
		}
		s, ok := parseSize(t)
		if !ok {
			return nil, fmt.Errorf("malformed .npy shape (%s)", m[3])
		}
		h.Shape = append(h.Shape, s)
	}
	return h, nil
}

// parseSize parses a size of a shape: a decimal ≥ 0, math.MaxInt if it
// overflows.
func parseSize(s string) (int, bool) {
	n, err := strconv.Atoi(s)
	switch {
	case errors.Is(err, strconv.ErrRange) && !strings.HasPrefix(s, "-"):
		return math.MaxInt, true
	case err != nil || n < 0:
		return 0, false
	}
	return n, true
}

// Count returns the number of elements of the shape, and false if it is
// above limit (which keeps the product from overflowing).
func (h *Header) Count(limit int) (int, bool) {
	n := 1
	for _, s := range h.Shape {
		if s != 0 && n > limit/s {
			return 0, false
		}
		n *= s
	}
	return n, n <= limit
}

// FortranToC reorders src, the values of an array of the given shape in
// column-major (Fortran) order, into dst in row-major (C) order. dst and
// src have the shape's number of elements and do not overlap.
func FortranToC(dst, src []float64, shape []int) {
	idx := make([]int, len(shape)) // the element's index, first axis fastest
	for _, v := range src {
		c := 0
		for k, s := range shape {
			c = c*s + idx[k]
		}
		dst[c] = v
		for k := range idx {
			if idx[k]++; idx[k] < shape[k] {
				break
			}
			idx[k] = 0
		}
	}
}
