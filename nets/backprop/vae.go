package backprop

import (
	"math"

	"github.com/aenets/aenets/nets"
)

// This file holds the variational autoencoder's ops, each forward rule with
// its backward rule next to it as in ops.go, and what a VAE model keeps
// between steps (β, the source of ε, the terms of the last evaluation).
//
// A VAE's encoder ends in two linear heads on its last hidden layer h: μ and
// a raw log-variance, which the soft clip bounds to logσ² ∈ [−10, 10].
// Training decodes a sample z = μ + σ⊙ε, evaluation decodes μ itself, and
// the loss is the reconstruction (summed over a sample's pixels, averaged
// over the batch) plus β times the KL divergence of N(μ, σ²) from N(0, I)
// (summed over the latent dimensions, averaged over the batch), plus, with
// free bits λ, β times the slack Σ_i max(λ − KL_i, 0) of the dimensions'
// mean KL_i:
//
//	raw → softClip → logσ²  ┐
//	                        ├ reparameterize (ε) → z → decoder → recon
//	μ ──────────────────────┘
//	μ, logσ² → klDivergence → KL        loss = recon + β·KL (+ β·slack)
//	           (its terms)  → freeBits → slack
//
// Each rule follows the graph Gorgonia v0.9.18 builds from graph.SoftClip,
// graph.Reparameterize, graph.KLDivergence and graph.FreeBits, op for op:
// the constants it multiplies by (0.1 rather than a division by 10), the order of its sums,
// and the form its symbolic differentiation gives each gradient (exp's
// gradient is e^x·g, the square's (μ·2)·g, a scalar multiple's c·g; the
// gradient at logσ², which three paths reach, is added up in Gorgonia's
// order). As in ops.go, float64(x*y) rounds a product Gorgonia stores on its
// own, so that Go cannot fuse it with the addition that follows. (The order
// was read off the training graph's tape: a tape machine's Prog method
// returns its program, which prints one op per line, backward ops
// included.)

// clip and invClip are the soft clip's c and 1/c: graph.SoftClip multiplies
// by the constant 1/c, which is 0.1 rounded, both at compile time here and
// at run time there.
const (
	clip    = nets.LogVarClip
	invClip = 1.0 / nets.LogVarClip
)

// softClip bounds the log-variance head's raw outputs: logσ² = c·tanh(raw/c),
// computed as graph.SoftClip does, raw·(1/c), tanh, ·c. It keeps t = tanh(·)
// for the backward rule.
func softClip(raw, t, logvar []float64) {
	for i, r := range raw {
		t[i] = math.Tanh(r * invClip)
		logvar[i] = t[i] * clip
	}
}

// softClipBackward turns d, the gradient at logσ², into the gradient at raw,
// in place, through the three ops backwards: ·c, tanh' = 1 − t², ·(1/c).
func softClipBackward(t, d []float64) {
	for i, v := range t {
		d[i] = invClip * ((1 - float64(v*v)) * (clip * d[i]))
	}
}

// reparameterize computes z = μ + σ⊙ε with σ = exp(logσ²·½), keeping σ.
func reparameterize(mu, logvar, eps, sigma, z []float64) {
	for i, m := range mu {
		sigma[i] = math.Exp(logvar[i] * 0.5)
		z[i] = m + float64(sigma[i]*eps[i])
	}
}

// reparameterizeBackward adds to dmu and dlogvar the gradients that reach μ
// and logσ² through z, dz being the gradient at z:
//
//	dμ += dz                        (z = μ + …)
//	dlogσ² += ½·(σ·(ε·dz))          (dσ = ε·dz, exp' = exp, then the ·½)
func reparameterizeBackward(eps, sigma, dz, dmu, dlogvar []float64) {
	for i, g := range dz {
		dmu[i] += g
		dlogvar[i] += float64(0.5 * float64(sigma[i]*float64(eps[i]*g)))
	}
}

// klDivergence returns KL(N(μ, σ²) ‖ N(0, I)) of a batch of n samples: the
// closed form ½(μ² + σ² − 1 − logσ²) of every latent dimension, computed as
// graph.KLDivergence does, ((μ² + e^logσ²) − logσ² − 1)·½, summed over each
// sample's dimensions, the n sums added up in order and divided by n
// (graph.SumRowsMean). It keeps v = e^logσ² (= σ², computed as Gorgonia
// does, from logσ² rather than from σ) for the backward rule, and each
// term ½(…) in c, for the free bits.
func klDivergence(mu, logvar, v, c []float64, n int) float64 {
	k, total := len(mu)/n, 0.0
	for i := range n {
		row := 0.0
		for j := i * k; j < (i+1)*k; j++ {
			v[j] = math.Exp(logvar[j])
			c[j] = float64((float64(mu[j]*mu[j]) + v[j] - logvar[j] - 1) * 0.5)
			row += c[j]
		}
		total += row
	}
	return total / float64(n)
}

// klBackward writes into dmu and dlogvar the gradients of the KL terms,
// whose gradient at each term ½(…) of dimension j is dk[j] (β/n without
// free bits: β, then the mean over the rows; the sums pass it on). Inside
// the term, with dc = ½·dk[j]:
//
//	dμ = (μ·2)·dc                  (the square)
//	dlogσ² = −dc + e^logσ²·dc      (the subtraction of logσ², then exp)
//
// Gorgonia adds the two paths to logσ² in this order, before the third,
// through z (reparameterizeBackward).
func klBackward(mu, v, dk []float64, dmu, dlogvar []float64) {
	k := len(dk)
	for i, m := range mu {
		dc := 0.5 * dk[i%k]
		dmu[i] = (m * 2) * dc
		dlogvar[i] = -dc + float64(v[i]*dc)
	}
}

// freeBits returns the free-bits slack of the KL terms c (n×k) as
// graph.FreeBits computes it: the column sums (row by row, in order), each
// divided by n (the mean KL_i of dimension i), λ − KL_i, times the mask
// [λ − KL_i ≥ 0] (Gorgonia's Rectify), summed in order. It keeps λ − KL_i
// in under (k values) for the backward rule.
func freeBits(c []float64, n int, lambda float64, under []float64) float64 {
	k := len(under)
	copy(under, c[:k])
	for r := 1; r < n; r++ {
		for j := range k {
			under[j] += c[r*k+j]
		}
	}
	total := 0.0
	for j := range under {
		under[j] = lambda - under[j]/float64(n)
		total += under[j] * step(under[j])
	}
	return total
}

// klGradients writes into dk (k values) the gradient at each KL term of
// dimension j: β/n through the KL term, plus, with free bits, the slack's
// −(β·[λ − KL_j ≥ 0])/n (the rectifier's mask, the subtraction's sign, the
// mean's division), so that a dimension under the floor gets exactly 0.
func klGradients(beta float64, n int, under, dk []float64) {
	for j := range dk {
		dk[j] = beta / float64(n)
		if under != nil {
			dk[j] += -float64(beta*step(under[j])) / float64(n)
		}
	}
}

// A model of a VAE is a nets.VAE; every model reports its gradients.
var (
	_ nets.VAE            = vaeModel{}
	_ nets.Differentiable = (*model)(nil)
)
