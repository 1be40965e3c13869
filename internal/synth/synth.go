// Package synth makes random data sets of a real one's shape, for benchmarks.
package synth

import (
	"math/rand/v2"
	"strconv"

	"github.com/aenets/aenets/data"
)

// MNISTLike returns n random images of MNIST's shape (28×28, labels 0 to 9
// in turn): one pixel in five uniform in [0, 1], the others black, about
// MNIST's share of ink. The same n gives the same set.
func MNISTLike(n int) *data.Dataset {
	const side = 28
	r := rand.New(rand.NewPCG(7, 7))
	ds := &data.Dataset{Name: "mnist-like", N: n, D: side * side, Rows: side, Cols: side,
		X: make([]float64, n*side*side), IDs: make([]string, n), Labels: make([]string, n)}
	for i := range ds.X {
		if r.IntN(5) == 0 {
			ds.X[i] = r.Float64()
		}
	}
	for i := range n {
		ds.IDs[i], ds.Labels[i] = strconv.Itoa(i+1), strconv.Itoa(i%10)
	}
	return ds
}
