package data

import (
	"fmt"
	"math"
	"slices"
)

// Dataset is a set of equally sized samples with values in [0,1], one row
// of X per sample (row-major, N×D). Images are Rows×Cols pixels, row by row.
type Dataset struct {
	Name   string    // "font", "emoji", or the path the samples were read from
	IDs    []string  // first column of a text file (e.g. "61", "1F600"), or a PNG's file name
	Labels []string  // second column of a text file (e.g. "a", "grinning"), or a PNG's base name
	X      []float64 // N×D values in [0,1], row-major
	N, D   int       // number of samples, values per sample
	Rows   int       // image height; Rows*Cols == D
	Cols   int       // image width
}

// Row returns sample i (a slice of X, not a copy).
func (d *Dataset) Row(i int) []float64 { return d.X[i*d.D : (i+1)*d.D : (i+1)*d.D] }

// Index returns the position of the first sample labelled label.
func (d *Dataset) Index(label string) (int, bool) {
	for i, l := range d.Labels {
		if l == label {
			return i, true
		}
	}
	return -1, false
}

// Binary reports whether every value is exactly 0 or 1.
func (d *Dataset) Binary() bool {
	for _, v := range d.X {
		if v != 0 && v != 1 {
			return false
		}
	}
	return true
}

// Check verifies that the dataset is internally consistent: sizes agree,
// there is at least one sample, and every value is a number in [0,1].
func (d *Dataset) Check() error {
	if d == nil {
		return fmt.Errorf("nil dataset")
	}
	name := d.Name
	if name == "" {
		name = "dataset"
	}
	switch {
	case d.N <= 0:
		return fmt.Errorf("%s: no samples", name)
	case d.D <= 0:
		return fmt.Errorf("%s: samples have no values", name)
	case len(d.X) != d.N*d.D:
		return fmt.Errorf("%s: %d values, expected %d for %d samples of %d", name, len(d.X), d.N*d.D, d.N, d.D)
	case len(d.Labels) != d.N || len(d.IDs) != d.N:
		return fmt.Errorf("%s: %d labels and %d IDs, expected one of each for %d samples", name, len(d.Labels), len(d.IDs), d.N)
	case d.Rows <= 0 || d.Cols <= 0 || d.Rows*d.Cols != d.D:
		return fmt.Errorf("%s: image shape %dx%d does not hold the %d values of a sample", name, d.Rows, d.Cols, d.D)
	}
	for i, v := range d.X {
		if math.IsNaN(v) || v < 0 || v > 1 {
			s := i / d.D
			return fmt.Errorf("%s: sample %d (ID %q, label %q), value %d is %v, outside [0,1]",
				name, s+1, d.IDs[s], d.Labels[s], i%d.D+1, v)
		}
	}
	return nil
}

// Subset returns a new dataset holding the samples at idx, in that order (copied).
func (d *Dataset) Subset(idx []int) *Dataset {
	s := &Dataset{Name: d.Name, N: len(idx), D: d.D, Rows: d.Rows, Cols: d.Cols,
		X: make([]float64, 0, len(idx)*d.D)}
	for _, i := range idx {
		s.X = append(s.X, d.Row(i)...)
		s.IDs = append(s.IDs, d.IDs[i])
		s.Labels = append(s.Labels, d.Labels[i])
	}
	return s
}

// Clone returns a deep copy of d.
func (d *Dataset) Clone() *Dataset {
	c := *d
	c.IDs = slices.Clone(d.IDs)
	c.Labels = slices.Clone(d.Labels)
	c.X = slices.Clone(d.X)
	return &c
}
