package graph

import (
	"math"
	"math/rand/v2"
)

// GlorotUniform fills w, the weights of an in×out layer, with draws from
// U(-a, a), a = √(6/(in+out)) (Glorot & Bengio, 2010), in order, from rng.
func GlorotUniform(rng *rand.Rand, in, out int, w []float64) {
	a := math.Sqrt(6 / float64(in+out))
	for i := range w {
		w[i] = a * (2*rng.Float64() - 1)
	}
}
