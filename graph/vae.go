package graph

import (
	"fmt"

	G "gorgonia.org/gorgonia"
)

// Reparameterize returns z = μ + exp(½·logσ²) ⊙ ε: a sample of N(μ, σ²)
// written so that gradients flow to μ and logσ² while the randomness, ε ~
// N(0, I), comes in as an input.
func Reparameterize(mu, logvar, eps *G.Node) (*G.Node, error) {
	half := G.NewConstant(0.5, G.WithName("half"))
	h, err := G.Mul(logvar, half)
	if err != nil {
		return nil, fmt.Errorf("reparameterize: %w", err)
	}
	sigma, err := G.Exp(h)
	if err != nil {
		return nil, fmt.Errorf("reparameterize: %w", err)
	}
	se, err := G.HadamardProd(sigma, eps)
	if err != nil {
		return nil, fmt.Errorf("reparameterize: %w", err)
	}
	return G.Add(mu, se)
}

// KLDivergence returns the elementwise terms of KL(N(μ, σ²) ‖ N(0, I)) in
// closed form, −½(1 + logσ² − μ² − σ²): summed over a row they give a
// sample's divergence (use SumRowsMean for the batch mean).
func KLDivergence(mu, logvar *G.Node) (*G.Node, error) {
	mu2, err := G.Square(mu)
	if err != nil {
		return nil, fmt.Errorf("kl: %w", err)
	}
	v, err := G.Exp(logvar)
	if err != nil {
		return nil, fmt.Errorf("kl: %w", err)
	}
	// ½(μ² + σ² − 1 − logσ²)
	a, err := G.Add(mu2, v)
	if err != nil {
		return nil, fmt.Errorf("kl: %w", err)
	}
	b, err := G.Sub(a, logvar)
	if err != nil {
		return nil, fmt.Errorf("kl: %w", err)
	}
	one := G.NewConstant(1.0, G.WithName("one"))
	c, err := G.Sub(b, one)
	if err != nil {
		return nil, fmt.Errorf("kl: %w", err)
	}
	return G.Mul(c, G.NewConstant(0.5, G.WithName("half")))
}

// FreeBits returns the free-bits slack of a batch's KL terms kl (n×k, as
// KLDivergence gives them): Σ_i max(λ − KL_i, 0), KL_i being dimension i's
// KL averaged over the batch (the rows). Added to the KL (β times each), it
// makes the objective's KL Σ_i max(KL_i, λ), the free bits of Kingma et al.
// (2016): a dimension's KL costs nothing below λ nats, so the objective
// stops pushing it onto the prior there. Written as KL + slack, the true KL
// stays a term of its own. max(·, 0) is Gorgonia's Rectify, x·[x ≥ 0].
func FreeBits(kl *G.Node, lambda float64) (*G.Node, error) {
	perDim, err := G.Mean(kl, 0)
	if err != nil {
		return nil, fmt.Errorf("free bits: %w", err)
	}
	under, err := G.Sub(G.NewConstant(lambda, G.WithName("free_bits")), perDim)
	if err != nil {
		return nil, fmt.Errorf("free bits: %w", err)
	}
	slack, err := G.Rectify(under)
	if err != nil {
		return nil, fmt.Errorf("free bits: %w", err)
	}
	return G.Sum(slack)
}

// SoftClip bounds x smoothly to (−c, c) as c·tanh(x/c): about x for |x|
// well below c, never beyond ±c. The VAE passes its log-variance head
// through it (c = 10, so σ² stays within [4.5e-5, 2.2e4]) so that exp(logσ²)
// cannot overflow, while gradients never vanish abruptly as with a clamp.
func SoftClip(x *G.Node, c float64) (*G.Node, error) {
	s, err := G.Mul(x, G.NewConstant(1/c, G.WithName("inv_clip")))
	if err != nil {
		return nil, fmt.Errorf("softclip: %w", err)
	}
	t, err := G.Tanh(s)
	if err != nil {
		return nil, fmt.Errorf("softclip: %w", err)
	}
	return G.Mul(t, G.NewConstant(c, G.WithName("clip")))
}
