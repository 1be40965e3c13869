package check

import "math"

// RelDefinition is how the relative differences of this package are defined.
const RelDefinition = "rel(a,b) = max_i |a_i − b_i| / max_i max(|a_i|, |b_i|): relative to the largest gradient in the same tensor (0 when all are 0)"

// MaxDiff returns max_i |a_i − b_i| and that relative to the largest |a_i|
// or |b_i| (0 when a and b are all 0), as RelDefinition says; NaN if any
// value is NaN.
func MaxDiff(a, b []float64) (abs, rel float64) {
	scale := 0.0
	for i := range a {
		d := math.Abs(a[i] - b[i])
		if math.IsNaN(d) {
			return math.NaN(), math.NaN()
		}
		abs = max(abs, d)
		scale = max(scale, math.Abs(a[i]), math.Abs(b[i]))
	}
	if abs == 0 {
		return 0, 0
	}
	return abs, abs / scale
}

// RelTo returns d relative to the largest |value| of any of vs (0 if d is
// 0, NaN if d is NaN).
func RelTo(d float64, vs ...[]float64) float64 {
	if d == 0 || math.IsNaN(d) {
		return d
	}
	scale := 0.0
	for _, v := range vs {
		for _, x := range v {
			scale = max(scale, math.Abs(x))
		}
	}
	return d / scale
}

// Norm is the Euclidean norm of v.
func Norm(v []float64) float64 {
	s := 0.0
	for _, x := range v {
		s += x * x
	}
	return math.Sqrt(s)
}
