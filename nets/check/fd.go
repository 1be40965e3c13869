package check

import (
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/diff/fd"

	"github.com/aenets/aenets/internal/rng"
	"github.com/aenets/aenets/nets"
)

// PickCoordinates chooses, for every parameter tensor of p, the indices
// whose finite differences to take: all of them, or at most max (when max
// > 0) chosen at random from seed's sampling stream, in increasing order.
func PickCoordinates(p *nets.Params, max int, seed uint64) [][]int {
	r := rng.New(seed, rng.Sample)
	var out [][]int
	for _, q := range p.All() {
		n := len(q.Data)
		if max <= 0 || n <= max {
			idx := make([]int, n)
			for i := range idx {
				idx[i] = i
			}
			out = append(out, idx)
			continue
		}
		out = append(out, slices.Sorted(slices.Values(r.Perm(n)[:max])))
	}
	return out
}

// Pick returns v at the indices idx.
func Pick(v []float64, idx []int) []float64 {
	out := make([]float64, len(idx))
	for i, j := range idx {
		out[i] = v[j]
	}
	return out
}

// FiniteDifferences returns the central differences (L(θ+h) − L(θ−h))/2h,
// step h, of loss with respect to the picked values of every parameter of p
// (picked[i] indexes p.All()[i]; NaN where none was taken), and the loss at
// the unperturbed values. loss reads p: each value is changed in place, in
// turn, and restored.
func FiniteDifferences(p *nets.Params, loss func() (float64, error), h float64, picked [][]int) ([][]float64, float64, error) {
	var lossErr error
	f := func() float64 {
		l, err := loss()
		if err != nil && lossErr == nil {
			lossErr = err
		}
		return l
	}
	settings := &fd.Settings{Formula: fd.Central, Step: h}
	var out [][]float64
	for i, q := range p.All() {
		d := make([]float64, len(q.Data))
		for j := range d {
			d[j] = math.NaN()
		}
		for _, j := range picked[i] {
			w := q.Data[j]
			d[j] = fd.Derivative(func(v float64) float64 {
				q.Data[j] = v
				return f()
			}, w, settings)
			q.Data[j] = w
		}
		out = append(out, d)
	}
	l0 := f()
	if lossErr != nil {
		return nil, 0, fmt.Errorf("finite differences: %w", lossErr)
	}
	return out, l0, nil
}
