// Package backprop is a second engine for aenets' autoencoders, written by
// hand in plain Go: no Gorgonia, no automatic differentiation, float64
// throughout. It is meant to be read, like micrograd: every op's forward
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
// Build takes the same nets.Spec, nets.Params and nets.Adam as nets.Build
// and returns a nets.Model that is also a nets.Differentiable, so the
// training loop, the figures and the commands run on either engine. Buffers
// are allocated once per batch size, and a training step of the font's nets
// allocates nothing (gonum's Dgemm, which does the matrix products, splits
// products of layers of several hundred units over goroutines, and those
// allocate).
//
// The engine computes what Gorgonia v0.9.18 computes, down to the order of
// the floating-point operations where that is cheap to follow: the same
// scalar functions and cut-offs (sigmoid is 1 above 19, softplus is x above
// 16), the derivatives in the form Gorgonia's graph ends up with (its
// stabilisation turns the sigmoid's y·(1−y) into y·σ(−z)), the matrix
// products through gonum's Dgemm as Gorgonia's, the reductions row after row, and
// Adam's update step for step. The two engines then produce the same bits,
// step after step: checked on amd64 at GOAMD64=v1 (Go's default) and v3
// (where Go fuses multiply-adds). Elsewhere they should agree to rounding,
// and TestCompare's tolerance (1e-9 over 300 steps) asks no more.
package backprop
