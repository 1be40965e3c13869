package backprop

import (
	"math"
	"math/rand/v2"
	"testing"
)

// The matrix products as plain loops: the alternative to blas64.Gemm that
// BenchmarkMatMul measures, and the reference TestMatMul checks the Gemm
// calls (their shapes and transpositions) against. Each loop adds its terms
// in the order gonum's serial Dgemm does on amd64, so on this machine the
// two agree to the bit; the test allows for rounding elsewhere.

// loopNN sets c = a·b (a m×k, b k×n) in i-k-j order: row i of c accumulates
// a[i][l]·(row l of b), the inner loop running along rows of b and c. Zeros
// of a are skipped.
func loopNN(c, a, b []float64, m, k, n int) {
	clear(c[:m*n])
	for i := range m {
		for l, v := range a[i*k : i*k+k] {
			if v != 0 {
				axpy(v, b[l*n:l*n+n], c[i*n:i*n+n])
			}
		}
	}
}

// loopTN sets c = aᵀ·b (a k×m, b k×n): for each row l, row i of c
// accumulates a[l][i]·(row l of b).
func loopTN(c, a, b []float64, k, m, n int) {
	clear(c[:m*n])
	for l := range k {
		for i, v := range a[l*m : l*m+m] {
			if v != 0 {
				axpy(v, b[l*n:l*n+n], c[i*n:i*n+n])
			}
		}
	}
}

// loopNT sets c = a·bᵀ (a m×k, b n×k): c[i][j] = dot(row i of a, row j of b).
func loopNT(c, a, b []float64, m, k, n int) {
	for i := range m {
		for j := range n {
			c[i*n+j] = dot(a[i*k:i*k+k], b[j*k:j*k+k])
		}
	}
}

// axpy adds v·x to y, unrolled by four.
func axpy(v float64, x, y []float64) {
	y = y[:len(x)]
	j := 0
	for ; j+4 <= len(x); j += 4 {
		y[j] += v * x[j]
		y[j+1] += v * x[j+1]
		y[j+2] += v * x[j+2]
		y[j+3] += v * x[j+3]
	}
	for ; j < len(x); j++ {
		y[j] += v * x[j]
	}
}

// dot returns Σ a[i]·b[i] in four partial sums (elements 0, 4, 8, … / 1, 5,
// … / 2, 6, … / 3, 7, …, the tail into the first) combined as
// (s0+s2) + (s1+s3): the order of gonum's DotUnitary on amd64.
func dot(a, b []float64) float64 {
	b = b[:len(a)]
	var s0, s1, s2, s3 float64
	i := 0
	for ; i+4 <= len(a); i += 4 {
		s0 += a[i] * b[i]
		s1 += a[i+1] * b[i+1]
		s2 += a[i+2] * b[i+2]
		s3 += a[i+3] * b[i+3]
	}
	for ; i < len(a); i++ {
		s0 += a[i] * b[i]
	}
	return (s0 + s2) + (s1 + s3)
}

// TestMatMul checks the Gemm products against the loops, on shapes that
// exercise every tail of the unrolled loops.
func TestMatMul(t *testing.T) {
	r := rand.New(rand.NewPCG(8, 8))
	fill := func(n int) []float64 {
		v := make([]float64, n)
		for i := range v {
			if r.Float64() < 0.7 { // leave some zeros, as in the font
				v[i] = r.Float64()*2 - 1
			}
		}
		return v
	}
	identical := true
	for _, s := range [][3]int{{1, 1, 1}, {3, 5, 2}, {32, 35, 17}, {7, 9, 13}} {
		m, k, n := s[0], s[1], s[2]
		a, b, at, bt := fill(m*k), fill(k*n), fill(k*m), fill(n*k)
		for _, c := range []struct {
			name      string
			gemm, ref func(c []float64)
		}{
			{"a·b", func(c []float64) { mulNN(c, a, b, m, k, n) }, func(c []float64) { loopNN(c, a, b, m, k, n) }},
			{"aᵀ·b", func(c []float64) { mulTN(c, at, b, k, m, n) }, func(c []float64) { loopTN(c, at, b, k, m, n) }},
			{"a·bᵀ", func(c []float64) { mulNT(c, a, bt, m, k, n) }, func(c []float64) { loopNT(c, a, bt, m, k, n) }},
		} {
			got, want := fill(m*n), fill(m*n) // garbage in c must be overwritten
			c.gemm(got)
			c.ref(want)
			for i := range got {
				if got[i] != want[i] {
					identical = false
				}
				if math.Abs(got[i]-want[i]) > 1e-14*float64(k) {
					t.Fatalf("%v %s [%d]: gemm %v, loops %v", s, c.name, i, got[i], want[i])
				}
			}
		}
	}
	t.Logf("gemm and loops bit-identical: %v", identical)
}
