package backprop

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/aenets/aenets/nets"
)

// testSpecs are small nets for every activation and both losses, at two
// depths (5-4-2-3-5 and the 7-layer 6-5-4-2-3-5-6), plus a few mixes.
// BCE needs a sigmoid output; with MSE the output has the hidden activation.
func testSpecs() []nets.Spec {
	var specs []nets.Spec
	acts := []string{"sigmoid", "tanh", "relu", "identity", "softplus"}
	for _, layers := range [][]int{{5, 4, 2, 3, 5}, {6, 5, 4, 2, 3, 5, 6}} {
		for _, act := range acts {
			specs = append(specs,
				must(nets.Spec{Kind: nets.KindAE, Act: act, LatentAct: act, OutAct: "sigmoid", Loss: "bce"}.WithLayers(layers)),
				must(nets.Spec{Kind: nets.KindAE, Act: act, LatentAct: act, OutAct: act, Loss: "mse"}.WithLayers(layers)))
		}
	}
	return append(specs,
		must(nets.Spec{Kind: nets.KindAE, Act: "tanh", LatentAct: "identity", OutAct: "sigmoid", Loss: "bce"}.WithLayers([]int{6, 5, 4, 2, 3, 5, 6})),
		must(nets.Spec{Kind: nets.KindAE, Act: "relu", LatentAct: "softplus", OutAct: "identity", Loss: "mse"}.WithLayers([]int{6, 5, 4, 2, 3, 5, 6})),
		must(nets.Spec{Kind: nets.KindAE, Act: "softplus", LatentAct: "sigmoid", OutAct: "tanh", Loss: "mse"}.WithLayers([]int{5, 4, 2, 3, 5})))
}

func specName(s nets.Spec) string {
	return fmt.Sprintf("%s/%s-%s-%s/%s", s.LayerString(), s.Act, s.LatentAct, s.OutAct, s.Loss)
}

// testParams returns Glorot weights and random non-zero biases, which keep
// relu's pre-activations away from its kink at 0.
func testParams(spec nets.Spec, seed uint64) *nets.Params {
	p := must(nets.NewParams(spec, rand.New(rand.NewPCG(seed, 1))))
	r := rand.New(rand.NewPCG(seed, 2))
	for _, q := range p.All() {
		if len(q.Shape) == 1 {
			for j := range q.Data {
				q.Data[j] = r.Float64() - 0.5
			}
		}
	}
	return p
}

// randBatch returns n samples of d values in [0,1).
func randBatch(seed uint64, n, d int) []float64 {
	r := rand.New(rand.NewPCG(seed, 3))
	x := make([]float64, n*d)
	for i := range x {
		x[i] = r.Float64()
	}
	return x
}

// build puts spec on both engines, each on its own copy of p.
func build(t testing.TB, spec nets.Spec, p *nets.Params, opt nets.Adam, batches ...int) (gorgonia, hand nets.Differentiable) {
	t.Helper()
	g, err := nets.Build(spec, p.Clone(), opt, batches...)
	if err != nil {
		t.Fatal(err)
	}
	h, err := Build(spec, p.Clone(), opt, batches...)
	if err != nil {
		t.Fatal(err)
	}
	return g.(nets.Differentiable), h.(nets.Differentiable)
}

// scaledDiff is the largest |a[j] − b[j]| over an array, divided by the
// array's largest magnitude max_j max(|a[j]|, |b[j]|) (1e-300 if all are 0).
//
// Why not each element's own magnitude: a gradient element is a sum of
// products over a batch and over the layers above, and its rounding error
// is relative to the size of those terms, not of their sum. An element that
// cancels to nearly 0 can legitimately differ by 100% of itself between
// two correct engines. The array's largest element stands for the size of
// the terms; this is the usual norm-wise relative error, per array.
func scaledDiff(a, b []float64) float64 {
	scale, d := 1e-300, 0.0
	for j := range a {
		scale = max(scale, math.Abs(a[j]), math.Abs(b[j]))
		if e := math.Abs(a[j] - b[j]); e > d || e != e {
			d = e
		}
	}
	return d / scale
}

// elementDiff is the largest |a[j] − b[j]| / max(|a[j]|, |b[j]|, 1e-300):
// reported alongside, for information.
func elementDiff(a, b []float64) float64 {
	d := 0.0
	for j := range a {
		if e := math.Abs(a[j]-b[j]) / max(math.Abs(a[j]), math.Abs(b[j]), 1e-300); e > d || e != e {
			d = e
		}
	}
	return d
}

// maxAbsDiff is the largest |a[j] − b[j]|, NaN if any is NaN.
func maxAbsDiff(a, b []float64) float64 {
	d := 0.0
	for j := range a {
		if e := math.Abs(a[j] - b[j]); e > d || e != e {
			d = e
		}
	}
	return d
}
