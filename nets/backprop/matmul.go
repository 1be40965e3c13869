package backprop

import (
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
)

// The three matrix products of a Dense layer, on row-major slices, through
// gonum's blas64.Gemm: the very routine (gonum's Dgemm) Gorgonia calls, with
// the same transpositions, so the products are bit-identical to Gorgonia's.
// Plain loops in i-k-j order (loops_test.go) were measured against it
// (BenchmarkMatMul): gonum's assembly kernels were about 30% faster on the
// products, 10% on a font training step, and 35% on a step of a
// 400-300-200-100 net, where Dgemm splits the work over goroutines (and then
// allocates a few hundred small objects per step; at the font's sizes it
// runs serially and allocates nothing).

// matrix views a row-major slice as an r×c matrix.
func matrix(data []float64, r, c int) blas64.General {
	return blas64.General{Rows: r, Cols: c, Stride: c, Data: data[:r*c]}
}

// mulNN sets c = a·b for a (m×k) and b (k×n): the forward product x·W.
// Every c[i][j] = Σ_l a[i][l]·b[l][j].
func mulNN(c, a, b []float64, m, k, n int) {
	blas64.Gemm(blas.NoTrans, blas.NoTrans, 1, matrix(a, m, k), matrix(b, k, n), 0, matrix(c, m, n))
}

// mulTN sets c = aᵀ·b for a (k×m) and b (k×n), c being m×n: the weight
// gradient xᵀ·dz. Every c[i][j] = Σ_l a[l][i]·b[l][j], a sum over the rows
// (the samples of a batch).
func mulTN(c, a, b []float64, k, m, n int) {
	blas64.Gemm(blas.Trans, blas.NoTrans, 1, matrix(a, k, m), matrix(b, k, n), 0, matrix(c, m, n))
}

// mulNT sets c = a·bᵀ for a (m×k) and b (n×k), c being m×n: the input
// gradient dz·Wᵀ. Every c[i][j] = Σ_l a[i][l]·b[j][l], the dot product of
// row i of a and row j of b.
func mulNT(c, a, b []float64, m, k, n int) {
	blas64.Gemm(blas.NoTrans, blas.Trans, 1, matrix(a, m, k), matrix(b, n, k), 0, matrix(c, m, n))
}
