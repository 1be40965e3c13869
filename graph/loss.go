package graph

import (
	"fmt"

	G "gorgonia.org/gorgonia"
)

// Loss names a reconstruction loss.
type Loss string

// The reconstruction losses.
const (
	// BCE is binary cross-entropy, computed from the output layer's logits z
	// (before its sigmoid) as softplus(z) - x·z: equal to
	// -x·log σ(z) - (1-x)·log(1-σ(z)) but finite for every z.
	BCE Loss = "bce"
	// MSE is the squared difference between output and target.
	MSE Loss = "mse"
)

// Losses lists every loss.
var Losses = []Loss{BCE, MSE}

// ParseLoss returns the loss named s.
func ParseLoss(s string) (Loss, error) {
	for _, l := range Losses {
		if string(l) == s {
			return l, nil
		}
	}
	return "", fmt.Errorf("unknown loss %q (want one of %s)", s, joinNames(Losses))
}

// Elementwise returns the loss of every element of a batch: for BCE from the
// logits z, for MSE from the output y; x is the target.
func (l Loss) Elementwise(z, y, x *G.Node) (*G.Node, error) {
	switch l {
	case BCE:
		return BCEWithLogits(z, x)
	case MSE:
		return SquaredError(y, x)
	}
	return nil, fmt.Errorf("unknown loss %q", string(l))
}

// BCEWithLogits returns softplus(z) - x⊙z elementwise: the binary
// cross-entropy of targets x against probabilities sigmoid(z). Its gradient
// with respect to z is sigmoid(z) - x.
func BCEWithLogits(z, x *G.Node) (*G.Node, error) {
	sp, err := G.Softplus(z)
	if err != nil {
		return nil, fmt.Errorf("bce: %w", err)
	}
	xz, err := G.HadamardProd(x, z)
	if err != nil {
		return nil, fmt.Errorf("bce: %w", err)
	}
	return G.Sub(sp, xz)
}

// SquaredError returns (y - x)² elementwise.
func SquaredError(y, x *G.Node) (*G.Node, error) {
	d, err := G.Sub(y, x)
	if err != nil {
		return nil, fmt.Errorf("mse: %w", err)
	}
	return G.Square(d)
}

// MeanAll returns the mean of every element of a: the per-pixel, per-sample
// average that the autoencoder's loss reports.
func MeanAll(a *G.Node) (*G.Node, error) { return G.Mean(a) }

// SumRowsMean sums each row of a (the pixels of one sample) and averages
// over the rows (the batch): the per-sample total that a VAE's ELBO uses.
func SumRowsMean(a *G.Node) (*G.Node, error) {
	s, err := G.Sum(a, 1)
	if err != nil {
		return nil, err
	}
	return G.Mean(s)
}
