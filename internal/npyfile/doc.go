// Package npyfile reads the header of a NumPy .npy stream strictly, before
// any of its data is allocated: the magic bytes, a version 1.0 or 2.0, a
// bounded header length, and the dictionary exactly as numpy writes it
// (descr, fortran_order, shape, padded with spaces and ended by a newline).
// It never panics on any input; the data loaders (data) and the weights
// loader (nets) check the dtype and shape it returns against what they
// expect, and only then read the values.
package npyfile
