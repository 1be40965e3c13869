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
// product's terms in another order than gonum, but training amplifies
// rounding. Measured on amd64: the final weights of `aenets vae --latent 3
// --epochs 60 --seed 1` differ by at most 1.8e-13 between the builds, and by
// 7.5e-7 after the default 1,000 epochs (loss equal to 9 digits); the
// default AE's weights differ by 9e-16 after 100 epochs, 9e-6 after 700 and
// 0.08 after 1,000, so its default run (seed 1) reaches every glyph at 0
// wrong pixels in both builds but at different epochs (5,528 and 5,808),
// with different weights.
//
// OpenBLAS reads its thread count from OPENBLAS_NUM_THREADS (all cores when
// unset) and its kernel from OPENBLAS_CORETYPE (detected when unset); Name
// reports both. Its sums depend on both: the 60-epoch VAE above ends 9.5e-15
// apart with 1 and 2 threads, and 1.8e-13 apart with the Haswell and the
// SkylakeX kernel. With both fixed, a seed gives the same weights, bit for
// bit, run after run and on either engine.
//
// What it buys, measured on the project's 2-core machine (AMD EPYC with
// AVX-512), one OpenBLAS thread: the three products of a 56×400×300 layer
// run at 56 GFLOP/s with the Haswell kernel and 83 with SkylakeX, against
// 11.5 for gonum's Go on two goroutines; a training step of
// nets.DefaultVAE(400, 3) on the 56 emoji takes 3.5 ms (SkylakeX; 4.3
// Haswell) instead of 8.0 on the hand-written engine, and 9.7 (9.9) instead
// of 14.9 on Gorgonia's, where the rest is Gorgonia's own execution. The font's AE is too small for it to matter.
// A second thread gave no steady gain at these sizes and doubled the CPU
// time (`go test ./training -run "^$" -bench EpochBLAS` with and without the tag).
package openblas
