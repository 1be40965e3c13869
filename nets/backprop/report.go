package backprop

import "fmt"

// This file holds the passes that report on a trained model without
// changing it, cheaper than the ones training makes: a VAE's encoder
// alone, and a training step's loss without the backward pass.

// Encode runs a VAE's encoder and heads on a batch of n inputs x and
// returns μ and logσ² (soft-clipped), n×latent each: what Evaluate and
// PreActivations compute of them, the same bits, without the decoder. The
// values are the model's own forward buffers, valid until its next call.
func (m *model) Encode(x []float64, n int) (mu, logvar []float64, err error) {
	if !m.isVAE() {
		return nil, nil, fmt.Errorf("encode: a %s has no μ and logσ² heads", m.spec.Kind)
	}
	b, err := m.batch(n, "inputs", x, m.spec.In)
	if err != nil {
		return nil, nil, fmt.Errorf("encode: %w", err)
	}
	m.encode(b, x)
	return b.vae.mu, b.vae.logvar, nil
}

// StepLoss returns the loss TrainStep and Gradients return for a batch of
// n inputs x against the targets t, the same bits, from the forward pass
// alone: no gradient is computed, no weight changes. A VAE draws ε as they
// do (the fixed ε of SetEpsilon, or the stream's next values) and also
// returns the pass's μ and logσ² (n×latent each, the model's own buffers,
// valid until its next call); an AE returns nil for both.
func (m *model) StepLoss(x, t []float64, n int) (loss float64, mu, logvar []float64, err error) {
	b, err := m.pass(x, t, n, true)
	if err != nil {
		return 0, nil, nil, fmt.Errorf("step loss: %w", err)
	}
	loss, _, _, _ = m.lossOf(b, t)
	if m.isVAE() {
		mu, logvar = b.vae.mu, b.vae.logvar
	}
	return loss, mu, logvar, nil
}

// What a report reads off a model of this engine beyond nets.Model.
var _ interface {
	Encode(x []float64, n int) ([]float64, []float64, error)
	StepLoss(x, t []float64, n int) (float64, []float64, []float64, error)
} = (*model)(nil)
