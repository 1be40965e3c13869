package results

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/aenets/aenets/nets"
	"github.com/aenets/aenets/nets/backprop"
)

// This file measures how a trained VAE uses its latent space: which
// dimensions are active, the KL and σ of each, and the true ELBO (how near
// its prior samples come to the data: nearest.go).

// ActiveThreshold is the variance over the data of a dimension's E[z_i|x]
// = μ_i above which the dimension is active (Burda et al. 2015): below it,
// the encoder says about the same thing of every sample there.
const ActiveThreshold = 0.01

// ELBODraws is the number of draws of ε over which the reported negative
// ELBO averages, on sets of at most nets.EvalChunk samples; a larger set
// takes one draw a sample (its average over the samples is then already
// steady, and each draw costs a pass of the whole set).
const ELBODraws = 10

func elboDraws(n int) int {
	if n > nets.EvalChunk {
		return 1
	}
	return ELBODraws
}

// LatentStats is how a VAE uses each latent dimension on a data set.
type LatentStats struct {
	N, K       int
	Mu, LogVar []float64 // n×k: μ and logσ² of every sample
	MuVar      []float64 // per dimension: variance of μ_i over the samples (divided by n)
	KL         []float64 // per dimension: KL(N(μ_i, σ_i²) ‖ N(0, 1)) averaged over the samples, in nats
	Sigma      []float64 // per dimension: σ_i averaged over the samples
	Active     []bool    // MuVar > ActiveThreshold
}

// ActiveCount is the number of active dimensions.
func (s *LatentStats) ActiveCount() int {
	n := 0
	for _, a := range s.Active {
		if a {
			n++
		}
	}
	return n
}

// ActiveUnits returns the variance over the n samples (divided by n) of
// each of the k dimensions of mu (n×k, row-major) and which of them exceed
// threshold.
func ActiveUnits(mu []float64, n, k int, threshold float64) (variance []float64, active []bool) {
	variance, active = make([]float64, k), make([]bool, k)
	for j := range k {
		mean := 0.0
		for i := range n {
			mean += mu[i*k+j]
		}
		mean /= float64(n)
		for i := range n {
			d := mu[i*k+j] - mean
			variance[j] += d * d
		}
		variance[j] /= float64(n)
		active[j] = variance[j] > threshold
	}
	return variance, active
}

// twinVAE is a VAE on the hand-written engine, with what its models
// report beyond nets.Model (nets/backprop, report.go): the heads' outputs
// from the encoder alone, and a sampled pass's loss without its backward
// pass.
type twinVAE interface {
	nets.VAE
	Encode(x []float64, n int) (mu, logvar []float64, err error)
	StepLoss(x, t []float64, n int) (loss float64, mu, logvar []float64, err error)
}

// twin builds spec, a VAE, on the hand-written engine over m's weights
// (read, never written): it gives the same numbers as m, bit for bit,
// whatever m's engine, and exposes what Model does not.
func twin(m nets.Model, spec nets.Spec, n int) (twinVAE, error) {
	t, err := backprop.Build(spec, m.Params(), nets.Adam{}, chunkSizes(n)...)
	if err != nil {
		return nil, fmt.Errorf("latent statistics: %w", err)
	}
	tv, ok := t.(twinVAE)
	if !ok {
		return nil, fmt.Errorf("latent statistics: a %T reports no μ and logσ²", t)
	}
	return tv, nil
}

// chunkSizes are the batch sizes n samples are taken in, nets.EvalChunk at
// a time (one size, or two).
func chunkSizes(n int) []int {
	if n <= nets.EvalChunk {
		return []int{n}
	}
	if r := n % nets.EvalChunk; r != 0 {
		return []int{nets.EvalChunk, r}
	}
	return []int{nets.EvalChunk}
}

// chunks calls f with the start and size of each chunk of n samples.
func chunks(n int, f func(i, k int) error) error {
	for i := 0; i < n; i += nets.EvalChunk {
		if err := f(i, min(nets.EvalChunk, n-i)); err != nil {
			return err
		}
	}
	return nil
}

// EncodeVAE returns μ and logσ² (n×latent each) of the n samples x under the
// VAE m, nets.EvalChunk samples at a time.
func EncodeVAE(m nets.Model, x []float64, n int) (mu, logvar []float64, err error) {
	spec := m.Spec()
	if !spec.IsVAE() {
		return nil, nil, fmt.Errorf("EncodeVAE: a %s is not a VAE", spec.Kind)
	}
	t, err := twin(m, spec, n)
	if err != nil {
		return nil, nil, err
	}
	return encodeAll(t, x, n)
}

