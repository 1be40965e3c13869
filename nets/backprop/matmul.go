package backprop

// The three matrix products of a Dense layer, on row-major slices. They are
// plain loops, ordered so that the innermost loop walks contiguous memory,
// and they add their terms in the same order as gonum's Dgemm, which
// Gorgonia calls, when Dgemm runs serially (every dimension but the shared
// one below 64×4, as in the font's nets): the products are bit-identical.
// BenchmarkMatMul compares them with gonum's blas64.Gemm.

// mulNN sets c = a·b for a (m×k) and b (k×n): the forward product x·W.
// Order i-k-j: row i of c accumulates a[i][l]·(row l of b) for l = 0, 1, …,
// so the inner loop runs along rows of b and c. Zeros of a are skipped, as
// gonum does (most of the font's pixels are 0).
func mulNN(c, a, b []float64, m, k, n int) {
	clear(c[:m*n])
	for i := range m {
		ci := c[i*n : i*n+n]
		for l, v := range a[i*k : i*k+k] {
			if v == 0 {
				continue
			}
			bl := b[l*n : l*n+n]
			for j, w := range bl {
				ci[j] += v * w
			}
		}
	}
}

// mulTN sets c = aᵀ·b for a (k×m) and b (k×n), c being m×n: the weight
// gradient xᵀ·dz. For each row l of a and b in turn, row i of c accumulates
// a[l][i]·(row l of b); zeros of a are skipped.
func mulTN(c, a, b []float64, k, m, n int) {
	clear(c[:m*n])
	for l := range k {
		bl := b[l*n : l*n+n]
		for i, v := range a[l*m : l*m+m] {
			if v == 0 {
				continue
			}
			ci := c[i*n : i*n+n]
			for j, w := range bl {
				ci[j] += v * w
			}
		}
	}
}

// mulNT sets c = a·bᵀ for a (m×k) and b (n×k), c being m×n: the input
// gradient dz·Wᵀ. Every c[i][j] is the dot product of row i of a and row j
// of b, both contiguous.
func mulNT(c, a, b []float64, m, k, n int) {
	for i := range m {
		ai := a[i*k : i*k+k]
		ci := c[i*n : i*n+n]
		for j := range ci {
			ci[j] = dot(ai, b[j*k:j*k+k])
		}
	}
}

// dot returns Σ a[i]·b[i] in four partial sums, over the elements 0, 4, 8, …
// / 1, 5, 9, … / 2, 6, … / 3, 7, …, the leftover tail going into the first,
// combined as (s0+s2) + (s1+s3). That is the order of gonum's DotUnitary on
// amd64 (two SSE registers of two lanes each). Four independent sums are
// also faster than one: an addition need not wait for the previous one.
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
