// Package backprop is a second engine for aenets' autoencoders and
// variational autoencoders, written by hand in plain Go: no Gorgonia, no
// automatic differentiation, float64 throughout. It is meant to be read, like micrograd: every op's forward
// rule sits next to its backward rule, and backpropagation is the chain rule
// applied layer by layer, from the loss down to the first weights.
//
// For a batch x of n rows, each Dense layer computes z = x·W + b and
// y = f(z); the loss is the mean over all N = n·In elements of the batch of
// BCE on the logits, softplus(z) − x·z, or of MSE, (y − x)². Backwards:
//
//	loss:     BCE dL/dz = (σ(z) − x)/N        MSE dL/dy = 2(y − x)/N
//	f:        dz = f'(z)·dy                    (ops.go: one rule per activation)
//	Dense:    dW = xᵀ·dz   db = Σ_rows dz    dx = dz·Wᵀ   (dense.go)
//
// and Adam (adam.go) updates the parameter store's arrays in place.
//
// A VAE (vae.go) puts two linear heads on the encoder's last hidden layer h,
// μ and a raw log-variance, soft-clipped to logσ² = 10·tanh(raw/10), and
// decodes z = μ + σ⊙ε when training, μ itself when evaluating. Its loss is
// the reconstruction summed over a sample's pixels and averaged over the n
// samples, plus β·KL(N(μ, σ²) ‖ N(0, I)), summed over the latent dimensions
// and averaged likewise. Backwards, the loss's gradient at each element is
// 1/n instead of 1/N, and between the decoder and the encoder:
//
//	KL:       dμ = 2μ·dc   dlogσ² = (σ² − 1)·dc     dc = β/(2n)
//	          (with free bits λ: dc = 0 in a dimension whose batch-mean KL is ≤ λ)
//	z:        dμ += dz     dlogσ² += ½σ·ε·dz
//	clip:     draw = (1 − tanh²)·dlogσ²
//	heads:    dh = dμ·Wμᵀ + draw·Wσᵀ
//
// ε is n×latent values of NormFloat64 drawn row by row, at every TrainStep
// and Gradients, from the model's stream (SetRand; PCG(0, 0) until then, as
// on the Gorgonia engine), or a fixed ε (SetEpsilon).
//
// Build takes the same nets.Spec, nets.Params and nets.Adam as nets.Build
// and returns a nets.Model that is also a nets.Differentiable and a
// nets.VAE, so the training loop, the figures and the commands run on
// either engine. Its models also report what nets.Model does not say, for
// the figures and the statistics of a trained model: every layer's
// pre-activations (PreActivations), a VAE's μ and logσ² from the encoder
// alone (Encode), and a training step's loss from the forward pass alone
// (StepLoss, report.go). Buffers are allocated once per batch size, and a
// training step of the font's nets allocates nothing (gonum's Dgemm, which does the
// matrix products, splits products of layers of several hundred units over
// goroutines, and those allocate: a few hundred small objects per step of
// nets.DefaultVAE(400, 3)).
//
// The engine computes what Gorgonia v0.9.18 computes, down to the order of
// the floating-point operations where that is cheap to follow: the same
// scalar functions and cut-offs (sigmoid is 1 above 19, softplus is x above
// 16), the derivatives in the form Gorgonia's graph ends up with (its
// stabilisation turns the sigmoid's y·(1−y) into y·σ(−z)), the matrix
// products through gonum's Dgemm as Gorgonia's, the reductions row after
// row, and Adam's update step for step. The two engines then produce the same bits,
// step after step: checked on amd64 at GOAMD64=v1 (Go's default) and v3
// (where Go fuses multiply-adds), for the font's AE (TestCompare, 300 steps)
// and for nets.DefaultVAE(400, 3) on the emoji with the same ε stream
// (TestVAECompare: 20 steps asserted, 2000 checked by hand). Elsewhere they
// should agree to rounding, and the tests' tolerance (1e-9) asks no more.
package backprop
