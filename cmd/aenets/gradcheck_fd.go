package main

import (
	"fmt"
	"math"
	"slices"

	"github.com/aenets/aenets/graph"
	"github.com/aenets/aenets/internal/rng"
	"github.com/aenets/aenets/nets"
	"gonum.org/v1/gonum/diff/fd"
)

// The finite differences of gradcheck, and where they cannot be trusted.

// pickCoordinates chooses, for every parameter tensor, the indices whose
// finite differences gradcheck takes: all of them, or at most max chosen
// at random (seeded), in increasing order.
func pickCoordinates(p *nets.Params, max int, seed uint64) [][]int {
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

// pick returns v at the indices idx.
func pick(v []float64, idx []int) []float64 {
	out := make([]float64, len(idx))
	for i, j := range idx {
		out[i] = v[j]
	}
	return out
}

// finiteDifferences returns the central differences of the loss with
// respect to the picked values of every parameter of m (perturbing m's
// store, and restoring it), NaN where none was taken, and the loss at the
// unperturbed weights.
func (c *gradcheckConfig) finiteDifferences(k netKind, m nets.Model, x, t []float64, n int, picked [][]int) ([][]float64, float64, error) {
	loss := k.fdLoss
	if loss == nil {
		loss = func(m nets.Model, x, t []float64, n int) (float64, error) { return m.Evaluate(x, t, n, nil, nil) }
	}
	var lossErr error
	f := func() float64 {
		l, err := loss(m, x, t, n)
		if err != nil && lossErr == nil {
			lossErr = err
		}
		return l
	}
	settings := &fd.Settings{Formula: fd.Central, Step: c.FDStep}
	var out [][]float64
	for i, q := range m.Params().All() {
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

// maxDiff returns max_i |a_i − b_i| and that relative to the largest
// |a_i| or |b_i| (0 when a and b are all 0); NaN if any value is NaN.
func maxDiff(a, b []float64) (abs, rel float64) {
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

// relTo returns d relative to the largest |value| of any of vs (0 if d is 0).
func relTo(d float64, vs ...[]float64) float64 {
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

func norm(v []float64) float64 {
	s := 0.0
	for _, x := range v {
		s += x * x
	}
	return math.Sqrt(s)
}

// roughCount is how many pre-activations of one layer lie near a rough spot.
type roughCount struct {
	layer  string
	near   int // within the margin of a rough spot
	values int // pre-activations of the layer in the batch
}

// A roughSpot is a range of pre-activations, [lo, hi], where the loss the
// engines compute is not smooth, or not the function whose derivative they
// compute: finite differences there do not measure the engines' gradient.
type roughSpot struct{ lo, hi float64 }

// roughSpots are those of each activation, as Gorgonia (and the
// hand-written engine after it) computes them: ReLU's kink at 0; the
// sigmoid, cut to exactly 1 above 19 (a jump of 5.6e-9 at 19, flat beyond)
// while its gradient stays y·σ(−z) ≈ e^−z; softplus, cut to z above 16 (a
// jump of 1.1e-7) while its gradient σ(z) only reaches 1 at 19.
var roughSpots = map[graph.Activation][]roughSpot{
	graph.ReLU:     {{0, 0}},
	graph.Sigmoid:  {{19, math.Inf(1)}},
	graph.Softplus: {{16, 19}},
}

// bceRough is BCE's rough spot on the output logits z: it is computed as
// softplus(z) − x·z, with softplus's cut-off, and its gradient as σ(z) − x.
var bceRough = roughSpot{16, 19}

// roughNote explains the rough spots in one line.
const roughNote = "relu's kink at 0, the sigmoid cut to 1 above 19, softplus (and BCE on the logits) cut to z from 16 to 19"

// scalarActs are the activations, one value at a time, for rough's own forward pass.
var scalarActs = map[graph.Activation]func(float64) float64{
	graph.Sigmoid:  func(z float64) float64 { return 1 / (1 + math.Exp(-z)) },
	graph.Tanh:     math.Tanh,
	graph.ReLU:     func(z float64) float64 { return math.Max(0, z) },
	graph.Identity: func(z float64) float64 { return z },
	graph.Softplus: func(z float64) float64 {
		if z > 0 {
			return z + math.Log1p(math.Exp(-z))
		}
		return math.Log1p(math.Exp(z))
	},
}

// rough runs the batch x through the layers of spec, once, and counts for
// every layer that has rough spots the pre-activations within margin of
// one. checked is false when the net is not a plain stack of the spec's
// Encoder and Decoder layers (a VAE's heads) or an activation is unknown
// here: then nothing was counted.
func rough(spec nets.Spec, p *nets.Params, x []float64, n int, margin float64) (out []roughCount, checked bool) {
	layers := append(spec.Encoder(), spec.Decoder()...)
	if len(p.All()) != 2*len(layers) {
		return nil, false
	}
	for li, l := range layers {
		w, b, f := p.Get(graph.Name(l.Name, "w")), p.Get(graph.Name(l.Name, "b")), scalarActs[l.Act]
		if w == nil || b == nil || f == nil {
			return nil, false
		}
		spots := roughSpots[l.Act]
		if li == len(layers)-1 && spec.Loss == string(graph.BCE) {
			spots = []roughSpot{bceRough} // the loss takes the logits, not the sigmoid
		}
		y := make([]float64, n*l.Out)
		rc := roughCount{layer: l.Name, values: n * l.Out}
		for i := range n {
			for o := range l.Out {
				z := b.Data[o]
				for j := range l.In {
					z += x[i*l.In+j] * w.Data[j*l.Out+o]
				}
				for _, s := range spots {
					if z >= s.lo-margin && z <= s.hi+margin {
						rc.near++
						break
					}
				}
				y[i*l.Out+o] = f(z)
			}
		}
		if len(spots) > 0 {
			out = append(out, rc)
		}
		x = y
	}
	return out, true
}

func (r *gradcheck) roughTotal() int {
	s := 0
	for _, k := range r.rough {
		s += k.near
	}
	return s
}
