// Package openblas switches aenets' matrix products to OpenBLAS when the
// program is built with the openblas build tag, and leaves them on gonum's
// pure-Go BLAS otherwise.
//
// Both engines multiply matrices through a BLAS chosen at run time: the
// Gorgonia engine through Gorgonia's (gorgonia.Use, which also sets the
// tensor package's), the hand-written engine nets/backprop through gonum's
// blas64 (blas64.Use), as does everything else built on gonum's mat. The
// default build uses gonum's Go implementation for both and needs nothing
// installed. Built with
//
//	go build -tags openblas ./cmd/aenets
//
// (Debian: apt-get install libopenblas-dev), this package's init hands both
// of them gonum's cgo bindings to the C BLAS interface
// (gonum.org/v1/netlib/blas/netlib) and links them against libopenblas, so
// every product of either engine, and of the tests and benchmarks, runs in
// OpenBLAS. Package nets imports this package, so whatever imports nets is
// switched; nothing else needs to.
//
// The engines stay bit-identical to each other in either build: they still
// make the same calls, with the same arguments, to the same BLAS. The two
// builds differ from each other by rounding only, since OpenBLAS sums a
// product's terms in another order than gonum. OpenBLAS reads its thread
// count from OPENBLAS_NUM_THREADS (all cores when unset) and its kernel from
// OPENBLAS_CORETYPE (detected when unset); Name reports both.
package openblas
