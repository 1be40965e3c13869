package backprop

import (
	"fmt"
	"math"

	"github.com/aenets/aenets/graph"
)

// This file holds every elementwise op of the autoencoder (vae.go adds the
// VAE's): each forward rule with its backward rule next to it. A backward
// rule turns the gradient of the loss with respect to an op's output into
// the gradient with respect to its input (the chain rule, one op at a time,
// as in micrograd).
//
// Each rule is written the way Gorgonia v0.9.18 computes it (the same
// scalar functions, cut-offs and order of operations), so that the two
// engines agree to the last bit wherever they can. A float64(x*y) rounds a
// product that Gorgonia computes in an op of its own: without it, Go may
// fuse x*y + z into one instruction, rounded once, on processors that have
// one (GOAMD64=v3, arm64).

// sigmoid is Gorgonia's σ(x) = 1/(1+e^−x) with its cut-offs: 0 below −709
// (where e^−x would overflow) and exactly 1 above 19. The second cut-off is
// coarse: σ(19) = 1 − 5.6e-9, so the function jumps by 5.6e-9 there.
func sigmoid(x float64) float64 {
	if x < -709 {
		return 0
	}
	if x > 19 {
		return 1
	}
	return 1.0 / (1.0 + math.Exp(-x))
}

// softplus is Gorgonia's log(1+e^x) with its cut-offs: 0 below −708 and x
// itself above 16 (where the true value is x + 1.1e-7: another small jump).
func softplus(x float64) float64 {
	if x < -708 {
		return 0
	}
	if x > 16 {
		return x
	}
	return math.Log1p(math.Exp(x))
}

// step is 1 for x ≥ 0 and 0 otherwise (NaN included): the mask Gorgonia's
// Rectify multiplies by.
func step(x float64) float64 {
	if x >= 0 {
		return 1
	}
	return 0
}

// activate computes y = f(z) elementwise.
func activate(f graph.Activation, z, y []float64) {
	switch f {
	case graph.Sigmoid:
		for i, v := range z {
			y[i] = sigmoid(v)
		}
	case graph.Tanh:
		for i, v := range z {
			y[i] = math.Tanh(v)
		}
	case graph.ReLU:
		// Gorgonia's Rectify is z·[z ≥ 0], a product with a mask: −0 for
		// negative z, and NaN for z = −∞.
		for i, v := range z {
			y[i] = v * step(v)
		}
	case graph.Softplus:
		for i, v := range z {
			y[i] = softplus(v)
		}
	case graph.Identity:
		copy(y, z)
	default:
		unimplemented("activation", string(f))
	}
}

// activateBackward turns d, the gradient at y = f(z), into the gradient at
// z, in place: dz = f'(z)·dy.
func activateBackward(f graph.Activation, z, y, d []float64) {
	switch f {
	case graph.Sigmoid:
		// σ'(z) = σ(z)·(1−σ(z)). Gorgonia writes y·(1−y), then its graph
		// stabilisation rewrites 1−σ(z) as σ(−z): the gradient it computes is
		// y·σ(−z)·dy. The two differ in the last bits, and beyond z = 19,
		// where y is exactly 1, y·σ(−z) is still e^−z rather than 0.
		for i, v := range z {
			d[i] = y[i] * sigmoid(-v) * d[i]
		}
	case graph.Tanh:
		// tanh'(z) = 1 − tanh²(z).
		for i, v := range y {
			d[i] = (1 - float64(v*v)) * d[i]
		}
	case graph.ReLU:
		// The mask's derivative: 1 for z ≥ 0, so the slope at the kink z = 0 is 1.
		for i, v := range z {
			d[i] = step(v) * d[i]
		}
	case graph.Softplus:
		// softplus'(z) = σ(z). Above 16 softplus is cut off to z, whose slope
		// is 1, but the gradient stays σ(z) < 1 up to 19.
		for i, v := range z {
			d[i] = sigmoid(v) * d[i]
		}
	case graph.Identity:
		// dz = dy.
	default:
		unimplemented("activation", string(f))
	}
}

// meanLoss is an autoencoder's loss, the mean over every element of the
// batch: lossSum over all of them, divided by their number (Gorgonia's Mean
// adds them up in order and divides the sum).
func meanLoss(l graph.Loss, z, y, x []float64) float64 {
	return lossSum(l, z, y, x) / float64(len(x))
}

// rowsMeanLoss is a VAE's reconstruction loss, graph.SumRowsMean of the
// elementwise loss: each sample's loss summed over its d pixels, the sums of
// the n samples added up in order, divided by n (Gorgonia's Sum along axis
// 1, its Sum, and a division).
func rowsMeanLoss(l graph.Loss, z, y, x []float64, n int) float64 {
	d, total := len(x)/n, 0.0
	for i := range n {
		row := i * d
		total += lossSum(l, z[row:row+d], y[row:row+d], x[row:row+d])
	}
	return total / float64(n)
}

// lossSum adds up, in order, the loss of every element: for BCE computed
// from the output layer's logits z as softplus(z) − x·z, for MSE from its
// outputs y as (y − x)², x being the targets.
func lossSum(l graph.Loss, z, y, x []float64) float64 {
	sum := 0.0
	switch l {
	case graph.BCE:
		for i, v := range z {
			sum += softplus(v) - float64(x[i]*v)
		}
	case graph.MSE:
		for i, v := range y {
			e := v - x[i]
			sum += float64(e * e)
		}
	default:
		unimplemented("loss", string(l))
	}
	return sum
}

// lossBackward writes into d the gradient of the loss: with respect to the
// logits z for BCE, to the outputs y for MSE. r is the gradient of the
// loss with respect to each element's term: 1/N for meanLoss (the mean's
// backward rule, N the number of elements), 1/n for rowsMeanLoss (a sum's
// backward rule is 1, the mean over the n rows gives 1/n).
func lossBackward(l graph.Loss, y, x, d []float64, r float64) {
	switch l {
	case graph.BCE:
		// d/dz [softplus(z) − x·z] = σ(z) − x, times r. Gorgonia reaches z
		// by two paths (softplus, whose gradient is σ(z), and −x·z) and adds
		// them: σ(z)·r − x·r. y is σ(z), as Spec.Check ensures.
		for i, v := range y {
			d[i] = float64(v*r) - float64(x[i]*r)
		}
	case graph.MSE:
		// d/dy (y − x)² = 2(y − x), times r.
		for i, v := range y {
			d[i] = (v - x[i]) * 2 * r
		}
	default:
		unimplemented("loss", string(l))
	}
}

// unimplemented stops at a switch's default: unreachable, since Build
// refuses every spec whose features Implemented lacks (Supports).
func unimplemented(what, name string) {
	panic(fmt.Sprintf("backprop: %s %q is not implemented and should have been refused by Build", what, name))
}
