package nets

import (
	"fmt"
	"math/rand/v2"

	G "gorgonia.org/gorgonia"
)

// VAE is a Model of a variational autoencoder. Its training steps draw ε
// from a seeded stream (or use a fixed ε), its loss weighs the KL term by β,
// and its evaluation path decodes μ and reports both terms of the loss.
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
	// Terms returns the reconstruction and KL terms of the last Evaluate's loss.
	Terms() (recon, kl float64)
}

// vaeState is what a VAE model keeps between steps.
type vaeState struct {
	beta      float64
	rand      *rand.Rand
	fixed     []float64
	recon, kl float64
}

func newVAEState(spec Spec) vaeState {
	return vaeState{beta: spec.KLWeight(), rand: rand.New(rand.NewPCG(0, 0))}
}

// prepare fills ε (if the graph has one) and sets β (if it has one) before a run.
func (v *vaeState) prepare(eps *input, beta *G.Node) error {
	if eps != nil {
		if v.fixed != nil {
			if len(v.fixed) != len(eps.data) {
				return fmt.Errorf("fixed ε of %d values, want %d", len(v.fixed), len(eps.data))
			}
			copy(eps.data, v.fixed)
		} else {
			for i := range eps.data {
				eps.data[i] = v.rand.NormFloat64()
			}
		}
	}
	if beta != nil {
		return G.Let(beta, v.beta)
	}
	return nil
}

func (m *gorgoniaModel) SetRand(r *rand.Rand)       { m.vae.rand = r }
func (m *gorgoniaModel) SetEpsilon(eps []float64)   { m.vae.fixed = eps }
func (m *gorgoniaModel) SetBeta(beta float64)       { m.vae.beta = beta }
func (m *gorgoniaModel) Beta() float64              { return m.vae.beta }
func (m *gorgoniaModel) Terms() (recon, kl float64) { return m.vae.recon, m.vae.kl }
