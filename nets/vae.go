package nets

import (
	"fmt"
	"math"
	"math/rand/v2"

	G "gorgonia.org/gorgonia"

	"github.com/aenets/aenets/graph"
	"github.com/aenets/aenets/internal/setting"
)

// This file is the variational autoencoder's builder (its heads, z and its
// objective), and what a VAE model keeps between steps on either engine.

// LogVarClip bounds the VAE's log-variance head: logσ² = c·tanh(h/c).
const LogVarClip = 10

// VAEOptions are the options of the variational autoencoder.
type VAEOptions struct {
	// Beta weighs the KL term (0: an autoencoder with the VAE's
	// architecture); training may change it (KL warm-up) through SetBeta.
	Beta float64 `json:"beta,omitempty"`
	// FreeBits is λ, in nats, of free bits per dimension (Kingma et al.
	// 2016): the objective's KL is Σ_i max(KL_i, λ), KL_i being dimension
	// i's KL averaged over the batch, so that a dimension under λ is not
	// pushed onto the prior. 0: the plain KL.
	FreeBits float64 `json:"free_bits,omitempty"`
}

func (o VAEOptions) check(s Spec) error {
	switch {
	case !(o.Beta >= 0):
		return setting.New("beta", o.Beta, "≥ 0")
	case !s.IsVAE() && o.Beta != 0:
		return fmt.Errorf("beta weighs a VAE's KL term; a %s has none", s.Kind)
	case !(o.FreeBits >= 0) || math.IsInf(o.FreeBits, 1):
		return setting.New("free-bits", o.FreeBits, "≥ 0 nats")
	case !s.IsVAE() && o.FreeBits != 0:
		return fmt.Errorf("free bits floor a VAE's KL term; a %s has none", s.Kind)
	}
	return nil
}

// buildVAE adds the VAE: x → hidden layers → heads μ (vae/mu) and logσ²
// (vae/logvar, soft-clipped) → z (μ + σ⊙ε when sampling, else μ) → decoder,
// and its objective.
func (s Spec) buildVAE(sc *graph.Scope, p *pass, sample bool) {
	h := s.hidden(sc, p.x)
	mu := sc.In("vae", "mu").Dense(h, s.Latent)
	logvar := sc.SoftClip(sc.In("vae", "logvar").Dense(h, s.Latent), LogVarClip)
	p.code = mu
	z := mu
	if sample {
		p.epsData = make([]float64, p.n*s.Latent)
		p.eps = sc.Input("eps", p.n, s.Latent, p.epsData)
		z = sc.Reparameterize(mu, logvar, p.eps)
	}
	logits, out := s.decode(sc, z)
	p.out = out
	p.terms = s.vaeObjective(sc, p, logits, mu, logvar)
}

// vaeObjective is the VAE's objective: the reconstruction, summed over a
// sample's pixels, and KL(q(z|x) ‖ N(0, I)), summed over the latent
// dimensions, both averaged over the batch; KL weighs β, an input. With
// free bits λ a third term, "free_bits", also weighed by β, adds the slack
// Σ_i max(λ − KL_i, 0): kl + free_bits is Σ_i max(KL_i, λ), the floored
// KL, while the term "kl" stays the true one.
func (s Spec) vaeObjective(sc *graph.Scope, p *pass, logits, mu, logvar *G.Node) []Term {
	recon := sc.SumRowsMean(sc.Elementwise(graph.Loss(s.Loss), logits, p.out, p.t))
	klTerms := sc.KLDivergence(mu, logvar)
	kl := sc.SumRowsMean(klTerms)
	p.beta = sc.Scalar("beta", s.Beta)
	terms := []Term{{Name: "recon", Value: recon}, {Name: "kl", Value: kl, Weight: p.beta}}
	if s.FreeBits > 0 {
		terms = append(terms, Term{Name: "free_bits", Value: sc.FreeBits(klTerms, s.FreeBits), Weight: p.beta})
	}
	return terms
}

// VAE is a Model of a variational autoencoder. Its training steps draw ε
// from a seeded stream (or use a fixed ε), and its loss weighs the KL term
// by β. Build and backprop.Build return one for a VAE spec, and only then.
type VAE interface {
	Model
	// SetRand sets the stream ε ~ N(0, I) is drawn from, n×latent values in
	// row-major order at every training step (and for every Gradients).
	SetRand(r *rand.Rand)
	// SetEpsilon fixes ε (n×latent) for the steps to come, for checks that
	// need the same ε on two engines; nil goes back to drawing it.
	SetEpsilon(eps []float64)
	// SetBeta sets β, the weight of the KL term; Beta returns it.
	SetBeta(beta float64)
	Beta() float64
}

// VAEState is what a VAE model keeps between steps, on either engine: β,
// and where ε comes from.
type VAEState struct {
	beta  float64
	rand  *rand.Rand
	fixed []float64
}

// NewVAEState starts with the spec's β and the stream PCG(0, 0).
func NewVAEState(spec Spec) *VAEState {
	return &VAEState{beta: spec.Beta, rand: rand.New(rand.NewPCG(0, 0))}
}

func (v *VAEState) SetRand(r *rand.Rand)     { v.rand = r }
func (v *VAEState) SetEpsilon(eps []float64) { v.fixed = eps }
func (v *VAEState) SetBeta(beta float64)     { v.beta = beta }
func (v *VAEState) Beta() float64            { return v.beta }

// FillEpsilon writes ε for a training step: a copy of the fixed ε if there
// is one, otherwise len(eps) values of the stream's NormFloat64, in the
// order of a row-major n×latent matrix.
func (v *VAEState) FillEpsilon(eps []float64) error {
	if v.fixed != nil {
		if len(v.fixed) != len(eps) {
			return fmt.Errorf("fixed ε of %d values, want %d", len(v.fixed), len(eps))
		}
		copy(eps, v.fixed)
		return nil
	}
	for i := range eps {
		eps[i] = v.rand.NormFloat64()
	}
	return nil
}