// encodeAll runs the twin t's encoder over n samples, in chunks, and
// returns μ and logσ².
func encodeAll(t twinVAE, x []float64, n int) (mu, logvar []float64, err error) {
	d, k := t.Spec().In, t.Spec().Latent
	mu, logvar = make([]float64, 0, n*k), make([]float64, 0, n*k)
	err = chunks(n, func(i, c int) error {
		m, l, err := t.Encode(x[i*d:(i+c)*d], c)
		if err != nil {
			return fmt.Errorf("EncodeVAE: %w", err)
		}
		mu, logvar = append(mu, m...), append(logvar, l...)
		return nil
	})
	return mu, logvar, err
}

// klPerDim returns each dimension's KL(N(μ_i, σ_i²) ‖ N(0, 1)) and σ_i,
// averaged over the n samples of mu and logvar (n×k).
func klPerDim(mu, logvar []float64, n, k int) (kl, sigma []float64) {
	kl, sigma = make([]float64, k), make([]float64, k)
	for i := range n {
		for j := range k {
			m, lv := mu[i*k+j], logvar[i*k+j]
			kl[j] += 0.5 * (m*m + math.Exp(lv) - 1 - lv) / float64(n)
			sigma[j] += math.Exp(0.5*lv) / float64(n)
		}
	}
	return kl, sigma
}

// LatentStatsOf encodes the n samples x and describes each dimension.
func LatentStatsOf(m nets.Model, x []float64, n int) (*LatentStats, error) {
	mu, logvar, err := EncodeVAE(m, x, n)
	if err != nil {
		return nil, err
	}
	return latentStats(mu, logvar, n, m.Spec().Latent), nil
}

// latentStats describes each dimension of the codes mu and logvar (n×k).
func latentStats(mu, logvar []float64, n, k int) *LatentStats {
	s := &LatentStats{N: n, K: k, Mu: mu, LogVar: logvar}
	s.MuVar, s.Active = ActiveUnits(mu, n, k, ActiveThreshold)
	s.KL, s.Sigma = klPerDim(mu, logvar, n, k)
	return s
}

// NegELBO estimates the VAE m's negative evidence lower bound per sample on
// the n samples x, the honest objective whatever m was trained with: β = 1
// and no free bits, the reconstruction of a z = μ + σ⊙ε drawn for each
// sample plus the KL, averaged over draws draws of ε from r (and over the
// chunks of nets.EvalChunk samples, weighted by their sizes). Each draw is
// one forward pass: the loss a training step would see, without its
// backward pass.
func NegELBO(m nets.Model, x []float64, n, draws int, r *rand.Rand) (float64, error) {
	return negELBO(m, x, n, draws, r, nil)
}

// latentReport is LatentStatsOf and NegELBO (elboDraws(n) draws of ε from
// r) in the same passes: the first draw's encodings are the statistics' μ
// and logσ², the same bits as LatentStatsOf's.
func latentReport(m nets.Model, x []float64, n int, r *rand.Rand) (*LatentStats, float64, error) {
	k := m.Spec().Latent
	mu, logvar := make([]float64, 0, n*k), make([]float64, 0, n*k)
	elbo, err := negELBO(m, x, n, elboDraws(n), r, func(chunkMu, chunkLogvar []float64) {
		mu, logvar = append(mu, chunkMu...), append(logvar, chunkLogvar...)
	})
	if err != nil {
		return nil, 0, err
	}
	return latentStats(mu, logvar, n, k), elbo, nil
}

// negELBO is NegELBO; heads, if not nil, is given the μ and logσ² of each
// chunk of the first draw, in order (they are the same at every draw).
func negELBO(m nets.Model, x []float64, n, draws int, r *rand.Rand, heads func(mu, logvar []float64)) (float64, error) {
	spec := m.Spec()
	if !spec.IsVAE() {
		return 0, fmt.Errorf("NegELBO: a %s is not a VAE", spec.Kind)
	}
	spec.Beta, spec.FreeBits = 1, 0
	t, err := twin(m, spec, n)
	if err != nil {
		return 0, err
	}
	eps := make([]float64, n*spec.Latent)
	sum := 0.0
	for d := range draws {
		for i := range eps {
			eps[i] = r.NormFloat64()
		}
		err := chunks(n, func(i, k int) error {
			t.SetEpsilon(eps[i*spec.Latent : (i+k)*spec.Latent])
			xs := x[i*spec.In : (i+k)*spec.In]
			l, mu, logvar, err := t.StepLoss(xs, xs, k)
			if err != nil {
				return fmt.Errorf("NegELBO: %w", err)
			}
			if d == 0 && heads != nil {
				heads(mu, logvar)
			}
			if k == n {
				sum += l
			} else {
				sum += l * float64(k) / float64(n)
			}
			return nil
		})
		if err != nil {
			return 0, err
		}
	}
	return sum / float64(draws), nil
}
